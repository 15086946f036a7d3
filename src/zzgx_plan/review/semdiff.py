"""A semantic diff of plain YAML data: what changed in meaning, not in layout.

Plan files are reviewed in git, where a line diff shows every reordering and
reformatting as a change. Here both versions are first brought to a canonical
form — mappings compared by key, lists of records keyed by their id (indicator
``id``, measure ``number``, unit ``name``, target ``year`` …), lists of plain
values compared as sets (unless marked :class:`Ordered`), dates as ISO text, ``2500`` equal to ``2500.0``, text
stripped of surrounding blanks — and only then compared. Moving a measure,
re-indenting a file or switching a string's quoting yields no change at all.

The result is a flat list of :class:`Change` (path, kind, old, new) in a stable
order; :mod:`zzgx_plan.review.plandiff` turns it into the plan's own terms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

#: Fields that identify a record inside a list, in order of preference.
KEY_FIELDS: tuple[str, ...] = ("id", "number", "name", "year", "period", "indicator", "measure", "code")

PathKey = str | int
Path = tuple[PathKey, ...]


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference at ``path``: a key/record added or removed, or a value changed.

    ``member`` is true when a plain value was added to or removed from an unordered
    list (then ``path`` is the list's own path and ``new``/``old`` the member).
    """

    path: Path
    kind: ChangeKind
    old: Any = None
    new: Any = None
    member: bool = False

    def to_dict(self) -> dict[str, Any]:
        out = {"path": list(self.path), "kind": str(self.kind), "old": self.old, "new": self.new}
        if self.member:
            out["member"] = True
        return out


@dataclass(frozen=True, slots=True)
class Keyed:
    """A list of records turned into a mapping by the field ``key`` (kept to report it)."""

    key: str
    items: dict[Any, Any]


class MemberSet(frozenset[Any]):
    """A list of plain values whose order carries no meaning (unit names, aliases, measure numbers)."""


class Ordered(tuple[Any, ...]):
    """A list of plain values whose order carries meaning (a measure's lead units: the first leads).

    Put it in the data to compare; members added or removed are told as for a :class:`MemberSet`, and the
    same members in another order as a change of the whole list."""


def canonical(value: Any, key_fields: Sequence[str] = KEY_FIELDS) -> Any:
    """The canonical form of plain YAML data (see the module docstring)."""
    if isinstance(value, Mapping):
        return {_scalar(k): canonical(v, key_fields) for k, v in value.items()}
    if isinstance(value, Ordered):
        return Ordered(canonical(v, key_fields) for v in value)
    if isinstance(value, list | tuple):
        items = [canonical(v, key_fields) for v in value]
        key = _record_key(items, key_fields)
        if key is not None:
            return Keyed(key, {item[key]: item for item in items})
        if all(_hashable_scalar(v) for v in items):
            return MemberSet(items)
        return items
    return _scalar(value)


def _scalar(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def _hashable_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _record_key(items: list[Any], key_fields: Sequence[str]) -> str | None:
    """The first key field that every item (a mapping) has, with unique scalar values; else ``None``."""
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    for field in key_fields:
        values = [i.get(field) for i in items]
        if all(_hashable_scalar(v) and v is not None for v in values) and len(set(values)) == len(values):
            return field
    return None


def diff(old: Any, new: Any, key_fields: Sequence[str] = KEY_FIELDS) -> list[Change]:
    """Every semantic difference between two plain YAML documents (or parts of them)."""
    changes: list[Change] = []
    _diff(canonical(old, key_fields), canonical(new, key_fields), (), changes)
    return changes


def _diff(old: Any, new: Any, path: Path, out: list[Change]) -> None:
    # An empty list has no records to find a key in: treat it as an empty keyed list.
    if isinstance(old, Keyed) and new == MemberSet():
        new = Keyed(old.key, {})
    elif isinstance(new, Keyed) and old == MemberSet():
        old = Keyed(new.key, {})
    if isinstance(old, Keyed) and isinstance(new, Keyed) and old.key == new.key:
        _diff_mapping(old.items, new.items, path, out)
    elif isinstance(old, dict) and isinstance(new, dict):
        _diff_mapping(old, new, path, out)
    elif isinstance(old, Ordered) and isinstance(new, Ordered) and set(old) == set(new):
        if old != new:  # the same members, another order
            out.append(Change(path, ChangeKind.CHANGED, list(old), list(new)))
    elif isinstance(old, MemberSet) and isinstance(new, MemberSet):
        for member in _sorted(new - old):
            out.append(Change(path, ChangeKind.ADDED, None, member, member=True))
        for member in _sorted(old - new):
            out.append(Change(path, ChangeKind.REMOVED, member, None, member=True))
    elif isinstance(old, Ordered | MemberSet) and isinstance(new, Ordered | MemberSet):
        _diff(MemberSet(old), MemberSet(new), path, out)  # members changed (or one side's order is unknown)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _diff(a, b, (*path, i), out)
    elif _plain(old) != _plain(new) or isinstance(old, bool) != isinstance(new, bool):
        out.append(Change(path, ChangeKind.CHANGED, _plain(old), _plain(new)))


def _diff_mapping(old: Mapping[Any, Any], new: Mapping[Any, Any], path: Path, out: list[Change]) -> None:
    for key in _sorted(new.keys() | old.keys()):
        if key not in old:
            out.append(Change((*path, key), ChangeKind.ADDED, None, _plain(new[key])))
        elif key not in new:
            out.append(Change((*path, key), ChangeKind.REMOVED, _plain(old[key]), None))
        else:
            _diff(old[key], new[key], (*path, key), out)


def _plain(value: Any) -> Any:
    """Canonical data back to plain JSON-able data (for reporting old/new values)."""
    if isinstance(value, Keyed):
        return [_plain(v) for v in value.items.values()]
    if isinstance(value, MemberSet):
        return _sorted(value)
    if isinstance(value, Ordered):
        return list(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _sorted(values: Iterable[Any]) -> list[Any]:
    """Sort mixed keys deterministically: numbers before text, each in natural order."""
    return sorted(values, key=lambda v: (0, v, "") if isinstance(v, int | float) else (1, 0, str(v)))
