"""pandas DataFrames of register results for notebooks (the optional ``[pandas]`` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zzgx_plan.registers.plan import FirmList
from zzgx_plan.registers.render import listing_to_dict
from zzgx_plan.render.frames import records_frame

if TYPE_CHECKING:
    import pandas

FIRM_COLUMNS = ["uscc", "name", "list", "park", "entered_on", "left_on", "end", "source", "where"]


def firms_frame(found: FirmList) -> pandas.DataFrame:
    """One row per firm behind a count (``firms_behind(...)``): the firms of ``plan firms --format json``."""
    frame = records_frame([listing_to_dict(item) for item in found.firms], FIRM_COLUMNS)
    frame.attrs.update(list=found.indicator.id, as_of=found.as_of.isoformat(), example_data=found.example)
    return frame
