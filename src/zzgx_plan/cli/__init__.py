"""The ``plan`` command line, Typer only: each command module parses, calls one function, prints, exits;
what commands share lives in cli/base.py, and no command module imports another.

``from zzgx_plan.cli import app`` gives the application with every command registered
(what tests and embedders want); the ``plan`` entry point, :func:`main`, registers only
the command it runs (see :mod:`zzgx_plan.cli.commands`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    if name == "app":
        from zzgx_plan.cli.base import app
        from zzgx_plan.cli.commands import register

        register()
        return app
    if name == "main":
        from zzgx_plan.cli.base import main

        return main
    raise AttributeError(f"module 'zzgx_plan.cli' has no attribute {name!r}")
