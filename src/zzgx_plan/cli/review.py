"""``plan diff`` and ``plan history``: reviewing plan changes through git."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from zzgx_plan.cli.base import (
    app,
    data_dir,
    data_option,
    fail,
    format_option,
    parse_year_option,
    print_problems,
)


class DiffFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


class HistoryFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def diff(
    rev: str = typer.Argument(
        "HEAD", metavar="旧版本", help="较早的版本（git 提交、分支或标签；默认 HEAD，即最近一次提交）。"
    ),
    rev2: str | None = typer.Argument(None, metavar="新版本", help="较新的版本（默认：当前尚未提交的文件）。"),
    fmt: DiffFormat = format_option(
        DiffFormat, DiffFormat.TEXT, "输出格式：text（文字）、markdown（合并请求评论）或 json。"
    ),
    data: Path | None = data_option(),
) -> None:
    """两个版本之间方案数据的变化：目标值、指标、措施、单位和各指标状态。"""
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
    indicator: str = typer.Argument(..., metavar="指标", help="指标编号或指标名称。"),
    year_text: str | None = typer.Option(
        None, "--year", metavar="年度", help="只看这一年度的目标值（如 2024 或 2024年）。"
    ),
    fmt: HistoryFormat = format_option(HistoryFormat, HistoryFormat.TEXT, "输出格式：text（文字）或 json。"),
    data: Path | None = data_option(),
) -> None:
    """某项指标目标值及其解读、限定词、报送单位等设定的每一次调整：日期、提交、修改人、原值 → 新值和修改说明。"""
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
