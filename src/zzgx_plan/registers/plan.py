"""Registers meet the plan: rules from the plan, counts as actuals, cross-checks, park breakdowns.

This module (and everything under :mod:`zzgx_plan.registers`) imports pyarrow and numpy, so
commands import it only when they actually need registers: ``plan validate``, ``plan status
--by park``, ``plan firms``/``plan firm``/``plan conversion``, and ``plan status`` only when an
indicator is defined ``source: register``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow.compute as pc

from zzgx_plan.core.models import (
    Basis,
    ConversionGoal,
    Indicator,
    IndicatorKind,
    IndicatorSource,
    Observation,
    Plan,
    PlanData,
    UnitKind,
)
from zzgx_plan.core.periods import Period, PeriodKind
from zzgx_plan.core.problems import Problem, Severity, problem, ref
from zzgx_plan.registers.count import (
    DEFAULT_WINDOW_YEARS,
    Cohort,
    Conversion,
    Listing,
    RegisterCount,
    cohorts,
    count_days,
    firm_conversion,
    firm_rows,
    first_day,
    last_day,
    listings,
    rows_between,
)
from zzgx_plan.registers.load import RegisterLoad, load_registers
from zzgx_plan.registers.model import Register, RegisterRules, day_number, from_day_number

REGISTERS_DIR = "registers"
#: measure 11: firms in the 高新技术企业后备库 should become 高新技术企业 within 1–2 years
#: (the window itself is data: ``conversion`` of the reserve indicator in targets.yaml)
RESERVE_LIST = "high_tech_reserve"
TARGET_LIST = "high_tech_enterprises"
#: what register-derived figures say in ``reported_by``
REGISTER_REPORTER = "企业名录"


def rules_for(plan: Plan) -> RegisterRules:
    """Lists are the indicators counted in 家 (by id or exact name); parks the park units."""
    lists: dict[str, str] = {}
    for ind in plan.indicators:
        if ind.unit == "家":
            lists[ind.id] = ind.id
            lists[ind.name] = ind.id
    parks: dict[str, str] = {}
    for unit in plan.units.units:
        if unit.kind is UnitKind.PARK:
            for name in unit.all_names:
                parks[name] = unit.name
    valid_years = {ind.id: ind.valid_years for ind in plan.indicators if ind.valid_years}
    return RegisterRules(lists=lists, parks=parks, valid_years=valid_years)


def has_registers(data_dir: Path) -> bool:
    """True when there are register files, or a registers folder that cannot be listed (then loading it
    reports the folder: an unreadable folder is never taken for an empty one)."""
    from zzgx_plan.files.reading import list_files

    files, problems = list_files(data_dir / REGISTERS_DIR, (".csv",))
    return bool(files or problems)


def register_cache_dir(data_dir: Path) -> Path | None:
    """Where the checked registers of ``data_dir`` are cached: beside the load cache (``$PLAN_CACHE_DIR``,
    ``$XDG_CACHE_HOME/zzgx-plan`` or ``~/.cache/zzgx-plan``), one directory per data directory;
    None when ``PLAN_CACHE=off``."""
    import hashlib

    from zzgx_plan.load.cache import cache_dir

    base = cache_dir()
    if base is None:
        return None
    name = hashlib.blake2b(str(data_dir.resolve()).encode(), digest_size=12).hexdigest()
    return base / f"registers-{name}"


def load_for_plan(data_dir: str | Path, plan: Plan, use_cache: bool = True) -> RegisterLoad:
    """The registers under ``data_dir/registers`` checked against ``plan`` (cached, see :func:`register_cache_dir`).

    From Python: ``zzgx_plan.load_registers("data", data.plan)``; ``.register`` is what to count,
    ``.problems`` every problem found."""
    data_dir = Path(data_dir)
    cache = register_cache_dir(data_dir) if use_cache else None
    loaded = load_registers(data_dir / REGISTERS_DIR, rules_for(plan), cache, base=data_dir)
    register = dataclasses.replace(loaded.register, root=str(data_dir))
    return RegisterLoad(register, [p.under(data_dir) for p in loaded.problems], loaded.from_cache)


@dataclass
class Counted:
    """Plan data with the register counts applied (:func:`apply_registers`).

    ``data`` has the figures of ``source: register`` indicators counted from the registers when they
    loaded without errors (else the data as given); ``register`` is None when there are no register
    files or they have errors; ``problems`` are the registers' own; ``refusal`` says why registers
    that are needed are missing (empty otherwise)."""

    data: PlanData
    register: Register | None
    problems: list[Problem]
    refusal: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def needs_registers(plan: Plan) -> bool:
    """Does any indicator take its figures from the registers (``source: register``)?"""
    return any(ind.source is IndicatorSource.REGISTER for ind in plan.indicators)


def apply_registers(data_dir: Path, data: PlanData, *, required: bool = False, use_cache: bool = True) -> Counted:
    """The one policy for commands that show figures (``status``, ``report``, ``diff``).

    Registers are read when there are register files. They are needed when an indicator is
    ``source: register`` (or ``required``, e.g. ``--by park``): without register files that is a
    refusal. Errors in the registers are returned as problems, and the figures stay as typed; the
    caller refuses on them as on any invalid data."""
    if not has_registers(data_dir):
        if required or needs_registers(data.plan):
            return Counted(data, None, [], refusal=f"找不到企业名录文件（*.csv）：{data_dir / REGISTERS_DIR}")
        return Counted(data, None, [])
    loaded = load_for_plan(data_dir, data.plan, use_cache=use_cache)
    if loaded.errors:
        return Counted(data, None, loaded.problems)
    return Counted(with_register_actuals(data, loaded.register), loaded.register, loaded.problems)


def check_registers(data_dir: Path, data: PlanData) -> tuple[int, list[Problem]]:
    """(rows loaded, every problem in the registers plus a warning per register/report mismatch)."""
    result = load_for_plan(data_dir, data.plan)
    return len(result.register), result.problems + [p.under(data_dir) for p in mismatches(data, result.register)]


def reaches(register: Register, period: Period) -> bool:
    """Does the register say anything about ``period``? Only if its latest date (an entry or an
    出库日期) falls on or after the period's first day; later periods would be counted from
    certificate expiries alone, a forecast rather than a count."""
    latest = register.latest_day
    return latest is not None and first_day(period) <= latest


def kind_of(indicator: Indicator) -> str:
    return str(indicator.kind)


def count_for(
    register: Register, indicator: Indicator, period: Period, plan: Plan, basis: Basis = Basis.INCREMENT
) -> RegisterCount:
    """The register's figure for an indicator and period, comparable with a reported figure.

    stock: firms on the list at the period's end; flow: firms entering during the period
    (from 1 January for a ``ytd`` figure); cumulative: firms entering since the plan began.
    """
    end = last_day(period)
    if indicator.kind is IndicatorKind.STOCK:
        start = end
    elif indicator.kind is IndicatorKind.FLOW:
        start = day_number(dt.date(period.year, 1, 1)) if basis is Basis.YTD else first_day(period)
    else:
        start = day_number(dt.date(plan.meta.start_year, 1, 1))
    return count_days(register, indicator.id, kind_of(indicator), start, end, period)


def is_example_list(register: Register, list_id: str) -> bool:
    """True when the list's rows are shipped examples (示例 in 来源文件 or 企业名称)."""
    code = register.list_code(list_id)
    if code is None:
        return False
    rows = np.flatnonzero(register.list_index == code)
    if rows.size == 0:
        return False
    from zzgx_plan.registers.columns import from_numpy

    sources = register.source.take(from_numpy(rows[:1000]))
    return bool(pc.any(pc.match_substring(sources, "示例")).as_py())


def register_observations(data: PlanData, register: Register) -> list[Observation]:
    """Quarterly figures counted from the register for every ``source: register`` indicator.

    Quarters run from the last quarter before the plan (the baseline) to the quarter holding
    the latest date the register mentions; flow figures are quarterly increments.
    """
    plan = data.plan
    latest = register.latest_day
    if latest is None:
        return []
    out: list[Observation] = []
    where = register.files[0] if register.files else REGISTERS_DIR  # relative to the data directory
    for ind in plan.indicators:
        if ind.source is not IndicatorSource.REGISTER or not register.has_list(ind.id):
            continue
        note = "由企业名录计数" + ("（示例数据）" if is_example_list(register, ind.id) else "")
        for year in range(plan.meta.start_year - 1, plan.meta.end_year + 1):
            for q in range(1, 5):
                period = Period(year, PeriodKind.QUARTER, q)
                if year < plan.meta.start_year and q < 4:
                    continue
                if first_day(period) > latest:
                    break
                counted = count_for(register, ind, period, plan)
                out.append(
                    Observation(
                        indicator=ind.id,
                        period=period,
                        value=counted.total,
                        basis=Basis.INCREMENT,
                        reported_by=REGISTER_REPORTER,
                        note=note,
                        path=where,
                        line=0,
                    )
                )
    return out


def with_register_actuals(data: PlanData, register: Register) -> PlanData:
    """``data`` with the reported figures of ``source: register`` indicators replaced by counts."""
    from_register = {ind.id for ind in data.plan.indicators if ind.source is IndicatorSource.REGISTER}
    if not from_register:
        return data
    kept = tuple(o for o in data.observations if o.indicator not in from_register)
    return data.model_copy(update={"observations": kept + tuple(register_observations(data, register))})


def mismatches(data: PlanData, register: Register) -> list[Problem]:
    """A warning for each reported figure that differs from the register's count for it (located relative
    to the data directory, like the figures).

    Compared: every reported figure of an indicator whose list has rows in the register, for
    periods ending on or after the list's first 入库日期 (before that the register is silent)
    and starting on or before the register's latest date (see :func:`reaches`).
    """
    out: list[Problem] = []
    for obs in data.observations:
        ind = data.plan.indicator(obs.indicator)
        code = register.list_code(obs.indicator)
        if ind is None or code is None:
            continue
        on_list = register.list_index == code
        if not on_list.any():  # the list is known but no row of it was readable: nothing to compare
            continue
        first = int(register.entered[on_list].min())
        if last_day(obs.period) < first or not reaches(register, obs.period):
            continue
        counted = count_for(register, ind, obs.period, data.plan, obs.basis)
        if counted.total != round(obs.value):
            out.append(
                problem(
                    obs.path,
                    obs.line or None,
                    "register-mismatch",
                    Severity.WARNING,
                    indicator=ind.id,
                    period=obs.period,
                    reported=_number(obs.value),
                    counted=counted.total,
                    registers="、".join(
                        ref(register.files[i]) for i in np.unique(register.file_index[on_list]).tolist()
                    ),
                )
            )
    return out


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


@dataclass(frozen=True, slots=True)
class FirmList:
    """The firms behind one number: who, counted how, from when to when."""

    indicator: Indicator
    kind: str
    since: dt.date | None  # first day of the entries counted (flow, cumulative); None for a stock
    as_of: dt.date
    park: str | None
    count: RegisterCount
    firms: tuple[Listing, ...]
    example: bool
    labels: Mapping[str, str] = field(default_factory=dict)  # park name → the short label tables show
    listed: bool = True  # the registers hold this list at all (else nothing was counted: 无名录)


def firms_behind(
    data: PlanData, register: Register, indicator: Indicator, as_of: dt.date, park: str | None = None
) -> FirmList:
    """The firms on ``indicator``'s list at ``as_of`` (stock), or entering it from 1 January
    (flow) or since the plan began (cumulative) to ``as_of``; only ``park``'s when given."""
    kind = kind_of(indicator)
    end = day_number(as_of)
    if indicator.kind is IndicatorKind.STOCK:
        start = end
    elif indicator.kind is IndicatorKind.FLOW:
        start = day_number(dt.date(as_of.year, 1, 1))
    else:
        start = day_number(dt.date(data.plan.meta.start_year, 1, 1))
    rows = rows_between(register, indicator.id, kind, start, end)
    if park is not None:
        wanted = register.parks.index(park) if park in register.parks else -1
        rows = rows[register.park_index[rows] == wanted]
    per_park = np.bincount(register.park_index[rows], minlength=len(register.parks))
    count = RegisterCount(
        indicator.id,
        Period.year_of(as_of.year),
        kind,
        int(rows.size),
        tuple((p, int(n)) for p, n in zip(register.parks, per_park, strict=True)),
    )
    return FirmList(
        indicator=indicator,
        kind=kind,
        since=None if indicator.kind is IndicatorKind.STOCK else from_day_number(start),
        as_of=as_of,
        park=park,
        count=count,
        firms=tuple(listings(register, rows)),
        example=is_example_list(register, indicator.id),
        labels=park_labels(data.plan),
        listed=register.has_list(indicator.id),
    )


def park_labels(plan: Plan) -> dict[str, str]:
    """Each park's label for tables: its ``short_name`` in the unit registry (data, a reading), else its name."""
    return {u.name: u.label for u in plan.units.units if u.kind is UnitKind.PARK}


@dataclass(frozen=True, slots=True)
class ConversionRule:
    """A conversion goal of the plan with the indicator it belongs to (measure 11's 1—2年)."""

    indicator: Indicator
    goal: ConversionGoal

    @property
    def measure(self) -> int | None:
        return self.indicator.measures[0] if self.indicator.measures else None

    @property
    def window_years(self) -> tuple[int, ...]:
        """The windows the cohort table counts: each whole year from the goal's shortest to its longest."""
        low, high = self.goal.within_years
        return tuple(range(low, high + 1))

    def within(self, conv: Conversion) -> bool | None:
        """Certified before the window's longest end (entry + 2 years for 1—2年); None if not certified."""
        from zzgx_plan.registers.load import add_years

        if conv.certified is None:
            return None
        end = int(add_years(np.array([day_number(conv.reserve_entered)]), self.goal.within_years[1])[0])
        return day_number(conv.certified) < end


def conversion_lists(plan: Plan) -> tuple[str, str]:
    """The (reserve, target) lists of the plan's conversion goal; the shipped pair when it has none."""
    rule = conversion_rule(plan)
    return (rule.indicator.id, rule.goal.into) if rule is not None else (RESERVE_LIST, TARGET_LIST)


def window_years(rule: ConversionRule | None) -> tuple[int, ...]:
    """The windows (in years) the cohort table counts for ``rule``; :data:`DEFAULT_WINDOW_YEARS` without one."""
    return rule.window_years if rule is not None else DEFAULT_WINDOW_YEARS


def conversion_windows(plan: Plan) -> tuple[int, ...]:
    """The windows (in years) of the plan's conversion goal (see :func:`window_years`)."""
    return window_years(conversion_rule(plan))


def conversion_title(plan: Plan, as_of: dt.date) -> str:
    """The title of ``plan conversion``: the plan's two lists by name and the document's words of the goal
    (``高新技术企业后备数量 → 高新技术企业总量 转化率（按入库年份，截至 2025-12-31；``
    ``措施11：力争库内企业1—2年内通过认定）``)."""
    rule = conversion_rule(plan)
    reserve, target = conversion_lists(plan)
    names = [ind.name if (ind := plan.indicator(i)) is not None else i for i in (reserve, target)]
    goal = f"；{rule.goal.source}" if rule is not None else ""
    return f"{names[0]} → {names[1]} 转化率（按入库年份，截至 {as_of.isoformat()}{goal}）"


def conversion_rule(plan: Plan) -> ConversionRule | None:
    """The plan's conversion goal (the first indicator that has one), or None."""
    for ind in plan.indicators:
        if ind.conversion is not None:
            return ConversionRule(ind, ind.conversion)
    return None


@dataclass(frozen=True, slots=True)
class FirmHistory:
    """One firm across the lists, and its 后备库 → 高企 path with its reserve cohort (measure 11)."""

    uscc: str
    as_of: dt.date
    listings: tuple[Listing, ...]  # by entry date
    conversion: Conversion | None
    cohort: Cohort | None
    example: bool
    rule: ConversionRule | None = None  # the window the conversion is judged against


def firm_history(
    register: Register, uscc: str, as_of: dt.date, rule: ConversionRule | None = None
) -> FirmHistory | None:
    """The firm with code ``uscc`` as of ``as_of``, or None when no register lists it."""
    rows = firm_rows(register, uscc)
    if rows.size == 0:
        return None
    items = sorted(listings(register, rows), key=lambda item: (item.entered, item.list_id))
    reserve, target = (rule.indicator.id, rule.goal.into) if rule is not None else (RESERVE_LIST, TARGET_LIST)
    conv = firm_conversion(register, uscc, reserve, target, as_of)
    cohort = None
    if conv is not None:
        year = conv.reserve_entered.year
        found = cohorts(register, reserve, target, as_of, window_years(rule))
        cohort = next((c for c in found if c.year == year), None)
    return FirmHistory(
        uscc=uscc,
        as_of=as_of,
        listings=tuple(items),
        conversion=conv,
        cohort=cohort,
        example=any(is_example_list(register, lst) for lst in {item.list_id for item in items}),
        rule=rule,
    )


@dataclass(frozen=True, slots=True)
class ParkRow:
    """One indicator's register count per park at ``period``'s end, with the reported figure for it."""

    indicator: Indicator
    period: Period
    count: RegisterCount
    reported: float | None
    example: bool


@dataclass(frozen=True, slots=True)
class ParkBreakdown:
    year: int
    as_of: Period | None
    parks: tuple[str, ...]
    rows: tuple[ParkRow, ...]
    latest: dt.date | None  # the register's latest date
    beyond: tuple[str, ...] = ()  # indicators left out: their period lies beyond the register's latest date
    labels: Mapping[str, str] = field(default_factory=dict)  # park name → the short label tables show


def park_breakdown(
    data: PlanData,
    register: Register,
    year: int,
    as_of: Period | None,
    indicators: list[Indicator] | None = None,
    only_park: str | None = None,
) -> ParkBreakdown:
    """Per-park counts for every indicator with a list in the register.

    Each indicator is counted at the period of its latest reported figure of ``year`` up to
    ``as_of`` (so the count sits next to the figure it checks); without one, at the end of
    the quarter holding the register's latest date (within ``year``). Stock indicators count
    firms on the list then; flow indicators firms entering from 1 January; cumulative ones
    since the plan began. With ``only_park`` the park columns show that park alone (the totals stay
    the district's, next to the reported figure they check).
    """
    from zzgx_plan.compute.status import indicator_progress

    parks = register.parks if only_park is None else tuple(p for p in register.parks if p == only_park)

    fallback = _register_quarter(register, year, as_of)
    rows = []
    beyond: list[str] = []
    for ind in data.plan.indicators if indicators is None else indicators:
        if not register.has_list(ind.id):
            continue
        reported = None
        period = fallback
        if ind.source is not IndicatorSource.REGISTER:
            progress = indicator_progress(ind, data.observations_for(ind.id), year, as_of)
            if progress.actual_period is not None:
                period, reported = progress.actual_period, progress.actual
        if not reaches(register, period):
            beyond.append(ind.name)
            continue
        counted = count_for(register, ind, period, data.plan, Basis.YTD)
        if only_park is not None:
            counted = dataclasses.replace(counted, by_park=tuple((p, n) for p, n in counted.by_park if p in parks))
        rows.append(ParkRow(ind, period, counted, reported, is_example_list(register, ind.id)))
    latest = register.latest_day
    return ParkBreakdown(
        year=year,
        as_of=as_of,
        parks=parks,
        rows=tuple(rows),
        latest=None if latest is None else from_day_number(latest),
        beyond=tuple(beyond),
        labels=park_labels(data.plan),
    )


def _register_quarter(register: Register, year: int, as_of: Period | None) -> Period:
    """The quarter of ``year`` holding the register's latest date, capped at ``as_of``; else year end."""
    from zzgx_plan.registers.model import from_day_number

    latest = register.latest_day
    cap = as_of or Period.year_of(year)
    if latest is None:
        return cap
    day = from_day_number(latest)
    if day.year != year:
        return cap if day.year > year else Period(year, PeriodKind.QUARTER, 4)
    quarter = Period(year, PeriodKind.QUARTER, (day.month - 1) // 3 + 1)
    return quarter if quarter.end_key <= cap.end_key else cap
