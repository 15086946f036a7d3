"""``plan history``: every change of one indicator's targets through git history.

Walks the commits that touched targets.yaml (following renames), reads the file
as it was in each, and compares each version's targets of the indicator with the
previous version's — by meaning, through :func:`zzgx_plan.plandiff.diff_plans`, so
a commit that only reformats the file is no revision. A version whose file cannot
be read (a broken commit) is skipped: the next readable one is compared with the
last readable one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zzgx_plan import gitrepo
from zzgx_plan.encoding import UndetectableEncoding, decode_bytes
from zzgx_plan.gitrepo import Commit, GitError
from zzgx_plan.load.plan_files import TARGETS_FILE
from zzgx_plan.models import Target
from zzgx_plan.plandiff import TargetChange, diff_plans
from zzgx_plan.planview import target_view
from zzgx_plan.problems import did_you_mean
from zzgx_plan.yamlfile import parse_yaml


class HistoryError(Exception):
    """The history cannot be told: git refused, or no version knows the indicator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One target of the indicator changed (or appeared, or went) in one commit."""

    commit: Commit
    change: TargetChange

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.commit.date,
            "commit": self.commit.hash,
            "author": self.commit.author,
            "message": self.commit.message,
            **self.change.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class IndicatorHistory:
    indicator: str
    name: str
    entries: tuple[HistoryEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "name": self.name,
            "entries": [e.to_dict() for e in self.entries],
        }


def _indicator_record(text: str, path: str, key: str) -> tuple[str, dict[str, Any]] | None:
    """(id, view record with name/unit/targets) of the indicator ``key`` (id or name) in a targets.yaml."""
    doc, _problems = parse_yaml(text, path)
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("indicators"), list):
        return None
    for raw in doc.data["indicators"]:
        if not isinstance(raw, dict) or key not in (raw.get("id"), raw.get("name")):
            continue
        targets: dict[int, Any] = {}
        for year, value in (raw.get("targets") or {}).items():
            try:
                targets[int(year)] = target_view(Target.model_validate(value))
            except (ValidationError, ValueError, TypeError):
                targets[int(year)] = value  # unreadable target: compared as written
        record = {"name": str(raw.get("name", "")), "unit": str(raw.get("unit", "")), "targets": targets}
        return str(raw.get("id", key)), record
    return None


def _ids(text: str, path: str) -> list[str]:
    doc, _ = parse_yaml(text, path)
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("indicators"), list):
        return []
    return [str(i.get("id")) for i in doc.data["indicators"] if isinstance(i, dict) and i.get("id")]


def target_history(data_dir: Path, indicator: str, year: int | None = None) -> IndicatorHistory:
    """Every change of ``indicator``'s targets (for ``year`` only, if given), oldest first.

    Raises :class:`HistoryError` outside a repository or when no version of targets.yaml
    knows the indicator (with a did-you-mean hint).
    """
    try:
        top = gitrepo.repo_top(data_dir)
        rel = gitrepo.relative_path(top, data_dir)
        path = TARGETS_FILE if rel == "." else f"{rel}/{TARGETS_FILE}"
        commits = list(reversed(gitrepo.path_log(top, path)))
        texts = [(c, gitrepo.read_file(top, c.hash, c.path)) for c in commits]
    except GitError as exc:
        raise HistoryError(exc.message) from exc
    entries: list[HistoryEntry] = []
    previous: dict[str, Any] = {"targets": {}}
    found: tuple[str, str] | None = None
    known: set[str] = set()
    for commit, raw in texts:
        if raw is None:  # the file was deleted in this commit
            current: dict[str, Any] = {"targets": {}}
        else:
            try:
                text = decode_bytes(raw).text
            except UndetectableEncoding:
                continue
            known.update(_ids(text, commit.path))
            record = _indicator_record(text, commit.path, indicator)
            if record is None:
                current = {"targets": {}}
            else:
                found = (record[0], record[1]["name"])
                current = record[1]
        changes = diff_plans({"indicators": {"x": previous}}, {"indicators": {"x": current}}).targets
        for change in changes:
            if year is None or change.year == year:
                entries.append(HistoryEntry(commit, change))
        previous = current
    if found is None:
        raise HistoryError(
            f"git 历史中没有指标 {indicator!r}{did_you_mean(indicator, sorted(known))}（unknown indicator）"
        )
    ident, name = found
    fixed = tuple(
        HistoryEntry(e.commit, dataclasses.replace(e.change, indicator=ident, name=name)) for e in entries
    )
    return IndicatorHistory(ident, name, fixed)
