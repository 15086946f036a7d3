"""A small, format-neutral document model that reports are built as.

A report is assembled once as a :class:`Document` (headings, paragraphs, notes,
lists and tables whose cells may carry a status :class:`Tone`), then rendered by
:mod:`zzgx_plan.render.markdown` or :mod:`zzgx_plan.render.docx_writer`. Keeping
the content in one neutral structure guarantees that the Markdown and the Word
version of a report say exactly the same thing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from zzgx_plan.compute.status import Status

if TYPE_CHECKING:
    from zzgx_plan.render.charts import Chart


class Tone(StrEnum):
    """The traffic-light colour of a status (绿/黄/红/灰), used as cell shading in Word."""

    NONE = "none"
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    GREY = "grey"

    @property
    def label_zh(self) -> str:
        return _TONE_LABELS[self]


_TONE_LABELS = {Tone.NONE: "", Tone.GREEN: "绿", Tone.YELLOW: "黄", Tone.RED: "红", Tone.GREY: "灰"}

#: Traffic-light tone of each indicator status: the same in Word, HTML, Markdown, charts and workbooks.
STATUS_TONES: dict[Status, Tone] = {
    Status.ACHIEVED: Tone.GREEN,
    Status.ON_TRACK: Tone.GREEN,
    Status.AT_RISK: Tone.YELLOW,
    Status.BEHIND: Tone.RED,
    Status.MISSED: Tone.RED,
    Status.NO_DATA: Tone.GREY,
    Status.NO_TARGET: Tone.GREY,
}

#: Fill colour (hex RGB) per status tone: the usual light traffic-light fills of Excel and Word.
TONE_FILLS: dict[Tone, str] = {
    Tone.GREEN: "C6EFCE",
    Tone.YELLOW: "FFEB9C",
    Tone.RED: "FFC7CE",
    Tone.GREY: "D9D9D9",
}


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: its text, an optional status tone and an optional completion bar.

    ``bar`` is a completion share (0.625 = 62.5 %); renderers draw it before the text.
    """

    text: str
    tone: Tone = Tone.NONE
    bar: float | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; level 1 is the top level below the document title."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    """A remark set off from the body text (a blockquote in Markdown, small type in Word)."""

    text: str


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row. Every row has as many cells as the header."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: A wide table that Word sets in an attachment (附件) in landscape, e.g. "附件1 主要指标完成情况表";
    #: ``caption`` names it there (the heading it sits under in the body). Markdown and HTML keep it in place.
    attachment: str = ""
    caption: str = ""

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"table row has {len(row)} cells, header has {len(self.header)}")


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart: ``name`` is its file stem (``overview`` → ``overview.svg``), ``chart`` what
    :mod:`zzgx_plan.render.charts` draws (SVG in HTML and Markdown, PNG in Word)."""

    name: str
    caption: str
    chart: Chart


Block = Heading | Paragraph | Note | BulletList | Table | Figure


@dataclass(frozen=True, slots=True)
class Document:
    """A titled sequence of blocks. ``subtitle`` lines sit under the title (front matter)."""

    title: str
    subtitle: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    #: The closing block: the office's name and the date (the data's date, so the report stays deterministic).
    closing: tuple[str, ...] = ()


def cells(*texts: str | Cell) -> tuple[Cell, ...]:
    """A table row from plain strings and/or cells."""
    return tuple(t if isinstance(t, Cell) else Cell(t) for t in texts)


BAR_WIDTH = 10


def progress_bar(share: float, width: int = BAR_WIDTH) -> str:
    """A text bar of ``width`` blocks for a completion share: 0.625 → ``██████░░░░``.

    Blocks are rounded down, so only a completed share draws a full bar; shares
    below 0 draw an empty bar and above 1 a full one. Plain Unicode block
    characters render in any Markdown viewer and in Word.
    """
    if math.isnan(share):
        share = 0.0
    filled = math.floor(min(max(share, 0.0), 1.0) * width + 1e-9)
    return "█" * filled + "░" * (width - filled)
