"""`plan report 2023-2025`: the final evaluation report (终期评估报告)."""

from __future__ import annotations

import io
from pathlib import Path

from typer.testing import CliRunner

from zzgx_plan.cli import app
from zzgx_plan.compute.multiyear import period_status
from zzgx_plan.load import load_plan
from zzgx_plan.report.final import TO_WRITE, ranks, unit_scores

from .conftest import EXAMPLE_2024Q3, REPO_DATA

GOLDEN = Path(__file__).resolve().parent / "golden" / "report-2023-2025.md"
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01, the date the golden report states
runner = CliRunner()


def final(*args: str, data: Path = REPO_DATA, env: dict[str, str] | None = None):
    return runner.invoke(app, ["report", *args, "--data", str(data)], env=env or EPOCH, catch_exceptions=False)


def test_golden_final_report_of_the_shipped_data() -> None:
    """Regenerate with:
    SOURCE_DATE_EPOCH=1767225600 plan report 2023-2025 --stdout > tests/golden/report-2023-2025.md"""
    result = final("2023-2025", "--stdout")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_the_final_report_states_the_overall_result_and_leaves_judgement_to_the_office() -> None:
    text = final("2023-2025", "--stdout").stdout
    # 17 indicators all have a 2025 target; 13 met it (unicorns 5<6, gazelles 352<360, innovation points
    # 4850<5000, R&D institutions 96%<100% missed); met every year: specialized_smes, high_tech_reserve,
    # new_specialized_in_parks, credit_repair_days, business_startup_days (3/3) and one_thing_services,
    # permit_free_items and the two “两个全覆盖” rates (1/1) = 9
    assert "完成2025年目标13项、未完成4项；各年度均完成年度目标的9项。" in text
    # measures: 15 done, 5 in progress (8, 10, 12, 17, 22), 1 delayed (13), 1 never reported (14)
    assert "22项重点任务中，已完成15项、推进中5项、滞后1项、未报送1项。" in text
    assert "## 六、成效与经验\n\n> " + TO_WRITE in text
    assert "## 七、下一步打算\n\n> " + TO_WRITE in text
    assert text.count("【示例数据】") == 1
    assert "- 14. 优化上市企业后续服务（创新发展局）" in text
    assert "- 瞪羚（潜在）企业总量：2025年目标360家※，完成352家，差8家（2/3个年度完成）" in text  # ※: a reading
    # the leadership report never shows tool internals
    for internal in ("data/", "plan report", "plan status", ".csv", ".yaml"):
        assert internal not in text, internal


def test_lead_unit_scorecard_and_ranking_by_hand() -> None:
    data = load_plan(REPO_DATA)
    result = period_status(data, 2023, 2025)
    scores = unit_scores(result, data.plan)
    table = {s.unit: s for s in scores}
    # 市场监管局 reports 7 indicators (all met in 2025; 6 met every year: one_thing_services, permit_free_items
    # and the two “两个全覆盖” rates have one target each and met it, credit_repair_days and
    # business_startup_days 3/3, new_market_entities only 2/3) — so every_year is 6 of 7; 党政办公室 leads
    # measure 22 of 年新增市场主体 but does not report it, so it is not scored on it;
    # and measures 1, 2, 3, 4, 5, 18, 20, 21 — all 已完成 by 2025-Q4
    s = table["市场监管局"]
    assert (s.indicators, s.final_met, s.every_year, s.measures, s.done, s.gaps) == (7, 7, 6, 8, 8, 0)
    assert table["党政办公室"].indicators == 0
    # 创新发展局: 10 indicators, 4 missed; 13 measures led (6–16, 19 and 17 shared with 创新协同中心):
    # done 6, 7, 9, 11, 15, 16, 19 = 7; in progress 8, 10, 12, 17 = 4; 滞后 13; never reported 14 → 6 unfinished
    s = table["创新发展局"]
    assert (s.indicators, s.final_met, s.measures, s.done, s.in_progress, s.behind, s.never_reported) == (
        10, 6, 13, 7, 4, 1, 1,
    )  # fmt: skip
    assert s.gaps == 4 + 6
    assert [x.unit for x in scores] == ["市场监管局", "党政办公室", "创新协同中心", "创新发展局"]
    assert ranks(scores) == [1, 2, 2, 4]  # 0, 1, 1, 10 gaps: the two with 1 share 2nd place


def test_same_data_same_bytes_and_no_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "终期评估.md"
    assert final("2023-2025", "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    again = final("2023-2025", "-o", str(out))
    assert again.exit_code == 1
    assert "--force" in again.stderr
    assert out.read_bytes() == first
    assert final("2023-2025", "-o", str(out), "--force").exit_code == 0
    assert out.read_bytes() == first


def test_word_version(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "终期评估.docx"
    result = final("2023-2025", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    doc = docx.Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in doc.paragraphs]
    assert "郑州高新区培育壮大市场主体工作方案（2023-2025年）终期评估报告" in texts
    for heading in ("一、总体情况", "五、各牵头单位完成情况", "六、成效与经验", "七、下一步打算"):
        assert heading in texts
    assert TO_WRITE in texts
    # indicator table: header + 17 rows; scorecard: header + 4 units
    sizes = sorted(len(t.rows) for t in doc.tables)
    assert 18 in sizes and 5 in sizes
    second = tmp_path / "again.docx"
    final("2023-2025", "-o", str(second))
    assert second.read_bytes() == out.read_bytes()


def test_a_range_in_progress_and_a_range_outside_the_plan(tmp_path: Path) -> None:
    text = final("2023-2024", "--stdout", data=EXAMPLE_2024Q3).stdout
    assert "（2023—2024年）" in text
    # as of the latest quarter with figures (issue #10 §4): an annual figure no longer closes the year early
    assert "评估期尚未结束（数据截至2024年第3季度）" in text
    outside = final("2022-2025", "--stdout")
    assert outside.exit_code == 2  # a period outside the plan is a usage error in every command
    assert "2022 年不在方案期 2023–2025 年内" in outside.stderr
    backwards = final("2025-2023", "--stdout")
    assert backwards.exit_code == 2


# ---------------------------------------------------------------- charts (issue #11 §2 in the final report)


def _svg_texts(svg: str) -> list[str]:
    import re

    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_final_report_charts_describe_every_indicator_over_the_period() -> None:
    from zzgx_plan.compute.trajectory import trajectories
    from zzgx_plan.report.charts import final_figures

    data = load_plan(REPO_DATA)
    status = period_status(data, 2023, 2025)
    figures = final_figures(status, trajectories(data, status.as_of))
    assert [f.name for f in figures] == ["overview", "trajectory-1", "trajectory-2"]
    assert [f.caption for f in figures] == [
        "图1 2025年主要指标完成情况",
        "图2 附件1任务目标走势（2023—2025年）",
        "图3 重点任务量化指标走势（2023—2025年）",
    ]
    overview = figures[0].chart
    items = {item.label: item for item in overview.items}  # type: ignore[union-attr]
    assert len(items) == 17  # every indicator has a 2025 target
    # 瞪羚: 352 of 360 in 2025 = 97.8 %, missed; met 2023 and 2024 only
    gazelles = items["瞪羚（潜在）企业总量（示例）※"]
    assert round(gazelles.completion or 0, 4) == round(352 / 360, 4) and gazelles.expected == 1.0
    assert gazelles.status == "未完成（2/3年达标）"
    # ≥70家 every year is the document's own wording: no ※; its figures are example data
    assert items["新入园“专精特新”企业（示例）"].status == "已完成（3/3年达标）"
    annex, measures = figures[1].chart, figures[2].chart
    assert len(annex.panels) == 7 and len(measures.panels) == 10  # type: ignore[union-attr]
    flow = annex.panels[0]  # type: ignore[union-attr]
    assert flow.title == "年新增市场主体（示例）※（家）"
    assert flow.labels[0] == "2023Q1" and flow.labels[-1] == "2025Q4" and len(flow.labels) == 12
    # year-to-date totals restart each January; 序时进度 = the year's target × q/4 (16000, 17000, 18000)
    assert flow.actual[3] == 16600 and flow.actual[4] == 3900 and flow.actual[11] == 18200
    assert flow.expected[:5] == (4000, 8000, 12000, 16000, 4250)
    assert (flow.target[0], flow.target[4], flow.target[8]) == (16000, 17000, 18000)


def test_final_report_charts_in_markdown_word_and_html(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "reports" / "2023-2025.md"
    assert final("2023-2025", "-o", str(out)).exit_code == 0
    folder = tmp_path / "reports" / "2023-2025"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["overview.svg", "trajectory-1.svg", "trajectory-2.svg"]
    text = out.read_text(encoding="utf-8")
    assert "![图1 2025年主要指标完成情况](2023-2025/overview.svg)" in text
    # the charts close section 二 and come before 三
    assert text.index("## 二、") < text.index("(2023-2025/trajectory-2.svg)") < text.index("## 三、")
    overview = (folder / "overview.svg").read_text(encoding="utf-8")
    texts = _svg_texts(overview)
    assert "示例数据" in texts  # the corner stamp
    assert "瞪羚（潜在）企业总量（示例）※" in texts and "新入园“专精特新”企业（示例）" in texts
    assert any(t.startswith("※ 解读：标“※”的指标") for t in texts)
    assert any("97.8%" in t and "未完成（2/3年达标）" in t for t in texts)
    assert "<dc:date>" not in overview
    # the same data gives the same bytes; the folder is not replaced without --force
    before = {name: (folder / name).read_bytes() for name in names}
    again = final("2023-2025", "-o", str(out))
    assert again.exit_code == 1 and "已存在" in again.stderr
    assert final("2023-2025", "-o", str(out), "--force").exit_code == 0
    assert {name: (folder / name).read_bytes() for name in names} == before
    # Word: three PNG pictures after the multi-year table, before 三
    word = tmp_path / "r.docx"
    assert final("2023-2025", "-o", str(word)).exit_code == 0
    doc = docx.Document(str(word))
    assert len(doc.inline_shapes) == 3
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs.index("图1 2025年主要指标完成情况") < paragraphs.index("三、重点任务完成情况")
    # HTML: the same three charts inline, as SVG with text
    html = final("2023-2025", "--format", "html", "--stdout").stdout
    assert html.count("<svg") == 3 and html.count("<figcaption>") == 3
    assert "重点任务量化指标走势（2023—2025年）" in html and "※ 解读：标“※”的指标" in html
