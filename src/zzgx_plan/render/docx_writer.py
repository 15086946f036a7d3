"""Word (.docx) rendering of a :class:`~zzgx_plan.render.document.Document` via python-docx.

The layout follows the 公文 form (GB/T 9704): A4 portrait with the standard margins (天头 37 mm,
订口 28 mm, 版心 156 × 225 mm), body in 仿宋 三号 (16 pt) at a fixed 28 pt line spacing, 一级标题
黑体, 二级标题 楷体, the title 黑体 二号 (22 pt), page numbers at the foot as ``— 1 —`` (odd pages
right, even pages left), a closing block (the office and the data's date, 右空四字). Wide tables
(``Table.attachment``) go to attachments (附件) at the end in landscape sections, the tables of one
attachment with one set of column widths; charts (``Figure``) are embedded as PNG.

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
import itertools
import math
import unicodedata
from datetime import datetime
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from zzgx_plan.render.document import (
    TONE_FILLS,
    Block,
    BulletList,
    Cell,
    Document,
    Figure,
    Heading,
    Note,
    Paragraph,
    Table,
    Tone,
    progress_bar,
)
from zzgx_plan.render.ooxml import normalise_zip

BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
HEADING_FONT = "黑体"  # 一级标题 and the title (黑体 is what every office machine has; 小标宋 often is not)
HEADING2_FONT = "楷体"  # 二级标题
LATIN_FONT = "Times New Roman"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
LINE_PT = 28  # fixed line spacing of the body (GB/T 9704: 22 lines of 28 pt on the 225 mm 版心)
NOTE_PT = 14  # 四号
PAGE_NUMBER_PT = 14  # 四号半角宋体

#: Cell shading (hex RGB) per status tone: the usual light traffic-light fills.
SHADING: dict[Tone, str] = dict(TONE_FILLS)
HEADER_SHADING = "F2F2F2"

#: GB/T 9704 page: A4 portrait, 版心 156 mm wide and 225 mm high.
TOP_MARGIN_CM, BOTTOM_MARGIN_CM, LEFT_MARGIN_CM, RIGHT_MARGIN_CM = 3.7, 3.5, 2.8, 2.6
BODY_WIDTH_CM = 21.0 - LEFT_MARGIN_CM - RIGHT_MARGIN_CM
#: Usable width of an A4 landscape attachment page with 2 cm margins, in cm.
CONTENT_WIDTH_CM = 29.7 - 2 * 2.0
#: Columns are at least this many half-width characters wide.
MIN_COLUMN_CHARS = 4
#: Width of a half-width character of 9 pt table text, in cm.
HALF_WIDTH_CM = 9 / 2 / 72 * 2.54
#: A cell's left and right margin (Word's default is 0.19 cm: narrower keeps wide tables on one line).
CELL_MARGIN_CM = 0.1
#: A cell's left+right margins plus a little slack for the renderer's rounding, in cm.
CELL_PADDING_CM = 2 * CELL_MARGIN_CM + 0.1
#: Point size of the completion bar's block characters (full-width in CJK fonts).
BAR_SIZE_PT = 4.5
#: Width of the bar (ten full-width blocks of BAR_SIZE_PT) in half-width characters of 9 pt text.
BAR_HALF_WIDTHS = math.ceil(10 * BAR_SIZE_PT / 4.5)

#: Fixed date written into the core properties unless the caller gives one.
DEFAULT_TIMESTAMP = datetime(2000, 1, 1)

NOTE_STYLE = "Report Note"
TABLE_TEXT_STYLE = "Report Table Text"
TABLE_TEXT_STYLE_ID = "ReportTableText"  # python-docx derives the id from the name by removing spaces


def render_docx(doc: Document, timestamp: datetime | None = None, author: str = "zzgx-plan") -> bytes:
    """The document as .docx bytes. ``timestamp`` goes into created/modified (default: a fixed date)."""
    word = new_document()
    _setup_page(word)
    _setup_styles(word)
    _add_page_numbers(word)
    _add_title(word, doc)
    attachments: dict[str, list[Table]] = {}
    blocks = list(doc.blocks)
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and _moves_to_attachment(blocks, i):
            if _sibling_stays(blocks, i):
                _add_block(word, block)  # （一）（二） stay in the body so that the （三） after them reads in order
            continue  # the heading goes with its table into the attachment, as the table's caption
        if isinstance(block, Table) and block.attachment:
            previous = blocks[i - 1] if i else None
            kept_heading = isinstance(previous, Heading) and _sibling_stays(blocks, i - 1)
            if block.attachment not in attachments or kept_heading:
                _body_paragraph(word, f"详见{block.attachment.split()[0]}。")
            attachments.setdefault(block.attachment, []).append(block)
            continue
        _add_block(word, block)
    _add_closing(word, doc.closing)
    for name, tables in attachments.items():
        _add_attachment(word, name, tables)
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
    return normalise_zip(out.getvalue())


def _moves_to_attachment(blocks: list[Any], i: int) -> bool:
    """Is ``blocks[i]`` a heading whose table goes into an attachment (and the heading with it)?"""
    following = blocks[i + 1] if i + 1 < len(blocks) else None
    return isinstance(blocks[i], Heading) and isinstance(following, Table) and bool(following.attachment)


def _sibling_stays(blocks: list[Any], i: int) -> bool:
    """Does a heading of the same level as ``blocks[i]``, under the same parent, stay in the body? Then the
    headings that move must stay too, or the body reads 二、…详见附件1。（三）… with no （一）（二）."""
    level = blocks[i].level
    start = i
    while start > 0 and not (isinstance(blocks[start - 1], Heading) and blocks[start - 1].level < level):
        start -= 1
    end = i + 1
    while end < len(blocks) and not (isinstance(blocks[end], Heading) and blocks[end].level < level):
        end += 1
    return any(
        isinstance(b, Heading) and b.level == level and not _moves_to_attachment(blocks, j)
        for j, b in enumerate(blocks[start:end], start)
    )


def _setup_page(word: Any) -> None:
    """A4 portrait with the GB/T 9704 margins."""
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(TOP_MARGIN_CM), Cm(BOTTOM_MARGIN_CM)
    section.left_margin, section.right_margin = Cm(LEFT_MARGIN_CM), Cm(RIGHT_MARGIN_CM)
    section.footer_distance = Cm(2.5)  # the page number sits about 7 mm below the 版心


def _add_page_numbers(word: Any) -> None:
    """``— 1 —`` at the foot: odd pages right, even pages left, one character in from the edge."""
    word.settings.odd_and_even_pages_header_footer = True
    section = word.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        p.alignment = alignment
        if alignment is WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            p.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
        _page_run(p, "— ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        run.append(_run_properties(TABLE_FONT, PAGE_NUMBER_PT))
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        p._p.append(field)
        _page_run(p, " —")


def _page_run(paragraph: Any, text: str) -> None:
    run = paragraph.add_run(text)
    set_east_asian_font(run._element, TABLE_FONT)
    run.font.size = Pt(PAGE_NUMBER_PT)


def _run_properties(east_asian: str, size: float) -> Any:
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        sz = OxmlElement(tag)
        sz.set(qn("w:val"), str(int(size * 2)))
        rpr.append(sz)
    return rpr


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


def _exact_spacing(fmt: Any, points: float = LINE_PT) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


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
    _style_font(normal, BODY_FONT, BODY_PT)
    _exact_spacing(normal.paragraph_format)
    normal.paragraph_format.widow_control = False
    title = styles["Title"]
    _style_font(title, HEADING_FONT, TITLE_PT, bold=False)
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_spacing(title.paragraph_format, 36)
    for level, font in ((1, HEADING_FONT), (2, HEADING2_FONT), (3, BODY_FONT)):
        heading = styles[f"Heading {level}"]
        _style_font(heading, font, BODY_PT, bold=level == 3)
        _exact_spacing(heading.paragraph_format)
        heading.paragraph_format.first_line_indent = Pt(2 * BODY_PT)  # 公文 headings start two characters in
        heading.paragraph_format.keep_with_next = True
    note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    _style_font(note, BODY_FONT, NOTE_PT)
    _exact_spacing(note.paragraph_format, 24)
    note.paragraph_format.left_indent = Pt(2 * BODY_PT)
    table_text = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    _style_font(table_text, TABLE_FONT, 9)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_text.paragraph_format.first_line_indent = Pt(0)
    bullet = styles["List Bullet"]
    _style_font(bullet, BODY_FONT, BODY_PT)
    _exact_spacing(bullet.paragraph_format)


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
    for i, line in enumerate(doc.subtitle):
        p = word.add_paragraph(style="Normal")
        if i == 0:  # the period, under the title
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_run(p, line, HEADING2_FONT)
        else:
            _add_run(p, line, BODY_FONT)
    word.add_paragraph(style="Normal")  # an empty line before the body, as in 公文


def _body_paragraph(word: Any, text: str) -> None:
    p = word.add_paragraph(style="Normal")
    p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)  # two characters, as in 公文
    _add_run(p, text, BODY_FONT)


def _add_block(word: Any, block: Block) -> None:
    if isinstance(block, Heading):
        p = word.add_paragraph(style=f"Heading {min(max(block.level, 1), 3)}")
        _add_run(p, block.text, HEADING_FONT if block.level == 1 else HEADING2_FONT if block.level == 2 else BODY_FONT)
    elif isinstance(block, Paragraph):
        _body_paragraph(word, block.text)
    elif isinstance(block, Note):
        p = word.add_paragraph(style=NOTE_STYLE)
        _add_run(p, block.text, BODY_FONT)
    elif isinstance(block, BulletList):
        for item in block.items:
            _body_paragraph(word, item)
    elif isinstance(block, Table):
        _add_table(word, block, BODY_WIDTH_CM)
    elif isinstance(block, Figure):
        _add_figure(word, block)
    else:  # pragma: no cover - exhaustive over Block
        raise TypeError(f"unknown block {block!r}")


def _add_figure(word: Any, figure: Figure) -> None:
    """The chart as a PNG the width of the 版心, its caption centred below."""
    from zzgx_plan.render.charts import draw_png  # matplotlib: only for documents with charts

    word.add_picture(io.BytesIO(draw_png(figure.chart)), width=Cm(BODY_WIDTH_CM))
    word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.paragraphs[-1].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    caption = word.add_paragraph(style=NOTE_STYLE)
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.left_indent = Pt(0)
    _add_run(caption, figure.caption, HEADING2_FONT)


def _add_closing(word: Any, lines: tuple[str, ...]) -> None:
    """The office and the date, right-aligned four characters in (成文日期 右空四字)."""
    if not lines:
        return
    for _ in range(2):
        word.add_paragraph(style="Normal").paragraph_format.keep_with_next = True
    for line in lines:
        p = word.add_paragraph(style="Normal")
        p.paragraph_format.keep_with_next = True  # the office and the date stay on one page
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(4 * BODY_PT)
        _add_run(p, line, BODY_FONT)


def _add_attachment(word: Any, name: str, tables: list[Table]) -> None:
    """An attachment on a new landscape page: 附件N at the top left, its title, then its tables with
    their captions; tables with the same header share one set of column widths."""
    section = word.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    section.footer_distance = Cm(1.0)
    label, _, title = name.partition(" ")
    p = word.add_paragraph(style="Normal")
    _add_run(p, label, HEADING_FONT)
    if title:
        t = word.add_paragraph(style="Title")
        _add_run(t, title, HEADING_FONT)
    merged = Table(tables[0].header, tuple(row for table in tables for row in table.rows))
    same_header = all(table.header == tables[0].header for table in tables)
    for table in tables:
        if table.caption:
            caption = word.add_paragraph(style="Heading 2")
            caption.paragraph_format.first_line_indent = Pt(0)
            _add_run(caption, table.caption, HEADING2_FONT)
        widths = column_widths(merged if same_header else table, CONTENT_WIDTH_CM)
        _add_table(word, table, CONTENT_WIDTH_CM, widths)


def text_width(text: str) -> int:
    """Width of the longest line in half-width character cells (CJK characters count 2)."""

    def width(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in line)

    return max((width(line) for line in text.split("\n")), default=0)


def set_width(text: str) -> int:
    """Like :func:`text_width`, plus one half-width cell per switch between Chinese and Latin letters or
    digits in a line: Word and WPS put a small gap there (``较第2季度`` is set as ``较第 2 季度``)."""

    def width(line: str) -> int:
        def kind(ch: str) -> str:  # "h" a Chinese character, "l" a Latin letter or digit, "" anything else
            if not ch.isalnum():
                return ""
            return "h" if unicodedata.east_asian_width(ch) in "WF" else "l"

        kinds = [kind(ch) for ch in line]
        switches = sum(1 for a, b in itertools.pairwise(kinds) if {a, b} == {"h", "l"})
        return text_width(line) + switches

    return max((width(line) for line in text.split("\n")), default=0)


def column_widths(table: Table, total_cm: float = CONTENT_WIDTH_CM) -> list[float]:
    """Column widths in cm that fill ``total_cm``: short columns get their natural width.

    A column's natural width fits its longest line (9 pt text, CJK characters count
    double, :func:`set_width`) plus cell padding; a header stays on one line, a completion
    bar sits on its own line above its figure. If all fit, the spare width is shared out in
    proportion; otherwise the widest columns are capped at a common width (water-filling) so
    that numbers and short labels do not wrap while long texts do.
    """
    natural = []
    for i, head in enumerate(table.header):
        width = set_width(head) + 1  # bold: a little wider
        for row in table.rows:
            cell = row[i]
            bar = BAR_HALF_WIDTHS if cell.bar is not None else 0
            width = max(width, set_width(cell.text), bar)
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


def _add_table(word: Any, table: Table, total_cm: float = CONTENT_WIDTH_CM, widths: list[float] | None = None) -> None:
    t = word.add_table(rows=1 + len(table.rows), cols=len(table.header))
    t.style = word.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    _set_cell_margins(t, CELL_MARGIN_CM)
    for column, width in zip(t.columns, widths or column_widths(table, total_cm), strict=True):
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


def _set_cell_margins(table: Any, cm: float) -> None:
    """Left and right cell margins of the whole table (``w:tblCellMar``), in cm."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(cm / 2.54 * 1440)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = tblpr.find(qn("w:tblLook"))  # the schema puts tblCellMar before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        tblpr.append(margins)


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
    if value.bar is not None:  # the bar on its own line above the figure: the column stays narrow
        bar = paragraph.add_run(progress_bar(value.bar))
        set_east_asian_font(bar._element, TABLE_FONT)
        bar.font.size = Pt(BAR_SIZE_PT)
        if value.text:
            bar.add_break()
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
