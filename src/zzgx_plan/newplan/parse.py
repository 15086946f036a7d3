"""Drafting a plan from its document: metadata, sections, measures, units, annex targets (pure).

Conventions understood (a 工作方案 of this shape, as districts and zones write them):

* headings ``一、`` (level 1), ``（一）``/``(一)`` (level 2), ``1.``/``1．``/``1、`` (level 3). The measure is
  the level that carries the units: ``（一）`` sections with ``1.`` measures, or ``一、`` sections with
  ``（一）`` measures; sections without measures (指导思想, 总体目标, 保障措施) are kept as text;
* units on ``牵头单位：`` / ``责任单位：`` / ``配合单位：`` lines, or in a trailing parenthesis:
  ``（市场监管局牵头，税务局、人社局配合）``, ``（X、Y按职责分工负责）`` (every named unit leads, in order),
  ``（责任单位：X、Y）`` — where the document says the first named unit leads, it does;
* the annex target table: a Word table or aligned text rows whose header names years, with the unit
  from ``单位：家`` or the row;
* numeric commitments inside measure texts (``500项``, ``不少于70家``, ``95%左右``, ``1个工作日内``).

Everything that is a guess is recorded in :attr:`Draft.readings` (shown as ``# 待核对`` comments in
the files and in the summary), never presented as the document's own words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from zzgx_plan.newplan.source import SourceDocument, Table

CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

L1 = re.compile(r"^\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<rest>.*)$")
L2 = re.compile(r"^\s*[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]\s*(?P<rest>.*)$")
L3 = re.compile(r"^\s*(?P<num>\d{1,3})\s*(?:[.．、](?!\d)|\s)\s*(?P<rest>\S.*)$")
UNIT_LINE = re.compile(r"^\s*(?P<role>牵头单位|责任单位|配合单位|参与单位|主责单位)\s*[：:]\s*(?P<names>.*)$")
TRAILING_PAREN = re.compile(r"[（(](?P<inner>[^（）()]{2,})[）)]\s*[。；;]?\s*$")
ANNEX = re.compile(r"^\s*附\s*件\s*\d*\s*[:：]?")
YEAR_CELL = re.compile(r"^\s*(?P<year>(?:19|20)\d{2})\s*年?(?:度)?(?:目标)?\s*$")
TITLE = re.compile(
    r"(?P<name>[^《》\s（(]{4,60}?(?:工作方案|实施方案|行动方案|行动计划|工作计划|方案))\s*"
    r"[（(]\s*(?P<y1>(?:19|20)\d{2})\s*年?\s*[-—–－~～至到]+\s*(?P<y2>(?:19|20)\d{2})\s*年?\s*[）)]"
)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【]\s*\d{4}\s*[〕\]］】]\s*\d{1,4}\s*号")
DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
FIRST_LEADS = re.compile(r"(第一|首位|排在首位|排名第一|列第一位)[^。]{0,8}牵头")
SPLIT_UNITS = re.compile(r"[、，,；;]")
COMMITMENT = re.compile(
    r"(?P<pre>不少于|不低于|不超过|达到|超过|累计达到|力争达到|力争|新增|保持在)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|个工作日|家|项|个|户|件|人|次|亿元|万元|天)(?P<post>以上|左右|以内|内|以下)?"
)


@dataclass
class DraftMeasure:
    number: int
    section: int
    title: str
    text: str
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # readings to confirm, per measure

    @property
    def reading(self) -> str:
        """The measure's 解读 in the data: what of its units (or number) is our reading."""
        return "；".join(n.rstrip("。") for n in self.notes) + ("。" if self.notes else "")


@dataclass
class DraftSection:
    number: int
    label: str
    title: str


@dataclass
class DraftIndicator:
    id: str
    name: str
    unit: str
    kind: str
    targets: dict[int, float]
    sources: dict[int, str]
    notes: list[str] = field(default_factory=list)
    #: 解读 by topic (kind, direction, counting …): the guesses as the data's ``readings`` say them
    readings: dict[str, str] = field(default_factory=dict)


@dataclass
class Commitment:
    measure: int
    quote: str
    value: float
    unit: str
    direction: str  # at_least / at_most / about
    qualifiers: list[str] = field(default_factory=list)  # the document's words: 力争, 以上, 不少于, 左右 …
    every_year: bool = False  # the measure says 每年: a target for every year, no reading needed


@dataclass
class DraftUnit:
    name: str
    kind: str
    guessed: bool  # the kind is a guess from the name
    members: list[str] = field(default_factory=list)  # a group's members read from the leadership annex
    members_reading: str = ""

    @property
    def reading(self) -> str:
        """The 解读 of a guessed category (the document never says what kind of body a unit is)."""
        if not self.guessed:
            return ""
        from zzgx_plan.core.models import UnitKind

        label = UnitKind(self.kind).label
        if self.kind == "group":
            pending = "" if self.members else "，成员待补充"
            return f"文件只写“{self.name}”，未写类别和成员：按名称中的“各”判为{label}{pending}。"
        return f"文件未写单位类别：按名称判为{label}。"


@dataclass
class DraftMember:
    role: str  # 组长 / 副组长 / 成员
    name: str
    position: str
    unit: str | None  # the unit the position names (管委会主任 → 管委会), a reading; None when it names none


@dataclass
class DraftLeadership:
    """The leadership group of an annex (领导小组成员名单): a draft for a person to check."""

    name: str
    annex: str  # 附件2
    members: list[DraftMember] = field(default_factory=list)
    office_unit: str = ""
    office_head: str = ""


@dataclass
class Draft:
    title: str = ""
    document_number: str = ""
    notice_title: str = ""
    issued_by: str = ""
    issued_on: dt.date | None = None
    start_year: int | None = None
    end_year: int | None = None
    basis_document: str = ""
    guiding_ideology: str = ""
    overall_goal: str = ""
    safeguards: list[str] = field(default_factory=list)
    other_text: list[tuple[str, str]] = field(default_factory=list)  # (heading, text) kept as text
    sections: list[DraftSection] = field(default_factory=list)
    measures: list[DraftMeasure] = field(default_factory=list)
    units: list[DraftUnit] = field(default_factory=list)
    indicators: list[DraftIndicator] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)  # every guess, in the order made
    leadership_found: bool = False
    leadership: DraftLeadership | None = None


# ---------------------------------------------------------------- helpers


def squash(text: str) -> str:
    """Remove the spaces a PDF/Word conversion leaves inside Chinese text (keep those between Latin words)."""
    text = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", text)
    text = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[\x00-\x7f])", "", text)
    text = re.sub(r"(?<=[\x00-\x7f])\s+(?=[^\x00-\x7f])", "", text)
    return text.strip()


def cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_NUM[tens] if tens else 1) * 10 + (CN_NUM[ones] if ones else 0)
    return CN_NUM[text]


def split_units(text: str) -> list[str]:
    names = [re.sub(r"等$", "", squash(n).strip("。.")) for n in SPLIT_UNITS.split(text)]
    return [n for n in names if n and n not in {"各有关单位", "有关单位"}]


def first_sentence(text: str) -> str:
    m = re.search(r"[。：:；;]", text)
    return text[: m.start()] if m else text


UNIT_KINDS = (
    (re.compile(r"^各"), "group"),
    (re.compile(r"园区(运营中心)?$|园区办$|产业园$"), "park"),
    (re.compile(r"(集团|公司)$"), "enterprise"),
    (re.compile(r"专班$"), "taskforce"),
    (re.compile(r"(办事处|街道|乡|镇)$"), "subdistrict"),
    (re.compile(r"(管委会|人民政府|管理委员会)$"), "body"),
    (re.compile(r"^(市(?!场)|省(?!级))"), "external"),
)


def guess_unit_kind(name: str) -> str:
    for pattern, kind in UNIT_KINDS:
        if pattern.search(name):
            return kind
    return "department"


# ---------------------------------------------------------------- the parser


@dataclass
class _Item:
    level: int
    number: int
    label: str
    lines: list[str]
    units: dict[str, list[str]] = field(default_factory=dict)
    children: list[_Item] = field(default_factory=list)

    @property
    def text(self) -> str:
        return squash("".join(self.lines))


def draft_plan(source: SourceDocument) -> Draft:
    """Read ``source`` into a :class:`Draft`; guesses go to ``readings``."""
    draft = Draft()
    paragraphs = [squash(p) for p in source.paragraphs]
    full = "\n".join(paragraphs)
    _metadata(draft, paragraphs, full)
    body, annex_blocks = _split_annex(source.blocks)
    first_leads = bool(FIRST_LEADS.search(full))
    roots = _outline([squash(b) for b in body if isinstance(b, str)])
    _structure(draft, roots, first_leads)
    _annex_targets(draft, annex_blocks, source.blocks)
    _commitments(draft)
    draft.leadership_found = "领导小组" in full and "成员" in full
    draft.leadership = _leadership(annex_blocks)
    if draft.leadership is not None:
        draft.readings.append(
            f"{draft.leadership.annex}：领导小组成员 {len(draft.leadership.members)} 人按名单录入，"
            "所在单位按职务推断（待核对）"
        )
    _unit_registry(draft)
    return draft


def _metadata(draft: Draft, paragraphs: list[str], full: str) -> None:
    m = re.search(r"《(?P<t>[^《》]+)》", full)
    titled = TITLE.search(m["t"]) if m else None
    if titled is None:
        for p in paragraphs:
            titled = TITLE.search(p)
            if titled:
                break
    if titled is not None:
        y1, y2 = int(titled["y1"]), int(titled["y2"])
        draft.start_year, draft.end_year = min(y1, y2), max(y1, y2)
        name = re.split(r"关于印发|关于", titled["name"])[-1]
        draft.title = f"{name}（{draft.start_year}-{draft.end_year}年）"
    number = DOC_NUMBER.search(full)
    if number:
        draft.document_number = squash(number.group(0))
    for p in paragraphs[:15]:
        if "关于印发" in p and p.endswith("通知"):
            draft.notice_title = p
            break
    for p in paragraphs[:8]:
        if p.endswith("文件") and len(p) > 4:
            draft.issued_by = p[: -len("文件")]
            break
    if not draft.issued_by and draft.notice_title:
        draft.issued_by = draft.notice_title.split("关于", 1)[0]
    dates = list(DATE.finditer(full))
    if dates:
        last = dates[-1]
        try:
            draft.issued_on = dt.date(int(last["y"]), int(last["m"]), int(last["d"]))
        except ValueError:
            draft.issued_on = None
    basis = re.search(r"根据[^《。]{0,20}《(?P<doc>[^》]+)》\s*[（(](?P<num>[^）)]+)[）)]", full)
    if basis:
        draft.basis_document = f"{basis['doc']}（{basis['num']}）"


def _split_annex(blocks: tuple[str | Table, ...]) -> tuple[list[str | Table], list[str | Table]]:
    """The body, and everything from the first annex heading (附件1 …) on."""
    for i, block in enumerate(blocks):
        if isinstance(block, str) and ANNEX.match(block) and i > len(blocks) // 3:
            return list(blocks[:i]), list(blocks[i:])
    return list(blocks), []


def _outline(lines: list[str]) -> list[_Item]:
    """Numbered items in a tree; unnumbered lines join the current item (page-break fragments included)."""
    roots: list[_Item] = []
    stack: list[_Item] = []
    levels: list[re.Pattern[str]] = [L1, L2, L3]
    for line in lines:
        if not line:
            continue
        unit = UNIT_LINE.match(line)
        if unit and stack:
            role = unit["role"]
            stack[-1].units.setdefault(role, []).extend(split_units(unit["names"]))
            continue
        matched = None
        for level, pattern in enumerate(levels, 1):
            m = pattern.match(line)
            if m:
                number = cn_number(m["num"]) if level < 3 else int(m["num"])
                label = line[: m.start("rest")].strip()
                matched = _Item(level, number, label, [m["rest"]])
                break
        if matched is None:
            if stack:
                stack[-1].lines.append(line)
            continue
        while stack and stack[-1].level >= matched.level:
            stack.pop()
        if stack:
            stack[-1].children.append(matched)
        else:
            roots.append(matched)
        stack.append(matched)
    return roots


def _walk(items: list[_Item]) -> list[_Item]:
    out: list[_Item] = []
    for item in items:
        out.append(item)
        out += _walk(item.children)
    return out


def _has_units(item: _Item) -> bool:
    return bool(item.units) or bool(TRAILING_PAREN.search(item.text) and _paren_units(item.text, False)[0])


def _structure(draft: Draft, roots: list[_Item], first_leads: bool) -> None:
    everything = _walk(roots)
    with_units = [i for i in everything if _has_units(i)]
    measure_level = max((i.level for i in with_units), default=3)
    # the deepest level that carries units; ties broken by the most items carrying them
    by_level: dict[int, int] = {}
    for i in with_units:
        by_level[i.level] = by_level.get(i.level, 0) + 1
    if by_level:
        measure_level = max(by_level, key=lambda lv: (by_level[lv], lv))
    section_level = measure_level - 1
    sections: list[tuple[_Item, list[_Item]]] = []
    loose: list[_Item] = []  # measures with no section above them
    for item in everything:
        if item.level == section_level:
            measures = [c for c in item.children if c.level == measure_level and _has_units(c)]
            if measures:
                sections.append((item, measures))
        elif item.level == measure_level and section_level == 0 and _has_units(item):
            loose.append(item)
    if loose:
        sections.append((_Item(0, 1, "", ["工作任务"]), loose))
    texts = [i for i in roots if not any(i is s or s in _walk([i])[1:] for s, _ in sections)]
    _text_parts(draft, roots, sections)
    del texts

    written = [m.number for _, ms in sections for m in ms]
    renumber = len(set(written)) != len(written) or written != sorted(written)
    if renumber and written:
        draft.readings.append(
            "措施编号：文件中措施的序号在各部分重新起算或不连续，已按出现顺序重新编为 1、2、3……（待核对）"
        )
    n = 0
    for s_index, (section, measures) in enumerate(sections, 1):
        title = first_sentence(section.text).rstrip("。")
        draft.sections.append(DraftSection(s_index, section.label or f"（{s_index}）", title))
        for m in measures:
            n += 1
            measure = _measure(m, n if renumber else m.number, s_index, first_leads, draft)
            if renumber:
                measure.notes.append(f"文件中本项序号为“{m.label}”，各部分重新起算；按出现顺序编为措施{n}")
            draft.measures.append(measure)


def _text_parts(draft: Draft, roots: list[_Item], sections: list[tuple[_Item, list[_Item]]]) -> None:
    """Sections without measures: 指导思想, 总体目标 and 保障措施 go to the plan's metadata; others are kept."""
    holders = {id(s) for s, _ in sections}
    for root in roots:
        inside = {id(i) for i in _walk([root])}
        if inside & holders:
            continue
        heading = first_sentence(root.lines[0]) if root.lines else ""
        body_parts = [squash("".join(root.lines[1:]))] if len(root.lines) > 1 else []
        children = [f"{c.label} {c.text}" for c in root.children]
        if "指导思想" in heading:
            draft.guiding_ideology = "".join(body_parts) or root.text
        elif "目标" in heading and not draft.overall_goal:
            draft.overall_goal = "".join(body_parts) or root.text
        elif "保障" in heading:
            draft.safeguards = children or body_parts
        else:
            draft.other_text.append((root.text if not body_parts else heading, "".join(body_parts + children)))


def _paren_units(text: str, first_leads: bool) -> tuple[list[str], list[str], str, str]:
    """(lead, responsible, text without the parenthesis, how it was read) from a trailing parenthesis."""
    m = TRAILING_PAREN.search(text)
    if not m:
        return [], [], text, ""
    inner = squash(m["inner"])
    lead: list[str] = []
    resp: list[str] = []
    how = ""
    inner_unit = UNIT_LINE.match(inner)
    if inner_unit:
        names = split_units(inner_unit["names"])
        if inner_unit["role"] in {"牵头单位", "主责单位"}:
            lead = names
        elif first_leads and names:
            # one unit named: it leads whatever the convention; several: the first leads, as the document says
            lead, resp, how = names[:1], names[1:], "first" if len(names) > 1 else ""
        else:
            lead, how = names, "all" if len(names) > 1 else ""
    else:
        for part in re.split(r"[，,；;]", inner):
            part = part.strip()
            if not part:
                continue
            if part.endswith("牵头"):
                lead += split_units(part[: -len("牵头")])
            elif re.search(r"(配合|参与|协同|协助)$", part):
                resp += split_units(re.sub(r"(配合|参与|协同|协助)$", "", part))
            elif part.endswith("负责"):
                names = split_units(re.sub(r"(按职责分工|按照职责分工|分别|共同)?负责$", "", part))
                lead += names
                how = "all" if len(names) > 1 else how
            else:
                return [], [], text, ""  # an ordinary parenthesis, not units
    if not lead and not resp:
        return [], [], text, ""
    return lead, resp, squash(text[: m.start()]).rstrip("，,；;") + ("。" if text.rstrip().endswith("。") else ""), how


def _measure(item: _Item, number: int, section: int, first_leads: bool, draft: Draft) -> DraftMeasure:
    text = item.text
    lead = list(item.units.get("牵头单位", [])) + list(item.units.get("主责单位", []))
    resp = list(item.units.get("责任单位", [])) + list(item.units.get("配合单位", [])) + item.units.get("参与单位", [])
    notes: list[str] = []
    if not item.units:
        lead, resp, text, how = _paren_units(text, first_leads)
        if how == "all":
            notes.append("括注所列单位均按牵头单位录入（“按职责分工负责”或未写明牵头单位）")
        elif how == "first":
            notes.append("按文件“排在第一位的为牵头单位”的说明，第一个单位录为牵头单位")
    elif not lead and resp:
        if first_leads:
            lead, resp = resp[:1], resp[1:]
            if resp:  # several units named: the first leads, as the document says
                notes.append("按文件“排在第一位的为牵头单位”的说明，第一个单位录为牵头单位")
        else:
            notes.append("文件只写了责任单位，未写牵头单位：暂将第一个责任单位录为牵头单位")
            lead, resp = resp[:1], resp[1:]
    title = first_sentence(text).rstrip("。")
    for note in notes:
        draft.readings.append(f"措施{number}：{note}（待核对）")
    return DraftMeasure(number, section, title, text, _dedupe(lead), _dedupe(resp), notes)


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


# ---------------------------------------------------------------- annex targets


def _annex_targets(draft: Draft, annex: list[str | Table], everything: tuple[str | Table, ...]) -> None:
    default_unit = ""
    label = "附件"
    tables: list[tuple[str, str, list[tuple[str, ...]]]] = []  # (annex label, unit, rows)
    pending_rows: list[tuple[str, ...]] = []
    scope = annex or list(everything)
    for block in scope:
        if isinstance(block, Table):
            tables.append((label, default_unit, [tuple(squash(c) for c in row) for row in block.rows]))
            continue
        line = block
        heading = re.fullmatch(r"\s*附\s*件\s*(?P<n>\d*)\s*", line)
        if heading:
            label = f"附件{heading['n']}"
            continue
        unit_line = re.match(r"^\s*[（(]?\s*单\s*位\s*[：:]\s*(?P<u>[^）)\s]+)", line)
        if unit_line:
            default_unit = unit_line["u"].strip()
            continue
        cells = [c.strip() for c in re.split(r"\t+|\s{2,}|\s+(?=\d)", line.strip()) if c.strip()]
        is_header = sum(1 for c in cells[1:] if YEAR_CELL.match(c)) >= 2
        if len(cells) >= 3 and (is_header or (pending_rows and _numeric_row(cells))):
            pending_rows.append(tuple(cells))
            continue
        if pending_rows:
            tables.append((label, default_unit, pending_rows))
            pending_rows = []
    if pending_rows:
        tables.append((label, default_unit, pending_rows))
    for annex_label, unit, rows in tables:
        _table_indicators(draft, rows, unit, annex_label)


def _numeric_row(cells: list[str]) -> bool:
    return sum(1 for c in cells[1:] if _number(c) is not None) >= 2


def _number(cell: str) -> float | None:
    m = re.fullmatch(r"\s*(?P<n>\d[\d,，]*(?:\.\d+)?)\s*(?P<u>%|[\u4e00-\u9fff]{1,4})?\s*", cell)
    if not m:
        return None
    return float(m["n"].replace(",", "").replace("，", ""))


def _table_indicators(draft: Draft, rows: list[tuple[str, ...]], default_unit: str, label: str) -> None:
    header_index = next((i for i, row in enumerate(rows) if sum(1 for c in row[1:] if YEAR_CELL.match(c)) >= 2), None)
    if header_index is None:
        return
    header = rows[header_index]
    year_cols = {j: int(YEAR_CELL.match(c)["year"]) for j, c in enumerate(header) if j and YEAR_CELL.match(c)}  # type: ignore[index]
    unit_col = next((j for j, c in enumerate(header) if c in {"单位", "计量单位"}), None)
    name_col = next(
        (j for j, c in enumerate(header) if j not in year_cols and j != unit_col and c not in {"序号", "编号"}), 0
    )
    for row in rows[header_index + 1 :]:
        if len(row) <= name_col or not row[name_col] or _number(row[name_col]) is not None:
            continue
        name = row[name_col]
        unit = default_unit
        notes: list[str] = []
        m = re.search(r"[（(](?P<u>%|[\u4e00-\u9fff]{1,3})[）)]$", name)
        if m and m["u"] in {"%", "家", "户", "项", "个", "件", "人", "亿元", "万元", "次"}:
            unit = m["u"]
            name = name[: m.start()]
        if unit_col is not None and unit_col < len(row) and row[unit_col]:
            unit = row[unit_col]
        targets: dict[int, float] = {}
        sources: dict[int, str] = {}
        for j, year in year_cols.items():
            if j >= len(row):
                continue
            cell = row[j]
            value = _number(cell)
            if value is None:
                continue
            if cell.strip().endswith("%"):
                unit = "%"
            targets[year] = value
            shown = cell.strip()
            sources[year] = f"{label}：{name} {year}年 {shown}" + (f"（{unit}）" if unit and unit != "%" else "")
        if not targets:
            continue
        if not unit:
            unit = "个"
            notes.append("表中未写单位，暂按“个”录入")
        kind = _guess_kind(name, unit, notes)
        readings = {
            "kind": f"{label}未写指标类型：{_KIND_READINGS[kind](name)}。",
            "direction": f"{label}未写考核方向：按“不低于目标”考核（完成值达到或超过目标值为完成）。",
            # the lead units are left for a person to fill; what they will be is a reading all the same
            "lead_units": f"{label}未写牵头单位：取该指标所对应措施的牵头单位。",
        }
        if any("未写单位" in n for n in notes):
            readings["counting"] = f"{label}未写计量单位：暂按“个”计。"
        draft.indicators.append(
            DraftIndicator(
                id=f"annex_{len(draft.indicators) + 1:02d}",
                name=name,
                unit=unit,
                kind=kind,
                targets=targets,
                sources=sources,
                notes=notes,
                readings=readings,
            )
        )
        for note in notes:
            draft.readings.append(f"指标“{name}”：{note}（待核对）")


def _kind_word(name: str, pattern: str) -> str:
    m = re.search(pattern, name)
    return f"名称中有“{m.group(0)}”" if m else "名称中看不出是总量还是新增"


#: The reading (解读) of each guessed kind, in words users read (no data keys).
_KIND_READINGS = {
    "flow": lambda name: f"{_kind_word(name, FLOW_WORDS)}，判为新增类指标（各年分别计数，年内各期相加）",
    "cumulative": lambda name: f"{_kind_word(name, '累计')}，判为累计类指标（自方案起累计计数）",
    "stock": lambda name: f"{_kind_word(name, _STOCK_WORDS)}，判为总量类指标（以期末数为准）",
}
FLOW_WORDS = r"年新增|新增|新入|新认定|新培育|当年"
_STOCK_WORDS = r"总量|数量|保有|总数|规模|覆盖率|占比|比重|率"


def _guess_kind(name: str, unit: str, notes: list[str]) -> str:
    if re.search(FLOW_WORDS, name):
        notes.append("按名称中的“新增”判为流量指标（flow，各年分别计数）")
        return "flow"
    if re.search(r"累计", name):
        notes.append("按名称中的“累计”判为累计指标（cumulative）")
        return "cumulative"
    if re.search(_STOCK_WORDS, name) or unit == "%":
        notes.append("按名称判为存量指标（stock，以期末数为准）")
        return "stock"
    notes.append("名称中看不出是存量还是新增，暂按存量指标（stock）录入")
    return "stock"


# ---------------------------------------------------------------- commitments and units


#: The words before/after a number that are qualifiers of the data (core.models.Qualifier).
QUALIFIER_WORDS = {
    "不少于": "不少于",
    "力争": "力争",
    "力争达到": "力争",
    "累计达到": "累计",
    "以上": "以上",
    "左右": "左右",
    "内": "内",
    "以内": "内",
}


def _commitments(draft: Draft) -> None:
    for measure in draft.measures:
        for m in COMMITMENT.finditer(measure.text):
            unit = m["unit"]
            value = float(m["num"])
            clause_start = max(measure.text.rfind(p, 0, m.start()) for p in "，。；：,;")
            quote = measure.text[clause_start + 1 : m.end()].strip()
            before = measure.text[max(0, m.start() - 2) : m.start()]
            if re.search(r"近$|前$|第$", before):  # 近3年, 第1批: not a commitment
                continue
            post, pre = m["post"] or "", m["pre"] or ""
            if post in {"以内", "内", "以下"} or pre == "不超过":
                direction = "at_most"
            elif post == "左右":
                direction = "about"
            else:
                direction = "at_least"
            qualifiers = [QUALIFIER_WORDS[w] for w in (pre, post) if w in QUALIFIER_WORDS]
            if "力争" in quote and "力争" not in qualifiers:
                qualifiers.insert(0, "力争")
            draft.commitments.append(
                Commitment(measure.number, quote, value, unit, direction, qualifiers, every_year="每年" in quote)
            )


def _unit_registry(draft: Draft) -> None:
    """Every unit the measures name, then those only the leadership annex names (its members' units and the
    office's); a group ``各X`` whose members the measures do not list takes the annex's units ending in X
    (各园区运营中心 → the park centres the annex names), as a reading."""
    seen: dict[str, None] = {}
    for m in draft.measures:
        for name in [*m.lead_units, *m.responsible_units]:
            seen.setdefault(name, None)
    group = draft.leadership
    annex_units: list[str] = []
    if group is not None:
        for person in group.members:
            # a unit the measures name, at the start of the position (县通信发展办主任), is that unit
            last = re.split(r"[、，,]", person.position)[-1]
            known = [name for name in seen if last.startswith(name) and len(name) < len(last)]
            if known:
                person.unit = max(known, key=len)
        annex_units = [u for u in (*(p.unit for p in group.members), group.office_unit) if u]
        for name in annex_units:
            seen.setdefault(name, None)
    for name in seen:
        kind = guess_unit_kind(name)
        draft.units.append(DraftUnit(name, kind, guessed=kind != "department"))
    for unit in draft.units:
        if unit.kind != "group" or group is None:
            continue
        suffix = unit.name.removeprefix("各")
        members = [
            u.name for u in draft.units if u.kind != "group" and u.name in annex_units and u.name.endswith(suffix)
        ]
        if len(members) > 1:
            unit.members = list(dict.fromkeys(members))
            unit.members_reading = (
                f"措施只写“{unit.name}”，未列出是哪些；取{group.annex}所列的{'、'.join(unit.members)}。"
            )


# ---------------------------------------------------------------- the leadership annex

ROLE = re.compile(r"^\s*(?P<role>副\s*组\s*长|组\s*长|成\s*员)\s*[：:]\s*")
#: The unit a position names: the text up to the first word that ends a unit's name (管委会主任 → 管委会).
POSITION_UNIT = re.compile(r"^(?P<unit>.*?(?:局|中心|办公室|管委会|委员会|集团|专班|办事处))")
OFFICE_UNIT = re.compile(r"办公室设在(?P<unit>[^，。,；;]+)")
OFFICE_HEAD = re.compile(r"办公室主任由(?P<who>[^，。,；;]+?)兼任")


def position_unit(position: str) -> str | None:
    """The unit named by a position (its last part: 党工委委员、管委会副主任 → 管委会); None if it names none."""
    last = re.split(r"[、，,]", position)[-1]
    m = POSITION_UNIT.match(last)
    return m["unit"] if m else None


def _leadership(annex: list[str | Table]) -> DraftLeadership | None:
    """The members list of a leadership group (组长/副组长/成员, name, position) and its office, from the annex
    headed ``……领导小组成员名单``; text lines (tab- or space-separated) or a Word table."""
    start = None
    for i, block in enumerate(annex):
        if isinstance(block, str) and re.search(r"领导小组\s*成员名单\s*$", block):
            start = i  # the last such heading: the annex itself, not the list of annexes before it
    if start is None:
        return None
    heading = squash(str(annex[start]))
    name = heading.removesuffix("成员名单")
    label = "附件"
    for block in reversed(annex[:start]):
        m = re.fullmatch(r"\s*附\s*件\s*(?P<n>\d*)\s*", block) if isinstance(block, str) else None
        if m:
            label = f"附件{m['n']}"
            break
    group = DraftLeadership(name, label)
    role = ""
    rows: list[list[str]] = []
    for block in annex[start + 1 :]:
        if isinstance(block, Table):
            rows += [[c for c in row if c.strip()] for row in block.rows]
            continue
        text = squash(block)
        office = OFFICE_UNIT.search(text)
        if office:
            group.office_unit = office["unit"]
            head = OFFICE_HEAD.search(text)
            group.office_head = head["who"] if head else ""
            break
        if re.search(r"印发$|附件\s*\d", text):
            break
        if block.strip():
            rows.append([block])
    for row in rows:
        line = "\t".join(row)
        m = ROLE.match(line)
        if m:
            role = re.sub(r"\s+", "", m["role"])
            line = line[m.end() :]
        elif len(row) > 2 and re.sub(r"\s+", "", row[0]).rstrip("：:") in {"组长", "副组长", "成员"}:
            role, line = re.sub(r"\s+", "", row[0]).rstrip("：:"), "\t".join(row[1:])
        tokens = line.split()
        if not role or len(tokens) < 2:
            continue
        position = tokens[-1]
        person = "".join(tokens[:-1])
        if not 2 <= len(person) <= 4:
            continue
        group.members.append(DraftMember(role, person, position, position_unit(position)))
    if group.office_head:
        # 办公室主任由市场监督管理局局长崔秉武兼任: the member the sentence names
        group.office_head = next((p.name for p in group.members if group.office_head.endswith(p.name)), "")
    return group if group.members and group.office_unit else None
