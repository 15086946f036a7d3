"""Excel workbooks (.xlsx) for people: a title row, a frozen header, typed cells and native charts.

Features describe their sheets with :class:`Sheet` (columns with a :class:`Kind`, rows of plain
values or :class:`XCell` for a status with its traffic-light :class:`~zzgx_plan.render.document.Tone`)
and get the bytes from :func:`workbook_bytes`. What the office sees:

* row 1 is the title with the data's date, row 2 the Chinese headers, frozen (they stay in view);
* numbers are numbers: counts as integers, shares as Excel percentages (0.91 shown as ``91%``);
* status cells are filled green/yellow/red/grey like the Word report;
* notes under the table carry the 示例数据 and 解读 marks;
* charts are openpyxl's native charts, so Excel and WPS draw the Chinese labels with their own fonts.

The same sheets give the same bytes: document properties come from the data's date, never the
clock, and the ZIP container is written with fixed member dates. openpyxl is imported only here,
and this module only when a workbook is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from zzgx_plan.render.cells import set_xlsx_value
from zzgx_plan.render.columns import Column, Kind
from zzgx_plan.render.document import TONE_FILLS, Tone
from zzgx_plan.render.ooxml import normalise_zip

#: Fixed date for the document properties when the data has none.
DEFAULT_WHEN = dt.datetime(2000, 1, 1)
HEADER_FILL = "F2F2F2"
FONT_NAME = "宋体"
TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
MAX_COLUMN_CHARS = 60


NUMBER_FORMATS: dict[Kind, str] = {
    Kind.INTEGER: "0",
    Kind.PERCENT: "0%",
    Kind.PERCENT1: "0.0%",
    Kind.DATE: "yyyy-mm-dd",
}


@dataclass(frozen=True, slots=True)
class XCell:
    """A value with its own kind (overriding the column's) and/or a traffic-light tone."""

    value: Any
    tone: Tone = Tone.NONE
    kind: Kind | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    """A native chart drawn from columns of the sheet's data rows.

    ``rows`` is a (first, last) range of data rows (0-based, inclusive), default all of them.
    """

    kind: str  # "bar" or "line"
    title: str
    categories: int  # column index of the category labels
    series: tuple[int, ...]  # column indexes of the series (their headers name them)
    anchor: str  # top-left cell, e.g. "B20"
    rows: tuple[int, int] | None = None
    y_title: str = ""
    percent: bool = False
    width_cm: float = 24.0
    height_cm: float = 9.0


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Any]]
    notes: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"sheet {self.name}: a row has {len(row)} cells, the header {len(self.columns)}")


def dated_title(text: str, when: dt.datetime | None) -> str:
    """A sheet title with the data's date: ``……（截至2024年第3季度）　数据日期：2024-11-30``."""
    return f"{text}　数据日期：{when.date().isoformat() if when else '未知'}"


def workbook_bytes(sheets: Sequence[Sheet], title: str, when: dt.datetime | None = None) -> bytes:
    """The workbook as .xlsx bytes; ``when`` (the data's date) goes into the document properties."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _add_sheet(book, sheet)
    stamp = (when or DEFAULT_WHEN).replace(tzinfo=None, microsecond=0)
    props = book.properties
    props.creator = "zzgx-plan"
    props.lastModifiedBy = "zzgx-plan"
    props.title = title
    props.created = stamp
    props.modified = stamp
    out = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook stamps `modified` with the clock.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return normalise_zip(out.getvalue())


def text_width(text: str) -> int:
    """Width of the longest line in half-width character cells (CJK characters count 2)."""
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line) for line in text.split("\n")),
        default=0,
    )


def _add_sheet(book: Workbook, spec: Sheet) -> None:
    ws = book.create_sheet(spec.name[:31])
    ncols = max(len(spec.columns), 1)
    title = ws.cell(TITLE_ROW, 1)
    _set_text(title, spec.title)
    title.font = Font(name=FONT_NAME, bold=True, size=12)
    widths = [text_width(c.header) for c in spec.columns]
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for j, column in enumerate(spec.columns, 1):
        cell = ws.cell(HEADER_ROW, j)
        _set_text(cell, column.header)
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(spec.rows):
        for j, (column, value) in enumerate(zip(spec.columns, row, strict=True), 1):
            cell = ws.cell(FIRST_DATA_ROW + i, j)
            if column.labels is not None and isinstance(value, str):  # as the CSV says it: flow → 新增类
                value = column.labels.get(value, value)
            shown = _write_value(cell, value, column.kind)
            widths[j - 1] = max(widths[j - 1], text_width(shown))
    note_row = FIRST_DATA_ROW + len(spec.rows) + 1
    for k, note in enumerate(spec.notes):
        _set_text(ws.cell(note_row + k, 1), note)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    # printed on A4 landscape, the columns fitted to the page width, the header repeated on every page
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    for j, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(width, 6), MAX_COLUMN_CHARS) + 2
    if spec.rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncols)}{HEADER_ROW + len(spec.rows)}"
    for chart in spec.charts:
        ws.add_chart(_chart(ws, spec, chart), chart.anchor)


def _set_text(cell: Any, text: str) -> None:
    """A text cell that is always text, never a formula (:mod:`zzgx_plan.render.cells`)."""
    set_xlsx_value(cell, text)


def _write_value(cell: Any, value: Any, kind: Kind) -> str:
    """Write one value; returns the text it shows (for the column width)."""
    if isinstance(value, XCell):
        kind = value.kind or kind
        if value.tone is not Tone.NONE:
            cell.fill = PatternFill("solid", fgColor=TONE_FILLS[value.tone])
        value = value.value
    if value is None:
        return ""
    if isinstance(value, str):
        _set_text(cell, value)
        cell.alignment = Alignment(wrap_text="\n" in value, vertical="top")
        return value
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = NUMBER_FORMATS[Kind.DATE]
        return "2024-01-01"
    if isinstance(value, bool):
        _set_text(cell, "是" if value else "否")
        return "否"
    cell.value = value
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    elif kind is Kind.NUMBER:
        cell.number_format = "0" if float(value).is_integer() else "0.0"
    if kind in (Kind.PERCENT, Kind.PERCENT1):
        return f"{value * 100:.1f}%"
    return f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else str(int(value))


def _chart(ws: Any, spec: Sheet, chart: Chart) -> Any:
    first, last = chart.rows if chart.rows is not None else (0, len(spec.rows) - 1)
    min_row, max_row = FIRST_DATA_ROW + first, FIRST_DATA_ROW + last
    made: Any = BarChart() if chart.kind == "bar" else LineChart()
    if chart.kind == "bar":
        made.type = "bar"  # horizontal bars: long Chinese indicator names stay readable
        made.grouping = "clustered"
    made.title = chart.title
    made.y_axis.title = chart.y_title
    made.width, made.height = chart.width_cm, chart.height_cm
    made.legend.position = "b"
    if chart.percent:
        made.y_axis.numFmt = "0%"
        made.y_axis.number_format = "0%"
    # openpyxl 3.1 hides axes unless told otherwise; Excel and WPS then draw no labels.
    made.x_axis.delete = False
    made.y_axis.delete = False
    for col in chart.series:
        data = Reference(ws, min_col=col + 1, min_row=min_row, max_row=max_row)
        made.add_data(data, titles_from_data=False)
        made.series[-1].tx = _series_title(ws, col)
    made.set_categories(Reference(ws, min_col=chart.categories + 1, min_row=min_row, max_row=max_row))
    if chart.kind == "bar":
        made.x_axis.scaling.orientation = "maxMin"  # first indicator on top, as in the table
    return made


def _series_title(ws: Any, col: int) -> Any:
    from openpyxl.chart.data_source import StrRef
    from openpyxl.chart.series import SeriesLabel

    ref = f"'{ws.title}'!${get_column_letter(col + 1)}${HEADER_ROW}"
    return SeriesLabel(strRef=StrRef(ref))
