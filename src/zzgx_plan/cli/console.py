"""The rich console commands print to: wide enough for the status table when output is not a terminal."""

from __future__ import annotations

import sys

from rich.console import Console

#: Width used when stdout is not a terminal (pipes, files, tests), so output is stable and unwrapped.
PIPE_WIDTH = 200


def stdout_console() -> Console:
    """A console for command output. Data is printed as it is: no markup, emoji codes or highlighting are
    interpreted in it (a unit called "[示例]" stays "[示例]"), which also keeps rendering fast."""
    if sys.stdout.isatty():
        return Console(markup=False, emoji=False, highlight=False)
    return Console(
        file=sys.stdout,
        width=PIPE_WIDTH,
        color_system=None,
        soft_wrap=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
