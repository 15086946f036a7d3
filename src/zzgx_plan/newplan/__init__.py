"""A new plan's data directory: an empty skeleton, or a draft read from the plan document (``plan init``).

:func:`create_plan_dir` writes the files into a temporary directory beside ``DIR`` and renames it into
place, so the directory appears whole or not at all; an existing non-empty ``DIR`` is replaced only
with ``force``.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from zzgx_plan.newplan.emit import (
    README,
    measures_yaml,
    skeleton_measures_yaml,
    skeleton_targets_yaml,
    targets_yaml,
)
from zzgx_plan.newplan.parse import Draft, draft_plan
from zzgx_plan.newplan.source import DocumentError, read_document

__all__ = [
    "DocumentError",
    "InitRefused",
    "InitResult",
    "create_plan_dir",
    "draft_files",
    "skeleton_files",
    "summarize",
]


class InitRefused(ValueError):
    """``plan init`` will not write: the message (Chinese) says why and what to do."""


@dataclass
class InitResult:
    directory: Path
    files: list[str]
    draft: Draft | None = None
    summary: list[str] = field(default_factory=list)


def skeleton_files(start: int, end: int) -> dict[str, str]:
    return {
        "measures.yaml": skeleton_measures_yaml().format(start=start, end=end),
        "targets.yaml": skeleton_targets_yaml(),
        "README.md": README,
    }


def draft_files(source: Path) -> tuple[dict[str, str], Draft]:
    """The files drafted from the plan document ``source``; raise :class:`DocumentError` or :class:`InitRefused`."""
    document = read_document(source)
    draft = draft_plan(document)
    if draft.start_year is None or draft.end_year is None:
        years = sorted({y for ind in draft.indicators for y in ind.targets})
        if not years:
            raise InitRefused(
                f"{source.name}：找不到方案的年份（标题中的“（2023-2025年）”或目标表的年份）；"
                "请确认这是工作方案文件，或先用 plan init 目录 创建空白目录再手工填写"
            )
        draft.start_year, draft.end_year = years[0], years[-1]
        draft.readings.append(f"方案年份：标题中未写年份，按目标表的年份定为{years[0]}—{years[-1]}年（待核对）")
    if not draft.measures:
        draft.readings.append("未找到带牵头单位的工作措施：measures 为空，请手工录入")
    return {
        "measures.yaml": measures_yaml(draft, source.name),
        "targets.yaml": targets_yaml(draft),
        "README.md": README,
    }, draft


def summarize(draft: Draft) -> list[str]:
    """What was found and what needs review, for the terminal."""
    lines = [
        f"方案：{draft.title or '（未找到）'}　文号：{draft.document_number or '（未找到）'}　"
        f"年份：{draft.start_year}—{draft.end_year}年",
        f"找到：工作任务 {len(draft.sections)} 个部分、措施 {len(draft.measures)} 项、单位 {len(draft.units)} 个、"
        f"目标表指标 {len(draft.indicators)} 项（年度目标 {sum(len(i.targets) for i in draft.indicators)} 个）、"
        f"措施中的量化承诺 {len(draft.commitments)} 处（已作为候选注释列出）",
    ]
    if draft.readings:
        lines.append(f"需要核对（{len(draft.readings)} 处推断，文件中标“# 待核对”）：")
        lines += [f"  - {r}" for r in draft.readings]
    guessed = [u.name for u in draft.units if u.guessed]
    if guessed:
        lines.append(f"  - 单位类别按名称推断：{'、'.join(guessed)}（待核对）")
    return lines


def create_plan_dir(directory: Path, files: dict[str, str], force: bool = False) -> list[str]:
    """Write ``files`` (name → text) plus empty ``actuals/`` and ``progress/`` as ``directory``, atomically.

    Refuses (:class:`InitRefused`) when ``directory`` exists and is not empty, unless ``force``.
    """
    if directory.exists() and not directory.is_dir():
        raise InitRefused(f"{directory} 已存在且不是目录；请换一个目录名")
    occupied = directory.is_dir() and any(directory.iterdir())
    if occupied and not force:
        raise InitRefused(f"{directory} 已存在且不是空目录；请换一个目录名，或加 --force 覆盖")
    parent = directory.resolve().parent
    blocking = next((p for p in (parent, *parent.parents) if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise InitRefused(f"{blocking} 是文件，不是文件夹，不能在其中创建 {directory}；请换一个目录")
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.init-", dir=parent))
    old: Path | None = None
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        (staging / "actuals").mkdir()
        (staging / "progress").mkdir()
        if directory.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old-", dir=parent))
            old.rmdir()
            directory.rename(old)
        staging.rename(directory)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        if old is not None and old.exists() and not directory.exists():
            old.rename(directory)  # put the previous directory back
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted([*files, "actuals/", "progress/"])
