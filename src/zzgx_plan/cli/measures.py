"""``plan measures``: the 22 measures with their lead and responsible units."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from zzgx_plan.cli.base import DATA_METAVAR, DATA_OPTION_HELP, UNIT_METAVAR, ListFormat, app, load_or_fail, resolve_unit
from zzgx_plan.cli.console import stdout_console
from zzgx_plan.render.plan_tables import measure_to_dict, render_measures_table


@app.command()
def measures(
    unit: str | None = typer.Option(
        None, "--unit", metavar=UNIT_METAVAR, help="只看该单位牵头或参与的措施（可用简称）。"
    ),
    fmt: ListFormat = typer.Option(ListFormat.TABLE, "--format", help="输出格式。"),
    data: Path | None = typer.Option(None, "--data", metavar=DATA_METAVAR, help=DATA_OPTION_HELP),
) -> None:
    """列出方案的工作措施及其牵头单位、责任单位和相关指标。"""
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
