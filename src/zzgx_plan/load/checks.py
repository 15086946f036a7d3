"""Checks across loaded data that are warnings, not errors: they print but do not block."""

from __future__ import annotations

from zzgx_plan.core.models import Basis, IndicatorKind, Observation, PlanData
from zzgx_plan.core.periods import PeriodKind
from zzgx_plan.core.problems import Problem, Severity, problem


def data_warnings(data: PlanData) -> list[Problem]:
    """Warnings about figures that are valid but probably incomplete."""
    return flow_gaps(data) + percent_fractions(data)


def percent_fractions(data: PlanData) -> list[Problem]:
    """A percentage of at most 1 (0.91) is most likely a fraction typed for 91%: it would read as 0.91%."""
    problems: list[Problem] = []
    for ind in data.plan.indicators:
        if not ind.is_percent:
            continue
        for obs in data.observations_for(ind.id):
            if 0 < obs.value <= 1:
                problems.append(
                    problem(
                        obs.path,
                        obs.line,
                        "percent-looks-like-fraction",
                        Severity.WARNING,
                        indicator=ind.id,
                        period=obs.period,
                        value=f"{obs.value:g}",
                        percent=f"{obs.value * 100:g}",
                    )
                )
    return problems


def flow_gaps(data: PlanData) -> list[Problem]:
    """A flow indicator reported by increments with a hole (Q1 and Q3 but no Q2) understates the year."""
    problems: list[Problem] = []
    for ind in data.plan.indicators:
        if ind.kind is not IndicatorKind.FLOW:
            continue
        by_year: dict[int, list[tuple[int, int, Observation]]] = {}
        for obs in data.observations_for(ind.id):
            if obs.period.kind is PeriodKind.YEAR:
                continue
            # a year-to-date figure covers the year's months from January
            first = 1 if obs.basis is Basis.YTD else obs.period.first_month
            by_year.setdefault(obs.period.year, []).append((first, obs.period.last_month, obs))
        for spans in by_year.values():
            spans.sort(key=lambda s: (s[0], s[1]))
            covered_to = 0
            for first, last, obs in spans:
                if first > covered_to + 1:
                    problems.append(
                        problem(
                            obs.path,
                            obs.line,
                            "flow-missing-period",
                            Severity.WARNING,
                            indicator=ind.id,
                            period=obs.period,
                            first=covered_to + 1,
                            last=first - 1,
                        )
                    )
                covered_to = max(covered_to, last)
    return problems
