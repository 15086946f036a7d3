"""Which charts the reports show, and with what: chosen here, drawn by :mod:`zzgx_plan.render.charts`.

The periodic report (after 二、主要指标完成情况):

* 图1 overview — every indicator with a target: completion against 序时进度;
* 图2 trajectory — every indicator with a target and at least one figure: its quarterly path from the
  plan's first quarter to the report period (flows as year-to-date totals), 序时进度 and target;
* 图3 parks — per-park register counts, when the data has registers.

The final evaluation report (after its 二、主要指标完成情况):

* 图1 overview — every indicator with a target in the final year: its final-year completion and
  status, and in how many years it met its annual target;
* 图2, 图3 … trajectory — every indicator across the evaluated years (reported figures per quarter,
  flows as year-to-date totals, 序时进度 and each year's target), one chart per group of indicators
  (附件1任务目标, 重点任务量化指标) of at most :data:`PANELS_PER_CHART` panels, so that a chart fits a page.

Marks travel with the figures: an indicator whose figures are example data carries ``（示例）`` after its
name and the chart a ``示例数据`` stamp in its corner; one whose target (its year, its tolerance, its lead
unit …) rests on a reading carries ``※``, and the chart's footnote says ``※ 解读：…见数据说明``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from zzgx_plan.compute.readings import READING_MARK, row_target
from zzgx_plan.compute.status import STATUS_LABELS, IndicatorProgress
from zzgx_plan.compute.trajectory import Trajectory
from zzgx_plan.core.models import Direction, Indicator, Origin
from zzgx_plan.render.charts import (
    OverviewChart,
    OverviewItem,
    ParkChart,
    TrajectoryChart,
    TrajectoryPanel,
)
from zzgx_plan.render.document import STATUS_TONES, Figure
from zzgx_plan.report.compose import period_label
from zzgx_plan.report.content import PeriodReport

if TYPE_CHECKING:
    from zzgx_plan.compute.multiyear import PeriodStatus
    from zzgx_plan.registers.plan import ParkBreakdown

EXAMPLE_MARK = "（示例）"
EXAMPLE_FOOTNOTE = "标“（示例）”的指标使用随软件提供的虚构示例数据，不是官方统计。"
#: The corner stamp of a chart that shows example figures.
EXAMPLE_STAMP = "示例数据"
READING_FOOTNOTE = (
    f"{READING_MARK} 解读：标“{READING_MARK}”的指标，其目标、年份、幅度或牵头单位是对方案的解读，见数据说明。"
)
TRAJECTORY_NOTE = "流量指标为当年1月起累计数，存量指标为季度末总量；没有新报送数字的季度不画点。"
#: At most this many indicator panels in one trajectory chart (4 rows of 3: the chart fits an A4 page).
PANELS_PER_CHART = 12


def _label(name: str, example: bool, reading: bool = False) -> str:
    return name + (EXAMPLE_MARK if example else "") + (READING_MARK if reading else "")


def _footnote(first: str, examples: bool, readings: bool) -> str:
    """The chart's footnote lines: what it shows, then what 示例 and ※ mean (when they occur)."""
    lines = [first + (EXAMPLE_FOOTNOTE if examples else "")]
    if readings:
        lines.append(READING_FOOTNOTE)
    return "\n".join(lines)


def _stamp(examples: bool) -> str:
    return EXAMPLE_STAMP if examples else ""


def _has_reading(rows: Iterable[IndicatorProgress]) -> bool:
    return any(row_target(row).readings for row in rows)


def _expected_share(row: IndicatorProgress) -> float | None:
    if row.expected is not None and row.target and row.indicator.direction is not Direction.AT_MOST:
        return row.expected / row.target
    return None


# ---------------------------------------------------------------- the periodic report


def report_figures(
    report: PeriodReport, trajectories: list[Trajectory], parks: ParkBreakdown | None = None
) -> list[Figure]:
    """The report's charts, in the order they appear after 二、主要指标完成情况."""
    figures = []
    if overview := overview_chart(report):
        figures.append(Figure("overview", f"图1 主要指标完成率与序时进度（{period_label(report.period)}）", overview))
    if trajectory := trajectory_chart(report, trajectories):
        figures.append(Figure("trajectory", "图2 主要指标季度走势", trajectory))
    if parks is not None and parks.rows and (park := park_chart(parks)):
        figures.append(Figure("parks", "图3 分园区企业数（据企业名录）", park))
    return figures


def overview_chart(report: PeriodReport) -> OverviewChart | None:
    items = []
    rows = [line.progress for line in report.indicators if line.progress.target is not None]
    for row in rows:
        items.append(
            OverviewItem(
                label=_label(row.indicator.name, row.example, _has_reading([row])),
                completion=row.completion,
                expected=_expected_share(row),
                tone=STATUS_TONES[row.status],
                status=STATUS_LABELS[row.status],
            )
        )
    if not items:
        return None
    examples = any(row.example for row in rows)
    note = "竖线为序时进度（按已过时间应达到的比例）；虚线为年度目标（100%）。"
    return OverviewChart(
        f"主要指标完成率与序时进度（截至{period_label(report.period)}）",
        tuple(items),
        _footnote(note, examples, _has_reading(rows)),
        _stamp(examples),
    )


def trajectory_chart(report: PeriodReport, trajectories: list[Trajectory]) -> TrajectoryChart | None:
    readings = {line.indicator.id: _has_reading([line.progress]) for line in report.indicators}
    chosen = [t for t in trajectories if _drawable(t)]
    if not chosen:
        return None
    return _trajectory_chart(
        f"主要指标季度走势（至{period_label(report.period)}）", chosen, lambda ind: readings.get(ind.id, False)
    )


def _drawable(traj: Trajectory) -> bool:
    return traj.has_figures and any(p.target is not None for p in traj.points)


def _trajectory_chart(
    title: str, chosen: Sequence[Trajectory], reading: Callable[[Indicator], bool]
) -> TrajectoryChart:
    """One trajectory panel per indicator; ``reading`` tells which indicators' targets rest on a reading."""
    panels = []
    for traj in chosen:
        ind = traj.indicator
        unit = "%" if ind.is_percent else ind.unit
        panels.append(
            TrajectoryPanel(
                title=f"{_label(ind.name, traj.uses_examples, reading(ind))}（{unit}）",
                labels=tuple(f"{p.period.year}Q{p.period.index}" for p in traj.points),
                actual=tuple(p.actual for p in traj.points),
                expected=tuple(p.expected for p in traj.points),
                target=tuple(p.target for p in traj.points),
                percent=ind.is_percent,
                whole=ind.counts_whole_things,
            )
        )
    examples = any(t.uses_examples for t in chosen)
    readings = any(reading(t.indicator) for t in chosen)
    return TrajectoryChart(title, tuple(panels), _footnote(TRAJECTORY_NOTE, examples, readings), _stamp(examples))


def park_chart(parks: ParkBreakdown) -> ParkChart | None:
    from zzgx_plan.registers.render import short_park

    rows = tuple(
        (_label(row.indicator.name, row.example), tuple(n for _park, n in row.count.by_park)) for row in parks.rows
    )
    if not rows:
        return None
    examples = any(row.example for row in parks.rows)
    note = "按企业名录逐家计数。" + ("企业名录为合成的示例数据，不是真实企业名单。" if examples else "")
    return ParkChart(
        f"{parks.year}年分园区企业数",
        tuple(short_park(p, parks.labels) for p in parks.parks),
        rows,
        note,
        _stamp(examples),
    )


# ---------------------------------------------------------------- the final evaluation report


def final_figures(status: PeriodStatus, trajectories: list[Trajectory]) -> list[Figure]:
    """The final report's charts, in the order they appear after its 二、主要指标完成情况."""
    figures: list[Figure] = []
    span = f"{status.years[0]}—{status.years[-1]}年"
    if overview := final_overview_chart(status):
        figures.append(Figure("overview", f"图1 {status.final_year}年主要指标完成情况", overview))
    flags = {r.indicator.id: _has_reading(r.by_year) for r in status.rows}
    years = set(status.years)
    within = [Trajectory(t.indicator, tuple(p for p in t.points if p.period.year in years)) for t in trajectories]
    chosen = [t for t in within if _drawable(t)]
    groups = [
        ("附件1任务目标", [t for t in chosen if t.indicator.origin is Origin.ANNEX1]),
        ("重点任务量化指标", [t for t in chosen if t.indicator.origin is not Origin.ANNEX1]),
    ]
    parts = [
        (name, group[i : i + PANELS_PER_CHART])
        for name, group in groups
        for i in range(0, len(group), PANELS_PER_CHART)
    ]
    for k, (name, part) in enumerate(parts, 1):
        number = len(figures) + 1
        title = f"{name}走势（{span}）" + (f"（{k}）" if len(parts) > len(groups) else "")
        chart = _trajectory_chart(title, part, lambda ind: flags.get(ind.id, False))
        figures.append(Figure(f"trajectory-{k}", f"图{number} {title}", chart))
    return figures


def final_overview_chart(status: PeriodStatus) -> OverviewChart | None:
    """Each indicator's final-year completion against 序时进度 (the target itself once the year is over),
    coloured by its final status, with the years it met its annual target."""
    rows = [r for r in status.rows if r.final.target is not None]
    if not rows:
        return None
    items = tuple(
        OverviewItem(
            label=_label(r.indicator.name, r.example, _has_reading(r.by_year)),
            completion=r.final.completion,
            expected=_expected_share(r.final),
            tone=STATUS_TONES[r.final_status],
            status=STATUS_LABELS[r.final_status]
            + (f"（{r.met_years}/{r.years_with_target}年达标）" if r.years_with_target else ""),
        )
        for r in rows
    )
    examples = any(r.example for r in rows)
    as_of = f"（截至{status.as_of.label_zh}）" if status.as_of is not None else ""
    note = "竖线为序时进度（年度结束后即年度目标）；括号内为完成年度目标的年数/有年度目标的年数。"
    return OverviewChart(
        f"{status.final_year}年主要指标完成率{as_of}",
        items,
        _footnote(note, examples, any(_has_reading(r.by_year) for r in rows)),
        _stamp(examples),
    )
