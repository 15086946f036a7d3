"""``plan measures`` and ``plan units`` with ``--format xlsx``: the plan's structure as workbooks."""

from __future__ import annotations

import datetime as dt

from zzgx_plan.compute.responsibility import UnitResponsibility
from zzgx_plan.core.models import Measure, Plan
from zzgx_plan.render.columns import Column, Kind
from zzgx_plan.render.plan_tables import lead_units_text, measure_notes, shared_text
from zzgx_plan.render.xlsx import Sheet, dated_title, workbook_bytes

MEASURE_COLUMNS = (
    Column("编号", Kind.INTEGER),
    Column("板块"),
    Column("措施"),
    Column("牵头单位"),
    Column("责任单位"),
    Column("指标"),
)
MATRIX_COLUMNS = (
    Column("单位"),
    Column("类别"),
    Column("牵头措施"),
    Column("参与措施（通过的单位组）"),
    Column("牵头指标数", Kind.INTEGER),
    Column("牵头指标"),
)


def measures_workbook(plan: Plan, measures: list[Measure], when: dt.datetime | None) -> bytes:
    sections = {s.number: f"{s.label}{s.title}" for s in plan.sections}
    rows = [
        [
            m.number,
            sections.get(m.section, str(m.section)),
            m.title,
            lead_units_text(m),
            "、".join(m.responsible_units),
            "、".join(ind.name for ind in plan.indicators_for_measure(m.number)) or None,
        ]
        for m in measures
    ]
    title = f"{plan.meta.title} 工作措施（{len(measures)} 项）"
    notes = tuple(measure_notes(measures))
    return workbook_bytes([Sheet("工作措施", dated_title(title, when), MEASURE_COLUMNS, rows, notes)], title, when)


def units_workbook(matrix: list[UnitResponsibility], when: dt.datetime | None) -> bytes:
    rows = [
        [
            r.unit.name,
            r.unit.kind.label,
            "、".join(str(m.number) for m in r.lead) or None,
            shared_text(r) or None,
            len(r.indicators),
            "、".join(i.name for i in r.indicators) or None,
        ]
        for r in matrix
    ]
    title = "责任矩阵：各单位牵头与参与的措施"
    return workbook_bytes([Sheet("责任矩阵", dated_title(title, when), MATRIX_COLUMNS, rows)], title, when)
