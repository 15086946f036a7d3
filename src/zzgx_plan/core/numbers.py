"""Formatting numbers the way the office writes them: whole numbers bare, others to one decimal."""

from __future__ import annotations


def fmt_number(value: float | None, unit: str = "") -> str:
    """``17000`` → "17000", ``323.75`` → "323.8", with ``%`` appended for percent indicators; None → "—"."""
    if value is None:
        return "—"
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
