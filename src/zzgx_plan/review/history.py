"""``plan history``: every change of one indicator's targets through git history.

Walks the commits that touched targets.yaml (following renames), reads the file
as it was in each, and compares each version's targets of the indicator with the
previous version's — by meaning, through :func:`zzgx_plan.review.plandiff.diff_plans`, so
a commit that only reformats the file is no revision. The same comparison (the one ``plan diff``
makes) tells the changes of the indicator itself once it exists: its readings (解读), qualifiers,
reporting unit, lead units, measures, kind and direction — whatever ``plan diff`` would report for it.
A version whose file cannot be read (a broken commit) is skipped: the next readable one is compared with the
last readable one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError  # what pydantic raises (pydantic.ValidationError is this class)

from zzgx_plan.core.models import Indicator, Target
from zzgx_plan.core.names import match_key
from zzgx_plan.core.problems import did_you_mean
from zzgx_plan.files.encoding import UndetectableEncoding, decode_bytes
from zzgx_plan.files.yamlfile import parse_yaml
from zzgx_plan.load.plan_files import TARGETS_FILE
from zzgx_plan.review import git as gitrepo
from zzgx_plan.review.git import Commit, GitError
from zzgx_plan.review.plandiff import FieldChange, TargetChange, diff_plans
from zzgx_plan.review.planview import indicator_view, target_view


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One target of the indicator changed (or appeared, or went) in one commit."""

    commit: Commit
    change: TargetChange

    def to_dict(self) -> dict[str, Any]:
        return {**_commit_dict(self.commit), **self.change.to_dict()}


@dataclass(frozen=True, slots=True)
class DefinitionEntry:
    """The indicator itself changed in one commit: readings (解读), reporting unit, lead units, … (as
    ``plan diff`` reports them for an indicator)."""

    commit: Commit
    fields: tuple[FieldChange, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**_commit_dict(self.commit), "fields": [f.to_dict() for f in self.fields]}


def _commit_dict(commit: Commit) -> dict[str, Any]:
    """The commit's fields every history entry starts with in JSON."""
    return {"date": commit.date, "commit": commit.hash, "author": commit.author, "message": commit.message}


@dataclass(frozen=True, slots=True)
class IndicatorHistory:
    indicator: str
    name: str
    entries: tuple[HistoryEntry, ...]
    #: In a shallow clone, the earliest commit git has: what came before it is unknown here, so its
    #: targets are where the visible history starts, not where they were first set.
    cut_at: Commit | None = None
    #: changes of the indicator itself (not of a yearly target), oldest first
    definition: tuple[DefinitionEntry, ...] = ()
    #: both kinds together in commit order (a commit's definition change before its targets)
    timeline: tuple[HistoryEntry | DefinitionEntry, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "indicator": self.indicator,
            "name": self.name,
            "entries": [e.to_dict() for e in self.entries],
            "definition_changes": [d.to_dict() for d in self.definition],
        }
        if self.cut_at is not None:
            out["shallow"] = {"history_starts_at": self.cut_at.hash, "date": self.cut_at.date}
        return out


def _indicator_record(text: str, path: str, key: str) -> tuple[str, dict[str, Any]] | None:
    """(id, view record with name/unit/targets) of the indicator ``key`` (id or name) in a targets.yaml."""
    doc, _problems = parse_yaml(text, path)
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("indicators"), list):
        return None
    for raw in doc.data["indicators"]:
        if not isinstance(raw, dict) or match_key(key) not in (match_key(str(raw.get(f, ""))) for f in ("id", "name")):
            continue  # names matched as everywhere (core.names): 瞪羚(潜在)企业总量 is 瞪羚（潜在）企业总量
        targets: dict[int, Any] = {}
        written = raw.get("targets")
        for year, value in written.items() if isinstance(written, dict) else ():
            if not isinstance(year, int) or isinstance(year, bool):
                continue  # not a year: that version was invalid; nothing to tell
            try:
                targets[year] = target_view(Target.model_validate(value))
            except (ValidationError, ValueError, TypeError):
                # an invalid target (that version failed validation): compared as written
                targets[year] = (
                    {"value": value.get("value"), "source": value.get("source")}
                    if isinstance(value, dict)
                    else {"value": value}
                )
        record = {"name": str(raw.get("name", "")), "unit": str(raw.get("unit", "")), "targets": targets}
        try:
            # the indicator as plan diff sees it (readings, reported_by, lead units …); the targets read above
            # stay as they are, so one invalid target does not hide the others
            view = indicator_view(Indicator.model_validate(raw))
            record = {**view, **record}
        except (ValidationError, ValueError, TypeError):
            pass  # an invalid version: only its name, unit and targets are compared
        return str(raw.get("id", key)), record
    return None


def _ids(text: str, path: str) -> list[str]:
    doc, _ = parse_yaml(text, path)
    if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("indicators"), list):
        return []
    return [str(i.get("id")) for i in doc.data["indicators"] if isinstance(i, dict) and i.get("id")]


def target_history(data_dir: Path, indicator: str, year: int | None = None) -> IndicatorHistory:
    """Every change of ``indicator``'s targets (for ``year`` only, if given), oldest first.

    Each commit is compared with its parent, so changes made on parallel branches are
    each told once, by the commit that made them. A merge commit is reported only for
    what it changed relative to every parent (a conflict resolved to a new value).
    In a shallow clone the earliest visible commit has no parent here: its targets are not presented as
    new (``cut_at`` names it instead).
    Raises :class:`GitError` outside a repository or when no version of targets.yaml
    knows the indicator (with a did-you-mean hint).
    """
    top = gitrepo.repo_top(data_dir)
    rel = gitrepo.relative_path(top, data_dir)
    path = TARGETS_FILE if rel == "." else f"{rel}/{TARGETS_FILE}"
    commits = list(reversed(gitrepo.path_log(top, path)))
    cut = gitrepo.shallow_commits(top)
    cut_at = None
    reader = _Reader(top, indicator)
    events: list[HistoryEntry | DefinitionEntry] = []
    last_readable = _EMPTY
    for i, commit in enumerate(commits):
        current = reader.record(commit.hash, commit.path)
        if current is _UNREADABLE:
            continue  # a broken version changed nothing; its successor is compared with last_readable
        if commit.hash in cut:
            # the history is cut here (a shallow clone): what this commit changed is not known
            cut_at = cut_at or commit
            last_readable = current
            continue
        older_path = commits[i - 1].path if i > 0 else commit.path
        targets, fields = _changes(reader, commit, current, older_path, last_readable)
        if fields:
            events.append(DefinitionEntry(commit, fields))
        for y, change in targets.items():
            if year is None or y == year:
                events.append(HistoryEntry(commit, change))
        last_readable = current
    seen = [reader.found_at[c.hash] for c in commits if c.hash in reader.found_at]
    if not seen:
        hint = did_you_mean(indicator, sorted(reader.known))
        raise GitError(f"git 历史中没有指标 {indicator!r}{hint}", usage=True)
    ident, name = seen[-1]  # as the latest version that has it calls it
    timeline = tuple(
        HistoryEntry(e.commit, dataclasses.replace(e.change, indicator=ident, name=name))
        if isinstance(e, HistoryEntry)
        else e
        for e in events
    )
    entries = tuple(e for e in timeline if isinstance(e, HistoryEntry))
    definition = tuple(e for e in timeline if isinstance(e, DefinitionEntry))
    return IndicatorHistory(ident, name, entries, cut_at, definition, timeline)


def _changes(
    reader: _Reader, commit: Commit, current: dict[str, Any], older_path: str, last_readable: dict[str, Any]
) -> tuple[dict[int, TargetChange], tuple[FieldChange, ...]]:
    """What ``commit`` changed: the targets by year, and the fields of the indicator itself — those that differ
    from every parent (for an ordinary commit, its only parent; for a merge, a conflict resolved to a new value).

    Fields are told only while the indicator exists on both sides (its first version is its targets' 新增) and
    only those both versions could be read for (an invalid version has just name, unit and targets)."""
    per_parent = []
    per_parent_fields = []
    for parent in commit.parents or ("",):
        before = reader.record(parent, commit.path, older_path) if parent else _EMPTY
        if before is _UNREADABLE:
            before = last_readable
        result = diff_plans({"indicators": {"x": before}}, {"indicators": {"x": current}})
        per_parent.append({c.year: c for c in result.targets})
        fields: dict[str, FieldChange] = {}
        if before.get("name") and current.get("name"):
            shared = before.keys() & current.keys()
            for record in result.indicators:
                fields.update((f.field, f) for f in record.fields if f.field.split(".")[0] in shared)
        per_parent_fields.append(fields)
    years = set.intersection(*(set(p) for p in per_parent))
    names = set.intersection(*(set(p) for p in per_parent_fields))
    first = per_parent_fields[0]
    return {y: per_parent[0][y] for y in sorted(years)}, tuple(first[n] for n in first if n in names)


_EMPTY: dict[str, Any] = {"targets": {}}


class _Reader:
    """Reads the indicator's record out of targets.yaml at commits, once per (commit, path)."""

    def __init__(self, top: Path, indicator: str) -> None:
        self.top = top
        self.indicator = indicator
        self.found_at: dict[str, tuple[str, str]] = {}  # commit → (id, name) of the indicator there
        self.known: set[str] = set()
        self._cache: dict[tuple[str, str], dict[str, Any]] = {}

    def record(self, commit: str, *paths: str) -> dict[str, Any]:
        """The view record at ``commit`` under the first of ``paths`` that exists there (else empty)."""
        for path in dict.fromkeys(paths):
            key = (commit, path)
            if key not in self._cache:
                self._cache[key] = self._read(commit, path)
            if self._cache[key] is not _MISSING:
                return self._cache[key]
        return _EMPTY

    def _read(self, commit: str, path: str) -> dict[str, Any]:
        raw = gitrepo.read_file(self.top, commit, path)
        if raw is None:
            return _MISSING
        try:
            text = decode_bytes(raw).text
        except UndetectableEncoding:
            return _UNREADABLE
        doc, _problems = parse_yaml(text, path)
        if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("indicators"), list):
            return _UNREADABLE
        self.known.update(_ids(text, path))
        found = _indicator_record(text, path, self.indicator)
        if found is None:
            return _EMPTY
        self.found_at[commit] = (found[0], found[1]["name"])
        return found[1]


_MISSING: dict[str, Any] = {"targets": {}}
_UNREADABLE: dict[str, Any] = {"targets": {}}  # the file is there but not a readable targets.yaml
