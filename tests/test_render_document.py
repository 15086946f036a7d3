"""The document model and its Markdown rendering."""

from __future__ import annotations

import pytest

from zzgx_plan.render.document import (
    BulletList,
    Cell,
    Document,
    Heading,
    Note,
    Paragraph,
    Table,
    Tone,
    cells,
    progress_bar,
)
from zzgx_plan.render.markdown import cell_text, escape_inline, render_markdown


@pytest.mark.parametrize(
    ("share", "bar"),
    [
        (0.625, "██████░░░░"),
        (0.0, "░░░░░░░░░░"),
        (1.0, "██████████"),
        (0.999, "█████████░"),  # rounded down: only a completed share draws a full bar
        (1.7, "██████████"),
        (-0.2, "░░░░░░░░░░"),
        (0.3, "███░░░░░░░"),  # 0.3 * 10 is 2.9999… in floating point
        (float("nan"), "░░░░░░░░░░"),
    ],
)
def test_progress_bar(share: float, bar: str) -> None:
    assert progress_bar(share) == bar


def test_progress_bar_width() -> None:
    assert progress_bar(0.5, width=4) == "██░░"


def test_table_rejects_ragged_rows() -> None:
    with pytest.raises(ValueError, match="2 cells, header has 3"):
        Table(("a", "b", "c"), (cells("1", "2"),))


def test_markdown_document() -> None:
    doc = Document(
        "季度报告",
        ("郑开管文〔2023〕146号",),
        (
            Heading(1, "一、总体情况"),
            Paragraph("共14项指标。"),
            Note("示例数据\n非官方"),
            BulletList(("甲", "乙")),
            Table(
                ("指标", "完成率", "状态"),
                (cells("年新增市场主体", Cell("62.5%", bar=0.625), Cell("绿 符合序时进度", Tone.GREEN)),),
            ),
            Heading(2, "（一）小节"),
        ),
    )
    assert render_markdown(doc) == (
        "# 季度报告\n\n郑开管文〔2023〕146号\n\n## 一、总体情况\n\n共14项指标。\n\n"
        "> 示例数据\n> 非官方\n\n- 甲\n- 乙\n\n"
        "| 指标 | 完成率 | 状态 |\n|---|---|---|\n| 年新增市场主体 | ██████░░░░ 62.5% | 绿 符合序时进度 |\n\n"
        "### （一）小节\n"
    )


def test_markdown_escapes_cells_and_paragraphs() -> None:
    assert cell_text(Cell("a|b\nc*d")) == "a\\|b<br>c\\*d"
    assert cell_text(Cell("", bar=0.5)) == "█████░░░░░"
    assert escape_inline("[x]_y`") == "\\[x\\]\\_y\\`"
    doc = Document("T", (), (Paragraph("# not a heading\n1. not a list\n- nor this"),))
    assert render_markdown(doc) == "# T\n\n\\# not a heading\n1\\. not a list\n\\- nor this\n"


def test_markdown_is_deterministic() -> None:
    doc = Document("T", ("x",), (Table(("a",), (cells("1"),)),))
    assert render_markdown(doc) == render_markdown(doc)
    assert render_markdown(doc).endswith("|\n")
