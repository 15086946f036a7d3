"""``plan missing --format xlsx``: the chasing list and a per-unit summary as a workbook."""

from __future__ import annotations

import datetime as dt

from zzgx_plan.compute.missing import MissingReport
from zzgx_plan.render.columns import Column, Kind
from zzgx_plan.render.document import Tone
from zzgx_plan.render.xlsx import Sheet, XCell, dated_title, workbook_bytes

LIST_COLUMNS = (Column("牵头单位"), Column("类别"), Column("编号"), Column("名称"))
SUMMARY_COLUMNS = (
    Column("牵头单位"),
    Column("牵头指标", Kind.INTEGER),
    Column("未报送指标", Kind.INTEGER),
    Column("牵头措施", Kind.INTEGER),
    Column("未报送措施进展", Kind.INTEGER),
    Column("报送情况"),
)


def missing_workbook(report: MissingReport, when: dt.datetime | None) -> bytes:
    title = f"{report.period.label_zh}待报送清单"
    rows: list[list[object]] = []
    for unit in report.units:
        rows += [[unit.unit, "指标", i.id, i.name] for i in unit.indicators]
        rows += [[unit.unit, "措施进展", f"措施{m.number}", m.title] for m in unit.measures]
    total = f"尚缺 {report.missing_indicators} 项指标数值、{report.missing_measures} 项措施进展。"
    summary = [
        [
            u.unit,
            u.indicators_due,
            len(u.indicators),
            u.measures_due,
            len(u.measures),
            XCell("齐全", Tone.GREEN) if u.complete else XCell("未报送", Tone.RED),
        ]
        for u in report.units
    ]
    sheets = [
        Sheet("待报送清单", dated_title(title, when), LIST_COLUMNS, rows, (total,)),
        Sheet(
            "各单位汇总",
            dated_title(f"{report.period.label_zh}各牵头单位报送情况", when),
            SUMMARY_COLUMNS,
            summary,
            (total,),
        ),
    ]
    return workbook_bytes(sheets, title, when)
