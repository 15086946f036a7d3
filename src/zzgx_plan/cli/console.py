"""Where commands print: a rich console, or the plain :class:`~zzgx_plan.render.boxtable.Terminal` of the
status tables (no rich import on the path of ``plan status``); wide enough for the status table when output
is not a terminal."""

from __future__ import annotations

import os
import shutil
import sys
from typing import TYPE_CHECKING

from zzgx_plan.render.boxtable import Terminal, color_wanted

if TYPE_CHECKING:
    from rich.console import Console

#: Width used when stdout is not a terminal (pipes, files, tests) and COLUMNS is not set, so output is
#: stable and unwrapped.
PIPE_WIDTH = 200


def pipe_width() -> int:
    """``COLUMNS`` when set to a number (honoured for pipes too: ``COLUMNS=100 plan status 2024 | less``),
    else :data:`PIPE_WIDTH`."""
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH


def stdout_is_terminal() -> bool:
    """Is standard output a terminal (not a file or a pipe)?"""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def stdout_console() -> Console:
    """A console for command output. Data is printed as it is: no markup, emoji codes or highlighting are
    interpreted in it (a unit called "[示例]" stays "[示例]"), which also keeps rendering fast."""
    from rich.console import Console

    if stdout_is_terminal():
        return Console(markup=False, emoji=False, highlight=False)
    return Console(
        file=sys.stdout,
        width=pipe_width(),
        color_system=None,
        soft_wrap=False,
        markup=False,
        emoji=False,
        highlight=False,
    )


def stdout_terminal() -> Terminal:
    """The plain terminal of the status tables: the terminal's width (``COLUMNS`` first) and colours on a
    terminal; :func:`pipe_width` and no colours for a file or pipe."""
    if stdout_is_terminal():
        return Terminal(shutil.get_terminal_size().columns, color_wanted())
    return Terminal(pipe_width())
