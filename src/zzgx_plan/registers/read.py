"""Reading one register CSV file into text columns, with the line of every row.

Two paths give the same result. The fast path hands the bytes to Arrow's multi-threaded
CSV reader (tens of MB per second per core) and numbers rows as line ``i + 2``; it is taken
only when that numbering is exact: valid UTF-8, every row on one line (no blank lines, no
line breaks inside quoted cells) and every row as wide as the header. Anything else
(GB18030 from Excel, quoted line breaks, ragged rows) goes through :mod:`csv`, which is
slower but locates every problem exactly. GB18030 files are decoded with
:func:`zzgx_plan.files.encoding.decode_bytes` and then take the fast path when they can.
"""

from __future__ import annotations

import csv
import mmap
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from zzgx_plan.core.problems import Problem, problem
from zzgx_plan.files.csvlines import csv_records
from zzgx_plan.files.encoding import UndetectableEncoding, decode_bytes
from zzgx_plan.files.reading import ReadRefused, open_file, os_reason
from zzgx_plan.registers.model import COLUMNS, LABELS, REQUIRED

_BOM = b"\xef\xbb\xbf"
_HEADER_LINE = 1

_ALIASES = {alias.lower(): key for key, names in COLUMNS.items() for alias in names}


@dataclass
class RawFile:
    """The text columns of one file (canonical column → Arrow string array) and each row's line."""

    path: Path
    columns: dict[str, pa.Array | pa.ChunkedArray] = field(default_factory=dict)
    lines: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.lines)


def read_register_file(path: Path, root: Path | None = None) -> RawFile:
    """Read one register file; problems with the file or its header leave it without rows.

    The file is memory-mapped for the fast path (no copy of a 100 MB file into the heap); only
    the slow path reads it into memory.
    """
    try:
        fh = open_file(path, "register", root)
    except ReadRefused as exc:
        return RawFile(path, problems=[exc.problem(path)])
    try:
        with fh:
            size = os.fstat(fh.fileno()).st_size
            if size == 0:
                return RawFile(path, problems=[problem(path, None, "file-empty")])
            # Not closed explicitly: Arrow may keep views of it; it is unmapped when the last one goes.
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            fast = _fast_read(path, mapped)
            data = None if fast is not None else mapped[:]
    except (OSError, ValueError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        return RawFile(path, problems=[problem(path, None, "file-unreadable", reason=reason)])
    if fast is not None:
        return fast
    assert data is not None
    if not data.strip():
        return RawFile(path, problems=[problem(path, None, "file-empty")])
    try:
        decoded = decode_bytes(data)
    except UndetectableEncoding:
        return RawFile(path, problems=[problem(path, None, "encoding-unknown")])
    if not decoded.encoding.startswith("utf-8"):
        fast = _fast_read(path, decoded.text.encode("utf-8"))
        if fast is not None:
            return fast
    return _slow_read(path, decoded.text)


def _header(path: Path, cells: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Map header cells to canonical columns (Chinese or English names); report bad headers."""
    problems: list[Problem] = []
    index: dict[str, int] = {}
    allowed = "、".join(names[0] for names in COLUMNS.values())
    for i, raw in enumerate(cells):
        name = raw.strip().lstrip("\ufeff")
        if not name:
            continue  # Excel leaves empty trailing header cells; their cells are ignored
        key = _ALIASES.get(name.lower())
        if key is None:
            problems.append(problem(path, _HEADER_LINE, "csv-unknown-column", column=name, allowed=allowed))
        elif key in index:
            problems.append(problem(path, _HEADER_LINE, "csv-duplicate-column", column=name))
        else:
            index[key] = i
    for key in REQUIRED:
        if key not in index:
            problems.append(problem(path, _HEADER_LINE, "csv-missing-column", column=LABELS[key]))
    return index, problems


def _fast_read(path: Path, data: bytes | mmap.mmap) -> RawFile | None:
    """Arrow's reader, or None when its row numbering might not match the file's lines.

    Blank lines are read as rows of empty cells (``ignore_empty_lines=False``), so row ``i``
    is line ``i + 2`` unless a quoted cell holds a line break; files with quotes are checked
    for that.
    """
    start = 3 if data[:3] == _BOM else 0
    end = len(data)
    while end > start and data[end - 1] in (0x0A, 0x0D):  # trailing blank lines shift nothing
        end -= 1
    if end <= start:
        return None
    first_break = data.find(b"\n", start, end)
    header_bytes = data[start : first_break if first_break >= 0 else end].rstrip(b"\r")
    try:
        header_text = header_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if header_text.count('"') % 2:
        return None  # a quoted header cell spans lines
    if any(ord(ch) < 32 and ch != "\t" for ch in header_text):
        return None  # control characters: binary data, for decode_bytes to refuse
    header_cells = next(csv.reader([header_text]), [])
    index, problems = _header(path, header_cells)
    if problems:
        return RawFile(path, problems=problems)
    has_quotes = data.find(b'"', start + len(header_bytes), end) >= 0
    names = [f"c{i}" for i in range(len(header_cells))]
    view = memoryview(data)[start:end]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(view),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(newlines_in_values=has_quotes, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # not UTF-8, or ragged rows: the slow path says where
    columns = {key: table.column(i) for key, i in index.items()}
    if has_quotes and any(pc.any(pc.match_substring_regex(col, "[\r\n]")).as_py() for col in table.columns):
        return None  # a quoted line break: rows no longer match lines
    lines = np.arange(2, table.num_rows + 2, dtype=np.int32)
    return RawFile(path, columns, lines)


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line each starts on (quoted cells may span lines)."""
    return ((start, row) for start, _end, row in csv_records(text))


def _slow_read(path: Path, text: str) -> RawFile:
    rows = _rows(text)
    try:
        _line, header_cells = next(rows)
    except StopIteration:
        return RawFile(path, problems=[problem(path, None, "file-empty")])
    except csv.Error as exc:
        return RawFile(path, problems=[problem(path, _HEADER_LINE, "csv-syntax", reason=str(exc))])
    index, problems = _header(path, header_cells)
    if problems:
        return RawFile(path, problems=problems)
    width = max(index.values()) + 1
    values: dict[str, list[str]] = {key: [] for key in index}
    lines: list[int] = []
    try:
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header_cells) and any(cell.strip() for cell in row[len(header_cells) :]):
                problems.append(problem(path, line, "csv-row-shape", found=len(row), expected=len(header_cells)))
                continue
            if len(row) < width:
                row = row + [""] * (width - len(row))
            for key, i in index.items():
                values[key].append(row[i])
            lines.append(line)
    except csv.Error as exc:
        problems.append(problem(path, getattr(exc, "line", None), "csv-syntax", reason=str(exc)))
    columns = {key: pa.array(vals, pa.string()) for key, vals in values.items()}
    return RawFile(path, columns, np.array(lines, dtype=np.int32), problems)
