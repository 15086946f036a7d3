"""``plan measures``: the 22 measures with their lead and responsible units."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from zzgx_plan.cli.base import (
    UNIT_METAVAR,
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
from zzgx_plan.render.plan_tables import measure_to_dict, render_measures_table


@app.command()
def measures(
    unit: str | None = typer.Option(
        None, "--unit", metavar=UNIT_METAVAR, help="只看该单位牵头或参与的措施（可用简称）。"
    ),
    fmt: ListFormat = format_option(ListFormat, ListFormat.TABLE, "输出格式。"),
    data: Path | None = data_option(),
    output: Path | None = output_option(),
    force: bool = force_option(),
) -> None:
    """列出方案的工作措施及其牵头单位、责任单位和相关指标。"""
    check_export_options(output, fmt.value)
    plan = load_or_fail(data).plan
    unit_name = resolve_unit(plan, unit)
    if unit_name:
        lead, shared = plan.measures_of_unit(unit_name)
        chosen = sorted(lead + shared, key=lambda m: m.number)
    else:
        chosen = list(plan.measures)
    if fmt is ListFormat.XLSX:
        from zzgx_plan.render.plan_workbooks import measures_workbook

        content = measures_workbook(plan, chosen, data_date(data_dir(data)))
        write_output(content, export_path(output, "measures.xlsx"), force)
    elif fmt is ListFormat.JSON:
        typer.echo(json.dumps([measure_to_dict(plan, m) for m in chosen], ensure_ascii=False, indent=2))
    else:
        render_measures_table(plan, chosen, stdout_console())
