"""The register cache: reused while files are unchanged, rebuilt whenever anything changes."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.registers_helpers import SHIFO, WUTONG, A, B, row, write_register
from zzgx_plan.core.periods import Period
from zzgx_plan.registers import cache
from zzgx_plan.registers.count import count
from zzgx_plan.registers.load import load_registers
from zzgx_plan.registers.model import RegisterRules

RULES = RegisterRules(valid_years={"high_tech_enterprises": 3})


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are brand new; let the cache trust them (see cache.RACY_SECONDS)."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)


def settle() -> None:
    time.sleep(0.05)  # let the clock move past the files' change time


def load(tmp_path: Path, rules: RegisterRules = RULES):  # type: ignore[no-untyped-def]
    return load_registers(tmp_path / "registers", rules, tmp_path / ".zzgx-cache")


def q4(result) -> int:  # type: ignore[no-untyped-def]
    return count(result.register, "tech_smes", Period.parse("2023-Q4")).total


@pytest.mark.usefixtures("no_racy_window")
def test_second_run_uses_the_cache_and_gives_the_same_answer(tmp_path: Path) -> None:
    write_register(tmp_path / "registers", "r.csv", [row(A, "甲", "tech_smes", SHIFO, "2023-01-01"), "9135,x"])
    settle()
    first = load(tmp_path)
    assert not first.from_cache and (tmp_path / ".zzgx-cache" / cache.CACHE_FILE).exists()
    second = load(tmp_path)
    assert second.from_cache
    assert [p.format() for p in second.problems] == [p.format() for p in first.problems]
    assert second.register.uscc.to_pylist() == first.register.uscc.to_pylist() == [A]
    assert second.register.end.tolist() == first.register.end.tolist()


@pytest.mark.usefixtures("no_racy_window")
def test_a_changed_file_of_the_same_size_invalidates_the_cache(tmp_path: Path) -> None:
    path = write_register(tmp_path / "registers", "r.csv", [row(A, "甲", "tech_smes", SHIFO, "2023-01-01")])
    settle()
    assert q4(load(tmp_path)) == 1
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("2023-01-01", "2024-01-01"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # even with the old mtime restored
    assert path.stat().st_size == before.st_size
    settle()
    again = load(tmp_path)
    assert not again.from_cache and q4(again) == 0


@pytest.mark.usefixtures("no_racy_window")
def test_added_or_removed_files_and_changed_rules_invalidate_the_cache(tmp_path: Path) -> None:
    write_register(tmp_path / "registers", "a.csv", [row(A, "甲", "tech_smes", SHIFO, "2023-01-01")])
    settle()
    assert q4(load(tmp_path)) == 1
    extra = write_register(tmp_path / "registers", "b.csv", [row(B, "乙", "tech_smes", WUTONG, "2023-01-01")])
    settle()
    result = load(tmp_path)
    assert not result.from_cache and q4(result) == 2
    extra.unlink()
    result = load(tmp_path)
    assert not result.from_cache and q4(result) == 1
    assert load(tmp_path).from_cache
    other_rules = RegisterRules(parks={SHIFO: SHIFO})
    assert not load(tmp_path, other_rules).from_cache


def test_no_cache_is_written_while_the_files_are_fresh(tmp_path: Path) -> None:
    write_register(tmp_path / "registers", "r.csv", [row(A, "甲", "tech_smes", SHIFO, "2023-01-01")])
    assert not load(tmp_path).from_cache
    assert not (tmp_path / ".zzgx-cache" / cache.CACHE_FILE).exists()


@pytest.mark.usefixtures("no_racy_window")
def test_a_damaged_or_unwritable_cache_falls_back_to_the_files(tmp_path: Path) -> None:
    write_register(tmp_path / "registers", "r.csv", [row(A, "甲", "tech_smes", SHIFO, "2023-01-01")])
    settle()
    load(tmp_path)
    (tmp_path / ".zzgx-cache" / cache.CACHE_FILE).write_bytes(b"not arrow")
    result = load(tmp_path)
    assert not result.from_cache and q4(result) == 1
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory should be")
    result = load_registers(tmp_path / "registers", RULES, blocked / "cache")
    assert not result.from_cache and q4(result) == 1


@pytest.mark.usefixtures("no_racy_window")
def test_a_cached_register_is_shown_from_any_working_directory(
    cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_registers_cli import small_registers

    monkeypatch.setenv("PLAN_CACHE_DIR", str(tmp_path / "cache"))
    small_registers(data_dir)
    settle()

    def where(data: str) -> str:
        result = cli("firms", "high_tech_enterprises", "--as-of", "2024-Q1", "--format", "json", "--data", data)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)["firms"][1]["where"]

    monkeypatch.chdir(data_dir.parent)
    assert where("data") == "data/registers/r.csv:5"  # builds the cache
    assert len(list((tmp_path / "cache").glob("registers-*/registers.arrow"))) == 1
    monkeypatch.chdir(data_dir / "registers")
    assert where("..") == "r.csv:5"  # from the cache, shown from here
    assert len(list((tmp_path / "cache").glob("registers-*/registers.arrow"))) == 1
