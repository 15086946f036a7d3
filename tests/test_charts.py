"""Charts: the quarterly paths they draw (worked out by hand), SVG structure and determinism, the font hint,
and that terminal commands never load the plotting libraries."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from zzgx_plan.compute.trajectory import trajectory
from zzgx_plan.core.periods import Period
from zzgx_plan.load import load_plan
from zzgx_plan.render import charts
from zzgx_plan.render.charts import OverviewChart, OverviewItem, TrajectoryChart, TrajectoryPanel, draw_png, draw_svg
from zzgx_plan.render.document import Tone

from .conftest import EXAMPLE_2024Q3

REPO = Path(__file__).resolve().parent.parent

OVERVIEW = OverviewChart(
    "主要指标完成率与序时进度（截至2024年第3季度）",
    (
        OverviewItem("年新增市场主体（示例）", 0.7294, 0.75, Tone.YELLOW, "略低于序时进度"),
        OverviewItem("高新技术企业总量（示例）", 0.9565, 0.9761, Tone.RED, "滞后"),
        OverviewItem("独角兽（种子）企业总量", None, None, Tone.GREY, "无数据"),
    ),
    "标“（示例）”的指标使用示例数据。",
)


def test_trajectory_of_a_flow_and_a_stock() -> None:
    data = load_plan(EXAMPLE_2024Q3)
    plan = data.plan
    flow = trajectory(data, plan.indicator("new_market_entities"), Period.parse("2024-Q3"))
    # 2023: year-to-date 3800, 8100, 12500, 16600 against 序时进度 16000 × q/4 = 4000, 8000, 12000, 16000;
    # 2024 to Q3: 3900, 8200, 12400 against 17000 × q/4 = 4250, 8500, 12750
    assert [(str(p.period), p.actual, p.expected, p.target) for p in flow.points] == [
        ("2023-Q1", 3800, 4000, 16000),
        ("2023-Q2", 8100, 8000, 16000),
        ("2023-Q3", 12500, 12000, 16000),
        ("2023-Q4", 16600, 16000, 16000),
        ("2024-Q1", 3900, 4250, 17000),
        ("2024-Q2", 8200, 8500, 17000),
        ("2024-Q3", 12400, 12750, 17000),
    ]
    stock = trajectory(data, plan.indicator("gazelles"), Period.parse("2024-Q3"))
    # 瞪羚: 2023 ends at 305 (the 2024 baseline); 2024 target 330 → 序时进度 305 + 25 × q/4:
    # Q1 311.25, Q2 317.5, Q3 323.75; figures only for Q2 (312) and Q3 (322): Q1 has no point
    points = {str(p.period): (p.actual, p.expected) for p in stock.points}
    assert points["2024-Q1"] == (None, 311.25)
    assert points["2024-Q2"] == (312, 317.5)
    assert points["2024-Q3"] == (322, 323.75)
    assert stock.uses_examples


def test_svg_keeps_text_as_text_and_is_deterministic() -> None:
    first = draw_svg(OVERVIEW)
    assert draw_svg(OVERVIEW) == first
    svg = first.decode("utf-8")
    assert "<dc:date>" not in svg  # no date in the metadata
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    for label in ("年新增市场主体（示例）", "高新技术企业总量（示例）", "独角兽（种子）企业总量", "无数据", "序时进度"):
        assert any(label in t for t in texts), label
    assert any("72.9%" in t and "略低于序时进度" in t for t in texts)
    # two bars (the indicator without data has none), coloured by status
    assert svg.count("fill: #e0a800") >= 1 and svg.count("fill: #d64545") >= 1


def test_trajectory_svg_has_a_panel_per_indicator() -> None:
    panel = TrajectoryPanel(
        "年新增市场主体（家）", ("2024Q1", "2024Q2", "2024Q3"), (3900, 8200, None), (4250, 8500, 12750), (17000,) * 3
    )
    second = TrajectoryPanel(
        "规上工业企业研发活动覆盖率（%）",
        ("2024Q1", "2024Q2", "2024Q3"),
        (None, 91, None),
        (90.5, 92, 93.5),
        (95,) * 3,
        percent=True,
    )
    svg = draw_svg(TrajectoryChart("主要指标季度走势", (panel, second), "流量指标为累计数。")).decode("utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "年新增市场主体（家）" in texts and "规上工业企业研发活动覆盖率（%）" in texts
    assert {"年度目标", "序时进度", "完成值"} <= set(texts)
    assert "95%" in texts  # percent axis


def test_png_without_a_chinese_font_says_so_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    monkeypatch.setitem(charts._warned, "font", False)
    png = draw_png(OVERVIEW, dpi=40)
    draw_png(OVERVIEW, dpi=40)
    assert png.startswith(b"\x89PNG")
    err = capsys.readouterr().err
    assert err.count("未找到中文字体") == 1 and "fonts-noto-cjk" in err


def test_png_uses_a_chinese_font_when_there_is_one(capsys: pytest.CaptureFixture[str]) -> None:
    if charts.cjk_font() is None:
        pytest.skip("no Chinese font on this machine (apt-get install fonts-noto-cjk)")
    assert draw_png(OVERVIEW, dpi=40).startswith(b"\x89PNG")
    assert "未找到中文字体" not in capsys.readouterr().err


def test_terminal_commands_do_not_load_plotting_or_workbook_libraries() -> None:
    code = (
        "import sys\n"
        "from zzgx_plan.cli.base import main\n"
        f"sys.argv = ['plan', 'status', '2024', '--data', {str(EXAMPLE_2024Q3)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('matplotlib', 'openpyxl', 'docx', 'pandas') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(REPO / "src"), "PATH": ""}
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_charts_carry_the_example_and_reading_marks_where_the_figures_do() -> None:
    """Issue #11: 示例 and 解读 on the charts themselves, as text in the SVG."""
    from dataclasses import replace

    from zzgx_plan.compute.trajectory import trajectories
    from zzgx_plan.report.charts import EXAMPLE_STAMP, READING_FOOTNOTE, overview_chart, trajectory_chart
    from zzgx_plan.report.content import build_report

    data = load_plan(EXAMPLE_2024Q3)
    period = Period.parse("2024-Q3")
    report = build_report(data, period)
    chart = overview_chart(report)
    assert chart is not None
    labels = [item.label for item in chart.items]
    # 2300家: Annex 1 names no lead unit (a reading) and the figure is example data
    assert "高新技术企业总量（示例）※" in labels
    # 每年…不少于70家 is the document's own wording: example figures, no reading
    assert "新入园“专精特新”企业（示例）" in labels
    # no figure yet, so not example data; its 2024 target is a reading
    assert "独角兽（种子）企业总量※" in labels
    svg = draw_svg(chart).decode("utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert EXAMPLE_STAMP in texts
    assert any(t.startswith("※ 解读：") for t in texts) and "见数据说明" in READING_FOOTNOTE
    assert "高新技术企业总量（示例）※" in texts
    trajectory_svg = draw_svg(trajectory_chart(report, trajectories(data, period))).decode("utf-8")  # type: ignore[arg-type]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", trajectory_svg)
    assert EXAMPLE_STAMP in texts and "高新技术企业总量（示例）※（家）" in texts

    # the same report without example figures: no stamp, no 示例 after a name, no 示例 footnote
    plain = replace(
        report,
        indicators=tuple(replace(line, progress=replace(line.progress, example=False)) for line in report.indicators),
    )
    chart = overview_chart(plain)
    assert chart is not None and chart.stamp == ""
    assert not any("示例" in item.label for item in chart.items)
    svg = draw_svg(chart).decode("utf-8")
    assert EXAMPLE_STAMP not in svg and "示例" not in svg
    assert "高新技术企业总量※" in re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_long_footnotes_and_panel_titles_are_wrapped_to_the_chart() -> None:
    # 8 pt in 2 inches holds 2 × 72 / 8 × 0.96 = 17.28 ems: 17 Chinese characters a line
    assert charts.wrap_note("一" * 40, 2.0) == "\n".join(["一" * 17, "一" * 17, "一" * 6])
    # closing punctuation never starts a line
    assert charts.wrap_note("一" * 17 + "。二", 2.0) == "一" * 17 + "。\n二"
    # a panel title breaks before its （…） where it can: 9 pt in 3.15 in holds 24.2 ems
    title = "规上国家级高新技术企业研发机构覆盖率（示例）※（%）"
    assert charts.wrap_note(title, 3.15, 9, before="（") == "规上国家级高新技术企业研发机构覆盖率（示例）※\n（%）"


@pytest.mark.parametrize(
    ("values", "percent", "ticks_whole", "top_at_most"),
    [
        ((1.0,) * 8, False, True, None),  # 1个工作日 every quarter: ticks 0, 1, 2 — not 0.96 … 1.04
        ((100.0,) * 8, True, True, 100.5),  # 100% all along: the axis stops at 100%, not 104%
        ((96.0, 97.0, 98.0, 99.0, 100.0, 100.0, 100.0, 100.0), True, True, 100.5),
    ],
)
def test_flat_and_capped_axes_read_as_the_figures_do(
    values: tuple[float, ...], percent: bool, ticks_whole: bool, top_at_most: float | None
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from zzgx_plan.render.charts import _panel

    panel = TrajectoryPanel(
        title="指标",
        labels=tuple(f"2024Q{q}" for q in (1, 2, 3, 4)) * 2,
        actual=values,
        expected=(None,) * 8,
        target=(values[-1],) * 8,
        percent=percent,
    )
    fig, ax = plt.subplots()
    try:
        _panel(ax, panel, "指标")
        ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks) == ticks_whole, ticks
        if top_at_most is not None:
            assert ax.get_ylim()[1] <= top_at_most
    finally:
        plt.close(fig)
