"""The ``plan`` command line, Typer only: each command module parses, calls one function, prints, exits;
what commands share lives in cli/base.py, and no command module imports another.

``from zzgx_plan.cli import app`` gives the application with every command registered
(what tests and embedders want); the ``plan`` entry point, :func:`main`, registers only
the command it runs (see :mod:`zzgx_plan.cli.commands`).
"""

from __future__ import annotations

import contextlib
import signal
import sys
from typing import Any

__all__ = ["Interrupted", "app", "main"]

#: The exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells report it.
INTERRUPTED_EXIT = 130


class Interrupted(BaseException):
    """Ctrl-C. A BaseException of our own, not KeyboardInterrupt: Click would turn that into "Aborted!" and
    exit 1; this passes through Click (and ``except Exception``), cleanup in ``finally`` blocks still runs."""


def _on_sigint(signum: int, frame: object) -> None:
    raise Interrupted


class _Swallowed:
    """Whether a Ctrl-C landed where Python cannot raise it (a weakref callback or ``__del__``, e.g. inside
    the import system's locks): there it is only reported as "Exception ignored in …" and the run goes on."""

    seen = False


def _on_unraisable(unraisable: Any, previous: Any = sys.unraisablehook) -> None:
    if isinstance(unraisable.exc_value, Interrupted):
        _Swallowed.seen = True  # remembered and acted on when the command returns, not printed
        return
    previous(unraisable)


def main() -> None:
    """Console-script entry point (``plan``). Ctrl-C from here on — even while the libraries are still being
    imported — ends the run quietly with exit status 130 (no traceback)."""
    try:
        # Installed inside the try: a Ctrl-C the moment the handler is in place is caught below too.
        with contextlib.suppress(ValueError):  # ValueError: not the main thread (embedded): leave signals alone
            signal.signal(signal.SIGINT, _on_sigint)
            sys.unraisablehook = _on_unraisable
        try:
            from zzgx_plan.cli.base import main as run

            run()
        finally:
            if _Swallowed.seen:  # a Ctrl-C that Python swallowed still ends the run as Ctrl-C does
                raise Interrupted
    except (Interrupted, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while exiting stays quiet too
        sys.stderr.write("\n")
        sys.exit(INTERRUPTED_EXIT)


def __getattr__(name: str) -> Any:
    if name == "app":
        from zzgx_plan.cli.base import app
        from zzgx_plan.cli.commands import register

        register()
        return app
    raise AttributeError(f"module 'zzgx_plan.cli' has no attribute {name!r}")
