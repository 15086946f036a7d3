"""Charts for every output that shows pictures: one description, drawn as SVG or PNG (matplotlib).

Three kinds, described by plain data so that features choose what to show and this module only draws:

* :class:`OverviewChart` — per indicator, completion against 序时进度 (a bar coloured by status and a
  tick where 序时进度 stands), both as shares of the year's target;
* :class:`TrajectoryChart` — per indicator, the reported figure per quarter (flows as year-to-date
  totals), the 序时进度 line from the baseline to the year's target, and the target;
* :class:`ParkChart` — per indicator, the register count in each park.

Chinese text: SVG keeps text as text (``svg.fonttype = none``), so the viewer's fonts draw it; a PNG
needs a CJK font on this machine (黑体/微软雅黑/宋体 on Windows, Noto CJK or WenQuanYi on Linux) and,
when none is found, :func:`draw_png` says so once on stderr with how to install one.
Output is deterministic on one machine: fixed ``svg.hashsalt``, no dates or software in the metadata.

matplotlib is imported inside the drawing functions only: outputs that do not draw never load it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from zzgx_plan.render.document import Tone

#: Chinese fonts tried in this order (the first found is used for PNG; all are named in SVG).
CJK_FONTS = (
    "Microsoft YaHei",
    "SimHei",
    "SimSun",
    "DengXian",
    "PingFang SC",
    "Hiragino Sans GB",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "Droid Sans Fallback",
)
FONT_HINT = (
    "未找到中文字体，图片中的汉字可能显示为方框。请安装中文字体："
    "Debian/Ubuntu 运行 apt-get install fonts-noto-cjk（或 fonts-wqy-microhei），"
    "Windows 自带黑体/宋体/微软雅黑。"
)

#: Bar colours per status tone: darker than the table fills so that bars read on white.
TONE_COLOURS: dict[Tone, str] = {
    Tone.GREEN: "#3a9d5d",
    Tone.YELLOW: "#e0a800",
    Tone.RED: "#d64545",
    Tone.GREY: "#a6a6a6",
    Tone.NONE: "#5b7db1",
}
STAMP_COLOUR = "#c00000"
PARK_COLOURS = ("#5b7db1", "#e08a3c", "#6aa84f", "#a05fb5", "#c9b037", "#4fa3a5")
#: Completion bars are cut at this share; a longer bar gets its value written at the cut.
MAX_SHARE = 1.3


@dataclass(frozen=True, slots=True)
class OverviewItem:
    label: str  # the indicator's name (with its marks, e.g. 示例)
    completion: float | None  # actual ÷ target
    expected: float | None  # 序时进度 ÷ target
    tone: Tone
    status: str  # the status label, written next to the bar


@dataclass(frozen=True, slots=True)
class OverviewChart:
    title: str
    items: tuple[OverviewItem, ...]
    footnote: str = ""  # lines under the chart (``\n`` between them), e.g. what ※ means
    stamp: str = ""  # a boxed mark in the top right corner, e.g. 示例数据


@dataclass(frozen=True, slots=True)
class TrajectoryPanel:
    title: str  # 年新增市场主体（家）
    labels: tuple[str, ...]  # quarters: 2023Q1 …
    actual: tuple[float | None, ...]
    expected: tuple[float | None, ...]
    target: tuple[float | None, ...]
    percent: bool = False
    whole: bool = False  # counts whole things: the axis has whole-number ticks


@dataclass(frozen=True, slots=True)
class TrajectoryChart:
    title: str
    panels: tuple[TrajectoryPanel, ...]
    footnote: str = ""
    stamp: str = ""


@dataclass(frozen=True, slots=True)
class ParkChart:
    title: str
    parks: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # (indicator label, count per park)
    footnote: str = ""
    stamp: str = ""


Chart = OverviewChart | TrajectoryChart | ParkChart

_warned = {"font": False}


def cjk_font() -> str | None:
    """The first Chinese font of :data:`CJK_FONTS` installed on this machine, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def warn_missing_font(stream: Any = None) -> None:
    """Say once per process on stderr that no Chinese font is installed, and how to install one."""
    if _warned["font"]:
        return
    _warned["font"] = True
    print(f"plan: 提示：{FONT_HINT}", file=stream or sys.stderr)


@contextmanager
def _style(for_png: bool) -> Iterator[None]:
    import logging

    import matplotlib

    font = cjk_font()
    if for_png and font is None:
        warn_missing_font()
    families = ([font] if font else []) + [f for f in CJK_FONTS if f != font] + ["DejaVu Sans", "sans-serif"]
    params: dict[str, Any] = {
        "font.family": "sans-serif",
        "font.sans-serif": families,
        "font.size": 9,
        "axes.unicode_minus": False,
        "svg.fonttype": "none",  # text stays text: the viewer's fonts draw the Chinese
        "svg.hashsalt": "zzgx-plan",  # fixed ids: the same chart gives the same bytes
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    # Without a CJK font matplotlib measures Chinese with a Latin font and logs a warning per glyph;
    # the one hint above is enough.
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context(params):  # type: ignore[arg-type]
            import warnings

            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Glyph .* missing from font")
                yield
    finally:
        logger.setLevel(level)


def draw_svg(chart: Chart) -> bytes:
    """The chart as SVG bytes (text as text, no date)."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    with _style(for_png=False):
        figure = _figure(chart)
        out = io.BytesIO()
        FigureCanvasSVG(figure).print_svg(out, metadata={"Date": None, "Creator": None})
    return out.getvalue()


def draw_png(chart: Chart, dpi: int = 150) -> bytes:
    """The chart as PNG bytes, drawn with a Chinese font found on this machine."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with _style(for_png=True):
        figure = _figure(chart)
        out = io.BytesIO()
        figure.set_dpi(dpi)
        FigureCanvasAgg(figure).print_png(out, metadata={"Software": None})
    return out.getvalue()


def _figure(chart: Chart) -> Any:
    if isinstance(chart, OverviewChart):
        figure = _overview(chart)
    elif isinstance(chart, TrajectoryChart):
        figure = _trajectory(chart)
    else:
        figure = _parks(chart)
    if chart.stamp:
        _stamp(figure, chart.stamp)
    return figure


def _stamp(figure: Any, text: str) -> None:
    """A boxed mark in the top right corner (``示例数据``): it stays with the chart when the chart is
    copied out of the report on its own."""
    box = {"boxstyle": "square,pad=0.3", "edgecolor": STAMP_COLOUR, "facecolor": "white", "linewidth": 1}
    figure.text(0.995, 0.995, text, ha="right", va="top", fontsize=9, color=STAMP_COLOUR, bbox=box)


def _new_figure(width: float, height: float, constrained: bool = True) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained" if constrained else None)


FOOTNOTE_PT = 8
PANEL_TITLE_PT = 9
#: A trajectory panel's size in inches: three across make a chart that Word sets at the 版心's width
#: (15.6 cm) with its 7–9 pt text still about 6–7 pt on paper.
PANEL_WIDTH_IN, PANEL_HEIGHT_IN = 2.8, 2.2
#: Punctuation that never starts a line (禁则): it stays at the end of the line before.
NO_LINE_START = "，。、；：！？）》”’"


def _em(char: str) -> float:
    """Width of ``char`` in ems: a Chinese character is one em wide, a Latin letter or digit about half."""
    import unicodedata

    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.55


def wrap_note(text: str, width_in: float, size_pt: float = FOOTNOTE_PT, before: str = "") -> str:
    """``text`` broken into lines that fit ``width_in`` inches at ``size_pt``: a footnote or a panel's
    title must not run off the chart's edge or into the next panel. A line breaks before one of the
    characters of ``before`` where it can (``（`` keeps ``（示例）`` and ``（个工作日）`` whole), else anywhere
    but before closing punctuation (禁则)."""
    import re

    limit = width_in * 72 / size_pt * 0.96  # in ems, with a little room
    out = []
    for line in text.split("\n"):
        pieces = re.split(f"(?=[{re.escape(before)}])", line) if before else [line]
        current, used = "", 0.0
        for piece in pieces:
            size = sum(_em(c) for c in piece)
            if current and used + size <= limit:
                current, used = current + piece, used + size
                continue
            if current and size <= limit:
                out.append(current)
                current, used = piece, size
                continue
            for char in piece:  # a piece longer than a line: character by character
                em = _em(char)
                if current and used + em > limit and char not in NO_LINE_START:
                    out.append(current)
                    current, used = "", 0.0
                current += char
                used += em
        out.append(current)
    return "\n".join(out)


def _footnote(figure: Any, text: str) -> None:
    if text:
        width = figure.get_figwidth()
        figure.supxlabel(wrap_note(text, width - 0.2), fontsize=FOOTNOTE_PT, color="#555555", ha="left", x=0.01)


def _overview(chart: OverviewChart) -> Any:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    items = chart.items
    figure = _new_figure(8.0, 0.42 * len(items) + 1.6)
    ax = figure.add_subplot()
    ys = list(range(len(items)))
    for y, item in zip(ys, items, strict=True):
        if item.completion is not None:
            share = min(max(item.completion, 0.0), MAX_SHARE)
            ax.barh(y, share, height=0.6, color=TONE_COLOURS[item.tone])
            text = f"{item.completion * 100:.1f}%  {item.status}"
            ax.text(max(share, item.expected or 0.0) + 0.015, y, text, va="center", fontsize=8)
        else:
            ax.text(0.01, y, item.status, va="center", fontsize=8, color="#777777")
        if item.expected is not None:
            ax.plot([item.expected, item.expected], [y - 0.38, y + 0.38], color="#222222", linewidth=2)
    ax.axvline(1.0, color="#888888", linestyle="--", linewidth=0.8)
    ax.set_yticks(ys, [item.label for item in items])
    ax.invert_yaxis()
    ax.set_xlim(0, MAX_SHARE + 0.35)
    ticks = [0, 0.25, 0.5, 0.75, 1.0, 1.25]
    ax.set_xticks(ticks, [f"{t * 100:.0f}%" for t in ticks])
    ax.set_xlabel("占年度目标的比例")
    figure.suptitle(chart.title, x=0.01, ha="left", fontsize=11)
    handles = [
        Patch(color=TONE_COLOURS[Tone.GREEN], label="完成率（绿：已完成/符合序时进度）"),
        Patch(color=TONE_COLOURS[Tone.YELLOW], label="黄：略低于序时进度"),
        Patch(color=TONE_COLOURS[Tone.RED], label="红：滞后/未完成"),
        Line2D([0], [0], color="#222222", linewidth=2, label="序时进度"),
    ]
    # anchored to the top of the axes (a figure legend above them ran into the left-aligned title)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, fontsize=7, frameon=False)
    _footnote(figure, chart.footnote)
    return figure


def _trajectory(chart: TrajectoryChart) -> Any:
    columns = 3 if len(chart.panels) > 4 else max(len(chart.panels), 1)
    rows = max((len(chart.panels) + columns - 1) // columns, 1)
    footnote = wrap_note(chart.footnote, PANEL_WIDTH_IN * columns - 0.2) if chart.footnote else ""
    notes = footnote.count("\n") + 1 if footnote else 0
    bottom = 0.55 + 0.17 * notes  # inches: the year labels under the axes, then the footnote lines
    # a long indicator name goes onto a second line rather than into the next panel
    titles = [wrap_note(panel.title, PANEL_WIDTH_IN - 0.25, PANEL_TITLE_PT, before="（") for panel in chart.panels]
    two_lines = any("\n" in title for title in titles)
    row_height = PANEL_HEIGHT_IN + (0.15 if two_lines else 0.0)
    height = row_height * rows + 0.4 + bottom
    # fixed margins: the constrained layout of a dozen panels costs a second per drawing
    figure = _new_figure(PANEL_WIDTH_IN * columns, height, constrained=False)
    figure.subplots_adjust(
        left=0.06,
        right=0.98,
        top=1 - (0.75 + (0.15 if two_lines else 0.0)) / height,
        bottom=bottom / height,
        wspace=0.25,
        hspace=0.7 if two_lines else 0.55,
    )
    axes = figure.subplots(rows, columns, squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= len(chart.panels):
            ax.set_visible(False)
            continue
        _panel(ax, chart.panels[k], titles[k])
    handles, labels = axes.flat[0].get_legend_handles_labels()
    if handles:
        # left of the corner stamp, when there is one
        right = 1 - (0.85 / figure.get_figwidth() if chart.stamp else 0.0)
        figure.legend(
            handles, labels, loc="upper right", bbox_to_anchor=(right, 1.0), ncols=3, fontsize=8, frameon=False
        )
    figure.suptitle(chart.title, x=0.01, y=1 - 0.12 / height, ha="left", va="top", fontsize=11)
    if footnote:
        figure.text(0.01, 0.08 / height, footnote, fontsize=FOOTNOTE_PT, color="#555555", ha="left", va="bottom")
    return figure


def _panel(ax: Any, panel: TrajectoryPanel, title: str) -> None:
    """One indicator: each year drawn on its own (a year-to-date total starts again in January, a
    year's target and 序时进度 belong to that year), the years side by side."""
    xs = list(range(len(panel.labels)))
    years: dict[str, list[int]] = {}
    for x, label in zip(xs, panel.labels, strict=True):
        years.setdefault(label.split("Q")[0], []).append(x)
    for k, indexes in enumerate(years.values()):
        first = k == 0

        def pick(values: Sequence[float | None], idx: list[int] = indexes) -> tuple[list[int], list[float]]:
            points = [(x, values[x]) for x in idx if values[x] is not None]
            return [p[0] for p in points], [float(p[1]) for p in points if p[1] is not None]

        tx, tv = pick(panel.target)
        ax.plot(tx, tv, color="#888888", linestyle=":", linewidth=1.2, label="年度目标" if first else None)
        ex, ev = pick(panel.expected)
        ax.plot(ex, ev, color="#5b7db1", linestyle="--", linewidth=1.2, label="序时进度" if first else None)
        ax_, av = pick(panel.actual)
        ax.plot(ax_, av, color="#d64545", marker="o", markersize=3.5, linewidth=1.5, label="完成值" if first else None)
        if k:
            ax.axvline(indexes[0] - 0.5, color="#dddddd", linewidth=0.8)
    ax.set_title(title, fontsize=PANEL_TITLE_PT, loc="left")
    # the year under its first quarter (Q1 / 2024): above it, it ran into the previous year's Q4
    ticks = [
        "Q" + label.split("Q")[1] + ("\n" + label.split("Q")[0] if label.endswith("Q1") else "")
        for label in panel.labels
    ]
    ax.set_xticks(xs, ticks, fontsize=7)
    if panel.percent:
        ax.yaxis.set_major_formatter("{x:.0f}%")
    values = [v for v in (*panel.actual, *panel.expected, *panel.target) if v is not None]
    # 5家, not 4.25家; 1个工作日 held all along, not ticks 0.96 … 1.04: whole figures get whole ticks, and a
    # short axis is widened to the whole numbers around it
    if panel.whole or (values and all(float(v).is_integer() for v in values)):
        import math

        from matplotlib.ticker import MaxNLocator

        low, high = ax.get_ylim()
        if high - low < 4:
            ax.set_ylim(math.floor(low), math.ceil(high))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    low, high = ax.get_ylim()
    if panel.percent and values and max(values) <= 100 < high:
        ax.set_ylim(low, 100.5)  # a share stops at 100%: no axis running on to 104% (nor a tick at 101%)
    ax.tick_params(axis="y", labelsize=7)
    ax.grid(axis="y", color="#eeeeee")


def _parks(chart: ParkChart) -> Any:
    rows = chart.rows
    figure = _new_figure(8.0, 0.55 * len(rows) * max(len(chart.parks), 1) / 2 + 1.8)
    ax = figure.add_subplot()
    n = max(len(chart.parks), 1)
    height = 0.8 / n
    for j, park in enumerate(chart.parks):
        ys = [i + (j - (n - 1) / 2) * height for i in range(len(rows))]
        counts = [row[1][j] for row in rows]
        ax.barh(ys, counts, height=height * 0.95, color=PARK_COLOURS[j % len(PARK_COLOURS)], label=park)
        for y, count in zip(ys, counts, strict=True):
            ax.text(count, y, f" {count}", va="center", fontsize=7)
    ax.set_yticks(list(range(len(rows))), [row[0] for row in rows])
    ax.invert_yaxis()
    ax.set_xlabel("企业数（家）")
    ax.set_title(chart.title, loc="left", fontsize=11)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    _footnote(figure, chart.footnote)
    return figure
