"""Checks that keep the plan's data honest about the document (the layer of 解读).

Each check takes the indicator (item ``index`` of targets.yaml) and the plan context and
returns a list of problems, so a check can be tested alone; :data:`INDICATOR_CHECKS` lists them
and :func:`check_indicator` runs them in turn (the pattern of beancount's validations).

The rules:

* a target's qualifiers (力争, 左右, 以上, 不少于, 累计, 内) are words of the document: each occurs
  in the target's quoted ``source``, and agrees with the indicator's direction and kind;
* an indicator's lead units are among the 牵头单位 of the measures it belongs to (the shipped
  data names all of them, the rule its Annex 1 reading states); with several lead units,
  ``reported_by`` names the one unit that reports the figure (only that unit is chased for it);
Rules about existing fields (lead units, readings where the document is silent) give warnings, so a
data directory written before readings existed still loads and says what to add; the shipped data has
none (a test). Rules about the new fields (qualifiers, conversion, not_tracked) give errors.

* what the document does not say is a reading with its Chinese text: Annex 1's lead units, a
  tolerance for 左右, a register's validity period, a commitment set for a year the measure does
  not name;
* measure 11's conversion window quotes the document (``1—2年``);
* every ``not_tracked`` entry quotes words that occur in its measure's text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from zzgx_plan.core.models import (
    Direction,
    Indicator,
    IndicatorKind,
    Measure,
    NotTracked,
    Origin,
    Qualifier,
    ReadingTopic,
    UnitRegistry,
)
from zzgx_plan.core.problems import Problem, Severity, problem
from zzgx_plan.files.yamlfile import YamlDoc

#: The word a measure uses for a commitment that applies to every year (措施9：每年新入园……).
EVERY_YEAR = "每年"

#: Qualifiers that need a particular direction or kind of indicator.
QUALIFIER_DIRECTION: dict[Qualifier, Direction] = {
    Qualifier.ABOUT: Direction.ABOUT,
    Qualifier.ABOVE: Direction.AT_LEAST,
    Qualifier.NOT_LESS: Direction.AT_LEAST,
    Qualifier.WITHIN: Direction.AT_MOST,
}
QUALIFIER_KIND: dict[Qualifier, IndicatorKind] = {Qualifier.CUMULATIVE: IndicatorKind.CUMULATIVE}


@dataclass(frozen=True, slots=True)
class Context:
    """What the indicator checks need besides the indicator: its place in the file and the plan."""

    doc: YamlDoc
    index: int
    units: UnitRegistry
    measures: Mapping[int, Measure]
    indicator_ids: frozenset[str]

    def line(self, *keys: str | int) -> int | None:
        return self.doc.line("indicators", self.index, *keys)


def check_qualifiers(ind: Indicator, ctx: Context) -> list[Problem]:
    """Each qualifier occurs in its target's source and agrees with direction and kind."""
    problems: list[Problem] = []
    for year, target in sorted(ind.targets.items()):
        for n, word in enumerate(target.qualifiers):
            where = ctx.line("targets", year, "qualifiers", n)
            if str(word) not in target.source:
                problems.append(
                    problem(ctx.doc.path, where, "qualifier-not-in-source", indicator=ind.id, year=year, word=word)
                )
            checks: tuple[tuple[str, Mapping[Qualifier, object], object], ...] = (
                ("direction", QUALIFIER_DIRECTION, ind.direction),
                ("kind", QUALIFIER_KIND, ind.kind),
            )
            for field, implied, found in checks:
                needed = implied.get(word)
                if needed is not None and found is not needed:
                    problems.append(
                        problem(
                            ctx.doc.path,
                            where,
                            "qualifier-disagrees",
                            indicator=ind.id,
                            word=word,
                            field=field,
                            needed=needed,
                            found=found,
                        )
                    )
    return problems


def expected_leads(ind: Indicator, ctx: Context) -> list[str]:
    """The 牵头单位 of the indicator's measures (canonical names, measure order, no repeats)."""
    out: list[str] = []
    for number in ind.measures:
        measure = ctx.measures.get(number)
        for name in measure.lead_units if measure else ():
            canonical = ctx.units.canonical(name) or name
            if canonical not in out:
                out.append(canonical)
    return out


def check_lead_units(ind: Indicator, ctx: Context) -> list[Problem]:
    """Lead units are the measures' 牵头单位; several of them need ``reported_by``."""
    problems: list[Problem] = []
    measures = [ctx.measures.get(number) for number in ind.measures]
    named = [*ind.lead_units, *(u for m in measures if m is not None for u in m.lead_units)]
    if any(m is None or not m.lead_units for m in measures) or any(ctx.units.get(u) is None for u in named):
        return problems  # unknown measures or units, or a measure without 牵头单位: reported elsewhere
    expected = expected_leads(ind, ctx)
    given = [ctx.units.canonical(u) or u for u in ind.lead_units]
    # a lead unit that leads none of the indicator's measures breaks the rule (the shipped data follows it
    # exactly: tests/test_readings.py); naming fewer is a plan's own choice, with reported_by saying who reports
    strangers = [u for u in given if u not in expected]
    if ind.measures and strangers:
        problems.append(
            problem(
                ctx.doc.path,
                ctx.line("lead_units"),
                "indicator-leads-mismatch",
                Severity.WARNING,
                indicator=ind.id,
                expected="、".join(expected),
                found="、".join(strangers),
            )
        )
    if ind.reported_by is None and len(set(given)) > 1:
        problems.append(
            problem(
                ctx.doc.path,
                ctx.line("lead_units"),
                "reporter-required",
                Severity.WARNING,
                indicator=ind.id,
                units="、".join(given),
            )
        )
    if ind.reported_by is not None and len(set(given)) > 1 and not ind.reading(ReadingTopic.REPORTED_BY):
        problems.append(_missing_reading(ind, ctx, ReadingTopic.REPORTED_BY, "在几个牵头单位中由哪个单位报送数据"))
    return problems


def _missing_reading(ind: Indicator, ctx: Context, topic: ReadingTopic, what: str) -> Problem:
    return problem(
        ctx.doc.path,
        ctx.line("readings"),
        "reading-missing",
        Severity.WARNING,
        indicator=ind.id,
        what=what,
        topic=topic,
    )


def check_readings(ind: Indicator, ctx: Context) -> list[Problem]:
    """What the document does not say carries a reading."""
    problems: list[Problem] = []
    if ind.origin is Origin.ANNEX1 and not ind.reading(ReadingTopic.LEAD_UNITS):
        problems.append(_missing_reading(ind, ctx, ReadingTopic.LEAD_UNITS, "附件1未写牵头单位，牵头单位"))
    if ind.tolerance > 0 and not ind.reading(ReadingTopic.TOLERANCE):
        problems.append(_missing_reading(ind, ctx, ReadingTopic.TOLERANCE, "“左右”的容差"))
    if ind.valid_years is not None and not ind.reading(ReadingTopic.VALID_YEARS):
        problems.append(_missing_reading(ind, ctx, ReadingTopic.VALID_YEARS, "名录有效年限"))
    undated = [
        year
        for year, target in ind.targets.items()
        if ind.origin is Origin.MEASURE and EVERY_YEAR not in target.source and not target.reading
    ]
    if undated and not ind.reading(ReadingTopic.YEARS):
        problems.append(_missing_reading(ind, ctx, ReadingTopic.YEARS, "措施未写年份，目标所在年份"))
    for topic, text in ind.readings.items():
        if not text.strip():
            problems.append(problem(ctx.doc.path, ctx.line("readings", topic), "reading-empty", indicator=ind.id))
    return problems


def check_conversion(ind: Indicator, ctx: Context) -> list[Problem]:
    """A conversion goal names a known indicator and quotes its window and qualifiers."""
    goal = ind.conversion
    if goal is None:
        return []
    problems: list[Problem] = []
    if goal.into not in ctx.indicator_ids:
        problems.append(
            problem(ctx.doc.path, ctx.line("conversion", "into"), "unknown-indicator", name=goal.into, hint="")
        )
    for word in (goal.window_text, *map(str, goal.qualifiers)):
        if word not in goal.source:
            problems.append(
                problem(ctx.doc.path, ctx.line("conversion", "source"), "conversion-not-in-source", word=word)
            )
    return problems


IndicatorCheck = Callable[[Indicator, Context], list[Problem]]

INDICATOR_CHECKS: tuple[IndicatorCheck, ...] = (check_qualifiers, check_lead_units, check_readings, check_conversion)


def check_indicator(ind: Indicator, ctx: Context) -> list[Problem]:
    """Every check of :data:`INDICATOR_CHECKS` on one indicator."""
    problems: list[Problem] = []
    for check in INDICATOR_CHECKS:
        problems += check(ind, ctx)
    return problems


def check_not_tracked(
    entries: list[tuple[int, NotTracked]], doc: YamlDoc, measures: Mapping[int, Measure]
) -> list[Problem]:
    """Each ``not_tracked`` entry names a measure and quotes words of its text."""
    problems: list[Problem] = []
    for i, entry in entries:
        measure = measures.get(entry.measure)
        if measure is None:
            problems.append(
                problem(doc.path, doc.line("not_tracked", i, "measure"), "unknown-measure", number=entry.measure)
            )
        elif entry.quote not in measure.text:
            problems.append(
                problem(
                    doc.path,
                    doc.line("not_tracked", i, "quote"),
                    "quote-not-in-measure",
                    quote=entry.quote,
                    number=entry.measure,
                )
            )
    return problems
