"""Word (.docx) rendering of a :class:`~zzgx_plan.render.document.Document` via python-docx.

What makes the file fit for circulation in a Chinese government office:

* Chinese fonts are *declared*: 仿宋 for body text, 宋体 in tables, 黑体 for the
  title and headings. The East-Asian font is set as ``w:eastAsia`` on the
  document defaults, on every style used and on every run, and the template's
  theme-font attributes are removed, because Word and WPS pick the East-Asian
  font from ``w:eastAsia`` (a plain ``font.name`` only sets the Latin font).
* Tables are real Word tables with a repeating, bold header row; a cell's
  status tone becomes its shading (绿/黄/红/灰).
* Output is deterministic: core properties (dates, author, revision) are fixed
  and the ZIP container is rewritten with fixed member timestamps, so the same
  document gives the same bytes.

python-docx is imported here only, and this module only when Word output is
asked for, to keep it off the start-up path of other commands.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from zzgx_plan.render.document import (
    Block,
    BulletList,
    Cell,
    Document,
    Heading,
    Note,
    Paragraph,
    Table,
    Tone,
    progress_bar,
)

BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"

#: Cell shading (hex RGB) per status tone: the usual light traffic-light fills.
SHADING: dict[Tone, str] = {
    Tone.GREEN: "C6EFCE",
    Tone.YELLOW: "FFEB9C",
    Tone.RED: "FFC7CE",
    Tone.GREY: "D9D9D9",
}
HEADER_SHADING = "F2F2F2"

#: Usable width of an A4 landscape page with 2 cm margins, in cm.
CONTENT_WIDTH_CM = 29.7 - 2 * 2.0
#: Columns are at least this many half-width characters wide.
MIN_COLUMN_CHARS = 4
#: Width of a half-width character of 9 pt table text, and a cell's left+right padding, in cm.
HALF_WIDTH_CM = 9 / 2 / 72 * 2.54
CELL_PADDING_CM = 0.45
#: Point size of the completion bar's block characters (full-width in CJK fonts).
BAR_SIZE_PT = 6

#: Fixed date written into the core properties unless the caller gives one.
DEFAULT_TIMESTAMP = datetime(2000, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

NOTE_STYLE = "Report Note"
TABLE_TEXT_STYLE = "Report Table Text"
TABLE_TEXT_STYLE_ID = "ReportTableText"  # python-docx derives the id from the name by removing spaces


def render_docx(doc: Document, timestamp: datetime | None = None, author: str = "zzgx-plan") -> bytes:
    """The document as .docx bytes. ``timestamp`` goes into created/modified (default: a fixed date)."""
    word = new_document()
    _setup_page(word)
    _setup_styles(word)
    _add_title(word, doc)
    for block in doc.blocks:
        _add_block(word, block)
    props = word.core_properties
    when = timestamp or DEFAULT_TIMESTAMP
    props.author = author
    props.last_modified_by = author
    props.title = doc.title
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = ""
    out = io.BytesIO()
    word.save(out)
    return _normalise_zip(out.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the ZIP with fixed member dates and attributes (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _setup_page(word: Any) -> None:
    """A4 landscape: the indicator table has a dozen columns."""
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)


def set_east_asian_font(element: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Declare fonts on a style's or run's ``w:rPr``: Latin, East-Asian and complex-script.

    Theme-font attributes are removed because they take precedence over named fonts.
    """
    if hasattr(element, "get_or_add_rPr"):
        rpr = element.get_or_add_rPr()
    else:  # a plain element such as w:rPrDefault
        rpr = element.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            element.append(rpr)
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        key = qn(attr)
        if key in rfonts.attrib:
            del rfonts.attrib[key]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _style_font(style: Any, east_asian: str, size: float, bold: bool | None = None) -> None:
    set_east_asian_font(style.element, east_asian)
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    style.font.italic = False


def _setup_styles(word: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    styles = word.styles
    # Document defaults: what any unstyled text falls back to.
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            set_east_asian_font(rpr_default, BODY_FONT)
    normal = styles["Normal"]
    _style_font(normal, BODY_FONT, 12)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.25
    title = styles["Title"]
    _style_font(title, HEADING_FONT, 20, bold=False)
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for level, size in ((1, 16), (2, 14), (3, 12)):
        heading = styles[f"Heading {level}"]
        _style_font(heading, HEADING_FONT, size, bold=False)
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(6)
    note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    _style_font(note, BODY_FONT, 10.5)
    note.paragraph_format.left_indent = Cm(0.74)
    table_text = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _style_font(table_text, TABLE_FONT, 9)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    _style_font(styles["List Bullet"], BODY_FONT, 12)


def _add_run(paragraph: Any, text: str, east_asian: str, bold: bool = False) -> None:
    """Add text as runs, one per line, with ``w:br`` line breaks between them."""
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        set_east_asian_font(run._element, east_asian)
        if bold:
            run.bold = True
        if i < len(text.split("\n")) - 1:
            run.add_break()


def _add_title(word: Any, doc: Document) -> None:
    title = word.add_paragraph(style="Title")
    _add_run(title, doc.title, HEADING_FONT)
    for line in doc.subtitle:
        p = word.add_paragraph(style="Normal")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_run(p, line, BODY_FONT)


def _add_block(word: Any, block: Block) -> None:
    if isinstance(block, Heading):
        p = word.add_paragraph(style=f"Heading {min(max(block.level, 1), 3)}")
        _add_run(p, block.text, HEADING_FONT)
    elif isinstance(block, Paragraph):
        p = word.add_paragraph(style="Normal")
        p.paragraph_format.first_line_indent = Pt(24)  # two characters, as in 公文
        _add_run(p, block.text, BODY_FONT)
    elif isinstance(block, Note):
        p = word.add_paragraph(style=NOTE_STYLE)
        _add_run(p, block.text, BODY_FONT)
    elif isinstance(block, BulletList):
        for item in block.items:
            p = word.add_paragraph(style="List Bullet")
            _add_run(p, item, BODY_FONT)
    elif isinstance(block, Table):
        _add_table(word, block)
    else:  # pragma: no cover - exhaustive over Block
        raise TypeError(f"unknown block {block!r}")


def text_width(text: str) -> int:
    """Width of the longest line in half-width character cells (CJK characters count 2)."""

    def width(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)

    return max((width(line) for line in text.split("\n")), default=0)


def column_widths(table: Table, total_cm: float = CONTENT_WIDTH_CM) -> list[float]:
    """Column widths in cm that fill ``total_cm``: short columns get their natural width.

    A column's natural width fits its longest line (9 pt text, CJK characters count
    double) plus cell padding. If all fit, the spare width is shared out in proportion;
    otherwise the widest columns are capped at a common width (water-filling) so that
    numbers and short labels do not wrap while long texts do.
    """
    natural = []
    for i, head in enumerate(table.header):
        width = min(text_width(head), 8)  # a header may wrap onto two lines
        for row in table.rows:
            cell = row[i]
            extra = 14 if cell.bar is not None else 0  # ten small full-width blocks and a space
            width = max(width, text_width(cell.text) + extra)
        width = max(width, MIN_COLUMN_CHARS)
        natural.append(width * HALF_WIDTH_CM + CELL_PADDING_CM)
    if sum(natural) <= total_cm:
        scale = total_cm / sum(natural)
        return [round(w * scale, 2) for w in natural]
    cap = _water_level(natural, total_cm)
    return [round(min(w, cap), 2) for w in natural]


def _water_level(widths: list[float], total: float) -> float:
    """The cap c with sum(min(w, c)) == total (given sum(widths) > total)."""
    remaining, count = total, len(widths)
    for w in sorted(widths):
        if w * count > remaining:
            return remaining / count
        remaining -= w
        count -= 1
    return max(widths)  # pragma: no cover - only when everything fits


def _add_table(word: Any, table: Table) -> None:
    t = word.add_table(rows=1 + len(table.rows), cols=len(table.header))
    t.style = word.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for column, width in zip(t.columns, column_widths(table), strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    header = t.rows[0]
    _mark_header_row(header)
    for cell, text in zip(header.cells, table.header, strict=True):
        _fill_cell(cell, Cell(text), bold=True, fill=HEADER_SHADING)
    for row, data in zip(t.rows[1:], table.rows, strict=True):
        for cell, value in zip(row.cells, data, strict=True):
            _fill_cell(cell, value, fill=SHADING.get(value.tone))


def _mark_header_row(row: Any) -> None:
    """Flag a row as the table's header (``w:tblHeader``): Word repeats it on every page."""
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _fill_cell(cell: Any, value: Cell, bold: bool = False, fill: str | None = None) -> None:
    paragraph = cell.paragraphs[0]
    # The style id is set directly: assigning a style by name makes python-docx search all
    # styles for every cell, which took seconds for a report's ~500 cells.
    paragraph._p.style = TABLE_TEXT_STYLE_ID
    if value.bar is not None:
        bar = paragraph.add_run(progress_bar(value.bar) + (" " if value.text else ""))
        set_east_asian_font(bar._element, TABLE_FONT)
        bar.font.size = Pt(BAR_SIZE_PT)
    _add_run(paragraph, value.text, TABLE_FONT, bold=bold)
    if fill:
        set_cell_shading(cell, fill)


def set_cell_shading(cell: Any, fill: str) -> None:
    """Shade a table cell with a solid colour (``w:shd w:val="clear" w:fill=…``)."""
    tcpr = cell._tc.get_or_add_tcPr()
    shd = tcpr.find(qn("w:shd"))
    if shd is None:
        shd = OxmlElement("w:shd")
        tcpr.append(shd)
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def cell_shading(cell: Any) -> str | None:
    """The fill colour of a table cell, or ``None``: for reading a report back (tests, checks)."""
    tcpr = cell._tc.tcPr
    if tcpr is None:
        return None
    shd = tcpr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))
