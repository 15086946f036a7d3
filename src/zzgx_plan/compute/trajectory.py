"""Each indicator's path through the plan's quarters: reported figure, 序时进度 and target (for charts).

For every quarter Q of every plan year up to ``until``:

* ``actual`` — the indicator's actual as of Q (flows: the year-to-date total; stocks: the latest
  level), but only when a figure reported for a month or quarter inside Q is part of it — a quarter
  without a new figure has no point, so a stale figure is never drawn twice;
* ``expected`` — 序时进度 at Q's end (``compute.status.expected_at`` with e = q/4), from the year's
  baseline to the year's target;
* ``target`` — the year's target in force at Q's end.
"""

from __future__ import annotations

from dataclasses import dataclass

from zzgx_plan.compute.status import baseline_for, expected_at, indicator_progress
from zzgx_plan.core.models import Indicator, PlanData
from zzgx_plan.core.periods import Period


@dataclass(frozen=True, slots=True)
class TrajectoryPoint:
    period: Period  # a quarter
    actual: float | None
    expected: float | None
    target: float | None
    example: bool


@dataclass(frozen=True, slots=True)
class Trajectory:
    indicator: Indicator
    points: tuple[TrajectoryPoint, ...]

    @property
    def has_figures(self) -> bool:
        return any(p.actual is not None for p in self.points)

    @property
    def uses_examples(self) -> bool:
        return any(p.example for p in self.points)


def quarters(years: range, until: Period | None = None) -> list[Period]:
    """Every quarter of ``years`` whose end is not after ``until``'s end (all of them without ``until``)."""
    out = [Period.parse(f"{year}-Q{q}") for year in years for q in range(1, 5)]
    return [p for p in out if until is None or p.end_key <= until.end_key]


def trajectory(data: PlanData, indicator: Indicator, until: Period | None = None) -> Trajectory:
    """The quarterly path of one indicator across the plan years up to ``until``."""
    observations = data.observations_for(indicator.id)
    threshold = data.plan.settings.at_risk_threshold
    points = []
    for quarter in quarters(data.plan.meta.years, until):
        year = quarter.year
        progress = indicator_progress(indicator, observations, year, quarter, threshold)
        reported = progress.actual_period is not None and progress.actual_period.end_key > _previous_end(quarter)
        target_obj = indicator.target_for(year)
        target = target_obj.value_on(quarter.end_date) if target_obj else None
        expected = None
        if target is not None:
            expected = expected_at(
                indicator, target, baseline_for(indicator, observations, year), quarter.elapsed_share
            )
        points.append(
            TrajectoryPoint(
                period=quarter,
                actual=progress.actual if reported else None,
                expected=expected,
                target=target,
                example=reported and progress.example,
            )
        )
    return Trajectory(indicator, tuple(points))


def trajectories(
    data: PlanData, until: Period | None = None, indicators: list[Indicator] | None = None
) -> list[Trajectory]:
    """The path of every indicator (or of ``indicators``), in plan order."""
    chosen = data.plan.indicators if indicators is None else indicators
    return [trajectory(data, ind, until) for ind in chosen]


def _previous_end(quarter: Period) -> tuple[int, int]:
    """The (year, month) end key of the quarter before ``quarter``."""
    month = quarter.first_month - 1
    return (quarter.year, month) if month else (quarter.year - 1, 12)
