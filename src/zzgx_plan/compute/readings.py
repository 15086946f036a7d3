"""How a target is shown, and the readings (解读) behind a figure — one place for every renderer.

Every output that shows a target (``plan status`` in all formats, the quarterly report, submission
templates, Excel/HTML/Word exports) calls :func:`shown_target` (or :func:`row_target` for a row of
``plan status``) so that the document's qualifiers and the reading mark look the same everywhere:

* the document's qualifiers are kept: ``力争5000家``, ``约95%`` (左右), ``≥10项`` (以上/不少于),
  ``累计500项``, ``≤1个工作日`` (内); an ``at_most``/``about`` target without such a word still
  shows ``≤``/``约``;
* a target, year or lead unit that rests on our interpretation rather than the document's words
  carries its readings, and the shown text is marked ``※``; :func:`reading_notes` gives the
  ``※ 解读：…`` lines to print under a table.

Pure functions: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zzgx_plan.compute.status import IndicatorProgress
from zzgx_plan.core.models import Direction, Indicator, Qualifier, ReadingTopic, Unit
from zzgx_plan.core.numbers import fmt_number

#: The mark after a target (or a unit list) that rests on a reading; explained as ``※ 解读：…``.
READING_MARK = "※"
READING_LABEL = "解读"

#: Qualifiers shown as a word before the number, in this order.
_WORDS = (Qualifier.STRIVE, Qualifier.CUMULATIVE)
#: Qualifiers shown as a sign before the number.
_SIGNS = {Qualifier.ABOUT: "约", Qualifier.ABOVE: "≥", Qualifier.NOT_LESS: "≥", Qualifier.WITHIN: "≤"}
#: The sign a direction implies when the document gives no qualifier for it.
_DIRECTION_SIGNS = {Direction.AT_MOST: "≤", Direction.ABOUT: "约"}

#: Readings of an indicator in the order they are listed (a target's own reading comes first).
_TOPIC_ORDER = (
    ReadingTopic.YEARS,
    ReadingTopic.KIND,
    ReadingTopic.DIRECTION,
    ReadingTopic.MEASURES,
    ReadingTopic.LEAD_UNITS,
    ReadingTopic.REPORTED_BY,
    ReadingTopic.TOLERANCE,
    ReadingTopic.COUNTING,
    ReadingTopic.VALID_YEARS,
    ReadingTopic.BASELINE,
)


@dataclass(frozen=True, slots=True)
class ShownTarget:
    """A target as users see it: the number, the document's qualifiers, the text and its readings."""

    value: float | None  # None: no target for the year
    qualifiers: tuple[str, ...]  # the document's words, e.g. ("力争", "左右")
    text: str  # "力争约95%", "≥10项" (with_unit) or "≥10"; "—" without a target
    readings: tuple[str, ...]  # Chinese texts of the readings the figure rests on (may be empty)

    @property
    def words(self) -> str:
        """The qualifying words the text begins with (``力争``, ``累计``), for a renderer that sets them apart."""
        return "".join(str(q) for q in _WORDS if str(q) in self.qualifiers)

    @property
    def marked(self) -> str:
        """``text`` followed by ``※`` when the target rests on a reading."""
        return self.text + (READING_MARK if self.readings else "")


def qualified_number(
    value: float,
    unit: str,
    qualifiers: Iterable[Qualifier | str] = (),
    direction: Direction | None = None,
    *,
    with_unit: bool = False,
) -> str:
    """A target number with the document's qualifiers: ``力争约95%``, ``累计500项``, ``≥10``."""
    words = [Qualifier(q) for q in qualifiers]
    sign = next((_SIGNS[q] for q in words if q in _SIGNS), None)
    if sign is None and direction is not None:
        sign = _DIRECTION_SIGNS.get(direction, "")
    number = fmt_number(value, unit)
    if with_unit and unit != "%":
        number += unit
    return "".join(str(q) for q in _WORDS if q in words) + (sign or "") + number


def indicator_readings(
    indicator: Indicator, year: int | None = None, *, baseline_before_plan: bool = False
) -> tuple[str, ...]:
    """The readings a figure of ``indicator`` (for ``year``) rests on, in a fixed order.

    ``year`` adds that year's target reading; the baseline reading counts only when the figure
    uses a baseline from before the plan (``baseline_before_plan``).
    """
    out: list[str] = []
    target = indicator.target_for(year) if year is not None else None
    if target is not None and target.reading:
        out.append(target.reading)
    for topic in _TOPIC_ORDER:
        text = indicator.reading(topic)
        if not text or (topic is ReadingTopic.BASELINE and not baseline_before_plan):
            continue
        if text not in out:
            out.append(text)
    return tuple(out)


def shown_target(
    indicator: Indicator,
    year: int,
    value: float | None = None,
    *,
    revised: bool = False,
    with_unit: bool = False,
    baseline_before_plan: bool = False,
) -> ShownTarget:
    """How ``indicator``'s target for ``year`` is shown, with its readings.

    ``value`` overrides the target's value (a revision in force); ``revised`` drops the original
    document's qualifiers, which belong to the original figure, not to the revising document's.
    """
    target = indicator.target_for(year)
    readings = indicator_readings(indicator, year, baseline_before_plan=baseline_before_plan)
    if value is None and target is not None and not revised:
        value = target.value
    if value is None:
        return ShownTarget(None, (), "—", readings)
    qualifiers = () if revised or target is None else tuple(str(q) for q in target.qualifiers)
    text = qualified_number(value, indicator.unit, qualifiers, indicator.direction, with_unit=with_unit)
    return ShownTarget(value, qualifiers, text, readings)


def row_target(row: IndicatorProgress, *, with_unit: bool = False) -> ShownTarget:
    """:func:`shown_target` for a row of ``plan status`` (its year, the revision in force, its baseline)."""
    return shown_target(
        row.indicator,
        row.year,
        row.target,
        revised=row.revised,
        with_unit=with_unit,
        baseline_before_plan=row.baseline_before_plan,
    )


def reading_notes(items: Iterable[tuple[str, Iterable[str]]]) -> list[str]:
    """``※ 解读：…`` lines for (name, readings) pairs: one line per distinct reading, naming the
    figures it concerns, in first-seen order (``※ 解读：附件1未写牵头单位……（年新增市场主体、……）``)."""
    names: dict[str, list[str]] = {}
    for name, readings in items:
        for text in readings:
            listed = names.setdefault(text, [])
            if name and name not in listed:
                listed.append(name)
    return [
        f"{READING_MARK} {READING_LABEL}：{text}" + (f"（{'、'.join(who)}）" if who else "")
        for text, who in names.items()
    ]


def unit_readings(unit: Unit) -> tuple[str, ...]:
    """The readings of a unit's entry (a group's members that the document does not list)."""
    return (unit.members_reading,) if unit.members_reading else ()
