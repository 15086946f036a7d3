"""check_overlaps (#14 item 7) is linear now; it must report exactly what the pairwise rule reports."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zzgx_plan.core.models import Basis, Observation
from zzgx_plan.core.periods import Period, PeriodKind
from zzgx_plan.core.problems import Problem, problem, ref
from zzgx_plan.load.actuals import check_overlaps


def clash(later: Observation, earlier: Observation) -> Problem:
    return problem(
        later.path,
        later.line,
        "overlapping-periods",
        indicator=later.indicator,
        period=later.period,
        other_period=earlier.period,
        other=ref(earlier.path, earlier.line),
    )


def pairwise(observations: list[Observation]) -> list[Problem]:
    """The rule as check_overlaps' docstring states it, pair by pair (the former quadratic code)."""
    out = []
    groups: dict[str, list[Observation]] = {}
    for obs in observations:
        groups.setdefault(obs.indicator, []).append(obs)
    for rows in groups.values():
        rows = sorted(rows, key=lambda o: (o.path, o.line))
        for i, later in enumerate(rows):
            for earlier in rows[:i]:
                if earlier.basis is not later.basis:
                    clashes = earlier.period == later.period
                elif later.basis is Basis.YTD:
                    clashes = earlier.period.end_key == later.period.end_key
                else:
                    clashes = earlier.period.overlaps(later.period)
                if clashes:
                    out.append(clash(later, earlier))
                    break
    return out


periods = st.one_of(
    st.builds(lambda y: Period(y, PeriodKind.YEAR, 0), st.integers(2023, 2024)),
    st.builds(lambda y, q: Period(y, PeriodKind.QUARTER, q), st.integers(2023, 2024), st.integers(1, 4)),
    st.builds(lambda y, m: Period(y, PeriodKind.MONTH, m), st.integers(2023, 2024), st.integers(1, 12)),
)
rows = st.lists(
    st.tuples(st.sampled_from(["a", "b"]), periods, st.sampled_from(list(Basis)), st.sampled_from(["x.csv", "y.csv"])),
    max_size=40,
)


@settings(derandomize=True, deadline=None, max_examples=300)
@given(rows)
def test_linear_check_reports_what_the_pairwise_rule_reports(data: list[tuple]) -> None:
    observations = [
        Observation(indicator=ind, period=p, value=1, basis=basis, path=path, line=n)
        for n, (ind, p, basis, path) in enumerate(data, start=2)
    ]
    assert check_overlaps(observations) == pairwise(observations)


def test_each_clash_names_the_first_earlier_row() -> None:
    aug, jul = Period(2024, PeriodKind.MONTH, 8), Period(2024, PeriodKind.MONTH, 7)
    q3 = Period(2024, PeriodKind.QUARTER, 3)
    rows = [
        Observation(indicator="a", period=aug, value=1, path="x.csv", line=2),
        Observation(indicator="a", period=jul, value=1, path="x.csv", line=3),
        Observation(indicator="a", period=q3, value=1, path="x.csv", line=4),
        Observation(indicator="a", period=q3, value=1, basis=Basis.YTD, path="x.csv", line=5),
        Observation(indicator="a", period=q3, value=1, basis=Basis.YTD, path="x.csv", line=6),
    ]
    # Q3 (line 4) overlaps August (line 2) first, not July; Q3 ytd (line 5) repeats Q3 as an increment
    # (line 4); the second Q3 ytd (line 6) meets the increment (line 4) before the first ytd (line 5).
    assert check_overlaps(rows) == [clash(rows[2], rows[0]), clash(rows[3], rows[2]), clash(rows[4], rows[2])]
