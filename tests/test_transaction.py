"""All-or-nothing multi-file commits under the data directory lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from zzgx_plan.files import transaction
from zzgx_plan.files.transaction import JOURNAL_NAME, commit_files, data_lock, recover


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root except the lock file, with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != transaction.LOCK_NAME
    }


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    (root / "actuals").mkdir(parents=True)
    (root / "actuals" / "2024.csv").write_bytes(b"indicator,period,value\ngazelles,2024-Q1,10\n")
    return root


def test_commit_writes_all_files_and_leaves_no_temporaries(data: Path) -> None:
    with data_lock(data):
        written = commit_files(
            data,
            {
                "actuals/2024.csv": b"indicator,period,value\ngazelles,2024-Q1,10\ngazelles,2024-Q2,12\n",
                "progress/2024-Q2.yaml": b"entries: []\n",
            },
        )
    assert [p.relative_to(data).as_posix() for p in written] == ["actuals/2024.csv", "progress/2024-Q2.yaml"]
    assert snapshot(data) == {
        "actuals/2024.csv": b"indicator,period,value\ngazelles,2024-Q1,10\ngazelles,2024-Q2,12\n",
        "progress/2024-Q2.yaml": b"entries: []\n",
    }


def test_commit_with_a_relative_data_directory(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data.parent)
    with data_lock("data"):
        written = commit_files("data", {"actuals/2025.csv": b"indicator,period,value\n"})
    assert written == [data.resolve() / "actuals" / "2025.csv"]
    assert (data / "actuals" / "2025.csv").read_bytes() == b"indicator,period,value\n"


def test_unchanged_files_are_not_rewritten(data: Path) -> None:
    before = (data / "actuals" / "2024.csv").stat().st_mtime_ns
    with data_lock(data):
        written = commit_files(data, {"actuals/2024.csv": (data / "actuals" / "2024.csv").read_bytes()})
    assert written == []
    assert (data / "actuals" / "2024.csv").stat().st_mtime_ns == before


def test_paths_outside_the_data_directory_are_refused(data: Path) -> None:
    before = snapshot(data)
    with data_lock(data), pytest.raises(ValueError, match="outside the data directory"):
        commit_files(data, {"actuals/new.csv": b"x\n", "../escape.csv": b"y\n"})
    assert snapshot(data) == before
    assert not (data.parent / "escape.csv").exists()


def test_failure_while_writing_temporaries_changes_nothing(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(data)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(transaction, "atomic_write_text", boom)
    with data_lock(data), pytest.raises(OSError, match="No space"):
        commit_files(data, {"actuals/2024.csv": b"new\n", "actuals/2025.csv": b"new\n"})
    assert snapshot(data) == before


def test_recover_finishes_a_journalled_commit(data: Path) -> None:
    """A journal means the commit point was passed: the next writer completes the renames."""
    tmp = data / "actuals" / ".plan-tmp.2024.csv.abc.tmp"
    tmp.write_bytes(b"new\n")
    (data / JOURNAL_NAME).write_text(
        '[{"tmp": "actuals/.plan-tmp.2024.csv.abc.tmp", "target": "actuals/2024.csv"},'
        ' {"tmp": "actuals/.plan-tmp.2025.csv.def.tmp", "target": "actuals/2025.csv"}]',
        encoding="utf-8",
    )
    recover(data)
    assert snapshot(data) == {"actuals/2024.csv": b"new\n"}


def test_recover_removes_temporaries_of_an_uncommitted_write(data: Path) -> None:
    before = snapshot(data)
    (data / "actuals" / ".plan-tmp.2024.csv.abc.tmp").write_bytes(b"half")
    recover(data)
    assert snapshot(data) == before


_CHILD = textwrap.dedent(
    """
    import signal, sys, time
    from pathlib import Path
    from zzgx_plan.files import transaction

    # Ctrl-C as a terminal sends it, even when this test runs in the background (a shell starts background
    # jobs with SIGINT ignored, and Python keeps an ignored SIGINT ignored)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    data, marker, stage = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    real_journal, real_rename = transaction.atomic_write_text, transaction._rename
    renames = []

    def pause():
        marker.write_text("ready")
        time.sleep(120)

    def journal(*args, **kwargs):
        if stage == "before-journal":
            pause()
        real_journal(*args, **kwargs)

    def rename(tmp, target):
        renames.append(target)
        if stage == "mid-rename" and len(renames) == 2:
            pause()
        real_rename(tmp, target)

    transaction.atomic_write_text = journal
    transaction._rename = rename
    with transaction.data_lock(data):
        transaction.commit_files(data, {
            "actuals/2024.csv": b"indicator,period,value\\ngazelles,2024-Q1,10\\ngazelles,2024-Q2,12\\n",
            "actuals/2025.csv": b"indicator,period,value\\n",
            "progress/2024-Q2.yaml": b"entries: []\\n",
        })
    """
)


def _start_and_kill(data: Path, tmp_path: Path, stage: str, sig: int) -> None:
    marker = tmp_path / f"marker-{stage}"
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(data), str(marker), stage])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "child exited before reaching the write step"
            assert time.monotonic() < deadline, "child never reached the write step"
            time.sleep(0.05)
        os.kill(proc.pid, sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_before_commit_point_leaves_data_exactly_as_it_was(data: Path, tmp_path: Path, sig: int) -> None:
    before = snapshot(data)
    _start_and_kill(data, tmp_path, "before-journal", sig)
    after = snapshot(data)
    # Only our temporary files may be left behind (SIGKILL gives no chance to clean up) ...
    leftovers = {k for k in after if k not in before}
    assert all(Path(k).name.startswith(".plan-tmp.") for k in leftovers)
    assert {k: v for k, v in after.items() if k in before} == before
    # ... and the next writer removes them.
    with data_lock(data):
        pass
    assert snapshot(data) == before


def test_killed_during_renames_is_completed_by_next_writer(data: Path, tmp_path: Path) -> None:
    _start_and_kill(data, tmp_path, "mid-rename", signal.SIGKILL)
    assert (data / JOURNAL_NAME).exists()
    with data_lock(data):
        pass
    assert snapshot(data) == {
        "actuals/2024.csv": b"indicator,period,value\ngazelles,2024-Q1,10\ngazelles,2024-Q2,12\n",
        "actuals/2025.csv": b"indicator,period,value\n",
        "progress/2024-Q2.yaml": b"entries: []\n",
    }


def test_lock_serialises_writers(data: Path) -> None:
    with data_lock(data), pytest.raises(transaction.DataLocked), data_lock(data, timeout=0):
        pass
