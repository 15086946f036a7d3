"""The plan as typed, immutable values.

These types are what the loader produces and what every computation and report
reads: the plan's metadata, its unit registry, leadership group, sections and
22 measures, the indicators with their yearly targets, reported figures
(observations) and measure progress entries.

They are frozen dataclasses validated by pydantic (``Model.model_validate``:
type coercion, unknown fields refused, the checks in ``__post_init__``), through
pydantic-core and pydantic's own schemas for them, kept as source in
:mod:`zzgx_plan.core.schemas`. Nothing of pydantic is imported until something is
validated, so a command that reads the plan from the load cache starts fast
(``plan status`` start-up is benchmarked in ``benchmarks/latency.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any, ClassVar, Self, cast

from zzgx_plan.core.periods import Period


class Frozen:
    """Base of every model: pydantic validation on demand, unknown fields refused.

    The method names follow pydantic's ``BaseModel`` so callers need not care.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid", "arbitrary_types_allowed": True}

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """Validate plain data (e.g. parsed YAML) into this type; raises ``pydantic.ValidationError``
        (which is pydantic-core's)."""
        result: Self = _adapter(cast(Hashable, cls)).validate_python(data)
        return result

    def model_copy(self, update: dict[str, Any] | None = None) -> Self:
        """A copy with some fields replaced (no validation, like pydantic's)."""
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]

    def model_dump(self) -> dict[str, Any]:
        """The fields as plain Python data (nested models become dicts)."""
        return dataclasses.asdict(self)  # type: ignore[call-overload]


@cache
def _adapter(cls: Hashable) -> Any:
    """The validator of a model: pydantic-core with pydantic's own schema for it, built once.

    The schemas are kept as source (:mod:`zzgx_plan.core.schemas`, generated from pydantic and checked by
    a test), so validating does not import pydantic's schema generator: that import and the schema
    building were most of a cold ``plan status``. With another pydantic-core than the one they were
    generated for, pydantic builds them (slower, the same validation)."""
    import pydantic_core

    from zzgx_plan.core import schemas

    name = getattr(cls, "__name__", "")
    if pydantic_core.__version__ == schemas.CORE_VERSION and name in schemas.SCHEMAS:
        return pydantic_core.SchemaValidator(cast(Any, schemas.SCHEMAS[name]))
    from pydantic import TypeAdapter

    return TypeAdapter(cast(Any, cls))


# ---------------------------------------------------------------- plan structure


@dataclass(frozen=True, kw_only=True)
class PlanMeta(Frozen):
    title: str
    document_number: str
    notice_title: str = ""
    issued_by: str
    issued_on: dt.date
    start_year: int
    end_year: int
    basis_document: str = ""
    guiding_ideology: str = ""
    overall_goal: str = ""
    safeguards: tuple[str, ...] = ()
    #: 解读: what of the above is our reading rather than the document's words (a drafted plan's issue date
    #: taken as the last date in the text, years the title does not state); empty when all is as written.
    reading: str = ""

    def __post_init__(self) -> None:
        if self.end_year < self.start_year:
            raise ValueError(f"结束年份 end_year {self.end_year} 早于开始年份 start_year {self.start_year}")

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class UnitKind(StrEnum):
    DEPARTMENT = "department"
    PARK = "park"
    GROUP = "group"
    ENTERPRISE = "enterprise"
    TASKFORCE = "taskforce"
    SUBDISTRICT = "subdistrict"
    BODY = "body"
    EXTERNAL = "external"

    @property
    def label(self) -> str:
        """The category as users read it (``plan units``, workbooks); the value stays the data's key."""
        return UNIT_KIND_LABELS[self]


UNIT_KIND_LABELS: dict[UnitKind, str] = {
    UnitKind.DEPARTMENT: "职能部门",
    UnitKind.PARK: "园区",
    UnitKind.GROUP: "单位组",
    UnitKind.ENTERPRISE: "企业",
    UnitKind.TASKFORCE: "工作专班",
    UnitKind.SUBDISTRICT: "办事处",
    UnitKind.BODY: "管理机构",
    UnitKind.EXTERNAL: "外部单位",
}


@dataclass(frozen=True, kw_only=True)
class Unit(Frozen):
    """A unit the document names. A group (各园区运营中心) lists its members; an empty
    member list means the document does not name them (各审批业务部门)."""

    name: str
    kind: UnitKind = UnitKind.DEPARTMENT
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] | None = None
    # 解读: the members are our reading, not the document's words (各园区运营中心 = the four park
    # centres of Annex 2); shown wherever the members are listed
    members_reading: str = ""
    #: The short name tables use and users may type (枫杨 for 枫杨园区运营中心). The document writes
    #: only full names, so a short name is our reading: ``reading`` says so in words.
    short_name: str | None = None
    #: other names people use that the document does not write (枫杨园区): also our reading.
    informal_names: tuple[str, ...] = ()
    reading: str | None = None

    @property
    def is_group(self) -> bool:
        return self.members is not None

    @property
    def label(self) -> str:
        """The short name where the data gives one, else the name (column headers, park lists)."""
        return self.short_name or self.name

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name the unit answers to: name, aliases and short name."""
        return (self.name, *self.aliases, *((self.short_name,) if self.short_name else ()), *self.informal_names)


@dataclass(frozen=True, kw_only=True)
class UnitRegistry(Frozen):
    """Every unit with one canonical name; resolves aliases and group membership."""

    units: tuple[Unit, ...]

    def get(self, name: str) -> Unit | None:
        """The unit called ``name`` (canonical, alias or short name, matched by :mod:`core.names`), or None."""
        name = name.strip()
        for unit in self.units:  # the common case, kept fast: loading resolves every unit named
            if unit.name == name or name in unit.aliases or name == unit.short_name or name in unit.informal_names:
                return unit
        from zzgx_plan.core.names import find_by_name

        return find_by_name(name, ((u, u.all_names) for u in self.units))

    def canonical(self, name: str) -> str | None:
        unit = self.get(name)
        return unit.name if unit else None

    def names(self) -> list[str]:
        """Every name a unit answers to (canonical names, aliases and short names)."""
        out: list[str] = []
        for unit in self.units:
            out.extend(unit.all_names)
        return out

    def label(self, name: str) -> str:
        """The short label of a unit (枫杨 for 枫杨园区运营中心 where the data gives it), else ``name``."""
        unit = self.get(name)
        return unit.label if unit is not None else name

    def groups_of(self, name: str) -> list[str]:
        """The groups a unit belongs to (canonical names)."""
        canonical = self.canonical(name)
        return [u.name for u in self.units if u.members and canonical in u.members]

    def matches(self, query: str, written: str) -> bool:
        """Does a unit reference as written in the document concern the unit ``query``?

        True when both name the same unit, when ``written`` is a group ``query`` belongs to,
        or when ``query`` is a group and ``written`` is one of its members.
        """
        q, w = self.canonical(query), self.canonical(written)
        if q is None or w is None:
            return False
        if q == w:
            return True
        w_unit, q_unit = self.get(w), self.get(q)
        if w_unit is not None and w_unit.members and q in w_unit.members:
            return True
        return bool(q_unit is not None and q_unit.members and w in q_unit.members)


@dataclass(frozen=True, kw_only=True)
class LeadershipMember(Frozen):
    role: str  # 组长 / 副组长 / 成员
    name: str
    position: str
    unit: str | None = None


@dataclass(frozen=True, kw_only=True)
class Leadership(Frozen):
    name: str
    office_unit: str
    office_head: str = ""
    members: tuple[LeadershipMember, ...]


@dataclass(frozen=True, kw_only=True)
class Section(Frozen):
    number: int
    label: str
    title: str


@dataclass(frozen=True, kw_only=True)
class Measure(Frozen):
    number: int
    section: int
    title: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    text: str
    # 解读: how the units (or the number) were read where the document leaves it open, e.g. a list whose
    # first named unit is taken as the lead (shown ※ with the lead units)
    reading: str = ""


# ---------------------------------------------------------------- indicators and targets


_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class IndicatorKind(StrEnum):
    FLOW = "flow"
    STOCK = "stock"
    CUMULATIVE = "cumulative"


#: What users call each kind of indicator.
INDICATOR_KIND_LABELS = {
    IndicatorKind.FLOW: "新增类",
    IndicatorKind.STOCK: "总量类",
    IndicatorKind.CUMULATIVE: "累计类",
}


class Direction(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ABOUT = "about"


#: What users read for each direction (CSV for people): the target is a floor, a ceiling or an 左右.
DIRECTION_LABELS = {
    Direction.AT_LEAST: "不低于目标",
    Direction.AT_MOST: "不高于目标",
    Direction.ABOUT: "目标左右",
}


class Origin(StrEnum):
    ANNEX1 = "annex1"
    MEASURE = "measure"


class Qualifier(StrEnum):
    """A word of the document that qualifies a target; kept as data and shown with the target."""

    STRIVE = "力争"  # a soft target: 力争参评企业达到5000家
    ABOUT = "左右"  # 95%左右 (direction ``about``)
    ABOVE = "以上"  # 10项以上 (direction ``at_least``)
    NOT_LESS = "不少于"  # 不少于70家 (direction ``at_least``)
    CUMULATIVE = "累计"  # 累计达到500项 (kind ``cumulative``)
    WITHIN = "内"  # 1个工作日内 (direction ``at_most``)


class ReadingTopic(StrEnum):
    """What of an indicator a reading (解读) is about: ``readings: {topic: 中文说明}`` in targets.yaml."""

    MEASURES = "measures"  # which measures the indicator belongs to
    LEAD_UNITS = "lead_units"  # who leads it (Annex 1 names no unit)
    REPORTED_BY = "reported_by"  # who reports the figure
    YEARS = "years"  # which years carry a target (a commitment that names no year)
    TOLERANCE = "tolerance"  # how much below an 左右 target still counts as met
    COUNTING = "counting"  # how the figure is counted (since when, whose tally)
    VALID_YEARS = "valid_years"  # how long a register listing lasts (an outside rule)
    BASELINE = "baseline"  # what the pre-plan figure used as a baseline stands for
    KIND = "kind"  # flow, stock or cumulative when the document does not say (a draft guesses it from the name)
    DIRECTION = "direction"  # a floor, a ceiling or 左右 when the document does not say


@dataclass(frozen=True, kw_only=True)
class TargetRevision(Frozen):
    """A later document changing a yearly target: the new value, the document (number and date)
    that set it, and the date from which it applies. Validated for order and dates by the loader."""

    value: float
    document: str
    document_date: dt.date
    effective: dt.date
    note: str = ""

    def __post_init__(self) -> None:
        if not self.document.strip():
            raise ValueError("须在 document 中写明调整目标所依据的文件（文号）")


@dataclass(frozen=True, kw_only=True)
class Target(Frozen):
    """A yearly target as the plan set it, plus any later revisions (in order of effective date)."""

    value: float
    source: str
    # the document's own qualifying words for this target (力争, 左右, 以上, 不少于, 累计, 内)
    qualifiers: tuple[Qualifier, ...] = ()
    # 解读: what of this target is our reading rather than the document's words
    reading: str = ""
    revisions: tuple[TargetRevision, ...] = ()

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ValueError("须在 source 中写明数字的出处（原文摘录）")

    def revision_on(self, day: dt.date | None) -> TargetRevision | None:
        """The revision in force on ``day`` (the latest one effective by then), or None for the
        original target. ``day=None`` means "as things stand now": the latest revision."""
        in_force = [r for r in self.revisions if day is None or r.effective <= day]
        return max(in_force, key=lambda r: r.effective) if in_force else None

    def value_on(self, day: dt.date | None) -> float:
        """The target value in force on ``day`` (see :meth:`revision_on`)."""
        revision = self.revision_on(day)
        return self.value if revision is None else revision.value


@dataclass(frozen=True, kw_only=True)
class ConversionGoal(Frozen):
    """A goal that firms on this indicator's list move onto another list within a window of years
    (measure 11: 力争库内企业1—2年内通过认定), with the document's words as ``source``."""

    into: str  # the indicator whose list the firms should reach (e.g. high_tech_enterprises)
    within_years: tuple[int, int]  # (shortest, longest) window in years: 1—2年 → (1, 2)
    source: str
    qualifiers: tuple[Qualifier, ...] = ()
    reading: str = ""

    def __post_init__(self) -> None:
        low, high = self.within_years
        if not 1 <= low <= high:
            raise ValueError("within_years 应为两个整数年数，短的在前，如 [1, 2]")
        if not self.source.strip():
            raise ValueError("须在 source 中摘录方案原文")

    @property
    def window_text(self) -> str:
        """The window as the document writes it: ``1—2年`` (or ``2年``)."""
        low, high = self.within_years
        return f"{high}年" if low == high else f"{low}—{high}年"


class IndicatorSource(StrEnum):
    """Where an indicator's actual comes from: reported figures (data/actuals) or a firm register."""

    REPORTED = "reported"
    REGISTER = "register"


@dataclass(frozen=True, kw_only=True)
class Indicator(Frozen):
    id: str
    name: str
    origin: Origin
    unit: str
    kind: IndicatorKind
    direction: Direction
    tolerance: float = 0.0
    measures: tuple[int, ...]
    lead_units: tuple[str, ...]
    targets: dict[int, Target]
    # register: the actual is counted from data/registers (the firms on this indicator's list)
    source: IndicatorSource = IndicatorSource.REPORTED
    # register listings on this indicator's list lapse this many years after 入库日期 unless the
    # row gives an 出库日期 (高新技术企业 certificates: 3 years)
    valid_years: int | None = None
    # the unit that reports the figure (报送单位); by default the only lead unit. Required when an
    # indicator has several lead units: only this unit is chased for the figure
    reported_by: str | None = None
    # 解读: what of this indicator is our interpretation rather than the document's words
    readings: dict[ReadingTopic, str] = field(default_factory=dict)
    conversion: ConversionGoal | None = None
    # figures must be whole numbers; None: the unit decides (settings.whole_units, filled in by the loader)
    whole_numbers: bool | None = None

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"编号“{self.id}”只能由小写字母、数字和下划线组成（如 tech_smes）")
        if self.source is IndicatorSource.REGISTER and self.unit != "家":
            raise ValueError("只有按“家”计数的指标才能由企业名录统计（source: register）")
        if self.valid_years is not None and self.valid_years < 1:
            raise ValueError("valid_years 至少为 1")

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def counts_whole_things(self) -> bool:
        """Counted in whole entities (家/项/个 …): values must be whole numbers. ``whole_numbers`` decides;
        when unset (an indicator built in code), the default whole-number units."""
        if self.whole_numbers is not None:
            return self.whole_numbers
        return self.unit in DEFAULT_WHOLE_UNITS

    def target_for(self, year: int) -> Target | None:
        return self.targets.get(year)

    @property
    def reporting_unit(self) -> str:
        """The unit that reports the figure: ``reported_by``, else the (first) lead unit."""
        return self.reported_by or (self.lead_units[0] if self.lead_units else "")

    def reading(self, topic: ReadingTopic) -> str:
        return self.readings.get(topic, "")


@dataclass(frozen=True, kw_only=True)
class NotTracked(Frozen):
    """A quantity or commitment in a measure's text that is deliberately not an indicator, and why
    (``not_tracked:`` in targets.yaml): 零见面、零跑腿 are service principles, not figures."""

    measure: int
    quote: str  # the words as the measure writes them
    reason: str

    def __post_init__(self) -> None:
        if not self.quote.strip() or not self.reason.strip():
            raise ValueError("not_tracked 的每一项须摘录措施原文（quote）并写明不作为指标跟踪的理由（reason）")


#: Units counted in whole things unless targets.yaml says otherwise (``settings.whole_units``).
DEFAULT_WHOLE_UNITS: tuple[str, ...] = ("家", "项", "个", "户", "件", "人", "次")  # as core.numbers.COUNT_UNITS


@dataclass(frozen=True, kw_only=True)
class Settings(Frozen):
    at_risk_threshold: float = 0.9
    # units whose figures and targets must be whole numbers (a plan counting 户 or 件 lists them here)
    whole_units: tuple[str, ...] = DEFAULT_WHOLE_UNITS

    def __post_init__(self) -> None:
        if not 0 < self.at_risk_threshold <= 1:
            raise ValueError("at_risk_threshold 须大于 0 且不超过 1")


@dataclass(frozen=True, kw_only=True)
class Plan(Frozen):
    """The whole plan: structure, units, indicators and targets (no reported figures)."""

    meta: PlanMeta
    units: UnitRegistry
    leadership: Leadership | None  # Annex 2; None when the plan names no leadership group
    sections: tuple[Section, ...]
    measures: tuple[Measure, ...]
    indicators: tuple[Indicator, ...]
    settings: Settings = field(default_factory=Settings)
    not_tracked: tuple[NotTracked, ...] = ()

    def indicator(self, key: str) -> Indicator | None:
        """Find an indicator by id or name: exactly, else as typed by hand (ASCII brackets and quotes,
        full-width letters, spaces, case — see :mod:`core.names`)."""
        key = key.strip()
        for ind in self.indicators:
            if key in (ind.id, ind.name):
                return ind
        from zzgx_plan.core.names import find_by_name

        return find_by_name(key, ((ind, (ind.id, ind.name)) for ind in self.indicators))

    def indicator_names(self) -> list[str]:
        """Every id and name an indicator answers to, for "did you mean" hints."""
        return [n for ind in self.indicators for n in (ind.id, ind.name)]

    def measure(self, number: int) -> Measure | None:
        for m in self.measures:
            if m.number == number:
                return m
        return None

    def measures_of_unit(self, name: str) -> tuple[list[Measure], list[Measure]]:
        """(measures the unit leads, measures it shares as 责任单位) — aliases and groups resolve."""
        lead = [m for m in self.measures if any(self.units.matches(name, u) for u in m.lead_units)]
        shared = [
            m for m in self.measures if m not in lead and any(self.units.matches(name, u) for u in m.responsible_units)
        ]
        return lead, shared

    def indicators_of_unit(self, name: str) -> list[Indicator]:
        """Indicators a unit leads, or shares through a measure it leads or is responsible for."""
        lead, shared = self.measures_of_unit(name)
        numbers = {m.number for m in lead + shared}
        return [
            ind
            for ind in self.indicators
            if any(self.units.matches(name, u) for u in ind.lead_units) or numbers & set(ind.measures)
        ]

    def indicators_for_measure(self, number: int) -> list[Indicator]:
        return [ind for ind in self.indicators if number in ind.measures]

    def indicators_reported_by(self, name: str) -> list[Indicator]:
        """Indicators whose figure ``name`` reports (aliases resolve; a group reports as the group)."""
        canonical = self.units.canonical(name) or name
        return [ind for ind in self.indicators if (self.units.canonical(ind.reporting_unit) or "") == canonical]


# ---------------------------------------------------------------- reported data


class Basis(StrEnum):
    INCREMENT = "increment"
    YTD = "ytd"


#: What the template and the messages call each basis (口径) of a flow figure.
BASIS_LABELS = {Basis.INCREMENT: "本期增量", Basis.YTD: "年初至今累计"}

#: A key a figure holds or looks up in the overlap rule (see :func:`held_keys`).
OverlapKey = tuple[object, ...]


def held_keys(period: Period, basis: Basis) -> list[OverlapKey]:
    """What a figure for ``period`` in ``basis`` holds: its exact period, its end month and every month it
    covers. Two figures of one indicator overlap (would be counted twice) when one looks up
    (:func:`clashing_keys`) a key the other holds. The loader's check and the template use this one rule."""
    months = [("month", basis, period.year, m) for m in range(period.first_month, period.last_month + 1)]
    return [("exact", basis, period), ("end", basis, period.end_key), *months]


def clashing_keys(period: Period, basis: Basis) -> list[OverlapKey]:
    """The keys held by an earlier figure that a figure for ``period`` in ``basis`` may not meet: the same
    period in another basis; for year-to-date figures the same end month (Q1 and Q2 year to date nest);
    for increments and levels any month already covered."""
    keys: list[OverlapKey] = [("exact", other, period) for other in Basis if other is not basis]
    if basis is Basis.YTD:
        return [*keys, ("end", basis, period.end_key)]
    return [*keys, *(("month", basis, period.year, m) for m in range(period.first_month, period.last_month + 1))]


EXAMPLE_MARK = "示例"


@dataclass(frozen=True, kw_only=True)
class Observation(Frozen):
    """One reported figure: an indicator's value for a period, from a CSV row."""

    indicator: str  # indicator id
    period: Period
    value: float
    basis: Basis = Basis.INCREMENT
    reported_by: str = ""
    note: str = ""
    path: str = ""
    line: int = 0

    @property
    def is_example(self) -> bool:
        """Shipped example rows say 示例 (示例数据) in ``note`` or ``reported_by``."""
        return EXAMPLE_MARK in self.note or EXAMPLE_MARK in self.reported_by


class ProgressStatus(StrEnum):
    NOT_STARTED = "未启动"
    IN_PROGRESS = "推进中"
    DONE = "已完成"
    DELAYED = "滞后"


@dataclass(frozen=True, kw_only=True)
class ProgressEntry(Frozen):
    """A measure's progress for a period, as reported by a unit (data/progress/<period>.yaml)."""

    period: Period
    measure: int
    status: ProgressStatus
    text: str
    reported_by: str
    next_steps: str = ""
    note: str = ""
    path: str = ""
    line: int = 0

    @property
    def is_example(self) -> bool:
        return EXAMPLE_MARK in self.note or EXAMPLE_MARK in self.text


@dataclass(frozen=True, kw_only=True)
class PlanData(Frozen):
    """A loaded data directory: the plan plus every reported figure and progress entry."""

    plan: Plan
    observations: tuple[Observation, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()

    def observations_for(self, indicator_id: str) -> list[Observation]:
        return [o for o in self.observations if o.indicator == indicator_id]

    def periods_with_data(self, year: int) -> list[Period]:
        return sorted({o.period for o in self.observations if o.period.year == year})


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))


#: The models validated from plain data (YAML); their pydantic-core schemas are in :mod:`zzgx_plan.core.schemas`.
VALIDATED: tuple[type[Frozen], ...] = (
    PlanMeta,
    Unit,
    Leadership,
    Section,
    Measure,
    Settings,
    Target,
    Indicator,
    NotTracked,
    ProgressEntry,
)
