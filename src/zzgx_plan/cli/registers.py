"""``plan firms``, ``plan firm`` and ``plan conversion``: the named firms behind the numbers.

These commands read data/registers/*.csv (see :mod:`zzgx_plan.registers`); pyarrow and numpy
are imported inside the commands so that other commands start without them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from zzgx_plan.cli.base import (
    PERIOD_METAVAR,
    CsvEncoding,
    app,
    check_export_options,
    data_date,
    data_dir,
    data_option,
    emit_csv,
    encoding_option,
    export_path,
    fail,
    force_option,
    format_option,
    load_or_fail,
    output_option,
    parse_period_option,
    registers_or_fail,
    resolve_unit,
    write_output,
)
from zzgx_plan.cli.console import stdout_console
from zzgx_plan.core.models import Indicator, PlanData, UnitKind
from zzgx_plan.core.periods import Period
from zzgx_plan.core.problems import did_you_mean

if TYPE_CHECKING:
    from zzgx_plan.registers.model import Register


class FirmsFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"


class FirmFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def list_indicator(data: PlanData, name: str) -> Indicator:
    """The indicator a LIST argument names (id or exact name, counted in 家); else a usage error."""
    ind = data.plan.indicator(name)
    if ind is None or ind.unit != "家":
        choices = [i.id for i in data.plan.indicators if i.unit == "家"]
        names = [n for i in data.plan.indicators if i.unit == "家" for n in (i.id, i.name)]
        raise typer.BadParameter(
            f"“{name}”不是名录{did_you_mean(name, names)}；名录有：{'、'.join(choices)}",
            param_hint="名录",
        )
    return ind


def as_of_day(register: Register, period: Period | None) -> dt.date:
    """The end of ``period``, else the latest date the register mentions."""
    from zzgx_plan.registers.count import last_day
    from zzgx_plan.registers.model import from_day_number

    if period is not None:
        return from_day_number(last_day(period))
    latest = register.latest_day
    return from_day_number(latest) if latest is not None else dt.date.today()


@app.command()
def firms(
    list_name: str = typer.Argument(
        ..., metavar="名录", help="名录：按家计数的指标的编号或名称，如 high_tech_enterprises 或 高新技术企业总量。"
    ),
    park: str | None = typer.Option(
        None, "--park", metavar="园区", help="只看这个园区的企业，如 枫杨园区运营中心 或 枫杨。"
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar=PERIOD_METAVAR, help="统计到该期间期末（默认：名录中最近的日期）。"
    ),
    fmt: FirmsFormat = format_option(FirmsFormat, FirmsFormat.TABLE, "输出格式。"),
    data: Path | None = data_option(),
    output: Path | None = output_option(),
    encoding: CsvEncoding = encoding_option(),
    force: bool = force_option(),
) -> None:
    """数字背后的企业：某日在名录中的企业（总量类），或当年新入库的企业（新增类）。"""
    from zzgx_plan.registers import render
    from zzgx_plan.registers.plan import firms_behind

    check_export_options(output, fmt.value, ("xlsx", "csv"))
    period = parse_period_option(as_of, "--as-of")
    root = data_dir(data)
    loaded = load_or_fail(root)
    ind = list_indicator(loaded, list_name)
    park_name = resolve_unit(loaded.plan, park, "--park")
    if park_name is not None and park_name not in park_names(loaded):
        labels = "、".join(sorted(park_names(loaded)))
        raise typer.BadParameter(f"{park_name} 不是园区；可写 {labels}（或其简称）", param_hint="--park")
    loaded, register = registers_or_fail(root, loaded)
    assert register is not None  # required: refused above when missing
    found = firms_behind(loaded, register, ind, as_of_day(register, period), park_name)
    if fmt is FirmsFormat.XLSX:
        from zzgx_plan.registers.workbooks import firms_workbook

        name = f"firms-{ind.id}-{found.as_of.isoformat()}.xlsx"
        write_output(firms_workbook(found, data_date(root)), export_path(output, name), force)
    elif fmt is FirmsFormat.JSON:
        typer.echo(render.dumps(render.firm_list_to_dict(found)), nl=False)
    elif fmt is FirmsFormat.CSV:
        emit_csv(render.firms_csv(found.firms), encoding, output, force)
    else:
        render.render_firm_list(found, stdout_console())


def park_names(data: PlanData) -> set[str]:
    return {u.name for u in data.plan.units.units if u.kind is UnitKind.PARK}


@app.command()
def firm(
    uscc: str = typer.Argument(..., metavar="信用代码", help="统一社会信用代码（18 位）。"),
    as_of: str | None = typer.Option(None, "--as-of", metavar=PERIOD_METAVAR, help="显示到该期间期末的状态。"),
    fmt: FirmFormat = format_option(FirmFormat, FirmFormat.TABLE, "输出格式。"),
    data: Path | None = data_option(),
) -> None:
    """一家企业在各名录中的进出记录，以及从后备库到高新技术企业的转化（措施11）。"""
    from zzgx_plan.registers import render
    from zzgx_plan.registers.plan import conversion_rule, firm_history
    from zzgx_plan.registers.uscc import Verdict, compact, explain

    code = compact(uscc)
    verdict, reason = explain(code)
    if verdict is Verdict.MALFORMED:
        raise typer.BadParameter(f"“{uscc}”不是统一社会信用代码：{reason}", param_hint="信用代码")
    if verdict is Verdict.BAD_CHECK:
        typer.echo(f"plan: 警告：{code}：{reason}", err=True)
    period = parse_period_option(as_of, "--as-of")
    root = data_dir(data)
    loaded = load_or_fail(root)
    loaded, register = registers_or_fail(root, loaded)
    assert register is not None  # required: refused above when missing
    history = firm_history(register, code, as_of_day(register, period), conversion_rule(loaded.plan))
    if history is None:
        fail(f"企业名录中没有统一社会信用代码为 {code} 的企业")
    if fmt is FirmFormat.JSON:
        typer.echo(render.dumps(render.firm_to_dict(history)), nl=False)
    else:
        names = {ind.id: ind.name for ind in loaded.plan.indicators}
        from zzgx_plan.registers.plan import park_labels

        render.render_firm(history, names, stdout_console(), park_labels(loaded.plan))


@app.command()
def conversion(
    as_of: str | None = typer.Option(
        None, "--as-of", metavar=PERIOD_METAVAR, help="统计到该期间期末（默认：名录中最近的日期）。"
    ),
    fmt: FirmsFormat = format_option(FirmsFormat, FirmsFormat.TABLE, "输出格式。"),
    data: Path | None = data_option(),
    output: Path | None = output_option(),
    encoding: CsvEncoding = encoding_option(),
    force: bool = force_option(),
) -> None:
    """按入库年份分批，统计后备名录企业在 1 年、2 年内转入目标名录的比例（方案的转化目标，如措施11的高企后备库）。"""
    from zzgx_plan.registers import render
    from zzgx_plan.registers.count import cohorts
    from zzgx_plan.registers.plan import (
        conversion_lists,
        conversion_rule,
        conversion_title,
        conversion_windows,
        is_example_list,
    )

    check_export_options(output, fmt.value, ("xlsx", "csv"))
    period = parse_period_option(as_of, "--as-of")
    root = data_dir(data)
    loaded = load_or_fail(root)
    loaded, register = registers_or_fail(root, loaded)
    assert register is not None  # required: refused above when missing
    day = as_of_day(register, period)
    reserve, target = conversion_lists(loaded.plan)
    windows = conversion_windows(loaded.plan)
    found = cohorts(register, reserve, target, day, windows)
    title = conversion_title(loaded.plan, day)
    notes = render.conversion_notes(conversion_rule(loaded.plan))
    example = is_example_list(register, reserve)
    if fmt is FirmsFormat.XLSX:
        from zzgx_plan.registers.workbooks import cohorts_workbook

        content = cohorts_workbook(found, title, notes, example, data_date(root), windows)
        write_output(content, export_path(output, f"conversion-{day.isoformat()}.xlsx"), force)
    elif fmt is FirmsFormat.JSON:
        payload = {"as_of": day.isoformat(), "cohorts": [render.cohort_to_dict(c) for c in found]}
        typer.echo(render.dumps(payload), nl=False)
    elif fmt is FirmsFormat.CSV:
        emit_csv(render.cohorts_csv(found, windows), encoding, output, force)
    else:
        render.render_cohorts(found, title, notes, example, stdout_console())
