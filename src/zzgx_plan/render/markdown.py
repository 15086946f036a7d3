"""Markdown rendering of a :class:`~zzgx_plan.render.document.Document`.

The output is GitHub-flavoured Markdown and byte-for-byte deterministic: the
same document always gives the same text (LF line ends, one trailing newline),
so regenerated reports diff cleanly in git. Completion bars are drawn with
Unicode block characters (``██████░░░░ 62.5%``), which every viewer shows.
"""

from __future__ import annotations

import re

from zzgx_plan.render.document import (
    Block,
    BulletList,
    Cell,
    Document,
    Figure,
    Heading,
    Note,
    Paragraph,
    Table,
    progress_bar,
)

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)(\d+(?=[.)])|)([#>+\-=.)])")


def escape_inline(text: str) -> str:
    """Escape characters that Markdown would read as emphasis, code or links."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_block_text(text: str) -> str:
    """Escape a paragraph so that it cannot turn into a heading, list or quote."""
    lines = [escape_inline(line) for line in text.split("\n")]
    lines = [_LINE_START_SPECIAL.sub(lambda m: m[1] + m[2] + "\\" + m[3], line) for line in lines]
    return "\n".join(lines)


def cell_text(cell: Cell) -> str:
    """A cell as Markdown table text: bar first, pipes escaped, line breaks as ``<br>``."""
    text = escape_inline(cell.text).replace("|", "\\|").replace("\n", "<br>")
    if cell.bar is not None:
        bar = progress_bar(cell.bar)
        text = f"{bar} {text}" if text else bar
    return text


def render_table(table: Table) -> str:
    header = [escape_inline(h).replace("|", "\\|") for h in table.header]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in table.rows:
        lines.append("| " + " | ".join(cell_text(c) for c in row) + " |")
    return "\n".join(lines)


NO_FIGURES = "图表未包含在本文本中；保存为文件的 Markdown 报告附有图表（SVG 文件），Word 和 HTML 版本内嵌图表。"


def render_figure(figure: Figure, figure_dir: str | None) -> str:
    """``![caption](dir/name.svg)`` and the caption; without a folder, a note that the chart is left out."""
    caption = escape_inline(figure.caption)
    if figure_dir is None:
        return f"> {caption}：{NO_FIGURES}"
    return f"![{caption}]({figure_dir}/{figure.name}.svg)\n\n{caption}"


def _left_out_note(figures: list[Figure]) -> str:
    return "> " + "；".join(escape_inline(f.caption) for f in figures) + "：" + NO_FIGURES


def render_block(block: Block, figure_dir: str | None = None) -> str:
    if isinstance(block, Heading):
        return "#" * (block.level + 1) + " " + escape_inline(block.text)
    if isinstance(block, Paragraph):
        return _escape_block_text(block.text)
    if isinstance(block, Note):
        return "\n".join("> " + line if line else ">" for line in _escape_block_text(block.text).split("\n"))
    if isinstance(block, BulletList):
        return "\n".join("- " + escape_inline(item).replace("\n", " ") for item in block.items)
    if isinstance(block, Table):
        return render_table(block)
    if isinstance(block, Figure):
        return render_figure(block, figure_dir)
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover - exhaustive over Block


def render_markdown(doc: Document, figure_dir: str | None = None) -> str:
    """The whole document as Markdown text ending in exactly one newline.

    Figures link to ``figure_dir/<name>.svg`` (a folder next to the report, relative to it); without
    ``figure_dir`` (the report printed to standard output) each figure is a note saying it is left out.
    """
    parts = ["# " + escape_inline(doc.title)]
    parts.extend(_escape_block_text(line) for line in doc.subtitle)
    left_out: list[Figure] = []  # consecutive figures without a folder: one note for them all
    for block in doc.blocks:
        if isinstance(block, Figure) and figure_dir is None:
            left_out.append(block)
            continue
        if left_out:
            parts.append(_left_out_note(left_out))
            left_out = []
        parts.append(render_block(block, figure_dir))
    if left_out:
        parts.append(_left_out_note(left_out))
    if doc.closing:
        parts.append("  \n".join(_escape_block_text(line) for line in doc.closing))
    return "\n\n".join(parts) + "\n"
