"""Producing the periodic report: load the data, select the content, render it to bytes.

This is the one core function behind ``plan report``; it reads files but writes
nothing (the command decides where the bytes go). The same data always gives
the same bytes: the only date in the report is the data's latest change
(:mod:`zzgx_plan.report.datastamp`), never the time of the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from zzgx_plan.core.periods import Period
from zzgx_plan.core.problems import Problem

if TYPE_CHECKING:  # imported lazily below: every `plan` command imports this module at start-up
    from zzgx_plan.render.document import Document
    from zzgx_plan.report.content import PeriodReport
    from zzgx_plan.report.datastamp import DataStamp


class ReportFormat(StrEnum):
    MD = "md"
    DOCX = "docx"
    HTML = "html"

    @property
    def suffix(self) -> str:
        return f".{self.value}"


@dataclass
class GeneratedReport:
    """The rendered report (``None`` when the data has errors) and every problem found while loading."""

    content: bytes | None
    problems: list[Problem] = field(default_factory=list)
    report: PeriodReport | None = None
    stamp: DataStamp | None = None
    refusal: str = ""  # why no report was made although the data loaded (e.g. a period outside the plan)
    outside_plan: bool = False  # the refusal is about the period the user typed (a usage error)
    #: Files that go with a Markdown report (its charts), by path relative to the report's folder.
    extra_files: dict[str, bytes] = field(default_factory=dict)


def default_output(period: Period, fmt: ReportFormat, base: Path | None = None) -> Path:
    """``reports/<PERIOD>.md`` (or ``.docx``) under ``base`` (default: the current directory)."""
    return (base or Path()) / "reports" / f"{period}{fmt.suffix}"


def chart_folder(target: Path) -> str:
    """The folder next to a Markdown report that holds its charts: ``reports/2024-Q3.md`` → ``2024-Q3``."""
    return target.stem


def generate_report(
    data_dir: Path, period: Period, fmt: ReportFormat, figure_dir: str | None = None
) -> GeneratedReport:
    """Load ``data_dir`` and render the report for ``period`` (a quarter or a year) as ``fmt`` bytes.

    Word and HTML embed the charts; Markdown links them as SVG files under ``figure_dir`` (returned in
    ``extra_files``) and, without ``figure_dir`` (printed to standard output), says they are left out."""
    from zzgx_plan.load import load
    from zzgx_plan.report.content import build_report
    from zzgx_plan.report.datastamp import data_stamp

    result = load(data_dir)
    if result.data is None or result.errors:
        return GeneratedReport(None, result.problems)
    meta = result.data.plan.meta
    if period.year not in meta.years:
        return GeneratedReport(
            None,
            result.problems,
            refusal=(
                f"{period.year} 年不在方案期 {meta.start_year}–{meta.end_year} 年内；"
                f"请写 {meta.start_year} 至 {meta.end_year} 年的报告期"
            ),
            outside_plan=True,
        )
    from zzgx_plan.registers.plan import apply_registers, park_breakdown

    counted = apply_registers(data_dir, result.data)
    problems = result.problems + counted.problems
    if counted.refusal or counted.errors:
        return GeneratedReport(None, problems, refusal=counted.refusal)
    data = counted.data
    parks = park_breakdown(data, counted.register, period.year, period) if counted.register else None
    # located from the data directory's name (data/actuals/2024.csv): the report must not depend on the cwd
    name = data_dir.resolve().name
    warnings = [p.under(data_dir).relabel(lambda file: f"{name}/{file}") for p in problems if not p.is_error]
    report = build_report(data, period, warnings)
    stamp = data_stamp(data_dir)
    from zzgx_plan.compute.trajectory import trajectories
    from zzgx_plan.report.charts import report_figures  # chart descriptions: nothing is drawn here
    from zzgx_plan.report.compose import report_document

    figures = report_figures(report, trajectories(data, period), parks)
    document = report_document(report, data.plan, stamp, parks, figures)
    content, extra = render_document(document, fmt, stamp, figure_dir)
    return GeneratedReport(content, problems, report, stamp, extra_files=extra)


def render_document(
    document: Document, fmt: ReportFormat, stamp: DataStamp, figure_dir: str | None = None
) -> tuple[bytes, dict[str, bytes]]:
    """The document's bytes in ``fmt`` and, for Markdown with ``figure_dir``, its charts as SVG files."""
    if fmt is ReportFormat.DOCX:
        from zzgx_plan.render.docx_writer import render_docx  # python-docx only when Word is asked for

        return render_docx(document, timestamp=stamp.when), {}
    if fmt is ReportFormat.HTML:
        from zzgx_plan.render.html import render_html

        return render_html(document, data_date=stamp.date).encode("utf-8"), {}
    from zzgx_plan.render.markdown import render_markdown

    extra: dict[str, bytes] = {}
    if figure_dir is not None:
        from zzgx_plan.render.charts import draw_svg
        from zzgx_plan.render.document import Figure

        for block in document.blocks:
            if isinstance(block, Figure):
                extra[f"{figure_dir}/{block.name}.svg"] = draw_svg(block.chart)
    return render_markdown(document, figure_dir).encode("utf-8"), extra


def default_final_output(first: int, last: int, fmt: ReportFormat, base: Path | None = None) -> Path:
    """``reports/<FIRST>-<LAST>.md`` (or ``.docx``): where the final evaluation report goes by default."""
    return (base or Path()) / "reports" / f"{first}-{last}{fmt.suffix}"


def generate_final_report(
    data_dir: Path, first: int, last: int, fmt: ReportFormat, figure_dir: str | None = None
) -> GeneratedReport:
    """Load ``data_dir`` and render the final evaluation report (终期评估报告) for plan years
    ``first``..``last`` as ``fmt`` bytes. Deterministic like :func:`generate_report`."""
    from zzgx_plan.compute.multiyear import period_status
    from zzgx_plan.load import load
    from zzgx_plan.report.datastamp import data_stamp
    from zzgx_plan.report.final import final_report_document

    result = load(data_dir)
    if result.data is None or result.errors:
        return GeneratedReport(None, result.problems)
    meta = result.data.plan.meta
    outside = [y for y in (first, last) if y not in meta.years]
    if outside:
        return GeneratedReport(
            None,
            result.problems,
            refusal=(
                f"{outside[0]} 年不在方案期 {meta.start_year}–{meta.end_year} 年内；"
                f"请写 {meta.start_year} 至 {meta.end_year} 年之间的年份范围"
            ),
            outside_plan=True,
        )
    from zzgx_plan.registers.plan import apply_registers

    counted = apply_registers(data_dir, result.data)
    if counted.refusal or counted.errors:
        return GeneratedReport(None, result.problems + counted.problems, refusal=counted.refusal)
    data = counted.data
    status = period_status(data, first, last)
    stamp = data_stamp(data_dir)
    from zzgx_plan.compute.trajectory import trajectories
    from zzgx_plan.report.charts import final_figures  # chart descriptions: nothing is drawn here

    figures = final_figures(status, trajectories(data, status.as_of))
    document = final_report_document(status, data.plan, stamp, figures)
    content, extra = render_document(document, fmt, stamp, figure_dir)
    return GeneratedReport(content, result.problems, None, stamp, extra_files=extra)
