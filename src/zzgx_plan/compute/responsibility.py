"""Who answers for what: the responsibility matrix of units × measures (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

from zzgx_plan.core.models import Indicator, Measure, Plan, Unit


@dataclass(frozen=True, slots=True)
class SharedMeasure:
    measure: Measure
    via: str | None  # the group through which the unit shares it (e.g. 各园区运营中心), or None if named itself


@dataclass(frozen=True, slots=True)
class UnitResponsibility:
    unit: Unit
    groups: tuple[str, ...]
    lead: tuple[Measure, ...]
    shared: tuple[SharedMeasure, ...]
    indicators: tuple[Indicator, ...]  # indicators the unit leads
    reported: tuple[Indicator, ...] = ()  # indicators whose figure the unit reports (reported_by)
    readings: tuple[str, ...] = ()  # 解读 behind its entry: a group's members, its membership of a group


def _via(plan: Plan, unit: Unit, written: tuple[str, ...]) -> str | None:
    """None when the unit is named directly among ``written``, else the group that brings it in."""
    for name in written:
        if plan.units.canonical(name) == unit.name:
            return None
    for name in written:
        if plan.units.matches(unit.name, name):
            return name
    return None


def responsibility(plan: Plan, unit_name: str) -> UnitResponsibility:
    """The measures a unit leads and shares (aliases and groups resolved) and the indicators it leads."""
    unit = plan.units.get(unit_name)
    if unit is None:
        raise KeyError(unit_name)
    lead, shared = plan.measures_of_unit(unit.name)
    shared_via = tuple(SharedMeasure(m, _via(plan, unit, m.responsible_units)) for m in shared)
    indicators = tuple(ind for ind in plan.indicators if any(plan.units.matches(unit.name, u) for u in ind.lead_units))
    groups = tuple(plan.units.groups_of(unit.name))
    readings = [unit.members_reading] if unit.members_reading else []
    for group in groups:
        found = plan.units.get(group)
        if found is not None and found.members_reading and found.members_reading not in readings:
            readings.append(found.members_reading)
    return UnitResponsibility(
        unit=unit,
        groups=groups,
        lead=tuple(lead),
        shared=shared_via,
        indicators=indicators,
        reported=tuple(plan.indicators_reported_by(unit.name)),
        readings=tuple(readings),
    )


def responsibility_matrix(plan: Plan) -> list[UnitResponsibility]:
    """Every unit in registry order with what it leads and shares."""
    return [responsibility(plan, u.name) for u in plan.units.units]
