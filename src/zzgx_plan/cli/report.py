"""``plan report PERIOD``: the periodic report to the leadership group, in Markdown, Word or HTML."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from zzgx_plan.cli.base import (
    app,
    data_dir,
    data_option,
    fail,
    format_option,
    parse_period_option,
    print_problems,
    write_output_or_fail,
)
from zzgx_plan.cli.console import stdout_is_terminal
from zzgx_plan.core.periods import Period, PeriodKind, YearRangeError, parse_year_range
from zzgx_plan.core.problems import display_path
from zzgx_plan.files.atomic import write_file_and_folder
from zzgx_plan.report.generate import (
    ReportFormat,
    chart_folder,
    default_final_output,
    default_output,
    generate_final_report,
    generate_report,
)


def _parse_period(text: str) -> Period:
    period = parse_period_option(
        text, "期间", (PeriodKind.QUARTER, PeriodKind.YEAR), "报告按季度（如 2024-Q3）或年度（如 2024）编写"
    )
    assert period is not None
    return period


def _parse_span(text: str) -> tuple[int, int] | None:
    """A range of two or more plan years (``2023-2025``): the final evaluation report; None otherwise."""
    try:
        first, last = parse_year_range(text)
    except YearRangeError as exc:
        if "晚于" in exc.reason:  # a range written backwards
            raise typer.BadParameter(str(exc), param_hint="期间") from None
        return None
    return (first, last) if first != last else None


def write_with_charts_or_fail(target: Path, content: bytes, files: dict[str, bytes], force: bool) -> None:
    """The Markdown report and its chart folder, replaced together; a refusal (exit 1) names the file."""
    from zzgx_plan.files.atomic import FolderExists, ForeignFolder, NotRegularFile
    from zzgx_plan.files.reading import os_reason

    try:
        write_file_and_folder(target, content, files, replace=force)
    except FolderExists as exc:
        shown = display_path(Path(exc.filename or target))
        fail(f"{shown}（报告的图表文件夹）已存在，未写入；确需覆盖请加 --force")
    except ForeignFolder as exc:
        shown = display_path(Path(exc.filename or target))
        fail(
            f"{shown} 已存在且含有图表以外的文件或文件夹，未写入（加 --force 也不会删除它）；"
            "请换一个报告文件名，或移走该文件夹"
        )
    except FileExistsError:
        fail(f"{display_path(target)} 已存在（可能刚被别的程序创建），未写入；如需覆盖请加 --force")
    except NotRegularFile as exc:
        shown = display_path(Path(exc.filename or target))
        fail(f"{shown} 不是普通文件或文件夹（而是设备、管道或符号链接），未写入；请换一个文件名")
    except OSError as exc:
        fail(f"无法写入 {display_path(target)}：{os_reason(exc, writing=True)}")


@app.command()
def report(
    period_text: str = typer.Argument(
        ...,
        metavar="期间",
        help="季度（如 2024-Q3）、年度（如 2024，即年度总结），或方案的起止年份（如 2023-2025，即终期评估报告）。",
    ),
    data: Path | None = data_option(),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="文件", help="写到哪个文件（默认：reports/期间.md、.docx 或 .html）。"
    ),
    fmt: ReportFormat | None = format_option(
        ReportFormat, None, "md（Markdown）、docx（Word）或 html（网页）；默认按 --output 的扩展名，否则为 md。"
    ),
    to_stdout: bool = typer.Option(False, "--stdout", help="把报告输出到屏幕（标准输出），不写文件。"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的报告文件。"),
) -> None:
    """生成该期间的工作推进情况报告，或方案期末的终期评估报告（Markdown、Word 或网页）。

    数据相同，生成的文件也逐字节相同；已有的报告只在加 --force 时才覆盖。
    """
    span = _parse_span(period_text)
    period = _parse_period(period_text) if span is None else None
    if to_stdout and output is not None:
        raise typer.BadParameter("--output 和 --stdout 只能选一个", param_hint="--stdout")
    suffixes = {
        ".docx": ReportFormat.DOCX,
        ".md": ReportFormat.MD,
        ".html": ReportFormat.HTML,
        ".htm": ReportFormat.HTML,
    }
    suffix_fmt = suffixes.get(output.suffix.lower()) if output else None
    if fmt is not None and suffix_fmt is not None and fmt is not suffix_fmt:
        # Markdown bytes in a .docx (or Word in a .md) would not open: say so instead of writing it.
        raise typer.BadParameter(f"--format {fmt.value} 与输出文件 {output} 的扩展名不一致", param_hint="--format")
    if fmt is None:
        fmt = suffix_fmt or ReportFormat.MD
    if to_stdout and fmt is ReportFormat.DOCX and stdout_is_terminal():
        # a Word file's bytes on a terminal are garbage and can upset it: refuse before any work
        fail("Word 报告是二进制文件，不能显示在终端上；请用 -o 报告.docx 写入文件，或把输出重定向到文件（> 报告.docx）")
    if output is not None:
        target = output
    elif period is not None:
        target = default_output(period, fmt)
    else:
        assert span is not None
        target = default_final_output(span[0], span[1], fmt)
    if not to_stdout and target.is_dir():
        fail(f"{display_path(target)} 是文件夹；请用 --output 给出文件名")
    if not to_stdout and os.path.lexists(target) and not force:
        fail(f"{display_path(target)} 已存在，未写入；确需覆盖请加 --force")
    # a Markdown file report links its charts as SVG files in a folder next to it (reports/2024-Q3/)
    figure_dir = chart_folder(target) if fmt is ReportFormat.MD and not to_stdout else None
    if figure_dir is not None and (target.parent / figure_dir).exists() and not force:
        fail(f"{display_path(target.parent / figure_dir)}（报告的图表文件夹）已存在，未写入；确需覆盖请加 --force")
    if period is not None:
        result = generate_report(data_dir(data), period, fmt, figure_dir)
    else:
        assert span is not None
        result = generate_final_report(data_dir(data), span[0], span[1], fmt, figure_dir)
    if result.outside_plan:
        raise typer.BadParameter(result.refusal, param_hint="期间")
    if result.content is None:
        fail(result.refusal or "数据有错误，未生成报告", result.problems)
    print_problems(result.problems)  # warnings only: errors stopped above
    if to_stdout:
        if fmt is ReportFormat.DOCX:
            sys.stdout.buffer.write(result.content)
            sys.stdout.buffer.flush()
        else:
            typer.echo(result.content.decode("utf-8"), nl=False)
        return
    if result.extra_files:  # the charts, in a folder next to the report
        write_with_charts_or_fail(target, result.content, result.extra_files, force)
    else:
        write_output_or_fail(target, result.content, force)
    typer.echo(f"已生成报告：{display_path(target)}")
