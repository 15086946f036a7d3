from __future__ import annotations

import pytest

from zzgx_plan.core.periods import ACCEPTED_FORMS, Period, PeriodError, PeriodKind, YearRangeError, parse_year_range


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


# 2024Q1 and 2024-1 were refused before issue #10 made every form the office writes a period.
@pytest.mark.parametrize(
    "text", ["2024-Q5", "2024-Q0", "2024-13", "2024-00", "24Q1", "2024年第五季度", "20243", "", "abc", "2023-2025"]
)
def test_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        Period.parse(text)
    # every refusal names the forms that are accepted
    assert ACCEPTED_FORMS in str(caught.value)
    assert str(caught.value).startswith(f"“{text}”不是报告期；")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-Q3", "2024-Q3"),
        ("2024Q3", "2024-Q3"),
        ("2024-q3", "2024-Q3"),
        ("2024年第三季度", "2024-Q3"),
        ("2024年三季度", "2024-Q3"),
        ("2024年第3季度", "2024-Q3"),
        ("２０２４－Ｑ３", "2024-Q3"),
        (" 2024 Q3 ", "2024-Q3"),
        ("2024-09", "2024-09"),
        ("2024年9月", "2024-09"),
        ("2024年09月", "2024-09"),
        ("2024.09", "2024-09"),
        ("2024/9", "2024-09"),
        ("2024-1", "2024-01"),
        ("2024", "2024"),
        ("2024年", "2024"),
        ("2024年度", "2024"),
    ],
)
def test_every_form_the_office_writes(text: str, expected: str) -> None:
    assert str(Period.parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-2025", (2023, 2025)),
        ("2023—2025", (2023, 2025)),
        ("2023年-2025年", (2023, 2025)),
        ("2023至2025年", (2023, 2025)),
        ("2024", (2024, 2024)),
        ("2024年", (2024, 2024)),
    ],
)
def test_year_ranges(text: str, expected: tuple[int, int]) -> None:
    assert parse_year_range(text) == expected


@pytest.mark.parametrize("text", ["2025-2023", "2024-Q3", "2024-09", "abc"])
def test_bad_year_ranges(text: str) -> None:
    with pytest.raises(YearRangeError) as caught:
        parse_year_range(text)
    assert str(caught.value).startswith(f"“{text}”不是年份或年份范围；")


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
