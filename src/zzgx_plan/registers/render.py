"""Rendering register results: firm lists, one firm's history, cohorts and park breakdowns.

Like the other renderers these only format what :mod:`zzgx_plan.registers` computed. Lists
built from shipped example registers carry the note that they are synthetic.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from zzgx_plan.compute.readings import reading_notes
from zzgx_plan.core.models import INDICATOR_KIND_LABELS
from zzgx_plan.core.numbers import fmt_number, fmt_percent, json_number
from zzgx_plan.registers.count import Cohort, Conversion, Listing, RegisterCount
from zzgx_plan.registers.plan import ConversionRule, FirmHistory, FirmList, ParkBreakdown, window_years
from zzgx_plan.render.boxtable import fold_prose
from zzgx_plan.render.columns import Column, Kind, csv_text

EXAMPLE_NOTE = "示例数据：随软件提供的企业名录为合成的示例数据（示例企业、随机生成的信用代码），并非真实企业名单。"

#: ``plan firms --format csv`` (keys of :func:`listing_to_dict`); the workbook's 企业名单 takes its columns from here.
FIRM_COLUMNS = (
    Column("统一社会信用代码", key="uscc"),
    Column("企业名称", key="name"),
    Column("名录编号", key="list"),
    Column("园区", key="park"),
    Column("入库日期", Kind.DATE, "entered_on"),
    Column("出库日期", Kind.DATE, "left_on"),
    Column("到期日", Kind.DATE, "end"),
    Column("来源文件", key="source"),
    Column("位置", key="where"),
)


def short_park(name: str, labels: Mapping[str, str]) -> str:
    """A park's label in tables: its short name from the unit registry (石佛园区运营中心 → 石佛), else its name."""
    return labels.get(name, name)


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def listing_to_dict(item: Listing) -> dict[str, Any]:
    return {
        "uscc": item.uscc,
        "name": item.name,
        "list": item.list_id,
        "park": item.park,
        "entered_on": item.entered.isoformat(),
        "left_on": _date(item.left) or None,
        "end": _date(item.end) or None,
        "source": item.source,
        "where": item.where,
    }


# ---------------------------------------------------------------- plan firms


def firm_list_to_dict(found: FirmList) -> dict[str, Any]:
    return {
        "list": found.indicator.id,
        "name": found.indicator.name,
        "kind": found.kind,
        "since": _date(found.since) or None,
        "as_of": found.as_of.isoformat(),
        "park": found.park,
        "listed": found.listed,
        "total": found.count.total if found.listed else None,
        "by_park": dict(found.count.by_park) if found.listed else None,
        "example_data": found.example,
        "firms": [listing_to_dict(item) for item in found.firms],
    }


def firms_csv(items: Sequence[Listing]) -> str:
    return csv_text(FIRM_COLUMNS, (listing_to_dict(item) for item in items))


def firms_heading(found: FirmList) -> str:
    name = found.indicator.name + (f"·{short_park(found.park, found.labels)}" if found.park else "")
    if not found.listed:
        return f"{name}：{NO_REGISTER}"
    if found.since is None:
        return f"{name}：截至 {found.as_of.isoformat()} 在库 {found.count.total} 家"
    return f"{name}：{found.since.isoformat()} 至 {found.as_of.isoformat()} 新入库 {found.count.total} 家"


def park_line(count: RegisterCount, labels: Mapping[str, str]) -> str:
    return "按园区：" + "，".join(f"{short_park(p, labels)} {n}" for p, n in count.by_park)


NO_REGISTER = "无名录（企业名录中没有这份名单，无法逐家列出；数字以各单位报送为准）"


def render_firm_list(found: FirmList, console: Console) -> None:
    if not found.listed:  # nothing was counted: say so instead of an empty table and 0 家
        console.print(firms_heading(found))
        return
    headers = ("序号", "统一社会信用代码", "企业名称", "园区", "入库日期", "出库/到期", "来源文件", "位置")
    rows = [
        (
            str(i),
            item.uscc,
            item.name,
            short_park(item.park, found.labels),
            item.entered.isoformat(),
            _date(item.left) or (f"{_date(item.end)}（到期）" if item.end else ""),
            item.source,
            item.where,
        )
        for i, item in enumerate(found.firms, 1)
    ]
    # Codes and dates are never cut (``91410100GP…`` helps nobody): where the terminal is too narrow, the
    # columns saying where a row comes from go first, and a line says so; names then wrap.
    natural = [max([cell_len(h), *(cell_len(r[c]) for r in rows)]) for c, h in enumerate(headers)]
    shown = list(range(len(headers)))
    dropped: list[str] = []
    for optional in (7, 6):  # 位置, then 来源文件
        if sum(natural[c] for c in shown) + 3 * len(shown) + 1 <= console.width:
            break
        shown.remove(optional)
        dropped.insert(0, headers[optional])
    table = Table(title=firms_heading(found), title_justify="left")
    for c in shown:
        whole = headers[c] not in ("企业名称", "来源文件", "位置")
        table.add_column(
            headers[c],
            justify="right" if headers[c] == "序号" else "left",
            no_wrap=whole,
            min_width=natural[c] if whole else None,
            overflow="fold",
        )
    for r in rows:
        table.add_row(*(r[c] for c in shown))
    console.print(table)
    if dropped:
        console.print(
            f"（终端宽度 {console.width} 列，未显示：{'、'.join(dropped)}；加宽终端或用 --format csv 查看全部）",
            markup=False,
        )
    if found.park is None:
        console.print(park_line(found.count, found.labels))
    if found.example:
        console.print(EXAMPLE_NOTE)


# ---------------------------------------------------------------- plan firm


def status_on(item: Listing, day: dt.date) -> str:
    if item.entered > day:
        return "尚未入库"
    if item.on_list(day):
        return "在库"
    if item.left is not None:
        return "已出库"
    return "已到期" if item.end is not None else "已出库"


def conversion_text(conv: Conversion | None, cohort: Cohort | None, rule: ConversionRule | None = None) -> list[str]:
    """Sentences on a firm's 后备库 → 高企 path and its cohort, judged against the plan's window
    (措施11: 1—2年内通过认定, data in targets.yaml), with the window's reading (解读)."""
    if conv is None:
        return []
    lines = []
    if conv.certified is None:
        lines.append(f"后备库入库 {conv.reserve_entered.isoformat()}，尚未认定为高新技术企业。")
    else:
        days = conv.days or 0
        verdict = ""
        within = rule.within(conv) if rule is not None else None
        if rule is not None and within is not None:
            # the document's own word: 力争 (strive), not 要求 (require)
            word = "".join(str(q) for q in rule.goal.qualifiers) + "的" if rule.goal.qualifiers else "所说的"
            required = f"措施{rule.measure}{word}{rule.goal.window_text}" if rule.measure else rule.goal.window_text
            verdict = f"，在{required}内" if within else f"，超过{required}"
        lines.append(
            f"后备库入库 {conv.reserve_entered.isoformat()} → 高新技术企业认定 {conv.certified.isoformat()}"
            f"（用时 {days} 天{verdict}）。"
        )
    if cohort is not None:
        lines.append(f"所在 {cohort.year} 年入库批次：{cohort_sentence(cohort)}")
    if rule is not None and rule.goal.reading:
        lines += reading_notes([("", (rule.goal.reading,))])
    return lines


def cohort_sentence(c: Cohort) -> str:
    parts = [
        f"{w.years}年内认定 {w.converted} 家（{fmt_percent(c.rate(w.years))}{'' if w.complete else '，观察期未满'}）"
        for w in c.windows
    ]
    return f"{c.size} 家，{'，'.join(parts)}。"


def firm_to_dict(h: FirmHistory) -> dict[str, Any]:
    conv = h.conversion
    return {
        "uscc": h.uscc,
        "names": sorted({item.name for item in h.listings}),
        "as_of": h.as_of.isoformat(),
        "listings": [{**listing_to_dict(item), "status": status_on(item, h.as_of)} for item in h.listings],
        "conversion": None
        if conv is None
        else {
            "reserve_entered_on": conv.reserve_entered.isoformat(),
            "certified_on": _date(conv.certified) or None,
            "days": conv.days,
            "cohort": None if h.cohort is None else cohort_to_dict(h.cohort),
        },
        "example_data": h.example,
    }


def render_firm(
    h: FirmHistory, list_names: dict[str, str], console: Console, park_labels: Mapping[str, str] | None = None
) -> None:
    names = "、".join(sorted({item.name for item in h.listings}))
    table = Table(title=f"{names}（{h.uscc}）名录记录，截至 {h.as_of.isoformat()}", title_justify="left")
    for header in ("名录", "园区", "入库日期", "出库/到期", "状态", "位置"):
        # dates whole; a long 位置 folds onto more lines rather than lose its file name and line to “…”
        table.add_column(header, no_wrap=header in ("入库日期", "出库/到期"), overflow="fold")
    for item in h.listings:
        end = _date(item.left) or (f"{_date(item.end)}（到期）" if item.end else "")
        table.add_row(
            list_names.get(item.list_id, item.list_id),
            short_park(item.park, park_labels or {}),
            item.entered.isoformat(),
            end,
            status_on(item, h.as_of),
            item.where,
        )
    console.print(table)
    for line in conversion_text(h.conversion, h.cohort, h.rule):
        console.print(line)
    if h.example:
        console.print(EXAMPLE_NOTE)


# ---------------------------------------------------------------- plan conversion


def cohort_to_dict(c: Cohort) -> dict[str, Any]:
    """A cohort for JSON: ``within_1y``, ``rate_1y``, ``window_1y_complete`` … for each window of the goal."""
    rates = {f"rate_{w.years}y": _rounded(c.rate(w.years)) for w in c.windows}
    return {
        "year": c.year,
        "size": c.size,
        **{f"within_{w.years}y": w.converted for w in c.windows},
        "by_as_of": c.by_as_of,
        **rates,
        "rate_by_as_of": _rounded(c.rate_by_as_of),
        **{f"window_{w.years}y_complete": w.complete for w in c.windows},
    }


def _rounded(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 4)


def conversion_notes(rule: ConversionRule | None) -> list[str]:
    """The notes under the cohort table: the open windows, and the reading (解读) of the goal's window."""
    windows = "/".join(f"{n}年" for n in window_years(rule))
    notes = [f"* 观察期未满：该批次企业入库未满{windows}，转化率还可能上升。"]
    if rule is not None and rule.goal.reading:
        notes += reading_notes([("", (rule.goal.reading,))])
    return notes


def render_cohorts(
    cohorts: Sequence[Cohort], title: str, notes: Sequence[str], example: bool, console: Console
) -> None:
    """The cohort table under ``title`` (:func:`~zzgx_plan.registers.plan.conversion_title`), ``notes`` below."""
    table = Table(title=title, title_justify="left")
    windows = cohorts[0].windows if cohorts else ()
    headers = ["入库年份", "入库企业"]
    for w in windows:
        headers += [f"{w.years}年内认定", f"{w.years}年转化率"]
    for header in (*headers, "截至目前认定", "累计转化率"):
        table.add_column(header, justify="right")
    for c in cohorts:
        cells = [str(c.year), str(c.size)]
        for w in c.windows:
            cells += [str(w.converted), fmt_percent(c.rate(w.years)) + ("" if w.complete else "*")]
        table.add_row(*cells, str(c.by_as_of), fmt_percent(c.rate_by_as_of))
    console.print(table)
    for note in notes:
        for line in fold_prose(note, console.width):
            console.print(line, highlight=False, soft_wrap=True)
    if example:
        console.print(EXAMPLE_NOTE)


def cohort_columns(windows: Sequence[int]) -> tuple[Column, ...]:
    """``plan conversion --format csv`` (keys of :func:`cohort_to_dict`) and the workbook's sheet 后备库转化率:
    three columns for each window of the goal."""
    per_window = [
        column
        for n in windows
        for column in (
            Column(f"{n}年内认定", Kind.INTEGER, f"within_{n}y"),
            Column(f"{n}年转化率", Kind.PERCENT1, f"rate_{n}y"),
            Column(f"{n}年观察期已满", key=f"window_{n}y_complete"),
        )
    ]
    return (
        Column("入库年份", Kind.INTEGER, "year"),
        Column("入库企业", Kind.INTEGER, "size"),
        *per_window,
        Column("截至目前认定", Kind.INTEGER, "by_as_of"),
        Column("累计转化率", Kind.PERCENT1, "rate_by_as_of"),
    )


def cohorts_csv(cohorts: Sequence[Cohort], windows: Sequence[int]) -> str:
    return csv_text(cohort_columns(windows), (cohort_to_dict(c) for c in cohorts))


# ---------------------------------------------------------------- plan status --by park


def breakdown_to_dict(b: ParkBreakdown) -> dict[str, Any]:
    return {
        "as_of": str(b.as_of) if b.as_of else None,
        "register_latest": b.latest.isoformat() if b.latest else None,
        "not_counted": list(b.beyond),
        "parks": list(b.parks),
        "indicators": [
            {
                "id": row.indicator.id,
                "name": row.indicator.name,
                "kind": str(row.indicator.kind),
                "period": str(row.period),
                "total": row.count.total,
                "by_park": dict(row.count.by_park),
                "reported": row.reported,
                "example": row.example,
            }
            for row in b.rows
        ],
    }


def beyond_note(b: ParkBreakdown) -> str | None:
    """Which indicators are left out because the register does not reach their period."""
    if not b.beyond:
        return None
    latest = b.latest.isoformat() if b.latest else "—"
    return f"企业名录最新记录为 {latest}，未覆盖以下指标的期间，未计数：" + "、".join(b.beyond) + "。"


def breakdown_title(b: ParkBreakdown) -> str:
    return f"{b.year}年按园区（企业名录计数，截至各指标报送期末；流量指标为当年1月1日起新入库）"


def render_breakdown(b: ParkBreakdown, console: Console) -> None:
    table = Table(title=breakdown_title(b), title_justify="left")
    table.add_column("指标")
    table.add_column("期间")
    for park in b.parks:
        table.add_column(short_park(park, b.labels), justify="right")
    for header in ("名录合计", "报送值", "目标"):
        table.add_column(header, justify="right")
    for row in b.rows:
        target = row.indicator.target_for(b.year)
        table.add_row(
            row.indicator.name,
            str(row.period),
            *(str(n) for _p, n in row.count.by_park),
            str(row.count.total),
            fmt_number(row.reported, row.indicator.unit),
            fmt_number(target.value if target else None, row.indicator.unit),
        )
    console.print(table)
    if note := beyond_note(b):
        console.print(note)
    if any(row.example for row in b.rows):
        console.print(EXAMPLE_NOTE)


def breakdown_markdown(b: ParkBreakdown) -> str:
    headers = ["指标", "期间", *(short_park(p, b.labels) for p in b.parks), "名录合计", "报送值", "目标"]
    lines = [f"### {breakdown_title(b)}", "", "| " + " | ".join(headers) + " |"]
    lines.append("|---|---|" + "|".join("---:" for _ in headers[2:]) + "|")
    for row in b.rows:
        target = row.indicator.target_for(b.year)
        cells = [
            row.indicator.name,
            str(row.period),
            *(str(n) for _p, n in row.count.by_park),
            str(row.count.total),
            fmt_number(row.reported, row.indicator.unit),
            fmt_number(target.value if target else None, row.indicator.unit),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if note := beyond_note(b):
        lines += ["", note]
    if any(row.example for row in b.rows):
        lines += ["", f"> {EXAMPLE_NOTE}"]
    return "\n".join(lines) + "\n"


#: ``plan status YEAR --by park --format csv``: one row per indicator and park.
BREAKDOWN_COLUMNS = (
    Column("指标编号", key="id"),
    Column("指标", key="name"),
    Column("指标类型", key="kind", labels=INDICATOR_KIND_LABELS),
    Column("数据期", key="period"),
    Column("园区", key="park"),
    Column("园区名录计数", Kind.INTEGER, "count"),
    Column("名录合计", Kind.INTEGER, "total"),
    Column("报送值", Kind.NUMBER, "reported"),
    Column("示例数据", key="example"),
)


def breakdown_records(b: ParkBreakdown) -> list[dict[str, Any]]:
    """One record per indicator and park, keyed as :data:`BREAKDOWN_COLUMNS` (the CSV and the 按园区 sheet)."""
    return [
        {
            "id": row.indicator.id,
            "name": row.indicator.name,
            "kind": str(row.indicator.kind),
            "period": str(row.period),
            "park": park,
            "count": n,
            "total": row.count.total,
            "reported": json_number(row.reported),
            "example": row.example,
        }
        for row in b.rows
        for park, n in row.count.by_park
    ]


def breakdown_csv(b: ParkBreakdown) -> str:
    return csv_text(BREAKDOWN_COLUMNS, breakdown_records(b))


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
