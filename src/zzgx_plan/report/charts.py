"""Which charts the periodic report shows, and with what: chosen here, drawn by :mod:`zzgx_plan.render.charts`.

* 图1 overview — every indicator with a target and a figure: completion against 序时进度;
* 图2 trajectory — every indicator with a target and at least one figure: its quarterly path from the
  plan's first quarter to the report period (flows as year-to-date totals), 序时进度 and target;
* 图3 parks — per-park register counts, when the data has registers.

Labels carry the 示例 mark where the figures are example data; the footnotes say what it means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zzgx_plan.compute.status import STATUS_LABELS
from zzgx_plan.compute.trajectory import Trajectory
from zzgx_plan.core.models import Direction
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
    from zzgx_plan.registers.plan import ParkBreakdown

EXAMPLE_MARK = "（示例）"
EXAMPLE_FOOTNOTE = "标“（示例）”的指标使用随软件提供的虚构示例数据，不是官方统计。"


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


def _label(name: str, example: bool) -> str:
    return name + (EXAMPLE_MARK if example else "")


def overview_chart(report: PeriodReport) -> OverviewChart | None:
    items = []
    for line in report.indicators:
        row = line.progress
        if row.target is None:
            continue
        expected = None
        if row.expected is not None and row.target and row.indicator.direction is not Direction.AT_MOST:
            expected = row.expected / row.target
        items.append(
            OverviewItem(
                label=_label(row.indicator.name, row.example),
                completion=row.completion,
                expected=expected,
                tone=STATUS_TONES[row.status],
                status=STATUS_LABELS[row.status],
            )
        )
    if not items:
        return None
    examples = any(line.progress.example for line in report.indicators)
    note = "竖线为序时进度（按已过时间应达到的比例）；虚线为年度目标（100%）。"
    return OverviewChart(
        f"主要指标完成率与序时进度（截至{period_label(report.period)}）",
        tuple(items),
        note + (EXAMPLE_FOOTNOTE if examples else ""),
    )


def trajectory_chart(report: PeriodReport, trajectories: list[Trajectory]) -> TrajectoryChart | None:
    panels = []
    for traj in trajectories:
        if not traj.has_figures or all(p.target is None for p in traj.points):
            continue
        ind = traj.indicator
        unit = "%" if ind.is_percent else ind.unit
        panels.append(
            TrajectoryPanel(
                title=f"{_label(ind.name, traj.uses_examples)}（{unit}）",
                labels=tuple(f"{p.period.year}Q{p.period.index}" for p in traj.points),
                actual=tuple(p.actual for p in traj.points),
                expected=tuple(p.expected for p in traj.points),
                target=tuple(p.target for p in traj.points),
                percent=ind.is_percent,
            )
        )
    if not panels:
        return None
    examples = any(t.uses_examples for t in trajectories)
    note = "流量指标为当年1月起累计数，存量指标为季度末总量；没有新报送数字的季度不画点。"
    return TrajectoryChart(
        f"主要指标季度走势（至{period_label(report.period)}）",
        tuple(panels),
        note + (EXAMPLE_FOOTNOTE if examples else ""),
    )


def park_chart(parks: ParkBreakdown) -> ParkChart | None:
    from zzgx_plan.registers.render import short_park

    rows = tuple(
        (_label(row.indicator.name, row.example), tuple(n for _park, n in row.count.by_park)) for row in parks.rows
    )
    if not rows:
        return None
    examples = any(row.example for row in parks.rows)
    note = "按企业名录逐家计数。" + ("企业名录为合成的示例数据，不是真实企业名单。" if examples else "")
    return ParkChart(f"{parks.year}年分园区企业数", tuple(short_park(p, parks.labels) for p in parks.parks), rows, note)
