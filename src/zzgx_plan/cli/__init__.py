"""Command-line interface: ``plan`` (Typer). Importing this package registers every command."""

from zzgx_plan.cli import commands as _commands  # noqa: F401  (registers commands on app)
from zzgx_plan.cli.app import app, main

__all__ = ["app", "main"]
