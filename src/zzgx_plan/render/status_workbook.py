"""``plan status --format xlsx``: the status table as a workbook with native charts.

Sheet 指标完成情况 holds the same figures as ``--format json`` (percent indicators as Excel
percentages: 95 in JSON is 0.95 shown as 95%), each status filled in its traffic-light colour,
and a bar chart of 完成率 against 序时进度 per indicator. Sheet 季度走势 lists every indicator's
figure per quarter with its 序时进度 and target, and one line chart per indicator that has both.
Targets are numbers (目标值); column 目标表述 shows them as the document words them
(``力争约95%``, ``≥10``, ``*`` when revised, ``※`` on a reading), the readings listed under the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from zzgx_plan.compute.multiyear import PeriodStatus
from zzgx_plan.compute.readings import READING_MARK, row_target
from zzgx_plan.compute.status import STATUS_LABELS, IndicatorProgress, Status, StatusReport
from zzgx_plan.compute.trajectory import Trajectory
from zzgx_plan.core.models import Direction
from zzgx_plan.core.numbers import json_number
from zzgx_plan.render.columns import Column, Kind, pick
from zzgx_plan.render.document import STATUS_TONES
from zzgx_plan.render.multiyear import range_columns
from zzgx_plan.render.multiyear import readings_notes as range_readings_notes
from zzgx_plan.render.status import (
    EXAMPLE_NOTE,
    STATUS_CSV_COLUMNS,
    readings_notes,
    revision_notes,
    source_label,
    summary_line,
    target_cell,
    title,
)
from zzgx_plan.render.xlsx import Chart, Sheet, XCell, dated_title, workbook_bytes

#: The columns of sheet 指标完成情况: those it shares with the CSV come from :data:`STATUS_CSV_COLUMNS`.
#: 目标表述 is the target as the document words it (``力争约95%※``), beside the bare number of 目标值.
STATUS_COLUMNS = (
    *pick(STATUS_CSV_COLUMNS, "name", "unit", "target", "actual", "actual_period", "completion", "expected"),
    Column("序时进度（占目标）", Kind.PERCENT1),
    *pick(STATUS_CSV_COLUMNS, "gap", "projection", "status", "lead_units"),
    Column("来源"),
    *pick(STATUS_CSV_COLUMNS, "target_revision", "target_text", "readings"),
)
COMPLETION_COL = 5
EXPECTED_SHARE_COL = 7

TRAJECTORY_COLUMNS = (
    Column("指标"),
    Column("季度"),
    Column("完成值", Kind.NUMBER),
    Column("序时进度", Kind.NUMBER),
    Column("目标值", Kind.NUMBER),
    Column("来源"),
)


def _value(row: IndicatorProgress, value: float | None) -> Any:
    """A figure as the cell stores it: the JSON number, percent indicators as a share (95 → 0.95)."""
    number = json_number(value)
    if number is None:
        return None
    if row.indicator.is_percent:
        return XCell(json_number(number / 100, 6), kind=Kind.PERCENT)
    if row.indicator.counts_whole_things:
        return XCell(number, kind=Kind.INTEGER)  # 16533.3333 家 shown as 16533 (四舍五入); the value stays exact
    return number


def expected_share(row: IndicatorProgress) -> float | None:
    """序时进度 as a share of the target (at_least/about): expected ÷ target, for the overview chart."""
    if row.expected is None or not row.target or row.indicator.direction is Direction.AT_MOST:
        return None
    return json_number(row.expected / row.target)


def status_row(row: IndicatorProgress) -> list[Any]:
    revision = row.revision
    return [
        row.indicator.name,
        row.indicator.unit,
        _value(row, row.target),
        _value(row, row.actual),
        str(row.actual_period) if row.actual_period else None,
        json_number(row.completion),
        _value(row, row.expected),
        expected_share(row),
        _value(row, row.gap),
        _value(row, row.projection),
        XCell(STATUS_LABELS[row.status], STATUS_TONES[row.status]),
        "、".join(row.indicator.lead_units),
        source_label(row) or None,
        f"{revision.document}（原目标 {json_number(row.original_target)}）" if revision else None,
        target_cell(row),
        f"{READING_MARK} 见表下解读" if row_target(row).readings else None,
    ]


def status_sheet(report: StatusReport, plan_title: str, when: dt.datetime | None) -> Sheet:
    rows = [status_row(r) for r in report.rows]
    notes = [summary_line(report), *revision_notes(report), *readings_notes(report)]
    if report.uses_examples:
        notes.append(EXAMPLE_NOTE)
    charted = sum(1 for r in report.rows if r.completion is not None)
    charts: tuple[Chart, ...] = ()
    if charted:
        charts = (
            Chart(
                "bar",
                "完成率与序时进度（占年度目标）",
                categories=0,
                series=(COMPLETION_COL, EXPECTED_SHARE_COL),
                anchor=f"A{len(rows) + len(notes) + 5}",
                percent=True,
                height_cm=max(8.0, 0.9 * len(rows)),
            ),
        )
    return Sheet(
        "指标完成情况",
        dated_title(title(report, plan_title), when),
        STATUS_COLUMNS,
        rows,
        tuple(notes),
        charts,
    )


def _trajectory_value(traj: Trajectory, value: float | None) -> Any:
    number = json_number(value)
    if number is None:
        return None
    if traj.indicator.is_percent:
        return XCell(json_number(number / 100, 6), kind=Kind.PERCENT)
    if traj.indicator.counts_whole_things:
        return XCell(number, kind=Kind.INTEGER)
    return number


def trajectory_sheet(trajectories: Sequence[Trajectory], when: dt.datetime | None) -> Sheet:
    rows: list[list[Any]] = []
    charts: list[Chart] = []
    for traj in trajectories:
        if not traj.has_figures:
            continue
        first = len(rows)
        for p in traj.points:
            rows.append(
                [
                    traj.indicator.name,
                    p.period.label_zh,
                    _trajectory_value(traj, p.actual),
                    _trajectory_value(traj, p.expected),
                    _trajectory_value(traj, p.target),
                    "示例" if p.example else None,
                ]
            )
        unit = "%" if traj.indicator.is_percent else traj.indicator.unit
        charts.append(
            Chart(
                "line",
                f"{traj.indicator.name}（{unit}）",
                categories=1,
                series=(2, 3, 4),
                anchor=f"H{2 + 16 * len(charts)}",
                rows=(first, len(rows) - 1),
                percent=traj.indicator.is_percent,
                width_cm=16.0,
                height_cm=7.5,
            )
        )
    notes = ["流量指标的完成值为当年1月起累计；存量指标为季度末总量。没有新报送数字的季度留空。"]
    if any(t.uses_examples for t in trajectories):
        notes.append(EXAMPLE_NOTE)
    return Sheet("季度走势", dated_title("各指标季度走势", when), TRAJECTORY_COLUMNS, rows, tuple(notes), tuple(charts))


def status_workbook(
    report: StatusReport,
    plan_title: str,
    trajectories: Sequence[Trajectory],
    when: dt.datetime | None,
    extra: Sequence[Sheet] = (),
) -> bytes:
    """The whole ``plan status`` workbook as bytes; ``extra`` sheets (按园区 of ``--by park``) go last."""
    sheets = [status_sheet(report, plan_title, when), trajectory_sheet(trajectories, when), *extra]
    return workbook_bytes(sheets, title(report, plan_title), when)


def range_sheet(result: PeriodStatus, plan_title: str, when: dt.datetime | None) -> Sheet:
    """Sheet 多年汇总 of ``plan status 2023-2025``: each year's target, actual and status, then the period."""
    table = range_columns(result.years)
    columns = list(pick(table, "name", "unit"))
    for year in result.years:
        columns += pick(table, f"{year}.target", f"{year}.actual", f"{year}.status")
    columns += pick(table, "met_years", "years_with_target", "final_status", "cagr", "target_cagr")
    columns += pick(table, "total", "total_target")
    columns.append(Column("来源"))  # 示例 on example figures, as on the sheets of each year (the note below says so)
    # each year's target as the document words it (``力争约95%※``), after the period's figures
    columns += pick(table, *(f"{year}.target_text" for year in result.years))
    rows = []
    for r in result.rows:
        cells: list[Any] = [r.indicator.name, r.indicator.unit]
        for row in r.by_year:
            cells += [_value(row, row.target), _value(row, row.actual), _status_cell(row.status)]
        final = r.by_year[-1]
        cells += [
            r.met_years,
            r.years_with_target,
            _status_cell(r.final_status),
            json_number(r.cagr, 6),
            json_number(r.target_cagr, 6),
            _value(final, r.total),
            _value(final, r.total_target),
            "示例" if r.example else "",
            *(target_cell(row) for row in r.by_year),
        ]
        rows.append(cells)
    notes = range_readings_notes(result)
    if result.uses_examples:
        notes.append(EXAMPLE_NOTE)
    first, last = result.years[0], result.years[-1]
    as_of = f"截至{result.as_of.label_zh}" if result.as_of else "暂无数据"
    text = f"{plan_title} {first}—{last}年目标完成情况（{as_of}）"
    return Sheet("多年汇总", dated_title(text, when), tuple(columns), rows, tuple(notes))


def _status_cell(status: Status) -> XCell:
    return XCell(STATUS_LABELS[status], STATUS_TONES[status])


def range_workbook(
    result: PeriodStatus, plan_title: str, trajectories: Sequence[Trajectory], when: dt.datetime | None
) -> bytes:
    """``plan status 2023-2025 --format xlsx``: the period summary, one sheet per year, the quarterly paths."""
    sheets = [range_sheet(result, plan_title, when)]
    for i, year in enumerate(result.years):
        rows = tuple(r.by_year[i] for r in result.rows)
        periods = [row.actual_period for row in rows if row.actual_period is not None]
        as_of = result.as_of if year == result.final_year else (max(periods) if periods else None)
        sheet = status_sheet(StatusReport(year, as_of, rows), plan_title, when)
        sheets.append(replace(sheet, name=f"{year}年"))
    sheets.append(trajectory_sheet(trajectories, when))
    return workbook_bytes(sheets, sheets[0].title, when)
