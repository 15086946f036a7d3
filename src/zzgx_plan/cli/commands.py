"""Which module defines each ``plan`` command, so that a run imports only the one it needs.

Typer builds every registered command (and its parameters) on each start; with all
commands registered that costs more than the rest of ``plan status`` does. ``main``
therefore registers just the module of the command named on the command line, and
everything for ``plan --help`` or an unknown name. Add a line here for each new
command; ``tests/test_cli_commands.py`` checks the table against the modules.
"""

from __future__ import annotations

import importlib

COMMAND_MODULES: dict[str, str] = {
    "conversion": "registers",
    "diff": "review",
    "firm": "registers",
    "firms": "registers",
    "history": "review",
    "import": "submission",
    "init": "init",
    "measures": "measures",
    "missing": "submission",
    "record": "submission",
    "report": "report",
    "status": "status",
    "template": "submission",
    "units": "units",
    "validate": "validate",
}


#: The order commands are listed in by ``plan --help``: the analyst's first, then the office's, then the rest.
MODULE_ORDER = ("status", "report", "validate", "init", "measures", "units", "submission", "review", "registers")


def register(command: str | None = None) -> None:
    """Import the module defining ``command`` (every command module when None or unknown)."""
    if command in COMMAND_MODULES:
        modules = [COMMAND_MODULES[command]]
    else:
        modules = sorted(set(COMMAND_MODULES.values()), key=MODULE_ORDER.index)
    for module in modules:
        importlib.import_module(f"zzgx_plan.cli.{module}")


def command_in(argv: list[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option), if any."""
    for word in argv:
        if not word.startswith("-"):
            return word
    return None
