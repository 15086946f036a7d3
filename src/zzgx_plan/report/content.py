"""What goes into the periodic report (`plan report PERIOD`), selected from loaded data — pure.

The report restates where each indicator stands — taken as is from
:func:`zzgx_plan.compute.status.progress_as_of`, never recomputed — and adds
the selections a leadership-group office needs around it:

* the change of each indicator's figure since the previous quarter;
* stale figures: an indicator whose latest figure is older than the period;
* each measure's progress entry for the period, or 未报送 when there is none;
* 需关注事项: indicators missed, behind or at risk and measures reported 滞后, worst first;
* 报送情况: per lead unit, its indicators without a figure and its measures without a
  progress entry for the period — the same rule as ``plan missing`` (a figure for 2024-Q3 or
  2024-09 answers for 2024-Q3; for the year 2024 only 2024, 2024-Q4 or 2024-12 do).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zzgx_plan.compute.missing import covers, missing_for
from zzgx_plan.compute.status import IndicatorProgress, Status, StatusReport, progress_as_of
from zzgx_plan.core.models import (
    Indicator,
    IndicatorKind,
    Measure,
    Observation,
    Origin,
    PlanData,
    ProgressEntry,
    ProgressStatus,
    Section,
    unique,
)
from zzgx_plan.core.periods import Period, PeriodKind
from zzgx_plan.core.problems import Problem

#: Indicator statuses that need the leadership group's attention.
ATTENTION_STATUSES = (Status.MISSED, Status.BEHIND, Status.AT_RISK)


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """One indicator in the report: its progress, and how it compares with the previous quarter."""

    progress: IndicatorProgress
    previous: IndicatorProgress | None  # as of the previous quarter (same indicator)
    change: float | None  # actual − previous actual; None when not comparable
    reported: bool  # a figure answering for the period exists (ends in its last month: as `plan missing`)
    latest_period: Period | None  # the latest figure up to the period's end, any year

    @property
    def indicator(self) -> Indicator:
        return self.progress.indicator

    @property
    def updated(self) -> bool:
        """A figure newer than the one of the previous quarter's report was used."""
        prev = self.previous.actual_period if self.previous else None
        return self.progress.actual_period is not None and self.progress.actual_period != prev

    def stale_for(self, period: Period) -> bool:
        """The latest figure is older than the period (an indicator never reported is not stale)."""
        return self.latest_period is not None and self.latest_period.end_key < period.end_key


@dataclass(frozen=True, slots=True)
class MeasureLine:
    """One of the 22 measures: its section, its indicators' progress and the period's progress entry."""

    measure: Measure
    section: Section
    indicators: tuple[IndicatorProgress, ...]
    entry: ProgressEntry | None  # the latest entry within the period; None: 未报送
    reported: bool = False  # an entry answering for the period exists (as `plan missing`): 2024 needs 2024/2024-Q4


@dataclass(frozen=True, slots=True)
class AttentionItem:
    """Something behind, at risk, missed or delayed: an indicator or a measure."""

    indicator: IndicatorLine | None = None
    measure: MeasureLine | None = None

    @property
    def lead_units(self) -> tuple[str, ...]:
        if self.indicator is not None:
            return self.indicator.indicator.lead_units
        assert self.measure is not None
        return self.measure.measure.lead_units


@dataclass(frozen=True, slots=True)
class UnitSubmission:
    """A lead unit's reporting for the period: what it leads and what has not come in."""

    unit: str
    indicators: tuple[Indicator, ...]  # indicators it leads
    measures: tuple[Measure, ...]  # measures it leads
    missing_indicators: tuple[Indicator, ...]  # no figure answering for the period
    missing_measures: tuple[Measure, ...]  # no progress entry answering for the period

    @property
    def complete(self) -> bool:
        return not self.missing_indicators and not self.missing_measures


@dataclass(frozen=True, slots=True)
class PeriodReport:
    """Everything the report for ``period`` states, ready to be rendered."""

    period: Period
    previous_period: Period
    status: StatusReport
    indicators: tuple[IndicatorLine, ...]  # Annex 1 indicators first, then measure commitments
    measures: tuple[MeasureLine, ...]  # plan order
    attention: tuple[AttentionItem, ...]  # worst first
    submissions: tuple[UnitSubmission, ...]
    stale: tuple[IndicatorLine, ...]
    warnings: tuple[Problem, ...]
    example_indicators: int  # indicators whose figures in the report are example data
    example_entries: int  # example progress entries shown

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def uses_examples(self) -> bool:
        return self.example_indicators > 0 or self.example_entries > 0


class ReportPeriodError(ValueError):
    """Reports are written for a quarter or a year."""


def build_report(data: PlanData, period: Period, warnings: list[Problem] | tuple[Problem, ...] = ()) -> PeriodReport:
    """Select and arrange the report's content for ``period`` (a quarter or a year)."""
    if period.kind is PeriodKind.MONTH:
        raise ReportPeriodError(f"{period}：报告按季度（如 2024-Q3）或年度（如 2024）生成，不按月")
    plan = data.plan
    status = progress_as_of(data, period.year, as_of=period)
    previous_period = period.previous_quarter()
    previous = {r.indicator.id: r for r in progress_as_of(data, previous_period.year, as_of=previous_period).rows}

    lines = []
    for row in status.rows:
        observations = data.observations_for(row.indicator.id)
        prev = previous.get(row.indicator.id)
        lines.append(
            IndicatorLine(
                progress=row,
                previous=prev,
                change=_change(row, prev, previous_period, period),
                reported=any(covers(o.period, period) for o in observations),
                latest_period=_latest_period(observations, period),
            )
        )
    order = {Origin.ANNEX1: 0, Origin.MEASURE: 1}
    indicator_lines = tuple(sorted(lines, key=lambda line: order[line.indicator.origin]))  # stable: plan order

    entries = _entries_by_measure(data.progress, period)
    sections = {s.number: s for s in plan.sections}
    by_id = {line.indicator.id: line.progress for line in indicator_lines}
    measure_lines = tuple(
        MeasureLine(
            measure=m,
            section=sections[m.section],
            indicators=tuple(by_id[i.id] for i in plan.indicators_for_measure(m.number)),
            entry=entries.get(m.number),
            reported=any(covers(e.period, period) for e in data.progress if e.measure == m.number),
        )
        for m in plan.measures
    )
    return PeriodReport(
        period=period,
        previous_period=previous_period,
        status=status,
        indicators=indicator_lines,
        measures=measure_lines,
        attention=attention_items(indicator_lines, measure_lines),
        submissions=submissions(data, period, indicator_lines, measure_lines),
        stale=tuple(line for line in indicator_lines if line.stale_for(period)),
        warnings=tuple(p for p in warnings if not p.is_error),
        example_indicators=sum(1 for line in indicator_lines if line.progress.example),
        example_entries=sum(1 for m in measure_lines if m.entry is not None and m.entry.is_example),
    )


def _change(
    row: IndicatorProgress, prev: IndicatorProgress | None, previous_period: Period, period: Period
) -> float | None:
    """Actual now minus actual as of the previous quarter, when the two are comparable.

    A flow indicator restarts each year, so its figures are not compared across a year boundary.
    """
    if prev is None or row.actual is None or prev.actual is None:
        return None
    if row.indicator.kind is IndicatorKind.FLOW and previous_period.year != period.year:
        return None
    return row.actual - prev.actual


def _latest_period(observations: list[Observation], period: Period) -> Period | None:
    """The latest period with a figure that ends no later than ``period`` (any year)."""
    periods = [o.period for o in observations if o.period.end_key <= period.end_key]
    return max(periods) if periods else None


def _entries_by_measure(entries: tuple[ProgressEntry, ...], period: Period) -> dict[int, ProgressEntry]:
    """Each measure's latest progress entry for a period within ``period`` (the quarter's own first)."""
    out: dict[int, ProgressEntry] = {}
    for entry in entries:
        if not period.contains(entry.period):
            continue
        best = out.get(entry.measure)
        if best is None or best.period < entry.period:
            out[entry.measure] = entry
    return out


def attention_items(
    indicators: tuple[IndicatorLine, ...], measures: tuple[MeasureLine, ...]
) -> tuple[AttentionItem, ...]:
    """Indicators missed/behind/at risk and measures reported 滞后, worst first.

    Order: missed, then behind (lowest pace first), then measures reported 滞后 (plan
    order), then at risk (lowest pace first). Ties keep the report's indicator order.
    """
    keyed: list[tuple[tuple[float, float, int], AttentionItem]] = []
    for i, line in enumerate(indicators):
        status = line.progress.status
        if status in ATTENTION_STATUSES:
            rank = {Status.MISSED: 0.0, Status.BEHIND: 1.0, Status.AT_RISK: 3.0}[status]
            pace = line.progress.pace
            if pace is None:  # a missed target has no pace: order by completion instead
                pace = line.progress.completion if line.progress.completion is not None else 0.0
            keyed.append(((rank, pace, i), AttentionItem(indicator=line)))
    for m in measures:
        if m.entry is not None and m.entry.status is ProgressStatus.DELAYED:
            keyed.append(((2.0, 0.0, m.measure.number), AttentionItem(measure=m)))
    keyed.sort(key=lambda pair: pair[0])
    return tuple(item for _, item in keyed)


def submissions(
    data: PlanData, period: Period, indicators: tuple[IndicatorLine, ...], measures: tuple[MeasureLine, ...]
) -> tuple[UnitSubmission, ...]:
    """Per unit, what it has not reported — the figures it reports (``reported_by``) and the progress of
    the measures it leads (:func:`zzgx_plan.compute.missing.missing_for`, as ``plan missing``), in the
    report's order: units as first seen in plan order (measures, then indicators), their indicators as
    the report lists them."""
    canonical = data.plan.units.canonical
    first_seen = unique(
        [canonical(u) or u for m in measures for u in m.measure.lead_units]
        + [
            canonical(line.indicator.reporting_unit) or line.indicator.reporting_unit
            for line in indicators
            if line.indicator.reporting_unit  # a drafted plan's indicator before its lead units are filled in
        ]
    )
    position = {line.indicator.id: i for i, line in enumerate(indicators)}

    def in_report_order(found: Iterable[Indicator]) -> tuple[Indicator, ...]:
        return tuple(sorted(found, key=lambda ind: position[ind.id]))

    owed = {u.unit: u for u in missing_for(data, period).units}
    return tuple(
        UnitSubmission(
            unit=name,
            indicators=in_report_order(owed[name].led_indicators),
            measures=owed[name].led_measures,
            missing_indicators=in_report_order(owed[name].indicators),
            missing_measures=tuple(owed[name].measures),
        )
        for name in first_seen
    )
