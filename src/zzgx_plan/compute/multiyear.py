"""Several plan years at once: each year's result side by side and the whole period's result (pure).

For years Y1..Yn (a range of the plan's years) as of period P (default: the latest period of Yn
with any figure), each year is assessed by :func:`~zzgx_plan.compute.status.progress_as_of` as of its
own latest figure (Yn as of P). Per indicator:

* ``final_status``: the status of Yn.
* ``met_years`` of ``years_with_target``: the years whose status is ``achieved``, of the years that have
  a target.
* A point in time t(period) = year − 1 + last_month / 12: a year's figure stands at its end (2022 → 2022.0,
  2025 → 2025.0), 2024-Q3 at 2023.75.
* ``cagr`` (stock and cumulative indicators, direction ``at_least``, not %, with a positive baseline b):
  b is the latest figure before the plan's first year (the 2022 level); a is the latest actual up to P
  within the range; ``cagr = (a / b) ** (1 / (t(a) − t(b))) − 1`` (fractional years for a quarter).
  ``target_cagr = (T / b) ** (1 / (Yn − t(b))) − 1`` with T the target of Yn. Otherwise both are None.
* ``total`` (flows): the sum of each year's actual (years without a figure add nothing; None when no year
  has one); ``total_target``: the sum of the targets of the years that have one. None for other kinds.
* For the year in progress (the year of P: the latest year with a figure when the range runs ahead of the
  data), if its figures end before December and its target is not yet met: ``remaining`` =
  target − actual (direction ``at_least``/``about``), and the pace it needs over the months left
  m = 12 − last month of the actual: ``per_month = remaining / m``, ``per_quarter = remaining × 3 / m``
  (后续每月/每季度需完成).
* Measures: each measure's latest progress entry reported for a period within the range up to P.
"""

from __future__ import annotations

from dataclasses import dataclass

from zzgx_plan.compute.status import IndicatorProgress, Status, default_as_of, progress_as_of
from zzgx_plan.core.models import Direction, Indicator, IndicatorKind, Measure, Observation, PlanData, ProgressEntry
from zzgx_plan.core.periods import Period


def time_point(period: Period) -> float:
    """The time a figure stands at, in years: the end of its period (2022 → 2022.0, 2024-Q3 → 2023.75)."""
    return period.year - 1 + period.last_month / 12


@dataclass(frozen=True, slots=True)
class RemainingPace:
    """What is still to do in a year in progress and the pace it needs (后续每季度/每月需完成)."""

    year: int
    remaining: float
    months_left: int
    per_month: float
    per_quarter: float


@dataclass(frozen=True, slots=True)
class IndicatorPeriodResult:
    """One indicator over several years."""

    indicator: Indicator
    by_year: tuple[IndicatorProgress, ...]
    met_years: int
    years_with_target: int
    baseline: float | None
    baseline_period: Period | None
    cagr: float | None
    target_cagr: float | None
    total: float | None
    total_target: float | None
    pace: RemainingPace | None

    @property
    def final(self) -> IndicatorProgress:
        return self.by_year[-1]

    @property
    def final_status(self) -> Status:
        return self.final.status

    @property
    def met_every_year(self) -> bool:
        return self.years_with_target > 0 and self.met_years == self.years_with_target

    @property
    def example(self) -> bool:
        return any(row.example for row in self.by_year)


@dataclass(frozen=True, slots=True)
class MeasureResult:
    """A measure's latest reported status within the range (None: never reported)."""

    measure: Measure
    latest: ProgressEntry | None


@dataclass(frozen=True, slots=True)
class PeriodStatus:
    """Every indicator over ``years`` as of ``as_of`` (the latest period of the last year with a figure)."""

    years: tuple[int, ...]
    as_of: Period | None
    rows: tuple[IndicatorPeriodResult, ...]
    measures: tuple[MeasureResult, ...]

    @property
    def uses_examples(self) -> bool:
        return any(row.example for row in self.rows) or any(
            m.latest is not None and m.latest.is_example for m in self.measures
        )

    @property
    def final_year(self) -> int:
        return self.years[-1]


def period_status(
    data: PlanData,
    first: int,
    last: int,
    as_of: Period | None = None,
    indicators: list[Indicator] | None = None,
) -> PeriodStatus:
    """Assess ``first``..``last`` (plan years, ``first`` ≤ ``last``); ``as_of`` applies to ``last``."""
    years = tuple(range(first, last + 1))
    final_as_of = as_of if as_of is not None else default_as_of(data, last)
    reports = [progress_as_of(data, y, final_as_of if y == last else None, indicators) for y in years]
    chosen = [row.indicator for row in reports[0].rows]
    rows = []
    overall_as_of = final_as_of
    if overall_as_of is None:
        earlier = [r.as_of for r in reports if r.as_of is not None]
        overall_as_of = max(earlier) if earlier else None
    current = years.index(overall_as_of.year) if overall_as_of is not None else len(years) - 1
    for i, ind in enumerate(chosen):
        by_year = tuple(report.rows[i] for report in reports)
        rows.append(_indicator_result(data, ind, by_year, current))
    return PeriodStatus(
        years=years,
        as_of=overall_as_of,
        rows=tuple(rows),
        measures=tuple(_measure_results(data, years, overall_as_of)),
    )


def _indicator_result(
    data: PlanData, ind: Indicator, by_year: tuple[IndicatorProgress, ...], current: int
) -> IndicatorPeriodResult:
    with_target = [row for row in by_year if row.target is not None]
    met = sum(1 for row in with_target if row.status is Status.ACHIEVED)
    baseline_obs = _baseline(data.observations_for(ind.id), data.plan.meta.start_year)
    baseline = baseline_obs.value if baseline_obs else None
    baseline_period = baseline_obs.period if baseline_obs else None
    cagr = target_cagr = None
    if _growth_applies(ind) and baseline is not None and baseline > 0 and baseline_period is not None:
        t0 = time_point(baseline_period)
        latest = [row for row in by_year if row.actual is not None and row.actual_period is not None]
        if latest:
            row = latest[-1]
            assert row.actual is not None and row.actual_period is not None
            span = time_point(row.actual_period) - t0
            if span > 0 and row.actual >= 0:
                cagr = (row.actual / baseline) ** (1 / span) - 1
        final_target = by_year[-1].target
        span_target = by_year[-1].year - t0
        if final_target is not None and final_target >= 0 and span_target > 0:
            target_cagr = (final_target / baseline) ** (1 / span_target) - 1
    total = total_target = None
    if ind.kind is IndicatorKind.FLOW:
        actuals = [row.actual for row in by_year if row.actual is not None]
        total = sum(actuals) if actuals else None
        total_target = sum(row.target for row in with_target if row.target is not None) if with_target else None
    return IndicatorPeriodResult(
        indicator=ind,
        by_year=by_year,
        met_years=met,
        years_with_target=len(with_target),
        baseline=baseline,
        baseline_period=baseline_period,
        cagr=cagr,
        target_cagr=target_cagr,
        total=total,
        total_target=total_target,
        pace=remaining_pace(by_year[current]),
    )


def _growth_applies(ind: Indicator) -> bool:
    return ind.kind is not IndicatorKind.FLOW and ind.direction is Direction.AT_LEAST and not ind.is_percent


def _baseline(observations: list[Observation], start_year: int) -> Observation | None:
    """The latest figure before the plan's first year (the last level before the plan)."""
    before = [o for o in observations if o.period.year < start_year]
    return max(before, key=lambda o: (o.period, o.path, o.line)) if before else None


def remaining_pace(row: IndicatorProgress) -> RemainingPace | None:
    """What remains of a year still in progress and the monthly/quarterly pace it needs, or None
    (year over, already met, no target or figure, or an ``at_most`` indicator)."""
    if row.indicator.direction is Direction.AT_MOST or row.status is Status.ACHIEVED:
        return None
    if row.target is None or row.actual is None or row.actual_period is None:
        return None
    months_left = 12 - row.actual_period.last_month
    remaining = row.target - row.actual
    if months_left <= 0 or remaining <= 0:
        return None
    return RemainingPace(
        year=row.year,
        remaining=remaining,
        months_left=months_left,
        per_month=remaining / months_left,
        per_quarter=remaining * 3 / months_left,
    )


def _measure_results(data: PlanData, years: tuple[int, ...], as_of: Period | None) -> list[MeasureResult]:
    out = []
    for measure in data.plan.measures:
        entries = [
            e
            for e in data.progress
            if e.measure == measure.number
            and e.period.year in years
            and (as_of is None or e.period.end_key <= as_of.end_key)
        ]
        latest = max(entries, key=lambda e: (e.period, e.path, e.line)) if entries else None
        out.append(MeasureResult(measure=measure, latest=latest))
    return out
