"""pandas DataFrames for notebooks (the optional ``[pandas]`` extra): status rows, missing submissions.

The rows are the same records ``--format json`` prints, one per indicator (or per item owed), so a frame
and the JSON always agree; nested values are flattened (lists joined with ``、``). pandas is imported
here only, when a frame is asked for: no ``plan`` command imports this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from zzgx_plan.compute.missing import MissingReport
from zzgx_plan.compute.status import StatusReport
from zzgx_plan.render.status import row_to_dict

if TYPE_CHECKING:
    import pandas


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # the extra is optional
        raise ImportError("需要 pandas：pip install 'zzgx-plan[pandas]'") from exc
    return pandas


def _flat(record: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, Mapping):
            for sub, v in value.items():
                out[f"{key}_{sub}"] = v
        elif isinstance(value, list | tuple):
            out[key] = "、".join(str(v) for v in value)
        else:
            out[key] = value
    return out


def records_frame(records: Iterable[Mapping[str, Any]], columns: list[str] | None = None) -> pandas.DataFrame:
    """A DataFrame of flat records; ``columns`` fixes the columns of an empty frame."""
    rows = [_flat(r) for r in records]
    return _pandas().DataFrame(rows, columns=columns if not rows else None)


def status_frame(report: StatusReport) -> pandas.DataFrame:
    """One row per indicator of ``progress_as_of(...)``: the columns of ``plan status --format json``
    (``target_revision`` as ``target_revision_original`` … when a revision is in force)."""
    rows = [row_to_dict(row) for row in report.rows]
    for row in rows:
        if row["target_revision"] is None:
            del row["target_revision"]
    frame = records_frame(rows)
    frame.attrs.update(year=report.year, as_of=str(report.as_of) if report.as_of else None)
    return frame


MISSING_COLUMNS = ["period", "unit", "item", "id", "name"]


def missing_frame(report: MissingReport) -> pandas.DataFrame:
    """One row per item a unit still owes for the period: ``item`` is ``indicator`` or ``measure``
    (``id`` the indicator id or the measure number)."""
    period = str(report.period)
    rows: list[dict[str, Any]] = []
    for unit in report.units:
        rows += [
            {"period": period, "unit": unit.unit, "item": "indicator", "id": i.id, "name": i.name}
            for i in unit.indicators
        ]
        rows += [
            {"period": period, "unit": unit.unit, "item": "measure", "id": m.number, "name": m.title}
            for m in unit.measures
        ]
    return records_frame(rows, MISSING_COLUMNS)
