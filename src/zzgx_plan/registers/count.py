"""Counting firms on the registers: pure functions of a loaded :class:`Register`.

* stock — firms on the list at the end of the period's last day (``entered <= d < end``);
* flow — distinct firms entering the list during the period (first to last day inclusive),
  each counted in the park of its latest entry in the period;
* cumulative — distinct firms entering from ``since`` (the plan's first day) to the period's end.

Every count comes with a per-park breakdown that sums to the total by construction (a firm
is on a list at most once at a time, so at a date it sits in exactly one park).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from zzgx_plan.core.periods import Period
from zzgx_plan.registers.model import OPEN_END, Register, day_number, from_day_number


def first_day(period: Period) -> int:
    return day_number(dt.date(period.year, period.first_month, 1))


def last_day(period: Period) -> int:
    month = period.last_month
    return day_number(dt.date(period.year, month, calendar.monthrange(period.year, month)[1]))


@dataclass(frozen=True, slots=True)
class RegisterCount:
    """How many firms a list counts for a period, in total and per park (parks in register order)."""

    list_id: str
    period: Period
    kind: str  # "stock", "flow" or "cumulative"
    total: int
    by_park: tuple[tuple[str, int], ...]

    def park(self, name: str) -> int:
        return dict(self.by_park).get(name, 0)


def _stock_rows(register: Register, code: int, day: int) -> np.ndarray:
    return (register.list_index == code) & (register.entered <= day) & (register.end > day)


def _entry_rows(register: Register, code: int, start: int, stop: int) -> np.ndarray:
    """Rows of the distinct firms entering in [start, stop]: each firm's latest entry there."""
    mask = (register.list_index == code) & (register.entered >= start) & (register.entered <= stop)
    rows = np.flatnonzero(mask)
    if rows.size == 0:
        return rows
    order = np.lexsort((register.entered[rows], register.firm[rows]))
    rows = rows[order]
    firms = register.firm[rows]
    last = np.append(firms[1:] != firms[:-1], True)
    return rows[last]


def rows_between(register: Register, list_id: str, kind: str, start: int, end: int) -> np.ndarray:
    """Row numbers of the firms behind a count: on the list at day ``end`` (stock) or
    entering from day ``start`` to day ``end`` inclusive (flow, cumulative)."""
    code = register.list_code(list_id)
    if code is None:
        return np.zeros(0, dtype=np.int64)
    if kind == "stock":
        return np.flatnonzero(_stock_rows(register, code, end))
    return _entry_rows(register, code, start, end)


def count_days(register: Register, list_id: str, kind: str, start: int, end: int, period: Period) -> RegisterCount:
    """The count over explicit days (see :func:`rows_between`), labelled with ``period``."""
    rows = rows_between(register, list_id, kind, start, end)
    per_park = np.bincount(register.park_index[rows], minlength=len(register.parks))
    return RegisterCount(
        list_id=list_id,
        period=period,
        kind=kind,
        total=int(rows.size),
        by_park=tuple((park, int(n)) for park, n in zip(register.parks, per_park, strict=True)),
    )


def count(register: Register, list_id: str, period: Period, kind: str = "stock") -> RegisterCount:
    """Stock: firms on the list at the period's end; flow: distinct firms entering during it."""
    return count_days(register, list_id, kind, first_day(period), last_day(period), period)


# ---------------------------------------------------------------- firms


@dataclass(frozen=True, slots=True)
class Listing:
    """One row of a register: a firm on a list from ``entered`` to ``end`` (exclusive)."""

    uscc: str
    name: str
    list_id: str
    park: str
    entered: dt.date
    left: dt.date | None  # the 出库日期 as written, if any
    end: dt.date | None  # first day off the list (from 出库日期, validity or re-certification); None: open
    source: str
    where: str  # file:line

    def on_list(self, day: dt.date) -> bool:
        return self.entered <= day and (self.end is None or day < self.end)


def listings(register: Register, rows: np.ndarray) -> list[Listing]:
    """The given rows as :class:`Listing` values, ordered by park (registry order), entry date and code."""
    rows = np.asarray(rows)
    out = []
    for row in rows.tolist():
        left = int(register.left[row])
        end = int(register.end[row])
        out.append(
            Listing(
                uscc=register.uscc[row].as_py(),
                name=register.name[row].as_py().strip(),
                list_id=register.lists[int(register.list_index[row])],
                park=register.parks[int(register.park_index[row])],
                entered=from_day_number(int(register.entered[row])),
                left=from_day_number(left) if left > -(2**31) else None,
                end=None if end == OPEN_END else from_day_number(end),
                source=register.source[row].as_py().strip(),
                where=register.where(row),
            )
        )
    park_order = {park: i for i, park in enumerate(register.parks)}
    out.sort(key=lambda item: (park_order[item.park], item.entered, item.uscc))
    return out


def firm_rows(register: Register, uscc: str) -> np.ndarray:
    """Rows of one firm (by its code), in date order."""
    import pyarrow.compute as pc

    from zzgx_plan.registers.columns import to_numpy

    mask = to_numpy(pc.equal(register.uscc, uscc.strip().upper())).astype(bool)
    rows = np.flatnonzero(mask)
    return rows[np.argsort(register.entered[rows], kind="stable")]


# ---------------------------------------------------------------- reserve → 高企 conversion


#: The windows counted for a plan whose data names no conversion goal: measure 11's 1—2年.
DEFAULT_WINDOW_YEARS = (1, 2)


@dataclass(frozen=True, slots=True)
class CohortWindow:
    """How many of a cohort reached the target list within ``years`` of entering the reserve, and whether
    that window has closed for the whole cohort (its last day on or before the as-of date)."""

    years: int
    converted: int
    complete: bool


@dataclass(frozen=True, slots=True)
class Cohort:
    """Firms that entered the reserve list in one year, and how many reached the target list within each
    window of years the plan's goal names (measure 11's 1—2年: within 1 and within 2 years).

    An incomplete window's rate can still grow.
    """

    year: int
    size: int
    windows: tuple[CohortWindow, ...]
    by_as_of: int

    def window(self, years: int) -> CohortWindow:
        return next(w for w in self.windows if w.years == years)

    def rate(self, years: int) -> float | None:
        """Share converted within ``years`` (None for an empty cohort)."""
        return self.window(years).converted / self.size if self.size else None

    @property
    def rate_by_as_of(self) -> float | None:
        return self.by_as_of / self.size if self.size else None


@dataclass(frozen=True, slots=True)
class Conversion:
    """One reserve firm's path: when it entered the reserve and when (if) it became 高企."""

    reserve_entered: dt.date
    certified: dt.date | None

    @property
    def days(self) -> int | None:
        return (self.certified - self.reserve_entered).days if self.certified else None


def _first_entries(register: Register, code: int, until: int) -> tuple[np.ndarray, np.ndarray]:
    """(firm, first entry day) for each firm on list ``code`` that entered by ``until``."""
    rows = np.flatnonzero((register.list_index == code) & (register.entered <= until))
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort((register.entered[rows], register.firm[rows]))
    rows = rows[order]
    firms = register.firm[rows].astype(np.int64)
    first = np.insert(firms[1:] != firms[:-1], 0, True)
    return firms[first], register.entered[rows][first].astype(np.int64)


def conversions(register: Register, reserve: str, target: str, as_of: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(firm, reserve entry day, first target entry on/after it or -1) for every reserve firm.

    A firm's cohort is its first entry to the reserve list; its conversion is its first entry
    to the target list on or after that day and on or before ``as_of``.
    """
    r_code, t_code = register.list_code(reserve), register.list_code(target)
    if r_code is None:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    firms, entered = _first_entries(register, r_code, as_of)
    certified = np.full(firms.size, -1, dtype=np.int64)
    if t_code is None or firms.size == 0:
        return firms, entered, certified
    rows = np.flatnonzero((register.list_index == t_code) & (register.entered <= as_of))
    shift = np.int64(1 << 32)
    t_keys = np.sort(register.firm[rows].astype(np.int64) * shift + register.entered[rows].astype(np.int64))
    r_keys = firms * shift + entered
    pos = np.searchsorted(t_keys, r_keys, side="left")
    found = pos < t_keys.size
    hit = np.zeros(firms.size, dtype=bool)
    hit[found] = (t_keys[pos[found]] // shift) == firms[found]
    certified[hit] = t_keys[pos[hit]] % shift
    return firms, entered, certified


def cohorts(
    register: Register,
    reserve: str,
    target: str,
    as_of: dt.date,
    window_years: Sequence[int] = DEFAULT_WINDOW_YEARS,
) -> list[Cohort]:
    """Conversion from the reserve list to the target list, per reserve entry year, within each of
    ``window_years`` (the goal's window: 1—2年 → 1 and 2; 1—3年 → 1, 2 and 3)."""
    from zzgx_plan.registers.load import add_years

    as_of_day = day_number(as_of)
    _firms, entered, certified = conversions(register, reserve, target, as_of_day)
    if entered.size == 0:
        return []
    converted = certified >= 0
    # a window ends the day before the anniversary: certified < entry + n years
    ends = {n: add_years(entered, n).astype(np.int64) for n in window_years}
    years = (entered.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970).astype(np.int64)
    out = []
    for year in sorted(set(years.tolist())):
        members = years == year
        year_end_day = np.array([day_number(dt.date(year, 12, 31))])
        windows = tuple(
            CohortWindow(
                years=n,
                converted=int((members & converted & (certified < ends[n])).sum()),
                complete=int(add_years(year_end_day, n)[0]) - 1 <= as_of_day,
            )
            for n in window_years
        )
        out.append(
            Cohort(year=year, size=int(members.sum()), windows=windows, by_as_of=int((members & converted).sum()))
        )
    return out


def firm_conversion(register: Register, uscc: str, reserve: str, target: str, as_of: dt.date) -> Conversion | None:
    """One firm's reserve → target path, or None when it was never on the reserve list."""
    rows = firm_rows(register, uscc)
    if rows.size == 0:
        return None
    firm = int(register.firm[rows[0]])
    firms, entered, certified = conversions(register, reserve, target, day_number(as_of))
    match = np.flatnonzero(firms == firm)
    if match.size == 0:
        return None
    i = int(match[0])
    return Conversion(
        reserve_entered=from_day_number(int(entered[i])),
        certified=from_day_number(int(certified[i])) if certified[i] >= 0 else None,
    )
