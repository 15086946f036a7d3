"""The data directory → plan data and every problem, located (what `plan validate` runs), through the
load cache. Reads measures.yaml, targets.yaml, actuals/ and progress/; never registers/.

``load(data_dir)`` never raises for bad input: it returns what it could read and
the full list of problems (errors and warnings), like beancount's loader. The plan
files (measures.yaml, targets.yaml) are checked first; figures and progress entries
are checked against a valid plan only, so that one mistake in the plan is not
echoed by every row that refers to it.
``load_plan(data_dir)`` is the convenience for notebooks and scripts: it returns
the :class:`~zzgx_plan.core.models.PlanData` or raises :class:`InvalidPlan`.

Results are cached by the files' content (see :mod:`zzgx_plan.load.cache`); the
parsers and pydantic are imported only when the data must really be read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from zzgx_plan.core.models import PlanData
from zzgx_plan.core.problems import Problem, errors, problem, sort_problems
from zzgx_plan.files.reading import list_files
from zzgx_plan.load import cache

MEASURES_FILE = "measures.yaml"
TARGETS_FILE = "targets.yaml"
ACTUALS_DIR = "actuals"
PROGRESS_DIR = "progress"


@dataclass
class LoadResult:
    """What a data directory holds: the data (None when the plan itself is unusable) and every problem."""

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
        super().__init__(f"数据有 {len(errors(problems))} 处错误：\n{shown}")


def csv_files(folder: Path) -> list[Path]:
    """Every ``*.csv`` below ``folder``, sorted, whatever the case of the suffix (``2024.CSV`` too)."""
    return list_files(folder, (".csv",))[0]


def progress_files(folder: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` directly in ``folder``, sorted."""
    return list_files(folder, (".yaml", ".yml"), recursive=False)[0]


def folder_problems(root: Path) -> list[Problem]:
    """The data folders (or files in them) that cannot be listed: never silently an empty folder."""
    return (
        list_files(root / ACTUALS_DIR, (".csv",))[1]
        + list_files(root / PROGRESS_DIR, (".yaml", ".yml"), recursive=False)[1]
    )


def data_files(root: Path) -> list[Path]:
    """Every file :func:`load` reads, in the order it reads them (FIFOs and links included: the reader
    refuses them, and their names must still change the cache key)."""
    files = [root / MEASURES_FILE, root / TARGETS_FILE]
    files += csv_files(root / ACTUALS_DIR)
    files += progress_files(root / PROGRESS_DIR)
    return [f for f in files if os.path.lexists(f)]


def pending_journal(root: Path) -> Problem | None:
    """An error when an interrupted write left its journal: the files may be a mix of old and new."""
    from zzgx_plan.files.transaction import JOURNAL_NAME

    journal = root / JOURNAL_NAME
    if os.path.lexists(journal):
        return problem(journal, None, "journal-pending")
    return None


def load(data_dir: str | Path, use_cache: bool = True) -> LoadResult:
    """Read and validate everything under ``data_dir``; collect every problem.

    Problems, figures and progress entries are located relative to ``data_dir`` (``actuals/2024.csv``);
    the problems carry ``data_dir`` as their root, so they print relative to the working directory."""
    root = Path(data_dir)
    if not root.is_dir():
        return LoadResult(None, [problem(root, None, "data-dir-missing")])
    # with PLAN_CACHE=off (CI, pre-commit hooks) no key is worked out: that would read every file twice
    use_cache = use_cache and cache.cache_dir() is not None
    key = cache.data_key(data_files(root), root) if use_cache else ""
    cached = cache.read(root, key) if use_cache else None
    if isinstance(cached, LoadResult):
        result = cached
    else:
        result = _load_files(root)
        if use_cache:
            cache.write(root, key, result)
    problems = result.problems
    # not part of the cached result: the journal is not a data file, and a folder's permissions may change
    found = folder_problems(root)
    journal = pending_journal(root)
    if journal is not None:
        found.append(journal)
    if found:
        problems = sort_problems([*problems, *_inside(root, found)])
    return LoadResult(result.data, [replace(p, root=str(root)) for p in problems])


def _load_files(root: Path) -> LoadResult:
    from zzgx_plan.load.actuals import load_actuals
    from zzgx_plan.load.checks import data_warnings
    from zzgx_plan.load.plan_files import load_plan_files
    from zzgx_plan.load.progress import load_progress

    plan, problems = load_plan_files(root)
    if plan is None or errors(problems):
        # Figures are checked against the plan; against a broken plan they would only echo its errors.
        return LoadResult(None, _inside(root, problems))
    observations, found = load_actuals(root, plan)
    problems += found
    progress, found = load_progress(root, plan)
    problems += found
    data = PlanData(plan=plan, observations=tuple(observations), progress=tuple(progress))
    problems += data_warnings(data)
    return LoadResult(data, _inside(root, problems))


def _inside(root: Path, problems: list[Problem]) -> list[Problem]:
    """The problems located relative to the data directory (as the cache keeps them: no root)."""
    return sort_problems(replace(p.under(root), root="") for p in problems)


def load_plan(data_dir: str | Path = "data") -> PlanData:
    """Load a data directory for use from Python; raise :class:`InvalidPlan` if it has errors."""
    result = load(data_dir)
    if result.data is None or result.errors:
        raise InvalidPlan(result.problems)
    return result.data


__all__ = ["InvalidPlan", "LoadResult", "csv_files", "data_files", "load", "load_plan"]
