"""Rendering a :class:`~zzgx_plan.compute.status.StatusReport`: rich table, JSON, CSV, Markdown.

Renderers decide nothing: they show what ``progress_as_of`` computed. Rows whose
actual comes from shipped example data are marked 示例 in the 来源 column and a
footnote says so, so invented numbers never pass for official figures. Targets are
shown with the document's qualifiers (``力争约95%``) and marked ``※`` when they or
their lead units rest on a reading (解读), explained in ``※ 解读：…`` lines under the
table (:mod:`zzgx_plan.compute.readings`).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from zzgx_plan.compute.readings import READING_MARK, reading_notes, row_target
from zzgx_plan.compute.status import STATUS_LABELS, IndicatorProgress, Status, StatusReport
from zzgx_plan.core.numbers import fmt_number, fmt_percent, json_number
from zzgx_plan.render.cells import csv_row

STATUS_STYLES: dict[Status, str] = {
    Status.ACHIEVED: "bold green",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "yellow",
    Status.BEHIND: "red",
    Status.MISSED: "bold red",
    Status.NO_DATA: "dim",
    Status.NO_TARGET: "dim",
}

EXAMPLE_NOTE = "示例数据：标“示例”的实际值为仓库自带的示例数据，并非官方统计数字。"

#: Appended to a target that a later document revised (see :func:`revision_notes`).
REVISED_MARK = "*"


def revision_notes(report: StatusReport) -> list[str]:
    """One footnote per revised target: original → revised value, the document and its dates."""
    notes = []
    for row in report.rows:
        rev = row.revision
        if rev is None:
            continue
        unit = row.indicator.unit
        notes.append(
            f"{REVISED_MARK} {row.indicator.name} {row.year}年目标已调整："
            f"{fmt_number(row.original_target, unit)} → {fmt_number(rev.value, unit)}"
            f"（{rev.document}，{rev.document_date} 印发，{rev.effective} 起执行）"
        )
    return notes


HEADERS = (
    "指标",
    "单位",
    "目标",
    "实际（期间）",
    "完成率",
    "序时进度",
    "差距",
    "预计全年",
    "状态",
    "牵头单位",
    "来源",
)


def title(report: StatusReport, plan_title: str) -> str:
    as_of = f"截至{report.as_of.label_zh}" if report.as_of else "暂无数据"
    return f"{plan_title} {report.year}年目标完成情况（{as_of}）"


def source_label(row: IndicatorProgress) -> str:
    if row.actual is None:
        return ""
    return "示例" if row.example else (row.reported_by or "报送")


def target_cell(row: IndicatorProgress) -> str:
    """``力争约95%※``: the target with the document's qualifiers, ``*`` when revised, ``※`` on a reading."""
    shown = row_target(row)
    return shown.text + (REVISED_MARK if row.revised else "") + (READING_MARK if shown.readings else "")


def readings_notes(report: StatusReport) -> list[str]:
    """``※ 解读：…`` lines for the readings behind the report's rows (one line per reading)."""
    return reading_notes((row.indicator.name, row_target(row).readings) for row in report.rows)


def row_cells(row: IndicatorProgress) -> list[str]:
    """The table's cells for one indicator, as text."""
    unit = row.indicator.unit
    actual = fmt_number(row.actual, unit)
    if row.actual_period is not None:
        actual = f"{actual}（{row.actual_period}）"
    return [
        row.indicator.name,
        unit,
        target_cell(row),
        actual,
        fmt_percent(row.completion),
        fmt_number(row.expected, unit),
        fmt_number(row.gap, unit),
        fmt_number(row.projection, unit),
        row.label,
        "、".join(row.indicator.lead_units),
        source_label(row),
    ]


def summary_line(report: StatusReport) -> str:
    counts = report.counts()
    parts = [f"{STATUS_LABELS[s]} {n}" for s, n in counts.items() if n]
    return f"共 {len(report.rows)} 项指标" + ("：" + "，".join(parts) if parts else "")


def render_table(report: StatusReport, plan_title: str, console: Console) -> None:
    """Print the status table, the summary line and the example-data note to ``console``."""
    table = Table(title=title(report, plan_title), show_lines=False, title_justify="left")
    # Piped output is wide enough for every cell: not wrapping saves most of rich's layout work.
    no_wrap = not console.is_terminal
    for header in HEADERS:
        justify = "right" if header in {"目标", "完成率", "序时进度", "差距", "预计全年"} else "left"
        table.add_column(header, justify=justify, no_wrap=no_wrap, overflow="fold")  # type: ignore[arg-type]
    for row in report.rows:
        cells = [Text(cell) for cell in row_cells(row)]
        cells[8] = Text(row.label, style=STATUS_STYLES[row.status])
        table.add_row(*cells)
    console.print(table)
    console.print(summary_line(report))
    for note in revision_notes(report):
        console.print(note, markup=False)
    for note in readings_notes(report):
        console.print(note, markup=False, soft_wrap=True)  # long Chinese lines: let the terminal wrap
    if report.uses_examples:
        console.print(EXAMPLE_NOTE)


def report_to_dict(report: StatusReport) -> dict[str, Any]:
    """The JSON form of a status report (``plan status --format json``)."""
    return {
        "year": report.year,
        "as_of": str(report.as_of) if report.as_of else None,
        "indicators": [row_to_dict(row) for row in report.rows],
        "counts": {str(s): n for s, n in report.counts().items()},
        "example_data": report.uses_examples,
    }


def row_to_dict(row: IndicatorProgress) -> dict[str, Any]:
    ind = row.indicator
    shown = row_target(row, with_unit=True)
    return {
        "id": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "kind": str(ind.kind),
        "direction": str(ind.direction),
        "target": json_number(row.target),
        "target_qualifiers": list(shown.qualifiers),
        "target_text": shown.text if row.target is not None else None,
        "readings": list(shown.readings),
        "actual": json_number(row.actual),
        "actual_period": str(row.actual_period) if row.actual_period else None,
        "expected": json_number(row.expected),
        "completion": json_number(row.completion),
        "gap": json_number(row.gap),
        "projection": json_number(row.projection),
        "baseline": json_number(row.baseline),
        "status": str(row.status),
        "status_label": row.label,
        "lead_units": list(ind.lead_units),
        "reporting_unit": ind.reporting_unit,
        "example": row.example,
        "target_revision": None
        if row.revision is None
        else {
            "original": json_number(row.original_target),
            "value": json_number(row.revision.value),
            "document": row.revision.document,
            "document_date": row.revision.document_date.isoformat(),
            "effective": row.revision.effective.isoformat(),
        },
    }


def render_json(report: StatusReport) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "id", "name", "unit", "kind", "direction", "target", "target_qualifiers", "target_text", "actual",
    "actual_period", "expected", "completion", "gap", "projection", "baseline", "status", "status_label",
    "lead_units", "reporting_unit", "example", "target_revision", "readings",
)  # fmt: skip


def render_csv(report: StatusReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.rows:
        d = row_to_dict(row)
        d["lead_units"] = "、".join(d["lead_units"])
        d["target_qualifiers"] = "、".join(d["target_qualifiers"])
        d["readings"] = "；".join(d["readings"])
        d["target_revision"] = (d["target_revision"] or {}).get("document", "")
        writer.writerow(csv_row("" if d[c] is None else d[c] for c in CSV_COLUMNS))
    return out.getvalue()


def render_markdown(report: StatusReport, plan_title: str) -> str:
    lines = [f"## {title(report, plan_title)}", "", "| " + " | ".join(HEADERS) + " |"]
    lines.append(
        "|"
        + "|".join("---:" if h in {"目标", "完成率", "序时进度", "差距", "预计全年"} else "---" for h in HEADERS)
        + "|"
    )
    for row in report.rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row_cells(row)) + " |")
    lines += ["", summary_line(report)]
    notes = revision_notes(report) + readings_notes(report)
    if notes:
        lines += ["", *[f"{n}  " for n in notes]]
    if report.uses_examples:
        lines += ["", f"> {EXAMPLE_NOTE}"]
    return "\n".join(lines) + "\n"
