"""Rendering import/record outcomes and the missing-submissions list (formatting only)."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from zzgx_plan.compute.missing import MissingReport
from zzgx_plan.submissions.ingest import CHANGE_LABELS, ChangeKind, IngestResult

_KIND_STYLE = {ChangeKind.NEW: "green", ChangeKind.SAME: "dim", ChangeKind.CHANGED: "yellow"}


def summary_line(result: IngestResult) -> str:
    """What an import or record did, in lines that fit an 80-column terminal for typical counts."""
    counts = (
        f"新增 {result.count(ChangeKind.NEW)} 条，相同 {result.count(ChangeKind.SAME)} 条，"
        f"修改 {result.count(ChangeKind.CHANGED)} 条"
    )
    if result.skipped:
        counts += f"，跳过未填 {result.skipped} 行"
    if result.dry_run:
        return f"{counts}。试运行，未写入任何文件。"
    if result.written:
        return f"{counts}。\n已写入：{'、'.join(result.written)}。"  # the files on a line of their own
    return f"{counts}。数据无变化，未写入文件。"


def render_changes_table(result: IngestResult, console: Console, show_summary: bool = True) -> None:
    table = Table(title="变更内容", title_justify="left")
    for header in ("类别", "指标/措施", "名称", "期间", "结果", "原值", "新值", "来源", "写入"):
        table.add_column(header, overflow="fold")
    for c in result.changes:
        table.add_row(
            "指标" if c.what == "figure" else "措施进展",
            c.key if c.what == "figure" else f"措施{c.key}",
            c.name,
            c.period,
            Text(CHANGE_LABELS[c.kind], style=_KIND_STYLE[c.kind]),
            c.old or "",
            c.new,
            c.source,
            c.target,
        )
    console.print(table)
    if show_summary:
        console.print(summary_line(result))


def render_changes_json(result: IngestResult) -> str:
    doc = {
        "dry_run": result.dry_run,
        "new": result.count(ChangeKind.NEW),
        "same": result.count(ChangeKind.SAME),
        "changed": result.count(ChangeKind.CHANGED),
        "skipped": result.skipped,
        "written": result.written,
        "changes": [c.to_dict() for c in result.changes],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_missing_table(report: MissingReport, console: Console) -> None:
    table = Table(title=f"{report.period.label_zh}（{report.period}）待报送清单", title_justify="left")
    for header in ("牵头单位", "类别", "编号", "名称"):
        table.add_column(header, overflow="fold")
    for unit in report.units:
        first = True
        items = [("指标", i.id, i.name) for i in unit.indicators] + [
            ("措施进展", f"措施{m.number}", m.title) for m in unit.measures
        ]
        for kind, key, name in items:
            table.add_row(unit.unit if first else "", kind, key, name)
            first = False
    if report.missing_indicators or report.missing_measures:
        console.print(table)
    for unit in report.units:
        if unit.complete:
            console.print(f"{unit.unit}：齐全")
        else:
            console.print(
                f"{unit.unit}：缺指标 {len(unit.indicators)}/{unit.indicators_due}，"
                f"缺措施进展 {len(unit.measures)}/{unit.measures_due}"
            )
    if report.missing_indicators or report.missing_measures:
        console.print(f"尚缺 {report.missing_indicators} 项指标数值、{report.missing_measures} 项措施进展。")
    else:
        console.print(f"{report.period.label_zh}：全部牵头单位均已报送。")


def render_missing_json(report: MissingReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
