"""The shipped plan matches the source document: sections, 22 measures, units, leadership, targets."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from zzgx_plan.core.models import Direction, IndicatorKind, PlanData
from zzgx_plan.load import load_plan

from .conftest import SHIPPED_DATA, SOURCE_DOCUMENT

SOURCE = SOURCE_DOCUMENT or Path("/nonexistent")

# 牵头单位 of each measure, transcribed by hand from the document.
LEADS = {
    1: ["市场监管局"], 2: ["市场监管局"], 3: ["市场监管局"], 4: ["市场监管局"], 5: ["市场监管局"],
    6: ["创新发展局"], 7: ["创新发展局"], 8: ["创新发展局"], 9: ["创新发展局"], 10: ["创新发展局"],
    11: ["创新发展局"], 12: ["创新发展局"], 13: ["创新发展局"], 14: ["创新发展局"], 15: ["创新发展局"],
    16: ["创新发展局"], 17: ["创新协同中心", "创新发展局"], 18: ["市场监管局"], 19: ["创新发展局"],
    20: ["市场监管局"], 21: ["市场监管局"], 22: ["党政办公室"],
}  # fmt: skip


@pytest.fixture(scope="module")
def data() -> PlanData:
    return load_plan(SHIPPED_DATA)


def test_plan_metadata(data: PlanData) -> None:
    meta = data.plan.meta
    assert meta.title == "郑州高新区培育壮大市场主体工作方案（2023-2025年）"
    assert meta.document_number == "郑开管文〔2023〕146号"
    assert meta.issued_by == "郑州高新技术产业开发区管理委员会"
    assert meta.issued_on == dt.date(2023, 9, 15)
    assert list(meta.years) == [2023, 2024, 2025]
    assert "难点问题" in meta.overall_goal  # the page break "难\n\n点问题" is joined
    assert len(meta.safeguards) == 4


def test_seven_sections(data: PlanData) -> None:
    assert [s.label for s in data.plan.sections] == [
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
        "（六）",
        "（七）",
    ]
    assert data.plan.sections[1].title == "积极推进“个转企”"


def test_twenty_two_measures_with_lead_units(data: PlanData) -> None:
    measures = data.plan.measures
    assert [m.number for m in measures] == list(range(1, 23))
    assert {m.number: list(m.lead_units) for m in measures} == LEADS
    assert [m.section for m in measures] == [1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7]
    assert data.plan.measure(1).title == "提升市场准入便利度"
    assert data.plan.measure(22).responsible_units == ("市场监管局", "合作共建区工作专班", "科学城办事处")
    assert data.plan.measure(3).responsible_units == ("政务服务中心", "人力资源和社会保障局", "税务局")


@pytest.mark.parametrize(
    ("number", "joined"),
    [(2, "深入实施区域和事项"), (9, "完善捕捉寻找"), (11, "拥有自主知识产权"), (13, "加强协调服务")],
)
def test_page_break_fragments_are_joined(data: PlanData, number: int, joined: str) -> None:
    assert joined in data.plan.measure(number).text


@pytest.mark.skipif(SOURCE_DOCUMENT is None, reason="source document not beside the checkout")
def test_measure_texts_match_the_source_document(data: PlanData) -> None:
    source = re.sub(r"\s+", "", SOURCE.read_text(encoding="utf-8"))
    for m in data.plan.measures:
        assert f"{m.number}.{m.text}" in source
        assert f"牵头单位：{'、'.join(m.lead_units)}责任单位：{'、'.join(m.responsible_units)}" in source


def test_unit_registry_aliases_and_groups(data: PlanData) -> None:
    units = data.plan.units
    assert units.canonical("人力资源局") == "人力资源和社会保障局"
    assert units.canonical("市场监督管理局") == "市场监管局"
    parks = units.get("各园区运营中心")
    assert parks is not None and parks.members == (
        "石佛园区运营中心", "枫杨园区运营中心", "双桥园区运营中心", "梧桐园区运营中心",
    )  # fmt: skip
    approval = units.get("各审批业务部门")
    assert approval is not None and approval.is_group and approval.members == ()
    lead, shared = data.plan.measures_of_unit("枫杨园区运营中心")
    assert lead == []
    assert [m.number for m in shared] == [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 21]


def test_every_named_unit_is_registered(data: PlanData) -> None:
    for m in data.plan.measures:
        for name in (*m.lead_units, *m.responsible_units):
            assert data.plan.units.get(name) is not None, name


def test_leadership_group(data: PlanData) -> None:
    group = data.plan.leadership
    assert group.office_unit == "市场监管局"
    assert group.office_head == "崔秉武"
    assert [(p.role, p.name) for p in group.members[:3]] == [
        ("组长", "郭程明"),
        ("副组长", "王德敏"),
        ("副组长", "杜怀锋"),
    ]
    assert len(group.members) == 22
    assert group.members[-1].name == "吕滨" and group.members[-1].unit == "梧桐园区运营中心"


ANNEX1 = {
    "new_market_entities": ("年新增市场主体", [16000, 17000, 18000]),
    "high_tech_enterprises": ("高新技术企业总量", [2100, 2300, 2500]),
    "tech_smes": ("科技型中小企业总量", [3600, 3600, 3600]),
    "specialized_smes": ("省级以上“专精特新”企业总量", [230, 280, 330]),
    "gazelles": ("瞪羚（潜在）企业总量", [300, 330, 360]),
    "unicorns": ("独角兽（种子）企业总量", [5, 5, 6]),
    "high_tech_reserve": ("高新技术企业后备数量", [1000, 1000, 1000]),
}


def test_annex1_indicators_and_targets(data: PlanData) -> None:
    annex = [i for i in data.plan.indicators if i.origin == "annex1"]
    assert [i.id for i in annex] == list(ANNEX1)
    for ind in annex:
        name, values = ANNEX1[ind.id]
        assert ind.name == name
        assert ind.unit == "家"
        assert [ind.targets[y].value for y in (2023, 2024, 2025)] == values
        assert all(t.source.startswith("附件1") for t in ind.targets.values())
    assert data.plan.indicator("new_market_entities").kind is IndicatorKind.FLOW
    assert data.plan.indicator("gazelles").kind is IndicatorKind.STOCK


def test_measure_commitments(data: PlanData) -> None:
    plan = data.plan
    cases = {
        "one_thing_services": (1, "项", {2025: 10}, Direction.AT_LEAST),
        "permit_free_items": (2, "项", {2025: 500}, Direction.AT_LEAST),
        "new_specialized_in_parks": (9, "家", {2023: 70, 2024: 70, 2025: 70}, Direction.AT_LEAST),
        "rd_activity_coverage": (10, "%", {2023: 95, 2024: 95, 2025: 95}, Direction.ABOUT),
        "innovation_points_firms": (10, "家", {2025: 5000}, Direction.AT_LEAST),
        "rd_institution_coverage": (12, "%", {2025: 100}, Direction.AT_LEAST),
        "credit_repair_days": (20, "个工作日", {2023: 1, 2024: 1, 2025: 1}, Direction.AT_MOST),
    }
    for ind_id, (measure, unit, targets, direction) in cases.items():
        ind = plan.indicator(ind_id)
        assert ind is not None, ind_id
        assert measure in ind.measures
        assert ind.unit == unit
        assert {y: t.value for y, t in ind.targets.items()} == targets
        assert ind.direction is direction
        assert all(t.source.startswith(f"措施{measure}") for t in ind.targets.values())
    assert "措施11" in plan.indicator("high_tech_reserve").targets[2024].source
    assert plan.indicator("rd_activity_coverage").tolerance == 2
