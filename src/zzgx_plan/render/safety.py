"""Text from the data written into spreadsheets must never run as a formula (formula injection).

A cell text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what Excel and
WPS may read as a formula (``=HYPERLINK(...)`` typed into a unit's sheet). Such text gets a leading
apostrophe, the usual defence (OWASP "CSV injection"); writers also store it as a string cell.

Placeholder until the shared escaping function of the hostile-input work lands: callers use
:func:`spreadsheet_text` only, so switching is one import.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """``text`` safe for a spreadsheet cell: prefixed with ``'`` when it could start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
