"""Cells that cannot attack the person who opens them (formula injection).

Text from data files (a 备注 typed by a unit, a register's company name) ends up in
spreadsheets the analyst opens in Excel or WPS. A text that starts with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return, which some programs strip before looking)
is taken there as a formula: ``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0`` runs when the
file is opened. So every cell the tool *writes for people* goes through this module:

* :func:`csv_cell` escapes such a text cell of a CSV with a leading apostrophe (the
  OWASP recommendation; Excel shows the cell as text). Numbers, and texts that are just
  a number such as ``-50`` or ``+3.5%``, are left as they are.
* :func:`set_xlsx_cell` writes a value into an openpyxl cell; a text is always stored
  as text (openpyxl would otherwise make ``=…`` a live formula) and one that looks
  like a formula also gets Excel's quote prefix, so editing the cell keeps it text.

Data files (``data/actuals/*.csv``, progress YAML) keep the text as typed: storage is not
output, and the escape would change the figure's note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A plain number (optionally signed, with thousands separators, a fraction, an exponent or a %):
# a spreadsheet reads it as that number, which is harmless, and escaping it would turn -50 into text.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?%?")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would take ``text`` as a formula (and it is not just a number)."""
    if not text or not text.startswith(FORMULA_STARTS):
        return False
    if text in ("-", "+"):
        return False  # a lone dash ("no figure") is text in every spreadsheet
    return not (_PLAIN_NUMBER.fullmatch(text) and any(ch.isdigit() for ch in text))


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell meant for people: a formula-like text gets a leading ``'``.

    Anything that is not a ``str`` (numbers, ``None``) is returned unchanged.
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """:func:`csv_cell` applied to every cell of a row (for ``csv.writer.writerow``)."""
    return [csv_cell(v) for v in values]


def set_xlsx_cell(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write ``value`` into cell (``row``, ``column``) of an openpyxl worksheet; return the cell.

    A ``str`` is always stored as a text cell, never as a formula; a formula-like one also gets
    the quote prefix (Excel's leading apostrophe), so re-entering the cell in Excel keeps it text.
    """
    cell = ws.cell(row=row, column=column)
    set_xlsx_value(cell, value)
    return cell


def set_xlsx_value(cell: Any, value: Any) -> None:
    """Store ``value`` in an existing openpyxl cell the safe way (see :func:`set_xlsx_cell`)."""
    if isinstance(value, str):
        # control characters XML cannot hold (openpyxl raises IllegalCharacterError): shown as "\ufffd"
        value = _ILLEGAL_XML.sub("\ufffd", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl made a leading "=" a formula ("f"); keep it text
        if is_formula_like(value):
            cell.quotePrefix = True
