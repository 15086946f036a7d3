"""Progress of each indicator against its yearly target (序时进度), as pure functions.

For year Y as of period P (default: the latest period of Y with any figure):

* actual — flow: the sum of Y's increments up to P, or the latest year-to-date figure
  plus any increments after it; stock/cumulative: the latest level reported in Y up to P.
  The period of the latest figure used is ``actual_period``.
* elapsed share e of ``actual_period``: month m → m/12, quarter q → q/4, year → 1.
* baseline b (stock/cumulative): the latest level reported for an earlier year. It is used
  only when the target lies beyond it (above it for at_least, below it for at_most).
* expected — flow: target × e; stock with a baseline: b + (target − b) × e; else target.
* completion = actual / target (target / actual for at_most); gap = target − actual
  (actual − target for at_most), negative once exceeded.
* projection to year end — flow: actual / e; stock with a baseline: b + (actual − b) / e, kept within
  0 (and 100 for a percentage).
* status — achieved when the target is met; else missed once e = 1; else by the pace
  ratio r = (actual − b) / (expected − b) (stock with a baseline) or actual / expected:
  on_track r ≥ 1, at_risk threshold ≤ r < 1, behind below; no_data without a figure;
  no_target when the year has no target.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from zzgx_plan.core.models import (
    Basis,
    Direction,
    Indicator,
    IndicatorKind,
    Observation,
    PlanData,
    TargetRevision,
)
from zzgx_plan.core.periods import Period, PeriodKind


class Status(StrEnum):
    ACHIEVED = "achieved"
    MISSED = "missed"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BEHIND = "behind"
    NO_DATA = "no_data"
    NO_TARGET = "no_target"


STATUS_LABELS: dict[Status, str] = {
    Status.ACHIEVED: "已完成",
    Status.MISSED: "未完成",
    Status.ON_TRACK: "符合序时进度",
    Status.AT_RISK: "略低于序时进度",
    Status.BEHIND: "滞后",
    Status.NO_DATA: "无数据",
    Status.NO_TARGET: "无目标",
}

#: Order from worst to best, for "what needs attention first".
SEVERITY_ORDER: tuple[Status, ...] = (
    Status.MISSED,
    Status.BEHIND,
    Status.AT_RISK,
    Status.NO_DATA,
    Status.ON_TRACK,
    Status.ACHIEVED,
    Status.NO_TARGET,
)


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    """Where one indicator stands for a year as of a period."""

    indicator: Indicator
    year: int
    target: float | None
    actual: float | None
    actual_period: Period | None
    elapsed: float | None
    baseline: float | None
    expected: float | None
    completion: float | None
    gap: float | None
    projection: float | None
    pace: float | None  # the ratio r used for on_track / at_risk / behind
    status: Status
    example: bool  # the figures behind ``actual`` are shipped example data
    reported_by: str  # unit that reported the latest figure used, if any
    revision: TargetRevision | None = None  # the revision in force when ``target`` is a revised one
    original_target: float | None = None  # the target as the plan first set it
    baseline_period: Period | None = None  # the period of the figure used as ``baseline``

    @property
    def baseline_before_plan(self) -> bool:
        """The baseline is a figure from before the indicator's first target year (e.g. 2022's 176)."""
        first = min(self.indicator.targets, default=self.year)
        return self.baseline_period is not None and self.baseline_period.year < first

    @property
    def revised(self) -> bool:
        """The target used is a later revision, not the plan's original figure."""
        return self.revision is not None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True, slots=True)
class StatusReport:
    """Every indicator's progress for ``year`` as of ``as_of`` (None when the year has no figures)."""

    year: int
    as_of: Period | None
    rows: tuple[IndicatorProgress, ...]

    def counts(self) -> dict[Status, int]:
        """Number of indicators per status, in :class:`Status` order (zeros included)."""
        out = {status: 0 for status in Status}
        for row in self.rows:
            out[row.status] += 1
        return out

    @property
    def uses_examples(self) -> bool:
        return any(row.example for row in self.rows)


def default_as_of(data: PlanData, year: int) -> Period | None:
    """The latest quarter or month of ``year`` that has a figure; the year itself when only annual figures
    exist; None without figures.

    An annual figure stands at the year's end: it does not move the default to the whole year while the
    year is still reported quarter by quarter, so ``plan status 2024`` describes the same period as the
    latest quarterly ``plan report`` (and shows the annual figure once the year's last quarter is in)."""
    periods = data.periods_with_data(year)
    within = [p for p in periods if p.kind is not PeriodKind.YEAR]
    if within and (max(within).last_month < 12 or len(within) == len(periods)):
        return max(within)
    return max(periods) if periods else None  # the year is complete (or only annual figures): the year


def progress_as_of(
    data: PlanData,
    year: int,
    as_of: Period | None = None,
    indicators: list[Indicator] | None = None,
) -> StatusReport:
    """Compute every indicator's progress for ``year`` as of ``as_of`` (default: latest period with data).

    ``indicators`` restricts the rows (e.g. to those a unit leads); the default is all, in plan order.
    """
    if as_of is None:
        as_of = default_as_of(data, year)
    threshold = data.plan.settings.at_risk_threshold
    chosen = data.plan.indicators if indicators is None else tuple(indicators)
    rows = tuple(indicator_progress(ind, data.observations_for(ind.id), year, as_of, threshold) for ind in chosen)
    return StatusReport(year=year, as_of=as_of, rows=rows)


def indicator_progress(
    indicator: Indicator,
    observations: list[Observation],
    year: int,
    as_of: Period | None,
    threshold: float = 0.9,
) -> IndicatorProgress:
    """One indicator's progress from its observations (any years); see the module docstring."""
    in_year = [
        o for o in observations if o.period.year == year and (as_of is None or o.period.end_key <= as_of.end_key)
    ]
    used = _figures_used(indicator, in_year)
    actual = _actual(indicator, used)
    actual_period = max((o.period for o in used), default=None)
    target_obj = indicator.target_for(year)
    # a revised target counts from its effective date: use the one in force at the end of
    # the assessed period (the year's end when there is no figure yet)
    in_force_on = as_of.end_date if as_of is not None else Period.year_of(year).end_date
    revision = target_obj.revision_on(in_force_on) if target_obj else None
    target = target_obj.value_on(in_force_on) if target_obj else None
    at_most = indicator.direction is Direction.AT_MOST

    base = baseline_figure(indicator, observations, year)
    baseline = base.value if base is not None else None
    effective_baseline = _effective_baseline(indicator, baseline, target)
    baseline_period = base.period if base is not None and effective_baseline is not None else None
    elapsed = actual_period.elapsed_share if actual_period else None
    expected = completion = gap = projection = pace = None
    if target is not None and elapsed is not None:
        expected = expected_at(indicator, target, baseline, elapsed)
    if actual is not None and elapsed is not None:
        if indicator.kind is IndicatorKind.FLOW:
            projection = actual / elapsed
        elif effective_baseline is not None:
            projection = effective_baseline + (actual - effective_baseline) / elapsed
            # a level cannot run below nothing (5 unicorns, 1 in Q1: 5 − 4 × 4 = −11) nor a share past 100%
            projection = min(max(projection, 0.0), 100.0) if indicator.is_percent else max(projection, 0.0)
        if target is not None:
            gap = (actual - target) if at_most else (target - actual)
            if at_most:
                completion = target / actual if actual else None
            else:
                completion = actual / target if target else None

    if target is None:
        status = Status.NO_TARGET
    elif actual is None or elapsed is None:
        status = Status.NO_DATA
    elif _met(indicator, actual, target):
        status = Status.ACHIEVED
    elif elapsed >= 1:
        status = Status.MISSED
    else:
        assert expected is not None
        pace = _pace(
            actual,
            expected,
            effective_baseline if indicator.kind is not IndicatorKind.FLOW else None,
            at_most,
        )
        if pace >= 1:
            status = Status.ON_TRACK
        elif pace >= threshold:
            status = Status.AT_RISK
        else:
            status = Status.BEHIND

    latest = max(used, key=lambda o: (o.period, o.path, o.line)) if used else None
    return IndicatorProgress(
        indicator=indicator,
        year=year,
        target=target,
        actual=actual,
        actual_period=actual_period,
        elapsed=elapsed,
        baseline=baseline,
        expected=expected,
        completion=completion,
        gap=gap,
        projection=projection,
        pace=pace,
        status=status,
        example=any(o.is_example for o in used),
        reported_by=latest.reported_by if latest else "",
        revision=revision,
        original_target=target_obj.value if target_obj else None,
        baseline_period=baseline_period if effective_baseline is not None else None,
    )


def baseline_figure(indicator: Indicator, observations: list[Observation], year: int) -> Observation | None:
    """The figure giving the baseline: the latest level reported for a year before ``year``
    (stock/cumulative indicators), or None."""
    if indicator.kind is IndicatorKind.FLOW:
        return None
    earlier = [o for o in observations if o.period.year < year]
    return max(earlier, key=lambda o: (o.period, o.path, o.line)) if earlier else None


def baseline_for(indicator: Indicator, observations: list[Observation], year: int) -> float | None:
    """The latest level reported for a year before ``year`` (stock/cumulative indicators), or None."""
    base = baseline_figure(indicator, observations, year)
    return base.value if base is not None else None


def _effective_baseline(indicator: Indicator, baseline: float | None, target: float | None) -> float | None:
    """The baseline when the target lies beyond it; else None (pace against the target)."""
    at_most = indicator.direction is Direction.AT_MOST
    if baseline is not None and target is not None and (target >= baseline if at_most else target <= baseline):
        return None
    return baseline


def expected_at(indicator: Indicator, target: float, baseline: float | None, elapsed: float) -> float:
    """序时进度 after ``elapsed`` of the year: target × e (flow), b + (target − b) × e (stock with a
    baseline the target lies beyond), else the target itself."""
    if indicator.kind is IndicatorKind.FLOW:
        return target * elapsed
    effective = _effective_baseline(indicator, baseline, target)
    if effective is not None:
        return effective + (target - effective) * elapsed
    return target


def _figures_used(indicator: Indicator, rows: list[Observation]) -> list[Observation]:
    """The observations that make up the actual (the latest level, or ytd + later increments)."""
    if not rows:
        return []
    if indicator.kind is not IndicatorKind.FLOW:
        return [max(rows, key=lambda o: (o.period, o.path, o.line))]
    ytd = [o for o in rows if o.basis is Basis.YTD]
    increments = [o for o in rows if o.basis is Basis.INCREMENT]
    if not ytd:
        return increments
    latest_ytd = max(ytd, key=lambda o: (o.period.end_key, o.path, o.line))
    later = [o for o in increments if o.period.first_month > latest_ytd.period.last_month]
    return [latest_ytd, *later]


def _actual(indicator: Indicator, used: list[Observation]) -> float | None:
    if not used:
        return None
    if indicator.kind is IndicatorKind.FLOW:
        return sum(o.value for o in used)
    return used[0].value


def _met(indicator: Indicator, actual: float, target: float) -> bool:
    if indicator.direction is Direction.AT_MOST:
        return actual <= target
    if indicator.direction is Direction.ABOUT:
        return actual >= target - indicator.tolerance
    return actual >= target


def _pace(actual: float, expected: float, baseline: float | None, at_most: bool) -> float:
    """The pace ratio r: 1 means exactly on 序时进度, above 1 ahead of it."""
    if baseline is not None and expected != baseline:
        return (actual - baseline) / (expected - baseline)
    if at_most:
        return expected / actual if actual else float("inf")
    if expected == 0:
        return float("inf")
    return actual / expected
