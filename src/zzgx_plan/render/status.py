"""Rendering a :class:`~zzgx_plan.compute.status.StatusReport`: terminal table, JSON, CSV, Markdown.

Renderers decide nothing: they show what ``progress_as_of`` computed. Rows whose
actual comes from shipped example data are marked 示例 in the 来源 column and a
footnote says so, so invented numbers never pass for official figures. Targets are
shown with the document's qualifiers (``力争约95%``) and marked ``※`` when they or
their lead units rest on a reading (解读), explained in ``※ 解读：…`` lines under the
table (:mod:`zzgx_plan.compute.readings`).
"""

from __future__ import annotations

from typing import Any

from zzgx_plan.compute.readings import READING_MARK, reading_notes, row_target
from zzgx_plan.compute.status import STATUS_LABELS, IndicatorProgress, Status, StatusReport
from zzgx_plan.core.models import DIRECTION_LABELS, INDICATOR_KIND_LABELS
from zzgx_plan.core.numbers import fmt_number, fmt_percent, json_number
from zzgx_plan.render.boxtable import BoxCell, BoxColumn, Terminal, cell_len
from zzgx_plan.render.columns import Column, Kind, csv_text

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


def target_cell(row: IndicatorProgress, stacked: bool = False) -> str:
    """``力争约95%※``: the target with the document's qualifiers, ``*`` when revised, ``※`` on a reading.

    ``stacked`` puts the qualifying words on a line of their own (``力争`` / ``约95%※``) for a narrow table."""
    shown = row_target(row)
    text = shown.text + (REVISED_MARK if row.revised else "") + (READING_MARK if shown.readings else "")
    words = shown.words
    return f"{words}\n{text[len(words) :]}" if stacked and words else text


def readings_notes(report: StatusReport) -> list[str]:
    """``※ 解读：…`` lines for the readings behind the report's rows (one line per reading)."""
    return reading_notes((row.indicator.name, row_target(row).readings) for row in report.rows)


def row_cells(row: IndicatorProgress) -> list[str]:
    """The table's cells for one indicator, as text."""
    unit = row.indicator.unit
    whole = row.indicator.counts_whole_things  # the plan's whole_units decide, rounded half up
    actual = fmt_number(row.actual, unit)
    if row.actual_period is not None:
        actual = f"{actual}（{row.actual_period}）"
    return [
        row.indicator.name,
        unit,
        target_cell(row),
        actual,
        fmt_percent(row.completion),
        fmt_number(row.expected, unit, whole),
        fmt_number(row.gap, unit, whole),
        fmt_number(row.projection, unit, whole),
        row.label,
        "、".join(row.indicator.lead_units),
        source_label(row),
    ]


def summary_line(report: StatusReport) -> str:
    counts = report.counts()
    parts = [f"{STATUS_LABELS[s]} {n}" for s, n in counts.items() if n]
    return f"共 {len(report.rows)} 项指标" + ("：" + "，".join(parts) if parts else "")


#: Columns whose cells are figures: never wrapped, so nothing breaks mid-figure.
FIGURE_COLUMNS = frozenset({"目标", "完成率", "序时进度", "差距", "预计全年"})

#: How the table gives way as the terminal narrows, in order: each step merges or drops columns.
#: (name of the step as the user reads it, columns it removes)
NARROWING: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("来源", ("来源",)),  # an example figure then carries 示例 in its own cell (see _status_rows)
    ("期间另起一行", ()),
    ("牵头单位", ("牵头单位",)),
    ("单位并入指标", ("单位",)),
    ("预计全年", ("预计全年",)),
    ("差距", ("差距",)),
)
#: Steps that merge rather than drop: not named among the columns left out.
MERGES = frozenset({"期间另起一行", "单位并入指标"})


#: The narrowest a wrapping column may get (terminal cells): names and units wrap onto more lines.
WRAP_MIN = {"单位": 4, "牵头单位": 10, "状态": 8, "指标（单位）": 12, "指标": 12}


def _status_rows(report: StatusReport, steps: int) -> tuple[list[str], list[list[BoxCell]]]:
    """Headers and cells of the status table after the first ``steps`` narrowing steps."""
    applied = {name for name, _ in NARROWING[:steps]}
    dropped = {col for _, cols in NARROWING[:steps] for col in cols}
    unit_in_name = "单位并入指标" in applied
    period_below = "期间另起一行" in applied
    keep = [h for h in HEADERS if h not in dropped]
    headers = ["指标（单位）" if h == "指标" and unit_in_name else h for h in keep]
    rows = []
    for row in report.rows:
        cells = dict(zip(HEADERS, row_cells(row), strict=True))
        if unit_in_name and row.indicator.unit:
            cells["指标"] = f"{row.indicator.name}（{row.indicator.unit}）"
        if period_below and row.actual_period is not None:
            cells["实际（期间）"] = f"{fmt_number(row.actual, row.indicator.unit)}\n（{row.actual_period}）"
        if "来源" in dropped and row.example and row.actual is not None:
            # the 来源 column said 示例: without it the figure itself carries the mark the note below refers to
            figure = fmt_number(row.actual, row.indicator.unit)
            period = row.actual_period
            if period is None:
                cells["实际（期间）"] = f"{figure}（示例）"
            elif period_below:
                cells["实际（期间）"] = f"{figure}（示例）\n（{period}）"
            else:
                cells["实际（期间）"] = f"{figure}（{period}，示例）"
        if period_below:
            cells["目标"] = target_cell(row, stacked=True)
        texts = [BoxCell(row.label, STATUS_STYLES[row.status]) if h == "状态" else BoxCell(cells[h]) for h in keep]
        rows.append(texts)
    return headers, rows


def _widths(headers: list[str], rows: list[list[BoxCell]]) -> tuple[list[int], list[int]]:
    """(narrowest, natural) width of each column in terminal cells; figures never narrower than they are."""
    natural = []
    for i, header in enumerate(headers):
        lines = [header] + [line for row in rows for line in row[i].text.split("\n")]
        natural.append(max(cell_len(line) for line in lines))
    narrowest = [min(n, WRAP_MIN[h]) if h in WRAP_MIN else n for h, n in zip(headers, natural, strict=True)]
    return narrowest, natural


def _shrink(headers: list[str], natural: list[int], narrowest: list[int], room: int) -> list[int]:
    """Column widths within ``room``: columns give way in the order of :data:`WRAP_MIN` (units first,
    names last), each down to its narrowest; figures never give. On a terminal too narrow even for that,
    the widest columns then give way in turn down to :data:`FOLD_MIN` cells (their text folds onto more
    lines) rather than run past the edge."""
    widths = list(natural)
    order = sorted(
        range(len(headers)), key=lambda i: list(WRAP_MIN).index(headers[i]) if headers[i] in WRAP_MIN else 99
    )
    for i in order:
        excess = sum(widths) - room
        if excess <= 0:
            break
        widths[i] -= min(excess, widths[i] - narrowest[i])
    while sum(widths) > room and max(widths) > FOLD_MIN:
        widths[widths.index(max(widths))] -= 1
    return widths


#: The narrowest any column gets on a very narrow terminal: two Chinese characters.
FOLD_MIN = 4


def fitting_table(report: StatusReport, width: int) -> tuple[list[BoxColumn], list[list[BoxCell]], list[str]]:
    """The status table narrowed step by step (:data:`NARROWING`) until it fits ``width``: its columns,
    rows and the columns left out. Figures never wrap; names, statuses and units may wrap onto more lines."""
    steps = 0
    while True:
        headers, rows = _status_rows(report, steps)
        narrowest, natural = _widths(headers, rows)
        frame = 3 * len(headers) + 1  # "│ " before each column, " " after it, and the last "│"
        if steps == 0 and sum(natural) + frame <= width:
            break
        if sum(narrowest) + frame <= width or steps == len(NARROWING):
            break
        steps += 1
    widths = _shrink(headers, natural, narrowest, width - frame)
    columns = [
        BoxColumn(header, cells, right=header in FIGURE_COLUMNS, wraps=header in WRAP_MIN or cells < natural[i])
        for i, (header, cells) in enumerate(zip(headers, widths, strict=True))
    ]
    return columns, rows, [name for name, _cols in NARROWING[:steps] if name not in MERGES]


def render_table(report: StatusReport, plan_title: str, terminal: Terminal) -> None:
    """Print the status table, the summary line and the example-data note to ``terminal``.

    The table fits the terminal's width: as it narrows, columns are merged or dropped in the order of
    :data:`NARROWING`, and a line says which were left out."""
    if not report.rows:  # --unit for a unit that leads and reports no indicator: no empty table frame
        terminal.print(title(report, plan_title))
        terminal.print("没有要列出的指标：所选单位不牵头、也不报送任何指标；它牵头的措施可用 plan units 单位名 查看。")
        return
    columns, rows, dropped = fitting_table(report, terminal.width)
    terminal.print(title(report, plan_title))
    terminal.table(columns, rows)
    if dropped:
        terminal.print(
            f"（终端宽度 {terminal.width} 列，未显示：{'、'.join(dropped)}；加宽终端或用 --format csv 查看全部）"
        )
    terminal.print(summary_line(report))
    for note in revision_notes(report):
        terminal.print(note)
    for note in readings_notes(report):
        terminal.print_folded(note)
    if report.uses_examples:
        terminal.print(EXAMPLE_NOTE)


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
    import json  # only for --format json: the terminal table does not pay for it

    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


#: ``plan status YEAR --format csv``; the workbook's sheet 指标完成情况 takes its shared columns from here.
STATUS_CSV_COLUMNS = (
    Column("指标编号", key="id"),
    Column("指标", key="name"),
    Column("计量单位", key="unit"),
    Column("指标类型", key="kind", labels=INDICATOR_KIND_LABELS),
    Column("方向", key="direction", labels=DIRECTION_LABELS),
    Column("目标值", Kind.NUMBER, "target"),
    Column("目标限定词", key="target_qualifiers"),
    Column("目标表述", key="target_text"),
    Column("完成值", Kind.NUMBER, "actual"),
    Column("数据期", key="actual_period"),
    Column("序时进度", Kind.NUMBER, "expected"),
    Column("完成率", Kind.PERCENT1, "completion"),
    Column("差距", Kind.NUMBER, "gap"),
    Column("预计全年", Kind.NUMBER, "projection"),
    Column("基数（上年末）", Kind.NUMBER, "baseline"),
    Column("状态", key="status", labels=STATUS_LABELS),
    Column("牵头单位", key="lead_units"),
    Column("报送单位", key="reporting_unit"),
    Column("示例数据", key="example"),
    Column("目标调整", key="target_revision"),
    Column("解读", key="readings"),
)


def render_csv(report: StatusReport) -> str:
    """One row per indicator: the JSON figures under Chinese headers (:data:`STATUS_CSV_COLUMNS`)."""
    records = []
    for row in report.rows:
        d = row_to_dict(row)
        d["readings"] = "；".join(d["readings"])  # sentences: joined as sentences
        d["target_revision"] = (d["target_revision"] or {}).get("document")
        records.append(d)
    return csv_text(STATUS_CSV_COLUMNS, records)


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
