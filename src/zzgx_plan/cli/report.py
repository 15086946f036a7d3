"""``plan report PERIOD``: the periodic report to the leadership group, in Markdown or Word."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from zzgx_plan.cli.base import DATA_OPTION_HELP, app, data_dir, fail, parse_period_option, print_problems
from zzgx_plan.core.periods import Period, PeriodKind
from zzgx_plan.core.problems import display_path
from zzgx_plan.files.atomic import atomic_write_bytes
from zzgx_plan.report.generate import ReportFormat, default_output, generate_report


def _parse_period(text: str) -> Period:
    period = parse_period_option(
        text, "PERIOD", (PeriodKind.QUARTER, PeriodKind.YEAR), "报告按季度（如 2024-Q3）或年度（如 2024）编写"
    )
    assert period is not None
    return period


@app.command()
def report(
    period_text: str = typer.Argument(
        ..., metavar="PERIOD", help="Quarter (2024-Q3) or year (2024, the annual summary)."
    ),
    data: Path | None = typer.Option(None, "--data", help=DATA_OPTION_HELP),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write (default: reports/PERIOD.md or .docx)."
    ),
    fmt: ReportFormat | None = typer.Option(
        None, "--format", help="md or docx (default: from --output's suffix, else md)."
    ),
    to_stdout: bool = typer.Option(False, "--stdout", help="Write the report to standard output instead."),
    force: bool = typer.Option(False, "--force", help="Replace an existing report."),
) -> None:
    """Write the report on where the plan stands for PERIOD (工作推进情况报告).

    The same data gives the same bytes; an existing report is replaced only with --force.
    """
    period = _parse_period(period_text)
    if to_stdout and output is not None:
        raise typer.BadParameter("give either --output or --stdout", param_hint="--stdout")
    suffix_fmt = {".docx": ReportFormat.DOCX, ".md": ReportFormat.MD}.get(output.suffix.lower()) if output else None
    if fmt is not None and suffix_fmt is not None and fmt is not suffix_fmt:
        # Markdown bytes in a .docx (or Word in a .md) would not open: say so instead of writing it.
        raise typer.BadParameter(f"--format {fmt.value} does not match the output file {output}", param_hint="--format")
    if fmt is None:
        fmt = suffix_fmt or ReportFormat.MD
    target = output if output is not None else default_output(period, fmt)
    if not to_stdout and target.is_dir():
        fail(f"{display_path(target)} is a directory; give a file name with --output")
    if not to_stdout and target.exists() and not force:
        fail(f"{display_path(target)} exists; use --force to replace it")
    result = generate_report(data_dir(data), period, fmt)
    if result.outside_plan:
        raise typer.BadParameter(result.refusal, param_hint="PERIOD")
    if result.content is None:
        fail(result.refusal or "the plan data has errors; no report written", result.problems)
    print_problems(result.problems)  # warnings only: errors stopped above
    if to_stdout:
        if fmt is ReportFormat.DOCX:
            sys.stdout.buffer.write(result.content)
            sys.stdout.buffer.flush()
        else:
            typer.echo(result.content.decode("utf-8"), nl=False)
        return
    try:
        atomic_write_bytes(target, result.content)
    except OSError as exc:
        fail(f"cannot write {display_path(target)}: {exc.strerror or exc}")
    typer.echo(f"已生成报告：{display_path(target)}")
