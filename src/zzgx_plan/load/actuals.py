"""Loading reported figures from ``data/actuals/*.csv``.

Columns (header required, any order): ``indicator`` (id or exact Chinese name),
``period`` (YYYY, YYYY-Qn, YYYY-MM), ``value``, and optionally ``basis``
(increment | ytd, flow indicators only), ``reported_by``, ``note``. Files are
accepted as Excel writes them (UTF-8 with/without BOM, GB18030, CRLF,
``17,000``, ``95%``). Every bad cell is reported with its file and line; rows
whose periods overlap for the same indicator are refused rather than summed twice.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from zzgx_plan.core.models import (
    INDICATOR_KIND_LABELS,
    Basis,
    Indicator,
    IndicatorKind,
    Observation,
    OverlapKey,
    Plan,
    clashing_keys,
    held_keys,
)
from zzgx_plan.core.periods import Period, PeriodError
from zzgx_plan.core.problems import Problem, did_you_mean, problem, ref
from zzgx_plan.files.csvlines import csv_records
from zzgx_plan.files.encoding import UndetectableEncoding, decode_bytes
from zzgx_plan.files.reading import read_problem

REQUIRED_COLUMNS = ("indicator", "period", "value")
OPTIONAL_COLUMNS = ("basis", "reported_by", "note")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

#: Every figure and target is smaller than this in absolute value (docs/data-files.md).
MAX_VALUE = 1e12

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
#: Thousands separators only in their places: 17,000 and 1,234.5, not 17,00 or 1,2,3 (a typo, not a number).
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


def load_actuals(root: Path, plan: Plan) -> tuple[list[Observation], list[Problem]]:
    """Read every ``*.csv`` under ``root/actuals`` (sorted by path); check overlaps across all of them.

    Figures are located relative to the data directory ``root`` (``actuals/2024.csv``)."""
    from zzgx_plan.load import ACTUALS_DIR, csv_files

    actuals_dir = root / ACTUALS_DIR
    observations: list[Observation] = []
    problems: list[Problem] = []
    for path in csv_files(actuals_dir):
        found_obs, found = read_actuals_file(path, plan, path.relative_to(root).as_posix(), root=root)
        observations += found_obs
        problems += found
    problems += check_overlaps(observations)
    return observations, problems


def read_actuals_file(
    path: Path, plan: Plan, shown: str | None = None, root: Path | None = None
) -> tuple[list[Observation], list[Problem]]:
    """Read one actuals CSV file (inside the data directory ``root`` when given: see
    :mod:`zzgx_plan.files.reading`); returns its valid rows and every problem found in it.

    ``shown`` is the name its figures go by (default: ``path``)."""
    raw, refused = read_problem(path, "actuals", root)
    if raw is None:
        return [], refused
    if not raw.strip():
        return [], [problem(path, None, "file-empty")]
    try:
        text = decode_bytes(raw).text
    except UndetectableEncoding:
        line = _first_line_not_utf8(raw)
        if line is not None:
            return [], [problem(path, line, "encoding-mixed")]
        return [], [problem(path, None, "encoding-unknown")]
    return parse_actuals(text, path, plan, shown)


def _first_line_not_utf8(raw: bytes) -> int | None:
    """The line where a file that starts as UTF-8 text stops being UTF-8 (rows in two encodings), else None."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        if b"\n" in head and not any(b < 9 or 13 < b < 32 for b in head):
            return head.count(b"\n") + 1
    return None


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line each starts on (quoted cells may span lines)."""
    return ((start, row) for start, _end, row in csv_records(text))


def header_names(header: list[str]) -> list[str]:
    """The column names of an actuals CSV header row as the loader and the editor read them: trimmed, a
    byte-order mark and case dropped, empty trailing cells (Excel leaves some) removed."""
    names = [h.strip().lstrip("\ufeff").lower() for h in header]
    while names and names[-1] == "":
        names.pop()
    return names


def parse_actuals(
    text: str, path: Path, plan: Plan, shown: str | None = None
) -> tuple[list[Observation], list[Problem]]:
    """Parse CSV text attributed to ``path`` into observations (located at ``shown``, default ``path``);
    collect every problem."""
    problems: list[Problem] = []
    rows = _rows(text)
    try:
        header_line, header = next(rows)
        while not any(cell.strip() for cell in header):  # blank lines or empty rows above the header
            header_line, header = next(rows)
    except StopIteration:
        return [], [problem(path, None, "file-empty")]
    except csv.Error as exc:
        return [], [problem(path, 1, "csv-syntax", reason=str(exc))]

    names = header_names(header)
    for separator, label in ((";", "分号"), ("\t", "制表符")):
        # Excel in some locales writes ';'-separated "CSV"; "Unicode text" is tab-separated
        if len(names) == 1 and "indicator" in names[0].split(separator):
            return [], [problem(path, header_line, "csv-delimiter", separator=label)]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in index:
            problems.append(problem(path, header_line, "csv-duplicate-column", column=name))
        elif name not in COLUMNS:
            problems.append(problem(path, header_line, "csv-unknown-column", column=name, allowed="、".join(COLUMNS)))
        else:
            index[name] = i
    for name in REQUIRED_COLUMNS:
        if name not in index:
            problems.append(problem(path, header_line, "csv-missing-column", column=name))
    if problems:
        return [], problems

    observations: list[Observation] = []
    shown = str(path) if shown is None else shown
    try:
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names) and any(cell.strip() for cell in row[len(names) :]):
                problems.append(problem(path, line, "csv-row-shape", found=len(row), expected=len(names)))
                continue
            cells = {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
            obs, found = parse_row(cells, plan, shown, line)
            problems += found
            if obs is not None:
                observations.append(obs)
    except csv.Error as exc:
        problems.append(problem(path, getattr(exc, "line", None), "csv-syntax", reason=str(exc)))
    return observations, problems


def parse_row(cells: dict[str, str], plan: Plan, path: str, line: int) -> tuple[Observation | None, list[Problem]]:
    """Validate one row's cells (keys: the actuals column names) into an Observation.

    Shared with importers so that a figure typed anywhere meets the same rules.
    """
    problems: list[Problem] = []
    indicator: Indicator | None = None
    period: Period | None = None
    value: float | None = None

    key = cells.get("indicator", "")
    if not key:
        problems.append(problem(path, line, "missing-value", field="indicator"))
    else:
        indicator = plan.indicator(key)
        if indicator is None:
            candidates = [i.id for i in plan.indicators] + [i.name for i in plan.indicators]
            problems.append(problem(path, line, "unknown-indicator", name=key, hint=did_you_mean(key, candidates)))

    period_text = cells.get("period", "")
    if not period_text:
        problems.append(problem(path, line, "missing-value", field="period"))
    else:
        try:
            period = Period.parse(period_text)
        except PeriodError:
            problems.append(problem(path, line, "bad-period", text=period_text))
        else:
            first_year = plan.meta.start_year - 1  # the year before the plan is allowed as a baseline
            if not first_year <= period.year <= plan.meta.end_year:
                problems.append(
                    problem(
                        path,
                        line,
                        "period-outside-plan",
                        period=period,
                        start=first_year,
                        end=plan.meta.end_year,
                    )
                )
                period = None

    value_text = cells.get("value", "")
    if not value_text:
        problems.append(problem(path, line, "missing-value", field="value"))
    else:
        value, found = parse_value(value_text, indicator, path, line)
        problems += found

    basis = Basis.INCREMENT
    basis_text = cells.get("basis", "").lower()
    if basis_text:
        try:
            basis = Basis(basis_text)
        except ValueError:
            problems.append(problem(path, line, "bad-basis", text=basis_text))
        else:
            if indicator is not None and indicator.kind is not IndicatorKind.FLOW:
                problems.append(
                    problem(
                        path,
                        line,
                        "basis-not-flow",
                        basis=basis_text,
                        indicator=indicator.id,
                        kind=INDICATOR_KIND_LABELS[indicator.kind],
                    )
                )

    reported_by = cells.get("reported_by", "")
    if reported_by and plan.units.get(reported_by) is None:
        problems.append(
            problem(
                path,
                line,
                "unknown-unit",
                name=reported_by,
                hint=did_you_mean(reported_by, plan.units.names()),
            )
        )

    if problems or indicator is None or period is None or value is None:
        return None, problems
    return (
        Observation(
            indicator=indicator.id,
            period=period,
            value=value,
            basis=basis,
            reported_by=plan.units.canonical(reported_by) or "" if reported_by else "",
            note=cells.get("note", ""),
            path=path,
            line=line,
        ),
        [],
    )


def parse_value(
    text: str, indicator: Indicator | None, path: str, line: int | None, field: str = "value"
) -> tuple[float | None, list[Problem]]:
    """Parse a reported number: thousands separators, a trailing % for percent indicators."""
    cleaned = text.strip().replace("，", ",").replace(" ", "")
    percent = cleaned.endswith("%") or cleaned.endswith("％")
    if percent:
        cleaned = cleaned[:-1]
    if "," in cleaned and not _GROUPED.match(cleaned):
        return None, [problem(path, line, "bad-number", field=field, text=text)]
    cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        return None, [problem(path, line, "bad-number", field=field, text=text)]
    value = float(cleaned)
    if not math.isfinite(value) or abs(value) >= MAX_VALUE:
        # no indicator of a district's plan counts 10^12 of anything; such a figure is a typo, and two of
        # 10^308 would overflow every sum made of them
        shown = text if len(text) <= 30 else f"{text[:20]}…（共 {len(text)} 个字符）"
        return None, [problem(path, line, "number-too-large", field=field, text=shown)]
    problems: list[Problem] = []
    if value < 0:
        problems.append(problem(path, line, "negative-value", field=field, value=_fmt(value)))
    if indicator is not None:
        if percent and not indicator.is_percent:
            problems.append(
                problem(
                    path,
                    line,
                    "percent-sign-not-percent",
                    field=field,
                    text=text,
                    indicator=indicator.id,
                    unit=indicator.unit,
                )
            )
        if indicator.is_percent and value > 100:
            problems.append(problem(path, line, "percent-over-100", field=field, value=_fmt(value)))
        if indicator.counts_whole_things and value != int(value):
            problems.append(
                problem(
                    path,
                    line,
                    "fraction-not-integer",
                    field=field,
                    value=_fmt(value),
                    indicator=indicator.id,
                    unit=indicator.unit,
                )
            )
    return (None if problems else value), problems


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def check_overlaps(observations: Iterable[Observation]) -> list[Problem]:
    """Rows that would be counted twice: overlapping periods of one indicator.

    Flow increments (and stock/cumulative levels) may not overlap at all — a quarter
    and one of its months, or the same period twice. Year-to-date figures may nest
    (Q1 ytd, Q2 ytd) but not repeat the same end month, and one period may not be given
    both as ytd and as an increment. Every row that clashes with a row before it (in file
    and line order) is reported once, against the first such row.
    """
    problems: list[Problem] = []
    groups: dict[str, list[Observation]] = {}
    for obs in observations:
        groups.setdefault(obs.indicator, []).append(obs)
    for indicator_id, rows in groups.items():
        rows = sorted(rows, key=lambda o: (o.path, o.line))
        # Linear: instead of comparing every pair, remember for each key the first row (its index) that
        # holds it, and look up the few keys a later row could clash on (100k rows: milliseconds, not minutes).
        first: dict[OverlapKey, int] = {}
        for i, later in enumerate(rows):
            found = [first[k] for k in clashing_keys(later.period, later.basis) if k in first]
            if found:
                earlier = rows[min(found)]
                problems.append(
                    problem(
                        later.path,
                        later.line,
                        "overlapping-periods",
                        indicator=indicator_id,
                        period=later.period,
                        other_period=earlier.period,
                        other=ref(earlier.path, earlier.line),
                    )
                )
            for k in held_keys(later.period, later.basis):
                first.setdefault(k, i)
    return problems
