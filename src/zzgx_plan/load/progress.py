"""Loading measure progress entries from ``data/progress/*.yaml``.

One reviewed file per period, e.g. ``data/progress/2024-Q3.yaml``::

    period: 2024-Q3
    entries:
      - measure: 1
        status: 推进中          # 未启动 / 推进中 / 已完成 / 滞后
        reported_by: 市场监管局
        text: 进展情况……
        next_steps: 下一步……   # optional
        note: 示例数据          # optional

Unknown measures, units or statuses are located errors; a measure reported twice
for the same period (in one file or across files) is an error.
"""

from __future__ import annotations

from pathlib import Path

from zzgx_plan.core.models import Plan, ProgressEntry, ProgressStatus
from zzgx_plan.core.periods import Period, PeriodError
from zzgx_plan.core.problems import Problem, did_you_mean, problem, ref
from zzgx_plan.files.yamlfile import YamlDoc, read_yaml
from zzgx_plan.load.pydantic_errors import validate_at


def load_progress(root: Path, plan: Plan) -> tuple[list[ProgressEntry], list[Problem]]:
    """Read every ``*.yaml``/``*.yml`` under ``root/progress``; check duplicates across files.

    Entries are located relative to the data directory ``root`` (``progress/2024-Q3.yaml``)."""
    from zzgx_plan.load import PROGRESS_DIR, progress_files

    progress_dir = root / PROGRESS_DIR
    entries: list[ProgressEntry] = []
    problems: list[Problem] = []

    seen: dict[tuple[Period, int], ProgressEntry] = {}
    for path in progress_files(progress_dir):
        doc, found = read_yaml(path, path.relative_to(root).as_posix(), "progress", root)
        problems += found
        if doc is None:
            continue
        for entry in parse_progress(doc, plan, problems):
            key = (entry.period, entry.measure)
            if key in seen:
                first = seen[key]
                problems.append(
                    problem(
                        entry.path,
                        entry.line,
                        "duplicate-id",
                        what=f"{entry.period} 的推进情况",
                        id=f"measure {entry.measure}",
                        first_line=ref(first.path, first.line),
                    )
                )
                continue
            seen[key] = entry
            entries.append(entry)
    return entries, problems


def parse_progress(doc: YamlDoc, plan: Plan, problems: list[Problem]) -> list[ProgressEntry]:
    """Validate one parsed progress file; append problems, return the valid entries."""
    if not isinstance(doc.data, dict):
        problems.append(problem(doc.path, doc.line(), "yaml-structure", reason="文件最外层应是“键: 值”的映射"))
        return []
    for key in doc.data:
        if key not in ("period", "entries"):
            problems.append(problem(doc.path, doc.line(key), "yaml-structure", reason=f"不认识的最外层键“{key}”"))
    period_text = str(doc.data.get("period", "")).strip()
    try:
        period = Period.parse(period_text)
    except PeriodError:
        problems.append(problem(doc.path, doc.line("period"), "bad-period", text=period_text))
        return []
    raw_entries = doc.data.get("entries") or []
    if not isinstance(raw_entries, list):
        problems.append(
            problem(doc.path, doc.line("entries"), "yaml-structure", reason="“entries”下应是列表（每项以 - 开头）")
        )
        return []
    entries: list[ProgressEntry] = []
    allowed = " / ".join(s.value for s in ProgressStatus)
    for i, raw in enumerate(raw_entries):
        line = doc.line("entries", i)
        if not isinstance(raw, dict):
            problems.append(problem(doc.path, line, "yaml-structure", reason="entries 中的每一项都应是“键: 值”的映射"))
            continue
        before = len(problems)
        status = str(raw.get("status", ""))
        if status not in {s.value for s in ProgressStatus}:
            problems.append(
                problem(doc.path, doc.line("entries", i, "status"), "bad-status", text=status, allowed=allowed)
            )
        number = raw.get("measure")
        if not isinstance(number, int) or plan.measure(number) is None:
            problems.append(problem(doc.path, doc.line("entries", i, "measure"), "unknown-measure", number=number))
        unit = str(raw.get("reported_by", ""))
        if unit and plan.units.get(unit) is None:
            problems.append(
                problem(
                    doc.path,
                    doc.line("entries", i, "reported_by"),
                    "unknown-unit",
                    name=unit,
                    hint=did_you_mean(unit, plan.units.names()),
                )
            )
        if len(problems) > before:
            continue
        data = {k: v for k, v in raw.items()}
        if unit:
            data["reported_by"] = plan.units.canonical(unit)
        data.update(period=period, path=doc.path, line=line or 0)
        entry, found = validate_at(ProgressEntry, data, doc, "entries", i)
        problems += found
        if entry is not None:
            entries.append(entry)
    return entries
