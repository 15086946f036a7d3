"""``plan measures``: the 22 measures with their lead and responsible units."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from zzgx_plan.cli.base import (
    DATA_OPTION_HELP,
    FORCE_OPTION_HELP,
    OUTPUT_OPTION_HELP,
    ListFormat,
    app,
    check_export_options,
    data_date,
    data_dir,
    export_path,
    format_option,
    load_or_fail,
    resolve_unit,
    write_output,
)
from zzgx_plan.cli.console import stdout_console
from zzgx_plan.render.plan_tables import measure_to_dict, render_measures_table


@app.command()
def measures(
    unit: str | None = typer.Option(None, "--unit", help="Only measures this unit leads or shares."),
    fmt: ListFormat = format_option(ListFormat, ListFormat.TABLE, "Output format."),
    data: Path | None = typer.Option(None, "--data", help=DATA_OPTION_HELP),
    output: Path | None = typer.Option(None, "--output", "-o", help=OUTPUT_OPTION_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_OPTION_HELP),
) -> None:
    """List the plan's measures (措施) with 牵头单位 / 责任单位 and their indicators."""
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
