"""Reading the sheets units actually send into raw, located cells.

Units return figures as .xlsx workbooks (our template, or a sheet of their own
with a merged title row, blank rows, numbers typed as text, ``17,000``,
``95%`` and full-width digits), as .xls or WPS .et workbooks (read by
:mod:`zzgx_plan.submissions.legacy`), or as .csv saved by Excel (UTF-8, UTF-8
with a BOM, or GB18030). A workbook's format is told by its bytes, not its name:
a WPS .et is usually an .xls inside, sometimes an .xlsx. This module turns any of them into :class:`RawTable` values:
a detected header row mapped to canonical field names and the data rows below
it, each cell keeping where it came from (``Sheet1!C7`` in a workbook, the line
number in a CSV) so every later error can point at the cell to fix.

It knows nothing about the plan: which indicator a name means and whether a
number is acceptable is decided by the importer and the loader.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zzgx_plan.core.names import normalise_text
from zzgx_plan.files.csvlines import CsvSyntaxError, csv_records
from zzgx_plan.files.encoding import UndetectableEncoding, decode_bytes
from zzgx_plan.files.reading import ReadRefused, read_file
from zzgx_plan.files.zipsafe import check_zip


class SheetError(ValueError):
    """A file cannot be read (wrong format, corrupt workbook, unknown encoding, over a cap); ``location``
    names the sheet cell where reading stopped, when there is one."""

    def __init__(self, code: str, location: str | None = None, **fields: Any) -> None:
        super().__init__(code)
        self.code = code
        self.location = location
        self.fields = fields


# --------------------------------------------------------------------------- text


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """A number read from a cell. ``percent`` is true when it was written or
    formatted as a percentage (``95%``, or 0.95 in a cell formatted ``0%``); the
    value is then in percent (95)."""

    value: int | float
    percent: bool = False
    suffix: str = ""  # trailing unit word typed after the number, e.g. "家"


_NUMBER = re.compile(
    r"^(?P<sign>[+-]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?\s*(?P<pct>%)?\s*(?P<suffix>[^\d\s%.,+-]*)$"
)


def parse_number(value: object, number_format: str = "") -> ParsedNumber | None:
    """Read a number from a cell value: a real number, or text such as ``17,000``,
    ``１７０００``, ``95%``, `` 12.5 ``, ``120家``. Returns ``None`` when the cell is
    not a number (callers report it with its location). Whole numbers come back
    as ``int``. Booleans are not numbers."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):  # NaN, or <v>inf</v> in a crafted sheet
            return None
        if "%" in number_format and abs(value) < 1e15:  # (a huge number is refused later, by its size)
            return ParsedNumber(_tidy(round(float(value) * 100, 10)), percent=True)
        return ParsedNumber(_tidy(value))
    text = normalise_text(str(value)).replace(" ", "")
    m = _NUMBER.match(text)
    if not m or (m["digits"] is None and m["frac"] is None):
        return None
    number_text = (m["sign"] or "") + (m["digits"] or "0").replace(",", "") + (m["frac"] or "")
    number: int | float = float(number_text) if m["frac"] else int(number_text)
    return ParsedNumber(_tidy(number), percent=m["pct"] is not None, suffix=m["suffix"] or "")


def _tidy(number: int | float) -> int | float:
    """``17000.0`` → ``17000``; other floats stay floats."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def format_number(number: int | float, percent: bool = False) -> str:
    """A number as written to CSV: no exponent, no trailing zeros (``95``, ``12.5``); ``95%`` when ``percent``."""
    number = _tidy(number)
    text = str(number) if isinstance(number, int) else format(number, ".10f").rstrip("0").rstrip(".")
    return f"{text}%" if percent else text


# --------------------------------------------------------------------------- cells


@dataclass(frozen=True, slots=True)
class RawCell:
    """One cell as read, with its place: ``line`` is the sheet row or the CSV line
    (1-based); ``location`` is the cell reference ``Sheet1!C7`` in a workbook and
    ``None`` in a CSV (where the line alone locates it)."""

    value: object
    line: int
    location: str | None = None
    number_format: str = ""
    #: An .xls formula cell whose saved result is empty (perhaps never computed): read as blank, and said so.
    empty_formula: bool = False

    @property
    def text(self) -> str:
        """Normalised text of the cell; ``""`` when empty. Whole floats print without ``.0``."""
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return normalise_text(str(self.value))

    @property
    def is_blank(self) -> bool:
        return self.text == ""

    def number(self) -> ParsedNumber | None:
        return parse_number(self.value, self.number_format)


@dataclass(frozen=True, slots=True)
class RawSheet:
    """All rows of one worksheet (or of a CSV file), blank rows included."""

    name: str
    rows: list[list[RawCell]]


#: Workbook file names; which reader opens one is decided by its first bytes.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et")


def read_sheets(path: str | Path) -> list[RawSheet]:
    """Read every worksheet of an .xlsx/.xlsm/.xls/.et file, or a .csv file as one sheet.

    Raises :class:`SheetError` (``file-unreadable``, ``file-empty`` or
    ``encoding-unknown``) when the file as a whole cannot be read.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        data = read_file(p, "submission")
    except ReadRefused as exc:
        raise SheetError(exc.code, **exc.fields) from exc
    if not data.strip():
        raise SheetError("file-empty")
    if suffix in WORKBOOK_SUFFIXES:
        from zzgx_plan.submissions.legacy import OLE2_MAGIC, read_legacy

        if data.startswith(OLE2_MAGIC):  # an OLE2 compound file: .xls (BIFF), most WPS .et, a renamed .xls
            return read_legacy(data)
        if data.startswith(b"PK") or suffix in (".xlsx", ".xlsm"):  # a zip: .xlsx, also an .et saved as one
            return _read_xlsx(data)  # (an .xlsx that is no zip is refused by the zip check, as before)
        raise SheetError("file-unreadable", reason=_not_a_workbook(data))
    if suffix in (".csv", ".txt"):
        return [_read_csv(data, p.stem)]
    kind = suffix or "无扩展名"
    raise SheetError("file-unreadable", reason=f"不支持 {kind} 类型的文件；请用 .xlsx、.xls、.et 或 .csv")


def _not_a_workbook(data: bytes) -> str:
    """Why a file named like a workbook is not one (its bytes are neither an .xlsx nor an .xls)."""
    if data.lstrip()[:1] == b"<":  # "xls" exported by a web system: an HTML or XML page
        what = "文件内容是网页或 XML 文本，不是 Excel 工作簿（常见于从网上系统导出的表格）"
    else:
        what = "文件内容既不是 .xlsx 也不是 .xls 格式（可能是改了扩展名的其他文件）"
    return f"{what}；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再报送"


def _read_csv(data: bytes, name: str) -> RawSheet:
    try:
        text = decode_bytes(data).text
    except UndetectableEncoding as exc:
        raise SheetError("encoding-unknown") from exc
    rows: list[list[RawCell]] = []
    try:
        for start, _end, record in csv_records(text):
            rows.append([RawCell(value=v if v.strip() else None, line=start) for v in record])
    except CsvSyntaxError as exc:
        raise SheetError("file-unreadable", reason=f"第 {exc.line} 行 CSV 格式错误：{exc.reason}") from exc
    return RawSheet(name=name, rows=rows)


#: What one submission workbook may hold (docs/data-files.md): a unit's sheet has tens of rows. Rows and
#: cells beyond these are refused at their place; empty rows and cells are never materialised.
MAX_SHEETS = 50
MAX_ROWS = 10_000
MAX_COLUMNS = 200
MAX_CELLS = 500_000


def _read_xlsx(data: bytes) -> list[RawSheet]:
    from openpyxl import load_workbook

    try:
        check_zip(data, "submission")  # a zip bomb is refused from its table of contents
    except ReadRefused as exc:
        raise SheetError(exc.code, **exc.fields) from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # The formulas too: a formula whose result was never computed (a file written by a
        # program, not saved by Excel/WPS) has no cached value and must not read as blank.
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # corrupt deflate data, bad XML, entity tricks, odd parts: all "cannot read"
        raise SheetError("file-unreadable", reason=f"不是可读取的 Excel 工作簿：{_failure(exc)}") from exc
    try:
        if len(wb.worksheets) > MAX_SHEETS:
            raise SheetError(
                "sheet-too-large",
                sheet=wb.worksheets[MAX_SHEETS].title,
                what=f"多于 {MAX_SHEETS} 个工作表",
                rows=MAX_ROWS,
                columns=MAX_COLUMNS,
            )
        budget = [MAX_CELLS]
        return [_read_worksheet(ws, fs, budget) for ws, fs in zip(wb.worksheets, formulas.worksheets, strict=True)]
    finally:
        wb.close()
        formulas.close()


def _read_worksheet(ws: Any, fs: Any, budget: list[int]) -> RawSheet:
    """One worksheet's rows as located cells, within the caps (``budget``: cells left for the workbook)."""
    from openpyxl.cell.read_only import EMPTY_CELL
    from openpyxl.utils import get_column_letter

    prefix = sheet_ref_prefix(ws.title)
    rows: list[list[RawCell]] = []
    r = 0
    try:
        # The declared dimension (XFD1048576 in a 5 KB file) must not size the rows: read the cells there are.
        ws.reset_dimensions()
        fs.reset_dimensions()
        for r, (row, frow) in enumerate(zip(ws.iter_rows(), fs.iter_rows(), strict=False), start=1):
            if len(row) > MAX_COLUMNS:
                # a row ends at its last cell in the file: content there, or anywhere past the cap, is refused
                column = None
                if getattr(row[-1], "value", None) is not None:
                    column = len(row)
                else:
                    column = next(
                        (
                            i
                            for i, c in enumerate(row[MAX_COLUMNS:], start=MAX_COLUMNS + 1)
                            if c is not EMPTY_CELL and getattr(c, "value", None) is not None
                        ),
                        None,
                    )
                if column is not None:
                    raise _too_large(ws.title, f"{prefix}{get_column_letter(column)}{r}", f"第 {column} 列有内容")
                row = row[:MAX_COLUMNS]  # formatting without content beyond the last column: ignored
            if r > MAX_ROWS:
                if any(getattr(c, "value", None) is not None for c in row if c is not EMPTY_CELL):
                    raise _too_large(ws.title, f"{prefix}A{r}", f"第 {r} 行有内容")
                continue  # empty rows below the table (a stray formatted cell far down): skipped, not kept
            budget[0] -= len(row)
            if budget[0] < 0:
                raise _too_large(ws.title, f"{prefix}A{r}", f"单元格多于 {MAX_CELLS} 个")
            cells = []
            for c, cell in enumerate(row, start=1):
                value = getattr(cell, "value", None)
                # (A formula whose result is text is typed "str" and may be empty: that is a blank.)
                if value is None and c <= len(frow) and getattr(cell, "data_type", "n") not in ("s", "str"):
                    formula = getattr(frow[c - 1], "value", None)
                    if isinstance(formula, str) and formula.startswith("="):
                        value = Formula(formula)
                if isinstance(value, str) and not value.strip():
                    value = None
                cells.append(
                    RawCell(
                        value=value,
                        line=r,
                        location=f"{prefix}{get_column_letter(c)}{r}",
                        number_format=str(getattr(cell, "number_format", "") or ""),
                    )
                )
            rows.append(cells)
    except SheetError:
        raise
    except Exception as exc:  # a cell openpyxl cannot read (<v>inf</v>, a 5,000-digit number, bad XML)
        at = f"{prefix}A{max(r, 1)}"
        raise SheetError("sheet-unreadable", location=at, sheet=ws.title, row=max(r, 1), reason=_failure(exc)) from exc
    return RawSheet(name=ws.title, rows=rows)


def _too_large(sheet: str, location: str, what: str) -> SheetError:
    return SheetError("sheet-too-large", location=location, sheet=sheet, what=what, rows=MAX_ROWS, columns=MAX_COLUMNS)


def _failure(exc: BaseException) -> str:
    """Why a workbook could not be read, in words for the person who sent it (openpyxl wraps the cause)."""
    import zipfile
    from xml.etree.ElementTree import ParseError

    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    names = " ".join(f"{type(e).__module__}.{type(e).__name__}" for e in chain)
    if "Entit" in names or "DTD" in names or "Forbidden" in names:
        return "含有不允许的 XML 实体或文档类型定义"
    if any(isinstance(e, zipfile.BadZipFile | EOFError) for e in chain) or "zlib" in names.lower():
        return "压缩数据已损坏"
    if any(isinstance(e, ParseError) for e in chain) or "XMLSyntax" in names:
        return "内部 XML 格式错误"
    if any(isinstance(e, KeyError) for e in chain):
        return "缺少必需的部件"
    if any(isinstance(e, ValueError | OverflowError | ArithmeticError) for e in chain):
        return "有无法识别的数值或格式"
    return "文件结构无法识别"


class Formula(str):
    """The text of a formula cell that has no computed value (``=2200+110``)."""


def sheet_ref_prefix(title: str) -> str:
    """``Sheet1!`` — quoted the way Excel does when the name has spaces or punctuation."""
    if re.fullmatch(r"\w+", title):
        return f"{title}!"
    return "'" + title.replace("'", "''") + "'!"


# --------------------------------------------------------------------------- headers

#: Header words for a table of figures, by canonical field (the actuals CSV
#: column names, plus ``indicator_id`` and ``unit_of_measure`` used for checking).
ACTUALS_HEADERS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "指标", "指标名称", "指标项"),
    "indicator_id": ("id", "指标编号", "指标代码", "指标id"),
    "period": ("period", "期间", "时间", "报送期", "报告期", "统计期", "统计时间", "统计期间", "所属期"),
    "value": (
        "value",
        "数值",
        "完成值",
        "完成数",
        "实际值",
        "实际完成",
        "实际完成值",
        "完成情况",
        "本期数值",
    ),
    "basis": ("basis", "口径", "统计口径", "数值口径"),
    "unit_of_measure": ("单位", "计量单位"),
    "reported_by": ("reported_by", "报送单位", "填报单位", "上报单位"),
    "note": ("note", "备注", "说明"),
}

#: Header words for a table of measure progress.
PROGRESS_HEADERS: dict[str, tuple[str, ...]] = {
    "measure": ("measure", "措施", "措施编号", "措施序号", "工作措施编号"),
    "status": ("status", "状态", "进展状态", "推进状态", "完成状态"),
    "text": ("text", "进展情况", "工作进展", "进展", "推进情况"),
    "next_steps": ("next_steps", "下一步", "下一步计划", "下一步工作"),
    "reported_by": ("reported_by", "报送单位", "填报单位", "上报单位"),
    "period": ("period", "期间", "时间", "报送期", "报告期"),
}

_TRAILING_PAREN = re.compile(r"\([^()]*\)$")


def header_key(text: str) -> str:
    """A header cell reduced for matching: normalised, without spaces, a trailing
    ``(家)``-style parenthesis or ``*`` required-marks, case-folded."""
    key = normalise_text(text).replace(" ", "").strip("*:")
    key = _TRAILING_PAREN.sub("", key).strip("*:")
    return key.casefold()


def _header_lookup(headers: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {header_key(alias): fieldname for fieldname, aliases in headers.items() for alias in aliases}


@dataclass(frozen=True, slots=True)
class RawTable:
    """A header row found in a sheet and the non-blank rows under it.

    ``columns`` maps a canonical field to its column index; ``rows`` are lists of
    cells in column order, padded to the header's width; ``header_line`` is the
    1-based row of the header.
    """

    source: str  # sheet name
    header_line: int
    columns: dict[str, int]
    rows: list[list[RawCell]] = field(default_factory=list)
    header_cells: dict[str, RawCell] = field(default_factory=dict)
    duplicates: list[RawCell] = field(default_factory=list)

    def cell(self, row: list[RawCell], fieldname: str) -> RawCell | None:
        """The row's cell for ``fieldname``, or ``None`` when the table has no such column."""
        index = self.columns.get(fieldname)
        if index is None:
            return None
        return row[index]


def find_table(
    sheet: RawSheet,
    headers: Mapping[str, Sequence[str]],
    required: Iterable[str | tuple[str, ...]],
    scan_rows: int = 30,
) -> RawTable | None:
    """Find the header row: the first of the sheet's first ``scan_rows`` non-blank
    rows whose cells name every ``required`` field (a tuple means any one of its
    fields). Rows above it (merged titles, a 填报说明 line) are skipped; blank rows
    below it are dropped.

    Returns ``None`` when no row has the required headers.
    """
    lookup = _header_lookup(headers)
    needs = [(r,) if isinstance(r, str) else tuple(r) for r in required]
    seen = 0
    for index, row in enumerate(sheet.rows):
        if all(c.is_blank for c in row):
            continue
        seen += 1
        if seen > scan_rows:
            break
        columns: dict[str, int] = {}
        header_cells: dict[str, RawCell] = {}
        duplicates: list[RawCell] = []
        for col, cell in enumerate(row):
            if cell.is_blank:
                continue
            fieldname = lookup.get(header_key(cell.text))
            if fieldname is None:
                continue
            if fieldname in columns:
                duplicates.append(cell)
                continue
            columns[fieldname] = col
            header_cells[fieldname] = cell
        if all(any(f in columns for f in alternatives) for alternatives in needs):
            width = max(len(r) for r in sheet.rows)
            body = []
            for data_row in sheet.rows[index + 1 :]:
                if all(c.is_blank for c in data_row):
                    continue
                body.append(_pad(data_row, width))
            return RawTable(
                source=sheet.name,
                header_line=row[0].line if row else index + 1,
                columns=columns,
                rows=body,
                header_cells=header_cells,
                duplicates=duplicates,
            )
    return None


def _pad(row: list[RawCell], width: int) -> list[RawCell]:
    """Pad a short row with empty cells that still know their place (CSV rows may be ragged)."""
    if len(row) >= width:
        return row
    from openpyxl.utils import get_column_letter

    last = row[-1] if row else None
    line = last.line if last else 0
    padded = list(row)
    for col in range(len(row) + 1, width + 1):
        location = None
        if last is not None and last.location is not None:
            prefix = last.location.rsplit("!", 1)[0] + "!"
            location = f"{prefix}{get_column_letter(col)}{line}"
        padded.append(RawCell(value=None, line=line, location=location))
    return padded
