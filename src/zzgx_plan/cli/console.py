"""The rich console commands print to: wide enough for the status table when output is not a terminal."""

from __future__ import annotations

import sys

from rich.console import Console

#: Width used when stdout is not a terminal (pipes, files, tests), so output is stable and unwrapped.
PIPE_WIDTH = 200


def stdout_console() -> Console:
    if sys.stdout.isatty():
        return Console()
    return Console(file=sys.stdout, width=PIPE_WIDTH, color_system=None, soft_wrap=False)
