"""The load cache returns exactly what loading returns, and never a stale result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from zzgx_plan.load import cache, load


def test_cache_hit_equals_fresh_load(data_dir: Path) -> None:
    fresh = load(data_dir, use_cache=False)
    first = load(data_dir)  # writes the cache
    files = list(Path(os.environ["PLAN_CACHE_DIR"]).glob("load-*.json"))
    assert files
    again = load(data_dir)  # reads it
    assert again == first == fresh
    assert again is not first


def test_changed_file_invalidates(data_dir: Path) -> None:
    before = load(data_dir)
    path = data_dir / "actuals" / "2024.csv"
    # same size, new content: only the bytes differ
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("gazelles,2024-Q3,322", "gazelles,2024-Q3,323"), encoding="utf-8")
    after = load(data_dir)
    value = {str(o.period): o.value for o in after.data.observations if o.indicator == "gazelles"}
    assert value["2024-Q3"] == 323
    assert before.data != after.data


def test_added_and_removed_files_invalidate(data_dir: Path) -> None:
    load(data_dir)
    extra = data_dir / "actuals" / "extra.csv"
    extra.write_text("indicator,period,value\nunicorns,2024-Q3,x\n", encoding="utf-8")
    assert [p.code for p in load(data_dir).problems] == ["bad-number"]
    extra.unlink()
    assert load(data_dir).problems == []


def test_corrupt_cache_is_ignored(data_dir: Path) -> None:
    load(data_dir)
    for f in Path(os.environ["PLAN_CACHE_DIR"]).glob("load-*.json"):
        f.write_bytes(b"not json")
    assert load(data_dir) == load(data_dir, use_cache=False)


def test_cache_can_be_turned_off(data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLAN_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("PLAN_CACHE", "off")
    assert cache.cache_dir() is None
    load(data_dir)
    assert not (tmp_path / "c").exists()


def test_unwritable_cache_does_not_fail(data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("PLAN_CACHE_DIR", str(blocker / "sub"))  # a directory below a file cannot exist
    assert load(data_dir).ok
