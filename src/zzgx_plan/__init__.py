"""zzgx-plan: indicator tracker for 郑州高新区培育壮大市场主体工作方案（2023-2025年）.

The library core for notebooks and scripts::

    from zzgx_plan import load_plan, progress_as_of
    report = progress_as_of(load_plan("data"), 2024)

Names are imported lazily so that ``plan`` commands only pay for what they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "zzgx_plan.load",
    "load_plan": "zzgx_plan.load",
    "InvalidPlan": "zzgx_plan.load",
    "LoadResult": "zzgx_plan.load",
    "progress_as_of": "zzgx_plan.compute.status",
    "Status": "zzgx_plan.compute.status",
    "Period": "zzgx_plan.core.periods",
}

if TYPE_CHECKING:
    from zzgx_plan.compute.status import Status, progress_as_of
    from zzgx_plan.core.periods import Period
    from zzgx_plan.load import InvalidPlan, LoadResult, load, load_plan


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'zzgx_plan' has no attribute {name!r}")


__all__ = ["InvalidPlan", "LoadResult", "Period", "Status", "load", "load_plan", "progress_as_of"]
