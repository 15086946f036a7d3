"""Workbooks of register results: ``plan firms`` and ``plan conversion`` with ``--format xlsx``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from zzgx_plan.registers.count import Cohort
from zzgx_plan.registers.plan import FirmList
from zzgx_plan.registers.render import EXAMPLE_NOTE, firms_heading, park_line, short_park
from zzgx_plan.render.xlsx import Column, Kind, Sheet, dated_title, workbook_bytes

FIRM_COLUMNS = (
    Column("序号", Kind.INTEGER),
    Column("统一社会信用代码"),
    Column("企业名称"),
    Column("园区"),
    Column("入库日期", Kind.DATE),
    Column("出库日期", Kind.DATE),
    Column("到期日", Kind.DATE),
    Column("来源文件"),
    Column("位置"),
)

COHORT_COLUMNS = (
    Column("入库年份", Kind.INTEGER),
    Column("入库企业", Kind.INTEGER),
    Column("1年内认定", Kind.INTEGER),
    Column("1年转化率", Kind.PERCENT1),
    Column("1年观察期已满"),
    Column("2年内认定", Kind.INTEGER),
    Column("2年转化率", Kind.PERCENT1),
    Column("2年观察期已满"),
    Column("截至目前认定", Kind.INTEGER),
    Column("累计转化率", Kind.PERCENT1),
)


def firms_workbook(found: FirmList, when: dt.datetime | None) -> bytes:
    rows = [
        [i, f.uscc, f.name, short_park(f.park, found.labels), f.entered, f.left, f.end, f.source, f.where]
        for i, f in enumerate(found.firms, 1)
    ]
    notes = [] if found.park or not found.listed else [park_line(found.count, found.labels)]
    if found.example:
        notes.append(EXAMPLE_NOTE)
    sheet = Sheet("企业名单", dated_title(firms_heading(found), when), FIRM_COLUMNS, rows, tuple(notes))
    return workbook_bytes([sheet], firms_heading(found), when)


def cohorts_workbook(
    cohorts: Sequence[Cohort], title: str, notes: Sequence[str], example: bool, when: dt.datetime | None
) -> bytes:
    """``plan conversion --format xlsx`` under ``title`` (the plan's lists and the document's words)."""
    rows = [
        [
            c.year,
            c.size,
            c.within_1y,
            c.rate_1y,
            c.window_1y_complete,
            c.within_2y,
            c.rate_2y,
            c.window_2y_complete,
            c.by_as_of,
            c.rate_by_as_of,
        ]
        for c in cohorts
    ]
    shown = [note.removeprefix("* ") for note in notes]
    if example:
        shown.append(EXAMPLE_NOTE)
    sheet = Sheet("后备库转化率", dated_title(title, when), COHORT_COLUMNS, rows, tuple(shown))
    return workbook_bytes([sheet], title, when)
