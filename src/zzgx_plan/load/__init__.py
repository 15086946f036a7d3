"""Loading a data directory: files → validated models, with every problem as a value.

``load(data_dir)`` never raises for bad input: it returns what it could read and
the full list of problems (errors and warnings), like beancount's loader.
``load_plan(data_dir)`` is the convenience for notebooks and scripts: it returns
the :class:`~zzgx_plan.models.PlanData` or raises :class:`InvalidPlan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zzgx_plan.load.actuals import load_actuals
from zzgx_plan.load.checks import data_warnings
from zzgx_plan.load.plan_files import load_plan_files
from zzgx_plan.load.progress import load_progress
from zzgx_plan.models import PlanData
from zzgx_plan.problems import Problem, errors, problem, sort_problems

ACTUALS_DIR = "actuals"
PROGRESS_DIR = "progress"


@dataclass
class LoadResult:
    """What a data directory holds: the data (None when the plan itself is unreadable) and every problem."""

    data: PlanData | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors


class InvalidPlan(Exception):
    """The data directory has errors; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(p.format() for p in errors(problems)[:20])
        super().__init__(f"{len(errors(problems))} error(s) in plan data:\n{shown}")


def load(data_dir: str | Path) -> LoadResult:
    """Read and validate everything under ``data_dir``; collect every problem."""
    root = Path(data_dir)
    if not root.is_dir():
        return LoadResult(None, [problem(root, None, "file-missing", what="data directory")])
    plan, problems = load_plan_files(root)
    if plan is None:
        return LoadResult(None, sort_problems(problems))
    observations, found = load_actuals(root / ACTUALS_DIR, plan)
    problems += found
    progress, found = load_progress(root / PROGRESS_DIR, plan)
    problems += found
    data = PlanData(plan=plan, observations=tuple(observations), progress=tuple(progress))
    problems += data_warnings(data)
    return LoadResult(data, sort_problems(problems))


def load_plan(data_dir: str | Path = "data") -> PlanData:
    """Load a data directory for use from Python; raise :class:`InvalidPlan` if it has errors."""
    result = load(data_dir)
    if result.data is None or result.errors:
        raise InvalidPlan(result.problems)
    return result.data


__all__ = ["InvalidPlan", "LoadResult", "load", "load_plan"]
