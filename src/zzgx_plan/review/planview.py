"""The plan as plain, canonical data for comparison (the input of :mod:`zzgx_plan.review.plandiff`).

Built from the loaded, validated models rather than from the YAML text, so that
aliases, defaults and layout are already settled and two versions compare by
meaning. Records are keyed by their id (unit name, measure number, indicator id,
target year, revision effective date); values are plain JSON-able data.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from zzgx_plan.core.models import Indicator, Measure, NotTracked, Plan, Target, Unit
from zzgx_plan.review.semdiff import Ordered


def plan_view(plan: Plan) -> dict[str, Any]:
    """The comparable view of ``plan`` (see :mod:`zzgx_plan.review.plandiff` for its shape)."""
    return {
        "meta": plain(plan.meta.model_dump()),
        "settings": plain(plan.settings.model_dump()),
        "units": {u.name: _unit(u) for u in plan.units.units},
        "leadership": plain(plan.leadership.model_dump()) if plan.leadership is not None else None,
        "sections": {s.number: plain(s.model_dump()) for s in plan.sections},
        "measures": {m.number: _measure(m) for m in plan.measures},
        "indicators": {i.id: indicator_view(i) for i in plan.indicators},
        "not_tracked": dict(_not_tracked(e) for e in plan.not_tracked),
    }


def plain(value: Any) -> Any:
    """Model data as JSON-able values: dates as ISO text, enums as their value, tuples as lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    return value


def _unit(unit: Unit) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": str(unit.kind), "aliases": list(unit.aliases)}
    if unit.members is not None:
        out["members"] = list(unit.members)
    # readings (解读) and the names that rest on them are plan changes like any other
    if unit.members_reading:
        out["members_reading"] = unit.members_reading
    if unit.short_name:
        out["short_name"] = unit.short_name
    if unit.informal_names:
        out["informal_names"] = list(unit.informal_names)
    if unit.reading:
        out["reading"] = unit.reading
    return out


def _measure(measure: Measure) -> dict[str, Any]:
    return {
        "section": measure.section,
        "title": measure.title,
        "lead_units": Ordered(measure.lead_units),  # the first listed leads (measure 17 lists two)
        "responsible_units": list(measure.responsible_units),
        "text": measure.text,
        **({"reading": measure.reading} if measure.reading else {}),
    }


def indicator_view(indicator: Indicator) -> dict[str, Any]:
    """One indicator's record of the view (``plan history`` compares these too)."""
    return {
        "name": indicator.name,
        "origin": str(indicator.origin),
        "unit": indicator.unit,
        "kind": str(indicator.kind),
        "direction": str(indicator.direction),
        "tolerance": indicator.tolerance,
        "measures": list(indicator.measures),
        # the order of an indicator's lead units carries no meaning: reported_by names who reports
        "lead_units": list(indicator.lead_units),
        "reported_by": indicator.reporting_unit,
        "source": str(indicator.source),
        "valid_years": indicator.valid_years,
        "readings": {str(topic): text for topic, text in indicator.readings.items()},
        "conversion": None if indicator.conversion is None else plain(indicator.conversion.model_dump()),
        "targets": {year: target_view(t) for year, t in indicator.targets.items()},
    }


def _not_tracked(entry: NotTracked) -> tuple[str, dict[str, Any]]:
    """A not_tracked entry keyed by its measure and quote (措施4“零见面、……”)."""
    return f"措施{entry.measure}“{entry.quote}”", {
        "measure": entry.measure,
        "quote": entry.quote,
        "reason": entry.reason,
    }


def target_view(target: Target) -> dict[str, Any]:
    """A yearly target with its revisions keyed by effective date (ISO text)."""
    out: dict[str, Any] = {"value": target.value, "source": target.source}
    if target.qualifiers:
        out["qualifiers"] = [str(q) for q in target.qualifiers]
    if target.reading:
        out["reading"] = target.reading
    if target.revisions:
        out["revisions"] = {
            r.effective.isoformat(): {
                "value": r.value,
                "document": r.document,
                "document_date": r.document_date.isoformat(),
                **({"note": r.note} if r.note else {}),
            }
            for r in target.revisions
        }
    return out
