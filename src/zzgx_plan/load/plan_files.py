"""Loading the plan's structure (data/measures.yaml) and targets (data/targets.yaml).

Each unit, measure and indicator is validated on its own, so one bad entry does
not hide the others; then cross-references (units named by measures and
indicators, measure numbers, target years) are checked against the registry.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from zzgx_plan.core.models import (
    Indicator,
    Leadership,
    Measure,
    NotTracked,
    Plan,
    PlanMeta,
    Section,
    Settings,
    Unit,
    UnitRegistry,
)
from zzgx_plan.core.problems import Problem, Severity, did_you_mean, problem
from zzgx_plan.files.yamlfile import YamlDoc, read_yaml
from zzgx_plan.load.pydantic_errors import validate_at
from zzgx_plan.load.readings import Context, check_indicator, check_not_tracked
from zzgx_plan.load.revisions import check_revisions

MEASURES_FILE = "measures.yaml"
TARGETS_FILE = "targets.yaml"


def load_plan_files(data_dir: Path) -> tuple[Plan | None, list[Problem]]:
    """Read measures.yaml and targets.yaml from ``data_dir`` into a :class:`Plan`, with every problem."""
    problems: list[Problem] = []
    docs: dict[str, YamlDoc] = {}
    for name in (MEASURES_FILE, TARGETS_FILE):
        path = data_dir / name
        if not os.path.lexists(path):
            problems.append(problem(path, None, "file-missing", what=name))
            continue
        doc, found = read_yaml(path, kind="plan", root=data_dir)
        problems += found
        if doc is not None:
            if isinstance(doc.data, dict):
                docs[name] = doc
            else:
                problems.append(problem(path, doc.line(), "yaml-structure", reason="文件最外层应是“键: 值”的映射"))
    if len(docs) < 2:
        return None, problems
    return build_plan(docs[MEASURES_FILE], docs[TARGETS_FILE], problems)


def _items(doc: YamlDoc, key: str, problems: list[Problem]) -> list[tuple[int, Any]]:
    value = doc.data.get(key)
    if value is None:
        problems.append(problem(doc.path, doc.line(), "yaml-structure", reason=f"缺少最外层的键“{key}”"))
        return []
    if not isinstance(value, list):
        reason = f"“{key}”下应是列表（每项以 - 开头）"
        problems.append(problem(doc.path, doc.line(key), "yaml-structure", reason=reason))
        return []
    return list(enumerate(value))


def _claim(
    doc: YamlDoc,
    at: tuple[str | int, ...],
    names: tuple[str, ...],
    what: str,
    seen: dict[str, int | None],
    problems: list[Problem],
) -> None:
    """Record the names an entry answers to; a name already taken is a ``duplicate-id`` problem."""
    line = doc.line(*at)
    for name in names:
        if name in seen:
            problems.append(problem(doc.path, line, "duplicate-id", what=what, id=name, first_line=seen[name]))
        else:
            seen[name] = line


N = TypeVar("N", Section, Measure)


def _unique_items(
    doc: YamlDoc, key: str, model: type[N], what: str, problems: list[Problem]
) -> tuple[list[N], dict[int, tuple[int, int | None]]]:
    """Validate the numbered items under ``key``; a repeated number is a ``duplicate-id`` problem.

    Returns the valid, unique items and, per number, (index in the list, line) of its first occurrence.
    """
    items: list[N] = []
    seen: dict[int, tuple[int, int | None]] = {}
    for i, raw in _items(doc, key, problems):
        item, found = validate_at(model, raw, doc, key, i)
        problems += found
        if item is None:
            continue
        if item.number in seen:
            problems.append(
                problem(
                    doc.path,
                    doc.line(key, i),
                    "duplicate-id",
                    what=what,
                    id=item.number,
                    first_line=seen[item.number][1],
                )
            )
            continue
        seen[item.number] = (i, doc.line(key, i))
        items.append(item)
    return items, seen


@dataclass
class _Draft:
    """The plan's parts as read and validated one by one (before the cross-checks), with where they were."""

    mdoc: YamlDoc
    tdoc: YamlDoc
    meta: PlanMeta | None = None
    units: list[Unit] = dataclasses.field(default_factory=list)
    registry: UnitRegistry = dataclasses.field(default_factory=lambda: UnitRegistry(units=()))
    leadership: Leadership | None = None
    sections: list[Section] = dataclasses.field(default_factory=list)
    seen_sections: dict[int, tuple[int, int | None]] = dataclasses.field(default_factory=dict)
    measures: list[Measure] = dataclasses.field(default_factory=list)
    seen_measures: dict[int, tuple[int, int | None]] = dataclasses.field(default_factory=dict)
    settings: Settings | None = None
    indicators: list[tuple[int, Indicator]] = dataclasses.field(default_factory=list)  # (index, indicator)
    not_tracked: list[tuple[int, NotTracked]] = dataclasses.field(default_factory=list)  # (index, entry)
    complete: bool = True  # False when reading stopped early (an invalid leadership group)

    def unknown_unit(self, doc: YamlDoc, name: str, *at: str | int) -> list[Problem]:
        """An ``unknown-unit`` problem when the registry has no unit ``name``."""
        if self.registry.get(name) is not None:
            return []
        return [
            problem(doc.path, doc.line(*at), "unknown-unit", name=name, hint=did_you_mean(name, self.registry.names()))
        ]


def build_plan(mdoc: YamlDoc, tdoc: YamlDoc, problems: list[Problem]) -> tuple[Plan | None, list[Problem]]:
    """Validate the two parsed documents into a Plan; ``problems`` collects what is wrong.

    Each part is validated on its own (:func:`_read`), then every check in :data:`CHECKS` runs over the
    whole (as beancount's validations do): each is a small function from the draft to its problems."""
    draft = _read(mdoc, tdoc, problems)
    for check in CHECKS:
        problems += check(draft)
    if not draft.complete or draft.meta is None or draft.settings is None:
        return None, problems
    plan = Plan(
        meta=draft.meta,
        units=draft.registry,
        leadership=draft.leadership,
        sections=tuple(draft.sections),
        measures=tuple(draft.measures),
        indicators=tuple(ind for _, ind in draft.indicators),
        settings=draft.settings,
        not_tracked=tuple(entry for _, entry in draft.not_tracked),
    )
    return plan, problems


def _read(mdoc: YamlDoc, tdoc: YamlDoc, problems: list[Problem]) -> _Draft:
    """Validate each part (pydantic, per entry) and claim the names and numbers that must be unique."""
    draft = _Draft(mdoc, tdoc)
    draft.meta, found = validate_at(PlanMeta, mdoc.data.get("plan"), mdoc, "plan")
    problems += found
    unit_lines: dict[str, int | None] = {}
    for i, raw in _items(mdoc, "units", problems):
        unit, found = validate_at(Unit, raw, mdoc, "units", i)
        problems += found
        if unit is not None:
            _claim(mdoc, ("units", i), unit.all_names, "单位名称", unit_lines, problems)
            draft.units.append(unit)
    draft.registry = UnitRegistry(units=tuple(draft.units))
    # Annex 2 (the leadership group) is optional: a plan without one is valid
    if mdoc.data.get("leadership") is not None:
        draft.leadership, found = validate_at(Leadership, mdoc.data.get("leadership"), mdoc, "leadership")
        problems += found
        if draft.leadership is None:
            draft.complete = False
            return draft
    draft.sections, draft.seen_sections = _unique_items(mdoc, "sections", Section, "板块编号", problems)
    draft.measures, draft.seen_measures = _unique_items(mdoc, "measures", Measure, "措施编号", problems)
    draft.settings, found = validate_at(Settings, tdoc.data.get("settings") or {}, tdoc, "settings")
    problems += found
    seen_ind: dict[str, int | None] = {}
    for i, raw in _items(tdoc, "indicators", problems):
        booleans = _booleans(raw, tdoc, i)
        if booleans:  # `value: true` would be taken as 1
            problems += booleans
            continue
        indicator, found = validate_at(Indicator, raw, tdoc, "indicators", i)
        problems += found
        if indicator is not None:
            if indicator.whole_numbers is None and draft.settings is not None:
                indicator = indicator.model_copy(update={"whole_numbers": indicator.unit in draft.settings.whole_units})
            _claim(tdoc, ("indicators", i), (indicator.id, indicator.name), "指标编号或名称", seen_ind, problems)
            draft.indicators.append((i, indicator))
    if tdoc.data.get("not_tracked") is not None:
        for i, raw in _items(tdoc, "not_tracked", problems):
            entry, found = validate_at(NotTracked, raw, tdoc, "not_tracked", i)
            problems += found
            if entry is not None:
                draft.not_tracked.append((i, entry))
    return draft


def _unknown_top_level_keys(d: _Draft) -> list[Problem]:
    allowed = (
        (d.mdoc, {"plan", "units", "leadership", "sections", "measures"}),
        (d.tdoc, {"settings", "indicators", "not_tracked"}),
    )
    return [
        problem(doc.path, doc.line(key), "yaml-structure", reason=f"不认识的最外层键“{key}”")
        for doc, keys in allowed
        for key in doc.data
        if key not in keys
    ]


def _group_members_known(d: _Draft) -> list[Problem]:
    return [
        problem(d.mdoc.path, d.mdoc.line("units", i, "members", j), "group-member-unknown", group=u.name, name=m)
        for i, u in enumerate(d.units)
        for j, m in enumerate(u.members or ())
        if d.registry.get(m) is None
    ]


def _leadership_units_known(d: _Draft) -> list[Problem]:
    if d.leadership is None:
        return []
    found = d.unknown_unit(d.mdoc, d.leadership.office_unit, "leadership", "office_unit")
    for i, person in enumerate(d.leadership.members):
        if person.unit is not None:
            found += d.unknown_unit(d.mdoc, person.unit, "leadership", "members", i, "unit")
    return found


def _measure_sections_known(d: _Draft) -> list[Problem]:
    return [
        problem(
            d.mdoc.path,
            d.mdoc.line("measures", d.seen_measures[m.number][0], "section"),
            "unknown-section",
            number=m.section,
        )
        for m in d.measures
        if m.section not in d.seen_sections
    ]


def _measures_have_leads(d: _Draft) -> list[Problem]:
    found = []
    for m in d.measures:
        if not m.lead_units:
            i = d.seen_measures[m.number][0]
            found.append(
                problem(
                    d.mdoc.path,
                    d.mdoc.line("measures", i, "lead_units"),
                    "yaml-field",
                    field=f"measures.{i}.lead_units",
                    reason="每项措施至少要有一个牵头单位",
                )
            )
    return found


def _measure_units_known(d: _Draft) -> list[Problem]:
    found = []
    for m in d.measures:
        i = d.seen_measures[m.number][0]
        for key in ("lead_units", "responsible_units"):
            for j, name in enumerate(getattr(m, key)):
                found += d.unknown_unit(d.mdoc, name, "measures", i, key, j)
    return found


def _indicator_measures_known(d: _Draft) -> list[Problem]:
    return [
        problem(d.tdoc.path, d.tdoc.line("indicators", i, "measures", j), "unknown-measure", number=number)
        for i, ind in d.indicators
        for j, number in enumerate(ind.measures)
        if number not in d.seen_measures
    ]


def _indicator_units_known(d: _Draft) -> list[Problem]:
    found = [
        p
        for i, ind in d.indicators
        for j, name in enumerate(ind.lead_units)
        for p in d.unknown_unit(d.tdoc, name, "indicators", i, "lead_units", j)
    ]
    for i, ind in d.indicators:
        if ind.reported_by is not None:
            found += d.unknown_unit(d.tdoc, ind.reported_by, "indicators", i, "reported_by")
    return found


def _readings_marked(d: _Draft) -> list[Problem]:
    """Each indicator's readings of the document (see :mod:`zzgx_plan.load.readings`)."""
    by_number = {m.number: m for m in d.measures}
    # every id the file names, valid entry or not (a broken entry is reported once, by itself)
    ids = frozenset(str(raw.get("id")) for raw in d.tdoc.data.get("indicators") or () if isinstance(raw, dict))
    return [p for i, ind in d.indicators for p in check_indicator(ind, Context(d.tdoc, i, d.registry, by_number, ids))]


def _not_tracked_checked(d: _Draft) -> list[Problem]:
    if d.tdoc.data.get("not_tracked") is None:
        return []
    return check_not_tracked(d.not_tracked, d.tdoc, {m.number: m for m in d.measures})


def _target_years_in_plan(d: _Draft) -> list[Problem]:
    meta = d.meta
    if meta is None:
        return []
    return [
        problem(
            d.tdoc.path,
            d.tdoc.line("indicators", i, "targets", year),
            "target-year-outside-plan",
            year=year,
            start=meta.start_year,
            end=meta.end_year,
        )
        for i, ind in d.indicators
        for year in ind.targets
        if year not in meta.years
    ]


def _target_revisions(d: _Draft) -> list[Problem]:
    return [p for i, ind in d.indicators for p in check_revisions(ind, d.tdoc, i, d.meta)]


def _target_values_checked(d: _Draft) -> list[Problem]:
    return [p for i, ind in d.indicators for p in _check_target_values(ind, d.tdoc, i)]


def _plan_incomplete(d: _Draft) -> list[Problem]:
    if not d.complete:
        return []
    return _incomplete(d.mdoc, d.tdoc, d.meta, d.measures, [ind for _, ind in d.indicators])


#: The checks :func:`build_plan` runs over every plan, each small and on its own (problems are sorted later).
CHECKS: tuple[Callable[[_Draft], list[Problem]], ...] = (
    _unknown_top_level_keys,
    _group_members_known,
    _leadership_units_known,
    _measure_sections_known,
    _measures_have_leads,
    _measure_units_known,
    _indicator_measures_known,
    _indicator_units_known,
    _target_years_in_plan,
    _target_revisions,
    _target_values_checked,
    _readings_marked,
    _not_tracked_checked,
    _plan_incomplete,
)


PLACEHOLDER = "待填"


def _incomplete(
    mdoc: YamlDoc, tdoc: YamlDoc, meta: PlanMeta | None, measures: list[Measure], indicators: list[Indicator]
) -> list[Problem]:
    """Warnings for a new plan still being filled in (``plan init``): placeholders, no measures, no indicators."""
    found: list[Problem] = []

    def warn(doc: YamlDoc, what: str, *at: str | int) -> None:
        found.append(problem(doc.path, doc.line(*at), "plan-incomplete", Severity.WARNING, what=what))

    if meta is not None:
        for key, label in (("title", "方案名称"), ("document_number", "文号"), ("issued_by", "发文机关")):
            if PLACEHOLDER in getattr(meta, key):
                warn(mdoc, f"{label}（plan.{key}）还是“（待填）”，请按方案文件填写", "plan", key)
    if not measures:
        warn(mdoc, "还没有工作措施（measures），请按方案文件录入措施及其牵头单位、责任单位", "measures")
    if not indicators:
        warn(tdoc, "还没有指标（indicators），请按方案的目标表录入指标和年度目标", "indicators")
    for i, indicator in enumerate(indicators):
        if not indicator.reporting_unit:
            # a draft from plan init --from: the annex names no unit, and nobody would be asked for the figure
            warn(
                tdoc,
                f"指标“{indicator.name}”还没有牵头单位（lead_units），报送模板和催报清单不会向任何单位要这个数字；"
                "请填写 lead_units（有多个牵头单位时再用 reported_by 写明由谁报送）",
                "indicators",
                i,
                "lead_units",
            )
    return found


def _check_target_values(indicator: Indicator, doc: YamlDoc, index: int) -> list[Problem]:
    """Target and revision values meet the rules reported figures meet: a number (not .nan), not negative
    (a typo such as -2500), a percentage at most 100, whole numbers for counts; a tolerance is not negative."""
    from zzgx_plan.load.actuals import parse_value

    problems: list[Problem] = []
    tolerance_line = doc.line("indicators", index, "tolerance")
    if not math.isfinite(indicator.tolerance):
        # .inf would mark every figure met, .nan none
        problems.append(
            problem(
                doc.path,
                tolerance_line,
                "bad-number",
                field=f"indicators.{index}.tolerance",
                text=str(indicator.tolerance),
            )
        )
    elif indicator.tolerance > 0:
        for year, target in sorted(indicator.targets.items()):
            smallest = min([target.value, *(r.value for r in target.revisions)])
            if math.isfinite(smallest) and indicator.tolerance >= abs(smallest):
                problems.append(
                    problem(
                        doc.path,
                        tolerance_line,
                        "tolerance-too-large",
                        indicator=indicator.id,
                        tolerance=f"{indicator.tolerance:g}",
                        year=year,
                        target=f"{smallest:g}",
                    )
                )
                break
    if indicator.tolerance < 0:
        problems.append(
            problem(
                doc.path,
                doc.line("indicators", index, "tolerance"),
                "yaml-field",
                field=f"indicators.{index}.tolerance",
                reason="tolerance（允许偏差）不能为负",
            )
        )
    for year, target in sorted(indicator.targets.items()):
        at: tuple[str | int, ...] = ("indicators", index, "targets", year)
        values = [(target.value, f"{indicator.id} {year} 年目标值", at)]
        for n, revision in enumerate(target.revisions):
            label = f"{indicator.id} {year} 年第 {n + 1} 次调整后的目标值"
            values.append((revision.value, label, (*at, "revisions", n)))
        for value, field, where in values:
            _, found = parse_value(f"{value:f}", indicator, doc.path, doc.line(*where, "value"), field)
            problems += found
    return problems


def _booleans(raw: Any, doc: YamlDoc, index: int) -> list[Problem]:
    """``bad-number`` for a yes/no written where an indicator's number belongs (tolerance, a target or a
    revision value): validation would take ``true`` as 1 without a word."""
    if not isinstance(raw, dict):
        return []
    spots: list[tuple[tuple[str | int, ...], Any]] = [(("tolerance",), raw.get("tolerance"))]
    targets = raw.get("targets")
    if isinstance(targets, dict):
        for year, target in targets.items():
            if not isinstance(target, dict):
                continue
            spots.append((("targets", year, "value"), target.get("value")))
            revisions = target.get("revisions")
            if isinstance(revisions, list):
                for n, revision in enumerate(revisions):
                    if isinstance(revision, dict):
                        spots.append((("targets", year, "revisions", n, "value"), revision.get("value")))
    return [
        problem(
            doc.path,
            doc.line("indicators", index, *at),
            "bad-number",
            field=".".join(str(part) for part in ("indicators", index, *at)),
            text=str(value).lower(),
        )
        for at, value in spots
        if isinstance(value, bool)
    ]
