"""Real .xls workbooks (BIFF8, as Excel 97–2003 and WPS write them) built with xlwt for the import tests."""

from __future__ import annotations

import io
from pathlib import Path

#: A cell: a value, or (value, number format) such as (0.92, "0%"), or ("=formula",) for a formula that xlwt
#: saves without a computed result (as a program-written file has).
Cell = object


def xls_bytes(sheets: dict[str, list[list[Cell]]], merged_title: str | None = None) -> bytes:
    """An .xls holding ``sheets`` (name → rows from A1); ``merged_title`` goes above the first sheet's rows,
    merged over its columns, with a blank row below it (the rows then start at A3)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for index, (name, rows) in enumerate(sheets.items()):
        ws = wb.add_sheet(name)
        top = 0
        if merged_title is not None and index == 0:
            width = max((len(r) for r in rows), default=1)
            ws.write_merge(0, 0, 0, width - 1, merged_title)
            top = 2
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                if isinstance(cell, tuple) and len(cell) == 1:
                    ws.write(top + r, c, xlwt.Formula(str(cell[0]).lstrip("=")))
                elif isinstance(cell, tuple):
                    value, number_format = cell
                    ws.write(top + r, c, value, xlwt.easyxf(num_format_str=number_format))
                else:
                    ws.write(top + r, c, cell)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xls(path: Path, sheets: dict[str, list[list[Cell]]], merged_title: str | None = None) -> Path:
    path.write_bytes(xls_bytes(sheets, merged_title))
    return path


def workbook_stream(data: bytes) -> bytes:
    """The BIFF record stream inside an .xls (to be tampered with, then wrapped again by ``legacy._container``)."""
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        return bytes(ole.openstream("Workbook").read())


def records(stream: bytes) -> list[tuple[int, int, int]]:
    """Each record of a stream as (offset, type, size)."""
    import struct

    out, pos = [], 0
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        out.append((pos, kind, size))
        pos += 4 + size
    return out


def insert_after_first_record(stream: bytes, record: bytes) -> bytes:
    """``record`` (type, size and body) put right after the workbook's BOF, the sheets' offsets moved to match."""
    import struct

    (_, _, size), *_ = records(stream)
    out = bytearray(stream[: 4 + size] + record + stream[4 + size :])
    for offset, kind, _ in records(bytes(out)):
        if kind == 0x0085:  # BOUNDSHEET: where the sheet's BOF is
            struct.pack_into("<I", out, offset + 4, struct.unpack_from("<I", out, offset + 4)[0] + len(record))
    return bytes(out)


def save_as_xls(src: Path, dst: Path) -> Path:
    """What “另存为 Excel 97-2003 工作簿” keeps of an .xlsx: every sheet's values and number formats, cell by cell
    (merged titles keep their text in the first cell). Formulas keep their cached values, as Excel's copy does."""
    import openpyxl
    import xlwt

    source = openpyxl.load_workbook(src, data_only=True)
    wb = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, object] = {}
    for ws in source.worksheets:
        out = wb.add_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                fmt = cell.number_format or "General"
                if fmt not in styles:
                    styles[fmt] = xlwt.easyxf(num_format_str=fmt)
                out.write(cell.row - 1, cell.column - 1, cell.value, styles[fmt])
    wb.save(str(dst))
    return dst
