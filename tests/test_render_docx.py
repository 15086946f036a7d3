"""Word rendering, checked by reading the .docx back with python-docx."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from zzgx_plan.render.document import Cell, Document, Heading, Note, Paragraph, Table, Tone, cells
from zzgx_plan.render.docx_writer import SHADING, cell_shading, render_docx

SAMPLE = Document(
    "郑州高新区培育壮大市场主体工作方案推进情况报告",
    ("郑开管文〔2023〕146号", "数据截至：2024年第3季度"),
    (
        Heading(1, "一、总体情况"),
        Paragraph("共14项指标，其中3项已完成。"),
        Note("示例数据：非官方数字。"),
        Heading(2, "（一）主要指标"),
        Table(
            ("指标", "完成率", "状态"),
            (
                cells("年新增市场主体", Cell("62.5%", bar=0.625), Cell("绿 符合序时进度", Tone.GREEN)),
                cells("高新技术企业总量", Cell("40.0%", bar=0.4), Cell("红 滞后", Tone.RED)),
                cells("独角兽（种子）企业总量", "—", Cell("灰 无数据", Tone.GREY)),
            ),
        ),
    ),
)


def _read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_headings_and_paragraphs_read_back() -> None:
    word = _read(render_docx(SAMPLE))
    styled = [(p.style.name, p.text) for p in word.paragraphs]
    assert styled[0] == ("Title", "郑州高新区培育壮大市场主体工作方案推进情况报告")
    assert ("Normal", "郑开管文〔2023〕146号") in styled
    assert ("Heading 1", "一、总体情况") in styled
    assert ("Heading 2", "（一）主要指标") in styled
    assert ("Normal", "共14项指标，其中3项已完成。") in styled
    assert ("Report Note", "示例数据：非官方数字。") in styled


def test_table_cells_header_and_shading() -> None:
    word = _read(render_docx(SAMPLE))
    assert len(word.tables) == 1
    table = word.tables[0]
    grid = [[c.text for c in row.cells] for row in table.rows]
    assert grid == [
        ["指标", "完成率", "状态"],
        ["年新增市场主体", "██████░░░░\n62.5%", "绿 符合序时进度"],  # the bar above the figure
        ["高新技术企业总量", "████░░░░░░\n40.0%", "红 滞后"],
        ["独角兽（种子）企业总量", "—", "灰 无数据"],
    ]
    # the header row repeats on every page and is bold
    header_tr = table.rows[0]._tr
    assert header_tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)
    assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert cell_shading(table.rows[1].cells[2]) == SHADING[Tone.GREEN] == "C6EFCE"
    assert cell_shading(table.rows[2].cells[2]) == SHADING[Tone.RED] == "FFC7CE"
    assert cell_shading(table.rows[3].cells[2]) == SHADING[Tone.GREY]
    assert cell_shading(table.rows[1].cells[0]) is None


def test_chinese_fonts_declared() -> None:
    word = _read(render_docx(SAMPLE))

    def east_asian(element: object) -> str | None:
        rpr = element.find(qn("w:rPr"))  # type: ignore[attr-defined]
        rfonts = None if rpr is None else rpr.find(qn("w:rFonts"))
        return None if rfonts is None else rfonts.get(qn("w:eastAsia"))

    assert east_asian(word.styles["Normal"].element) == "仿宋"
    assert east_asian(word.styles["Heading 1"].element) == "黑体"
    assert east_asian(word.styles["Title"].element) == "黑体"
    # theme fonts would override the named ones in Word: they must be gone
    rfonts = word.styles["Heading 1"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsiaTheme")) is None
    heading = next(p for p in word.paragraphs if p.style.name == "Heading 1")
    assert east_asian(heading.runs[0]._element) == "黑体"
    body = next(p for p in word.paragraphs if p.text.startswith("共14项"))
    assert east_asian(body.runs[0]._element) == "仿宋"
    cell_run = word.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert east_asian(cell_run._element) == "宋体"


def test_output_is_deterministic() -> None:
    first = render_docx(SAMPLE)
    assert render_docx(SAMPLE) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = _read(first).core_properties
    assert props.created == datetime(2000, 1, 1, tzinfo=UTC)
    assert props.modified == datetime(2000, 1, 1, tzinfo=UTC)
    assert props.title == SAMPLE.title


def test_timestamp_goes_into_core_properties() -> None:
    when = datetime(2024, 10, 8, 9, 30, tzinfo=UTC)
    props = _read(render_docx(SAMPLE, timestamp=when)).core_properties
    assert props.created == when and props.modified == when
    assert render_docx(SAMPLE, timestamp=when) != render_docx(SAMPLE)


def test_body_is_a4_portrait_with_gbt9704_margins_and_attachments_are_landscape() -> None:
    # GB/T 9704: A4 portrait, 天头 37 mm, 订口 28 mm, 版心 156 mm wide; wide tables go to a landscape 附件
    wide = Table(
        ("指标", "目标"),
        (cells("年新增市场主体", "17000家"),),
        attachment="附件1 主要指标完成情况表",
        caption="（一）附件1任务目标",
    )
    doc = Document(
        "报告", ("（2024年第3季度）",), (Heading(1, "二、主要指标完成情况"), Heading(2, "（一）附件1任务目标"), wide)
    )
    word = _read(render_docx(doc))
    body, annex = word.sections
    assert (round(body.page_width.cm, 1), round(body.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(body.top_margin.cm, 1), round(body.left_margin.cm, 1)) == (3.7, 2.8)
    assert round(body.page_width.cm - body.left_margin.cm - body.right_margin.cm, 1) == 15.6
    assert annex.page_width > annex.page_height and round(annex.page_width.cm, 1) == 29.7
    texts = [p.text for p in word.paragraphs]
    # the heading moves with its table into the attachment; the body points to the attachment
    assert texts.count("（一）附件1任务目标") == 1 and "详见附件1。" in texts
    assert texts.index("详见附件1。") < texts.index("附件1") < texts.index("主要指标完成情况表")
    assert word.tables[0].rows[1].cells[1].text == "17000家"


def test_moved_headings_stay_in_the_body_when_a_later_sibling_stays() -> None:
    """（一）（二） go with their tables to 附件1 while （三） stays: the body keeps all three headings in
    order, each moved one pointing to the attachment (before: 二、… 详见附件1。（三）… with no （一）（二））."""
    annex = "附件1 主要指标完成情况表"
    doc = Document(
        "报告",
        ("（2025年第4季度）",),
        (
            Heading(1, "二、主要指标完成情况"),
            Heading(2, "（一）附件1任务目标"),
            Table(("指标",), (cells("年新增市场主体"),), attachment=annex, caption="（一）附件1任务目标"),
            Heading(2, "（二）重点任务量化指标"),
            Table(("指标",), (cells("“免证办”事项"),), attachment=annex),
            Heading(2, "（三）分园区情况"),
            Paragraph("按企业名录逐家计数。"),
            Heading(1, "三、重点任务推进情况"),
            Heading(2, "（一）便利市场准入准营"),
            Table(
                ("任务",),
                (cells("提升市场准入便利度"),),
                attachment="附件2 重点任务推进情况表",
                caption="（一）便利市场准入准营",
            ),
            Heading(1, "四、需关注事项"),
        ),
    )
    texts = [p.text for p in _read(render_docx(doc)).paragraphs]
    body = texts[: texts.index("四、需关注事项") + 1]
    assert body[body.index("二、主要指标完成情况") :] == [
        "二、主要指标完成情况",
        "（一）附件1任务目标",
        "详见附件1。",
        "（二）重点任务量化指标",
        "详见附件1。",
        "（三）分园区情况",
        "按企业名录逐家计数。",
        "三、重点任务推进情况",  # all of its sub-headings move: one pointer, as before
        "详见附件2。",
        "四、需关注事项",
    ]
    # the attachment still has each table's caption
    assert texts.count("（一）附件1任务目标") == 2 and texts.count("（一）便利市场准入准营") == 1


def test_column_widths_fill_the_page_and_keep_short_columns_whole() -> None:
    from zzgx_plan.render.docx_writer import CONTENT_WIDTH_CM, column_widths, text_width

    assert text_width("ab") == 2 and text_width("指标") == 4 and text_width("长一点\nx") == 6
    short = Table(("序号", "指标"), (cells("1", "年新增市场主体"),))
    widths = column_widths(short)
    assert round(sum(widths), 1) == CONTENT_WIDTH_CM  # spare width shared out
    assert widths[1] > widths[0]
    long_text = "进展" * 200
    wide = Table(("序号", "目标", "进展情况", "说明"), (cells("1", "17000家", long_text, long_text),))
    widths = column_widths(wide)
    assert round(sum(widths), 1) == CONTENT_WIDTH_CM
    assert widths[2] == widths[3]  # the two long texts share what is left equally
    # "17000家" is 7 half-width cells wide, plus 1 for the gap Word sets between 0 and 家,
    # plus 0.3 cm of cell margins (2 × 0.1) and slack
    natural_target = (7 + 1) * (9 / 2 / 72 * 2.54) + 0.3
    assert round(widths[1], 2) == round(natural_target, 2)  # a short column is not squeezed


def test_gbt9704_fonts_sizes_line_spacing_page_numbers_and_closing() -> None:
    doc = Document(
        "报告",
        ("（2024年第3季度）",),
        (Heading(1, "一、总体情况"), Heading(2, "（一）主要指标"), Paragraph("正文。")),
        closing=("郑州高新区培育壮大市场主体工作领导小组办公室", "2024年10月8日"),
    )
    data = render_docx(doc)
    word = _read(data)

    def east_asian(element) -> str:
        return element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))

    normal = word.styles["Normal"]
    assert east_asian(normal.element) == "仿宋" and normal.font.size.pt == 16  # 仿宋 三号
    assert normal.paragraph_format.line_spacing.pt == 28  # fixed 28 pt
    assert east_asian(word.styles["Heading 1"].element) == "黑体" and word.styles["Heading 1"].font.size.pt == 16
    assert east_asian(word.styles["Heading 2"].element) == "楷体"
    assert word.styles["Title"].font.size.pt == 22  # 二号
    # page numbers: — PAGE — in both the odd (right) and even (left) footers
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        footers = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer")]
        settings = z.read("word/settings.xml").decode("utf-8")
    assert len(footers) == 2 and all('w:instr="PAGE"' in f and "— " in f and " —" in f for f in footers)
    assert "w:evenAndOddHeaders" in settings
    assert {
        word.sections[0].footer.paragraphs[0].alignment,
        word.sections[0].even_page_footer.paragraphs[0].alignment,
    } == {
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.LEFT,
    }
    closing = [p for p in word.paragraphs if p.text in doc.closing]
    assert [p.text for p in closing] == list(doc.closing)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT and p.paragraph_format.right_indent.pt == 64 for p in closing)
