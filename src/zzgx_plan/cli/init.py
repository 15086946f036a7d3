"""``plan init DIR [--from 方案.docx]``: a new plan's data directory, empty or drafted from the document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from zzgx_plan.cli.base import app, fail
from zzgx_plan.core.periods import YearRangeError, parse_year_range


@app.command()
def init(
    directory: Path = typer.Argument(..., metavar="目录", help="新方案的数据目录（不存在或为空）。"),
    source: Path | None = typer.Option(
        None, "--from", help="方案文件（.docx 或 .txt）：由文件起草措施、单位和目标表。"
    ),
    years: str | None = typer.Option(
        None, "--years", metavar="年份", help="空白目录的方案年份，如 2026-2028（默认今年起三年）。"
    ),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的非空目录。"),
) -> None:
    """创建新工作方案的数据目录；加 --from 时由方案文件起草（草稿中的推断标“# 待核对”）。"""
    from zzgx_plan.newplan import (
        DocumentError,
        InitRefused,
        create_plan_dir,
        draft_files,
        skeleton_files,
        summarize,
    )

    summary: list[str] = []
    try:
        if source is not None:
            if years is not None:
                raise typer.BadParameter("--years 只用于空白目录；--from 时年份取自方案文件", param_hint="--years")
            if not source.exists():  # a file the user named that is not there: a usage error, as in plan import
                raise typer.BadParameter(f"找不到文件 {source}；请检查路径", param_hint="--from")
            files, draft = draft_files(source)
            summary = summarize(draft)
        else:
            if years is None:
                start = dt.date.today().year
                span = (start, start + 2)
            else:
                try:
                    span = parse_year_range(years)
                except YearRangeError as exc:
                    raise typer.BadParameter(str(exc), param_hint="--years") from None
            files = skeleton_files(*span)
        written = create_plan_dir(directory, files, force=force)
    except (DocumentError, InitRefused) as exc:
        fail(str(exc))
    except OSError as exc:
        from zzgx_plan.files.reading import os_reason

        fail(f"无法写入 {directory}：{os_reason(exc, writing=True)}")
    typer.echo(f"已创建方案数据目录：{directory}（{'、'.join(written)}）")
    for line in summary:
        typer.echo(line)
    typer.echo(f"下一步：核对并补全标“（待填）”“# 待核对”的内容，然后运行 plan validate --data {directory}")
