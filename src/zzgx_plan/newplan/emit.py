"""Writing a draft (or an empty skeleton) as the data directory's YAML files, with comments.

Strings are written JSON-quoted (valid YAML double-quoted scalars); every guess carries a
``# 待核对`` comment saying what was guessed, so a person can confirm it and delete the comment,
and — where the data has a place for it — the data's own ``reading`` (解读) in Chinese: an indicator's
``readings`` (kind, direction, lead units …), a measure's ``reading`` (units read from a convention), a
unit's ``reading`` (its category guessed from the name). These are what ``plan status`` marks ``※`` and
lists, the same mechanism as the shipped plan's readings; confirming a guess means deleting both.
"""

from __future__ import annotations

import json
import re

from zzgx_plan.newplan.parse import FLOW_WORDS, Draft

#: What users call each kind (core.models.INDICATOR_KIND_LABELS, by the data's key).
KIND_LABELS = {"flow": "新增类", "stock": "总量类", "cumulative": "累计类"}

CHECK = "# 待核对"
PLACEHOLDER = "（待填）"


def q(text: str) -> str:
    """A YAML scalar for ``text`` (JSON quoting is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def num(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def measures_yaml(draft: Draft, source_name: str) -> str:
    out: list[str] = []
    title = draft.title or PLACEHOLDER
    out += [
        f"# {title} — 由方案文件《{source_name}》自动起草的草稿。",
        "# 标有“# 待核对”的内容是推断（解读），不是文件原文：请逐项核对，确认后删除该注释。",
        "# 单位名称按文件原文录入；措施正文已把分页造成的断行接上。",
        "",
        "plan:",
    ]

    def meta(key: str, value: str, note: str = "") -> None:
        out.append(f"  {key}: {q(value)}" + (f"  {CHECK}：{note}" if note else ""))

    meta("title", title, "" if draft.title else "文件中未找到带年份的方案名称，请填写")
    meta("document_number", draft.document_number or PLACEHOLDER, "" if draft.document_number else "未找到文号，请填写")
    if draft.notice_title:
        meta("notice_title", draft.notice_title)
    meta("issued_by", draft.issued_by or PLACEHOLDER, "" if draft.issued_by else "未找到发文机关，请填写")
    issued = draft.issued_on.isoformat() if draft.issued_on else f"{draft.start_year}-01-01"
    out.append(
        f"  issued_on: {issued}"
        + (
            f"  {CHECK}：取文件中最后出现的日期（通常为印发日期）"
            if draft.issued_on
            else f"  {CHECK}：未找到印发日期，请填写"
        )
    )
    out.append(f"  start_year: {draft.start_year}")
    out.append(f"  end_year: {draft.end_year}")
    if draft.issued_on:  # a guess like any other: a reading (解读) in the data, not only a comment
        when = draft.issued_on.isoformat()
        meta("reading", f"印发日期 {when} 取文件中最后出现的日期（通常为落款日期），文件未单列印发日期。", "确认后删除")
    if draft.basis_document:
        meta("basis_document", draft.basis_document)
    if draft.guiding_ideology:
        meta("guiding_ideology", draft.guiding_ideology)
    if draft.overall_goal:
        meta("overall_goal", draft.overall_goal)
    if draft.safeguards:
        out.append("  safeguards:")
        out += [f"    - {q(s)}" for s in draft.safeguards]
    for heading, text in draft.other_text:
        out.append(f"  # 文件中的其他部分（未录入字段）：{heading}：{text[:60]}{'……' if len(text) > 60 else ''}")

    out += ["", "# 单位名录：文件中出现的每个单位。kind 按名称推断；“各……”类单位组的成员文件未列出。", "units:"]
    if not draft.units:
        out[-1] = "units: []  # 文件中未找到牵头单位/责任单位，请补充"
    for unit in draft.units:
        line = f"  - name: {q(unit.name)}"
        out.append(line)
        kind_line = f"    kind: {unit.kind}"
        if unit.guessed:
            kind_line += f"  {CHECK}：按名称推断的单位类别"
        out.append(kind_line)
        if unit.kind == "group" and unit.members:
            out.append(f"    members: [{', '.join(q(m) for m in unit.members)}]  {CHECK}：成员取自领导小组名单")
            out.append(f"    members_reading: {q(unit.members_reading)}")
        elif unit.kind == "group":
            out.append(f"    members: []  {CHECK}：文件未列出该单位组的成员，请补充成员单位（须在本名录中）")
        if unit.reading:
            out.append(f"    reading: {q(unit.reading)}  {CHECK}：确认类别后删除此解读")

    out.append("")
    group = draft.leadership
    if group is not None:
        out += [
            f"# {group.annex}：领导小组成员名单。{CHECK}：草稿，按文件名单自动录入，请逐人核对姓名、职务；",
            "# 每人的 unit（所在单位）是按职务推断的（如“管委会主任”→ 管委会，解读），职务中没有单位的不填。",
            "leadership:",
            f"  name: {q(group.name)}",
            f"  office_unit: {q(group.office_unit)}  # 原文：办公室设在{group.office_unit}",
        ]
        if group.office_head:
            out.append(f"  office_head: {q(group.office_head)}  # 原文：办公室主任由……{group.office_head}兼任")
        out.append("  members:")
        for person in group.members:
            where = f", unit: {q(person.unit)}" if person.unit else ""
            out.append(
                f"    - {{role: {q(person.role)}, name: {q(person.name)}, position: {q(person.position)}{where}}}"
            )
        out.append("")
    elif draft.leadership_found:
        out += [
            "# 附件：文件中有领导小组成员名单，本草稿未录入（可不填）。如需录入，格式如下：",
            "# leadership:",
            "#   name: ……工作领导小组",
            "#   office_unit: 市场监管局",
            "#   members:",
            "#     - {role: 组长, name: 张三, position: 管委会主任, unit: 管委会}",
            "",
        ]

    out.append("sections:" if draft.sections else "sections: []  # 文件中未找到带牵头单位的工作任务部分")
    for s in draft.sections:
        out += [f"  - number: {s.number}", f"    label: {q(s.label)}", f"    title: {q(s.title)}"]
    out += ["", "# 工作措施：lead_units = 牵头单位，responsible_units = 责任单位（含配合单位），按文件原文。"]
    out.append("measures:" if draft.measures else "measures: []")
    for m in draft.measures:
        out.append(f"  - number: {m.number}")
        out.append(f"    section: {m.section}")
        out.append(f"    title: {q(m.title)}")
        lead_note = f"  {CHECK}：" + "；".join(m.notes) if m.notes else ""
        out.append(f"    lead_units: [{', '.join(q(u) for u in m.lead_units)}]{lead_note}")
        out.append(f"    responsible_units: [{', '.join(q(u) for u in m.responsible_units)}]")
        out.append(f"    text: {q(m.text)}")
        if m.reading:
            out.append(f"    reading: {q(m.reading)}  {CHECK}：解读，核对无误后可删除")
    return "\n".join(out) + "\n"


def targets_yaml(draft: Draft) -> str:
    out = [
        f"# {draft.title or '方案'}的指标和年度目标 — 自动起草的草稿。",
        "# 附件任务目标表中的每一行为一个指标；id 为自动生成的编号（可改为有意义的英文小写名，如 tech_smes）。",
        "# kind: flow 每年新增（各期相加）| stock 期末存量 | cumulative 自方案起累计；direction: at_least 不低于目标。",
        "# 附件未写牵头单位：lead_units 留空，请按对应措施的牵头单位补充（解读）。",
        "",
        "settings:",
        "  at_risk_threshold: 0.9",
        "",
    ]
    out.append("indicators:" if draft.indicators else "indicators: []  # 文件中未找到年度目标表，请按下方格式录入")
    for ind in draft.indicators:
        out.append(f"  - id: {ind.id}")
        out.append(f"    name: {q(ind.name)}")
        out.append("    origin: annex1")
        unit_note = next((n for n in ind.notes if "单位" in n), "")
        out.append(f"    unit: {q(ind.unit)}" + (f"  {CHECK}：{unit_note}" if unit_note else ""))
        kind_note = next((n for n in ind.notes if "指标" in n and "单位" not in n), "")
        out.append(f"    kind: {ind.kind}" + (f"  {CHECK}：{kind_note}" if kind_note else ""))
        out.append(f"    direction: at_least  {CHECK}：目标表未写方向，按“不低于目标”录入")
        out.append("    measures: []  # 对应的措施编号，如 [9, 10]")
        out.append(f"    lead_units: []  {CHECK}：附件未写牵头单位")
        # every guess is a reading (解读) of the data, shown ※ with every figure of the indicator: the kind and
        # direction guessed from the name, the lead units the annex does not name
        out.append(f"    readings:  {CHECK}：以下为推断（解读），核对后删除已确认的条目")
        for topic, text in ind.readings.items():
            out.append(f"      {topic}: {q(text)}")
        out.append("    targets:")
        for year in sorted(ind.targets):
            out.append(f"      {year}: {{value: {num(ind.targets[year])}, source: {q(ind.sources[year])}}}")
    if draft.commitments:
        out += [
            "",
            "# 措施正文中的量化承诺（候选，未启用）：确认需要跟踪的，取消注释并补全后成为指标。",
            "# 文件未写年份的，一般按方案最后一年设目标（解读）。",
        ]
        last = draft.end_year
        years = list(range(draft.start_year or last or 0, (last or 0) + 1))
        for i, c in enumerate(draft.commitments, 1):
            kind = "cumulative" if "累计" in c.qualifiers else "flow" if re.search(FLOW_WORDS, c.quote) else "stock"
            source = q(f"措施{c.measure}：{c.quote}")
            qualifiers = f", qualifiers: [{', '.join(c.qualifiers)}]" if c.qualifiers else ""
            out += [
                f"#  - id: measure_{c.measure:02d}_{i}  {CHECK}：措施{c.measure}：“{c.quote}”",
                f"#    name: {q(c.quote)}",
                "#    origin: measure",
                f"#    unit: {q(c.unit)}",
                f"#    kind: {kind}",
                f"#    direction: {c.direction}",
                f"#    measures: [{c.measure}]",
                "#    lead_units: []",
            ]
            readings = {"kind": f"措施{c.measure}未写指标类型：按原文判为{KIND_LABELS[kind]}指标。"}
            if not c.every_year:
                # the measure names no year: the target is set for the plan's last year, a reading (解读)
                readings["years"] = f"措施{c.measure}未写年份：定为方案末年（{last}年）的目标，此前各年不设目标。"
            out.append("#    readings:")
            out += [f"#      {topic}: {q(text)}" for topic, text in readings.items()]
            out.append("#    targets:")
            for target_year in years if c.every_year else [last]:
                out.append(f"#      {target_year}: {{value: {num(c.value)}, source: {source}{qualifiers}}}")
    return "\n".join(out) + "\n"


def skeleton_measures_yaml() -> str:
    return """# 新工作方案的结构：方案信息、单位名录、工作措施。按方案文件填写，填好后运行 plan validate 检查。
# 也可以用 plan init 目录 --from 方案.docx 由方案文件自动起草。

plan:
  title: "（待填）"  # 方案名称，如 某某区培育壮大市场主体工作方案（2026-2028年）
  document_number: "（待填）"  # 文号，如 某政办〔2026〕1号
  issued_by: "（待填）"  # 发文机关
  issued_on: {start}-01-01  # 印发日期
  start_year: {start}
  end_year: {end}

# 单位名录：每个单位一个标准名称；aliases 为文件中的其他写法；单位组（各园区……）列出 members。
units: []
#  - name: 市场监管局
#    kind: department
#    aliases: [市场监督管理局]

# 领导小组（附件名单）可不填：
# leadership:
#   name: ……工作领导小组
#   office_unit: 市场监管局
#   members: []

sections: []
#  - number: 1
#    label: （一）
#    title: 便利市场准入准营

measures: []
#  - number: 1
#    section: 1
#    title: 提升市场准入便利度
#    lead_units: [市场监管局]
#    responsible_units: [税务局]
#    text: 提升市场准入便利度。……（措施全文）
"""


def skeleton_targets_yaml() -> str:
    return """# 指标和年度目标。每个目标注明出处（source）。
# kind: flow 每年新增 | stock 期末存量 | cumulative 累计；direction: at_least 不低于 | at_most 不高于 | about 左右

settings:
  at_risk_threshold: 0.9

indicators: []
#  - id: new_market_entities
#    name: 年新增市场主体
#    origin: annex1
#    unit: 家
#    kind: flow
#    direction: at_least
#    measures: [1]
#    lead_units: [市场监管局]
#    targets:
#      2026: {value: 16000, source: "附件1：年新增市场主体 2026年 16000（家）"}
"""


README = """# 工作方案数据目录

- measures.yaml：方案信息、单位名录、工作措施（牵头单位、责任单位）。
- targets.yaml：指标和年度目标，每个目标注明出处。
- actuals/：各期完成值（CSV，可由 plan import 导入各单位报送的表格）。
- progress/：各期重点任务进展（YAML）。

先填写 measures.yaml 和 targets.yaml 中标“（待填）”和“# 待核对”的内容，再运行 plan validate 检查。
"""
