"""When the plan data last changed: the date a report states instead of "now".

A report must be byte-for-byte the same for the same data, so it never prints
the time it was generated. It states when the data last changed instead:

1. ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds
   convention) when set — for golden files and release builds;
2. else, when the data directory sits in a git work tree and has no
   uncommitted changes, the committer date of the last commit that touched it
   (the same for every clone of that commit);
3. else the newest modification time of a file under it.

Dates are calendar dates in UTC.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class StampSource(StrEnum):
    ENV = "SOURCE_DATE_EPOCH"
    GIT = "git"
    MTIME = "mtime"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class DataStamp:
    """The data's latest change: when, and how that was found out."""

    when: dt.datetime | None  # UTC, None when the directory has no files
    source: StampSource

    @property
    def date(self) -> str:
        return self.when.date().isoformat() if self.when else "未知"

    @property
    def label_zh(self) -> str:
        how = {
            StampSource.ENV: "指定日期",
            StampSource.GIT: "数据入库记录",
            StampSource.MTIME: "文件修改时间",
            StampSource.NONE: "无文件",
        }[self.source]
        return f"{self.date}（{how}）"


def data_stamp(data_dir: str | Path, environ: dict[str, str] | None = None) -> DataStamp:
    """When the data under ``data_dir`` last changed (see the module docstring for the rules)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return DataStamp(dt.datetime.fromtimestamp(int(epoch), dt.UTC), StampSource.ENV)
        except (ValueError, OverflowError, OSError):
            pass  # a malformed value is ignored, as reproducible-builds tools do
    root = Path(data_dir)
    when = _git_date(root)
    if when is not None:
        return DataStamp(when, StampSource.GIT)
    when = _newest_mtime(root)
    return DataStamp(when, StampSource.MTIME if when else StampSource.NONE)


def _git_date(root: Path) -> dt.datetime | None:
    """Committer date of the last commit touching ``root``, if it is committed and clean (asked through
    :mod:`zzgx_plan.review.git`, the one place that runs git)."""
    if not root.is_dir():
        return None
    from zzgx_plan.review.git import last_change

    stamp = last_change(root)
    return dt.datetime.fromtimestamp(stamp, dt.UTC) if stamp is not None else None


def _newest_mtime(root: Path) -> dt.datetime | None:
    newest: float | None = None
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
                mtime = path.stat().st_mtime
                newest = mtime if newest is None else max(newest, mtime)
    return dt.datetime.fromtimestamp(newest, dt.UTC) if newest is not None else None
