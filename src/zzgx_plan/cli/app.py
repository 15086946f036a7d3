"""The Typer application object and what every command shares.

Commands are thin: parse options, call one core function, render, exit.
Exit codes: 0 ok, 1 invalid data or a refusal (:class:`CommandError`), 2 usage errors (Typer/Click).
Errors go to stderr as ``path:line: message``; a traceback only with ``--debug``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import typer

from zzgx_plan.problems import Problem

app = typer.Typer(
    name="plan",
    help="郑州高新区培育壮大市场主体工作方案（2023-2025年）指标跟踪 — indicator tracker.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}


class CommandError(Exception):
    """A command refuses: prints its message (and any problems) to stderr and exits 1."""

    def __init__(self, message: str = "", problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for unexpected errors."),
) -> None:
    _state["debug"] = debug


DATA_OPTION_HELP = "Plan data directory (default: $PLAN_DATA, else ./data)."


def data_dir(option: Path | None) -> Path:
    """The data directory: ``--data``, else ``$PLAN_DATA``, else ``./data``."""
    if option is not None:
        return option
    env = os.environ.get("PLAN_DATA")
    return Path(env) if env else Path("data")


def print_problems(problems: Iterable[Problem], with_code: bool = False) -> None:
    for p in problems:
        typer.echo(p.format(with_code=with_code), err=True)


def main() -> None:
    """Console-script entry point (``plan``)."""
    # Import command modules so they register on ``app``.
    from zzgx_plan.cli import commands  # noqa: F401

    try:
        app()
    except CommandError as exc:
        print_problems(exc.problems)
        if exc.message:
            typer.echo(f"plan: {exc.message}", err=True)
        sys.exit(1)
    except Exception as exc:  # pragma: no cover - exercised by hand
        if _state["debug"]:
            raise
        typer.echo(f"plan: internal error: {exc.__class__.__name__}: {exc} (run with --debug)", err=True)
        sys.exit(1)
