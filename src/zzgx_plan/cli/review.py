"""``plan diff`` and ``plan history``: reviewing plan changes through git."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from zzgx_plan.cli.base import DATA_OPTION_HELP, app, data_dir, fail, format_option, parse_year_option, print_problems


class DiffFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


class HistoryFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def diff(
    rev: str = typer.Argument("HEAD", help="The earlier revision (default HEAD)."),
    rev2: str | None = typer.Argument(None, help="The later revision (default: the working tree)."),
    fmt: DiffFormat = format_option(DiffFormat, DiffFormat.TEXT, "text, markdown (a PR comment) or json."),
    data: Path | None = typer.Option(None, "--data", help=DATA_OPTION_HELP),
) -> None:
    """What changed in the plan between two git revisions: targets, indicators, measures, units, status."""
    # imported here: git access and the diff engine stay off the start-up path of other commands
    from zzgx_plan.review import render as diffrender
    from zzgx_plan.review.diff import plan_diff
    from zzgx_plan.review.git import WORKTREE, GitError

    try:
        result = plan_diff(data_dir(data), rev, rev2 or WORKTREE)
    except GitError as exc:
        if exc.usage:
            raise typer.BadParameter(exc.message, param_hint="REV") from None
        fail(exc.message, exc.problems)
    if fmt is DiffFormat.JSON:
        typer.echo(diffrender.render_json(result), nl=False)
        return
    if fmt is DiffFormat.MARKDOWN:
        typer.echo(diffrender.render_markdown(result), nl=False)
        return
    typer.echo(diffrender.render_text(result), nl=False)
    for version in (result.old, result.new):
        if version.errors:
            typer.echo(f"plan: 注意：{version.label} 版本的数据有 {len(version.errors)} 个错误：", err=True)
            print_problems(version.errors, with_code=True)


@app.command()
def history(
    indicator: str = typer.Argument(..., help="Indicator id or its exact Chinese name."),
    year_text: str | None = typer.Option(None, "--year", help="Only the target for this year (2024 or 2024年)."),
    fmt: HistoryFormat = format_option(HistoryFormat, HistoryFormat.TEXT, "text or json."),
    data: Path | None = typer.Option(None, "--data", help=DATA_OPTION_HELP),
) -> None:
    """Every change of an indicator's targets in git history: date, commit, author, old → new, message."""
    from zzgx_plan.review import render as diffrender
    from zzgx_plan.review.git import GitError
    from zzgx_plan.review.history import target_history

    year = parse_year_option(year_text, "--year")
    try:
        result = target_history(data_dir(data), indicator, year)
    except GitError as exc:
        if exc.usage:
            raise typer.BadParameter(exc.message, param_hint="INDICATOR") from None
        fail(exc.message, exc.problems)
    if fmt is HistoryFormat.JSON:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(diffrender.render_history(result, year))
