"""Terminal text without rich: cell widths, wrapping, and a table drawn in box characters.

``plan status`` prints a table on every run, and importing rich's console and table and laying the
table out cost about 20 ms, a third of its start-up beyond the bare imports (``benchmarks/latency.py``).
The status tables are therefore drawn here, in the look of rich's default table (a heavy header
rule, ``│`` between columns, one space of padding) and with its wrapping rules (break at spaces,
fold a word longer than the column by terminal cells); the other commands' tables use rich.

Widths are terminal cells: East Asian wide and full-width characters take two, combining marks
none, everything else (``“”``, ``—``, ``※`` included) one, as rich and the usual terminals count them.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TextIO

#: ANSI select-graphic-rendition codes of the style words the tables use ("bold green", "dim" …).
_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33"}


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    """Terminal cells of one character."""
    if char < "\u0300":  # ASCII and Latin-1: one cell (control characters are not in table text)
        return 1
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def cell_len(text: str) -> int:
    """Terminal cells of ``text``."""
    return len(text) if text.isascii() else sum(char_cells(c) for c in text)


def fold(text: str, width: int, prose: bool = False) -> list[str]:
    """``text`` cut into pieces of at most ``width`` cells, character by character (a wide character that
    would cross the edge starts the next piece). For ``prose`` (the ``※ 解读：……`` notes) a line never
    starts with a closing bracket or a stop (``）``、``；``): the character before it moves down with it."""
    lines, current, used = [], "", 0
    for char in text:
        cells = char_cells(char)
        if current and used + cells > width:
            carried = ""
            if prose and char in NO_LINE_START and len(current) > 1:
                current, carried = current[:-1], current[-1]
            lines.append(current)
            current, used = carried, cell_len(carried)
        current += char
        used += cells
    return [*lines, current] if current else lines


#: Punctuation a Chinese line must not start with (避头点): closing brackets and quotes, stops and commas.
NO_LINE_START = frozenset("）)》」』】〕”’，。、；：！？…,.;:!?%")


def fold_prose(text: str, width: int) -> list[str]:
    """:func:`fold` for sentences: no line starts with closing punctuation."""
    return fold(text, width, prose=True)


def _words(text: str) -> list[str]:
    """``text`` as words, each with the spaces after it (leading spaces belong to the first word)."""
    words: list[str] = []
    current = ""
    for char in text:
        if not char.isspace() and current and current[-1].isspace() and current.strip():
            words.append(current)
            current = ""
        current += char
    if current:
        words.append(current)
    return words


def wrap(text: str, width: int) -> list[str]:
    """One line of ``text`` (no newline) wrapped to ``width`` cells: broken before a word that does not fit,
    a word wider than a whole line folded. These are rich's rules (``rich._wrap.divide_line``), so the
    tables look as they did when rich drew them; spaces at a break stay unless they pass the edge."""
    lines: list[str] = []
    current, used = "", 0
    for index, word in enumerate(_words(text)):
        length = cell_len(word.rstrip())
        if width - used >= length:
            current += word
            used += cell_len(word)
        elif length > width:
            for k, piece in enumerate(fold(word, width)):
                if k or index:
                    lines.append(current)
                    current = ""
                current += piece
                used = cell_len(piece)
        elif used and index:
            lines.append(current)
            current, used = word, cell_len(word)
    lines.append(current)
    return [_crop_spaces(line, width) for line in lines]


def _crop_spaces(line: str, width: int) -> str:
    """Spaces at the end of a line that pass the edge are dropped (rich's ``rstrip_end``)."""
    excess = cell_len(line) - width
    if excess <= 0:
        return line
    spaces = len(line) - len(line.rstrip())
    return line[: len(line) - min(spaces, excess)]


def cell_lines(text: str, width: int, wraps: bool = True) -> list[str]:
    """The lines of a table cell: each of its lines wrapped (or, for a cell that never wraps, folded
    only where it is wider than the column)."""
    out: list[str] = []
    for line in text.split("\n"):
        if wraps:
            out += wrap(line, width)
        else:
            out += fold(line, width) if cell_len(line) > width else [line]
    return out or [""]


@dataclass(frozen=True)
class BoxColumn:
    """A table column: its header, width in cells, right-aligned (figures) or not, wrapping or not."""

    header: str
    width: int
    right: bool = False
    wraps: bool = True


@dataclass(frozen=True)
class BoxCell:
    text: str
    style: str = ""


class Terminal:
    """Where terminal text goes: its width in cells, and whether styles are drawn as colours."""

    def __init__(self, width: int, color: bool = False, file: TextIO | None = None) -> None:
        self.width = width
        self.color = color
        self.file = file

    def styled(self, text: str, style: str) -> str:
        codes = [_SGR[word] for word in style.split() if word in _SGR]
        if not self.color or not codes or not text:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"

    def print(self, text: str = "") -> None:
        """Print ``text``, each line wrapped to the width."""
        for line in text.split("\n"):
            self.write_lines(wrap(line, self.width))

    def print_folded(self, text: str) -> None:
        """Print ``text`` folded by cells: for ``※ 解读：……`` notes, which must not break after the mark."""
        self.write_lines(fold_prose(text, self.width) or [""])

    def write_lines(self, lines: Sequence[str]) -> None:
        out = self.file if self.file is not None else sys.stdout
        out.write("".join(line + "\n" for line in lines))

    def table(self, columns: Sequence[BoxColumn], rows: Sequence[Sequence[BoxCell]]) -> None:
        self.write_lines(draw(columns, rows, self))


def color_wanted() -> bool:
    """Colours on a terminal (the caller knows it is one), unless NO_COLOR or TERM=dumb says otherwise; on
    Windows only in Windows Terminal (the old console shows escape codes as text)."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb":
        return False
    return os.name != "nt" or "WT_SESSION" in os.environ


def draw(columns: Sequence[BoxColumn], rows: Sequence[Sequence[BoxCell]], terminal: Terminal) -> list[str]:
    """The table's lines: a heavy rule under the header, ``│`` between columns, no rules between rows."""

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (c.width + 2) for c in columns) + right

    def block(cells: Sequence[BoxCell], bar: str, header: bool) -> list[str]:
        texts = [cell_lines(cell.text, col.width, col.wraps) for cell, col in zip(cells, columns, strict=True)]
        height = max(len(t) for t in texts)
        lines = []
        for i in range(height):
            parts = []
            for col, cell, text in zip(columns, cells, texts, strict=True):
                line = text[i] if i < len(text) else ""
                pad = " " * max(col.width - cell_len(line), 0)
                shown = terminal.styled(line, "bold" if header else cell.style)
                parts.append(f" {pad}{shown} " if col.right else f" {shown}{pad} ")
            lines.append(bar + bar.join(parts) + bar)
        return lines

    out = [rule("┏", "━", "┳", "┓")]
    out += block([BoxCell(c.header) for c in columns], "┃", header=True)
    out.append(rule("┡", "━", "╇", "┩"))
    for row in rows:
        out += block(row, "│", header=False)
    out.append(rule("└", "─", "┴", "┘"))
    return out
