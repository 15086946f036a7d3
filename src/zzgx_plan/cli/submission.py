"""``plan template``, ``plan import``, ``plan record``, ``plan missing``: getting the figures in."""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from zzgx_plan.cli.base import (
    PERIOD_METAVAR,
    UNIT_METAVAR,
    app,
    check_export_options,
    check_in_plan,
    data_date,
    data_dir,
    data_option,
    export_path,
    fail,
    force_option,
    format_option,
    load_or_fail,
    output_option,
    parse_period_option,
    print_problems,
    resolve_unit,
    write_output,
    write_output_or_fail,
)
from zzgx_plan.cli.console import stdout_console
from zzgx_plan.core.periods import Period

if TYPE_CHECKING:
    from zzgx_plan.core.models import Plan
    from zzgx_plan.submissions.ingest import IngestResult
    from zzgx_plan.submissions.intake import Intake


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class MissingFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    XLSX = "xlsx"


def _period_argument(text: str) -> Period:
    period = parse_period_option(text, "期间")
    assert period is not None
    return period


def _refuse_outside_plan(plan: Plan, period: Period) -> None:
    """Templates and the chase list are for the plan's own years (as ``plan report``): nothing is due in 2026."""
    check_in_plan(plan, period.year, "期间")


@app.command()
def template(
    period_text: str = typer.Argument(..., metavar="期间", help="报送期间，如 2024-Q3。"),
    unit: str = typer.Option(
        ..., "--unit", metavar=UNIT_METAVAR, help="牵头单位（全称或简称）；all 表示为每个牵头单位各生成一份。"
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="路径", help="写到哪个文件（一个单位）或文件夹（--unit all）。"
    ),
    force: bool = typer.Option(False, "--force", help="覆盖已有的文件（单位已填好的模板会丢失，请慎用）。"),
    data: Path | None = data_option(),
) -> None:
    """生成牵头单位该期间要填写的报送模板（.xlsx）。"""
    from zzgx_plan.compute.missing import lead_units
    from zzgx_plan.submissions.template import build_template, template_content, template_filename

    period = _period_argument(period_text)
    loaded = load_or_fail(data)
    _refuse_outside_plan(loaded.plan, period)
    if unit == "all":
        units = lead_units(loaded)
        folder = output or Path(f"报送模板-{period}")
        targets: list[tuple[str, Path]] = []
        used: set[str] = set()
        for u in units:
            # a unit's name is data: made safe as a file name, and two units never share one file
            file_name = template_filename(u, period)
            stem, n = file_name.removesuffix(".xlsx"), 2
            while file_name.casefold() in used:
                file_name, n = f"{stem}-{n}.xlsx", n + 1
            used.add(file_name.casefold())
            targets.append((u, folder / file_name))
    else:
        name = resolve_unit(loaded.plan, unit)
        assert name is not None
        path = output or Path(template_filename(name, period))
        if path.is_dir():
            path = path / template_filename(name, period)
        targets = [(name, path)]
    existing = [path for _, path in targets if os.path.lexists(path)]
    if existing and not force:
        # Likely a template a unit has already filled in: never overwrite it silently.
        names = "、".join(str(p) for p in existing)
        fail(f"{names} 已存在，未写入任何文件；确需覆盖请加 --force")
    written = []
    for name, path in targets:
        content = template_content(loaded, name, period)
        if content.empty:
            fail(f"{name} 不牵头任何指标或措施，无需报送模板（牵头单位见 `plan missing {period}`）")
        write_output_or_fail(path, build_template(loaded, content), force)
        written.append((path, content))
    for path, content in written:
        typer.echo(
            f"{path}: {content.unit} {period.label_zh}：{len(content.indicators)} 项指标，"
            f"{len(content.measures)} 项措施"
        )


#: Problems in a value typed on the command line (``plan record``): a usage error, exit 2.
TYPED_VALUE_CODES = frozenset(
    {
        "unknown-indicator",
        "unknown-unit",
        "bad-period",
        "period-outside-plan",
        "bad-number",
        "negative-value",
        "percent-over-100",
        "percent-sign-not-percent",
        "fraction-not-integer",
        "unit-mismatch",
        "bad-basis",
        "basis-not-flow",
        "missing-value",
    }
)


def _finish(result: IngestResult, fmt: OutputFormat, action: str, typed: bool = False) -> None:
    """Show the changes; on any error list every problem and exit 1 (nothing was written).

    ``typed``: the figures came from the command line, so a bad value is a usage error (exit 2)."""
    from zzgx_plan.submissions import render
    from zzgx_plan.submissions.ingest import RECORD_SOURCE

    if fmt is OutputFormat.JSON:
        if result.ok:
            typer.echo(render.render_changes_json(result), nl=False)
    elif result.changes:
        render.render_changes_table(result, stdout_console(), show_summary=result.ok)
    elif result.ok:
        typer.echo(render.summary_line(result))  # nothing to add (e.g. an unfilled template): say so
    if not result.ok:
        errors = [p for p in result.problems if p.is_error]
        if typed and any(p.code in TYPED_VALUE_CODES and p.path == RECORD_SOURCE for p in errors):
            print_problems(result.problems)
            typer.echo(f"plan: {len(errors)} 处错误，{action}未执行，数据未改动", err=True)
            raise typer.Exit(2)
        fail(f"{len(errors)} 处错误，{action}未执行，数据未改动", result.problems)
    print_problems(result.problems)  # warnings


def _run(data: Path | None, read: Callable[[Plan], Intake], replace: bool, dry_run: bool) -> IngestResult:
    from zzgx_plan.files.transaction import DataLocked, WriteRefused
    from zzgx_plan.submissions.ingest import apply_intake

    try:
        return apply_intake(data_dir(data), read, replace=replace, dry_run=dry_run)
    except DataLocked as exc:
        fail(f"{exc}；请稍后重试")
    except WriteRefused as exc:
        fail(f"{len(exc.problems)} 处错误，数据未改动", exc.problems)


#: What ``plan import FOLDER`` takes from a folder: the sheets units send back.
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".csv")


def sheets_in_folder(folder: Path) -> list[Path]:
    """The sheets directly in ``folder`` (not its subfolders), by name; Office lock files (``~$…``) and
    hidden files are skipped. They are imported together, in one all-or-nothing transaction."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES and not p.name.startswith(("~$", "."))
    )


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(
        ...,
        metavar="文件...",
        help="填好的报送模板，或单位自己的表格（.xlsx、.xls、WPS 的 .et 或 .csv）；给出文件夹则导入其中所有表格。",
    ),
    period_text: str | None = typer.Option(
        None, "--period", metavar=PERIOD_METAVAR, help="表中没有写期间的行按此期间导入，如 2024-Q3。"
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示将要发生的变更，不写入任何文件。"),
    replace: bool = typer.Option(False, "--replace", help="允许修改已记录的数值（原值记入备注）。"),
    fmt: OutputFormat = format_option(OutputFormat, OutputFormat.TABLE, "输出格式。"),
    data: Path | None = data_option(),
) -> None:
    """导入各单位报送表中的指标完成值和措施推进情况：全部通过才写入，有一处错误则一项也不写入。"""
    from zzgx_plan.submissions.intake import read_submissions

    period = parse_period_option(period_text, "--period")
    sheets: list[Path] = []
    for f in files:
        if f.is_dir():
            found = sheets_in_folder(f)
            if not found:
                raise typer.BadParameter(f"文件夹 {f} 中没有报送表（.xlsx、.xls、.et 或 .csv）", param_hint="文件")
            sheets.extend(found)
        elif f.is_file():
            sheets.append(f)
        else:
            raise typer.BadParameter(f"找不到文件 {f}", param_hint="文件")
    result = _run(data, lambda plan: read_submissions(plan, sheets, period), replace, dry_run)
    _finish(result, fmt, "导入")


@app.command()
def record(
    indicator: str = typer.Argument(..., metavar="指标", help="指标编号或指标名称。"),
    period: str = typer.Argument(..., metavar="期间", help="完成值所属期间，如 2024、2024-Q3 或 2024-09。"),
    value: str = typer.Argument(..., metavar="数值", help="完成值，如 320、17,000 或 95%。"),
    basis: str = typer.Option(
        "", "--basis", metavar="口径", help="increment（本期新增，默认）或 ytd（年内累计）；仅用于新增类指标。"
    ),
    reported_by: str = typer.Option("", "--reported-by", metavar=UNIT_METAVAR, help="报送单位。"),
    note: str = typer.Option("", "--note", metavar="备注", help="与数值一起保存的备注。"),
    replace: bool = typer.Option(False, "--replace", help="允许修改已记录的数值（原值记入备注）。"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示将发生的变更，不写入任何文件。"),
    fmt: OutputFormat = format_option(OutputFormat, OutputFormat.TABLE, "输出格式。"),
    data: Path | None = data_option(),
) -> None:
    """录入一项指标完成值，检查与导入相同。"""
    from zzgx_plan.submissions.ingest import record_reader

    read = record_reader(indicator, period, value, basis=basis, reported_by=reported_by, note=note)
    result = _run(data, read, replace, dry_run)
    _finish(result, fmt, "记录", typed=True)


@app.command()
def missing(
    period_text: str = typer.Argument(..., metavar="期间", help="报送期间，如 2024-Q3。"),
    fmt: MissingFormat = format_option(MissingFormat, MissingFormat.TABLE, "输出格式。"),
    data: Path | None = data_option(),
    output: Path | None = output_option(),
    force: bool = force_option(),
) -> None:
    """按牵头单位列出该期间尚未报送完成值的指标和尚未报送推进情况的措施。"""
    from zzgx_plan.compute.missing import missing_for
    from zzgx_plan.submissions import render

    period = _period_argument(period_text)
    check_export_options(output, fmt.value)
    loaded = load_or_fail(data)
    _refuse_outside_plan(loaded.plan, period)
    report = missing_for(loaded, period)
    if fmt is MissingFormat.XLSX:
        from zzgx_plan.submissions.workbooks import missing_workbook  # openpyxl writer: only for workbooks

        content = missing_workbook(report, data_date(data_dir(data)))
        write_output(content, export_path(output, f"missing-{period}.xlsx"), force)
    elif fmt is MissingFormat.JSON:
        typer.echo(render.render_missing_json(report), nl=False)
    else:
        render.render_missing_table(report, stdout_console())
