"""Bringing submitted figures and progress into the data directory, all or nothing.

``plan import`` and ``plan record`` both go through :func:`apply_intake`:

1. under the data directory's lock, load the current data with the loader
   (refuse when it already has errors: fix those first);
2. compare each incoming figure with what is recorded for the same indicator
   and period — *new*, *same* (nothing to do) or *changed* (refused unless
   ``replace``; the old value is then kept in the row's ``note`` as
   ``2026-11-27 替换原值 1200``) — and likewise progress entries per measure;
3. build the new file contents (:mod:`zzgx_plan.submissions.actuals_csv` appends or edits
   rows in place; :mod:`zzgx_plan.submissions.progress_yaml` writes a period's file);
4. validate the merged result with the loader itself on a staged copy of the
   files it reads (not registers/, no cache), moving any problem on a new row
   back onto its source cell;
5. only if nothing is wrong (and not a dry run) commit every file at once
   (:mod:`zzgx_plan.files.transaction`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path

from zzgx_plan.core.models import (
    BASIS_LABELS,
    EXAMPLE_MARK,
    Basis,
    IndicatorKind,
    Observation,
    Plan,
    PlanData,
    ProgressEntry,
)
from zzgx_plan.core.periods import Period
from zzgx_plan.core.problems import Problem, Severity, errors, problem, ref, sort_problems
from zzgx_plan.files.encoding import decode_bytes
from zzgx_plan.files.reading import read_file
from zzgx_plan.files.transaction import check_writable, commit_files, data_lock
from zzgx_plan.load import ACTUALS_DIR, PROGRESS_DIR, data_files, load
from zzgx_plan.submissions.actuals_csv import edit_actuals_csv
from zzgx_plan.submissions.intake import CODE_FIELD, IncomingFigure, IncomingProgress, Intake, Where
from zzgx_plan.submissions.progress_yaml import edit_progress_yaml
from zzgx_plan.submissions.sheets import format_number


class ChangeKind(StrEnum):
    NEW = "new"
    SAME = "same"
    CHANGED = "changed"


CHANGE_LABELS = {ChangeKind.NEW: "新增", ChangeKind.SAME: "相同（不变）", ChangeKind.CHANGED: "修改"}


@dataclass(frozen=True, slots=True)
class Change:
    """One incoming figure or progress entry and what it does to the data."""

    kind: ChangeKind
    what: str  # "figure" or "progress"
    key: str  # indicator id or measure number
    name: str  # indicator name or measure title
    period: str
    old: str | None
    new: str
    source: str  # where it came from, e.g. 科技局.xlsx:指标!H5
    target: str  # data file it lands in (relative to the data directory)

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self) | {"kind": self.kind.value}


@dataclass
class IngestResult:
    """The outcome: the changes (also for a dry run), the files written, every problem."""

    changes: list[Change] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not errors(self.problems)

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for c in self.changes if c.kind is kind)


def figure_text(obs: Observation, percent: bool, mark_example: bool = True) -> str:
    """A figure as shown in the change table and kept in history: ``1200``, ``95%``, ``4200（年初至今累计）``,
    ``322（示例）`` for a shipped example row."""
    text = format_number(obs.value, percent)
    example = "示例" if obs.is_example and mark_example else ""
    marks = [m for m in (BASIS_LABELS[obs.basis] if obs.basis is Basis.YTD else "", example) if m]
    return f"{text}（{'，'.join(marks)}）" if marks else text


def _history_note(incoming_note: str, old: Observation, percent: bool, today: dt.date) -> str:
    """The note of a replaced row: the new note, then ``<date> 替换原值 <old>``, then older history."""
    older = [s for s in old.note.split("；") if "替换原值" in s]
    # (The old value's 示例 mark is left out: it would make the new row count as example data.)
    parts = [incoming_note, f"{today.isoformat()} 替换原值 {figure_text(old, percent, mark_example=False)}", *older]
    return "；".join(p for p in parts if p)


def _csv_cells(fig: IncomingFigure, plan_data: PlanData) -> dict[str, str]:
    """The CSV cells written for a figure: id, canonical period, plain number, explicit basis for flows."""
    obs = fig.observation
    indicator = plan_data.plan.indicator(obs.indicator)
    assert indicator is not None
    return {
        "indicator": obs.indicator,
        "period": str(obs.period),
        "value": format_number(obs.value, indicator.is_percent),
        "basis": obs.basis.value if indicator.kind is IndicatorKind.FLOW else "",
        "reported_by": obs.reported_by,
        "note": obs.note,
    }


@dataclass
class _Plan:
    """What to write, and how to map staged lines back to sources."""

    files: dict[str, bytes] = field(default_factory=dict)
    row_sources: dict[tuple[str, int], IncomingFigure] = field(default_factory=dict)


def _dedupe(intake: Intake) -> tuple[list[IncomingFigure], list[IncomingProgress], list[Problem]]:
    problems: list[Problem] = []
    figures: dict[tuple[str, Period], IncomingFigure] = {}
    for fig in intake.figures:
        first = figures.get(fig.key)
        if first is None:
            figures[fig.key] = fig
        elif (first.observation.value, first.observation.basis) != (fig.observation.value, fig.observation.basis):
            problems.append(
                fig.at("value").problem(
                    "duplicate-row",
                    what=f"{fig.observation.indicator} {fig.observation.period}",
                    first=str(first.at("value")),
                )
            )
    progress: dict[tuple[Period, int], IncomingProgress] = {}
    for item in intake.progress:
        first_p = progress.get(item.key)
        if first_p is None:
            progress[item.key] = item
        elif _progress_content(first_p.entry) != _progress_content(item.entry):
            problems.append(
                item.at("status").problem(
                    "duplicate-row",
                    what=f"措施{item.entry.measure} {item.entry.period}",
                    first=str(first_p.at("status")),
                )
            )
    return list(figures.values()), list(progress.values()), problems


def _progress_content(entry: ProgressEntry) -> tuple[str, str, str, str]:
    return (entry.status.value, entry.text, entry.next_steps, entry.reported_by)


def plan_changes(
    root: Path, data: PlanData, intake: Intake, replace: bool, today: dt.date
) -> tuple[list[Change], _Plan, list[Problem]]:
    """Compare incoming rows with the data; build the new file contents (not yet validated)."""
    figures, progress, problems = _dedupe(intake)
    changes: list[Change] = []
    out = _Plan()
    _figure_changes(root, data, figures, replace, today, changes, out, problems)
    _progress_changes(root, data, progress, replace, today, changes, out, problems)
    return changes, out, problems


def _figure_changes(
    root: Path,
    data: PlanData,
    figures: list[IncomingFigure],
    replace: bool,
    today: dt.date,
    changes: list[Change],
    out: _Plan,
    problems: list[Problem],
) -> None:
    """Figures: new (appended to actuals/YEAR.csv), the same (nothing to do) or changed (replaced in place with
    ``replace``, the old value kept in the note; else refused)."""
    plan = data.plan
    existing: dict[tuple[str, Period], list[Observation]] = {}
    for obs in data.observations:
        existing.setdefault((obs.indicator, obs.period), []).append(obs)
    order = {ind.id: i for i, ind in enumerate(plan.indicators)}
    appends: dict[str, list[IncomingFigure]] = {}
    replacements: dict[str, dict[int, IncomingFigure]] = {}
    replaced_cells: dict[int, dict[str, str]] = {}
    for fig in sorted(figures, key=lambda f: (f.observation.period, order.get(f.observation.indicator, 0))):
        obs = fig.observation
        indicator = plan.indicator(obs.indicator)
        assert indicator is not None
        percent = indicator.is_percent
        if percent and 0 < obs.value <= 1:
            # 0.88 typed for 88% (or a 88% cell read as 0.88): said at entry, not only by validate later;
            # a warning, not a refusal: 0.5% can be real
            problems.append(
                fig.at("value").problem(
                    "percent-looks-like-fraction",
                    severity=Severity.WARNING,
                    indicator=indicator.name,  # the unit's sheet names indicators, not ids
                    period=obs.period,
                    value=f"{obs.value:g}",
                    percent=f"{obs.value * 100:g}",
                )
            )
        olds = existing.get(fig.key, [])
        same_basis = [o for o in olds if o.basis is obs.basis]
        new_text = figure_text(obs, percent)
        change = partial(
            Change,
            what="figure",
            key=obs.indicator,
            name=indicator.name,
            period=str(obs.period),
            new=new_text,
            source=str(fig.at("value")),
        )
        # The same figure again is nothing to do -- unless the recorded one is a shipped example
        # and this one is reported: then it replaces the example like any changed value.
        same = [o for o in same_basis if o.value == obs.value and (o.is_example or not obs.is_example)]
        if any(not o.is_example for o in same) or (same and obs.is_example):
            old = same[0]
            target = old.path
            changes.append(change(ChangeKind.SAME, old=figure_text(old, percent), target=target))
            continue
        if not olds:
            target = f"{ACTUALS_DIR}/{obs.period.year}.csv"
            appends.setdefault(target, []).append(fig)
            changes.append(change(ChangeKind.NEW, old=None, target=target))
            continue
        old = (same_basis or olds)[0]
        target = old.path
        old_text = figure_text(old, percent)
        changes.append(change(ChangeKind.CHANGED, old=old_text, target=target))
        # A shipped example was never a unit's figure: a reported one replaces it without --replace.
        over_example = old.is_example and not obs.is_example
        if not replace and not over_example:
            problems.append(
                fig.at("value").problem(
                    "value-changed",
                    what=f"{obs.indicator} {obs.period}",
                    old=old_text,
                    new=new_text,
                    at=ref(root / old.path, old.line),
                )
            )
            continue
        cells = _csv_cells(fig, data)
        if not cells["reported_by"] and EXAMPLE_MARK not in old.reported_by:
            cells["reported_by"] = old.reported_by  # --replace without --reported-by keeps the reporting unit
        # the replaced example's value is not history worth keeping, and its 示例 mark must not carry over
        cells["note"] = obs.note if over_example else _history_note(obs.note, old, percent, today)
        replacements.setdefault(target, {})[old.line] = fig
        replaced_cells[id(fig)] = cells

    for target in sorted(set(appends) | set(replacements)):
        path = root / target
        raw = read_file(path, "actuals", root) if path.exists() else None
        reps = replacements.get(target, {})
        adds = appends.get(target, [])
        edited = edit_actuals_csv(
            raw,
            {line: replaced_cells[id(fig)] for line, fig in reps.items()},
            [_csv_cells(fig, data) for fig in adds],
        )
        out.files[target] = edited.content
        for fig, line in zip(adds, edited.appended_lines, strict=True):
            out.row_sources[(target, line)] = fig
        for old_line, new_line in edited.replaced_lines.items():
            out.row_sources[(target, new_line)] = reps[old_line]


def _progress_changes(
    root: Path,
    data: PlanData,
    progress: list[IncomingProgress],
    replace: bool,
    today: dt.date,
    changes: list[Change],
    out: _Plan,
    problems: list[Problem],
) -> None:
    """Progress entries, per measure and period: new, the same or changed (a changed status noted, dated)."""
    plan = data.plan
    current: dict[tuple[Period, int], ProgressEntry] = {(e.period, e.measure): e for e in data.progress}
    period_files: dict[Period, str] = {}
    for e in data.progress:
        period_files.setdefault(e.period, e.path)
    updates: dict[str, dict[int, ProgressEntry]] = {}
    periods: dict[str, Period] = {}
    for item in sorted(progress, key=lambda p: (p.entry.period, p.entry.measure)):
        entry = item.entry
        measure = plan.measure(entry.measure)
        title = measure.title if measure else ""
        new_text = _progress_text(entry)
        change = partial(
            Change,
            what="progress",
            key=str(entry.measure),
            name=title,
            period=str(entry.period),
            new=new_text,
            source=str(item.at("status")),
        )
        old_entry = current.get(item.key)
        if old_entry is None:
            target = period_files.get(entry.period, f"{PROGRESS_DIR}/{entry.period}.yaml")
            changes.append(change(ChangeKind.NEW, old=None, target=target))
            updates.setdefault(target, {})[entry.measure] = entry
            periods[target] = entry.period
            continue
        target = old_entry.path
        old_text = _progress_text(old_entry)
        old_text += "（示例）" if old_entry.is_example else ""
        # Same content is nothing to do, unless it would leave a shipped example in place of a report.
        unchanged = _progress_content(old_entry) == _progress_content(entry) and not old_entry.is_example
        changes.append(change(ChangeKind.SAME if unchanged else ChangeKind.CHANGED, old=old_text, target=target))
        if unchanged:
            continue
        if not replace and not (old_entry.is_example and not entry.is_example):  # an example gives way
            problems.append(
                item.at("status").problem(
                    "value-changed",
                    what=f"措施{entry.measure} {entry.period}",
                    old=old_text,
                    new=new_text,
                    at=ref(root / old_entry.path, old_entry.line),
                )
            )
            continue
        if old_entry.status is not entry.status and not old_entry.is_example:
            history = f"{today.isoformat()} 替换原状态 {old_entry.status.value}"
            entry = entry.model_copy(update={"note": "；".join(p for p in (entry.note, history) if p)})
        updates.setdefault(target, {})[entry.measure] = entry
        periods[target] = entry.period
    for target in sorted(updates):
        path = root / target
        file_text = decode_bytes(read_file(path, "progress", root)).text if path.exists() else None
        out.files[target] = edit_progress_yaml(file_text, periods[target], updates[target]).encode("utf-8")


# --------------------------------------------------------------------------- staged validation


def validate_staged(root: Path, planned: _Plan) -> list[Problem]:
    """Load the data directory with the new files in place, using the real loader on a staged copy of the
    files it reads (not data/registers/, which it never reads; no load cache: the copy is thrown away).

    Returns the errors, each moved to the source cell when it is on a row being written, otherwise
    located in the real data directory (problems are relative to the data directory, so nothing is
    re-pathed)."""
    with tempfile.TemporaryDirectory(prefix="plan-stage-") as tmp:
        staged = Path(tmp) / "data"
        for path in data_files(root):
            copy = staged / path.relative_to(root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
        for name, content in planned.files.items():
            target = staged / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        result = load(staged, use_cache=False)
    out: list[Problem] = []
    for p in errors(result.problems):
        fig = planned.row_sources.get((p.file, p.line or 0))
        if fig is None:
            out.append(dataclasses.replace(p, root=str(root)))
        else:
            at = fig.at(_field_of(p.code))
            in_data = p.relabel(lambda file: str(root / file))  # the files its message names
            out.append(dataclasses.replace(in_data, file=at.path, line=at.line, location=at.location))
    return out


def _field_of(code: str) -> str:
    return {"overlapping-periods": "period"}.get(code) or CODE_FIELD.get(code, "row")


# --------------------------------------------------------------------------- the operation


@contextlib.contextmanager
def _maybe_lock(root: Path, lock: bool) -> Iterator[None]:
    if lock:
        with data_lock(root):
            yield
    else:
        yield


def apply_intake(
    data_dir: str | Path,
    read: Callable[[Plan], Intake],
    replace: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> IngestResult:
    """Load the data, read the submission with ``read(plan) -> Intake``, plan, validate, commit.

    ``read`` is called with the loaded :class:`~zzgx_plan.core.models.Plan` inside the lock,
    so that concurrent imports each see the rows the other wrote.
    """
    root = Path(data_dir)
    today = today or dt.date.today()
    result = IngestResult(dry_run=dry_run)
    with _maybe_lock(root, lock=not dry_run):
        loaded = load(root)
        if loaded.data is None or loaded.errors:
            result.problems = loaded.problems or [problem(root, None, "file-missing", what="数据目录")]
            return result
        data = loaded.data
        intake = read(data.plan)
        result.skipped = intake.skipped
        changes, planned, found = plan_changes(root, data, intake, replace, today)
        result.changes = changes
        result.problems = intake.problems + found  # reading order: file, sheet, row
        if not result.ok:
            return result
        if not intake.figures and not intake.progress:
            return result
        check_writable(root, planned.files)  # a read-only file: refused before any work (WriteRefused)
        warnings = [p for p in result.problems if not p.is_error]  # e.g. a percentage typed as a fraction
        result.problems = warnings + sort_problems(validate_staged(root, planned))
        if not result.ok or dry_run:
            return result
        written = commit_files(root, planned.files)
        result.written = [p.relative_to(root.resolve()).as_posix() for p in written]
    return result


#: Where the problems of a figure typed to ``plan record`` are located (they are usage errors, exit 2).
RECORD_SOURCE = "plan record"


def record_reader(
    indicator: str,
    period: str,
    value: str,
    basis: str = "",
    reported_by: str = "",
    note: str = "",
) -> Callable[[Plan], Intake]:
    """A ``read`` for :func:`apply_intake` that takes one figure from the command line."""
    from zzgx_plan.submissions.intake import basis_text, figure_from_cells

    def read(plan: Plan) -> Intake:
        out = Intake()
        where = {"row": Where(RECORD_SOURCE, None)}
        cells = {
            "indicator": indicator.strip(),
            "period": period.strip(),
            "value": value.strip(),
            "basis": basis_text(basis),
            "reported_by": reported_by.strip(),
            "note": note.strip(),
        }
        fig, found = figure_from_cells(plan, cells, where)
        out.problems += found
        if fig is not None:
            out.figures.append(fig)
        return out

    return read


def _progress_text(entry: ProgressEntry) -> str:
    """How a progress entry shows in the change table: ``推进中：进展……`` (the status alone without text)."""
    return f"{entry.status.value}：{entry.text}" if entry.text else entry.status.value
