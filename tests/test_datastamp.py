"""The data's latest change, as a report states it."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from zzgx_plan.report.datastamp import StampSource, data_stamp


def _touch(path: Path, when: dt.datetime, text: str = "x\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    ts = when.timestamp()
    os.utime(path, (ts, ts))


def test_source_date_epoch_wins(tmp_path: Path) -> None:
    stamp = data_stamp(tmp_path, {"SOURCE_DATE_EPOCH": "1728345600"})
    assert stamp.source is StampSource.ENV
    assert stamp.date == "2024-10-08"
    assert stamp.label_zh == "2024-10-08（指定日期）"


def test_newest_mtime_outside_git(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _touch(data / "a.yaml", dt.datetime(2024, 7, 1, 12, tzinfo=dt.UTC))
    _touch(data / "progress" / "b.yaml", dt.datetime(2024, 10, 9, 12, tzinfo=dt.UTC))
    _touch(data / ".hidden", dt.datetime(2030, 1, 1, tzinfo=dt.UTC))  # editor droppings do not count
    stamp = data_stamp(data, {"SOURCE_DATE_EPOCH": "not a number"})
    assert stamp.source is StampSource.MTIME
    assert stamp.date == "2024-10-09"


def test_empty_directory(tmp_path: Path) -> None:
    stamp = data_stamp(tmp_path, {})
    assert stamp.source is StampSource.NONE and stamp.date == "未知"


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_commit_date_when_clean(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2024-10-08T09:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-10-08T09:00:00+00:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, env=env, capture_output=True)

    git("init", "-q")
    _touch(tmp_path / "data" / "a.yaml", dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    git("add", "-A")
    git("commit", "-qm", "data")
    stamp = data_stamp(tmp_path / "data", {})
    assert stamp.source is StampSource.GIT
    assert stamp.date == "2024-10-08"
    # an uncommitted edit: the commit date would not describe the data any more
    _touch(tmp_path / "data" / "a.yaml", dt.datetime(2031, 5, 6, tzinfo=dt.UTC), "edited\n")
    stamp = data_stamp(tmp_path / "data", {})
    assert stamp.source is StampSource.MTIME
    assert stamp.date == "2031-05-06"
