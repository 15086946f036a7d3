"""Writing a progress file ``data/progress/<period>.yaml`` in one canonical layout.

The file is what :mod:`zzgx_plan.load.progress` reads: ``period`` and a list
of ``entries``, one per measure, sorted by measure number, keys in a fixed
order, one fact per line — so adding a measure's entry shows in a git diff as
just that entry.
"""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from zzgx_plan.models import ProgressEntry
from zzgx_plan.periods import Period

_KEYS = ("measure", "status", "reported_by", "text", "next_steps", "note")


def render_progress(period: Period, entries: Iterable[ProgressEntry]) -> str:
    """The YAML text for one period's entries (sorted by measure)."""
    items = []
    for entry in sorted(entries, key=lambda e: e.measure):
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
        items.append({k: item[k] for k in _KEYS if k in item})
    body = yaml.safe_dump(
        {"period": str(period), "entries": items},
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )
    header = f"# 措施进展 {period.label_zh}（plan import / 人工维护；每项措施一条，按措施编号排序）\n"
    return header + body
