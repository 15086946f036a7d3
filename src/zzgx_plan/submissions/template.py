"""Submission templates: one .xlsx per lead unit and period, ready to fill in.

Sheet ``指标`` lists the indicators whose figure the unit reports (id, name, unit of measure,
kind, for flow indicators whether to give the period's increment or the
year-to-date figure, the last figure recorded before the period for
reference, and, last, the year's target as the document words it: ``约95%``, ``≥10项``,
marked ``※`` where it rests on a reading, the readings listed in the sheet's 填报说明);
sheet ``措施进展`` lists the measures it leads with a status
drop-down. Title and header rows and the pre-filled columns are locked (sheet
protection without a password: it guards against slips, not people); the
cells a unit fills carry data validation. ``plan import`` reads the filled
file back with the same header words.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from zzgx_plan.compute.missing import already_final, basis_asked
from zzgx_plan.compute.readings import ShownTarget, reading_notes, shown_target
from zzgx_plan.core.models import (
    BASIS_LABELS,
    Basis,
    Indicator,
    IndicatorKind,
    Measure,
    Observation,
    PlanData,
    ProgressEntry,
)
from zzgx_plan.core.periods import Period
from zzgx_plan.submissions.sheets import format_number

KIND_LABELS = {
    IndicatorKind.FLOW: "流量（当年新增，逐年重新计数）",
    IndicatorKind.STOCK: "存量（期末总数）",
    IndicatorKind.CUMULATIVE: "累计（方案实施以来）",
}

INDICATOR_HEADERS = (
    "指标编号",
    "指标名称",
    "计量单位",
    "指标类型",
    "口径",
    "期间",
    "上期值（参考）",
    "数值",
    "报送单位",
    "备注",
)
#: The last column of sheet 指标: the year's target as shown (``2024年目标值``). The import reads columns by
#: their header words and none of its words is 目标值, so the column is ignored when the file comes back.
TARGET_HEADER = "{year}年目标值"
MEASURE_HEADERS = (
    "措施编号",
    "措施名称",
    "期间",
    "进展状态",
    "进展情况",
    "下一步计划",
    "报送单位",
    "上期状态（参考）",
)
HEADER_ROW = 4  # rows 1–3: title, unit and period, instructions


@dataclass(frozen=True, slots=True)
class TemplateContent:
    """What goes into one unit's template (computed from the data; no I/O)."""

    unit: str
    period: Period
    # indicator, basis to give, reference text, why the figure is already final ("" while it is open)
    indicators: list[tuple[Indicator, Basis | None, str, str]]
    measures: list[tuple[Measure, str]]  # measure, previous status text
    # the year's target of each indicator row, as shown (the revision in force at the period's end)
    targets: list[ShownTarget] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.indicators and not self.measures

    @property
    def reading_notes(self) -> list[str]:
        """``※ 解读：…`` lines for the readings behind the sheet's targets and lead units."""
        rows = zip(self.indicators, self.targets, strict=True)
        return reading_notes((ind.name, shown.readings) for (ind, *_), shown in rows)


def _reference(observations: list[Observation], period: Period, percent: bool) -> Observation | None:
    """The latest figure before ``period``: ending earlier, or a longer period ending with it (the year's
    figure for its fourth quarter), never a figure for ``period`` itself or a part of it."""
    earlier = [
        o
        for o in observations
        if o.period.end_key < period.end_key
        or (o.period != period and o.period.contains(period) and o.period.end_key == period.end_key)
    ]
    return max(earlier, key=lambda o: (o.period.end_key, o.period), default=None)


def template_content(data: PlanData, unit: str, period: Period) -> TemplateContent:
    """The indicators ``unit`` reports and the measures it leads, with last period's figures for reference.

    An indicator goes only to the unit that reports its figure (``reported_by``), not to every lead unit
    of its measures: 党政办公室 leads measure 22 but does not report 年新增市场主体."""
    plan = data.plan
    name = plan.units.canonical(unit) or unit
    indicators = []
    targets = []
    for ind in plan.indicators:
        if not plan.units.matches(name, ind.reporting_unit):
            continue
        obs = data.observations_for(ind.id)
        ref = _reference(obs, period, ind.is_percent)
        ref_text = ""
        if ref is not None:
            value = format_number(ref.value, ind.is_percent)
            basis = f"，{BASIS_LABELS[ref.basis]}" if ind.kind is IndicatorKind.FLOW else ""
            example = "，示例数据" if ref.is_example else ""
            ref_text = f"{value}（{ref.period}{basis}{example}）"
        basis_to_give = basis_asked(ind, obs, period)
        final = already_final(obs, period, basis_to_give or Basis.INCREMENT)
        indicators.append((ind, basis_to_give, ref_text, final))
        target = ind.target_for(period.year)
        revision = target.revision_on(period.end_date) if target is not None else None
        in_force = revision.value if revision is not None else None
        targets.append(shown_target(ind, period.year, in_force, revised=revision is not None, with_unit=True))
    lead, _shared = plan.measures_of_unit(name)
    previous: dict[int, ProgressEntry] = {}
    for entry in sorted(data.progress, key=lambda e: e.period.end_key):
        if entry.period.end_key < period.end_key:
            previous[entry.measure] = entry
    measures = []
    for m in lead:
        prev = previous.get(m.number)
        example = "，示例数据" if prev is not None and prev.is_example else ""
        measures.append((m, f"{prev.status.value}（{prev.period}{example}）" if prev else ""))
    return TemplateContent(unit=name, period=period, indicators=indicators, measures=measures, targets=targets)


def build_template(data: PlanData, content: TemplateContent) -> bytes:
    """The .xlsx bytes of a unit's template: one sheet of figures (指标), one of measure progress (措施进展)."""
    from openpyxl import Workbook

    wb = Workbook()
    sheet = _Sheets(data, content)
    sheet.indicators(wb.active)
    sheet.measures(wb.create_sheet("措施进展"))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class _Sheets:
    """The template's two sheets, in one look (fonts, fills, borders; only yellow cells unlocked)."""

    def __init__(self, data: PlanData, content: TemplateContent) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        self.plan = data.plan
        self.content = content
        self.period = content.period
        self.title_font = Font(bold=True, size=14)
        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor="D9E1F2")
        self.input_fill = PatternFill("solid", fgColor="FFF2CC")
        thin = Side(style="thin", color="999999")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.unlocked = Protection(locked=False)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def return_to(self) -> str:
        """Where the filled sheet goes, in the office's words (units do not run commands)."""
        group = self.plan.leadership
        if group is None:
            return "填好后按通知要求交回。"
        return f"填好后交回领导小组办公室（设在{group.office_unit}）。"

    def heading(
        self,
        sheet: Any,
        headers: tuple[str, ...],
        subject: str,
        instructions: str,
        widths: list[int],
        instruction_lines: int = 1,
    ) -> None:
        """Title, unit and period, instructions, the header row; the sheet protected, panes frozen."""
        from openpyxl.styles import Alignment
        from openpyxl.utils import get_column_letter

        from zzgx_plan.render.cells import set_xlsx_cell, set_xlsx_value

        last = get_column_letter(len(headers))
        set_xlsx_value(sheet["A1"], f"{self.plan.meta.title}——{subject}报送表")
        sheet["A1"].font = self.title_font
        sheet.merge_cells(f"A1:{last}1")
        set_xlsx_value(
            sheet["A2"], f"报送单位：{self.content.unit}　　报送期间：{self.period.label_zh}（{self.period}）"
        )
        sheet.merge_cells(f"A2:{last}2")
        set_xlsx_value(sheet["A3"], instructions)
        sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(f"A3:{last}3")
        sheet.row_dimensions[3].height = 45 + 16 * (instruction_lines - 1)  # 16 pt: one line of 11 pt text
        for col, text in enumerate(headers, start=1):
            cell = set_xlsx_cell(sheet, HEADER_ROW, col, text)
            cell.font, cell.fill, cell.border = self.header_font, self.header_fill, self.border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            sheet.column_dimensions[get_column_letter(col)].width = widths[col - 1]
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False

    def row(
        self, sheet: Any, r: int, values: list[object], text_columns: tuple[int, ...], inputs: tuple[int, ...]
    ) -> None:
        """One data row: bordered, wrapped cells (``text_columns`` kept as text), ``inputs`` yellow and unlocked."""
        from zzgx_plan.render.cells import set_xlsx_cell

        for col, value in enumerate(values, start=1):
            cell = set_xlsx_cell(sheet, r, col, value)
            cell.border = self.border
            cell.alignment = self.wrap
            cell.number_format = "@" if col in text_columns else "General"
        for col in inputs:
            sheet.cell(row=r, column=col).protection = self.unlocked
            sheet.cell(row=r, column=col).fill = self.input_fill

    def indicators(self, ws: Any) -> None:
        """指标: one row per indicator the unit leads, its value (and basis, for flows) to fill in."""
        from openpyxl.worksheet.datavalidation import DataValidation

        ws.title = "指标"
        notes = self.content.reading_notes
        target_header = TARGET_HEADER.format(year=self.period.year)
        self.heading(
            ws,
            (*INDICATOR_HEADERS, target_header),
            "指标",
            "填报说明：只填黄色单元格。“数值”填数字（可写 17,000 或 95%）；"
            "流量指标按“口径”列填写本期增量或年初至今累计数，"
            "如需改变口径请在下拉框中选择。未掌握的数值请留空，不要填 0。"
            "备注为“已报送”的指标本期已有覆盖该期间的数值（如全年数），不再填报，否则导入时会重复计数。"
            f"“{target_header}”照录方案原文的表述（力争、约、≥、累计），供参考，不必填写。"
            + ("标 ※ 的目标或牵头单位是解读（对方案的理解，不是原文），见下。" if notes else "")
            + self.return_to()
            + "".join("\n" + line for line in notes),
            [24, 30, 9, 22, 14, 10, 22, 14, 16, 30, 16],
            instruction_lines=1 + len(notes),
        )
        number_rules = {
            "whole": DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
            "percent": DataValidation(
                type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
            ),
            "decimal": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
        }
        for rule in number_rules.values():
            rule.error = "请填写不小于 0 的数字（百分比不超过 100）"
            rule.errorTitle = "数值有误"
            rule.showErrorMessage = True
            ws.add_data_validation(rule)
        basis_rule = DataValidation(
            type="list", formula1=f'"{BASIS_LABELS[Basis.INCREMENT]},{BASIS_LABELS[Basis.YTD]}"', allow_blank=True
        )
        basis_rule.error, basis_rule.showErrorMessage = "请从下拉框选择口径", True
        ws.add_data_validation(basis_rule)
        unit, period = self.content.unit, self.period
        for r, (ind, basis, ref_text, final) in enumerate(self.content.indicators, start=HEADER_ROW + 1):
            target = self.content.targets[r - HEADER_ROW - 1].marked
            if final:  # already final: no input cells, the note says why
                shown = [ind.id, ind.name, ind.unit, KIND_LABELS[ind.kind], "—", str(period), ref_text, None]
                self.row(ws, r, [*shown, unit, final, target], text_columns=(1, 6, 11), inputs=())
                continue
            shown_basis = BASIS_LABELS[basis] if basis is not None else "—"
            values: list[object] = [
                ind.id,
                ind.name,
                ind.unit,
                KIND_LABELS[ind.kind],
                shown_basis,
                str(period),
                ref_text,
                None,
                unit,
                None,
                target,
            ]
            self.row(ws, r, values, text_columns=(1, 6, 11), inputs=(8, 10) + ((5,) if basis is not None else ()))
            kind = "percent" if ind.is_percent else "whole" if ind.counts_whole_things else "decimal"
            number_rules[kind].add(ws.cell(row=r, column=8))
            if basis is not None:
                basis_rule.add(ws.cell(row=r, column=5))

    def measures(self, ms: Any) -> None:
        """措施进展: one row per measure the unit leads, its status, progress and next steps to fill in."""
        from openpyxl.worksheet.datavalidation import DataValidation

        from zzgx_plan.core.models import ProgressStatus

        self.heading(
            ms,
            MEASURE_HEADERS,
            "措施进展",
            "填报说明：只填黄色单元格。“进展状态”从下拉框选择（"
            + " / ".join(s.value for s in ProgressStatus)
            + "）；“进展情况”写本期做了什么、取得什么结果；“下一步计划”写下期安排。",
            [9, 30, 10, 12, 50, 40, 16, 18],
        )
        status_rule = DataValidation(
            type="list", formula1='"' + ",".join(s.value for s in ProgressStatus) + '"', allow_blank=True
        )
        status_rule.error, status_rule.errorTitle, status_rule.showErrorMessage = (
            "请从下拉框选择进展状态",
            "进展状态有误",
            True,
        )
        ms.add_data_validation(status_rule)
        for r, (m, previous) in enumerate(self.content.measures, start=HEADER_ROW + 1):
            values = [m.number, m.title, str(self.period), None, None, None, self.content.unit, previous]
            self.row(ms, r, values, text_columns=(3,), inputs=(4, 5, 6))
        if self.content.measures:
            status_rule.add(f"D{HEADER_ROW + 1}:D{HEADER_ROW + len(self.content.measures)}")


def template_filename(unit: str, period: Period) -> str:
    """``2024-Q4-市场监管局.xlsx``; the unit's name made safe as a file name (it is data: it may hold ``../``)."""
    from zzgx_plan.files.names import safe_file_name

    return safe_file_name(f"{period}-{unit}.xlsx")
