"""``plan units [NAME]``: the responsibility matrix, or one unit's measures and indicators."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from zzgx_plan.cli.base import (
    ListFormat,
    app,
    check_export_options,
    data_date,
    data_dir,
    data_option,
    export_path,
    force_option,
    format_option,
    load_or_fail,
    output_option,
    resolve_unit,
    write_output,
)
from zzgx_plan.cli.console import stdout_console
from zzgx_plan.compute.responsibility import responsibility, responsibility_matrix
from zzgx_plan.render.plan_tables import render_matrix, render_unit, responsibility_to_dict


@app.command()
def units(
    name: str | None = typer.Argument(None, metavar="单位", help="只看这个单位（可用简称），如 枫杨园区运营中心。"),
    fmt: ListFormat = format_option(ListFormat, ListFormat.TABLE, "输出格式。"),
    data: Path | None = data_option(),
    output: Path | None = output_option(),
    force: bool = force_option(),
) -> None:
    """责任矩阵：各单位牵头和参与的工作措施；给出单位时列出它的措施与指标。"""
    check_export_options(output, fmt.value)
    plan = load_or_fail(data).plan
    unit_name = resolve_unit(plan, name, "单位")
    chosen = [responsibility(plan, unit_name)] if unit_name else responsibility_matrix(plan)
    if fmt is ListFormat.XLSX:
        from zzgx_plan.render.plan_workbooks import units_workbook

        content = units_workbook(chosen, data_date(data_dir(data)))
        write_output(content, export_path(output, f"units-{unit_name}.xlsx" if unit_name else "units.xlsx"), force)
    elif fmt is ListFormat.JSON:
        items = [responsibility_to_dict(r) for r in chosen]
        typer.echo(json.dumps(items[0] if unit_name else items, ensure_ascii=False, indent=2))
    elif unit_name:
        render_unit(chosen[0], stdout_console())
    else:
        render_matrix(chosen, stdout_console())
