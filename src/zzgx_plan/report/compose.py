"""The periodic report as a document: formatting of a :class:`~zzgx_plan.report.content.PeriodReport`.

Everything here is wording and number formatting; the figures come from
:mod:`zzgx_plan.report.content` (which takes them from the progress computation).
Headings follow the 公文 pattern 一、/（一）. The same :class:`Document` is
rendered to Markdown or Word, so both say exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from zzgx_plan.compute.readings import READING_MARK, row_target
from zzgx_plan.compute.status import STATUS_LABELS, IndicatorProgress, Status
from zzgx_plan.core import numbers
from zzgx_plan.core.models import Direction, Origin, Plan, ProgressEntry, ProgressStatus
from zzgx_plan.core.periods import Period, PeriodKind
from zzgx_plan.render.document import (
    STATUS_TONES,
    Block,
    BulletList,
    Cell,
    Document,
    Figure,
    Heading,
    Note,
    Paragraph,
    Table,
    Tone,
    cells,
)
from zzgx_plan.render.status import REVISED_MARK, readings_notes, revision_notes
from zzgx_plan.report.content import AttentionItem, IndicatorLine, MeasureLine, PeriodReport
from zzgx_plan.report.datastamp import DataStamp

if TYPE_CHECKING:
    from zzgx_plan.registers.plan import ParkBreakdown

DASH = "—"
NOT_REPORTED = "未报送"

#: Tone of each measure progress status; a missing entry (未报送) is grey.
ENTRY_TONES: dict[ProgressStatus, Tone] = {
    ProgressStatus.DONE: Tone.GREEN,
    ProgressStatus.IN_PROGRESS: Tone.GREEN,
    ProgressStatus.NOT_STARTED: Tone.YELLOW,
    ProgressStatus.DELAYED: Tone.RED,
}

#: Status order in the 总体情况 table: green, yellow, red, grey.
SUMMARY_ORDER = (
    Status.ACHIEVED,
    Status.ON_TRACK,
    Status.AT_RISK,
    Status.BEHIND,
    Status.MISSED,
    Status.NO_DATA,
    Status.NO_TARGET,
)

#: Word sets these wide tables in landscape attachments (附件) at the end of the report.
INDICATOR_ATTACHMENT = "附件1 主要指标完成情况表"
MEASURE_ATTACHMENT = "附件2 重点任务推进情况表"

#: After an indicator's name where its figure is example data (示例数据).
EXAMPLE_MARK = "（示例）"
EXAMPLE_WARNING = "【示例数据】本报告使用的数字和进展含虚构的示例数据，不是官方统计，不得作为正式数据引用。"


# ---------------------------------------------------------------- number formatting


def fmt_number(value: float, unit: str = "", whole: bool = False) -> str:
    """A value with its unit, as ``plan status`` writes numbers: ``17000家``, ``323.8家``, ``95%``.

    ``whole`` rounds to a whole number first (estimates of things counted in whole units), half up
    (四舍五入: 52.5 → 53, where Python's ``round`` would give 52).
    """
    text = numbers.fmt_number(value, unit, whole=whole or None)
    return text if unit == "%" else f"{text}{unit}"


def fmt_difference(value: float, unit: str) -> str:
    """A difference of two values: in 个百分点 for percent indicators (95% − 91% is 4个百分点)."""
    if unit == "%":
        return f"{numbers.fmt_number(value)}个百分点"
    return fmt_number(value, unit)


def fmt_estimate(value: float, row: IndicatorProgress) -> str:
    """An estimated value (序时进度, projection): whole for indicators that count whole things."""
    return fmt_number(value, row.indicator.unit, whole=row.indicator.counts_whole_things)


def fmt_share(share: float) -> str:
    """A share as a percentage with one decimal: 0.7294 → ``72.9%``."""
    return numbers.fmt_percent(share)


def period_label(period: Period) -> str:
    """Chinese label; a year reads as 2024年度 in a report."""
    return f"{period.year}年度" if period.kind is PeriodKind.YEAR else period.label_zh


def period_end_label(period: Period) -> str:
    """The end of a report period: 2024年第3季度末, 2024年末 (a Q3 figure is within 2024年度, but before its end)."""
    return f"{period.year}年末" if period.kind is PeriodKind.YEAR else f"{period.label_zh}末"


def status_text(status: Status) -> str:
    return f"{STATUS_TONES[status].label_zh} {STATUS_LABELS[status]}"


def status_cell(status: Status) -> Cell:
    return Cell(status_text(status), STATUS_TONES[status])


def units_text(units: tuple[str, ...]) -> str:
    return "、".join(units) if units else DASH


def target_text(row: IndicatorProgress, with_unit: bool = True) -> str:
    """The year's target as the document words it (``力争约95%``, ``≥70家``), ``*`` when revised and
    ``※`` when it (or its year, or its lead unit) rests on a reading — both explained in 数据说明.
    Without ``with_unit`` (a table with a 单位 column) the number stands bare: ``≥70``, ``力争约95``."""
    shown = row_target(row, with_unit=with_unit)
    reading = READING_MARK if shown.readings else ""
    if row.target is None:
        return ("本年无目标" if with_unit else "无目标") + reading
    text = shown.text if with_unit or row.indicator.unit != "%" else shown.text.removesuffix("%")
    return text + (REVISED_MARK if row.revised else "") + reading


def actual_text(row: IndicatorProgress) -> str:
    if row.actual is None or row.actual_period is None:
        return "无数据"
    mark = "，示例" if row.example else ""
    return f"{fmt_number(row.actual, row.indicator.unit)}（{period_label(row.actual_period)}{mark}）"


def bare_number(value: float, row: IndicatorProgress, whole: bool = False) -> str:
    """A value of ``row``'s indicator without its unit (the table's 单位 column has it): ``12400``, ``91``."""
    return numbers.fmt_number(value, "", whole=whole or row.indicator.unit in numbers.COUNT_UNITS)


def short_period(period: Period, year: int) -> str:
    """A data period inside a table of ``year``: ``第2季度``, ``9月``, ``上年第4季度``, ``全年``."""
    if period.kind is PeriodKind.YEAR:
        return "全年" if period.year == year else f"{period.year}年"
    label = period.label_zh.removeprefix(f"{period.year}年")
    if period.year == year:
        return label
    return f"上年{label}" if period.year == year - 1 else period.label_zh


def actual_cell_text(row: IndicatorProgress, period: Period) -> str:
    """The figure without its unit; a figure older than ``period`` gets its data period on a second
    line: ``12400``, ``85\n（第2季度）``."""
    if row.actual is None or row.actual_period is None:
        return "无数据"
    text = bare_number(row.actual, row)
    if row.actual_period.end_key < period.end_key:
        text += f"\n（{short_period(row.actual_period, period.year)}）"
    return text


def completion_cell(row: IndicatorProgress, with_unit: bool = True) -> Cell:
    if row.completion is None:
        return Cell(DASH)
    text = fmt_share(row.completion)
    return Cell(text if with_unit else text.removesuffix("%"), bar=row.completion)


def expected_share(row: IndicatorProgress) -> float | None:
    """序时进度 as a share of the target (at_least/about only): expected ÷ target."""
    if row.expected is None or not row.target or row.indicator.direction is Direction.AT_MOST:
        return None
    return row.expected / row.target


def expected_text(row: IndicatorProgress, with_unit: bool = True) -> str:
    if row.expected is None:
        return DASH
    share = expected_share(row)
    if with_unit:
        value = fmt_estimate(row.expected, row)
    else:
        value = bare_number(row.expected, row, whole=row.indicator.counts_whole_things)
    return f"{value}（{fmt_share(share)}）" if share is not None else value


def _difference(value: float, unit: str, with_unit: bool) -> str:
    if with_unit or unit == "%":  # a difference of percentages stays in 个百分点
        return fmt_difference(value, unit)
    return numbers.fmt_number(value, "", whole=unit in numbers.COUNT_UNITS)


def gap_text(row: IndicatorProgress, with_unit: bool = True) -> str:
    if row.gap is None:
        return DASH
    unit = row.indicator.unit
    if row.gap > 0:
        return f"差{_difference(row.gap, unit, with_unit)}"
    if row.gap < 0:
        return f"超{_difference(-row.gap, unit, with_unit)}"
    return "持平"


def projection_text(row: IndicatorProgress, with_unit: bool = True) -> str:
    if row.projection is None:
        return DASH
    if with_unit:
        return "约" + fmt_estimate(row.projection, row)
    return "约" + bare_number(row.projection, row, whole=row.indicator.counts_whole_things)


def change_text(line: IndicatorLine, with_unit: bool = True) -> str:
    if line.progress.actual is None:
        return DASH
    if line.previous is not None and line.previous.actual is not None and not line.updated:
        return "未更新"
    if line.change is None:
        return DASH
    if abs(line.change) < 0.05:
        return "持平"
    sign = "+" if line.change > 0 else "-"
    return sign + _difference(abs(line.change), line.indicator.unit, with_unit)


def behind_text(row: IndicatorProgress) -> str:
    """How far an indicator is behind: completion, distance to 序时进度, gap to the target."""
    parts = []
    if row.completion is not None:
        parts.append(f"完成{fmt_share(row.completion)}")
    share = expected_share(row)
    if share is not None and row.completion is not None and row.status is not Status.MISSED:
        points = (share - row.completion) * 100
        if points > 0:
            parts.append(f"低于序时进度（{fmt_share(share)}）{points:.1f}个百分点")
    if row.gap is not None and row.gap > 0:
        parts.append(f"距{row.year}年目标差{fmt_difference(row.gap, row.indicator.unit)}")
    return "，".join(parts) if parts else DASH


def entry_status_cell(entry: ProgressEntry | None) -> Cell:
    if entry is None:
        return Cell(f"{Tone.GREY.label_zh} {NOT_REPORTED}", Tone.GREY)
    tone = ENTRY_TONES[entry.status]
    return Cell(f"{tone.label_zh} {entry.status.value}", tone)


def entry_when(entry: ProgressEntry, period: Period | None) -> str:
    """``2024年第2季度`` when the entry was reported for an earlier part of the report period
    (an annual report shows each measure's latest entry of the year), else ``""``."""
    return period_label(entry.period) if period is not None and entry.period != period else ""


def entry_text(entry: ProgressEntry | None, period: Period | None = None) -> str:
    if entry is None:
        return NOT_REPORTED
    lines = [entry.text.strip()]
    if entry.next_steps.strip():
        lines.append(f"下一步：{entry.next_steps.strip()}")
    source = f"报送：{entry.reported_by}" if entry.reported_by else "报送单位未填"
    if when := entry_when(entry, period):
        source += f"，{when}"
    if entry.is_example:
        source += "，示例数据"
    lines.append(f"（{source}）")
    return "\n".join(lines)


# ---------------------------------------------------------------- the document


def report_document(
    report: PeriodReport,
    plan: Plan,
    stamp: DataStamp,
    parks: ParkBreakdown | None = None,
    figures: Sequence[Figure] = (),
) -> Document:
    """The whole report (sections 1–7 of the issue) as a :class:`Document`.

    ``parks``, counted from the enterprise registers when the data has them, adds the per-park
    breakdown of the list-based indicators to section 二; ``figures`` (the charts) close section 二.
    """
    blocks: list[Block] = []
    if report.uses_examples:
        blocks.append(Note(EXAMPLE_WARNING))
    blocks += _overview(report)
    blocks += _indicators(report)
    if parks is not None and parks.rows:
        blocks += _parks(parks)
    blocks += figures
    blocks += _measures(report, plan)
    blocks += _attention(report)
    blocks += _submissions(report)
    blocks += _notes(report, plan, stamp)
    return Document(
        title=f"{plan.meta.title}推进情况报告",
        subtitle=_front_matter(report, plan, stamp),
        blocks=tuple(blocks),
        closing=((f"{plan.leadership.name}办公室",) if plan.leadership is not None else ()) + (date_zh(stamp),),
    )


def date_zh(stamp: DataStamp) -> str:
    """The data's date as a 公文 writes it: ``2024年10月8日`` (the report's date is the data's, not the run's)."""
    if stamp.when is None:
        return "日期未知"
    day = stamp.when.date()
    return f"{day.year}年{day.month}月{day.day}日"


def _front_matter(report: PeriodReport, plan: Plan, stamp: DataStamp) -> tuple[str, ...]:
    annex = sum(1 for line in report.indicators if line.indicator.origin is Origin.ANNEX1)
    commitments = len(report.indicators) - annex
    group = plan.leadership
    sent_to = (f"报送：{group.name}办公室（设在{group.office_unit}）",) if group is not None else ()
    return (
        f"（{period_label(report.period)}）",
        f"依据：《{plan.meta.title}》（{plan.meta.document_number}）",
        *sent_to,
        f"数据截至：{period_label(report.period)}；数据最近更新：{stamp.label_zh}",
        f"范围：指标{len(report.indicators)}项（附件1任务目标{annex}项、重点任务量化指标{commitments}项），"
        f"{len(plan.sections)}个方面重点任务{len(report.measures)}项",
    )


def _overview(report: PeriodReport) -> list[Block]:
    counts = report.status.counts()
    rows = tuple(
        cells(Cell(STATUS_TONES[s].label_zh, STATUS_TONES[s]), STATUS_LABELS[s], f"{counts[s]}") for s in SUMMARY_ORDER
    )
    return [
        Heading(1, "一、总体情况"),
        Paragraph(_summary_paragraph(report)),
        Table(("信号", "状态", "指标数"), rows),
    ]


def _summary_paragraph(report: PeriodReport) -> str:
    c = report.status.counts()
    total = len(report.indicators)
    green = c[Status.ACHIEVED] + c[Status.ON_TRACK]
    red = c[Status.BEHIND] + c[Status.MISSED]
    grey = c[Status.NO_DATA] + c[Status.NO_TARGET]
    text = (
        f"截至{period_label(report.period)}，{total}项指标中，"
        f"已完成年度目标{c[Status.ACHIEVED]}项、符合序时进度{c[Status.ON_TRACK]}项（绿灯{green}项），"
        f"略低于序时进度{c[Status.AT_RISK]}项（黄灯），"
        f"滞后{c[Status.BEHIND]}项、未完成{c[Status.MISSED]}项（红灯{red}项），"
        f"无数据{c[Status.NO_DATA]}项、本年无目标{c[Status.NO_TARGET]}项（灰灯{grey}项）。"
    )
    lagging = [item.indicator for item in report.attention if item.indicator is not None]
    if lagging:
        text += (
            "需关注的指标："
            + "；".join(
                f"{line.indicator.name}{STATUS_LABELS[line.progress.status]}，{behind_text(line.progress)}"
                for line in lagging
            )
            + "。"
        )
    else:
        text += "没有滞后或略低于序时进度的指标。"
    entries = [m.entry for m in report.measures if m.reported and m.entry is not None]
    by_status = {s: sum(1 for e in entries if e.status is s) for s in ProgressStatus}
    text += (
        f"{len(report.measures)}项重点任务中，本期报送进展{len(entries)}项"
        f"（已完成{by_status[ProgressStatus.DONE]}项、推进中{by_status[ProgressStatus.IN_PROGRESS]}项、"
        f"滞后{by_status[ProgressStatus.DELAYED]}项、未启动{by_status[ProgressStatus.NOT_STARTED]}项），"
        f"未报送{len(report.measures) - len(entries)}项。"
    )
    return text


#: The indicator table: numbers stand bare, their unit in the 单位 column (the indicators' units differ:
#: 家, 项, %, 个工作日), so that no cell repeats a unit and no figure breaks across lines in a narrow column.
INDICATOR_HEADER = (
    "序号",
    "指标",
    "单位",
    "年度目标",
    "完成值",
    "完成率（%）",
    "序时进度",
    "差距",
    "年末预计",
    "较上季度",
    "状态",
    "牵头单位",
)


def _indicator_row(number: int, line: IndicatorLine, period: Period) -> tuple[Cell, ...]:
    row = line.progress
    return cells(
        str(number),
        line.indicator.name + (EXAMPLE_MARK if row.example else ""),
        line.indicator.unit,
        target_text(row, with_unit=False),
        actual_cell_text(row, period),
        completion_cell(row, with_unit=False),
        expected_text(row, with_unit=False),
        gap_text(row, with_unit=False),
        projection_text(row, with_unit=False),
        change_text(line, with_unit=False),
        status_cell(row.status),
        units_text(line.indicator.lead_units),
    )


def _indicators(report: PeriodReport) -> list[Block]:
    previous = short_period(report.previous_period, report.period.year)
    header = (*INDICATOR_HEADER[:9], f"较{previous}", *INDICATOR_HEADER[10:])
    blocks: list[Block] = [Heading(1, "二、主要指标完成情况")]
    groups = (
        ("（一）附件1任务目标", Origin.ANNEX1),
        ("（二）重点任务量化指标", Origin.MEASURE),
    )
    for title, origin in groups:
        lines = [line for line in report.indicators if line.indicator.origin is origin]
        if not lines:
            continue
        blocks.append(Heading(2, title))
        rows = tuple(_indicator_row(i, line, report.period) for i, line in enumerate(lines, 1))
        blocks.append(Table(header, rows, attachment=INDICATOR_ATTACHMENT, caption=title))
    return blocks


def _parks(parks: ParkBreakdown) -> list[Block]:
    """（三）分园区情况: register counts per park next to the reported figure they check."""
    from zzgx_plan.registers.render import EXAMPLE_NOTE as REGISTER_EXAMPLE_NOTE
    from zzgx_plan.registers.render import beyond_note, short_park

    header = ("指标", "计数期", *(short_park(p, parks.labels) for p in parks.parks), "名录合计", "报送值")
    rows = tuple(
        (
            Cell(row.indicator.name),
            Cell(period_label(row.period)),
            *(Cell(str(n)) for _park, n in row.count.by_park),
            Cell(str(row.count.total)),
            Cell(DASH if row.reported is None else fmt_number(row.reported)),
        )
        for row in parks.rows
    )
    blocks: list[Block] = [
        Heading(2, "（三）分园区情况（据企业名录）"),
        Paragraph(
            "按企业名录逐家计数：存量指标为计数期末在库企业数，流量指标为当年1月1日起新入库企业数；"
            "“报送值”为同期报送的数字，两者不一致时，数据校验会提示核对。"
        ),
        Table(header, rows),
    ]
    if note := beyond_note(parks):
        blocks.append(Paragraph(note))
    if any(row.example for row in parks.rows):
        blocks.append(Note(REGISTER_EXAMPLE_NOTE))
    return blocks


def _measure_indicators_text(line: MeasureLine) -> str:
    if not line.indicators:
        return DASH
    return "\n".join(f"{row.indicator.name}：{status_text(row.status)}" for row in line.indicators)


def _measures(report: PeriodReport, plan: Plan) -> list[Block]:
    blocks: list[Block] = [Heading(1, "三、重点任务推进情况")]
    header = ("序号", "重点任务", "牵头单位", "责任单位", "相关指标", "本期进展", "进展情况")
    for section in plan.sections:
        lines = [m for m in report.measures if m.section.number == section.number]
        if not lines:
            continue
        title = f"{section.label}{section.title}"
        blocks.append(Heading(2, title))
        rows = tuple(
            cells(
                str(m.measure.number),
                m.measure.title,
                units_text(m.measure.lead_units),
                units_text(m.measure.responsible_units),
                _measure_indicators_text(m),
                entry_status_cell(m.entry),
                entry_text(m.entry, report.period),
            )
            for m in lines
        )
        blocks.append(Table(header, rows, attachment=MEASURE_ATTACHMENT, caption=title))
    return blocks


def _attention_row(number: int, item: AttentionItem, period: Period) -> tuple[Cell, ...]:
    if item.indicator is not None:
        row = item.indicator.progress
        return cells(
            str(number),
            item.indicator.indicator.name,
            "指标",
            status_cell(row.status),
            behind_text(row),
            units_text(item.lead_units),
        )
    assert item.measure is not None and item.measure.entry is not None
    m, entry = item.measure, item.measure.entry
    return cells(
        str(number),
        f"{m.measure.number}. {m.measure.title}",
        "重点任务",
        entry_status_cell(entry),
        f"进展滞后{_when_suffix(entry_when(entry, period))}：{entry.text.strip()}",
        units_text(item.lead_units),
    )


def _when_suffix(when: str) -> str:
    return f"（{when}报送）" if when else ""


def _attention(report: PeriodReport) -> list[Block]:
    blocks: list[Block] = [Heading(1, "四、需关注事项")]
    if not report.attention:
        blocks.append(Paragraph("本期没有未完成、滞后、略低于序时进度的指标，也没有报送滞后的重点任务。"))
        return blocks
    blocks.append(
        Paragraph(
            "以下事项按严重程度排列：未完成的指标、滞后的指标（按进度由低到高）、进展滞后的重点任务、"
            "略低于序时进度的指标。"
        )
    )
    rows = tuple(_attention_row(i, item, report.period) for i, item in enumerate(report.attention, 1))
    blocks.append(Table(("序号", "事项", "类别", "状态", "差距", "牵头单位"), rows))
    return blocks


def _submissions(report: PeriodReport) -> list[Block]:
    missing_ind = sum(len(s.missing_indicators) for s in report.submissions)
    missing_mea = sum(len(s.missing_measures) for s in report.submissions)
    paragraph = (
        f"本期各牵头单位应报送指标数据{sum(len(s.indicators) for s in report.submissions)}项次、"
        f"重点任务进展{sum(len(s.measures) for s in report.submissions)}项次；"
        f"未报送指标数据{missing_ind}项次、重点任务进展{missing_mea}项次。"
        "指标以有无截至报告期末的数据为准（已报全年数的不再催报），任务以有无本期进展报送为准（与催报清单一致）。"
    )
    rows = tuple(
        cells(
            s.unit,
            f"{len(s.indicators)}",
            "\n".join(i.name for i in s.missing_indicators) or "已全部报送",
            f"{len(s.measures)}",
            "\n".join(f"{m.number}. {m.title}" for m in s.missing_measures) or "已全部报送",
        )
        for s in report.submissions
    )
    return [
        Heading(1, "五、报送情况"),
        Paragraph(paragraph),
        Table(("牵头单位", "牵头指标", "未报送数据的指标", "牵头任务", "未报送进展的任务"), rows),
    ]


def _notes(report: PeriodReport, plan: Plan, stamp: DataStamp) -> list[Block]:
    items: list[str] = []
    if report.uses_examples:
        items.append(
            f"示例数据：本报告中{report.example_indicators}项指标的数据和{report.example_entries}条重点任务进展"
            "为随软件提供的虚构示例（数据文件中标注“示例数据”），不是官方统计。"
        )
    else:
        items.append("示例数据：本报告未使用示例数据。")
    if report.stale:
        stale = "、".join(
            f"{line.indicator.name}（最新为{period_label(line.latest_period)}）"
            for line in report.stale
            if line.latest_period is not None
        )
        items.append(f"数据未更新：以下指标的最新数据早于报告期末（{period_end_label(report.period)}）：{stale}。")
    else:
        items.append(f"数据未更新：无，各指标已有数据均为{period_label(report.period)}的数据。")
    items.extend(f"目标调整：{note}" for note in revision_notes(report.status))
    # every reading behind a figure of the report (targets, their years, lead units, baselines)
    readings = readings_notes(report.status)
    if readings:
        items.append(
            "解读：标“※”的目标，其年份、幅度、口径或牵头单位是对方案的解读（方案原文未写明），逐条说明如下；"
            "其余目标值及“力争”“左右”“以上”“不少于”“累计”等限定词均为方案原文。"
        )
        items.extend(readings)
    if report.warnings:
        # what the check found, in the readers' words: no data files, no line numbers, indicators by name
        names = {ind.id: ind.name for ind in plan.indicators}
        items.append(
            "校验提示（请核实后再引用相关数字）："
            + "；".join(dict.fromkeys(p.plain_message(names) for p in report.warnings))
            + "。"
        )
    else:
        items.append("校验提示：数据校验无警告。")
    threshold = plan.settings.at_risk_threshold
    items.append(
        "计算方法：完成率为实际值除以年度目标，序时进度为按已过时间推算的应达值（流量指标为目标乘以已过月份占全年的"
        "比例，有上年基数的存量指标为基数加上目标与基数之差乘以该比例）。"
        f"达到年度目标为已完成，年末仍未达到为未完成；其余按实际进度与序时进度之比r判定：r≥1符合序时进度，"
        f"{threshold:g}≤r<1略低于序时进度，r<{threshold:g}滞后。"
    )
    items.append(f"数据最近更新：{stamp.label_zh}；本报告根据各单位报送的数据汇总生成。")
    return [Heading(1, "六、数据说明"), BulletList(tuple(items))]
