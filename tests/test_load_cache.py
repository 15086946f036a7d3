"""The load cache returns exactly what loading returns, and never a stale result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from zzgx_plan.load import cache, data_files, load


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
    keys: list[Path] = []
    monkeypatch.setattr(cache, "data_key", lambda files, root: keys.append(root) or "")
    load(data_dir)
    assert not (tmp_path / "c").exists()
    assert keys == []  # no key is worked out either: that would read every data file a second time


def test_unwritable_cache_does_not_fail(data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("PLAN_CACHE_DIR", str(blocker / "sub"))  # a directory below a file cannot exist
    assert load(data_dir).ok


# ---------------------------------------------------------------- a cache is data, never code


def _own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    directory = tmp_path / "own-cache"
    monkeypatch.setenv("PLAN_CACHE_DIR", str(directory))
    return directory


def test_a_cache_file_cannot_run_code(data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pickle

    directory = _own_cache(monkeypatch, tmp_path)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {marker}",))

    directory.mkdir(mode=0o700)
    key = cache.data_key(data_files(data_dir), data_dir)
    cache_file = cache._cache_file(directory, data_dir)
    cache_file.write_bytes(pickle.dumps((key, Payload())))  # what a hostile writer of the cache would leave
    assert load(data_dir) == load(data_dir, use_cache=False)
    assert not marker.exists()


def test_a_cache_file_naming_other_types_is_not_used(data_dir: Path, monkeypatch, tmp_path: Path) -> None:
    import json

    directory = _own_cache(monkeypatch, tmp_path)
    load(data_dir)  # writes the cache
    cache_file = next(directory.glob("load-*.json"))
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    stored["value"] = {"$": "Popen", "args": ["touch", str(tmp_path / "ran")]}
    cache_file.write_text(json.dumps(stored), encoding="utf-8")
    assert load(data_dir) == load(data_dir, use_cache=False)
    assert not (tmp_path / "ran").exists()


def test_a_cache_directory_others_may_write_is_ignored_with_one_warning(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _own_cache(monkeypatch, tmp_path)
    directory.mkdir()
    directory.chmod(0o777)  # a shared cache folder: anyone could plant a result there
    cache._warned.clear()
    assert load(data_dir) == load(data_dir, use_cache=False)
    load(data_dir)
    assert list(directory.iterdir()) == []  # neither read nor written
    warnings = capsys.readouterr().err.splitlines()
    assert warnings == [
        f"plan: 警告：缓存 {directory} 其他用户可以写入，已忽略（不读不写）；可删除它或设置 PLAN_CACHE_DIR"
    ]


@pytest.mark.skipif(os.getuid() != 0, reason="giving a file to another user needs root")
def test_a_cache_file_of_another_user_is_ignored(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = _own_cache(monkeypatch, tmp_path)
    load(data_dir)
    cache_file = next(directory.glob("load-*.json"))
    text = cache_file.read_text(encoding="utf-8")
    cache_file.write_text(text.replace('"v": 322', '"v": 999'), encoding="utf-8")  # a planted figure
    os.chown(cache_file, 65534, 65534)
    cache._warned.clear()
    value = {str(o.period): o.value for o in load(data_dir).data.observations if o.indicator == "gazelles"}
    assert value["2024-Q3"] == 322
    assert "不属于当前用户，已忽略" in capsys.readouterr().err


def test_the_cache_does_not_depend_on_the_working_directory(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import zzgx_plan.load as loader

    directory = _own_cache(monkeypatch, tmp_path)
    (data_dir / "actuals" / "extra.csv").write_text("indicator,period,value\nunicorns,2024-Q3,x\n", encoding="utf-8")
    monkeypatch.chdir(data_dir.parent)
    first = load("data")
    assert [p.format() for p in first.problems] == [
        "data/actuals/extra.csv:2: bad-number: 完成值“x”不是数字；请填写阿拉伯数字，如 17000"
    ]
    # figures are located relative to the data directory (extra.csv has no valid row)
    assert {o.path for o in first.data.observations} == {"actuals/2022.csv", "actuals/2023.csv", "actuals/2024.csv"}

    def no_reading(root: Path) -> None:
        raise AssertionError("read the files again instead of the cache")

    monkeypatch.setattr(loader, "_load_files", no_reading)
    monkeypatch.chdir(data_dir / "actuals")
    again = load("..")  # the same data directory named from elsewhere: the same cache entry
    assert [p.format() for p in again.problems] == [
        "extra.csv:2: bad-number: 完成值“x”不是数字；请填写阿拉伯数字，如 17000"
    ]
    assert len(list(directory.glob("load-*.json"))) == 1
