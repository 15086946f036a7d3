"""``plan diff``: load the plan at two git revisions (or the working tree) and compare them.

A revision's data directory is exported from git into a temporary folder and read
with the ordinary loader, so an old version is validated exactly like the current
one; problems found in it are shown at ``REV:path:line``. The comparison itself is
:func:`zzgx_plan.review.plandiff.diff_plans` on the two plan views, plus the status of every
indicator in every plan year that has figures, computed on both versions.
"""

from __future__ import annotations

import dataclasses
import posixpath
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from zzgx_plan.compute.status import progress_as_of
from zzgx_plan.core.models import IndicatorSource, PlanData
from zzgx_plan.core.problems import Problem, errors
from zzgx_plan.load import LoadResult, load
from zzgx_plan.review import git as gitrepo
from zzgx_plan.review.git import WORKTREE, GitError
from zzgx_plan.review.plandiff import PlanDiff, actual_changes, diff_plans, status_effects
from zzgx_plan.review.planview import plan_view

#: How the working tree is named in output.
WORKTREE_LABEL = "工作区"


@dataclass
class PlanVersion:
    """The data directory as it is at one revision (``rev`` is a commit hash or WORKTREE)."""

    label: str
    rev: str
    data: PlanData | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)


@dataclass
class DiffResult:
    """What ``plan diff`` reports: the two versions compared and their semantic difference."""

    old: PlanVersion
    new: PlanVersion
    diff: PlanDiff


def load_version(data_dir: Path, rev: str) -> PlanVersion:
    """Load ``data_dir`` as it is at ``rev`` (a git revision, or WORKTREE for the files on disk).

    Raises :class:`GitError` outside a repository or for an unknown revision.
    """
    top = gitrepo.repo_top(data_dir)
    rel = gitrepo.relative_path(top, data_dir)
    if rev == WORKTREE:
        result = with_registers(data_dir, load(data_dir))
        return PlanVersion(WORKTREE_LABEL, WORKTREE, result.data, result.problems)
    commit = gitrepo.resolve_revision(top, rev)
    label = commit[:7] if commit.startswith(rev.lower()) else rev
    with tempfile.TemporaryDirectory(prefix="zzgx-plan-") as tmp:
        exported = gitrepo.export_folder(top, commit, "" if rel == "." else rel, Path(tmp))
        # a temporary folder: caching it would only litter
        result = with_registers(exported, load(exported, use_cache=False), use_cache=False)
    # shown as REV:data/actuals/2024.csv: problems are relative to the (exported) data directory
    prefix = "" if rel == "." else f"{rel}/"
    problems = [p.relabel(lambda file: f"{rev}:{posixpath.normpath(prefix + file)}") for p in result.problems]
    return PlanVersion(label, commit, result.data, problems)


def with_registers(data_dir: Path, result: LoadResult, use_cache: bool = True) -> LoadResult:
    """``source: register`` indicators take their figures from data/registers, by the policy of ``plan status``
    (:func:`zzgx_plan.registers.plan.apply_registers`); the registers' problems, and the want of register files
    that are needed, are problems of the version."""
    data = result.data
    if data is None or not any(i.source is IndicatorSource.REGISTER for i in data.plan.indicators):
        return result  # registers change no figure: leave pyarrow unloaded
    from zzgx_plan.registers.plan import apply_registers

    counted = apply_registers(data_dir, data, use_cache=use_cache)
    problems = result.problems + counted.problems
    if counted.refusal:
        raise GitError(counted.refusal)
    return LoadResult(counted.data, problems)


def statuses(data: PlanData) -> dict[tuple[str, int], str]:
    """Status of every indicator for every plan year that has any figure (as of its latest period)."""
    out: dict[tuple[str, int], str] = {}
    for year in data.plan.meta.years:
        if not data.periods_with_data(year):
            continue
        for row in progress_as_of(data, year).rows:
            out[(row.indicator.id, year)] = str(row.status)
    return out


def plan_diff(data_dir: Path, old_rev: str = "HEAD", new_rev: str = WORKTREE) -> DiffResult:
    """Compare the plan in ``data_dir`` between two revisions (default: HEAD → the working tree).

    Raises :class:`GitError` when git refuses or a version's plan cannot be read at all
    (its problems attached). Versions whose plan loads but has other errors (e.g. actuals
    citing a removed indicator) are still compared; their problems travel in the result.
    """
    old = load_version(data_dir, old_rev)
    new = load_version(data_dir, new_rev)
    for version in (old, new):
        if version.data is None:
            raise GitError(f"无法读取 {version.label} 版本的工作方案数据", version.problems)
    assert old.data is not None and new.data is not None
    grouped = diff_plans(plan_view(old.data.plan), plan_view(new.data.plan))
    effects = status_effects(statuses(old.data), statuses(new.data), grouped.touched_indicators())
    # figures of an indicator added or removed are told by that change (and by validate), not listed
    both = {i.id for i in old.data.plan.indicators} & {i.id for i in new.data.plan.indicators}
    figures = actual_changes(figures_of(old.data, both), figures_of(new.data, both))
    return DiffResult(old, new, dataclasses.replace(grouped, status=tuple(effects), actuals=tuple(figures)))


def figures_of(data: PlanData, indicators: set[str]) -> dict[tuple[str, str, str], float]:
    """The reported figures of ``indicators`` as {(indicator, period, basis): value} (last row wins)."""
    return {(o.indicator, str(o.period), str(o.basis)): o.value for o in data.observations if o.indicator in indicators}
