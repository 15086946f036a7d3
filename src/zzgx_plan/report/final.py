"""The final evaluation report (终期评估报告) for a range of plan years, as a :class:`Document`.

Built from :func:`~zzgx_plan.compute.multiyear.period_status`: the overall result, the indicators over
the period, the measures' completion, the problems, and a scorecard and ranking per lead unit. The parts
that need a person's judgement (成效与经验, 下一步打算) are left as marked headings for the office to
write: nothing here invents prose the data cannot support. Wording only; the figures come from compute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zzgx_plan.compute.multiyear import IndicatorPeriodResult, MeasureResult, PeriodStatus
from zzgx_plan.compute.readings import READING_MARK, reading_notes, row_target
from zzgx_plan.compute.status import STATUS_LABELS, IndicatorProgress, Status
from zzgx_plan.core import numbers
from zzgx_plan.core.models import Plan, ProgressStatus
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
from zzgx_plan.report.compose import (
    ENTRY_TONES,
    EXAMPLE_MARK,
    EXAMPLE_WARNING,
    bare_number,
    fmt_number,
    short_period,
)
from zzgx_plan.report.datastamp import DataStamp

DASH = "—"
NOT_REPORTED = "未报送"
TO_WRITE = "【待填写】本部分需要结合实际工作撰写；本工具不根据数据生成文字，请办公室补充后删除本提示。"


@dataclass(frozen=True, slots=True)
class UnitScore:
    """One lead unit's record over the period (canonical unit name)."""

    unit: str
    indicators: int
    final_met: int
    every_year: int
    measures: int
    done: int
    in_progress: int
    behind: int  # 滞后 or 未启动
    never_reported: int

    @property
    def missed_indicators(self) -> int:
        return self.indicators - self.final_met

    @property
    def unfinished_measures(self) -> int:
        return self.measures - self.done

    @property
    def gaps(self) -> int:
        """Missed indicators plus unfinished measures: what the ranking counts."""
        return self.missed_indicators + self.unfinished_measures


def years_label(result: PeriodStatus) -> str:
    return f"{result.years[0]}—{result.years[-1]}年"


def _final_met(r: IndicatorPeriodResult) -> bool:
    return r.final.target is not None and r.final_status is Status.ACHIEVED


def _scored(result: PeriodStatus) -> list[IndicatorPeriodResult]:
    """Indicators with a target in the final year: the ones the final result is judged on."""
    return [r for r in result.rows if r.final.target is not None]


def unit_scores(result: PeriodStatus, plan: Plan) -> list[UnitScore]:
    """Per lead unit (aliases resolved; a group is scored as the group), in ranking order:
    fewest missed indicators plus unfinished measures first, then the order of the unit registry."""
    order = {u.name: i for i, u in enumerate(plan.units.units)}
    tallies: dict[str, dict[str, int]] = {}

    def tally(unit: str) -> dict[str, int]:
        name = plan.units.canonical(unit) or unit
        return tallies.setdefault(
            name,
            dict.fromkeys(
                ("indicators", "final_met", "every_year", "measures", "done", "in_progress", "behind", "never"), 0
            ),
        )

    for r in _scored(result):
        # an indicator counts for the unit answerable for its figure (reported_by), as in plan missing:
        # 党政办公室 leads measure 22, one of 年新增市场主体's measures, but 市场监管局 reports that figure
        t = tally(r.indicator.reporting_unit)
        t["indicators"] += 1
        t["final_met"] += _final_met(r)
        t["every_year"] += r.met_every_year
    for m in result.measures:
        for unit in dict.fromkeys(m.measure.lead_units):
            t = tally(unit)
            t["measures"] += 1
            status = m.latest.status if m.latest else None
            if status is None:
                t["never"] += 1
            elif status is ProgressStatus.DONE:
                t["done"] += 1
            elif status is ProgressStatus.IN_PROGRESS:
                t["in_progress"] += 1
            else:
                t["behind"] += 1
    scores = [
        UnitScore(
            unit=name,
            indicators=t["indicators"],
            final_met=t["final_met"],
            every_year=t["every_year"],
            measures=t["measures"],
            done=t["done"],
            in_progress=t["in_progress"],
            behind=t["behind"],
            never_reported=t["never"],
        )
        for name, t in tallies.items()
    ]
    return sorted(scores, key=lambda s: (s.gaps, order.get(s.unit, len(order)), s.unit))


def ranks(scores: list[UnitScore]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) by gaps: units with equal gaps share a place."""
    out: list[int] = []
    for i, s in enumerate(scores):
        out.append(out[-1] if i and scores[i - 1].gaps == s.gaps else i + 1)
    return out


# ---------------------------------------------------------------- wording


def _year_text(row: IndicatorProgress) -> str:
    """``目标/完成值`` without the unit (the table's 单位 column has it): ``16000※/16600``; a figure
    for part of the year says so on a second line (``（第3季度）``)."""
    if row.target is None and row.actual is None:
        return DASH
    shown = row_target(row)  # the number without its unit; ※ on a reading
    target = (shown.text.removesuffix("%") if row.target is not None else "无目标") + (
        READING_MARK if shown.readings else ""
    )
    actual = bare_number(row.actual, row) if row.actual is not None else "无数据"
    if row.actual_period is not None and row.actual_period.last_month != 12:
        actual += f"\n（截至{short_period(row.actual_period, row.year)}）"
    return f"{target}/{actual}"


def _target_text(row: IndicatorProgress) -> str:
    """The year's target as the document words it (``力争5000家``, ``≥70家``), ``※`` on a reading."""
    shown = row_target(row, with_unit=True)
    mark = READING_MARK if shown.readings else ""
    return (shown.text if row.target is not None else "无目标") + mark


def _year_cell(row: IndicatorProgress) -> Cell:
    """The year's target and figure, and on the next line its status (coloured)."""
    text = _year_text(row)
    if row.target is None:
        return Cell(text)
    return Cell(f"{text}\n{STATUS_LABELS[row.status]}", STATUS_TONES[row.status])


def _growth_text(r: IndicatorPeriodResult) -> str:
    if r.cagr is None and r.target_cagr is None:
        return DASH
    return f"{numbers.fmt_percent(r.cagr)}\n（目标{numbers.fmt_percent(r.target_cagr)}）"


def _total_text(r: IndicatorPeriodResult) -> str:
    unit = r.indicator.unit
    if r.total is None:
        return DASH
    whole = unit in numbers.COUNT_UNITS
    target = f"/{numbers.fmt_number(r.total_target, '', whole)}" if r.total_target is not None else ""
    return f"{numbers.fmt_number(r.total, '', whole)}{target}"


def _final_cell(r: IndicatorPeriodResult) -> Cell:
    return Cell(f"{STATUS_TONES[r.final_status].label_zh} {r.final.label}", STATUS_TONES[r.final_status])


def _shortfall(r: IndicatorPeriodResult) -> str:
    row = r.final
    unit = row.indicator.unit
    if row.actual is None:
        return f"{row.indicator.name}：{row.year}年目标{_target_text(row)}，无数据"
    gap = row.gap if row.gap is not None else 0
    diff = f"{numbers.fmt_number(gap)}个百分点" if unit == "%" else fmt_number(gap, unit)
    return (
        f"{row.indicator.name}：{row.year}年目标{_target_text(row)}，"
        f"完成{fmt_number(row.actual, unit)}，差{diff}"
        + (f"（{r.met_years}/{r.years_with_target}个年度完成）" if r.years_with_target > 1 else "")
    )


def _measure_status(m: MeasureResult) -> Cell:
    if m.latest is None:
        return Cell(NOT_REPORTED, Tone.GREY)
    return Cell(m.latest.status.value, ENTRY_TONES[m.latest.status])


def final_report_document(
    result: PeriodStatus, plan: Plan, stamp: DataStamp, figures: Sequence[Figure] = ()
) -> Document:
    """The 终期评估报告 for ``result`` (a range of plan years); ``figures`` (the charts) close section 二."""
    blocks: list[Block] = []
    if result.uses_examples:
        blocks.append(Note(EXAMPLE_WARNING))
    scored = _scored(result)
    met = [r for r in scored if _final_met(r)]
    every = [r for r in result.rows if r.met_every_year]
    final_year = result.final_year
    measure_counts = _measure_counts(result.measures)

    # 一、总体情况
    in_progress = result.as_of is not None and (result.as_of.year < final_year or result.as_of.last_month != 12)
    as_of = f"截至{result.as_of.label_zh}，" if result.as_of else ""
    overview = (
        f"{as_of}{years_label(result)}共跟踪指标{len(result.rows)}项，其中有{final_year}年目标的{len(scored)}项，"
        f"完成{final_year}年目标{len(met)}项、未完成{len(scored) - len(met)}项；"
        f"各年度均完成年度目标的{len(every)}项。"
        f"{len(result.measures)}项重点任务中，" + "、".join(f"{k}{v}项" for k, v in measure_counts.items() if v) + "。"
    )
    blocks += [Heading(1, "一、总体情况"), Paragraph(overview)]
    if in_progress:
        label = result.as_of.label_zh if result.as_of else ""
        blocks.append(
            Note(
                f"评估期尚未结束（数据截至{label}）：{final_year}年目标的完成情况按已有数据判定，尚无数据的为“无数据”。"
            )
        )

    # 二、主要指标完成情况
    # units in a 单位 column, each year's cell ``目标/完成值`` over its status (as the quarterly report)
    header = ("序号", "指标", "单位", *[f"{y}年" for y in result.years], "期末状态", "达标年数",
              "年均增长率", "期间合计/目标", "牵头单位")  # fmt: skip
    rows = []
    for i, r in enumerate(result.rows, 1):
        rows.append(
            cells(
                str(i),
                r.indicator.name + (EXAMPLE_MARK if r.example else ""),
                r.indicator.unit,
                *[_year_cell(row) for row in r.by_year],
                _final_cell(r),
                f"{r.met_years}/{r.years_with_target}" if r.years_with_target else DASH,
                _growth_text(r),
                _total_text(r),
                "、".join(r.indicator.lead_units),
            )
        )
    blocks += [
        Heading(1, f"二、主要指标完成情况（{years_label(result)}）"),
        Paragraph(
            "各年度一栏为当年目标/完成值及当年完成情况；期末状态为"
            f"{final_year}年目标的完成情况，达标年数为完成年度目标的年数/有年度目标的年数。"
        ),
        Table(header, tuple(rows), attachment=f"附件1 主要指标完成情况表（{years_label(result)}）"),
    ]
    blocks += figures

    # 三、重点任务完成情况
    section_titles = {s.number: f"{s.label}{s.title}" for s in plan.sections}
    mrows = []
    for m in result.measures:
        latest = m.latest
        mrows.append(
            cells(
                str(m.measure.number),
                m.measure.title,
                section_titles.get(m.measure.section, str(m.measure.section)),
                "、".join(m.measure.lead_units),
                _measure_status(m),
                latest.period.label_zh if latest else DASH,
                latest.text if latest else DASH,
            )
        )
    blocks += [
        Heading(1, "三、重点任务完成情况"),
        Paragraph("按各项任务在评估期内最近一次报送的进展列示；从未报送的列为“未报送”。"),
        Table(
            ("编号", "任务", "方面", "牵头单位", "最新进展", "报送期", "进展情况"),
            tuple(mrows),
            attachment="附件2 重点任务完成情况表",
        ),
    ]

    # 四、存在的问题
    missed = [r for r in scored if not _final_met(r)]
    unfinished = [m for m in result.measures if m.latest is not None and m.latest.status is not ProgressStatus.DONE]
    never = [m for m in result.measures if m.latest is None]
    scores = unit_scores(result, plan)
    problems: list[Block] = [Heading(1, "四、存在的问题")]
    problems.append(Heading(2, f"（一）未完成{final_year}年目标的指标（{len(missed)}项）"))
    problems.append(BulletList(tuple(_shortfall(r) for r in missed)) if missed else Paragraph("无。"))
    problems.append(Heading(2, f"（二）未完成的重点任务（{len(unfinished)}项）"))
    problems.append(
        BulletList(
            tuple(
                f"{m.measure.number}. {m.measure.title}（{'、'.join(m.measure.lead_units)}）："
                f"{m.latest.status.value}（{m.latest.period.label_zh}）"
                for m in unfinished
                if m.latest is not None
            )
        )
        if unfinished
        else Paragraph("无。")
    )
    problems.append(Heading(2, f"（三）评估期内从未报送进展的重点任务（{len(never)}项）"))
    problems.append(
        BulletList(tuple(f"{m.measure.number}. {m.measure.title}（{'、'.join(m.measure.lead_units)}）" for m in never))
        if never
        else Paragraph("无。")
    )
    worst = sorted((s for s in scores if s.gaps), key=lambda s: -s.gaps)[:3]
    problems.append(Heading(2, "（四）差距较多的单位"))
    problems.append(
        BulletList(
            tuple(
                f"{s.unit}：未完成指标{s.missed_indicators}项、未完成任务{s.unfinished_measures}项"
                f"（其中未报送{s.never_reported}项）"
                for s in worst
            )
        )
        if worst
        else Paragraph("无。")
    )
    blocks += problems

    # 五、各牵头单位完成情况
    srows = []
    for rank, s in zip(ranks(scores), scores, strict=True):
        srows.append(
            cells(
                str(rank),
                s.unit,
                str(s.indicators),
                str(s.final_met),
                str(s.every_year),
                str(s.measures),
                str(s.done),
                str(s.in_progress),
                str(s.behind),
                str(s.never_reported),
                str(s.gaps),
            )
        )
    blocks += [
        Heading(1, "五、各牵头单位完成情况"),
        Paragraph(
            "按“未完成指标数 + 未完成任务数”由少到多排序，相同者并列。指标只计有期末年度目标的；"
            "任务按最新进展计，“滞后”含滞后和未启动。"
        ),
        Table(
            (
                "排名",
                "牵头单位",
                "牵头指标",
                "期末完成",
                "每年完成",
                "牵头任务",
                "已完成",
                "推进中",
                "滞后",
                "未报送",
                "未完成合计",
            ),  # fmt: skip
            tuple(srows),
        ),
    ]

    # 六、七: for the office to write
    blocks += [Heading(1, "六、成效与经验"), Note(TO_WRITE), Heading(1, "七、下一步打算"), Note(TO_WRITE)]

    # 八、数据说明
    notes = [
        "期末状态：评估期最后一年的目标完成情况；达标年数：完成年度目标的年数/有年度目标的年数。",
        "年均增长率：存量指标以方案实施前一年末的数值为基数，按复合增长计算至最新数据期（不足一年按季度折算）；"
        "目标年均增长率为从同一基数增长至评估期末年度目标所需的年均增长率。百分比指标、越低越好的指标不计算。",
        "期间合计：流量指标各年度完成值之和，与各年度目标之和比较。",
    ]
    readings = reading_notes(
        (r.indicator.name, [text for row in r.by_year for text in row_target(row).readings]) for r in result.rows
    )
    if readings:
        notes.append(
            "解读：标“※”的目标，其年份、幅度、口径或牵头单位是对方案的解读（方案原文未写明），逐条说明如下；"
            "其余目标值及“力争”“左右”“以上”“不少于”“累计”等限定词均为方案原文。"
        )
        notes += readings
    if result.uses_examples:
        notes.append("示例数据：本报告中的数字和进展含随软件提供的虚构示例（数据文件中标注“示例数据”），不是官方统计。")
    else:
        notes.append("示例数据：本报告未使用示例数据。")
    notes.append(f"数据最近更新：{stamp.label_zh}。")
    blocks += [Heading(1, "八、数据说明"), BulletList(tuple(notes))]

    subtitle = (
        f"（{years_label(result)}）",
        f"依据：《{plan.meta.title}》（{plan.meta.document_number}）",
        f"数据截至：{result.as_of.label_zh if result.as_of else '暂无数据'}；数据最近更新：{stamp.label_zh}",
        f"范围：指标{len(result.rows)}项，重点任务{len(result.measures)}项",
    )
    return Document(title=f"{plan.meta.title}终期评估报告", subtitle=subtitle, blocks=tuple(blocks))


def _measure_counts(measures: tuple[MeasureResult, ...]) -> dict[str, int]:
    counts = {s.value: 0 for s in (ProgressStatus.DONE, ProgressStatus.IN_PROGRESS, ProgressStatus.DELAYED,
                                   ProgressStatus.NOT_STARTED)}  # fmt: skip
    counts[NOT_REPORTED] = 0
    for m in measures:
        counts[m.latest.status.value if m.latest else NOT_REPORTED] += 1
    return counts
