"""``plan validate``: check every data file; print every problem; exit 1 on any error."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from zzgx_plan.cli.base import (
    app,
    data_dir,
    data_option,
    format_option,
)
from zzgx_plan.core.problems import sort_problems
from zzgx_plan.load import LoadResult, load
from zzgx_plan.load.summary import validation_report


class ValidateFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def validate(
    data: Path | None = data_option(),
    fmt: ValidateFormat = format_option(ValidateFormat, ValidateFormat.TEXT, "输出格式。"),
) -> None:
    """检查方案、目标值、完成值、推进情况和企业名录等数据文件，列出每一处问题；有错误时退出码为 1。"""
    root = data_dir(data)
    result = load(root)
    register_rows = None
    if result.data is not None:
        from zzgx_plan.registers.plan import check_registers, has_registers  # pyarrow: only with registers

        if has_registers(root):
            register_rows, found = check_registers(root, result.data)
            result = LoadResult(result.data, sort_problems(result.problems + found))
    report = validation_report(root, result)
    if register_rows is not None:
        report["registers"] = {"rows": register_rows}
    if fmt is ValidateFormat.JSON:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for p in result.problems:
            typer.echo(p.format())
        typer.echo(
            f"共 {report['stats']['errors']} 处错误、{report['stats']['warnings']} 处警告（{root}）"
            + ("" if report["valid"] else "；请按上面的提示修改")
        )
    if not report["valid"]:
        raise typer.Exit(1)
