"""Editing an actuals CSV file so that its git diff shows only what changed.

``plan import`` and ``plan record`` never re-serialise a whole file: existing
lines are copied byte for byte (same encoding, BOM and line ends), a replaced
row is rewritten in place and new rows are appended at the end in the file's
column order. A new file gets the canonical header
``indicator,period,value,basis,reported_by,note``, UTF-8 and LF line ends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from zzgx_plan.files.csvlines import csv_records
from zzgx_plan.files.encoding import decode_bytes
from zzgx_plan.load.actuals import COLUMNS, header_names


@dataclass(frozen=True, slots=True)
class EditedCsv:
    """The new bytes of a file and the line each written row starts on."""

    content: bytes
    appended_lines: list[int]
    replaced_lines: dict[int, int]  # old start line → new start line


def _row_text(header: Sequence[str], cells: Mapping[str, str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([cells.get(name, "") for name in header])
    return buf.getvalue()


def edit_actuals_csv(
    raw: bytes | None,
    replacements: Mapping[int, Mapping[str, str]],
    appends: Sequence[Mapping[str, str]],
) -> EditedCsv:
    """Apply row replacements (keyed by the line the old row starts on) and appends.

    ``raw`` is the file's current content (``None`` for a new file). Cells are
    given by actuals column name.
    """
    needed = {name for cells in [*replacements.values(), *appends] for name, v in cells.items() if v}
    if raw is None or not raw.strip():
        header = [c for c in COLUMNS]
        records: list[tuple[int, int, list[str]]] = []
        physical: list[str] = []
        eol, encoding = "\n", "utf-8"
        header_record: tuple[int, int] | None = None
    else:
        decoded = decode_bytes(raw)
        encoding = decoded.encoding
        eol = "\r\n" if b"\r\n" in raw else "\n"
        physical = decoded.text.split("\n")
        records = list(csv_records(decoded.text))
        # blank lines or empty rows above the header are kept with it (the loader skips them too)
        first = next((i for i, rec in enumerate(records) if any(c.strip() for c in rec[2])), len(records) - 1)
        _, header_end, header_row = records[first]
        header = header_names(header_row)
        header_record = (1, header_end)
        records = records[first + 1 :]

    missing = [c for c in COLUMNS if c in needed and c not in header]
    rewrite_all = bool(missing)
    header_out = header + missing

    out: list[str] = []
    if header_record is None or rewrite_all:
        out.append(",".join(header_out))
    else:
        out.extend(physical[header_record[0] - 1 : header_record[1]])
    replaced_lines: dict[int, int] = {}
    cells: Mapping[str, str]
    for start, end, row in records:
        line = len(out) + 1
        if start in replacements:
            replaced_lines[start] = line
            out.extend(_row_text(header_out, replacements[start]).split("\n"))
        elif rewrite_all and any(cell.strip() for cell in row):
            cells = {name: (row[i] if i < len(row) else "") for i, name in enumerate(header)}
            out.extend(_row_text(header_out, cells).split("\n"))
        else:
            out.extend(physical[start - 1 : end])
    appended_lines: list[int] = []
    for cells in appends:
        appended_lines.append(len(out) + 1)
        out.extend(_row_text(header_out, cells).split("\n"))
    text = eol.join(out) + eol
    if encoding == "utf-8-sig":
        content = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif encoding == "gb18030":
        content = text.encode("gb18030")
    else:
        content = text.encode("utf-8")
    return EditedCsv(content=content, appended_lines=appended_lines, replaced_lines=replaced_lines)
