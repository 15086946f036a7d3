"""The difference between two versions of the plan, in the plan's own terms.

Both versions are first reduced to a *plan view* — plain, canonical data built from
the loaded models (see :func:`zzgx_plan.review.planview.plan_view`)::

    {"meta": {...},
     "settings": {...},
     "units": {name: {"aliases": [...], "members": [...], "group": bool, ...}},
     "measures": {number: {"title", "section", "text", "lead_units", "responsible_units", ...}},
     "indicators": {id: {"name", "unit", "kind", "direction", "tolerance", "measures", "lead_units",
        "reported_by", "source", "valid_years", "readings": {topic: text}, "conversion",
        "targets": {year: {"value", "source", "qualifiers", "reading",
            "revisions": {effective: {"value", "document", "document_date"}}}}}},
     "not_tracked": {"措施N“quote”": {"measure", "quote", "reason"}}}

The views are compared with :func:`zzgx_plan.review.semdiff.diff` (so order and layout never
count) and every change is sorted into what a reviewer asks about: targets changed,
indicators added or removed, measures whose units/title/text changed, unit registry
changes (a unit renamed is recognised as such), plan metadata. The effect on status is
added by :func:`status_effects` from progress computed on both versions. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from zzgx_plan.review.semdiff import Change, ChangeKind, diff

#: Measure fields that hold unit names (the reviewer's "who is responsible").
MEASURE_UNIT_FIELDS = ("lead_units", "responsible_units")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A field of a record that changed: a value (``old → new``) or members of a list added/removed."""

    field: str
    old: Any = None
    new: Any = None
    added: tuple[Any, ...] = ()
    removed: tuple[Any, ...] = ()

    @property
    def is_members(self) -> bool:
        return bool(self.added or self.removed)

    def to_dict(self) -> dict[str, Any]:
        if self.is_members:
            return {"field": self.field, "added": list(self.added), "removed": list(self.removed)}
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class TargetChange:
    """A yearly target of an indicator added, removed or changed (value, source or revisions)."""

    indicator: str
    name: str
    unit: str
    year: int
    kind: ChangeKind
    old: Any = None  # the value in force as things stand (latest revision, else original); None if absent
    new: Any = None
    old_source: str | None = None
    new_source: str | None = None
    revisions: tuple[FieldChange, ...] = ()  # per effective date: field "revision YYYY-MM-DD"
    fields: tuple[FieldChange, ...] = ()  # the target's qualifiers and reading (解读)

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "name": self.name,
            "unit": self.unit,
            "year": self.year,
            "change": str(self.kind),
            "old": self.old,
            "new": self.new,
            "old_source": self.old_source,
            "new_source": self.new_source,
            "revisions": [r.to_dict() for r in self.revisions],
            # qualifiers / reading changed: only when they did (older output keeps its shape)
            **({"fields": [f.to_dict() for f in self.fields]} if self.fields else {}),
        }


@dataclass(frozen=True, slots=True)
class RecordChange:
    """An indicator or measure (``key``) added, removed, or with fields changed."""

    key: str
    label: str
    kind: ChangeKind
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "change": str(self.kind),
            "fields": [f.to_dict() for f in self.fields],
        }


@dataclass(frozen=True, slots=True)
class UnitChange:
    """A unit of the registry added, removed, renamed (``old_name → name``) or changed."""

    name: str
    kind: str  # added | removed | renamed | changed
    old_name: str | None = None
    fields: tuple[FieldChange, ...] = ()
    measures: tuple[str, ...] = ()  # measures that cite the unit (new version; old for a removal)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "change": self.kind,
            "old_name": self.old_name,
            "fields": [f.to_dict() for f in self.fields],
            "measures": list(self.measures),
        }


@dataclass(frozen=True, slots=True)
class StatusEffect:
    """How one indicator's status for one year differs between the versions."""

    indicator: str
    year: int
    old_status: str | None  # None: the indicator/year is absent from that version
    new_status: str | None

    @property
    def changed(self) -> bool:
        return self.old_status != self.new_status

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "year": self.year,
            "old_status": self.old_status,
            "new_status": self.new_status,
            "changed": self.changed,
        }


@dataclass(frozen=True, slots=True)
class ActualChange:
    """A reported figure added, removed or changed (keyed by indicator, period and basis)."""

    indicator: str
    period: str
    basis: str
    old: float | None
    new: float | None

    @property
    def kind(self) -> ChangeKind:
        if self.old is None:
            return ChangeKind.ADDED
        return ChangeKind.REMOVED if self.new is None else ChangeKind.CHANGED

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "period": self.period,
            "basis": self.basis,
            "change": str(self.kind),
            "old": self.old,
            "new": self.new,
        }


def actual_changes(
    old: Mapping[tuple[str, str, str], float], new: Mapping[tuple[str, str, str], float]
) -> list[ActualChange]:
    """Figures that differ between two versions, each given as {(indicator, period, basis): value}."""
    out = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a != b:
            out.append(ActualChange(*key, a, b))
    return out


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Everything that changed between two plan views, grouped for review."""

    targets: tuple[TargetChange, ...] = ()
    indicators: tuple[RecordChange, ...] = ()
    measures: tuple[RecordChange, ...] = ()
    units: tuple[UnitChange, ...] = ()
    meta: tuple[FieldChange, ...] = ()  # plan metadata and settings ("meta.title", "settings.x")
    other: tuple[Change, ...] = ()  # anything else in the view (kept so nothing is silently lost)
    status: tuple[StatusEffect, ...] = field(default=())
    actuals: tuple[ActualChange, ...] = ()  # reported figures (not the plan, but they move status)

    @property
    def plan_changed(self) -> bool:
        """False when the two versions mean the same plan (only order or layout differ)."""
        return bool(self.targets or self.indicators or self.measures or self.units or self.meta or self.other)

    def touched_indicators(self) -> list[str]:
        """Indicators whose targets or definition changed, in id order."""
        ids = {t.indicator for t in self.targets} | {i.key for i in self.indicators}
        return sorted(ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan_changed": self.plan_changed,
            "targets": [t.to_dict() for t in self.targets],
            "indicators": [i.to_dict() for i in self.indicators],
            "measures": [m.to_dict() for m in self.measures],
            "units": [u.to_dict() for u in self.units],
            "meta": [m.to_dict() for m in self.meta],
            "other": [c.to_dict() for c in self.other],
            "status": [s.to_dict() for s in self.status],
            "actuals": [a.to_dict() for a in self.actuals],
        }


def diff_plans(old: Mapping[str, Any], new: Mapping[str, Any]) -> PlanDiff:
    """Compare two plan views (see the module docstring) and group the changes for review."""
    changes = diff(old, new)
    targets: list[TargetChange] = []
    other: list[Change] = []
    meta: list[FieldChange] = []
    by_indicator: dict[str, list[Change]] = {}
    by_measure: dict[Any, list[Change]] = {}
    by_unit: dict[str, list[Change]] = {}
    by_target: dict[tuple[str, int], list[Change]] = {}
    for change in changes:
        path = change.path
        head = path[0] if path else None
        if head == "indicators" and len(path) >= 4 and path[2] == "targets":
            by_target.setdefault((str(path[1]), int(path[3])), []).append(change)
        elif head == "indicators" and len(path) >= 2:
            by_indicator.setdefault(str(path[1]), []).append(change)
        elif head == "measures" and len(path) >= 2:
            by_measure.setdefault(path[1], []).append(change)
        elif head == "units" and len(path) >= 2:
            by_unit.setdefault(str(path[1]), []).append(change)
        elif head in ("meta", "settings", "not_tracked") and len(path) >= 2:
            meta.extend(_field_changes([change], prefix=f"{head}."))
        elif head in ("meta", "settings"):
            meta.append(FieldChange(str(head), change.old, change.new))
        else:
            other.append(change)

    old_ind, new_ind = old.get("indicators", {}), new.get("indicators", {})
    for (ind, year), group in sorted(by_target.items()):
        targets.append(_target_change(ind, year, old_ind[ind], new_ind[ind], group))
    indicators = [_record_change(key, group, old_ind, new_ind, "name") for key, group in sorted(by_indicator.items())]
    old_m, new_m = old.get("measures", {}), new.get("measures", {})
    measures = [
        _record_change(str(key), group, old_m, new_m, "title", key=key)
        for key, group in sorted(by_measure.items(), key=lambda kv: _measure_order(kv[0]))
    ]
    units = _unit_changes(by_unit, old, new)
    return PlanDiff(
        targets=tuple(targets),
        indicators=tuple(indicators),
        measures=tuple(measures),
        units=tuple(units),
        meta=tuple(meta),
        other=tuple(other),
    )


def _measure_order(key: Any) -> tuple[int, Any, str]:
    return (0, key, "") if isinstance(key, int) else (1, 0, str(key))


def _target_change(
    ind: str, year: int, old_rec: Mapping[str, Any], new_rec: Mapping[str, Any], group: list[Change]
) -> TargetChange:
    old_t = old_rec.get("targets", {}).get(year)
    new_t = new_rec.get("targets", {}).get(year)
    kind = ChangeKind.ADDED if old_t is None else ChangeKind.REMOVED if new_t is None else ChangeKind.CHANGED
    revisions = [c for c in group if len(c.path) >= 5 and c.path[4] == "revisions"]
    others = [c for c in group if len(c.path) >= 5 and c.path[4] not in ("revisions", "value", "source")]
    return TargetChange(
        indicator=ind,
        name=str(new_rec.get("name") or old_rec.get("name") or ind),
        unit=str(new_rec.get("unit") or old_rec.get("unit") or ""),
        year=year,
        kind=kind,
        old=current_value(old_t),
        new=current_value(new_t),
        old_source=None if old_t is None else old_t.get("source"),
        new_source=None if new_t is None else new_t.get("source"),
        revisions=tuple(_revision_changes(revisions)),
        fields=tuple(_field_changes(others, skip=4)),
    )


def current_value(target: Mapping[str, Any] | None) -> Any:
    """A target view's value as it stands: its latest revision's value, else the original value."""
    if target is None:
        return None
    revisions = target.get("revisions")
    if isinstance(revisions, dict) and revisions:
        latest = revisions[max(revisions)]
        return latest.get("value") if isinstance(latest, dict) else None
    return target.get("value")


def _revision_changes(changes: list[Change]) -> list[FieldChange]:
    """Revisions (keyed by effective date) added, removed or changed, as ``revision DATE`` fields."""
    out: list[FieldChange] = []
    for change in changes:
        rest = change.path[5:]
        name = "revision" if not rest else f"revision {rest[0]}"
        if len(rest) > 1:
            name += "." + ".".join(str(p) for p in rest[1:])
        if len(rest) == 0 and change.kind is not ChangeKind.CHANGED:
            # the whole revisions mapping appeared or disappeared: one field per revision
            revs = (change.new if change.kind is ChangeKind.ADDED else change.old) or {}
            for eff, rev in sorted(revs.items()):
                pair = (None, rev) if change.kind is ChangeKind.ADDED else (rev, None)
                out.append(FieldChange(f"revision {eff}", *pair))
            continue
        out.append(FieldChange(name, change.old, change.new))
    return out


def _field_changes(changes: list[Change], prefix: str = "", skip: int = 1) -> list[FieldChange]:
    """Merge raw changes below one record into one :class:`FieldChange` per field path."""
    merged: dict[str, dict[str, Any]] = {}
    for change in changes:
        name = prefix + ".".join(str(p) for p in change.path[skip:])
        entry = merged.setdefault(name, {"old": None, "new": None, "added": [], "removed": [], "members": False})
        if change.member:
            entry["members"] = True
            if change.kind is ChangeKind.ADDED:
                entry["added"].append(change.new)
            else:
                entry["removed"].append(change.old)
        else:
            entry["old"], entry["new"] = change.old, change.new
    return [
        FieldChange(name, added=tuple(e["added"]), removed=tuple(e["removed"]))
        if e["members"]
        else FieldChange(name, e["old"], e["new"])
        for name, e in merged.items()
    ]


def _record_change(
    label_key: str,
    group: list[Change],
    old: Mapping[Any, Any],
    new: Mapping[Any, Any],
    label_field: str,
    key: Any = None,
) -> RecordChange:
    """One indicator or measure: added, removed, or the fields that changed (``skip`` its id)."""
    raw = label_key if key is None else key
    record = new.get(raw) if raw in new else old.get(raw, {})
    label = str((record or {}).get(label_field) or "")
    if raw not in old:
        return RecordChange(label_key, label, ChangeKind.ADDED)
    if raw not in new:
        return RecordChange(label_key, label, ChangeKind.REMOVED)
    return RecordChange(label_key, label, ChangeKind.CHANGED, tuple(_field_changes(group, skip=2)))


def measures_citing(view: Mapping[str, Any], unit: str) -> tuple[str, ...]:
    """Numbers of the measures that name ``unit`` as lead or responsible unit, in measure order."""
    found = [
        number
        for number, measure in view.get("measures", {}).items()
        if any(unit in (measure.get(f) or ()) for f in MEASURE_UNIT_FIELDS)
    ]
    return tuple(str(n) for n in sorted(found, key=_measure_order))


def _unit_changes(by_unit: dict[str, list[Change]], old: Mapping[str, Any], new: Mapping[str, Any]) -> list[UnitChange]:
    """Units added, removed, changed — and a removed/added pair recognised as a rename.

    ``Y`` renames ``X`` when ``X`` was removed, ``Y`` added, and either ``X`` is now one of
    ``Y``'s aliases or the measures citing ``Y`` now are exactly those that cited ``X``.
    """
    old_units, new_units = old.get("units", {}), new.get("units", {})
    removed = [n for n in sorted(by_unit) if n in old_units and n not in new_units]
    added = [n for n in sorted(by_unit) if n in new_units and n not in old_units]
    out: list[UnitChange] = []
    renamed_from: dict[str, str] = {}
    for name in added:
        aliases = new_units[name].get("aliases") or ()
        refs = measures_citing(new, name)
        for candidate in removed:
            if candidate in renamed_from.values():
                continue
            if candidate in aliases or (refs and refs == measures_citing(old, candidate)):
                renamed_from[name] = candidate
                break
    for name in sorted(by_unit):
        if name in renamed_from:
            before = renamed_from[name]
            fields = _field_changes(diff(old_units[before], new_units[name]), skip=0)
            fields = [f for f in fields if f.field != "name"]
            out.append(UnitChange(name, "renamed", before, tuple(fields), measures_citing(new, name)))
        elif name in renamed_from.values():
            continue
        elif name in added:
            out.append(UnitChange(name, "added", measures=measures_citing(new, name)))
        elif name in removed:
            out.append(UnitChange(name, "removed", measures=measures_citing(old, name)))
        else:
            fields = _field_changes(by_unit[name], skip=2)
            out.append(UnitChange(name, "changed", fields=tuple(fields), measures=measures_citing(new, name)))
    return out


def status_effects(
    old: Mapping[tuple[str, int], str], new: Mapping[tuple[str, int], str], indicators: list[str]
) -> list[StatusEffect]:
    """Status per (indicator, year) in both versions: every year of the ``indicators`` the plan
    change touched (changed or not, so a reviewer reads "2024 状态不变"), and any other
    indicator/year whose status changed (e.g. because of the actual figures)."""
    touched = set(indicators)
    out = []
    for ind, year in sorted(old.keys() | new.keys()):
        effect = StatusEffect(ind, year, old.get((ind, year)), new.get((ind, year)))
        if ind in touched or effect.changed:
            out.append(effect)
    return out
