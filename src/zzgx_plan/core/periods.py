"""Reporting periods: a year (``2024``), a quarter (``2024-Q3``) or a month (``2024-09``).

A period is a closed range of months within one year. Figures are compared by
the month a period ends in ("as of"), periods overlap when their month ranges
intersect, and the elapsed share of a year (序时进度) is the share of its months
that have ended.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import total_ordering


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:[Qq](?P<quarter>\d)|(?P<month>\d{2})))?$")


class PeriodError(ValueError):
    """The text is not a period of the form YYYY, YYYY-Qn or YYYY-MM."""


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """A year, quarter or month. Ordered by end month, then by length (shorter first)."""

    year: int
    kind: PeriodKind
    index: int = 0  # quarter 1..4 or month 1..12; 0 for a year

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2024``, ``2024-Q3`` (or ``2024-q3``) or ``2024-09``; raise :class:`PeriodError`."""
        m = _PATTERN.match(str(text).strip())
        if not m:
            raise PeriodError(text)
        year = int(m["year"])
        if m["quarter"] is not None:
            q = int(m["quarter"])
            if not 1 <= q <= 4:
                raise PeriodError(text)
            return cls(year, PeriodKind.QUARTER, q)
        if m["month"] is not None:
            mo = int(m["month"])
            if not 1 <= mo <= 12:
                raise PeriodError(text)
            return cls(year, PeriodKind.MONTH, mo)
        return cls(year, PeriodKind.YEAR, 0)

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls(year, PeriodKind.YEAR, 0)

    @property
    def first_month(self) -> int:
        if self.kind is PeriodKind.YEAR:
            return 1
        if self.kind is PeriodKind.QUARTER:
            return 3 * self.index - 2
        return self.index

    @property
    def last_month(self) -> int:
        if self.kind is PeriodKind.YEAR:
            return 12
        if self.kind is PeriodKind.QUARTER:
            return 3 * self.index
        return self.index

    @property
    def end_key(self) -> tuple[int, int]:
        """(year, month) of the period's last month: the date a figure for it stands at."""
        return (self.year, self.last_month)

    @property
    def end_date(self) -> dt.date:
        """The last day of the period (what a target revision's effective date is compared with)."""
        return dt.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def elapsed_share(self) -> float:
        """Share of the year ended at this period's end: month m → m/12, quarter q → q/4, year → 1."""
        return self.last_month / 12

    def overlaps(self, other: Period) -> bool:
        return self.year == other.year and self.first_month <= other.last_month and other.first_month <= self.last_month

    def contains(self, other: Period) -> bool:
        return self.year == other.year and self.first_month <= other.first_month and other.last_month <= self.last_month

    def previous_quarter(self) -> Period:
        """The quarter before the one this period ends in (``2024-Q1`` → ``2023-Q4``)."""
        q = (self.last_month - 1) // 3 + 1
        if q == 1:
            return Period(self.year - 1, PeriodKind.QUARTER, 4)
        return Period(self.year, PeriodKind.QUARTER, q - 1)

    def _sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.last_month, self.last_month - self.first_month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __str__(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    def __repr__(self) -> str:
        return f"Period({str(self)!r})"

    @property
    def label_zh(self) -> str:
        """Chinese label: 2024年 / 2024年第3季度 / 2024年9月."""
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}年"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}年第{self.index}季度"
        return f"{self.year}年{self.index}月"


_YEAR_RANGE = re.compile(r"^\s*(?P<first>\d{4})\s*年?\s*[-－—–~～至到]+\s*(?P<last>\d{4})\s*年?\s*$")


def parse_year_range(text: str) -> tuple[int, int] | None:
    """``2023-2025`` (also ``2023—2025``, ``2023年-2025年``, ``2023至2025``) → (2023, 2025); None when
    the text is not a range of years. A range whose end is before its start raises :class:`PeriodError`."""
    m = _YEAR_RANGE.match(str(text))
    if not m:
        return None
    first, last = int(m["first"]), int(m["last"])
    if last < first:
        raise PeriodError(text)
    return first, last
