"""zzgx-plan: indicator tracker for 郑州高新区培育壮大市场主体工作方案（2023-2025年）.

The API for notebooks and scripts, all importable from here (internal modules may move)::

    from zzgx_plan import Period, load_plan, progress_as_of
    report = progress_as_of(load_plan("data"), 2024, Period.parse("2024-Q3"))

``load`` returns every problem instead of raising; ``CODES`` lists the stable problem codes;
``load_registers`` and ``count`` read and count the enterprise registers (data/registers).
With pandas installed (``pip install 'zzgx-plan[pandas]'``), ``status_frame``, ``missing_frame`` and
``firms_frame`` turn a status report, a missing list and a firm list into DataFrames.
Names are imported lazily so that ``plan`` commands only pay for what they use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    # loading
    "load": "zzgx_plan.load",
    "load_plan": "zzgx_plan.load",
    "InvalidPlan": "zzgx_plan.load",
    "LoadResult": "zzgx_plan.load",
    # the plan's vocabulary
    "Period": "zzgx_plan.core.periods",
    "PlanData": "zzgx_plan.core.models",
    "CODES": "zzgx_plan.core.problems",
    "Problem": "zzgx_plan.core.problems",
    "Severity": "zzgx_plan.core.problems",
    # computing
    "progress_as_of": "zzgx_plan.compute.status",
    "Status": "zzgx_plan.compute.status",
    # enterprise registers (these import pyarrow and numpy when first used)
    "load_registers": "zzgx_plan.registers.plan",
    "count": "zzgx_plan.registers.count",
    "firms_behind": "zzgx_plan.registers.plan",
    "park_breakdown": "zzgx_plan.registers.plan",
    "missing_for": "zzgx_plan.compute.missing",
    # pandas DataFrames (the optional [pandas] extra; pandas is imported only when a frame is made)
    "status_frame": "zzgx_plan.render.frames",
    "missing_frame": "zzgx_plan.render.frames",
    "firms_frame": "zzgx_plan.registers.frames",
}
_RENAMED = {"load_registers": "load_for_plan"}

if TYPE_CHECKING:
    from zzgx_plan.compute.missing import missing_for
    from zzgx_plan.compute.status import Status, progress_as_of
    from zzgx_plan.core.models import PlanData
    from zzgx_plan.core.periods import Period
    from zzgx_plan.core.problems import CODES, Problem, Severity
    from zzgx_plan.load import InvalidPlan, LoadResult, load, load_plan
    from zzgx_plan.registers.count import count
    from zzgx_plan.registers.frames import firms_frame
    from zzgx_plan.registers.plan import firms_behind, park_breakdown
    from zzgx_plan.registers.plan import load_for_plan as load_registers
    from zzgx_plan.render.frames import missing_frame, status_frame


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), _RENAMED.get(name, name))
    raise AttributeError(f"module 'zzgx_plan' has no attribute {name!r}")


__all__ = [
    "CODES",
    "InvalidPlan",
    "LoadResult",
    "Period",
    "PlanData",
    "Problem",
    "Severity",
    "Status",
    "count",
    "firms_behind",
    "firms_frame",
    "load",
    "load_plan",
    "load_registers",
    "missing_for",
    "missing_frame",
    "park_breakdown",
    "progress_as_of",
    "status_frame",
]
