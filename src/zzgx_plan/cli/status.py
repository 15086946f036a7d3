"""``plan status YEAR``: every indicator's target, actual, 序时进度, gap, projection and status."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from zzgx_plan.cli.base import (
    PERIOD_METAVAR,
    UNIT_METAVAR,
    CsvEncoding,
    app,
    check_export_options,
    check_in_plan,
    data_date,
    data_dir,
    data_option,
    emit_csv,
    encoding_option,
    export_path,
    force_option,
    format_option,
    load_or_fail,
    output_option,
    parse_period_option,
    registers_or_fail,
    resolve_unit,
    write_output,
)
from zzgx_plan.cli.console import stdout_console, stdout_terminal
from zzgx_plan.compute.status import progress_as_of
from zzgx_plan.core.models import Indicator, IndicatorSource, PlanData, UnitKind
from zzgx_plan.core.periods import Period, PeriodKind, YearRangeError, parse_year_range
from zzgx_plan.render import status as render

if TYPE_CHECKING:
    from zzgx_plan.registers.model import Register
    from zzgx_plan.registers.plan import ParkBreakdown
    from zzgx_plan.render.xlsx import Sheet


class Breakdown(StrEnum):
    PARK = "park"


class StatusFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Export:
    """Where a file export goes: ``--output``, ``--encoding`` (CSV), ``--force``."""

    output: Path | None
    encoding: CsvEncoding
    force: bool


@app.command()
def status(
    year_text: str = typer.Argument(
        ...,
        metavar="年度",
        help="方案年度，如 2024；写季度或月份（如 2024-Q3）时同时作为 --as-of；也可写年份范围，如 2023-2025。",
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar=PERIOD_METAVAR, help="统计截至的期间，如 2024-Q3、2024-09 或 2024。"
    ),
    unit: str | None = typer.Option(
        None, "--unit", metavar=UNIT_METAVAR, help="只看该单位牵头或参与的指标（可用简称）。"
    ),
    fmt: StatusFormat = format_option(StatusFormat, StatusFormat.TABLE, "输出格式。"),
    by: Breakdown | None = typer.Option(None, "--by", help="增加分组：park 为按园区分列（依据企业名录统计）。"),
    data: Path | None = data_option(),
    output: Path | None = output_option(),
    encoding: CsvEncoding = encoding_option(),
    force: bool = force_option(),
) -> None:
    """该年度各项指标的目标值、完成值、完成率、序时进度、差距与状态。"""
    check_export_options(output, fmt.value, ("xlsx", "csv"))
    span = _parse_span(year_text)
    if span is not None:
        export = Export(output, encoding, force)
        _status_range(span, parse_period_option(as_of, "--as-of"), unit, fmt, by, data, export)
        return
    named = parse_period_option(year_text, "年度")
    assert named is not None
    year = named.year
    period = parse_period_option(as_of, "--as-of")
    if named.kind is not PeriodKind.YEAR:
        if period is not None and period != named:
            raise typer.BadParameter(f"{named} 与 --as-of {period} 不一致；请只写其中一个", param_hint="--as-of")
        period = named
    loaded = load_or_fail(data)
    plan = loaded.plan
    check_in_plan(plan, year, "年度")
    if period is not None and period.year != year:
        raise typer.BadParameter(f"{period} 不在 {year} 年内；请写 {year} 年的季度或月份", param_hint="--as-of")
    unit_name = resolve_unit(plan, unit)
    indicators = plan.indicators_of_unit(unit_name) if unit_name else None
    register = None
    if by is Breakdown.PARK or any(ind.source is IndicatorSource.REGISTER for ind in plan.indicators):
        loaded, register = registers_or_fail(data_dir(data), loaded)  # imports pyarrow: only when needed
    report = progress_as_of(loaded, year, period, indicators)
    if fmt is StatusFormat.XLSX:
        from zzgx_plan.compute.trajectory import trajectories
        from zzgx_plan.render.status_workbook import status_workbook  # openpyxl: only for workbooks

        when = data_date(data_dir(data))
        extra: list[Sheet] = []
        if by is Breakdown.PARK and register is not None:
            from zzgx_plan.registers.workbooks import breakdown_sheet

            extra.append(breakdown_sheet(_park_breakdown(loaded, register, year, report.as_of, unit_name), when))
        paths = trajectories(loaded, report.as_of, indicators)
        content = status_workbook(report, plan.meta.title, paths, when, extra)
        write_output(content, export_path(output, f"status-{year}.xlsx"), force)
    elif by is Breakdown.PARK and register is not None:
        from zzgx_plan.registers import render as park_render

        breakdown = _park_breakdown(loaded, register, year, report.as_of, unit_name)
        if fmt is StatusFormat.JSON:
            payload = render.report_to_dict(report)
            payload["by_park"] = park_render.breakdown_to_dict(breakdown)
            typer.echo(park_render.dumps(payload), nl=False)
        elif fmt is StatusFormat.CSV:
            emit_csv(park_render.breakdown_csv(breakdown), encoding, output, force)
        elif fmt is StatusFormat.MARKDOWN:
            typer.echo(
                render.render_markdown(report, plan.meta.title) + "\n" + park_render.breakdown_markdown(breakdown),
                nl=False,
            )
        else:
            render.render_table(report, plan.meta.title, stdout_terminal())
            park_render.render_breakdown(breakdown, stdout_console())
    elif fmt is StatusFormat.JSON:
        typer.echo(render.render_json(report), nl=False)
    elif fmt is StatusFormat.CSV:
        emit_csv(render.render_csv(report), encoding, output, force)
    elif fmt is StatusFormat.MARKDOWN:
        typer.echo(render.render_markdown(report, plan.meta.title), nl=False)
    else:
        render.render_table(report, plan.meta.title, stdout_terminal())


def _park_breakdown(
    loaded: PlanData, register: Register, year: int, as_of: Period | None, unit_name: str | None
) -> ParkBreakdown:
    """The register counts per park for ``--by park``: one park only when ``--unit`` names a park."""
    from zzgx_plan.registers.plan import park_breakdown

    plan = loaded.plan
    indicators = plan.indicators_of_unit(unit_name) if unit_name else None
    unit_obj = plan.units.get(unit_name) if unit_name else None
    only_park = unit_obj.name if unit_obj is not None and unit_obj.kind is UnitKind.PARK else None
    return park_breakdown(loaded, register, year, as_of, indicators, only_park)


def _parse_span(text: str) -> tuple[int, int] | None:
    """A range of two or more plan years (``2023-2025``); None for one year or period."""
    try:
        first, last = parse_year_range(text)
    except YearRangeError as exc:
        if "晚于" in exc.reason:  # a range written backwards
            raise typer.BadParameter(str(exc), param_hint="年度") from None
        return None
    return (first, last) if first != last else None


def _status_range(
    span: tuple[int, int],
    period: Period | None,
    unit: str | None,
    fmt: StatusFormat,
    by: Breakdown | None,
    data: Path | None,
    export: Export,
) -> None:
    """``plan status 2023-2025``: each year side by side and the whole period's result."""
    from zzgx_plan.compute.multiyear import period_status
    from zzgx_plan.render import multiyear

    if by is not None:
        raise typer.BadParameter("按园区分解（--by park）只用于单个年度，如 2024", param_hint="--by")
    loaded: PlanData = load_or_fail(data)
    plan = loaded.plan
    for year in span:
        check_in_plan(plan, year, "年度")
    if period is not None and period.year != span[1]:
        raise typer.BadParameter(
            f"{period} 不在 {span[1]} 年内；--as-of 用于范围的最后一年，请写 {span[1]} 年的季度或月份",
            param_hint="--as-of",
        )
    unit_name = resolve_unit(plan, unit)
    indicators: list[Indicator] | None = plan.indicators_of_unit(unit_name) if unit_name else None
    if any(ind.source is IndicatorSource.REGISTER for ind in plan.indicators):
        loaded, _register = registers_or_fail(data_dir(data), loaded)  # imports pyarrow: only when needed
    result = period_status(loaded, span[0], span[1], period, indicators)
    title = plan.meta.title
    if fmt is StatusFormat.XLSX:
        from zzgx_plan.compute.trajectory import trajectories
        from zzgx_plan.render.status_workbook import range_workbook  # openpyxl: only for workbooks

        paths = trajectories(loaded, result.as_of, indicators)
        content = range_workbook(result, title, paths, data_date(data_dir(data)))
        write_output(content, export_path(export.output, f"status-{span[0]}-{span[1]}.xlsx"), export.force)
    elif fmt is StatusFormat.JSON:
        typer.echo(multiyear.render_json(result), nl=False)
    elif fmt is StatusFormat.CSV:
        emit_csv(multiyear.render_csv(result), export.encoding, export.output, export.force)
    elif fmt is StatusFormat.MARKDOWN:
        typer.echo(multiyear.render_markdown(result, title), nl=False)
    else:
        multiyear.render_table(result, title, stdout_console())
