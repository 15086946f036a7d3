"""Reporting periods: a year (``2024``), a quarter (``2024-Q3``) or a month (``2024-09``).

:meth:`Period.parse` is the one reader of periods, for every command and every file. It takes
the ways the office writes them: ``2024-Q3``, ``2024Q3``, ``2024-q3``, ``2024年第三季度``,
``2024年三季度``, ``2024年第3季度``, ``2024-09``, ``2024年9月``, ``2024.09``, ``2024``, ``2024年``
(full-width digits and letters too). Year ranges (``2023-2025``) are not periods: commands that
take a range read it with :func:`parse_year_range`; a data file never holds one.

A period is a closed range of months within one year. Figures are compared by
the month a period ends in ("as of"), periods overlap when their month ranges
intersect, and the elapsed share of a year (序时进度) is the share of its months
that have ended.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import total_ordering


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


#: The forms a user may write, named in every message about a period that cannot be read.
ACCEPTED_FORMS = (
    "2024-Q3、2024Q3、2024年第三季度、2024年三季度、2024年第3季度、2024-09、2024年9月、2024.09、2024、2024年"
)

_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}
_YEAR = re.compile(r"^(?P<year>\d{4})(?:年(?:度|全年)?|全年)?$")
_QUARTER_Q = re.compile(r"^(?P<year>\d{4})年?[-_]?[Qq](?P<quarter>\d)$")
_QUARTER_ZH = re.compile(r"^(?P<year>\d{4})年?第?(?P<quarter>[一二三四\d])季(?:度)?$")
_MONTH = re.compile(r"^(?P<year>\d{4})(?:年|[-./])(?P<month>\d{1,2})月?$")
_RANGE = re.compile(r"^(?P<start>\d{4})年?(?:-|–|—|－|~|～|至|到)(?P<end>\d{4})年?$")


def _tidy(text: object) -> str:
    """Full-width forms folded (２０２４－Ｑ３ → 2024-Q3) and every space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


class PeriodError(ValueError):
    """The text is not a period in any of the :data:`ACCEPTED_FORMS`."""

    def __init__(self, text: object, reason: str = "") -> None:
        self.text = str(text)
        self.reason = reason or f"可写 {ACCEPTED_FORMS}"
        super().__init__(f"“{self.text}”不是报告期；{self.reason}")


class YearRangeError(ValueError):
    """The text is neither a year nor a range of years such as ``2023-2025``."""

    def __init__(self, text: object, reason: str = "") -> None:
        self.text = str(text)
        self.reason = reason or "请写一个年份（如 2024）或年份范围（如 2023-2025）"
        super().__init__(f"“{self.text}”不是年份或年份范围；{self.reason}")


def parse_year_range(text: str) -> tuple[int, int]:
    """``(first, last)`` of a year range: ``2023-2025``, ``2023—2025``, ``2023至2025年``, ``2023年-2025年``;
    a single year (``2024``, ``2024年``) is the range of that year alone. Raise :class:`YearRangeError`.

    For commands that take ranges only: a period inside a data file is never a range."""
    tidy = _tidy(text)
    if m := _RANGE.match(tidy):
        first, last = int(m["start"]), int(m["end"])
        if first > last:
            raise YearRangeError(text, f"起始年份 {first} 晚于结束年份 {last}；请写成 {last}-{first}")
        return first, last
    if m := _YEAR.match(tidy):
        return int(m["year"]), int(m["year"])
    raise YearRangeError(text)


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """A year, quarter or month. Ordered by end month, then by length (shorter first)."""

    year: int
    kind: PeriodKind
    index: int = 0  # quarter 1..4 or month 1..12; 0 for a year

    @classmethod
    def parse(cls, text: object) -> Period:
        """Read a period in any of the :data:`ACCEPTED_FORMS`; raise :class:`PeriodError`."""
        tidy = _tidy(text)
        if m := _YEAR.match(tidy):
            return cls(int(m["year"]), PeriodKind.YEAR, 0)
        if m := _QUARTER_Q.match(tidy) or _QUARTER_ZH.match(tidy):
            q = _CN_DIGIT.get(m["quarter"]) or int(m["quarter"])
            if not 1 <= q <= 4:
                raise PeriodError(text, f"季度只有 1 至 4；可写 {ACCEPTED_FORMS}")
            return cls(int(m["year"]), PeriodKind.QUARTER, q)
        if m := _MONTH.match(tidy):
            mo = int(m["month"])
            if not 1 <= mo <= 12:
                raise PeriodError(text, f"月份只有 1 至 12；可写 {ACCEPTED_FORMS}")
            return cls(int(m["year"]), PeriodKind.MONTH, mo)
        if _RANGE.match(tidy):
            raise PeriodError(text, f"这是年份范围，此处只能写一个报告期：{ACCEPTED_FORMS}")
        raise PeriodError(text)

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
