"""`plan status 2023-2025`: several plan years side by side and the whole period's result.

Expected figures are worked out by hand from the example data (the arithmetic is in the comments).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from zzgx_plan.compute.multiyear import period_status, remaining_pace, time_point
from zzgx_plan.core.periods import Period, YearRangeError, parse_year_range
from zzgx_plan.load import load_plan

from .conftest import EXAMPLE_2024Q3, REPO_DATA
from .support.csvout import without_bom


def test_year_ranges_use_the_one_period_parser() -> None:
    # core/periods.parse_year_range (the shared parser) reads the forms a range is written in
    assert parse_year_range("2023-2025") == (2023, 2025)
    assert parse_year_range("2023—2025") == (2023, 2025)
    assert parse_year_range("2023年-2025年") == (2023, 2025)
    assert parse_year_range(" 2026 ～ 2028 ") == (2026, 2028)
    with pytest.raises(YearRangeError):
        parse_year_range("2025-2023")


def test_time_point_is_the_end_of_the_period() -> None:
    assert time_point(Period.parse("2022")) == 2022.0
    assert time_point(Period.parse("2025-Q4")) == 2025.0
    assert time_point(Period.parse("2024-Q3")) == 2023.75
    assert time_point(Period.parse("2024-06")) == 2023.5


def by_id(doc: dict) -> dict[str, dict]:
    return {item["id"]: item for item in doc["indicators"]}


def test_json_shape_and_whole_period_figures_on_the_shipped_data(cli) -> None:
    result = cli("status", "2023-2025", "--format", "json", "--data", REPO_DATA)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc) == ["years", "as_of", "indicators"]
    assert doc["years"] == [2023, 2024, 2025]
    assert doc["as_of"] == "2025"  # the 研发活动覆盖率 figure for 2025 is an annual one
    items = by_id(doc)
    nme = items["new_market_entities"]
    assert list(nme) == [
        "id", "name", "unit", "kind", "by_year", "final_status", "met_years",
        "years_with_target", "cagr", "target_cagr", "total", "total_target", "readings",
    ]  # fmt: skip
    assert nme["by_year"] == [
        # 3800+4300+4400+4100 = 16600 ≥ 16000
        {
            "year": 2023,
            "target": 16000,
            "target_qualifiers": [],
            "target_text": "16000家",
            "actual": 16600,
            "actual_period": "2023-Q4",
            "status": "achieved",
        },
        # 3900+4300+4200+4100 = 16500 < 17000
        {
            "year": 2024,
            "target": 17000,
            "target_qualifiers": [],
            "target_text": "17000家",
            "actual": 16500,
            "actual_period": "2024-Q4",
            "status": "missed",
        },
        # 4000+4600+4700+4900 = 18200 ≥ 18000
        {
            "year": 2025,
            "target": 18000,
            "target_qualifiers": [],
            "target_text": "18000家",
            "actual": 18200,
            "actual_period": "2025-Q4",
            "status": "achieved",
        },
    ]
    assert (nme["final_status"], nme["met_years"], nme["years_with_target"]) == ("achieved", 2, 3)
    # a flow: no growth rate; total 16600+16500+18200 = 51300 against 16000+17000+18000 = 51000
    assert (nme["cagr"], nme["target_cagr"], nme["total"], nme["total_target"]) == (None, None, 51300, 51000)

    hte = items["high_tech_enterprises"]
    # baseline 1850 (2022 → t 2022.0), latest 2530 (2025-Q4 → t 2025.0):
    # (2530/1850)^(1/3) − 1 = 1.367568^(1/3) − 1 = 0.109983
    assert hte["cagr"] == pytest.approx((2530 / 1850) ** (1 / 3) - 1, abs=1e-6)
    assert hte["cagr"] == pytest.approx(0.109983, abs=1e-6)
    # target 2500 in 2025: (2500/1850)^(1/3) − 1 = 0.105578 (1.351351^(1/3) = 1.105578)
    assert hte["target_cagr"] == pytest.approx(0.105578, abs=1e-6)
    assert (hte["met_years"], hte["years_with_target"], hte["final_status"]) == (1, 3, "achieved")
    assert (hte["total"], hte["total_target"]) == (None, None)

    # percentages, at_most and about indicators have no growth rate
    for key in ("rd_activity_coverage", "rd_institution_coverage", "credit_repair_days"):
        assert (items[key]["cagr"], items[key]["target_cagr"]) == (None, None), key
    # a target only in 2025: one year with a target, met (505 ≥ 500); no 2022 figure → no growth rate
    pfi = items["permit_free_items"]
    assert (pfi["met_years"], pfi["years_with_target"], pfi["cagr"]) == (1, 1, None)
    assert pfi["by_year"][0] == {"year": 2023, "target": None, "target_qualifiers": [], "target_text": None,
                                 "actual": 320, "actual_period": "2023-Q4", "status": "no_target"}  # fmt: skip
    assert pfi["by_year"][2]["target_text"] == "累计500项"  # the document's 累计达到500项
    # no 2023/2024 target is itself a reading: the measure names no year
    assert "措施未写年份：定为方案末年（2025年）的目标，2023、2024年不设目标。" in pfi["readings"]
    # unicorns: 5 in 2025 < 6
    assert items["unicorns"]["final_status"] == "missed"


def test_a_year_in_progress_shows_what_remains_and_the_pace_it_needs(cli) -> None:
    data = load_plan(EXAMPLE_2024Q3)
    result = period_status(data, 2023, 2024, Period.parse("2024-Q3"))
    rows = {r.indicator.id: r for r in result.rows}
    nme = rows["new_market_entities"]
    assert nme.final.actual == 12400  # 3900 + 4300 + 4200
    assert nme.pace is not None
    # 17000 − 12400 = 4600 still to add in 3 months: 4600 per quarter, 4600/3 = 1533.33 per month
    assert (nme.pace.remaining, nme.pace.months_left) == (4600, 3)
    assert nme.pace.per_quarter == pytest.approx(4600)
    assert nme.pace.per_month == pytest.approx(1533.3333, abs=1e-3)
    # 2023 met, 2024 not yet: 1 of 2; total 16600 + 12400 = 29000 against 16000 + 17000 = 33000
    assert (nme.met_years, nme.years_with_target, nme.total, nme.total_target) == (1, 2, 29000, 33000)
    # a stock as of a quarter: baseline 1850 (t 2022.0), 2200 at 2024-Q3 (t 2023.75): 1.75 years
    hte = rows["high_tech_enterprises"]
    assert hte.cagr == pytest.approx((2200 / 1850) ** (1 / 1.75) - 1)
    assert hte.cagr == pytest.approx(0.104080, abs=1e-6)  # 1.189189^(1/1.75)
    # the range ends in 2024: the target rate runs to 2024's 2300 over 2 years
    assert hte.target_cagr == pytest.approx((2300 / 1850) ** (1 / 2) - 1)
    assert hte.pace is not None and hte.pace.remaining == 100  # 2300 − 2200
    # already met: nothing remains
    assert rows["tech_smes"].pace is None
    # at_most: no pace
    assert remaining_pace(rows["credit_repair_days"].final) is None
    # measures: the latest entry within the range, 未报送 for the rest (11 of 22 in the frozen data)
    assert sum(1 for m in result.measures if m.latest is None) == 11
    m11 = next(m for m in result.measures if m.measure.number == 11)
    assert m11.latest is not None and str(m11.latest.period) == "2024-Q3" and m11.latest.status.value == "滞后"


def test_table_csv_and_markdown_say_the_same(cli) -> None:
    from typer.testing import CliRunner

    from zzgx_plan.cli import app

    args = ["status", "2023-2024", "--as-of", "2024-Q3", "--data", str(EXAMPLE_2024Q3)]
    wide = CliRunner().invoke(app, args, env={"COLUMNS": "250"})
    assert wide.exit_code == 0, wide.stderr
    assert "2023—2024年目标完成情况（截至2024年第3季度）" in wide.stdout
    # 1533.33 家 a month is shown as a whole count, 1533 (四舍五入, issue #10 §4); the CSV keeps it exact
    assert "2024年尚需 4600，后续每季度需完成 4600（每月 1533）" in wide.stdout
    narrow = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    table_lines = [line for line in narrow.stdout.splitlines() if line[:1] in "┏┃┡│├└"]
    from rich.cells import cell_len

    assert max(cell_len(line) for line in table_lines) <= 100
    assert "每季度需 4600" in narrow.stdout and "每月需 1533" in narrow.stdout  # figures never split
    assert "未显示：合计/目标合计、年均增长（目标）" in narrow.stdout
    out = cli("status", "2023-2024", "--as-of", "2024-Q3", "--format", "csv", "--data", EXAMPLE_2024Q3).stdout
    rows = list(csv.DictReader(io.StringIO(without_bom(out))))
    nme = next(r for r in rows if r["指标编号"] == "new_market_entities")
    assert nme["2024年完成值"] == "12400"
    assert nme["2024年状态"] == "略低于序时进度"
    assert (nme["尚需完成"], nme["后续每季度需完成"], nme["后续每月需完成"]) == ("4600", "4600", "1533.3333")
    assert (nme["期间合计"], nme["期间目标合计"], nme["达标年数"], nme["有目标年数"]) == ("29000", "33000", "1", "2")
    md = cli("status", "2023-2025", "--format", "markdown", "--data", REPO_DATA).stdout
    assert md.startswith("## 郑州高新区培育壮大市场主体工作方案（2023-2025年） 2023—2025年目标完成情况（截至2025年）")
    # ※: the targets rest on readings (Annex 1 names no lead unit), listed as ※ 解读 lines
    assert "| 年新增市场主体（示例） | 家 | 16000※/16600 已完成 | 17000※/16500 未完成 | 18000※/18200 已完成 |" in md
    assert "※ 解读：附件1未写牵头单位：取该指标所对应措施的牵头单位。（年新增市场主体、" in md
    # + 企业开办办结时限 (3/3) and the two “两个全覆盖” rates (1/1), all met in the example data
    assert "共 17 项指标：17 项有2025年目标，其中已完成 13 项；每年均完成年度目标 9 项。" in md
    assert "| 14 | 优化上市企业后续服务 | 创新发展局 | 未报送 | — |" in md
    assert "> 示例数据" in md


def test_a_finished_range_gives_the_names_the_room_of_an_empty_pace_column(cli, monkeypatch) -> None:
    """At the plan's end no indicator has a 后续需完成: that column held only dashes at 100 columns while
    the names broke every few characters (``省级以上“`` / ``专精特新”`` / ``企业总量（``)."""
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "100")
    result = cli("status", "2023-2025", "--data", REPO_DATA)
    assert result.exit_code == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if "指标（单位）" in line)
    assert "后续需完成" not in result.stdout and "达标年数" in header
    # the name column now holds 省级以上“专精特新”企业 (22 cells) on one line
    assert re.search(r"│ 省级以上“专精特新”企业\s*│ 230※/232", result.stdout), result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines() if line[:1] in "┏┃┡│├└") <= 100
    # a range still running keeps the column (see test_table_csv_and_markdown_say_the_same)


def test_a_narrow_name_column_puts_its_header_on_two_lines_rather_than_cut_it(cli, monkeypatch) -> None:
    """With 后续需完成 shown (2025 still running at Q2) the name column is 10 cells at 100 columns: its
    header read ``指标（单位`` / ``）``."""
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("status", "2023-2025", "--as-of", "2025-Q2", "--data", REPO_DATA)
    assert result.exit_code == 0, result.stderr
    head = [line for line in result.stdout.splitlines() if line.startswith("┃")]
    assert head[0].startswith("┃ 指标 ") and head[1].startswith("┃ （单位） ")
    assert "后续需完成" in head[1]


def test_a_unit_sees_only_its_indicators(cli) -> None:
    doc = json.loads(cli("status", "2023-2025", "--unit", "市场监管局", "--format", "json", "--data", REPO_DATA).stdout)
    assert [i["id"] for i in doc["indicators"]] == [
        "new_market_entities", "one_thing_services", "permit_free_items", "business_startup_days",
        "permit_reform_area_coverage", "permit_reform_item_coverage", "credit_repair_days",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("2025-2023",), "起始年份 2025 晚于结束年份 2023"),
        (("2022-2025",), "2022 年不在方案期 2023–2025 年内"),
        (("2023-2026",), "2026 年不在方案期"),
        (("2023-2025", "--as-of", "2024-Q3"), "--as-of 用于范围的最后一年"),
    ],
)
def test_bad_ranges_are_usage_errors(cli, args: tuple[str, ...], needle: str) -> None:
    result = cli("status", *args, "--data", REPO_DATA)
    assert result.exit_code == 2
    assert needle in result.stderr


def test_by_park_is_for_one_year(cli, tmp_path: Path) -> None:
    result = cli("status", "2023-2025", "--by", "park", "--data", REPO_DATA)
    assert result.exit_code == 2
    assert "只用于单个年度" in result.stderr
