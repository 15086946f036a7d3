"""The result of validating a data directory as a plain dict (``plan validate --format json``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zzgx_plan.load import LoadResult


def validation_report(data_dir: Path, result: LoadResult) -> dict[str, Any]:
    """``{"valid", "data_dir", "stats": {...counts}, "problems": [...]}`` — equal to what the CLI prints."""
    data = result.data
    return {
        "valid": data is not None and not result.errors,
        "data_dir": str(data_dir),
        "stats": {
            "errors": len(result.errors),
            "warnings": len(result.problems) - len(result.errors),
            "measures": len(data.plan.measures) if data else 0,
            "indicators": len(data.plan.indicators) if data else 0,
            "observations": len(data.observations) if data else 0,
            "progress_entries": len(data.progress) if data else 0,
        },
        "problems": [p.to_dict() for p in result.problems],
    }
