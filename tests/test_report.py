"""`plan report`: content selection, the golden Markdown report, Word output and safe writing."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from typer.testing import CliRunner

from zzgx_plan.cli import app
from zzgx_plan.compute.status import Status
from zzgx_plan.core.models import ProgressStatus
from zzgx_plan.core.periods import Period
from zzgx_plan.load import load_plan
from zzgx_plan.render.document import Tone
from zzgx_plan.render.docx_writer import SHADING, cell_shading
from zzgx_plan.report.content import PeriodReport, build_report

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "fixtures" / "example-2024q3"  # the example data frozen at 2024-Q3
GOLDEN = Path(__file__).resolve().parent / "golden" / "report-2024-Q3.md"
EPOCH = {"SOURCE_DATE_EPOCH": "1728345600"}  # 2024-10-08, the date the golden report states

runner = CliRunner()


def report_for(period: str, data: Path = DATA) -> PeriodReport:
    return build_report(load_plan(data), Period.parse(period))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


# ---------------------------------------------------------------- the golden report


def test_golden_markdown_report_of_the_shipped_data() -> None:
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "--stdout"], env=EPOCH)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == GOLDEN.read_bytes(), (
        "report changed: if intended, regenerate with "
        "SOURCE_DATE_EPOCH=1728345600 plan report 2024-Q3 --stdout > tests/golden/report-2024-Q3.md"
    )


CHARTS = (
    ("图1 主要指标完成率与序时进度（2024年第3季度）", "overview"),
    ("图2 主要指标季度走势", "trajectory"),
    ("图3 分园区企业数（据企业名录）", "parks"),
)


def golden_with_charts(folder: str) -> str:
    """The golden (printed) report as a file report writes it: its charts linked (SVG files in ``folder``)
    where the printed one says they are left out."""
    golden = GOLDEN.read_text(encoding="utf-8")
    note = next(line for line in golden.splitlines() if "图表未包含在本文本中" in line)
    links = "\n\n".join(f"![{caption}]({folder}/{name}.svg)\n\n{caption}" for caption, name in CHARTS)
    return golden.replace(note, links)


def test_default_output_path_gets_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA)], env=EPOCH)
    assert result.exit_code == 0, result.output
    assert "已生成报告：reports/2024-Q3.md" in result.stdout
    assert (tmp_path / "reports" / "2024-Q3.md").read_text(encoding="utf-8") == golden_with_charts("2024-Q3")
    for _caption, name in CHARTS:
        svg = (tmp_path / "reports" / "2024-Q3" / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "<svg" in svg and "<dc:date>" not in svg
    again = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA)], env=EPOCH)
    assert again.exit_code == 1 and "已存在" in again.stderr  # no overwrite without --force


def test_golden_report_has_the_seven_parts() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == "# 郑州高新区培育壮大市场主体工作方案（2023-2025年）推进情况报告"
    assert [h for h in headings if h.startswith("## ")] == [
        "## 一、总体情况",
        "## 二、主要指标完成情况",
        "## 三、重点任务推进情况",
        "## 四、需关注事项",
        "## 五、报送情况",
        "## 六、数据说明",
    ]
    assert "（郑开管文〔2023〕146号）" in text
    assert "数据截至：2024年第3季度；数据最近更新：2024-10-08（指定日期）" in text
    assert "范围：指标17项（附件1任务目标7项、重点任务量化指标10项），7个方面重点任务22项" in text
    assert "【示例数据】" in text
    # the 7 sections of measures under 三、
    start, end = headings.index("## 三、重点任务推进情况"), headings.index("## 四、需关注事项")
    assert headings[start + 1 : end] == [
        "### （一）便利市场准入准营",
        "### （二）积极推进“个转企”",
        "### （三）做大做强“四上”企业",
        "### （四）深入推进“规做精”",
        "### （五）培育壮大国家级高新技术企业",
        "### （六）持续推进“优上市”",
        "### （七）营造更好服务市场主体的发展环境",
    ]
    # the text progress bar: 12400 of 17000 is 72.9 %; the unit in its own column, the numbers bare,
    # 示例 after the name (the figure is example data)
    assert (
        "| 1 | 年新增市场主体（示例） | 家 | 17000※ | 12400 | ███████░░░ 72.9 | "
        "12750（75.0%） | 差4600 | 约16533 | +4200 | 黄 略低于序时进度 | 市场监管局、党政办公室 |"
    ) in text


# ---------------------------------------------------------------- section selection logic


def test_counts_and_summary_follow_the_status_computation() -> None:
    report = report_for("2024-Q3")
    counts = report.status.counts()
    assert counts[Status.ACHIEVED] == 3 and counts[Status.BEHIND] == 1 and counts[Status.AT_RISK] == 2
    text = GOLDEN.read_text(encoding="utf-8")
    assert "已完成年度目标3项、符合序时进度2项（绿灯5项），略低于序时进度2项（黄灯）" in text
    assert "高新技术企业总量滞后，完成95.7%，低于序时进度（97.6%）2.0个百分点，距2024年目标差100家" in text


def test_annex1_indicators_come_first() -> None:
    origins = [line.indicator.origin.value for line in report_for("2024-Q3").indicators]
    assert origins == ["annex1"] * 7 + ["measure"] * 10  # 7 commitments + 一日办结 and “两个全覆盖” (2)


def test_stale_figures() -> None:
    report = report_for("2024-Q3")
    stale = {line.indicator.id: str(line.latest_period) for line in report.stale}
    # rd_activity_coverage has a 2024 year figure, which is not "as of" Q3: its latest usable is 2023
    assert stale == {
        "unicorns": "2023-Q4",
        "rd_activity_coverage": "2023",
        "rd_institution_coverage": "2024-Q2",
    }
    golden = GOLDEN.read_text(encoding="utf-8")
    assert "以下指标的最新数据早于报告期末（2024年第3季度末）：" in golden
    assert "规上国家级高新技术企业研发机构覆盖率（最新为2024年第2季度）" in golden
    # In the annual report a Q3 figure is within the year but not up to its end.
    annual = runner.invoke(app, ["report", "2024", "--data", str(DATA), "--stdout"]).stdout
    assert "以下指标的最新数据早于报告期末（2024年末）：年新增市场主体（最新为2024年第3季度）" in annual


def test_stale_figure_disappears_once_reported(data_copy: Path) -> None:
    append(data_copy / "actuals" / "2024.csv", "rd_institution_coverage,2024-Q3,88%,,创新发展局,示例数据\n")
    stale = {line.indicator.id for line in report_for("2024-Q3", data_copy).stale}
    assert stale == {"unicorns", "rd_activity_coverage"}


def test_measures_without_entry_are_not_reported() -> None:
    report = report_for("2024-Q3")
    missing = [m.measure.number for m in report.measures if m.entry is None]
    assert missing == [4, 5, 7, 8, 12, 14, 15, 16, 18, 19, 21, 22]
    assert len(report.measures) == 22
    q2 = report_for("2024-Q2")
    assert [m.measure.number for m in q2.measures if m.entry is not None] == [1, 2, 6, 9, 11, 20, 22]
    text = GOLDEN.read_text(encoding="utf-8")
    assert (
        "| 4 | 提供高效便捷的准入服务 | 市场监管局 | "
        "政务服务中心、国土规划住建局、人力资源和社会保障局、税务局 | " in text
    )
    assert "| 灰 未报送 | 未报送 |" in text
    assert "本期报送进展10项（已完成2项、推进中6项、滞后1项、未启动1项），未报送12项。" in text


def test_annual_report_uses_the_latest_entry_within_the_year() -> None:
    report = report_for("2024")
    entry = next(m.entry for m in report.measures if m.measure.number == 22)
    assert entry is not None and str(entry.period) == "2024-Q2"  # only Q2 reported measure 22
    entry = next(m.entry for m in report.measures if m.measure.number == 11)
    assert entry is not None and str(entry.period) == "2024-Q3"


def test_annual_report_says_which_quarter_an_entry_is_from(data_copy: Path) -> None:
    """In the annual report a measure's latest entry may be from any quarter: its text says which, in 三
    and in 四 (a Q2 entry must not read as the year's progress). The quarter's own report adds nothing."""
    q2 = data_copy / "progress" / "2024-Q2.yaml"
    q2.write_text(q2.read_text(encoding="utf-8").replace("status: 推进中", "status: 滞后"), encoding="utf-8")
    result = runner.invoke(app, ["report", "2024", "--data", str(data_copy), "--stdout"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "会同统计部门核对新设企业名录，推动应统尽统。<br>（报送：党政办公室，2024年第2季度，示例数据） |" in text
    assert "（报送：创新发展局，2024年第3季度，示例数据）" in text  # measure 11, reported for Q3
    assert "| 22. 及时扩大纳统范围 | 重点任务 | 红 滞后 | 进展滞后（2024年第2季度报送）：会同统计部门" in text
    quarter = runner.invoke(app, ["report", "2024-Q2", "--data", str(data_copy), "--stdout"]).stdout
    assert "（报送：党政办公室，示例数据） |" in quarter
    assert "| 重点任务 | 红 滞后 | 进展滞后：会同统计部门" in quarter


def test_attention_is_worst_first() -> None:
    items = report_for("2024-Q3").attention
    names = [i.indicator.indicator.id if i.indicator else f"measure {i.measure.measure.number}" for i in items]
    # behind, then the measure reported 滞后, then at risk by pace (0.907 before 0.973)
    assert names == ["high_tech_enterprises", "measure 11", "gazelles", "new_market_entities"]
    # 2023 year end: missed targets, lowest completion first
    items = report_for("2023").attention
    assert [(i.indicator.indicator.id, i.indicator.progress.status) for i in items if i.indicator] == [
        ("rd_activity_coverage", Status.MISSED),
        ("tech_smes", Status.MISSED),
        ("high_tech_enterprises", Status.MISSED),
    ]


def test_attention_includes_a_newly_delayed_measure(data_copy: Path) -> None:
    text = (data_copy / "progress" / "2024-Q3.yaml").read_text(encoding="utf-8")
    text = text.replace("  - measure: 13\n    status: 未启动", "  - measure: 13\n    status: 滞后")
    (data_copy / "progress" / "2024-Q3.yaml").write_text(text, encoding="utf-8")
    items = report_for("2024-Q3", data_copy).attention
    measures = [i.measure.measure.number for i in items if i.measure]
    assert measures == [11, 13]
    assert all(i.measure.entry.status is ProgressStatus.DELAYED for i in items if i.measure and i.measure.entry)


def test_change_since_previous_quarter() -> None:
    report = report_for("2024-Q3")
    by_id = {line.indicator.id: line for line in report.indicators}
    assert by_id["new_market_entities"].change == 4200  # 3900+4300+4200 − (3900+4300)
    assert by_id["high_tech_enterprises"].change == 50  # 2200 − 2150
    assert by_id["new_specialized_in_parks"].change == 18  # ytd 40 + 18 − 40
    assert by_id["rd_institution_coverage"].updated is False  # still the Q2 figure
    assert by_id["unicorns"].change is None
    text = GOLDEN.read_text(encoding="utf-8")
    assert "| 较第2季度 |" in text
    # a figure older than the period carries its data period (85% reported for Q2)
    assert "| 85<br>（第2季度） | — | — | — | 约92 | 未更新 | 灰 无目标 |" in text
    # a flow indicator restarts each year: Q1 is not compared with the previous year's Q4
    q1 = {line.indicator.id: line for line in report_for("2024-Q1").indicators}
    assert q1["new_market_entities"].change is None
    assert q1["high_tech_enterprises"].change == 20  # a stock compares across the year boundary


def test_submissions_per_lead_unit() -> None:
    subs = {s.unit: s for s in report_for("2024-Q3").submissions}
    assert list(subs) == ["市场监管局", "创新发展局", "创新协同中心", "党政办公室"]
    # rd_activity_coverage's 2024 figure is final (a Q3 figure would overlap it): not owed
    assert [i.id for i in subs["创新发展局"].missing_indicators] == ["unicorns", "rd_institution_coverage"]
    assert [m.number for m in subs["市场监管局"].missing_measures] == [4, 5, 18, 21]
    assert subs["创新协同中心"].complete
    assert [m.number for m in subs["党政办公室"].missing_measures] == [22]


@pytest.mark.parametrize("period", ["2024", "2024-Q3", "2024-Q4"])
def test_submissions_agree_with_plan_missing(data_copy: Path, period: str) -> None:
    """五、报送情况 and `plan missing` answer the same question the same way. A July figure does not
    answer for Q3; in the annual report a unit whose latest figure is for Q3 has not reported for the year
    (it used to read 已全部报送 while 六 said its figures stopped at Q3)."""
    append(data_copy / "actuals" / "2024.csv", "unicorns,2024-07,5,,创新发展局,\n")
    missing = runner.invoke(app, ["missing", period, "--format", "json", "--data", str(data_copy)])
    assert missing.exit_code == 0, missing.output
    expected = {
        u["unit"]: ([i["id"] for i in u["indicators"]], [m["number"] for m in u["measures"]])
        for u in json.loads(missing.stdout)["units"]
    }
    report = report_for(period, data_copy)
    got = {
        s.unit: ([i.id for i in s.missing_indicators], [m.number for m in s.missing_measures])
        for s in report.submissions
    }
    assert got == expected
    reported = sum(1 for m in report.measures if m.reported)
    assert reported == {"2024": 0, "2024-Q3": 10, "2024-Q4": 0}[period]
    if period == "2024-Q3":
        assert "unicorns" in got["创新发展局"][0]


def test_month_period_is_refused_by_the_core() -> None:
    with pytest.raises(ValueError, match="报告按季度"):
        report_for("2024-09")


# ---------------------------------------------------------------- Word output


def test_docx_report_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "-o", str(out)], env=EPOCH)
    assert result.exit_code == 0, result.output
    word = docx.Document(str(out))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、主要指标完成情况", "三、重点任务推进情况", "四、需关注事项",
                        "五、报送情况", "六、数据说明"]  # fmt: skip
    assert word.paragraphs[0].text == "郑州高新区培育壮大市场主体工作方案（2023-2025年）推进情况报告"
    # body: overview, the per-park table, attention, submissions; then the landscape attachments:
    # 附件1 the 2 indicator tables, 附件2 the 7 measure tables
    assert len(word.tables) == 13
    parks = word.tables[1]
    assert [c.text for c in parks.rows[0].cells] == [
        "指标",
        "计数期",
        "石佛",
        "枫杨",
        "双桥",
        "梧桐",
        "名录合计",
        "报送值",
    ]
    assert [c.text for c in parks.rows[1].cells] == [
        "高新技术企业总量", "2024年第3季度", "729", "603", "500", "368", "2200", "2200",
    ]  # fmt: skip
    annex = word.tables[4]
    # units in a 单位 column, bare numbers in the cells (issue #11: not 17000 / 家 on two lines)
    assert [c.text for c in annex.rows[0].cells][:6] == ["序号", "指标", "单位", "年度目标", "完成值", "完成率（%）"]
    row = [c.text for c in annex.rows[2].cells]
    # ※: its lead unit is a reading (Annex 1 names none), explained in 数据说明; 示例 after the name;
    # the completion bar on its own line above the figure (2200 / 2300 = 95.7 %)
    assert row[1:6] == ["高新技术企业总量（示例）", "家", "2300※", "2200", "█████████░\n95.7"]
    assert row[10] == "红 滞后"
    assert cell_shading(annex.rows[2].cells[10]) == SHADING[Tone.RED]
    assert cell_shading(annex.rows[1].cells[10]) == SHADING[Tone.YELLOW]
    assert cell_shading(annex.rows[6].cells[10]) == SHADING[Tone.GREY]  # unicorns: no data
    measures_2 = word.tables[7]  # （二）积极推进“个转企”: measures 4 and 5, neither reported
    assert [[c.text for c in r.cells][5] for r in measures_2.rows[1:]] == ["灰 未报送", "灰 未报送"]
    assert word.core_properties.created is not None and word.core_properties.created.year == 2024
    # the charts after 二、主要指标完成情况 (PNG), and the closing block with the data's date
    texts = [p.text for p in word.paragraphs]
    assert texts.index("二、主要指标完成情况") < texts.index("图1 主要指标完成率与序时进度（2024年第3季度）")
    assert texts.index("图3 分园区企业数（据企业名录）") < texts.index("三、重点任务推进情况")
    assert len(word.inline_shapes) == 3
    assert texts[texts.index("郑州高新区培育壮大市场主体工作领导小组办公室") + 1] == "2024年10月8日"
    assert [s.orientation for s in word.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.LANDSCAPE]


@pytest.mark.parametrize("period", ["2024-Q3", "2024"])
def test_attachment_tables_have_units_in_headers_and_numbers_that_fit(tmp_path: Path, period: str) -> None:
    """附件1 (issue #11): the unit in a 单位 column, never in a figure's cell, and every column but
    the long texts (指标, 状态, 牵头单位) wide enough for its header and figures on one line; the
    tables of one attachment share their column widths."""
    from zzgx_plan.render.docx_writer import CELL_PADDING_CM, HALF_WIDTH_CM, set_width

    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["report", period, "--data", str(DATA), "-o", str(out)], env=EPOCH)
    assert result.exit_code == 0, result.output
    word = docx.Document(str(out))
    annex = [t for t in word.tables if t.rows[0].cells[2].text == "单位"]
    assert len(annex) == 2  # （一）附件1任务目标, （二）重点任务量化指标
    widths = [[round(c.width.cm, 2) for c in t.columns] for t in annex]
    assert widths[0] == widths[1]
    header = [c.text for c in annex[0].rows[0].cells]
    figures = ("年度目标", "完成值", "完成率（%）", "序时进度", "差距", "年末预计")
    units = {"家", "项", "个", "日", "个工作日"}
    for table in annex:
        for row in table.rows[1:]:
            texts = {h: c.text for h, c in zip(header, row.cells, strict=True)}
            assert texts["单位"] in units | {"%"}
            for name in figures:
                assert not any(texts[name].split("\n")[0].endswith(u) for u in units), (name, texts[name])
    for j, name in enumerate(header):
        if name in ("指标", "状态", "牵头单位"):
            continue
        longest = max(set_width(line) for t in annex for r in t.rows for line in r.cells[j].text.split("\n"))
        if name == "完成率（%）":  # the bar's line is measured in 4.5 pt blocks, not in text
            longest = max(set_width(r.cells[j].text.split("\n")[-1]) for t in annex for r in t.rows)
        assert widths[0][j] >= round(longest * HALF_WIDTH_CM + CELL_PADDING_CM, 2) - 0.01, name


def test_docx_output_is_byte_for_byte_deterministic(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.docx", "b.docx"):
        out = tmp_path / name
        result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "-o", str(out)], env=EPOCH)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0][:2] == b"PK"


def test_format_contradicting_the_output_suffix_is_a_usage_error(tmp_path: Path) -> None:
    """--format md -o 报告.docx would write Markdown that Word cannot open: refused, nothing written."""
    for fmt, name in (("md", "报告.docx"), ("docx", "报告.md")):
        out = tmp_path / name
        result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "-o", str(out), "--format", fmt])
        assert result.exit_code == 2, result.output
        assert "与输出文件" in result.stderr and "的扩展名不一致" in result.stderr
        assert not out.exists()


def test_output_that_is_a_directory_is_refused_as_such(tmp_path: Path) -> None:
    """Not "exists; use --force" (which then fails anyway): the message says it is a directory."""
    for extra in ([], ["--force"]):
        result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "-o", str(tmp_path), *extra])
        assert result.exit_code == 1
        assert result.stderr == f"plan: {tmp_path} 是文件夹；请用 --output 给出文件名\n"
    assert list(tmp_path.iterdir()) == []


def test_format_option_and_stdout_docx(tmp_path: Path) -> None:
    out = tmp_path / "report.bin"
    result = runner.invoke(
        app, ["report", "2024-Q3", "--data", str(DATA), "-o", str(out), "--format", "docx"], env=EPOCH
    )
    assert result.exit_code == 0
    assert out.read_bytes()[:2] == b"PK"
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "--format", "docx", "--stdout"], env=EPOCH)
    assert result.exit_code == 0
    assert docx.Document(io.BytesIO(result.stdout_bytes)).paragraphs[0].text.endswith("推进情况报告")


# ---------------------------------------------------------------- writing safely


def test_existing_report_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "2024-Q3.md"
    out.parent.mkdir()
    out.write_text("earlier report\n", encoding="utf-8")
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "-o", str(out)], env=EPOCH)
    assert result.exit_code == 1
    assert "已存在，未写入；确需覆盖请加 --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "earlier report\n"
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "-o", str(out), "--force"], env=EPOCH)
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == golden_with_charts("2024-Q3")


def test_failed_write_leaves_the_previous_report_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "2024-Q3.md"
    out.write_text("earlier report\n", encoding="utf-8")

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "-o", str(out), "--force"], env=EPOCH)
    assert result.exit_code == 1
    assert "无法写入" in result.stderr and "磁盘空间不足" in result.stderr  # (No space left on device)
    assert out.read_text(encoding="utf-8") == "earlier report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-Q3.md"]  # no temporary file left behind


def test_invalid_data_is_located_and_nothing_is_written(data_copy: Path, tmp_path: Path) -> None:
    append(
        data_copy / "progress" / "2024-Q3.yaml",
        "  - measure: 99\n    status: 推进中\n    reported_by: 市场监管局\n    text: x\n",
    )
    out = tmp_path / "out.md"
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(data_copy), "-o", str(out)], env=EPOCH)
    assert result.exit_code == 1
    lines = (data_copy / "progress" / "2024-Q3.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  - measure: 99") + 1
    assert f"2024-Q3.yaml:{line}: 没有编号为 99 的措施" in result.stderr
    assert "未生成报告" in result.stderr
    assert not out.exists()


def test_usage_errors_exit_2() -> None:
    for args in (
        ["report", "2024-09"],
        ["report", "2024-Q5"],
        ["report", "2024-Q3", "--stdout", "-o", "x.md"],
    ):
        result = runner.invoke(app, [*args, "--data", str(DATA)])
        assert result.exit_code == 2, args


def test_period_outside_the_plan_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "2030", "--data", str(DATA), "-o", str(tmp_path / "x.md")])
    assert result.exit_code == 2  # a period the user typed: a usage error (issue #10 §3; it was 1)
    assert "2030 年不在方案期 2023–2025 年内" in result.stderr
    assert not (tmp_path / "x.md").exists()


def test_validation_warnings_are_stated_with_paths_from_the_data_directory(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv_path = data_copy / "actuals" / "2024.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    csv_path.write_text("".join(line for line in lines if not line.startswith("new_market_entities,2024-Q2")))
    q3_line = next(i for i, line in enumerate(lines, 1) if line.startswith("new_market_entities,2024-Q3")) - 1
    monkeypatch.chdir(tmp_path.parent)  # somewhere else than the data directory's parent
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(data_copy), "--stdout"], env=EPOCH)
    assert result.exit_code == 0  # a warning does not block the report
    assert "flow-missing-period" not in result.stdout
    note = next(line for line in result.stdout.splitlines() if line.startswith("- 校验提示"))
    # stated for the report's readers: the indicator and the months, not the data file and its line
    # (a report never shows paths under data/); the same wherever the report is made from
    assert note == "- 校验提示（请核实后再引用相关数字）：年新增市场主体 2024-Q3：本年第 4—6 月没有报送新增数。"
    assert f"2024.csv:{q3_line}" not in result.stdout and "actuals/" not in result.stdout
    assert "warning" in result.stderr  # and it is printed like any warning


def test_word_and_markdown_carry_the_same_content() -> None:
    from zzgx_plan.render.document import Heading, Table, progress_bar
    from zzgx_plan.render.docx_writer import render_docx
    from zzgx_plan.render.markdown import render_markdown
    from zzgx_plan.report.compose import report_document
    from zzgx_plan.report.datastamp import data_stamp

    data = load_plan(DATA)
    document = report_document(build_report(data, Period.parse("2024-Q3")), data.plan, data_stamp(DATA, EPOCH))
    word = docx.Document(io.BytesIO(render_docx(document)))
    tables = [b for b in document.blocks if isinstance(b, Table)]
    # Word sets the wide tables in attachments after the body, in their order
    tables = [t for t in tables if not t.attachment] + [t for t in tables if t.attachment]
    assert len(word.tables) == len(tables)
    for block, table in zip(tables, word.tables, strict=True):
        expected = [list(block.header)] + [
            # Word sets a completion bar on its own line above the figure
            [(f"{progress_bar(c.bar)}\n{c.text}" if c.bar is not None else c.text) for c in row]
            for row in block.rows
        ]
        assert [[c.text for c in r.cells] for r in table.rows] == expected
    blocks = document.blocks
    # a heading right before an attachment table goes with it into the attachment, as its caption
    captions = [b.text for b, n in zip(blocks, blocks[1:], strict=False) if isinstance(n, Table) and n.attachment]
    headings = [b.text for b in blocks if isinstance(b, Heading) and b.text not in captions] + captions
    assert [p.text for p in word.paragraphs if p.style.name.startswith("Heading")] == headings
    markdown = render_markdown(document)
    assert all(h in markdown for h in headings)


def test_revised_target_is_marked_and_explained(data_copy: Path) -> None:
    from .test_revisions import LOWERED, revise

    revise(data_copy, LOWERED)
    result = CliRunner().invoke(app, ["report", "2024-Q3", "--data", str(data_copy), "--stdout"], env=EPOCH)
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 2 | 高新技术企业总量（示例） |"))
    assert row.startswith("| 2 | 高新技术企业总量（示例） | 家 | 2250\\*※ |")  # Markdown-escaped *; ※ a reading
    assert (
        "- 目标调整：\\* 高新技术企业总量 2024年目标已调整：2300 → 2250（郑开管文〔2024〕8号，2024-06-20 印发，"
        "2024-07-01 起执行）" in result.stdout
    )


def test_per_park_breakdown_from_the_registers(data_copy: Path) -> None:
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(DATA), "--stdout"], env=EPOCH)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("### （三）分园区情况（据企业名录）")
    assert lines[start + 4] == "| 指标 | 计数期 | 石佛 | 枫杨 | 双桥 | 梧桐 | 名录合计 | 报送值 |"
    rows = [line.split(" | ") for line in lines[start + 6 : start + 14]]
    for cells in rows:
        parks, total = [int(c) for c in cells[2:6]], int(cells[6])
        assert sum(parks) == total
    hte = next(cells for cells in rows if cells[0] == "| 高新技术企业总量")
    assert hte[6:] == ["2200", "2200 |"]  # the register count and the reported figure agree

    shutil.rmtree(data_copy / "registers")
    without = runner.invoke(app, ["report", "2024-Q3", "--data", str(data_copy), "--stdout"], env=EPOCH)
    assert without.exit_code == 0
    assert "分园区情况" not in without.stdout


def test_register_errors_refuse_the_report(data_copy: Path, tmp_path: Path) -> None:
    path = data_copy / "registers" / "example_gazelles.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    bad = lines[1].rstrip("\n").split(",")
    bad[0] = "91350203M0001QAY9"  # 17 characters: a malformed code is an error
    path.write_text(lines[0] + ",".join(bad) + "\n" + "".join(lines[2:]), encoding="utf-8")
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(data_copy), "-o", str(out)], env=EPOCH)
    assert result.exit_code == 1
    assert f"{path}:2: " in result.stderr
    assert not out.exists()
    assert header  # the file keeps its header row


def test_report_and_chart_folder_are_replaced_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zzgx_plan.files import atomic

    target = tmp_path / "2024-Q3.md"
    atomic.write_file_and_folder(target, b"old report", {"2024-Q3/a.svg": b"old a"})
    with pytest.raises(FileExistsError):  # without replace, an existing report is never replaced
        atomic.write_file_and_folder(target, b"new report", {"2024-Q3/a.svg": b"new a"})
    assert (tmp_path / "2024-Q3" / "a.svg").read_bytes() == b"old a"
    real_replace = os.replace

    def fail_on_the_report(src, dst):  # the commit point (the report's rename) fails
        if Path(dst) == target:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_the_report)
    with pytest.raises(OSError):
        atomic.write_file_and_folder(
            target, b"new report", {"2024-Q3/a.svg": b"new a", "2024-Q3/b.svg": b"new b"}, replace=True
        )
    # the old set is intact and nothing is left behind
    assert target.read_bytes() == b"old report"
    assert sorted(p.name for p in (tmp_path / "2024-Q3").iterdir()) == ["a.svg"]
    assert (tmp_path / "2024-Q3" / "a.svg").read_bytes() == b"old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-Q3", "2024-Q3.md"]
    monkeypatch.setattr(os, "replace", real_replace)
    atomic.write_file_and_folder(target, b"new report", {"2024-Q3/b.svg": b"new b"}, replace=True)
    assert target.read_bytes() == b"new report"
    assert sorted(p.name for p in (tmp_path / "2024-Q3").iterdir()) == ["b.svg"]  # the old chart is gone


def test_the_report_speaks_the_office_language_not_the_tools() -> None:
    """Readers of the report never see the tool's internals: command names, git, paths under data/."""
    text = GOLDEN.read_text(encoding="utf-8")
    for internal in ("plan validate", "plan missing", "plan report", "plan ", "git", "data/", "registers/"):
        assert internal not in text, internal
    assert "（与催报清单一致）" in text
    assert "本报告根据各单位报送的数据汇总生成。" in text


def test_data_check_warnings_reach_the_report_without_files_or_ids(data_copy: Path) -> None:
    """A warning of the data check is stated in the report in its readers' words: the indicator's name, no
    data file, no line number, no identifier (before: ``data/actuals/2024.csv:35: 警告：rd_institution_coverage …``)."""
    append(data_copy / "actuals" / "2024.csv", "rd_institution_coverage,2024-Q3,0.9,,创新发展局,\n")
    result = runner.invoke(app, ["report", "2024-Q3", "--data", str(data_copy), "--stdout"], env=EPOCH)
    assert result.exit_code == 0, result.output
    notes = next(line for line in result.stdout.splitlines() if line.startswith("- 校验提示"))
    assert notes == (
        "- 校验提示（请核实后再引用相关数字）：规上国家级高新技术企业研发机构覆盖率 2024-Q3：0.9% 像是小数写法；"
        "如果 0.9 表示 90%，请写 90%。"
    )
    assert "actuals/" not in result.stdout and "rd_institution_coverage" not in result.stdout


def test_a_folder_of_the_users_named_like_the_report_is_never_deleted(cli, tmp_path: Path) -> None:
    """The chart folder is named after the report (reports/2024-Q3.md → reports/2024-Q3/): a folder of that
    name holding anything but charts is refused, even with --force; one of charts only needs --force."""
    target = tmp_path / "工作" / "数据.md"
    own = tmp_path / "工作" / "数据"
    (own / "sub").mkdir(parents=True)
    (own / "笔记.txt").write_text("我的笔记", encoding="utf-8")
    (own / "overview.svg").write_text("<svg/>", encoding="utf-8")
    result = cli("report", "2024-Q3", "--output", str(target), "--force", "--data", str(DATA))
    assert result.exit_code == 1, result.stdout
    assert "含有图表以外的文件或文件夹，未写入（加 --force 也不会删除它）" in result.stderr
    assert (own / "笔记.txt").read_text(encoding="utf-8") == "我的笔记" and (own / "sub").is_dir()
    assert not target.exists()
    # a folder of charts only, left by an earlier report whose .md was removed: replaced only with --force
    (own / "笔记.txt").unlink()
    (own / "sub").rmdir()
    result = cli("report", "2024-Q3", "--output", str(target), "--data", str(DATA))
    assert result.exit_code == 1
    assert "数据（报告的图表文件夹）已存在，未写入；确需覆盖请加 --force" in result.stderr
    assert (own / "overview.svg").read_text(encoding="utf-8") == "<svg/>" and not target.exists()
    result = cli("report", "2024-Q3", "--output", str(target), "--force", "--data", str(DATA))
    assert result.exit_code == 0, result.stderr
    assert target.exists() and (own / "overview.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_write_file_and_folder_never_replaces_a_folder_of_other_things(tmp_path: Path) -> None:
    """Below the command line too (the folder may appear between the check and the write)."""
    from zzgx_plan.files import atomic

    target = tmp_path / "2024-Q3.md"
    (tmp_path / "2024-Q3" / "sub").mkdir(parents=True)
    with pytest.raises(atomic.ForeignFolder):
        atomic.write_file_and_folder(target, b"report", {"2024-Q3/a.svg": b"a"}, replace=True)
    (tmp_path / "2024-Q3" / "sub").rmdir()
    (tmp_path / "2024-Q3" / "old.svg").write_bytes(b"old")
    with pytest.raises(atomic.FolderExists):
        atomic.write_file_and_folder(target, b"report", {"2024-Q3/a.svg": b"a"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-Q3"]
    assert (tmp_path / "2024-Q3" / "old.svg").read_bytes() == b"old"
