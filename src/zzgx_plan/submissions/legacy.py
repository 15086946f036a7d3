"""Reading .xls workbooks (Excel 97–2003, BIFF8; Excel 95, BIFF5) and WPS .et files saved in that format.

Such a file is an OLE2 compound file whose ``Workbook`` (BIFF5: ``Book``) stream is a list of records. python-calamine
reads the records well but trusts them: a 5 KB file with a value at IV65536 made it hold 65536 × 256 cells (1 GB
per sheet), a DIMENSIONS record saying 2^31 rows made it reserve memory for that many cells and abort the process,
its sector-chain reader has no guard against a chain that loops, and a truncated file panics with a Rust backtrace
on stderr. So calamine never sees the file as sent:

1. olefile takes the workbook stream out of the container (its reads are bounded by the file's own sector table:
   a chain that loops or points past the end is an error, not a hang);
2. one pass over the stream's records (:func:`_scan`) checks their framing, refuses content beyond the caps of a
   submission sheet at its cell (:data:`~zzgx_plan.submissions.sheets.MAX_ROWS` …, the same caps as an .xlsx),
   refuses a string table that claims more strings than its records can hold (a count some calamine versions
   reserve memory from), and resets the DIMENSIONS size hints; the same pass
   learns what calamine does not say: which numeric cells are formatted as percentages (a 92% cell holds 0.92)
   and which formulas were saved without a result;
3. that stream is put into a fresh compound file of our own making (:func:`_container`), and only this is read
   by calamine, its panics caught (and their message kept off the user's terminal).

The rows come back as the same :class:`~zzgx_plan.submissions.sheets.RawSheet` an .xlsx gives, so header detection,
row parsing and located messages (``科技局.xls:Sheet1!C7: …``) are those of every other sheet.
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from zzgx_plan.submissions import sheets as caps
from zzgx_plan.submissions.sheets import RawCell, RawSheet, SheetError, sheet_ref_prefix

#: The first bytes of an OLE2 compound file (.xls, .et, .doc, an encrypted .xlsx).
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"

_BOF, _EOF, _BOUNDSHEET, _XF, _FORMAT = 0x0809, 0x000A, 0x0085, 0x00E0, 0x041E
_FILEPASS, _SST, _CONTINUE, _DIMENSIONS, _MULRK, _FORMULA = 0x002F, 0x00FC, 0x003C, 0x0200, 0x00BD, 0x0006
#: Records that put a value in a cell, each starting with its row and column (BIFF2–8 forms).
_CELLS = frozenset({0x0006, 0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0002, 0x0003, 0x0004, 0x0005, 0x0206})
_NUMBERS = frozenset({0x0006, 0x0203, 0x027E})  # FORMULA, NUMBER, RK (MULRK is read apart)
#: Built-in number formats that are percentages (MS-XLS 2.4.126).
_BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}

_DAMAGED = "工作簿数据已损坏（文件可能没有完整保存，或在传输中被截断）；请在 Excel 或 WPS 中打开并另存后再报送"
_PASSWORD = "文件设有打开密码；请在 Excel 或 WPS 中取消密码并另存后再报送"


def _unreadable(reason: str) -> SheetError:
    return SheetError("file-unreadable", reason=f"不是可读取的 Excel 工作簿：{reason}")


@dataclass
class _Sheet:
    """One sheet named in the workbook (BOUNDSHEET), and what the scan found in it."""

    name: str
    offset: int  # where its BOF record starts in the stream
    kind: int  # 0 worksheet, 1 macro sheet, 2 chart, 6 VBA module
    rows: int = 0  # 1 + the last row with a value (0: no value)
    columns: int = 0
    percent: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → its number format
    empty_formulas: set[tuple[int, int]] = field(default_factory=set)


def read_legacy(data: bytes) -> list[RawSheet]:
    """Every worksheet of an OLE2 (BIFF) workbook as located cells; :class:`SheetError` when it cannot be read."""
    name, stream = _workbook_stream(data)
    found = _scan(stream)
    _check_caps(found)  # every sheet the workbook names: calamine reads the cells of chart and macro sheets too
    return _read_calamine(_container(name, bytes(stream)), [s for s in found if s.kind == 0])


def _workbook_stream(data: bytes) -> tuple[str, bytearray]:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))  # (a file object: bytes shorter than 1536 would be taken for a path)
        try:
            streams = {"/".join(entry) for entry in ole.listdir()}
            for name in ("Workbook", "Book"):
                if name in streams:
                    return name, bytearray(ole.openstream(name).read())
        finally:
            ole.close()
    except Exception as exc:  # olefile: OSError for a broken container, others for odd ones
        raise _unreadable("文件结构已损坏（文件可能没有完整保存，或在传输中被截断）") from exc
    if "EncryptionInfo" in streams:  # an .xlsx saved with a password is an OLE2 file too
        raise _unreadable(_PASSWORD)
    raise _unreadable("文件中没有表格数据（可能是 Word 文档等其他 Office 文件改了扩展名）")


def _scan(stream: bytearray) -> list[_Sheet]:
    """One pass over the records: framing, caps, percent formats and empty formulas (see the module's notes).
    Resets every DIMENSIONS record in ``stream`` (a size hint calamine would allocate from)."""
    u16 = struct.Struct("<H").unpack_from
    header = struct.Struct("<HH").unpack_from
    n = len(stream)
    sheets: list[_Sheet] = []
    by_offset: dict[int, _Sheet] = {}
    xf_formats: list[int] = []
    formats = dict(_BUILTIN_PERCENT)
    biff8 = True
    # Substreams (BOF … EOF) nest: a chart inside a worksheet. Each level: (sheet its cells count for, its own?)
    stack: list[tuple[_Sheet | None, bool]] = []
    starts: set[int] = set()  # where substreams begin
    pos = 0
    try:
        while pos + 4 <= n:
            rtype, size = header(stream, pos)
            body, end = pos + 4, pos + 4 + size
            if end > n:
                raise _unreadable(_DAMAGED)
            if rtype == _BOF:
                starts.add(pos)
                if pos == 0:
                    biff8 = size < 2 or u16(stream, body)[0] != 0x0500
                named = by_offset.get(pos)
                stack.append((named, True) if named else (stack[-1][0] if stack else None, False))
            elif rtype == _EOF:
                if stack:
                    stack.pop()
            elif rtype == _BOUNDSHEET:
                bound = _boundsheet(stream, body, end, biff8)
                sheets.append(bound)
                by_offset[bound.offset] = bound
            elif rtype == _XF:
                xf_formats.append(u16(stream, body + 2)[0])
            elif rtype == _FORMAT:
                number, text = _format(stream, body, end, biff8)
                if "%" in text:
                    formats[number] = text
            elif rtype == _FILEPASS:
                raise _unreadable(_PASSWORD)
            elif rtype == _SST:
                _check_string_table(stream, body, end)
            elif rtype == _DIMENSIONS:
                # first row, last row + 1, first column, last column + 1: one cell (the sheet is sized from its cells)
                stream[body:end] = (
                    struct.pack("<IIHHH", 0, 1, 0, 1, 0) if size == 14 else struct.pack("<HHHHH", 0, 1, 0, 1, 0)
                )[:size]
            elif (rtype in _CELLS or rtype == _MULRK) and stack and stack[-1][0] is not None:
                sheet, own = stack[-1]
                assert sheet is not None
                if size < (20 if rtype == _FORMULA else 6):
                    raise _unreadable(_DAMAGED)
                row, col = header(stream, body)
                if rtype == _MULRK:  # row, first column, (xf, rk) × k, last column
                    last = u16(stream, end - 2)[0]
                    if last < col or size != 6 + 6 * (last - col + 1):
                        raise _unreadable(_DAMAGED)
                    _place(sheet, row, last)
                    if own:
                        for i in range(last - col + 1):
                            _note_percent(sheet, row, col + i, u16(stream, body + 4 + 6 * i)[0], xf_formats, formats)
                    pos = end
                    continue
                _place(sheet, row, col)
                if own and rtype in _NUMBERS:
                    numeric = rtype != _FORMULA or stream[body + 12 : body + 14] != b"\xff\xff"
                    if numeric:
                        _note_percent(sheet, row, col, u16(stream, body + 4)[0], xf_formats, formats)
                    elif stream[body + 6] == 3:  # a formula whose saved result is an empty string
                        sheet.empty_formulas.add((row, col))
            pos = end
    except struct.error as exc:  # a record shorter than its kind needs
        raise _unreadable(_DAMAGED) from exc
    except IndexError as exc:
        raise _unreadable(_DAMAGED) from exc
    if any(sheet.offset not in starts for sheet in sheets):
        # calamine reads a sheet from where BOUNDSHEET points: anywhere else than a BOF this walk went through,
        # it would read records this scan never saw (bytes inside a string, taken for cells without bounds)
        raise _unreadable(_DAMAGED)
    return sheets


def _boundsheet(stream: bytearray, body: int, end: int, biff8: bool) -> _Sheet:
    if body + 8 > end:
        raise _unreadable(_DAMAGED)
    offset, _state, kind = struct.unpack_from("<IBB", stream, body)
    cch = stream[body + 6]
    if biff8:
        wide = stream[body + 7] & 1
        raw = bytes(stream[body + 8 : body + 8 + cch * (2 if wide else 1)])
        name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
    else:  # BIFF5: bytes in the workbook's code page (on Chinese Windows, GBK)
        name = bytes(stream[body + 7 : body + 7 + cch]).decode("gbk", "replace")
    return _Sheet(name=name.replace("\x00", ""), offset=offset, kind=kind)


def _format(stream: bytearray, body: int, end: int, biff8: bool) -> tuple[int, str]:
    """A FORMAT record: its number and format text (only '%' matters: code-page bytes may read as Latin-1)."""
    if biff8:
        number, cch = struct.unpack_from("<HH", stream, body)
        wide = stream[body + 4] & 1
        raw = bytes(stream[body + 5 : min(end, body + 5 + cch * (2 if wide else 1))])
        return number, raw.decode("utf-16-le" if wide else "latin-1", "replace")
    number = struct.unpack_from("<H", stream, body)[0]
    cch = stream[body + 2]
    return number, bytes(stream[body + 3 : min(end, body + 3 + cch)]).decode("latin-1")


def _check_string_table(stream: bytearray, body: int, end: int) -> None:
    """The shared string table says how many strings it holds; each needs at least 3 bytes of its records."""
    unique = struct.unpack_from("<i", stream, body + 4)[0]
    available = end - body - 8
    pos = end
    while pos + 4 <= len(stream) and struct.unpack_from("<H", stream, pos)[0] == _CONTINUE:
        size = struct.unpack_from("<H", stream, pos + 2)[0]
        available += size
        pos += 4 + size
    if unique < 0 or unique * 3 > available:
        raise _unreadable(_DAMAGED)


def _note_percent(sheet: _Sheet, row: int, col: int, xf: int, xf_formats: list[int], formats: dict[int, str]) -> None:
    text = formats.get(xf_formats[xf]) if xf < len(xf_formats) else None
    if text is not None:
        sheet.percent[(row, col)] = text


def _place(sheet: _Sheet, row: int, col: int) -> None:
    """A value at (row, col), 0-based: refused beyond the caps, else it widens the sheet."""
    if col >= caps.MAX_COLUMNS:
        raise _too_large(sheet.name, col + 1, row + 1, f"第 {col + 1} 列有内容")
    if row >= caps.MAX_ROWS:
        raise _too_large(sheet.name, 1, row + 1, f"第 {row + 1} 行有内容")
    sheet.rows = max(sheet.rows, row + 1)
    sheet.columns = max(sheet.columns, col + 1)


def _column_letter(column: int) -> str:
    """``1`` → ``A``, ``256`` → ``IV``; any positive number (a crafted record may name column 65535)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _too_large(sheet: str, column: int, row: int, what: str) -> SheetError:
    location = f"{sheet_ref_prefix(sheet)}{_column_letter(column)}{row}"
    return SheetError(
        "sheet-too-large", location=location, sheet=sheet, what=what, rows=caps.MAX_ROWS, columns=caps.MAX_COLUMNS
    )


def _check_caps(worksheets: list[_Sheet]) -> None:
    """The number of sheets, and the cells calamine will hold (each sheet a full rectangle up to its last value)."""
    if len(worksheets) > caps.MAX_SHEETS:
        name = worksheets[caps.MAX_SHEETS].name
        raise SheetError(
            "sheet-too-large",
            sheet=name,
            what=f"多于 {caps.MAX_SHEETS} 个工作表",
            rows=caps.MAX_ROWS,
            columns=caps.MAX_COLUMNS,
        )
    budget = caps.MAX_CELLS
    for sheet in worksheets:
        if sheet.rows * sheet.columns > budget:
            raise _too_large(sheet.name, 1, budget // sheet.columns + 1, f"单元格多于 {caps.MAX_CELLS} 个")
        budget -= sheet.rows * sheet.columns


# --------------------------------------------------------------------------- a container of our own

_SECTOR = 4096
_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _container(name: str, stream: bytes) -> bytes:
    """A compound file (MS-CFB version 4, 4096-byte sectors) holding ``stream`` under ``name`` and nothing else.

    Layout: header sector; the stream's sectors; one empty sector as the root's (unused) mini stream; the
    directory sector; the FAT sectors. The stream is padded with zeros to at least 4096 bytes so that it lives in
    ordinary sectors (zero bytes after the last record read as empty records, as Excel's own padding does)."""
    data = stream + b"\0" * (-len(stream) % _SECTOR)
    data = data.ljust(_SECTOR, b"\0")
    n_data = len(data) // _SECTOR
    mini, directory = n_data, n_data + 1
    n_fat = 1
    while n_data + 2 + n_fat > n_fat * (_SECTOR // 4):
        n_fat += 1
    if n_fat > 109:  # beyond the header's FAT list (a stream over 400 MB; submissions are capped far below)
        raise _unreadable(_DAMAGED)
    fat = [_FREE] * (n_fat * (_SECTOR // 4))
    for i in range(n_data - 1):
        fat[i] = i + 1
    fat[n_data - 1] = fat[mini] = fat[directory] = _END
    for k in range(n_fat):
        fat[directory + 1 + k] = _FATSECT
    fat_ids = [directory + 1 + k for k in range(n_fat)]
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        bytes(16),
        0x003E,  # minor version
        0x0004,  # major version: 4096-byte sectors
        0xFFFE,  # byte order
        12,  # sector shift (2^12)
        6,  # mini sector shift
        bytes(6),
        1,  # directory sectors
        n_fat,
        directory,
        0,  # transaction signature
        4096,  # mini stream cutoff
        _END,  # first mini FAT sector: none
        0,
        _END,  # first DIFAT sector: none
        0,
    ) + struct.pack("<109I", *(fat_ids + [_FREE] * (109 - n_fat)))
    entries = _entry("Root Entry", 5, child=1, start=mini, size=0) + _entry(name, 2, start=0, size=len(data))
    entries += _entry("", 0, start=0, size=0) * (_SECTOR // 128 - 2)
    return b"".join(
        (
            header.ljust(_SECTOR, b"\0"),
            data,
            bytes(_SECTOR),
            entries,
            struct.pack(f"<{len(fat)}I", *fat),
        )
    )


def _entry(name: str, kind: int, start: int, size: int, child: int = _NOSTREAM) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1 if kind else 0,  # black in the red-black tree
        _NOSTREAM,
        _NOSTREAM,
        child,
        bytes(16),
        0,
        0,
        0,
        start,
        size,
    )


# --------------------------------------------------------------------------- calamine


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Keep a Rust panic's message (and backtrace) off the user's terminal: the panic itself is caught as an
    exception and reported in Chinese. Redirects file descriptor 2 for the duration of the call."""
    try:
        saved = os.dup(2)
    except OSError:  # no standard error at all (a detached process): nothing to protect
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)


def _read_calamine(container: bytes, worksheets: list[_Sheet]) -> list[RawSheet]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    tables: list[tuple[str, Sequence[Sequence[object]]]] = []
    try:
        with _quiet_stderr():
            wb = CalamineWorkbook.from_filelike(io.BytesIO(container))
            try:
                for meta in wb.sheets_metadata:
                    if meta.typ == SheetTypeEnum.WorkSheet:
                        tables.append((meta.name, wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)))
            finally:
                wb.close()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # CalamineError, and pyo3's PanicException (a BaseException) for a Rust panic
        raise _unreadable(_DAMAGED) from exc
    scanned = {s.name: s for s in worksheets}
    by_order = worksheets if len(worksheets) == len(tables) else []
    out = []
    for index, (name, rows) in enumerate(tables):
        sheet = scanned.get(name) or (by_order[index] if by_order else _Sheet(name, 0, 0))
        out.append(_raw_sheet(name, rows, sheet))
    return out


def _raw_sheet(name: str, rows: Sequence[Sequence[object]], sheet: _Sheet) -> RawSheet:
    prefix = sheet_ref_prefix(name)
    letters = [_column_letter(c) for c in range(1, max((len(r) for r in rows), default=0) + 1)]
    out: list[list[RawCell]] = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if isinstance(value, str) and not value.strip():
                value = None
            cells.append(
                RawCell(
                    value=value,
                    line=r + 1,
                    location=f"{prefix}{letters[c]}{r + 1}",
                    number_format=sheet.percent.get((r, c), ""),
                    empty_formula=(r, c) in sheet.empty_formulas,
                )
            )
        out.append(cells)
    return RawSheet(name=name, rows=out)
