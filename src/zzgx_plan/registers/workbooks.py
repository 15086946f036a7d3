"""Workbooks of register results: ``plan firms`` and ``plan conversion`` with ``--format xlsx``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from zzgx_plan.registers.count import Cohort
from zzgx_plan.registers.plan import FirmList, ParkBreakdown
from zzgx_plan.registers.render import (
    BREAKDOWN_COLUMNS,
    EXAMPLE_NOTE,
    FIRM_COLUMNS,
    beyond_note,
    breakdown_records,
    breakdown_title,
    cohort_columns,
    cohort_to_dict,
    firms_heading,
    park_line,
    short_park,
)
from zzgx_plan.render.columns import Column, Kind, pick
from zzgx_plan.render.xlsx import Sheet, dated_title, workbook_bytes

#: Sheet 企业名单: a 序号, then the CSV's columns but the list (the sheet's title names it).
FIRM_SHEET_COLUMNS = (
    Column("序号", Kind.INTEGER),
    *pick(FIRM_COLUMNS, "uscc", "name", "park", "entered_on", "left_on", "end", "source", "where"),
)


def firms_workbook(found: FirmList, when: dt.datetime | None) -> bytes:
    rows = [
        [i, f.uscc, f.name, short_park(f.park, found.labels), f.entered, f.left, f.end, f.source, f.where]
        for i, f in enumerate(found.firms, 1)
    ]
    notes = [] if found.park or not found.listed else [park_line(found.count, found.labels)]
    if found.example:
        notes.append(EXAMPLE_NOTE)
    sheet = Sheet("企业名单", dated_title(firms_heading(found), when), FIRM_SHEET_COLUMNS, rows, tuple(notes))
    return workbook_bytes([sheet], firms_heading(found), when)


def cohorts_workbook(
    cohorts: Sequence[Cohort],
    title: str,
    notes: Sequence[str],
    example: bool,
    when: dt.datetime | None,
    windows: Sequence[int],
) -> bytes:
    """``plan conversion --format xlsx`` under ``title`` (the plan's lists and the document's words)."""
    columns = cohort_columns(windows)
    rows = [[record[c.key] for c in columns] for record in map(cohort_to_dict, cohorts)]
    shown = [note.removeprefix("* ") for note in notes]
    if example:
        shown.append(EXAMPLE_NOTE)
    sheet = Sheet("后备库转化率", dated_title(title, when), columns, rows, tuple(shown))
    return workbook_bytes([sheet], title, when)


def breakdown_sheet(b: ParkBreakdown, when: dt.datetime | None) -> Sheet:
    """Sheet 按园区 of ``plan status YEAR --by park --format xlsx``: the CSV's rows and columns."""
    rows = [[r[c.key] for c in BREAKDOWN_COLUMNS] for r in breakdown_records(b)]
    notes = [note for note in (beyond_note(b),) if note]
    if any(row.example for row in b.rows):
        notes.append(EXAMPLE_NOTE)
    return Sheet("按园区", dated_title(breakdown_title(b), when), BREAKDOWN_COLUMNS, rows, tuple(notes))
