"""The status tables' own drawing (render/boxtable) keeps rich's look and wrapping rules.

rich stays the reference: the same text wrapped by both, and the same table drawn by both, must agree
line for line (hypothesis draws the texts: Chinese, Latin, spaces, full-width punctuation).
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len as rich_cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zzgx_plan.render.boxtable import BoxCell, BoxColumn, Terminal, cell_len, draw, fold, wrap

ALPHABET = st.sampled_from(list("指标完成率序时进度（）“”、—※ ab1-%.  "))
TEXTS = st.text(ALPHABET, min_size=0, max_size=40)


def rich_wrap(text: str, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    return [line.plain for line in Text(text).wrap(console, width, overflow="fold")]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(TEXTS, st.integers(min_value=2, max_value=30))
def test_wrap_breaks_lines_where_rich_does(text: str, width: int) -> None:
    assert wrap(text, width) == rich_wrap(text, width)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(TEXTS)
def test_widths_in_cells_are_richs(text: str) -> None:
    assert cell_len(text) == rich_cell_len(text)


def test_fold_keeps_wide_characters_whole() -> None:
    # 5 cells: two Chinese characters (4 cells) fit, the third would cross the edge
    assert fold("※ 解读：左右", 5) == ["※ 解", "读：", "左右"]
    assert fold("", 5) == []


def rich_table(columns: list[BoxColumn], rows: list[list[BoxCell]]) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=200, color_system=None, markup=False, emoji=False, highlight=False)
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(
            c.header, justify="right" if c.right else "left", no_wrap=not c.wraps, width=c.width, overflow="fold"
        )
    for row in rows:
        table.add_row(*(Text(cell.text) for cell in row))
    console.print(table)
    return out.getvalue().splitlines()


NAMES = st.text(st.sampled_from(list("指标企业总量“”（）新增 ab")), min_size=1, max_size=20)
FIGURES = st.sampled_from(["17000", "97.1%", "—", "16500\n（2024-Q4）", "≥1000※", "0"])


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.tuples(NAMES, FIGURES, NAMES), min_size=1, max_size=6), st.integers(4, 14))
def test_a_table_is_drawn_as_rich_draws_it(rows: list[tuple[str, str, str]], name_width: int) -> None:
    figure_width = max(cell_len(line) for _, f, _ in rows for line in [*f.split("\n"), "完成值"])
    columns = [
        BoxColumn("指标", name_width),
        BoxColumn("完成值", figure_width, right=True, wraps=False),
        BoxColumn("单位", 6),
    ]
    cells = [[BoxCell(a), BoxCell(b), BoxCell(c)] for a, b, c in rows]
    assert draw(columns, cells, Terminal(200)) == rich_table(columns, cells)


def test_colours_only_where_asked() -> None:
    columns = [BoxColumn("状态", 6)]
    rows = [[BoxCell("已完成", "bold green")]]
    plain = draw(columns, rows, Terminal(80))
    assert plain[3] == "│ 已完成 │"
    coloured = draw(columns, rows, Terminal(80, color=True))
    assert coloured[1] == "┃ \x1b[1m状态\x1b[0m   ┃"
    assert coloured[3] == "│ \x1b[1;32m已完成\x1b[0m │"


def test_print_wraps_at_spaces_and_keeps_a_short_line(tmp_path) -> None:
    out = io.StringIO()
    terminal = Terminal(20, file=out)
    terminal.print("郑州高新区工作方案 2024年目标完成情况")
    terminal.print("短")
    # the break falls at the space (rich's rule: the space stays on the first line, within the width)
    assert out.getvalue() == "郑州高新区工作方案 \n2024年目标完成情况\n短\n"


def test_yaml_strings_and_plain_integers_read_as_pyyaml_reads_them() -> None:
    """The loader's fast path for the commonest scalars agrees with PyYAML on the forms around it."""
    from zzgx_plan.files.yamlfile import parse_yaml

    text = "a: 017\nb: 0x1F\nc: 1_000\nd: -5\ne: 文字\nf: '12'\ng: 1:30\nh: +0\ni: ０１\nj: 3.5\nk: 0\n"
    doc, problems = parse_yaml(text, "x.yaml")
    assert problems == [] and doc is not None
    import yaml

    assert doc.data == yaml.safe_load(text)
    assert doc.data == {"a": 15, "b": 31, "c": 1000, "d": -5, "e": "文字", "f": "12", "g": 90, "h": 0,
                        "i": "０１", "j": 3.5, "k": 0}  # fmt: skip


def test_notes_never_start_a_line_with_a_closing_bracket_or_a_stop(cli, monkeypatch) -> None:
    """The ``※ 解读`` notes under the status table broke as ``……（企业开办办结时限`` / ``）`` and
    ``……不是本方案的规定`` / ``；名录中……``: a line of Chinese prose never starts with ）or ；(避头), the
    character before moves down."""
    from zzgx_plan.render.boxtable import fold_prose

    assert fold("（企业开办办结时限）", 6) == ["（企业", "开办办", "结时限", "）"]
    assert fold_prose("（企业开办办结时限）", 6) == ["（企业", "开办办", "结时", "限）"]
    assert fold_prose("规定；名录", 4) == ["规", "定；", "名录"]  # fold gives 规定 / ；名 / 录
    assert fold_prose("ab", 1) == ["a", "b"]
    monkeypatch.setenv("COLUMNS", "100")
    from .conftest import REPO_DATA

    for args in (("status", "2025"), ("status", "2023-2025")):
        out = cli(*args, "--data", REPO_DATA).stdout
        notes = [line for line in out.splitlines() if line and line[0] not in "┏┃┡│├└"]
        assert not [line for line in notes if line[0] in "）；，。、"], out
        assert max(cell_len(line) for line in notes) <= 100
