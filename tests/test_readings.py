"""Readings (解读) and the document's qualifiers: the data keeps them, the checks guard them, every
output shows them (``※`` after a target, ``※ 解读：…`` lines)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from zzgx_plan.compute.readings import qualified_number, reading_notes, shown_target
from zzgx_plan.core.models import Direction
from zzgx_plan.load import load, load_plan

from .conftest import SHIPPED_DATA
from .test_load_errors import line_of, replace_in

ANNEX_LEAD = "附件1未写牵头单位：取该指标所对应措施的牵头单位。"


def problems(data_dir: Path) -> list[tuple[int | None, str]]:
    return [(p.line, p.code) for p in load(data_dir).problems]


# ---------------------------------------------------------------- the shown text


@pytest.mark.parametrize(
    ("qualifiers", "direction", "unit", "value", "expected"),
    [
        (["力争", "左右"], Direction.ABOUT, "%", 95, "力争约95%"),
        (["以上"], Direction.AT_LEAST, "项", 10, "≥10项"),
        (["不少于"], Direction.AT_LEAST, "家", 70, "≥70家"),
        (["累计"], Direction.AT_LEAST, "项", 500, "累计500项"),
        (["力争"], Direction.AT_LEAST, "家", 5000, "力争5000家"),
        (["内"], Direction.AT_MOST, "个工作日", 1, "≤1个工作日"),
        ([], Direction.AT_MOST, "日", 1, "≤1日"),  # the direction still shows without a word for it
        ([], Direction.AT_LEAST, "家", 17000, "17000家"),
    ],
)
def test_qualified_number(qualifiers: list[str], direction: Direction, unit: str, value: int, expected: str) -> None:
    assert qualified_number(value, unit, qualifiers, direction, with_unit=True) == expected


def test_shown_target_of_the_shipped_plan() -> None:
    plan = load_plan(SHIPPED_DATA).plan
    rd = shown_target(plan.indicator("rd_activity_coverage"), 2024)
    assert (rd.value, rd.qualifiers, rd.text, rd.marked) == (95, ("力争", "左右"), "力争约95%", "力争约95%※")
    assert rd.readings == (
        "措施10未写年份：研发活动覆盖率是按年统计的比例，每年按“力争95%左右”考核（未写年份的承诺一般定为2025年，此处为例外）。",
        "“左右”没有写明幅度：按不低于目标2个百分点（即达到93%）视为完成。",
    )
    # 措施9 says 每年…不少于70家: the document's own words, no reading, no mark
    parks = shown_target(plan.indicator("new_specialized_in_parks"), 2024, with_unit=True)
    assert (parks.marked, parks.readings) == ("≥70家", ())
    # no 2024 target, and why is a reading: the year the measure does not name
    one_thing = shown_target(plan.indicator("one_thing_services"), 2024)
    assert (one_thing.value, one_thing.marked) == (None, "—※")
    assert one_thing.readings[0] == "措施未写年份：定为方案末年（2025年）的目标，2023、2024年不设目标。"
    # a revised target keeps the reading mark but not the original document's qualifiers
    reserve = shown_target(plan.indicator("high_tech_reserve"), 2024, 1100, revised=True)
    assert (reserve.text, reserve.qualifiers, reserve.readings) == ("1100", (), (ANNEX_LEAD,))


def test_baseline_reading_only_when_the_pre_plan_figure_is_the_baseline() -> None:
    from zzgx_plan.compute.readings import row_target
    from zzgx_plan.compute.status import progress_as_of

    data = load_plan(SHIPPED_DATA)
    rows = {
        y: next(r for r in progress_as_of(data, y).rows if r.indicator.id == "specialized_smes") for y in (2023, 2024)
    }
    assert rows[2023].baseline == 176 and rows[2023].baseline_before_plan  # 2022's published 176
    assert any("176家" in text for text in row_target(rows[2023]).readings)
    assert rows[2024].baseline == 232 and not rows[2024].baseline_before_plan  # 2023-Q4's example figure
    assert not any("176家" in text for text in row_target(rows[2024]).readings)


def test_reading_notes_list_each_reading_once_with_the_figures_it_concerns() -> None:
    notes = reading_notes([("甲", ["解读一", "解读二"]), ("乙", ["解读一"]), ("丙", [])])
    assert notes == ["※ 解读：解读一（甲、乙）", "※ 解读：解读二（甲）"]


# ---------------------------------------------------------------- plan status in every format


def test_status_marks_readings_in_every_format(cli) -> None:
    table = cli("status", "2024", "--data", SHIPPED_DATA).stdout
    assert " 力争约95%※ │" in table and " ≥70 │" in table
    assert "※ 解读：附件1未写牵头单位：取该指标所对应措施的牵头单位。（年新增市场主体、高新技术企业总量、" in table
    doc = json.loads(cli("status", "2024", "--format", "json", "--data", SHIPPED_DATA).stdout)
    rows = {r["id"]: r for r in doc["indicators"]}
    rd = rows["rd_activity_coverage"]
    assert (rd["target"], rd["target_qualifiers"], rd["target_text"]) == (95, ["力争", "左右"], "力争约95%")
    assert len(rd["readings"]) == 2
    assert (rows["new_specialized_in_parks"]["target_text"], rows["new_specialized_in_parks"]["readings"]) == (
        "≥70家",
        [],
    )
    assert rows["permit_free_items"]["target"] is None and rows["permit_free_items"]["target_text"] is None
    assert all(isinstance(r["readings"], list) for r in doc["indicators"])
    csv_out = cli("status", "2024", "--format", "csv", "--data", SHIPPED_DATA).stdout
    assert ",95,力争、左右,力争约95%," in csv_out
    md = cli("status", "2024", "--format", "markdown", "--data", SHIPPED_DATA).stdout
    assert "| 规上工业企业研发活动覆盖率 | % | 力争约95%※ |" in md
    assert (
        "※ 解读：“左右”没有写明幅度：按不低于目标2个百分点（即达到93%）视为完成。（规上工业企业研发活动覆盖率）  " in md
    )


def test_units_says_the_parks_are_a_reading(cli) -> None:
    out = cli("units", "各园区运营中心", "--data", SHIPPED_DATA).stdout
    assert (
        "※ 解读：措施只写“各园区运营中心”，未列出是哪些；取附件2所列的石佛、枫杨、双桥、梧桐四个园区运营中心。" in out
    )
    doc = json.loads(cli("units", "各园区运营中心", "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert doc["readings"] == [
        "措施只写“各园区运营中心”，未列出是哪些；取附件2所列的石佛、枫杨、双桥、梧桐四个园区运营中心。"
    ]
    assert json.loads(cli("units", "市场监管局", "--format", "json", "--data", SHIPPED_DATA).stdout)["readings"] == []


# ---------------------------------------------------------------- who is chased for a figure


def test_only_the_reporting_unit_is_chased_for_a_figure(cli, data_dir: Path, tmp_path: Path) -> None:
    """年新增市场主体 has two lead units (measures 1–5, 21 and 22) but 市场监管局 alone reports it."""
    doc = json.loads(cli("missing", "2024-Q4", "--format", "json", "--data", data_dir).stdout)
    units = {u["unit"]: u for u in doc["units"]}
    assert units["党政办公室"]["indicators_due"] == 0
    assert "new_market_entities" in [i["id"] for i in units["市场监管局"]["indicators"]]
    out = tmp_path / "t.xlsx"
    assert cli("template", "2024-Q4", "--unit", "党政办公室", "-o", out, "--data", data_dir).exit_code == 0
    assert [r[0].value for r in openpyxl.load_workbook(out)["指标"].iter_rows(min_row=5)] == []
    # hand the figure to 党政办公室: now it, not 市场监管局, is chased
    targets = data_dir / "targets.yaml"
    replace_in(targets, "    reported_by: 市场监管局\n", "    reported_by: 党政办公室\n")
    doc = json.loads(cli("missing", "2024-Q4", "--format", "json", "--data", data_dir).stdout)
    units = {u["unit"]: u for u in doc["units"]}
    assert [i["id"] for i in units["党政办公室"]["indicators"]] == ["new_market_entities"]
    assert "new_market_entities" not in [i["id"] for i in units["市场监管局"]["indicators"]]


# ---------------------------------------------------------------- the checks


def test_a_qualifier_must_be_the_documents_word(data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    replace_in(targets, '达到5000家", qualifiers: [力争]}', '达到5000家", qualifiers: [力争, 以上]}')
    line = line_of(targets, "qualifiers: [力争, 以上]")
    assert problems(data_dir) == [(line, "qualifier-not-in-source")]
    message = load(data_dir).problems[0].message
    assert message == (
        "innovation_points_firms 2025年目标的限定词“以上”不在其依据（source）所引的原文中；限定词只能取文件原文的用词"
    )


def test_a_qualifier_must_agree_with_direction_and_kind(data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    replace_in(targets, "    tolerance: 2  #", "    direction: at_least\n    tolerance: 2  #")
    replace_in(targets, "    direction: about\n", "")
    lines = [line_of(targets, "      2023: {value: 95,"), line_of(targets, "      2024: {value: 95,")]
    found = problems(data_dir)
    assert (lines[0], "qualifier-disagrees") in found and (lines[1], "qualifier-disagrees") in found
    assert len(found) == 3  # one per year 2023–2025: 左右 needs direction about


def test_lead_units_follow_the_measures(data_dir: Path) -> None:
    from zzgx_plan.load.readings import Context, expected_leads

    # the shipped data names every 牵头单位 of each indicator's measures (年新增市场主体: measure 22's too)
    plan = load_plan(data_dir).plan
    ctx = Context(None, 0, plan.units, {m.number: m for m in plan.measures}, frozenset())  # type: ignore[arg-type]
    for ind in plan.indicators:
        assert sorted(ind.lead_units) == sorted(expected_leads(ind, ctx)), ind.id
    # a lead unit that leads none of the indicator's measures is a located warning
    targets = data_dir / "targets.yaml"
    replace_in(
        targets, "    lead_units: [市场监管局, 党政办公室]\n", "    lead_units: [市场监管局, 党政办公室, 税务局]\n"
    )
    line = line_of(targets, "lead_units: [市场监管局, 党政办公室, 税务局]")
    assert problems(data_dir) == [(line, "indicator-leads-mismatch")]
    assert load(data_dir).problems[0].message == (
        "new_market_entities 的牵头单位 税务局 不是所属措施的牵头单位（市场监管局、党政办公室）；"
        "请改 lead_units，或改 measures"
    )


def test_several_lead_units_need_a_reporting_unit(data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    replace_in(targets, "    reported_by: 市场监管局\n", "")
    assert problems(data_dir) == [(line_of(targets, "lead_units: [市场监管局, 党政办公室]"), "reporter-required")]
    replace_in(targets, "    readings:\n", "    reported_by: 市场监督管理局\n    readings:\n")  # an alias is fine
    assert problems(data_dir) == []


def test_what_the_document_does_not_say_needs_a_reading(data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    replace_in(targets, "      tolerance: “左右”没有写明幅度：按不低于目标2个百分点（即达到93%）视为完成。\n", "")
    replace_in(
        targets,
        "      lead_units: 附件1未写牵头单位：取该指标所对应措施的牵头单位。\n      valid_years",
        "      valid_years",
    )
    found = load(data_dir).problems
    assert sorted(p.code for p in found) == ["reading-missing", "reading-missing"]
    assert {p.message for p in found} == {
        "rd_activity_coverage：“左右”的容差是本工具的解读，文件没有写明；请在 readings.tolerance 中用中文写明解读",
        "high_tech_enterprises：附件1未写牵头单位，牵头单位是本工具的解读，文件没有写明；"
        "请在 readings.lead_units 中用中文写明解读",
    }


def test_not_tracked_quotes_the_measure(data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    replace_in(targets, 'quote: "零见面、零跑腿、零干预、零收费"', 'quote: "零见面、零跑腿、零等待"')
    assert problems(data_dir) == [(line_of(targets, "零等待"), "quote-not-in-measure")]


def test_the_conversion_window_quotes_the_document(data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    replace_in(targets, "      within_years: [1, 2]\n", "      within_years: [1, 3]\n")
    assert problems(data_dir) == [
        (line_of(targets, 'source: "措施11：力争库内企业1—2年内通过认定"'), "conversion-not-in-source")
    ]
    assert load(data_dir).problems[0].message == "conversion：“1—3年”不在其依据（source）所引的原文中；请引用文件原文"


def test_conversion_window_is_data() -> None:
    from zzgx_plan.registers.count import Conversion
    from zzgx_plan.registers.plan import conversion_rule

    plan = load_plan(SHIPPED_DATA).plan
    rule = conversion_rule(plan)
    assert rule is not None and rule.indicator.id == "high_tech_reserve" and rule.measure == 11
    assert (rule.goal.into, rule.goal.within_years, rule.goal.window_text) == ("high_tech_enterprises", (1, 2), "1—2年")
    entered = dt.date(2022, 3, 1)
    # within 2 years: certified before 2024-03-01 (2024 is a leap year: 2024-02-29 is day 730, inside)
    assert rule.within(Conversion(entered, dt.date(2024, 2, 29))) is True
    assert rule.within(Conversion(entered, dt.date(2024, 3, 1))) is False
    assert rule.within(Conversion(entered, None)) is None


# ---------------------------------------------------------------- plan diff / plan history


def test_diff_shows_readings_qualifiers_and_not_tracked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    from tests.gitutil import Repo

    from .test_review import edit

    repo = Repo(tmp_path / "plan-data")
    import shutil

    shutil.copytree(SHIPPED_DATA, repo.root / "data")
    repo.commit("初始方案")
    monkeypatch.chdir(repo.root)
    monkeypatch.delenv("PLAN_DATA", raising=False)
    edit(repo, "data/targets.yaml", '达到5000家", qualifiers: [力争]}', '达到5000家"}')
    edit(repo, "data/targets.yaml", "按不低于目标2个百分点（即达到93%）", "按不低于目标3个百分点（即达到92%）")
    edit(repo, "data/targets.yaml", "    reason: 个体工商户登记的服务原则，不是数字目标。", "    reason: 服务原则。")
    edit(repo, "data/measures.yaml", "取附件2所列的石佛", "取附件2列出的石佛")
    out = cli("diff").stdout
    assert (
        "innovation_points_firms 创新积分参评企业 2025年：5000 家（目标值不变）\n    限定词：删除（原为 力争）\n" in out
    )
    assert (
        "修改 rd_activity_coverage 规上工业企业研发活动覆盖率：解读（幅度）：“左右”没有写明幅度：按不低于目标2个百分点"
        "（即达到93%）视为完成。 → “左右”没有写明幅度：按不低于目标3个百分点（即达到92%）视为完成。"
    ) in out
    assert (
        "不纳入跟踪：措施4“零见面、零跑腿、零干预、零收费”（理由）："
        "个体工商户登记的服务原则，不是数字目标。 → 服务原则。" in out
    )
    assert "修改 各园区运营中心：成员（解读）：" in out
    doc = json.loads(cli("diff", "--format", "json").stdout)
    assert doc["plan_changed"] is True
    target = next(t for t in doc["targets"] if t["indicator"] == "innovation_points_firms")
    assert target["fields"] == [{"field": "qualifiers", "old": ["力争"], "new": None}]
    repo.commit("去掉“力争”")
    history = json.loads(cli("history", "innovation_points_firms", "--format", "json").stdout)
    assert history["entries"][-1]["fields"] == [{"field": "qualifiers", "old": ["力争"], "new": None}]
