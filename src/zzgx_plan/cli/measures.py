"""``plan measures``: the 22 measures with their lead and responsible units."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from zzgx_plan.cli.base import DATA_OPTION_HELP, ListFormat, app, format_option, load_or_fail, resolve_unit
from zzgx_plan.cli.console import stdout_console
from zzgx_plan.render.plan_tables import measure_to_dict, render_measures_table


@app.command()
def measures(
    unit: str | None = typer.Option(None, "--unit", help="Only measures this unit leads or shares."),
    fmt: ListFormat = format_option(ListFormat, ListFormat.TABLE, "Output format."),
    data: Path | None = typer.Option(None, "--data", help=DATA_OPTION_HELP),
) -> None:
    """List the plan's measures (措施) with 牵头单位 / 责任单位 and their indicators."""
    plan = load_or_fail(data).plan
    unit_name = resolve_unit(plan, unit)
    if unit_name:
        lead, shared = plan.measures_of_unit(unit_name)
        chosen = sorted(lead + shared, key=lambda m: m.number)
    else:
        chosen = list(plan.measures)
    if fmt is ListFormat.JSON:
        typer.echo(json.dumps([measure_to_dict(plan, m) for m in chosen], ensure_ascii=False, indent=2))
    else:
        render_measures_table(plan, chosen, stdout_console())
