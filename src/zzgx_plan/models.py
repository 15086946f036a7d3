"""The plan as typed, immutable values.

These pydantic models are what the loader produces and what every computation
and report reads: the plan's metadata, its unit registry, leadership group,
sections and 22 measures, the indicators with their yearly targets, reported
figures (observations) and measure progress entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from zzgx_plan.periods import Period


class Frozen(BaseModel):
    """Base: immutable, unknown fields refused (so a typo in YAML is an error, not ignored)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


# ---------------------------------------------------------------- plan structure


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


class Unit(Frozen):
    """A unit the document names. A group (各园区运营中心) lists its members; an empty
    member list means the document does not name them (各审批业务部门)."""

    name: str
    kind: UnitKind = UnitKind.DEPARTMENT
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] | None = None

    @property
    def is_group(self) -> bool:
        return self.members is not None


class UnitRegistry(Frozen):
    """Every unit with one canonical name; resolves aliases and group membership."""

    units: tuple[Unit, ...]

    def get(self, name: str) -> Unit | None:
        """The unit called ``name`` (canonical or alias), or None."""
        name = name.strip()
        for unit in self.units:
            if unit.name == name or name in unit.aliases:
                return unit
        return None

    def canonical(self, name: str) -> str | None:
        unit = self.get(name)
        return unit.name if unit else None

    def names(self) -> list[str]:
        """Every name a unit answers to (canonical names and aliases)."""
        out: list[str] = []
        for unit in self.units:
            out.append(unit.name)
            out.extend(unit.aliases)
        return out

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


class LeadershipMember(Frozen):
    role: str  # 组长 / 副组长 / 成员
    name: str
    position: str
    unit: str | None = None


class Leadership(Frozen):
    name: str
    office_unit: str
    office_head: str = ""
    members: tuple[LeadershipMember, ...]


class Section(Frozen):
    number: int
    label: str
    title: str


class Measure(Frozen):
    number: int
    section: int
    title: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    text: str


# ---------------------------------------------------------------- indicators and targets


class IndicatorKind(StrEnum):
    FLOW = "flow"
    STOCK = "stock"
    CUMULATIVE = "cumulative"


class Direction(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    ABOUT = "about"


class Origin(StrEnum):
    ANNEX1 = "annex1"
    MEASURE = "measure"


class Target(Frozen):
    value: float
    source: str

    @field_validator("source")
    @classmethod
    def _source_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("source must quote where the number comes from")
        return v


class Indicator(Frozen):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    origin: Origin
    unit: str
    kind: IndicatorKind
    direction: Direction
    tolerance: float = 0.0
    measures: tuple[int, ...]
    lead_units: tuple[str, ...]
    targets: dict[int, Target]

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def counts_whole_things(self) -> bool:
        """Counted in whole entities (家/项/个): values must be whole numbers."""
        return self.unit in {"家", "项", "个"}

    def target_for(self, year: int) -> Target | None:
        return self.targets.get(year)


class Settings(Frozen):
    at_risk_threshold: float = Field(default=0.9, gt=0, le=1)


class Plan(Frozen):
    """The whole plan: structure, units, indicators and targets (no reported figures)."""

    meta: PlanMeta
    units: UnitRegistry
    leadership: Leadership
    sections: tuple[Section, ...]
    measures: tuple[Measure, ...]
    indicators: tuple[Indicator, ...]
    settings: Settings = Settings()

    def indicator(self, key: str) -> Indicator | None:
        """Find an indicator by id or by its exact Chinese name."""
        key = key.strip()
        for ind in self.indicators:
            if key in (ind.id, ind.name):
                return ind
        return None

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


# ---------------------------------------------------------------- reported data


class Basis(StrEnum):
    INCREMENT = "increment"
    YTD = "ytd"


EXAMPLE_MARK = "示例"


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


class PlanData(Frozen):
    """A loaded data directory: the plan plus every reported figure and progress entry."""

    plan: Plan
    observations: tuple[Observation, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()

    def observations_for(self, indicator_id: str) -> list[Observation]:
        return [o for o in self.observations if o.indicator == indicator_id]

    def progress_for(self, period: Period) -> list[ProgressEntry]:
        return [e for e in self.progress if e.period == period]

    def periods_with_data(self, year: int) -> list[Period]:
        return sorted({o.period for o in self.observations if o.period.year == year})


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))
