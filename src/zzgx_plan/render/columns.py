"""The columns of a table people read: a Chinese header, the JSON key its values come from, how they show.

One tuple of :class:`Column` per table defines both its CSV (``--format csv``) and, where the
workbook shows the same table, the columns of the ``--format xlsx`` sheet: the two cannot
disagree on a header. JSON keeps the English keys and values (it is the interface for scripts);
the CSV is for people and says everything in Chinese:

* headers are the columns' Chinese headers (``指标编号``, ``完成值``, ``状态``);
* a value a person reads is shown in Chinese through the column's ``labels``
  (``flow`` → ``新增类``, ``behind`` → ``滞后``), ``True``/``False`` as ``是``/``否``;
* numbers stay bare numbers (rates as decimals, 0.9706 = 97.06%), so a spreadsheet can sum them;
* lists are joined with ``、``; a missing value is an empty cell;
* text from data is escaped against formula injection (:mod:`zzgx_plan.render.cells`).

Light on purpose (no openpyxl): ``plan status --format csv`` imports it, and
:mod:`zzgx_plan.render.xlsx` re-exports :class:`Column` and :class:`Kind` for workbooks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from zzgx_plan.render.cells import csv_row

YES, NO = "是", "否"


class Kind(StrEnum):
    """How a column's values are stored and shown."""

    TEXT = "text"
    INTEGER = "integer"  # whole counts: 17000
    NUMBER = "number"  # whole numbers bare, others to one decimal: 323.8
    PERCENT = "percent"  # a share stored as 0.91 and shown as 91%
    PERCENT1 = "percent1"  # a share shown with one decimal: 72.9%
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its Chinese ``header``, the ``kind`` of its cells, the ``key`` of the record it shows.

    ``labels`` turns a value of the JSON form into the words people read (``{"flow": "新增类"}``)."""

    header: str
    kind: Kind = Kind.TEXT
    key: str = ""
    labels: Mapping[Any, str] | None = field(default=None, compare=False)


def pick(columns: Iterable[Column], *keys: str) -> tuple[Column, ...]:
    """The columns of ``columns`` with these keys, in the order given (a workbook's subset of a table)."""
    by_key = {c.key: c for c in columns}
    return tuple(by_key[k] for k in keys)


def shown(column: Column, value: Any) -> Any:
    """A record's value as the CSV cell shows it (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if column.labels is not None and isinstance(value, str):
        return column.labels.get(value, value)
    if isinstance(value, (list, tuple)):
        return "、".join(str(shown(column, v)) for v in value)
    return value


def csv_text(columns: Iterable[Column], records: Iterable[Mapping[str, Any]]) -> str:
    """The CSV of ``records`` (dicts keyed as the JSON form): Chinese headers, one row per record."""
    columns = tuple(columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(c.header for c in columns)
    for record in records:
        writer.writerow(csv_row(shown(c, record.get(c.key)) for c in columns))
    return out.getvalue()
