"""Formatting ``plan diff`` and ``plan history`` results: text, Markdown (a PR comment), JSON.

Only formatting happens here; the results come from :mod:`zzgx_plan.review.diff` and
:mod:`zzgx_plan.review.history`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from zzgx_plan.compute.status import STATUS_LABELS, Status
from zzgx_plan.review.plandiff import (
    ActualChange,
    FieldChange,
    PlanDiff,
    RecordChange,
    StatusEffect,
    TargetChange,
    UnitChange,
)
from zzgx_plan.review.semdiff import ChangeKind

if TYPE_CHECKING:
    from zzgx_plan.review.diff import DiffResult
    from zzgx_plan.review.history import IndicatorHistory

NO_CHANGE = "工作方案无变化"
NO_STATUS_EFFECT = "无（各指标各年度的状态均不变）"

FIELD_LABELS = {
    "title": "标题",
    "text": "正文",
    "section": "所属部分",
    "lead_units": "牵头单位",
    "responsible_units": "责任单位",
    "name": "名称",
    "origin": "来源类别",
    "unit": "计量单位",
    "kind": "类型",
    "direction": "方向",
    "tolerance": "容差",
    "measures": "所属措施",
    "source": "实际值来源",
    "valid_years": "名录有效年限",
    "aliases": "别名",
    "members": "成员",
    "targets": "目标",
    "reported_by": "报送单位",
    "readings": "解读",
    "qualifiers": "限定词",
    "reading": "解读",
    "conversion": "转化目标",
    "members_reading": "成员（解读）",
    "short_name": "简称",
    "informal_names": "其他叫法",
}

#: ``readings.<topic>`` fields: what of the indicator the reading (解读) is about.
READING_TOPICS = {
    "measures": "所属措施",
    "lead_units": "牵头单位",
    "reported_by": "报送单位",
    "years": "年份",
    "tolerance": "幅度",
    "counting": "口径",
    "valid_years": "名录有效年限",
    "baseline": "基数",
    "kind": "类型",
    "direction": "方向",
}


def field_label(field: str) -> str:
    """The Chinese label of a changed field: ``readings.years`` → ``解读（年份）``,
    ``not_tracked.措施4“零见面”.reason`` → ``不纳入跟踪：措施4“零见面”（理由）``."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    head, _, rest = field.partition(".")
    if head == "readings" and rest:
        return f"解读（{READING_TOPICS.get(rest, rest)}）"
    if head == "not_tracked" and rest:
        key, _, sub = rest.rpartition(".") if rest.endswith((".reason", ".quote", ".measure")) else (rest, "", "")
        what = {"reason": "（理由）", "quote": "（原文）", "measure": "（措施）"}.get(sub, "")
        return f"不纳入跟踪：{key}{what}"
    if head == "conversion" and rest:
        return f"转化目标（{rest}）"
    return field


KIND_WORDS = {"added": "新增", "removed": "删除", "changed": "修改", "renamed": "更名"}

#: Text longer than this is shown as the changed fragment only.
LONG_TEXT = 40
CONTEXT = 8


def number(value: Any) -> str:
    """``2500.0`` → ``2500``; other numbers as Python prints them; None → ``—``."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def with_unit(value: Any, unit: str) -> str:
    if value is None:
        return "—"
    return f"{number(value)}{unit}" if unit == "%" else f"{number(value)} {unit}".rstrip()


def status_label(status: str | None) -> str:
    if status is None:
        return "无"
    try:
        return STATUS_LABELS[Status(status)]
    except ValueError:
        return status


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(_value(v) for v in value) or "（空）"
    if isinstance(value, dict):
        return "；".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, str) and len(value) > LONG_TEXT:
        return value[:LONG_TEXT] + "…"
    return number(value)


def fragment(old: str, new: str) -> tuple[str, str]:
    """The changed middle of two long texts with a little context: ``…前后文…``."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    lo = max(0, start - CONTEXT)

    def cut(text: str) -> str:
        stop = len(text) - end
        middle = text[lo : min(len(text), stop + CONTEXT)]
        return ("…" if lo > 0 else "") + middle + ("…" if stop + CONTEXT < len(text) else "")

    return cut(old), cut(new)


def field_text(change: FieldChange) -> str:
    """``牵头单位：A → B`` / ``责任单位：+A −B`` / ``正文：「…旧…」→「…新…」``."""
    label = field_label(change.field)
    if change.is_members:
        if len(change.added) == 1 and len(change.removed) == 1:
            return f"{label}：{_value(change.removed[0])} → {_value(change.added[0])}"
        parts = [f"+{_value(v)}" for v in change.added] + [f"−{_value(v)}" for v in change.removed]
        return f"{label}：{' '.join(parts)}"
    old, new = change.old, change.new
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > LONG_TEXT:
        a, b = fragment(old, new)
        return f"{label}：「{a}」→「{b}」"
    if old is None:
        return f"{label}：新增 {_value(new)}"
    if new is None:
        return f"{label}：删除（原为 {_value(old)}）"
    return f"{label}：{_value(old)} → {_value(new)}"


def revision_text(change: FieldChange) -> str:
    """A revision added/removed/changed, e.g. ``新增修订（2024-07-01 起）：2600，文号（2024-06-20）``."""
    head, _, sub = change.field.partition(".")
    effective = head.removeprefix("revision").strip()
    if not sub and isinstance(change.new, dict) and change.old is None:
        rev = change.new
        return (
            f"新增修订（{effective} 起）：{number(rev.get('value'))}，"
            f"{rev.get('document', '')}（{rev.get('document_date', '')}）"
        )
    if not sub and isinstance(change.old, dict) and change.new is None:
        rev = change.old
        return f"删除修订（{effective} 起）：{number(rev.get('value'))}，{rev.get('document', '')}"
    label = {"value": "目标值", "document": "文件", "document_date": "文件日期", "note": "说明"}.get(sub, sub)
    return f"修订（{effective} 起）{label}：{_value(change.old)} → {_value(change.new)}"


def target_line(t: TargetChange) -> str:
    """``2025年：2500 → 2600 家`` (or 新增 / 删除)."""
    if t.kind is ChangeKind.ADDED:
        return f"{t.year}年：新增 {with_unit(t.new, t.unit)}"
    if t.kind is ChangeKind.REMOVED:
        return f"{t.year}年：删除（原为 {with_unit(t.old, t.unit)}）"
    if t.old == t.new:
        return f"{t.year}年：{with_unit(t.new, t.unit)}（目标值不变）"
    return f"{t.year}年：{number(t.old)} → {with_unit(t.new, t.unit)}"


def target_details(t: TargetChange) -> list[str]:
    out = []
    if t.kind is ChangeKind.CHANGED and t.old_source != t.new_source:
        out.append(f"依据：{t.old_source} → {t.new_source}")
    elif t.kind is ChangeKind.ADDED and t.new_source:
        out.append(f"依据：{t.new_source}")
    out += [revision_text(r) for r in t.revisions]
    out += [field_text(f) for f in t.fields]
    return out


def record_line(r: RecordChange, noun: str) -> str:
    name = f"{noun} {r.key} {r.label}".strip()
    if r.kind is not ChangeKind.CHANGED:
        return f"{KIND_WORDS[str(r.kind)]} {name}"
    return f"修改 {name}：" + "；".join(field_text(f) for f in r.fields)


def unit_line(u: UnitChange) -> str:
    cited = f"（措施 {'、'.join(u.measures)}）" if u.measures else ""
    if u.kind == "renamed":
        extra = "；" + "；".join(field_text(f) for f in u.fields) if u.fields else ""
        return f"更名 {u.old_name} → {u.name}{cited}{extra}"
    if u.kind == "changed":
        return f"修改 {u.name}：" + "；".join(field_text(f) for f in u.fields) + cited
    if u.kind == "removed":
        return f"删除 {u.name}" + (f"（曾被措施 {'、'.join(u.measures)} 引用）" if u.measures else "")
    return f"新增 {u.name}{cited}"


def actual_line(a: ActualChange) -> str:
    """``gazelles 2024-Q3：322 → 325`` (增量/累计 basis shown for year-to-date figures)."""
    where = f"{a.indicator} {a.period}" + ("（年初至今累计）" if a.basis == "ytd" else "")
    if a.kind is ChangeKind.ADDED:
        return f"新增 {where}：{number(a.new)}"
    if a.kind is ChangeKind.REMOVED:
        return f"删除 {where}（原为 {number(a.old)}）"
    return f"修改 {where}：{number(a.old)} → {number(a.new)}"


def effect_lines(diff: PlanDiff) -> list[str]:
    """Per indicator: its target changes, then what happened to its status, e.g.
    ``high_tech_enterprises 2025：2500 → 2600；2024 年状态不变（滞后）``."""
    by_ind: dict[str, list[StatusEffect]] = {}
    for effect in diff.status:
        by_ind.setdefault(effect.indicator, []).append(effect)
    targets: dict[str, list[TargetChange]] = {}
    for t in diff.targets:
        targets.setdefault(t.indicator, []).append(t)
    lines = []
    for ind in sorted(by_ind.keys() | targets.keys()):
        parts = [f"{t.year}：{number(t.old)} → {number(t.new)}" for t in targets.get(ind, []) if t.old != t.new]
        effects = by_ind.get(ind, [])
        parts += [
            f"{e.year} 年状态：{status_label(e.old_status)} → {status_label(e.new_status)}"
            if e.changed
            else f"{e.year} 年状态不变（{status_label(e.new_status)}）"
            for e in effects
        ]
        if not effects and targets.get(ind):
            parts.append("无已报数据年度，状态无从比较")
        lines.append(f"{ind} " + "；".join(parts))
    return lines


def _sections(diff: PlanDiff) -> list[tuple[str, list[str], list[list[str]]]]:
    """(heading, lines, sub-lines per line) for each non-empty part of the diff."""
    out: list[tuple[str, list[str], list[list[str]]]] = []
    if diff.targets:
        out.append(
            (
                "目标调整",
                [f"{t.indicator} {t.name} {target_line(t)}" for t in diff.targets],
                [target_details(t) for t in diff.targets],
            )
        )
    for title, records, noun in (("指标", diff.indicators, ""), ("措施", diff.measures, "措施")):
        if records:
            out.append((title, [record_line(r, noun) for r in records], [[] for _ in records]))
    if diff.units:
        out.append(("单位", [unit_line(u) for u in diff.units], [[] for _ in diff.units]))
    if diff.actuals:
        figures = [actual_line(a) for a in diff.actuals]
        out.append(("实际数据", figures, [[] for _ in figures]))
    meta = [field_text(f) for f in diff.meta] + [
        f"{'.'.join(str(p) for p in c.path)}：{_value(c.old)} → {_value(c.new)}" for c in diff.other
    ]
    if meta:
        out.append(("方案信息及其他", meta, [[] for _ in meta]))
    return out


def _problem_lines(result: DiffResult) -> list[str]:
    lines = []
    for version in (result.old, result.new):
        errs = version.errors
        if errs:
            lines.append(f"{version.label} 版本的数据有 {len(errs)} 个错误（plan validate 不会通过）：")
            lines += [f"  {p.format(with_code=True)}" for p in errs[:20]]
            if len(errs) > 20:
                lines.append(f"  …… 另有 {len(errs) - 20} 个")
    return lines


def render_text(result: DiffResult) -> str:
    diff = result.diff
    lines = [f"工作方案变更：{result.old.label} → {result.new.label}"]
    if not diff.plan_changed:
        lines.append(NO_CHANGE)
    for heading, items, subs in _sections(diff):
        lines.append(f"{heading}：")
        for item, sub in zip(items, subs, strict=True):
            lines.append(f"  {item}")
            lines += [f"    {s}" for s in sub]
    effects = effect_lines(diff)
    if effects:
        lines.append("对进度状态的影响：")
        lines += [f"  {e}" for e in effects]
    elif diff.plan_changed:
        lines.append(f"对进度状态的影响：{NO_STATUS_EFFECT}")
    return "\n".join(lines) + "\n"


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(result: DiffResult) -> str:
    """A pull-request comment: headings, a table of target changes, lists, and validation problems."""
    diff = result.diff
    lines = [f"### 工作方案变更：`{result.old.label}` → `{result.new.label}`", ""]
    if not diff.plan_changed:
        lines += [f"**{NO_CHANGE}**", ""]
    if diff.targets:
        lines += ["#### 目标调整", "", "| 指标 | 年度 | 原目标 | 新目标 | 依据与修订 |"]
        lines.append("|---|---|---|---|---|")
        for t in diff.targets:
            details = "<br>".join(_md(d) for d in target_details(t)) or "—"
            lines.append(
                f"| `{t.indicator}` {_md(t.name)} | {t.year} | {_md(with_unit(t.old, t.unit))} "
                f"| {_md(with_unit(t.new, t.unit))} | {details} |"
            )
        lines.append("")
    for heading, items, _subs in _sections(diff):
        if heading == "目标调整":
            continue
        lines += [f"#### {heading}", ""] + [f"- {item}" for item in items] + [""]
    effects = effect_lines(diff)
    if effects:
        lines += ["#### 对进度状态的影响", ""] + [f"- {e}" for e in effects] + [""]
    elif diff.plan_changed:
        lines += ["#### 对进度状态的影响", "", NO_STATUS_EFFECT, ""]
    problems = _problem_lines(result)
    if problems:
        lines += ["#### ⚠️ 数据校验", "", "```", *[p.strip() for p in problems], "```", ""]
    lines.append("<sub>由 `plan diff` 生成；顺序与格式的改动不计为变更。</sub>")
    return "\n".join(lines) + "\n"


def render_json(result: DiffResult) -> str:
    payload = {
        "from": {"label": result.old.label, "revision": result.old.rev},
        "to": {"label": result.new.label, "revision": result.new.rev},
        **result.diff.to_dict(),
        "problems": {
            "from": [p.to_dict() for p in result.old.errors],
            "to": [p.to_dict() for p in result.new.errors],
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- history


def render_history(history: IndicatorHistory, year: int | None = None) -> str:
    """``plan history``: one line per target change or change of the indicator itself (its readings,
    reporting unit …), oldest first, details indented below."""
    from zzgx_plan.review.history import DefinitionEntry

    scope = f" {year} 年" if year is not None else ""
    lines = [f"{history.indicator} {history.name}{scope}目标的调整记录："]
    if history.cut_at is not None:
        cut = history.cut_at
        lines.append(
            f"  注意：这是浅克隆（shallow clone），{cut.day} {cut.short} 之前的历史不在本地；"
            "该提交时的目标不是最初设定的目标。要看完整记录，请先运行 git fetch --unshallow。"
        )
    if not history.timeline:
        lines.append("  （git 历史中没有调整）")
    for e in history.timeline:
        commit = e.commit
        if isinstance(e, DefinitionEntry):
            # the indicator itself: its readings (解读), reporting unit, lead units … as plan diff tells them
            what = "、".join(dict.fromkeys(field_label(f.field) for f in e.fields))
            lines.append(f"  {commit.day}  {commit.short}  {commit.author}  修改指标：{what}  {commit.subject}")
            lines += [f"      {field_text(f)}" for f in e.fields]
            continue
        t = e.change
        lines.append(f"  {commit.day}  {commit.short}  {commit.author}  {target_line(t)}  {commit.subject}")
        lines += [f"      {d}" for d in target_details(t)]
    return "\n".join(lines)
