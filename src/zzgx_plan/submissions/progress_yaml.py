"""Writing a progress file ``data/progress/<period>.yaml`` in one canonical layout.

The file is what :mod:`zzgx_plan.load.progress` reads: ``period`` and a list
of ``entries``, one per measure, sorted by measure number, keys in a fixed
order, one fact per line — so adding a measure's entry shows in a git diff as
just that entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import yaml

from zzgx_plan.core.models import ProgressEntry
from zzgx_plan.core.periods import Period


def render_progress(period: Period, entries: Iterable[ProgressEntry]) -> str:
    """The YAML text of a new progress file: the period's entries sorted by measure."""
    lines = [
        f"# 措施进展 {period.label_zh}（由 plan import 写入；每项措施一条，按措施编号排序）",
        f"period: {period}",
        "entries:",
    ]
    for entry in sorted(entries, key=lambda e: e.measure):
        lines += _entry_block(entry, "  ")
    return "\n".join(lines) + "\n"


def _entry_block(entry: ProgressEntry, indent: str) -> list[str]:
    """One entry as YAML lines (``- measure: 9`` …) indented like the file's other entries."""
    item: dict[str, object] = {
        "measure": entry.measure,
        "status": entry.status.value,
        "reported_by": entry.reported_by,
        "text": entry.text,
    }
    if entry.next_steps:
        item["next_steps"] = entry.next_steps
    if entry.note:
        item["note"] = entry.note
    text = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return [indent + line for line in text.rstrip("\n").split("\n")]


def edit_progress_yaml(text: str | None, period: Period, updates: Mapping[int, ProgressEntry]) -> str:
    """Add or replace entries (by measure number) in a progress file, touching nothing else.

    New entries go right after the last entry with a lower measure number (or first),
    replaced entries are rewritten in place, comments and the layout of the
    rest of the file stay as they are, so the git diff shows just those entries. A
    missing or entry-less file is written in the canonical layout of :func:`render_progress`.
    """
    from zzgx_plan.files.yamlfile import parse_yaml

    if text is None or not text.strip():
        return render_progress(period, updates.values())
    doc, problems = parse_yaml(text, "progress")
    entries = doc.data.get("entries") if doc is not None and isinstance(doc.data, dict) else None
    if doc is None or problems or not isinstance(entries, list) or not entries:
        raise ValueError("progress file is not a period with a block list of entries")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    starts = [doc.line("entries", i) or 0 for i in range(len(entries))]
    entries_line = doc.line("entries") or 0
    later_keys = sorted(line for key, line in doc.lines.items() if len(key) == 1 and line > entries_line)
    block_end = (later_keys[0] - 1) if later_keys else len(lines)

    def extent(i: int) -> tuple[int, int]:
        """1-based first and last line of entry i, without trailing blank or comment lines."""
        end = starts[i + 1] - 1 if i + 1 < len(starts) else block_end
        while end > starts[i] and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        return starts[i], end

    first_line = lines[starts[0] - 1]
    indent = first_line[: len(first_line) - len(first_line.lstrip())]
    numbers = [e.get("measure") if isinstance(e, dict) else None for e in entries]
    edits: list[tuple[int, int, list[str]]] = []  # (first line, last line or first-1 for an insert, new lines)
    for measure, entry in sorted(updates.items()):
        block = _entry_block(entry, indent)
        if measure in numbers:
            first, last = extent(numbers.index(measure))
            edits.append((first, last, block))
            continue
        # Insert after the last entry with a lower number (before the comments of the next one).
        earlier = [i for i, n in enumerate(numbers) if isinstance(n, int) and n < measure]
        after = extent(earlier[-1])[1] if earlier else entries_line
        edits.append((after + 1, after, block))
    # Apply from the bottom up so earlier line numbers stay valid; inserts at one spot keep their order.
    for first, last, block in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[first - 1 : last] = block
    return "\n".join(lines) + "\n"
