"""Command-line interface: ``plan`` (Typer)."""

from zzgx_plan.cli.app import app, main

__all__ = ["app", "main"]
