"""Turning submitted sheets into figures and progress entries, each bad cell located.

A sheet (our template or a unit's own) is read into located cells by
:mod:`zzgx_plan.submissions.sheets`; this module maps its rows onto the actuals columns
(``indicator, period, value, basis, reported_by, note``) and the progress
fields, tidies what people type (indicator names with full-width brackets or
without quotes, ``2024年第三季度``, ``年初至今累计``, ``17,000``, ``95%``, a cell
formatted as a percentage) and then validates each row with the loader's own
row rules (:func:`zzgx_plan.load.actuals.parse_row`), so a figure imported from
Excel meets exactly the rules of one typed into ``data/actuals/*.csv``. Every
problem is moved onto the cell it concerns: ``科技局.xlsx:Sheet1!D7: …``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zzgx_plan.core.models import Basis, Indicator, IndicatorKind, Observation, Plan, ProgressEntry, ProgressStatus
from zzgx_plan.core.names import normalise_text
from zzgx_plan.core.periods import Period, PeriodError
from zzgx_plan.core.problems import Problem, did_you_mean, display_path, problem
from zzgx_plan.load.actuals import parse_row
from zzgx_plan.submissions.sheets import (
    ACTUALS_HEADERS,
    PROGRESS_HEADERS,
    Formula,
    RawCell,
    RawTable,
    SheetError,
    find_table,
    format_number,
    parse_number,
    read_sheets,
)


@dataclass(frozen=True, slots=True)
class Where:
    """The place of one input value: a file and a line, refined by a cell reference."""

    path: str
    line: int | None
    location: str | None = None

    def __str__(self) -> str:
        if self.location:
            return f"{self.path}:{self.location}"
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def problem(self, code: str, **fields: Any) -> Problem:
        return dataclasses.replace(problem(self.path, self.line, code, **fields), location=self.location)


class _Located:
    """A row read from a submission that knows where each of its fields came from."""

    __slots__ = ()
    where: dict[str, Where]

    def at(self, fieldname: str) -> Where:
        """Where ``fieldname`` was read (its cell), else the row."""
        return self.where.get(fieldname) or self.where["row"]


@dataclass(frozen=True, slots=True)
class IncomingFigure(_Located):
    """A valid figure read from a submission: the observation, the CSV cells it is
    written as, and where each of its fields came from."""

    observation: Observation
    cells: dict[str, str]
    where: dict[str, Where]

    @property
    def key(self) -> tuple[str, Period]:
        return (self.observation.indicator, self.observation.period)


@dataclass(frozen=True, slots=True)
class IncomingProgress(_Located):
    """A valid measure progress entry read from a submission."""

    entry: ProgressEntry
    where: dict[str, Where]

    @property
    def key(self) -> tuple[Period, int]:
        return (self.entry.period, self.entry.measure)


@dataclass
class Intake:
    """Everything read from a set of files: valid rows, rows skipped as unfilled, problems."""

    figures: list[IncomingFigure] = field(default_factory=list)
    progress: list[IncomingProgress] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # template rows left empty

    def extend(self, other: Intake) -> None:
        self.figures += other.figures
        self.progress += other.progress
        self.problems += other.problems
        self.skipped += other.skipped


# --------------------------------------------------------------------------- tidying cells

_BLANK_MARKS = {"-", "—", "–", "——", "/", "无", "n/a", "na"}


def cell_text(cell: RawCell | None) -> str:
    """A cell's normalised text; placeholder dashes (``-``, ``—``, ``/``, ``无``) count as empty."""
    if cell is None:
        return ""
    text = cell.text
    return "" if text.casefold() in _BLANK_MARKS else text


def free_text(cell: RawCell | None) -> str:
    """Text written for people (progress, notes, unit names) exactly as typed, ends trimmed:
    unlike :func:`cell_text` it keeps full-width punctuation and curly quotes (，“一件事”)."""
    if cell is None or cell.value is None:
        return ""
    text = cell.text if isinstance(cell.value, int | float) else str(cell.value).strip()
    return "" if text.casefold() in _BLANK_MARKS else text


def period_text(cell: RawCell | None) -> str:
    """Period text in the loader's form (``2024年第三季度`` → ``2024-Q3``; the forms are those of
    :meth:`Period.parse`), a date cell → its month. Anything else is returned as is
    (and the loader reports it as a bad period)."""
    if cell is not None and isinstance(cell.value, dt.date | dt.datetime):
        return f"{cell.value.year}-{cell.value.month:02d}"
    text = cell_text(cell)
    if not text:
        return ""
    try:
        return str(Period.parse(text))
    except PeriodError:
        return text


def basis_text(text: str) -> str:
    """``increment``/``ytd`` from the words people use: 本期增量/当期/增量 and 年初至今累计/累计/1-9月累计."""
    t = text.strip()
    if not t:
        return ""
    if t.casefold() in ("increment", "ytd"):
        return t.casefold()
    if "累计" in t or "年初至今" in t:
        return Basis.YTD.value
    if any(word in t for word in ("增量", "当期", "本期", "新增")):
        return Basis.INCREMENT.value
    return t


def measure_number(cell: RawCell | None) -> int | None:
    """A measure number from ``9``, ``9.0``, ``措施9``, ``第9条`` or ``9. 强化…``; else ``None``."""
    if cell is None:
        return None
    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        return int(cell.value) if float(cell.value).is_integer() else None
    m = re.match(r"^(?:措施|第)?\s*(\d{1,2})(?:条|项|\.(?!\d)|、|\s|$)", cell_text(cell))
    return int(m[1]) if m else None


def status_text(text: str) -> str:
    """A progress status from close variants (``进行中`` → 推进中, ``完成`` → 已完成)."""
    t = text.replace(" ", "")
    variants = {"进行中": "推进中", "正在推进": "推进中", "完成": "已完成", "未开始": "未启动", "延期": "滞后"}
    return variants.get(t, t)


# --------------------------------------------------------------------------- figures


#: Which loader problem concerns which column, to move it onto that cell.
CODE_FIELD = {
    "unknown-indicator": "indicator",
    "bad-period": "period",
    "period-outside-plan": "period",
    "bad-number": "value",
    "negative-value": "value",
    "percent-over-100": "value",
    "percent-sign-not-percent": "value",
    "fraction-not-integer": "value",
    "bad-basis": "basis",
    "basis-not-flow": "basis",
    "unknown-unit": "reported_by",
}


def _relocate(found: Iterable[Problem], where: dict[str, Where]) -> list[Problem]:
    """Move problems the loader located at ``path:line`` onto the cell of the field they concern."""
    out = []
    for p in found:
        fieldname = CODE_FIELD.get(p.code) or (p.message.split(" ", 1)[0] if p.code == "missing-value" else "")
        at = where.get(fieldname) or where["row"]
        out.append(dataclasses.replace(p, file=at.path, line=at.line, location=at.location, root=""))
    return out


def figure_from_cells(
    plan: Plan, raw: dict[str, str], where: dict[str, Where]
) -> tuple[IncomingFigure | None, list[Problem]]:
    """Validate one figure given as actuals-column texts; ``where`` has a ``row`` entry
    and one per field that came from a cell. Shared by import and ``plan record``."""
    cells = dict(raw)
    problems: list[Problem] = []
    indicator = resolve_indicator(plan, cells.get("indicator", ""))
    if indicator is not None:
        cells["indicator"] = indicator.id
        value = cells.get("value", "").replace(" ", "")
        # A unit word typed after the number (120家) is the indicator's own unit: drop it.
        if indicator.unit != "%" and value.endswith(indicator.unit):
            cells["value"] = value[: -len(indicator.unit)]
    cells["value"] = _tidy_number_text(cells.get("value", ""))
    row = where["row"]
    obs, found = parse_row(cells, plan, row.path, row.line or 0)
    problems += _relocate(found, where)
    if obs is None:
        return None, problems
    return IncomingFigure(observation=obs, cells=cells, where=where), problems


def _tidy_number_text(text: str) -> str:
    """``17,000`` → ``17000``, full width → ASCII; leaves non-numbers for the loader to report."""
    parsed = parse_number(text)
    if parsed is None or parsed.suffix:
        return text
    return format_number(parsed.value, parsed.percent)


def resolve_indicator(plan: Plan, text: str) -> Indicator | None:
    """The indicator named by id or name, ignoring width of brackets, quotes, spaces and case."""
    return plan.indicator(text) if text else None


def _located_cells(
    table: RawTable, row: list[RawCell], path: str
) -> tuple[dict[str, RawCell | None], dict[str, Where]]:
    """A row's cells by column name, and where each was read (``row``: its first filled cell)."""
    cells = {name: table.cell(row, name) for name in table.columns}
    first = next((c for c in row if not c.is_blank), row[0])
    where: dict[str, Where] = {"row": Where(path, first.line, first.location)}
    for name, cell in cells.items():
        if cell is not None:
            where[name] = Where(path, cell.line, cell.location)
    return cells, where


def _figures_from_table(plan: Plan, path: str, table: RawTable, period: Period | None) -> Intake:
    out = Intake()
    for row in table.rows:
        cells, where = _located_cells(table, row, path)
        name_cell, id_cell = cells.get("indicator"), cells.get("indicator_id")
        value_cell = cells.get("value")
        texts = {
            "indicator": cell_text(id_cell) or cell_text(name_cell),
            "period": period_text(cells.get("period")),
            "value": _value_text(value_cell),
            "basis": basis_text(cell_text(cells.get("basis"))),
            "reported_by": free_text(cells.get("reported_by")),
            "note": free_text(cells.get("note")),
        }
        if id_cell is not None and cell_text(id_cell):
            where["indicator"] = where["indicator_id"]
        formulas = _formula_problems(cells, where)
        if formulas:
            # a formula with no computed value is never stored as its text (a note "=HYPERLINK(…)" included)
            out.problems += formulas
            continue
        out.problems += _empty_formula_warnings(cells, where)
        if not texts["value"]:
            # An unfilled template row (or a name without a figure): nothing reported.
            if texts["indicator"]:
                out.skipped += 1
            continue
        row_problems: list[Problem] = []
        # Both an id and a name: they must name the same indicator.
        if cell_text(id_cell) and cell_text(name_cell):
            a = resolve_indicator(plan, cell_text(id_cell))
            b = resolve_indicator(plan, cell_text(name_cell))
            if a is not None and b is not None and a.id != b.id:
                row_problems.append(
                    where["indicator"].problem("indicator-mismatch", id=cell_text(id_cell), name=cell_text(name_cell))
                )
        # 单位: a unit of measure (家, %) checked against the indicator, or a unit name (科技局).
        unit_cell = cells.get("unit_of_measure")
        unit_word = cell_text(unit_cell)
        indicator = resolve_indicator(plan, texts["indicator"])
        if unit_word and unit_cell is not None:
            if plan.units.get(unit_word) is not None and not texts["reported_by"]:
                texts["reported_by"] = unit_word
                where["reported_by"] = where["unit_of_measure"]
            elif indicator is not None and normalise_text(unit_word) != normalise_text(indicator.unit):
                row_problems.append(
                    where["unit_of_measure"].problem(
                        "unit-mismatch", text=unit_word, indicator=indicator.id, unit=indicator.unit
                    )
                )
        if period is not None:
            if not texts["period"]:
                texts["period"] = str(period)
            elif texts["period"] != str(period) and _parses(texts["period"]):
                row_problems.append(
                    where.get("period", where["row"]).problem("period-mismatch", found=texts["period"], expected=period)
                )
        if (
            not texts["basis"]
            and indicator is not None
            and indicator.kind is IndicatorKind.FLOW
            and basis_text(texts["note"]) == Basis.YTD.value
        ):
            # No 口径 column, but the note says 1-12月累计 / 年初至今累计: a year-to-date figure, not an increment
            # (read as an increment it would be added to the year's earlier quarters).
            texts["basis"] = Basis.YTD.value
            where["basis"] = where.get("note", where["row"])
        fig, found = figure_from_cells(plan, texts, where)
        out.problems += row_problems + found
        if fig is not None and not row_problems:
            out.figures.append(fig)
    return out


def _value_text(cell: RawCell | None) -> str:
    """The value cell as text for the loader: real numbers formatted plainly (a cell
    formatted as a percentage becomes ``95%``), text tidied."""
    if cell is None or cell.value is None:
        return ""
    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        parsed = cell.number()
        if parsed is not None:
            return format_number(parsed.value, parsed.percent)
    return cell_text(cell)


def _formula_problems(cells: dict[str, RawCell | None], where: dict[str, Where]) -> list[Problem]:
    """``formula-without-value`` for every used cell holding a formula whose result was never computed."""
    return [
        where[name].problem("formula-without-value", formula=str(cell.value))
        for name, cell in cells.items()
        if cell is not None and isinstance(cell.value, Formula)
    ]


#: Cells whose emptiness decides what a row is (free text such as 备注 may well be an empty formula).
_DECIDING_FIELDS = ("indicator", "indicator_id", "period", "value", "basis", "reported_by", "measure", "status")


def _empty_formula_warnings(cells: dict[str, RawCell | None], where: dict[str, Where]) -> list[Problem]:
    """``formula-result-empty`` for every deciding cell read as blank that is an .xls formula saved with an empty
    result: perhaps a value never computed (a file written by a program), which the tool cannot recompute."""
    return [
        where[name].problem("formula-result-empty")
        for name, cell in cells.items()
        if name in _DECIDING_FIELDS and cell is not None and cell.empty_formula and cell.is_blank
    ]


def _parses(text: str) -> bool:
    try:
        Period.parse(text)
    except PeriodError:
        return False
    return True


# --------------------------------------------------------------------------- progress


def _progress_from_table(plan: Plan, path: str, table: RawTable, period: Period | None) -> Intake:
    out = Intake()
    statuses = [s.value for s in ProgressStatus]
    for row in table.rows:
        cells, where = _located_cells(table, row, path)
        formulas = _formula_problems(cells, where)
        if formulas:
            out.problems += formulas
            continue
        out.problems += _empty_formula_warnings(cells, where)
        status = status_text(cell_text(cells.get("status")))
        text = free_text(cells.get("text"))
        next_steps = free_text(cells.get("next_steps"))
        if not (status or text or next_steps):
            out.skipped += 1  # a measure row the unit left empty
            continue
        found: list[Problem] = []
        number = measure_number(cells.get("measure"))
        if number is None or plan.measure(number) is None:
            raw = cell_text(cells.get("measure"))
            found.append(where.get("measure", where["row"]).problem("unknown-measure", number=raw))
        if not status:
            found.append(where.get("status", where["row"]).problem("missing-value", field="status"))
        elif status not in statuses:
            found.append(where["status"].problem("bad-status", text=status, allowed=" / ".join(statuses)))
        unit = free_text(cells.get("reported_by"))
        if not unit:
            found.append(where.get("reported_by", where["row"]).problem("missing-value", field="reported_by"))
        elif plan.units.get(unit) is None:
            found.append(
                where["reported_by"].problem("unknown-unit", name=unit, hint=did_you_mean(unit, plan.units.names()))
            )
        entry_period = period
        ptext = period_text(cells.get("period"))
        if ptext:
            try:
                entry_period = Period.parse(ptext)
            except PeriodError:
                found.append(where["period"].problem("bad-period", text=ptext))
            else:
                if period is not None and entry_period != period:
                    found.append(where["period"].problem("period-mismatch", found=ptext, expected=period))
        elif entry_period is None:
            found.append(where.get("period", where["row"]).problem("missing-value", field="period"))
        if found or number is None or entry_period is None:
            out.problems += found
            continue
        entry = ProgressEntry(
            period=entry_period,
            measure=number,
            status=ProgressStatus(status),
            text=text,
            reported_by=plan.units.canonical(unit) or unit,
            next_steps=next_steps,
            path=where["row"].path,
            line=where["row"].line or 0,
        )
        out.progress.append(IncomingProgress(entry=entry, where=where))
    return out


# --------------------------------------------------------------------------- files


def read_submission(plan: Plan, path: str | Path, period: Period | None = None) -> Intake:
    """Read one .xlsx/.xls/.et/.csv file: every sheet with a table of figures or of progress."""
    shown = display_path(path)
    out = Intake()
    try:
        sheets = read_sheets(path)
    except SheetError as exc:
        out.problems.append(problem(path, None, exc.code, location=exc.location, **exc.fields))
        return out
    tables = 0
    for sheet in sheets:
        figures = find_table(sheet, ACTUALS_HEADERS, required=[("indicator", "indicator_id"), "value"])
        if figures is not None:
            tables += 1
            out.problems += [
                Where(shown, c.line, c.location).problem("csv-duplicate-column", column=c.text)
                for c in figures.duplicates
            ]
            out.extend(_figures_from_table(plan, shown, figures, period))
            continue
        progress = find_table(sheet, PROGRESS_HEADERS, required=["measure", ("status", "text")])
        if progress is not None:
            tables += 1
            out.problems += [
                Where(shown, c.line, c.location).problem("csv-duplicate-column", column=c.text)
                for c in progress.duplicates
            ]
            out.extend(_progress_from_table(plan, shown, progress, period))
    if tables == 0:
        out.problems.append(problem(path, None, "no-table"))
    return out


def read_submissions(plan: Plan, paths: Sequence[str | Path], period: Period | None = None) -> Intake:
    """Read every file; problems of all files are collected."""
    out = Intake()
    for path in paths:
        out.extend(read_submission(plan, path, period))
    return out
