"""HTML rendering of a :class:`~zzgx_plan.render.document.Document`: one self-contained page.

The page works offline on an intranet: no external URL at all — styles are inline, charts are
inline SVG, there is no script and no downloaded font (a system font stack with the usual Chinese
fonts). It reads on a phone (wide tables scroll sideways inside their box) and prints on A4.
Every text from the data is HTML-escaped. Deterministic: the same document gives the same bytes.
"""

from __future__ import annotations

import re
from html import escape

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
)

FONT_STACK = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "微软雅黑", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei", "黑体", sans-serif'
)

STYLE = (
    """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f5f5; color: #1a1a1a; font-family: FONTS; line-height: 1.7; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 1.6rem; text-align: center; margin: 0.4em 0 0.6em; line-height: 1.4; }
h2 { font-size: 1.25rem; margin: 1.6em 0 0.6em; border-bottom: 2px solid #c00000; padding-bottom: 0.2em; }
h3 { font-size: 1.08rem; margin: 1.2em 0 0.5em; }
.front { text-align: center; color: #444; margin: 0.1em 0; }
p { margin: 0.5em 0; text-indent: 2em; }
blockquote { margin: 0.8em 0; padding: 0.6em 1em; background: #fff8e1; border-left: 4px solid #e0a800; }
ul { padding-left: 1.4em; }
.table-wrap { overflow-x: auto; margin: 0.6em 0 1em; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: 0.86rem; line-height: 1.45; }
th, td { border: 1px solid #bfbfbf; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f2f2f2; white-space: nowrap; }
td.num { white-space: nowrap; }
.tone-green { background: #GREEN; } .tone-yellow { background: #YELLOW; }
.tone-red { background: #RED; } .tone-grey { background: #GREY; }
.bar { display: inline-block; width: 4.5em; height: 0.7em; background: #e6e6e6; margin-right: 0.4em;
       vertical-align: middle; }
.bar > span { display: block; height: 100%; background: #5b7db1; }
figure { margin: 1.2em 0; text-align: center; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: bold; margin-top: 0.3em; }
.closing { margin: 2.5em 4em 0 0; text-align: right; }
footer { margin-top: 2em; color: #666; font-size: 0.85rem; text-align: right; }
@media (max-width: 640px) {
  main { padding: 12px; }
  h1 { font-size: 1.3rem; }
  table { font-size: 0.8rem; }
}
@media print {
  @page { size: A4; margin: 18mm 15mm; }
  body { background: #fff; }
  main { max-width: none; padding: 0; }
  .table-wrap { overflow: visible; }
  tr, figure { page-break-inside: avoid; }
  h2, h3 { page-break-after: avoid; }
  .tone-green, .tone-yellow, .tone-red, .tone-grey, .bar > span {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".replace("FONTS", FONT_STACK)
    .replace("GREEN", TONE_FILLS[Tone.GREEN])
    .replace("YELLOW", TONE_FILLS[Tone.YELLOW])
    .replace("RED", TONE_FILLS[Tone.RED])
    .replace("GREY", TONE_FILLS[Tone.GREY])
)

_XML_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*>\s*(<!DOCTYPE[^>]*>\s*)?", re.S)
_NUMBERISH = re.compile(r"^[≤约超差+\-]?[\d.,]+(%|家|项|个工作日)?")


def _text(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _cell(cell: Cell, tag: str = "td") -> str:
    classes = []
    if cell.tone is not Tone.NONE:
        classes.append(f"tone-{cell.tone.value}")
    if _NUMBERISH.match(cell.text) and len(cell.text) <= 16:
        classes.append("num")
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    bar = ""
    if cell.bar is not None:
        width = min(max(cell.bar, 0.0), 1.0) * 100
        bar = f'<span class="bar" aria-hidden="true"><span style="width:{width:.1f}%"></span></span>'
    return f"<{tag}{attrs}>{bar}{_text(cell.text)}</{tag}>"


def render_table(table: Table) -> str:
    head = "".join(f"<th>{_text(h)}</th>" for h in table.header)
    body = "\n".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in table.rows)
    return f'<div class="table-wrap"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>'


def render_figure(figure: Figure) -> str:
    from zzgx_plan.render.charts import draw_svg  # matplotlib: only when a page has charts

    svg = _XML_PROLOGUE.sub("", draw_svg(figure.chart).decode("utf-8"))
    caption = escape(figure.caption)
    return f'<figure role="img" aria-label="{caption}">\n{svg}\n<figcaption>{caption}</figcaption>\n</figure>'


def render_block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, 4)
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_text(block.text)}</p>"
    if isinstance(block, Note):
        return f"<blockquote>{_text(block.text)}</blockquote>"
    if isinstance(block, BulletList):
        return "<ul>\n" + "\n".join(f"<li>{_text(item)}</li>" for item in block.items) + "\n</ul>"
    if isinstance(block, Table):
        return render_table(block)
    if isinstance(block, Figure):
        return render_figure(block)
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover - exhaustive over Block


def render_html(doc: Document, data_date: str = "") -> str:
    """The whole document as one HTML page (UTF-8 text ending in a newline)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(doc.title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(doc.title)}</h1>",
        *(f'<p class="front">{_text(line)}</p>' for line in doc.subtitle),
        *(render_block(b) for b in doc.blocks),
    ]
    if doc.closing:
        parts.append('<div class="closing">' + "<br>".join(escape(line) for line in doc.closing) + "</div>")
    if data_date:
        parts.append(f"<footer>数据日期：{escape(data_date)}</footer>")
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
