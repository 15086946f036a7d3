"""Numbers as a person reads them, tables that fit the terminal, one default period (issue #10 §4)."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from .conftest import SHIPPED_DATA


def test_counts_are_whole_numbers_rounded_half_up_and_json_keeps_precision(cli) -> None:
    table = cli("status", "2024", "--data", SHIPPED_DATA).stdout
    # 年新增市场主体: 12400 by Q3 → 12400 / 0.75 = 16533.33 预计全年 → 16533;
    # 新入园“专精特新”企业: 序时进度 70 × 0.75 = 52.5 → 53 (half up, where round() gives 52)
    assert re.search(r"年新增市场主体.*│\s+16533 │", table)
    assert re.search(r"新入园“专精特新”企业.*│\s+53 │\s+12 │\s+77 │", table)
    assert "16533.3" not in table and "52.5" not in table
    doc = json.loads(cli("status", "2024", "--format", "json", "--data", SHIPPED_DATA).stdout)
    rows = {r["id"]: r for r in doc["indicators"]}
    assert rows["new_market_entities"]["projection"] == 16533.3333
    assert rows["new_specialized_in_parks"]["expected"] == 52.5
    markdown = cli("status", "2024", "--format", "markdown", "--data", SHIPPED_DATA).stdout
    assert "| 16533 |" in markdown and "16533.3" not in markdown


@pytest.mark.parametrize(
    ("width", "dropped", "figures"),
    [
        (100, "来源、牵头单位；", ("17000", "12400", "72.9%", "12750", "4600", "16533", "101.4%", "（2024-Q3）")),
        (80, "来源、牵头单位、预计全年；", ("17000", "12400", "72.9%", "12750", "4600", "101.4%", "（2024-Q3）")),
    ],
)
def test_the_status_table_fits_the_terminal(
    cli, monkeypatch: pytest.MonkeyPatch, width: int, dropped: str, figures: tuple[str, ...]
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))  # honoured when piped too
    result = cli("status", "2024", "--data", SHIPPED_DATA)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    # nothing broken mid-figure: every figure of the full table is whole on one line
    for figure in figures:
        assert figure in result.stdout, figure
    assert f"（终端宽度 {width} 列，未显示：{dropped}" in result.stdout


@pytest.mark.parametrize("width", [50, 60, 70])
def test_a_terminal_too_narrow_for_every_step_still_gets_a_table_within_its_width(
    cli, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Below what the narrowing steps reach, the widest columns give way in turn and their text folds
    onto more lines (figures too, as a last resort) rather than run past the edge."""
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("status", "2024", "--data", SHIPPED_DATA)
    assert result.exit_code == 0, result.stderr
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width
    assert "年新增" in result.stdout and "未显示：来源、牵头单位、预计全年、差距" in result.stdout


def test_wide_output_keeps_every_column(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("status", "2024", "--data", SHIPPED_DATA).stdout
    header = next(line for line in result.splitlines() if "指标" in line)
    assert "牵头单位" in header and "来源" in header
    assert "未显示" not in result


def test_a_list_without_a_register_says_so(cli) -> None:
    result = cli("firms", "new_market_entities", "--data", SHIPPED_DATA)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("年新增市场主体：无名录")
    assert "0 家" not in result.stdout
    doc = json.loads(cli("firms", "new_market_entities", "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert (doc["listed"], doc["total"], doc["firms"]) == (False, None, [])


def test_status_and_report_describe_the_same_period_by_default(cli) -> None:
    status = cli("status", "2024", "--format", "json", "--data", SHIPPED_DATA)
    assert json.loads(status.stdout)["as_of"] == "2024-Q3"
    rd = next(r for r in json.loads(status.stdout)["indicators"] if r["id"] == "rd_activity_coverage")
    assert rd["status"] == "no_data"  # the 2024 annual figure counts at year end
    report = cli("report", "2024-Q3", "--stdout", "--data", SHIPPED_DATA).stdout
    assert "规上工业企业研发活动覆盖率" in report
    table = cli("status", "2024", "--data", SHIPPED_DATA).stdout
    assert table.startswith("郑州高新区培育壮大市场主体工作方案（2023-2025年） 2024年目标完成情况（截至2024年第3季度）")
    # once the year is over the annual figure is shown: as of the year
    year = cli("status", "2024", "--as-of", "2024", "--format", "json", "--data", SHIPPED_DATA).stdout
    rd_year = next(r for r in json.loads(year)["indicators"] if r["id"] == "rd_activity_coverage")
    assert (rd_year["actual"], rd_year["status"]) == (91, "missed")


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize(
    "args", [("status", "2024"), ("status", "2023-2025"), ("missing", "2024-Q3"), ("validate",), ("units",)]
)
def test_everyday_output_fits_the_terminal(cli, monkeypatch: pytest.MonkeyPatch, width: int, args: tuple) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.chdir(SHIPPED_DATA.parent)  # paths as the analyst sees them, relative to the project
    result = cli(*args, "--data", SHIPPED_DATA.name)
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.output.splitlines() if cell_len(line) > width] == []


def test_one_line_summaries_fit_80_columns(cli, data_dir, monkeypatch: pytest.MonkeyPatch) -> None:
    """The summary and refusal lines, with a count of three digits, on data with errors in it."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(data_dir.parent)
    actuals = data_dir / "actuals" / "2024.csv"
    bad = "".join(f"new_market_entities,2024-Q{q},约335,increment,市场监管局,\n" for q in (1, 2, 3))
    actuals.write_text(actuals.read_text(encoding="utf-8") + bad * 40, encoding="utf-8")
    validate = cli("validate", "--data", "data")
    refused = cli("status", "2024", "--data", "data")
    assert (validate.exit_code, refused.exit_code) == (1, 1)
    summary = validate.stdout.splitlines()[-1]
    assert re.fullmatch(r"共 1\d\d 处错误、\d+ 处警告（data）；请按上面的提示修改", summary)
    refusal = next(line for line in refused.stderr.splitlines() if line.startswith("plan: "))
    assert re.fullmatch(r"plan: 数据有 1\d\d 处错误，未执行；运行 plan validate 可查看全部问题", refusal)
    assert cell_len(summary) <= 80 and cell_len(refusal) <= 80


@pytest.mark.parametrize("width", [100, 80])
def test_example_figures_keep_their_mark_when_the_source_column_is_left_out(
    cli, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """The 来源 column is the first to go; the note below the table still says 标“示例”的实际值, so the
    example figures must carry 示例 in their own cells (before: 12400 with nothing beside it)."""
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("status", "2024", "--data", SHIPPED_DATA)
    assert result.exit_code == 0, result.stderr
    assert "未显示：来源" in result.stdout
    # 年新增市场主体 2024-Q3 is 3900 + 4300 + 4200 = 12400, an example row of the shipped data
    assert re.search(r"│ 12400（示例）\s*│", result.stdout), result.stdout
    assert "示例数据：标“示例”的实际值" in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width


def test_a_unit_without_indicators_gets_a_sentence_not_an_empty_table(cli) -> None:
    """创新协同中心 leads measure 17 only: its status was a table frame with no row and 共 0 项指标."""
    for years in ("2024", "2023-2025"):
        result = cli("status", years, "--unit", "创新协同中心", "--data", SHIPPED_DATA)
        assert result.exit_code == 0, result.stderr
        assert not result.stdout.splitlines()[1].startswith("┏"), result.stdout  # the line after the title
        assert "没有要列出的指标：所选单位不牵头、也不报送任何指标" in result.stdout
