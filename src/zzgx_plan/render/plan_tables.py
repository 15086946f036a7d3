"""Rendering the plan's structure: the measures list and the unit responsibility matrix."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from zzgx_plan.compute.readings import READING_LABEL, READING_MARK, reading_notes
from zzgx_plan.compute.responsibility import UnitResponsibility
from zzgx_plan.core.models import Measure, Plan, ReadingTopic


def measure_to_dict(plan: Plan, measure: Measure) -> dict[str, Any]:
    """JSON item for a measure; unit names exactly as written in the document. ``reading`` (解读) only
    where the units rest on our reading (a drafted plan's 'the first named leads')."""
    return {
        "number": measure.number,
        "section": measure.section,
        "title": measure.title,
        "lead_units": list(measure.lead_units),
        "responsible_units": list(measure.responsible_units),
        "indicators": [ind.id for ind in plan.indicators_for_measure(measure.number)],
        **({"reading": measure.reading} if measure.reading else {}),
    }


def lead_units_text(measure: Measure) -> str:
    """``县工信局※``: the lead units, marked when they rest on a reading."""
    return "、".join(measure.lead_units) + (READING_MARK if measure.reading else "")


def measure_notes(measures: list[Measure]) -> list[str]:
    """``※ 解读：…（措施1、措施2）`` lines for the measures whose units rest on a reading."""
    return reading_notes((f"措施{m.number}", (m.reading,)) for m in measures if m.reading)


def render_measures_table(plan: Plan, measures: list[Measure], console: Console) -> None:
    sections = {s.number: f"{s.label}{s.title}" for s in plan.sections}
    table = Table(title=f"{plan.meta.title} 工作措施（{len(measures)} 项）", title_justify="left")
    for header in ("编号", "板块", "措施", "牵头单位", "责任单位", "指标"):
        table.add_column(header, overflow="fold")  # CJK text has no spaces to wrap at: fold, never cut it short
    for m in measures:
        indicators = "、".join(ind.name for ind in plan.indicators_for_measure(m.number))
        table.add_row(
            str(m.number),
            sections.get(m.section, str(m.section)),
            m.title,
            lead_units_text(m),
            "、".join(m.responsible_units),
            indicators,
        )
    console.print(table)
    for note in measure_notes(measures):
        console.print(note, markup=False, highlight=False, soft_wrap=True)
    if plan.meta.reading:
        note = f"{READING_MARK} {READING_LABEL}（方案信息）：{plan.meta.reading}"
        console.print(note, markup=False, highlight=False, soft_wrap=True)


def shared_text(r: UnitResponsibility) -> str:
    """``1、3；5、6、7（经各园区运营中心）``: measures named directly, then those shared through each group."""
    by_via: dict[str | None, list[str]] = {}
    for s in r.shared:
        by_via.setdefault(s.via, []).append(str(s.measure.number))
    parts = ["、".join(numbers) + (f"（经{via}）" if via else "") for via, numbers in by_via.items()]
    return "；".join(parts)


def render_matrix(matrix: list[UnitResponsibility], console: Console) -> None:
    table = Table(title="责任矩阵：各单位牵头与参与的措施", title_justify="left")
    for header in ("单位", "类别", "牵头措施", "参与措施（通过的单位组）", "牵头指标"):
        table.add_column(header, overflow="fold")
    for r in matrix:
        table.add_row(
            r.unit.name,
            r.unit.kind.label,
            "、".join(str(m.number) for m in r.lead) or "—",
            shared_text(r) or "—",
            str(len(r.indicators)) if r.indicators else "—",
        )
    console.print(table)


def render_unit(r: UnitResponsibility, console: Console) -> None:
    console.print(Text.assemble((r.unit.name, "bold"), f"（{r.unit.kind.label}）"))
    mark = READING_MARK if r.readings else ""
    if r.unit.aliases:
        console.print("别名：" + "、".join(r.unit.aliases))
    short = ((r.unit.short_name,) if r.unit.short_name else ()) + r.unit.informal_names
    if short:
        console.print("简称：" + "、".join(short) + (f"（解读：{r.unit.reading}）" if r.unit.reading else ""))
    elif r.unit.reading:  # a reading of the entry itself (a drafted plan's category guessed from the name)
        console.print(f"{READING_MARK} {READING_LABEL}：{r.unit.reading}", markup=False, soft_wrap=True)
    if r.unit.members is not None:
        members = "、".join(r.unit.members) + (READING_MARK if r.unit.members_reading else "")
        console.print("成员：" + (members if r.unit.members else "文件未列明"))
    if r.groups:
        console.print("所属单位组：" + "、".join(r.groups) + mark)
    console.print(f"牵头措施（{len(r.lead)}）：")
    for m in r.lead:
        console.print(f"  {m.number}. {m.title}")
    console.print(f"参与措施（{len(r.shared)}）：")
    for s in r.shared:
        via = f"（通过{s.via}）" if s.via else ""
        console.print(f"  {s.measure.number}. {s.measure.title}{via}")
    led = [i.name + (READING_MARK if i.reading(ReadingTopic.LEAD_UNITS) else "") for i in r.indicators]
    console.print(f"牵头指标（{len(r.indicators)}）：" + ("、".join(led) or "—"))
    console.print(f"报送指标（{len(r.reported)}）：" + ("、".join(i.name for i in r.reported) or "—"))
    notes = reading_notes(
        [("", r.readings)]
        + [(i.name, (i.reading(ReadingTopic.LEAD_UNITS),)) for i in r.indicators if i.reading(ReadingTopic.LEAD_UNITS)]
    )
    for note in notes:
        console.print(note, markup=False, soft_wrap=True)


def responsibility_to_dict(r: UnitResponsibility) -> dict[str, Any]:
    return {
        "unit": r.unit.name,
        "kind": str(r.unit.kind),
        "aliases": list(r.unit.aliases),
        "short_name": r.unit.short_name,
        "informal_names": list(r.unit.informal_names),
        "reading": r.unit.reading,
        "members": list(r.unit.members) if r.unit.members is not None else None,
        "groups": list(r.groups),
        "lead_measures": [m.number for m in r.lead],
        "shared_measures": [{"number": s.measure.number, "via": s.via} for s in r.shared],
        "lead_indicators": [i.id for i in r.indicators],
        "reported_indicators": [i.id for i in r.reported],
        "readings": list(r.readings),
    }
