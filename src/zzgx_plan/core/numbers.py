"""Formatting numbers the way the office writes them: whole numbers bare, others to one decimal.

Counts of things (家, 项, 个) are shown as whole numbers rounded half up (四舍五入: 序时进度
323.75 家 → 324, 52.5 → 53 where Python's ``round`` would give 52) in every human output;
JSON keeps full precision (:func:`json_number`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: Units that count whole things when the caller does not say (the plan's own list is
#: ``settings.whole_units``; renderers that have the indicator pass ``whole=indicator.counts_whole_things``).
COUNT_UNITS = frozenset({"家", "项", "个", "户", "件", "人", "次"})


def round_half_up(value: float) -> int:
    """The nearest whole number, halves away from zero (四舍五入): 52.5 → 53, -0.5 → -1."""
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fmt_number(value: float | None, unit: str = "", whole: bool | None = None) -> str:
    """``17000`` → "17000", ``323.75`` → "323.8", with ``%`` appended for percent indicators; None → "—".

    ``whole`` (default: the unit counts whole things, :data:`COUNT_UNITS`) rounds half up first."""
    if value is None:
        return "—"
    if whole if whole is not None else unit in COUNT_UNITS:
        value = float(round_half_up(value))
    text = str(int(round(value))) if abs(value - round(value)) < 1e-9 else f"{value:.1f}"
    if text == "-0":
        text = "0"
    return f"{text}%" if unit == "%" else text


def fmt_percent(share: float | None) -> str:
    """A ratio as a percentage with one decimal: 0.7294 → "72.9%"; None → "—"."""
    if share is None:
        return "—"
    return f"{share * 100:.1f}%"


def json_number(value: float | None, digits: int = 4) -> float | int | None:
    """A number for JSON: integral values as ints, others rounded to ``digits`` decimals."""
    if value is None:
        return None
    if abs(value - round(value)) < 1e-9:
        return int(round(value))
    return round(value, digits)
