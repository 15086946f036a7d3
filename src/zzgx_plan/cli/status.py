"""``plan status YEAR``: every indicator's target, actual, 序时进度, gap, projection and status."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from zzgx_plan.cli.base import (
    DATA_METAVAR,
    DATA_OPTION_HELP,
    PERIOD_METAVAR,
    UNIT_METAVAR,
    app,
    data_dir,
    load_or_fail,
    parse_period_option,
    resolve_unit,
)
from zzgx_plan.cli.console import stdout_console
from zzgx_plan.compute.status import progress_as_of
from zzgx_plan.core.models import IndicatorSource
from zzgx_plan.render import status as render


class Breakdown(StrEnum):
    PARK = "park"


class StatusFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


@app.command()
def status(
    year: int = typer.Argument(..., metavar="年度", help="方案年度，如 2024。"),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar=PERIOD_METAVAR, help="统计截至的期间，如 2024-Q3、2024-09 或 2024。"
    ),
    unit: str | None = typer.Option(
        None, "--unit", metavar=UNIT_METAVAR, help="只看该单位牵头或参与的指标（可用简称）。"
    ),
    fmt: StatusFormat = typer.Option(StatusFormat.TABLE, "--format", help="输出格式。"),
    by: Breakdown | None = typer.Option(None, "--by", help="增加分组：park 为按园区分列（依据企业名录统计）。"),
    data: Path | None = typer.Option(None, "--data", metavar=DATA_METAVAR, help=DATA_OPTION_HELP),
) -> None:
    """该年度各项指标的目标值、完成值、完成率、序时进度、差距与状态。"""
    period = parse_period_option(as_of, "--as-of")
    loaded = load_or_fail(data)
    plan = loaded.plan
    if year not in plan.meta.years:
        raise typer.BadParameter(
            f"{year} 年不在方案期（{plan.meta.start_year}—{plan.meta.end_year} 年）内", param_hint="年度"
        )
    if period is not None and period.year != year:
        raise typer.BadParameter(f"{period} 不是 {year} 年内的期间", param_hint="--as-of")
    unit_name = resolve_unit(plan, unit)
    indicators = plan.indicators_of_unit(unit_name) if unit_name else None
    register = None
    if by is Breakdown.PARK or any(ind.source is IndicatorSource.REGISTER for ind in plan.indicators):
        from zzgx_plan.cli.registers import registers_or_fail  # imports pyarrow: only when registers are needed
        from zzgx_plan.registers.plan import with_register_actuals

        register = registers_or_fail(data_dir(data), loaded)
        loaded = with_register_actuals(loaded, register)
    report = progress_as_of(loaded, year, period, indicators)
    if by is Breakdown.PARK and register is not None:
        from zzgx_plan.registers import render as park_render
        from zzgx_plan.registers.plan import park_breakdown

        breakdown = park_breakdown(loaded, register, year, report.as_of, indicators)
        if fmt is StatusFormat.JSON:
            payload = render.report_to_dict(report)
            payload["by_park"] = park_render.breakdown_to_dict(breakdown)
            typer.echo(park_render.dumps(payload), nl=False)
        elif fmt is StatusFormat.CSV:
            typer.echo(park_render.breakdown_csv(breakdown), nl=False)
        elif fmt is StatusFormat.MARKDOWN:
            typer.echo(
                render.render_markdown(report, plan.meta.title) + "\n" + park_render.breakdown_markdown(breakdown),
                nl=False,
            )
        else:
            console = stdout_console()
            render.render_table(report, plan.meta.title, console)
            park_render.render_breakdown(breakdown, console)
    elif fmt is StatusFormat.JSON:
        typer.echo(render.render_json(report), nl=False)
    elif fmt is StatusFormat.CSV:
        typer.echo(render.render_csv(report), nl=False)
    elif fmt is StatusFormat.MARKDOWN:
        typer.echo(render.render_markdown(report, plan.meta.title), nl=False)
    else:
        render.render_table(report, plan.meta.title, stdout_console())
