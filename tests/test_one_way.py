"""Every command reads periods, formats, indicator names and units the same way (issue #10 §2, §3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_DATA


@pytest.mark.parametrize(
    ("args", "same_as"),
    [
        (["status", "2024年", "--as-of", "2024年第三季度"], ["status", "2024", "--as-of", "2024-Q3"]),
        (["status", "2024年三季度"], ["status", "2024", "--as-of", "2024-Q3"]),
        (["status", "2024", "--as-of", "2024.09"], ["status", "2024", "--as-of", "2024-09"]),
        (["report", "2024年第3季度", "--stdout"], ["report", "2024-Q3", "--stdout"]),
        (["report", "2024Q3", "--stdout"], ["report", "2024-Q3", "--stdout"]),
        (["missing", "2024-q3"], ["missing", "2024-Q3"]),
        (["missing", "2024年9月"], ["missing", "2024-09"]),
        (["firms", "tech_smes", "--as-of", "2024年第三季度"], ["firms", "tech_smes", "--as-of", "2024-Q3"]),
        (["conversion", "--as-of", "2024年"], ["conversion", "--as-of", "2024"]),
    ],
)
def test_every_period_form_in_every_command(cli, args: list[str], same_as: list[str]) -> None:
    ours = cli(*args, "--format", "json", "--data", SHIPPED_DATA) if args[0] != "report" else None
    if ours is None:  # the report has no JSON: compare the Markdown itself
        ours = cli(*args, "--data", SHIPPED_DATA)
        theirs = cli(*same_as, "--data", SHIPPED_DATA)
    else:
        theirs = cli(*same_as, "--format", "json", "--data", SHIPPED_DATA)
    assert ours.exit_code == 0, ours.stderr
    assert ours.stdout == theirs.stdout


def test_a_month_is_still_a_usage_error_for_report(cli) -> None:
    result = cli("report", "2024年9月", "--stdout", "--data", SHIPPED_DATA)
    assert result.exit_code == 2
    assert "“2024年9月”是月份；报告按季度（如 2024-Q3）或年度（如 2024）编写" in result.stderr


def test_a_bad_period_names_the_accepted_forms(cli) -> None:
    result = cli("missing", "2024年第五季度", "--data", SHIPPED_DATA)
    assert result.exit_code == 2
    assert "“2024年第五季度”不是报告期；可写 2024-Q3、2024Q3、2024年第三季度" in result.stderr


def test_record_and_template_take_chinese_periods(cli, data_dir: Path, tmp_path: Path) -> None:
    recorded = cli("record", "unicorns", "2024年第四季度", "6", "--replace", "--format", "json", "--data", data_dir)
    assert recorded.exit_code == 0, recorded.stderr
    assert json.loads(recorded.stdout)["changes"][0]["period"] == "2024-Q4"
    out = tmp_path / "模板.xlsx"
    made = cli("template", "2025年第1季度", "--unit", "市场监管局", "-o", out, "--data", data_dir)
    assert made.exit_code == 0, made.stderr
    assert "2025年第1季度" in made.stdout


@pytest.mark.parametrize(("alias", "canonical"), [("md", "markdown"), ("MD", "markdown"), ("text", "table")])
def test_format_aliases(cli, alias: str, canonical: str) -> None:
    ours = cli("status", "2024", "--format", alias, "--data", SHIPPED_DATA)
    theirs = cli("status", "2024", "--format", canonical, "--data", SHIPPED_DATA)
    assert ours.exit_code == 0, ours.stderr
    assert ours.stdout == theirs.stdout


def test_table_and_text_stand_for_each_other(cli) -> None:
    # validate's plain output is called text; diff's too; units' is called table
    validate = cli("validate", "--format", "table", "--data", SHIPPED_DATA)
    assert validate.exit_code == 0, validate.stderr
    assert validate.stdout == cli("validate", "--format", "text", "--data", SHIPPED_DATA).stdout
    units = cli("units", "--format", "text", "--data", SHIPPED_DATA)
    assert units.exit_code == 0
    assert units.stdout == cli("units", "--data", SHIPPED_DATA).stdout
    report = cli("report", "2024-Q3", "--format", "markdown", "--stdout", "--data", SHIPPED_DATA)
    assert report.exit_code == 0, report.stderr
    assert report.stdout == cli("report", "2024-Q3", "--format", "md", "--stdout", "--data", SHIPPED_DATA).stdout


@pytest.mark.parametrize("name", ["瞪羚(潜在)企业总量", "瞪羚（潜在）企业总量", "gazelles", " 瞪羚 (潜在) 企业总量 "])
def test_indicator_names_matched_one_way(cli, data_dir: Path, name: str) -> None:
    firms = cli("firms", name, "--format", "json", "--data", data_dir)
    assert firms.exit_code == 0, firms.stderr
    assert json.loads(firms.stdout)["list"] == "gazelles"
    recorded = cli("record", name, "2024-Q4", "334", "--replace", "--format", "json", "--data", data_dir)
    assert recorded.exit_code == 0, recorded.stderr
    assert json.loads(recorded.stdout)["changes"][0]["key"] == "gazelles"


def test_a_misspelt_indicator_gets_a_suggestion(cli) -> None:
    result = cli("firms", "瞪羚企业总量", "--data", SHIPPED_DATA)
    assert result.exit_code == 2
    assert "瞪羚（潜在）企业总量" in result.stderr


@pytest.mark.parametrize("name", ["枫杨", "枫杨园区", "枫杨园区运营中心"])
def test_parks_are_units_like_any_other(cli, name: str) -> None:
    one = json.loads(cli("units", name, "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert one["unit"] == "枫杨园区运营中心"
    assert one["short_name"] == "枫杨"
    assert "本工具的解读" in one["reading"]  # the document writes only full names: marked as our reading
    status = cli("status", "2024", "--unit", name, "--format", "json", "--data", SHIPPED_DATA)
    assert status.exit_code == 0, status.stderr
    full = cli("status", "2024", "--unit", "枫杨园区运营中心", "--format", "json", "--data", SHIPPED_DATA)
    assert status.stdout == full.stdout
    firms = cli("firms", "tech_smes", "--park", name, "--format", "json", "--data", SHIPPED_DATA)
    assert firms.exit_code == 0, firms.stderr
    assert {f["park"] for f in json.loads(firms.stdout)["firms"]} == {"枫杨园区运营中心"}


def test_by_park_for_one_park_shows_that_park_only(cli) -> None:
    result = cli("status", "2024", "--by", "park", "--unit", "枫杨", "--format", "json", "--data", SHIPPED_DATA)
    assert result.exit_code == 0, result.stderr
    by_park = json.loads(result.stdout)["by_park"]
    assert by_park["parks"] == ["枫杨园区运营中心"]
    assert by_park["indicators"]
    assert all(list(row["by_park"]) == ["枫杨园区运营中心"] for row in by_park["indicators"])
    table = cli("status", "2024", "--by", "park", "--unit", "枫杨", "--data", SHIPPED_DATA).stdout
    assert "枫杨" in table and "石佛" not in table
