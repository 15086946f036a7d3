"""What each lead unit still owes for a period: the list the office chases (pure).

An indicator counts as reported for period P when a figure exists whose period
ends in P's last month and nests with P (for 2024-Q3: a 2024-Q3 or a 2024-09
figure; for 2024: a 2024, 2024-Q4 or 2024-12 figure). A measure counts as
reported when a progress entry exists under the same rule. An indicator's figure is
owed by the one unit that reports it (``reported_by``, by default its lead unit: a
unit is never chased for a figure another unit reports); a measure's progress by
each of its lead units (aliases resolved to canonical names; a group such as
各园区运营中心 is chased as the group).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zzgx_plan.core.models import (
    Basis,
    Indicator,
    IndicatorKind,
    Measure,
    Observation,
    PlanData,
    clashing_keys,
    held_keys,
)
from zzgx_plan.core.periods import Period, PeriodKind


@dataclass(frozen=True, slots=True)
class UnitMissing:
    """One unit: the figures it reports and the measures it leads (``led_*``, plan order), and what of
    that is still missing for the period."""

    unit: str
    led_indicators: tuple[Indicator, ...]
    led_measures: tuple[Measure, ...]
    indicators: list[Indicator] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)

    @property
    def indicators_due(self) -> int:
        return len(self.led_indicators)

    @property
    def measures_due(self) -> int:
        return len(self.led_measures)

    @property
    def complete(self) -> bool:
        return not self.indicators and not self.measures


@dataclass(frozen=True, slots=True)
class MissingReport:
    period: Period
    units: list[UnitMissing]

    @property
    def missing_indicators(self) -> int:
        return sum(len(u.indicators) for u in self.units)

    @property
    def missing_measures(self) -> int:
        return sum(len(u.measures) for u in self.units)

    def to_dict(self) -> dict[str, object]:
        return {
            "period": str(self.period),
            "missing_indicators": self.missing_indicators,
            "missing_measures": self.missing_measures,
            "units": [
                {
                    "unit": u.unit,
                    "indicators_due": u.indicators_due,
                    "measures_due": u.measures_due,
                    "indicators": [{"id": i.id, "name": i.name} for i in u.indicators],
                    "measures": [{"number": m.number, "title": m.title} for m in u.measures],
                }
                for u in self.units
            ],
        }


def covers(reported: Period, period: Period) -> bool:
    """Does a figure for ``reported`` answer for ``period`` (same end month, nested)?"""
    return reported.end_key == period.end_key and (period.contains(reported) or reported.contains(period))


def basis_asked(ind: Indicator, observations: list[Observation], period: Period) -> Basis | None:
    """The basis a flow's figure for ``period`` is asked in: the one its unit used earlier that year (year to
    date or increment), else an increment; None for a stock or cumulative level."""
    if ind.kind is not IndicatorKind.FLOW:
        return None
    same_year = [o for o in observations if o.period.year == period.year and o.period.end_key < period.end_key]
    latest = max(same_year, key=lambda o: o.period.end_key, default=None)
    return latest.basis if latest is not None else Basis.INCREMENT


def already_final(observations: list[Observation], period: Period, basis: Basis) -> str:
    """Why a figure for ``period`` could not be imported (``""`` if it can): the import's own overlap rule
    (:func:`~zzgx_plan.core.models.clashing_keys`) against every figure recorded for another period (a
    figure for this very period is replaced with ``--replace``, not refused). Such a figure is final: the
    template does not ask for it, and ``plan missing`` does not chase it."""
    clashing = set(clashing_keys(period, basis))
    for obs in observations:
        if obs.period != period and clashing.intersection(held_keys(obs.period, obs.basis)):
            return "已报送（全年）" if obs.period.kind is PeriodKind.YEAR else f"已报送（{obs.period}）"
    return ""


def missing_for(data: PlanData, period: Period) -> MissingReport:
    """Per lead unit, the indicators without a figure and measures without progress for ``period``.

    The one account of what each unit still owes: ``plan missing`` prints it, the report's 报送情况 states it."""
    plan = data.plan
    reported_ind = {o.indicator for o in data.observations if covers(o.period, period)}
    for ind in plan.indicators:
        # A longer figure that contains the period (the whole year's) leaves nothing to report: the import
        # would refuse a figure for the period as overlapping it. A shorter one (July for Q3) does not answer.
        obs = data.observations_for(ind.id)
        longer = [o for o in obs if o.period.contains(period)]  # already_final passes over the period's own
        if longer and already_final(longer, period, basis_asked(ind, obs, period) or Basis.INCREMENT):
            reported_ind.add(ind.id)
    reported_measures = {e.measure for e in data.progress if covers(e.period, period)}

    def canonical(name: str) -> str:
        return plan.units.canonical(name) or name

    units: dict[str, tuple[list[Indicator], list[Measure]]] = {}
    for ind in plan.indicators:
        if ind.reporting_unit:
            units.setdefault(canonical(ind.reporting_unit), ([], []))[0].append(ind)
    for m in plan.measures:
        for name in dict.fromkeys(canonical(u) for u in m.lead_units):
            units.setdefault(name, ([], []))[1].append(m)
    registry_order = {u.name: i for i, u in enumerate(plan.units.units)}
    out = []
    for name in sorted(units, key=lambda n: (registry_order.get(n, len(registry_order)), n)):
        inds, measures = units[name]
        out.append(
            UnitMissing(
                unit=name,
                led_indicators=tuple(inds),
                led_measures=tuple(measures),
                indicators=[i for i in inds if i.id not in reported_ind],
                measures=[m for m in measures if m.number not in reported_measures],
            )
        )
    return MissingReport(period=period, units=out)


def lead_units(data: PlanData) -> list[str]:
    """Every unit that leads an indicator or a measure (canonical names, registry order)."""
    return [u.unit for u in missing_for(data, Period.parse(str(data.plan.meta.start_year))).units]
