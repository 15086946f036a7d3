"""The register as columns: every row of ``data/registers/*.csv`` after validation.

A city's lists run to millions of rows, so a register is not a tuple of pydantic
objects but a set of equally long column arrays (numpy for numbers and small codes,
Arrow for text), frozen after loading. Dates are day numbers since 1970-01-01
(``int32``); a listing is on its list on day ``d`` when ``entered <= d < end``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

#: ``end`` of a listing with no 出库日期 and no validity limit: on the list for good.
OPEN_END = np.iinfo(np.int32).max
#: ``left`` when the row gives no 出库日期.
NO_DATE = np.iinfo(np.int32).min

_EPOCH = dt.date(1970, 1, 1)

#: canonical column → header names accepted for it (Chinese as exported from Excel, or English)
COLUMNS: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "信用代码", "uscc"),
    "name": ("企业名称", "名称", "name"),
    "list": ("名录", "list"),
    "park": ("园区", "park"),
    "entered_on": ("入库日期", "认定日期", "entered_on"),
    "left_on": ("出库日期", "到期日期", "left_on"),
    "source": ("来源文件", "source"),
}
REQUIRED = ("uscc", "name", "list", "park", "entered_on")
#: how each column is named in messages
LABELS = {key: names[0] for key, names in COLUMNS.items()}


def day_number(date: dt.date) -> int:
    return (date - _EPOCH).days


def from_day_number(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


@dataclass(frozen=True)
class RegisterRules:
    """What the register files are checked against, and how listings lapse.

    ``lists`` maps every accepted 名录 value (indicator id or exact name) to the indicator id;
    ``parks`` maps accepted 园区 values (names and aliases) to canonical unit names; None
    accepts any non-empty value. ``valid_years`` gives, per list, how many years after entry a
    listing lapses when the row has no 出库日期 (高新技术企业: 3).
    """

    lists: Mapping[str, str] | None = None
    parks: Mapping[str, str] | None = None
    valid_years: Mapping[str, int] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """A stable text identifying these rules (part of the cache key)."""
        parts = [
            repr(sorted((self.lists or {}).items())) if self.lists is not None else "any",
            repr(sorted((self.parks or {}).items())) if self.parks is not None else "any",
            repr(sorted(self.valid_years.items())),
        ]
        return "|".join(parts)


@dataclass(frozen=True, eq=False)
class Register:
    """Every valid row of every register file, as columns of equal length.

    ``list_index``/``park_index``/``file_index`` index :attr:`lists`, :attr:`parks`,
    :attr:`files`; ``firm`` numbers the distinct codes (the same code → the same number).
    ``end`` is the first day a listing is off its list: the 出库日期, else entry + the list's
    validity years, else :data:`OPEN_END`; a re-certification before an implied expiry ends
    the earlier listing on its own entry date.
    """

    uscc: pa.Array
    name: pa.Array
    source: pa.Array
    firm: np.ndarray
    list_index: np.ndarray
    park_index: np.ndarray
    entered: np.ndarray
    left: np.ndarray
    end: np.ndarray
    file_index: np.ndarray
    line: np.ndarray
    lists: tuple[str, ...]
    parks: tuple[str, ...]
    files: tuple[str, ...]
    #: the data directory (as the user named it) that :attr:`files` are relative to; "" when they are as given
    root: str = ""

    def __post_init__(self) -> None:
        for arr in (self.firm, self.list_index, self.park_index, self.entered, self.left, self.end):
            arr.setflags(write=False)
        for arr in (self.file_index, self.line):
            arr.setflags(write=False)

    def __len__(self) -> int:
        return len(self.entered)

    def list_code(self, list_id: str) -> int | None:
        """The index of ``list_id`` in :attr:`lists`, or None when no row is on that list."""
        try:
            return self.lists.index(list_id)
        except ValueError:
            return None

    def has_list(self, list_id: str) -> bool:
        return self.list_code(list_id) is not None

    def where(self, row: int) -> str:
        """``path:line`` of a row, as users see it (relative to the working directory when below it)."""
        from zzgx_plan.core.problems import display_path

        file = self.files[int(self.file_index[row])]
        return f"{display_path(os.path.join(self.root, file) if self.root else file)}:{int(self.line[row])}"

    @property
    def latest_day(self) -> int | None:
        """The latest date any row mentions (entry or 出库日期): how far the register reaches."""
        if len(self) == 0:
            return None
        return int(max(self.entered.max(), self.left.max()))


def empty_register(files: tuple[str, ...] = ()) -> Register:
    """A register with no rows (no files, or only empty ones)."""
    i32 = np.zeros(0, dtype=np.int32)
    i16 = np.zeros(0, dtype=np.int16)
    text = pa.array([], pa.string())
    return Register(
        uscc=text,
        name=text,
        source=text,
        firm=i32.copy(),
        list_index=i16.copy(),
        park_index=i16.copy(),
        entered=i32.copy(),
        left=i32.copy(),
        end=i32.copy(),
        file_index=i16.copy(),
        line=i32.copy(),
        lists=(),
        parks=(),
        files=files,
    )
