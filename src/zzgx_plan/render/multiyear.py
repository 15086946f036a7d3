"""Rendering a :class:`~zzgx_plan.compute.multiyear.PeriodStatus` (``plan status 2023-2025``):
terminal table, JSON, CSV and Markdown. Renderers decide nothing; example figures are marked 示例."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from zzgx_plan.compute.multiyear import IndicatorPeriodResult, MeasureResult, PeriodStatus
from zzgx_plan.compute.readings import reading_notes, row_target
from zzgx_plan.compute.status import STATUS_LABELS, IndicatorProgress, Status
from zzgx_plan.core.models import INDICATOR_KIND_LABELS
from zzgx_plan.core.numbers import fmt_number, fmt_percent, json_number
from zzgx_plan.render.boxtable import fold_prose
from zzgx_plan.render.columns import Column, Kind, csv_text
from zzgx_plan.render.status import EXAMPLE_NOTE, STATUS_STYLES, target_cell

NOT_REPORTED = "未报送"


def years_label(result: PeriodStatus) -> str:
    return f"{result.years[0]}—{result.years[-1]}年"


def title(result: PeriodStatus, plan_title: str) -> str:
    as_of = f"截至{result.as_of.label_zh}" if result.as_of else "暂无数据"
    return f"{plan_title} {years_label(result)}目标完成情况（{as_of}）"


def year_cell(row: IndicatorProgress) -> str:
    """``16000※/16600 已完成``: the year's target (with the document's qualifiers, ※ on a reading),
    actual and status in one cell."""
    unit = row.indicator.unit
    if row.target is None and row.actual is None:
        return "—"
    actual = fmt_number(row.actual, unit)
    if row.actual_period is not None and row.actual_period.last_month != 12:
        actual += f"（{row.actual_period}）"
    return f"{target_cell(row)}/{actual} {row.label}"


def readings_notes(result: PeriodStatus) -> list[str]:
    """``※ 解读：…`` lines for every reading behind a figure of the table (any of its years)."""
    return reading_notes(
        (r.indicator.name, [text for row in r.by_year for text in row_target(row).readings]) for r in result.rows
    )


def growth_cell(r: IndicatorPeriodResult) -> str:
    if r.cagr is None and r.target_cagr is None:
        return "—"
    return f"{fmt_percent(r.cagr)}（目标{fmt_percent(r.target_cagr)}）"


def total_cell(r: IndicatorPeriodResult) -> str:
    unit = r.indicator.unit
    if r.total is None and r.total_target is None:
        return "—"
    return f"{fmt_number(r.total, unit)}/{fmt_number(r.total_target, unit)}"


def pace_cell(r: IndicatorPeriodResult) -> str:
    """``尚需 500，后续每季度需完成 500（每月 166.7）`` for a year in progress; else —."""
    if r.pace is None:
        return "—"
    unit = r.indicator.unit
    p = r.pace
    return (
        f"{p.year}年尚需 {fmt_number(p.remaining, unit)}，后续每季度需完成 {fmt_number(p.per_quarter, unit)}"
        f"（每月 {fmt_number(p.per_month, unit)}）"
    )


def met_cell(r: IndicatorPeriodResult) -> str:
    return f"{r.met_years}/{r.years_with_target}" if r.years_with_target else "—"


def headers(result: PeriodStatus) -> list[str]:
    return [
        "指标",
        "单位",
        *[f"{y}年 目标/完成值" for y in result.years],
        "期末状态",
        "达标年数",
        "年均增长（目标）",
        "合计/目标合计",
        "后续需完成",
    ]


def row_cells(r: IndicatorPeriodResult) -> list[str]:
    return [
        r.indicator.name + ("（示例）" if r.example else ""),
        r.indicator.unit,
        *[year_cell(row) for row in r.by_year],
        r.final.label,
        met_cell(r),
        growth_cell(r),
        total_cell(r),
        pace_cell(r),
    ]


def summary_lines(result: PeriodStatus) -> list[str]:
    final_year = result.final_year
    with_final = [r for r in result.rows if r.final.target is not None]
    met_final = sum(1 for r in with_final if r.final_status is Status.ACHIEVED)
    every = sum(1 for r in result.rows if r.met_every_year)
    lines = [
        f"共 {len(result.rows)} 项指标：{len(with_final)} 项有{final_year}年目标，其中已完成 {met_final} 项；"
        f"每年均完成年度目标 {every} 项。",
        measures_summary(result.measures),
    ]
    return lines


def measures_summary(measures: tuple[MeasureResult, ...]) -> str:
    counts: dict[str, int] = {}
    for m in measures:
        key = m.latest.status.value if m.latest else NOT_REPORTED
        counts[key] = counts.get(key, 0) + 1
    order = ["已完成", "推进中", "滞后", "未启动", NOT_REPORTED]
    parts = [f"{k} {counts[k]}" for k in order if counts.get(k)]
    return f"{len(measures)} 项重点任务最新进展：" + "，".join(parts) + "。"


def measure_cells(m: MeasureResult) -> list[str]:
    if m.latest is None:
        return [str(m.measure.number), m.measure.title, "、".join(m.measure.lead_units), NOT_REPORTED, "—"]
    return [
        str(m.measure.number),
        m.measure.title,
        "、".join(m.measure.lead_units),
        m.latest.status.value,
        m.latest.period.label_zh,
    ]


MEASURE_HEADERS = ("编号", "措施", "牵头单位", "最新进展", "报送期")


#: How the range table narrows to fit the terminal, in order: (step, columns it drops). The first two merge.
NARROWING: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("分行显示", ()),
    ("单位并入指标", ("单位",)),
    ("合计/目标合计", ("合计/目标合计",)),
    ("年均增长（目标）", ("年均增长（目标）",)),
    ("达标年数", ("达标年数",)),
    ("后续需完成", ("后续需完成",)),
)
MERGES = frozenset({"分行显示", "单位并入指标"})
NAME_MIN = 10  # the indicator's name may wrap down to this many terminal cells; figures never wrap


def _stacked(text: str) -> str:
    """A cell on several short lines: ``16000/16600 已完成`` → ``16000/16600\n已完成``."""
    return text.replace(" ", "\n", 1).replace("（", "\n（", 1)


def _table_rows(result: PeriodStatus, steps: int) -> tuple[list[str], list[list[Text]]]:
    applied = {name for name, _ in NARROWING[:steps]}
    dropped = {col for _, cols in NARROWING[:steps] for col in cols}
    all_headers = headers(result)
    if all(r.pace is None for r in result.rows):
        dropped.add("后续需完成")  # every year of the range is over: a column of dashes only takes room
    keep = [h for h in all_headers if h not in dropped]
    shown = ["指标（单位）" if h == "指标" and "单位并入指标" in applied else h for h in keep]
    if "分行显示" in applied:
        shown = [h.replace(" ", "\n").replace("（", "\n（").replace("/目标", "/\n目标") for h in shown]
        shown = [h.replace("指标\n（单位）", "指标（单位）") for h in shown]
    final_header = "期末状态"
    rows = []
    for r in result.rows:
        cells = dict(zip(all_headers, row_cells(r), strict=True))
        if "单位并入指标" in applied:
            cells["指标"] = f"{r.indicator.name}（{r.indicator.unit}）" + ("（示例）" if r.example else "")
        texts = []
        for h in keep:
            text = cells[h]
            if "分行显示" in applied and h == "后续需完成" and r.pace is not None:
                unit, pace = r.indicator.unit, r.pace
                text = (
                    f"{pace.year}年尚需 {fmt_number(pace.remaining, unit)}\n"
                    f"每季度需 {fmt_number(pace.per_quarter, unit)}\n每月需 {fmt_number(pace.per_month, unit)}"
                )
            elif "分行显示" in applied and h not in {"指标", "单位", final_header, "达标年数"}:
                text = _stacked(text)
            style = STATUS_STYLES[r.final_status] if h == final_header else ""
            texts.append(Text(text, style=style))
        rows.append(texts)
    return shown, rows


def _fit(result: PeriodStatus, width: int) -> tuple[Table, list[str]]:
    from rich.cells import cell_len

    steps = 0
    while True:
        shown, rows = _table_rows(result, steps)
        natural = [
            max(cell_len(line) for line in [*h.split("\n"), *(ln for row in rows for ln in row[i].plain.split("\n"))])
            for i, h in enumerate(shown)
        ]
        natural = [
            max([n, *(cell_len(line) for line in h.split("\n"))]) if "\n" in h else n
            for h, n in zip(shown, natural, strict=True)
        ]
        narrowest = [min(n, NAME_MIN) if h.startswith("指标") else n for h, n in zip(shown, natural, strict=True)]
        frame = 3 * len(shown) + 1
        if (steps == 0 and sum(natural) + frame <= width) or sum(narrowest) + frame <= width:
            break
        if steps == len(NARROWING):
            break
        steps += 1
    widths = list(natural)
    excess = sum(widths) + frame - width
    if excess > 0:
        widths[0] = max(narrowest[0], widths[0] - excess)
    if shown[0] == "指标（单位）" and widths[0] < cell_len(shown[0]):
        shown[0] = "指标\n（单位）"  # on two lines rather than cut as 指标（单位 / ）
    table = Table(show_lines=steps > 0)
    for h, w in zip(shown, widths, strict=True):
        table.add_column(h, no_wrap=not h.startswith("指标"), width=w, overflow="fold")
    for texts in rows:
        table.add_row(*texts)
    return table, [name for name, _ in NARROWING[:steps] if name not in MERGES]


def render_table(result: PeriodStatus, plan_title: str, console: Console) -> None:
    """The range table, narrowed to the console's width (cells on several lines, then columns left out,
    said in a line below); the summary; the measures not completed; the example-data note."""
    table, dropped = _fit(result, console.width)
    console.print(title(result, plan_title), markup=False)
    if result.rows:
        console.print(table)
    else:  # --unit for a unit that leads and reports no indicator: no empty table frame
        console.print(
            "没有要列出的指标：所选单位不牵头、也不报送任何指标；它牵头的措施可用 plan units 单位名 查看。",
            markup=False,
        )
    if dropped:
        console.print(
            f"（终端宽度 {console.width} 列，未显示：{'、'.join(dropped)}；加宽终端或用 --format csv 查看全部）",
            markup=False,
        )
    for line in summary_lines(result):
        console.print(line, markup=False)
    for note in readings_notes(result):
        for line in fold_prose(note, console.width):
            console.print(line, markup=False, soft_wrap=True)
    behind = [m for m in result.measures if m.latest is None or m.latest.status.value != "已完成"]
    if behind:
        console.print("未完成或未报送的重点任务", markup=False)
        mt = Table()
        for header in MEASURE_HEADERS:
            mt.add_column(header, overflow="fold")
        for m in behind:
            mt.add_row(*measure_cells(m))
        console.print(mt)
    if result.uses_examples:
        console.print(EXAMPLE_NOTE)


def _number_or_none(value: float | None) -> float | int | None:
    return json_number(value)


def to_dict(result: PeriodStatus) -> dict[str, Any]:
    """The JSON form (``plan status 2023-2025 --format json``); absent numbers are null."""
    return {
        "years": list(result.years),
        "as_of": str(result.as_of) if result.as_of else None,
        "indicators": [
            {
                "id": r.indicator.id,
                "name": r.indicator.name,
                "unit": r.indicator.unit,
                "kind": str(r.indicator.kind),
                "by_year": [
                    {
                        "year": row.year,
                        "target": json_number(row.target),
                        "target_qualifiers": list(row_target(row).qualifiers),
                        "target_text": row_target(row, with_unit=True).text if row.target is not None else None,
                        "actual": json_number(row.actual),
                        "actual_period": str(row.actual_period) if row.actual_period else None,
                        "status": str(row.status),
                    }
                    for row in r.by_year
                ],
                "final_status": str(r.final_status),
                "met_years": r.met_years,
                "years_with_target": r.years_with_target,
                "cagr": json_number(r.cagr, 6),
                "target_cagr": json_number(r.target_cagr, 6),
                "total": json_number(r.total),
                "total_target": json_number(r.total_target),
                # every reading (解读) behind a figure of the indicator in these years
                "readings": list(dict.fromkeys(text for row in r.by_year for text in row_target(row).readings)),
            }
            for r in result.rows
        ],
    }


def render_json(result: PeriodStatus) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"


def range_columns(years: Sequence[int]) -> tuple[Column, ...]:
    """The columns of ``plan status 2023-2025 --format csv``; sheet 多年汇总 of the workbook takes its own from here.

    Keys are those of :func:`csv_record`: ``2024.target`` for a year's figure, the JSON key otherwise."""
    columns = [
        Column("指标编号", key="id"),
        Column("指标", key="name"),
        Column("计量单位", key="unit"),
        Column("指标类型", key="kind", labels=INDICATOR_KIND_LABELS),
    ]
    for y in years:
        columns += [
            Column(f"{y}年目标值", Kind.NUMBER, f"{y}.target"),
            Column(f"{y}年目标表述", key=f"{y}.target_text"),  # the document's words: 力争约95%
            Column(f"{y}年完成值", Kind.NUMBER, f"{y}.actual"),
            Column(f"{y}年数据期", key=f"{y}.actual_period"),
            Column(f"{y}年状态", key=f"{y}.status", labels=STATUS_LABELS),
        ]
    columns += [
        Column("期末状态", key="final_status", labels=STATUS_LABELS),
        Column("达标年数", Kind.INTEGER, "met_years"),
        Column("有目标年数", Kind.INTEGER, "years_with_target"),
        Column("年均增长率", Kind.PERCENT1, "cagr"),
        Column("目标年均增长率", Kind.PERCENT1, "target_cagr"),
        Column("期间合计", Kind.NUMBER, "total"),
        Column("期间目标合计", Kind.NUMBER, "total_target"),
        Column("尚需完成", Kind.NUMBER, "remaining"),
        Column("后续每季度需完成", Kind.NUMBER, "per_quarter"),
        Column("后续每月需完成", Kind.NUMBER, "per_month"),
        Column("示例数据", key="example"),
        Column("解读", key="readings"),  # what the 目标表述 of these years rest on, as in the one-year CSV
    ]
    return tuple(columns)


def csv_record(r: IndicatorPeriodResult) -> dict[str, Any]:
    """One indicator's figures keyed as :func:`range_columns` (numbers bare, rates as decimals)."""
    record: dict[str, Any] = {
        "id": r.indicator.id,
        "name": r.indicator.name,
        "unit": r.indicator.unit,
        "kind": str(r.indicator.kind),
    }
    for row in r.by_year:
        record[f"{row.year}.target"] = json_number(row.target, 4)
        record[f"{row.year}.target_text"] = row_target(row).text if row.target is not None else None
        record[f"{row.year}.actual"] = json_number(row.actual, 4)
        record[f"{row.year}.actual_period"] = str(row.actual_period) if row.actual_period else None
        record[f"{row.year}.status"] = str(row.status)
    pace = r.pace
    record.update(
        final_status=str(r.final_status),
        met_years=r.met_years,
        years_with_target=r.years_with_target,
        cagr=json_number(r.cagr, 6),
        target_cagr=json_number(r.target_cagr, 6),
        total=json_number(r.total, 4),
        total_target=json_number(r.total_target, 4),
        remaining=json_number(pace.remaining, 4) if pace else None,
        per_quarter=json_number(pace.per_quarter, 4) if pace else None,
        per_month=json_number(pace.per_month, 4) if pace else None,
        example=r.example,
        readings="；".join(dict.fromkeys(text for row in r.by_year for text in row_target(row).readings)),
    )
    return record


def render_csv(result: PeriodStatus) -> str:
    """One row per indicator; Chinese headers; numbers bare (rates as decimals, 0.0523 = 5.23%)."""
    return csv_text(range_columns(result.years), (csv_record(r) for r in result.rows))


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def render_markdown(result: PeriodStatus, plan_title: str) -> str:
    head = headers(result)
    lines = [f"## {title(result, plan_title)}", "", _md_row(head), "|" + "|".join("---" for _ in head) + "|"]
    lines += [_md_row(row_cells(r)) for r in result.rows]
    lines += ["", *summary_lines(result)]
    notes = readings_notes(result)
    if notes:
        lines += ["", *[f"{n}  " for n in notes]]
    lines += ["", "### 重点任务最新进展", ""]
    lines += [_md_row(list(MEASURE_HEADERS)), "|" + "|".join("---" for _ in MEASURE_HEADERS) + "|"]
    lines += [_md_row(measure_cells(m)) for m in result.measures]
    if result.uses_examples:
        lines += ["", f"> {EXAMPLE_NOTE}"]
    return "\n".join(lines) + "\n"
