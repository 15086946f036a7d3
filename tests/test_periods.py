from __future__ import annotations

import pytest

from zzgx_plan.core.periods import Period, PeriodError, PeriodKind


@pytest.mark.parametrize(
    ("text", "kind", "first", "last", "share"),
    [
        ("2024", PeriodKind.YEAR, 1, 12, 1.0),
        ("2024-Q1", PeriodKind.QUARTER, 1, 3, 0.25),
        ("2024-q3", PeriodKind.QUARTER, 7, 9, 0.75),
        ("2024-07", PeriodKind.MONTH, 7, 7, 7 / 12),
        ("2024-12", PeriodKind.MONTH, 12, 12, 1.0),
    ],
)
def test_parse(text: str, kind: PeriodKind, first: int, last: int, share: float) -> None:
    p = Period.parse(text)
    assert (p.kind, p.first_month, p.last_month) == (kind, first, last)
    assert p.elapsed_share == pytest.approx(share)


@pytest.mark.parametrize("text", ["2024-Q5", "2024-Q0", "2024-13", "2024-00", "24Q1", "2024Q1", "2024-1", "", "abc"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_overlap_and_order() -> None:
    q3, jul, q2, year = (Period.parse(t) for t in ("2024-Q3", "2024-07", "2024-Q2", "2024"))
    assert q3.overlaps(jul) and jul.overlaps(q3)
    assert not q3.overlaps(q2)
    assert year.contains(q3) and not q3.contains(year)
    assert not Period.parse("2023-Q3").overlaps(q3)
    assert sorted([year, q3, jul, q2]) == [q2, jul, q3, year]
    assert str(Period.parse("2024-q3")) == "2024-Q3"
    assert Period.parse("2024-Q1").previous_quarter() == Period.parse("2023-Q4")
    assert Period.parse("2024-08").previous_quarter() == Period.parse("2024-Q2")
    assert Period.parse("2024-Q3").label_zh == "2024年第3季度"
