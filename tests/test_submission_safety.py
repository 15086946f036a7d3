"""Concurrent plan import / plan record runs all land; a run killed at the write step changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from zzgx_plan.files.transaction import data_lock
from zzgx_plan.load import load

from .test_submission import csv_rows, snapshot

RUN_PLAN = "import sys; from zzgx_plan.cli import main; main()"


def plan_process(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", RUN_PLAN, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_imports_and_records_all_land(data_dir: Path, tmp_path: Path) -> None:
    files = []
    for i, (indicator, value) in enumerate([("高新技术企业总量", "2310"), ("科技型中小企业总量", "3720")]):
        path = tmp_path / f"unit{i}.csv"
        path.write_text(f"指标,期间,数值\n{indicator},2024-Q4,{value}\n", encoding="utf-8")
        files.append(path)
    records = [("unicorns", "6"), ("gazelles", "335"), ("high_tech_reserve", "1130"), ("one_thing_services", "8")]
    # Hold the lock while starting every process, so that they all queue for it and then race.
    with data_lock(data_dir):
        procs = [plan_process("import", f, "--data", data_dir) for f in files]
        procs += [plan_process("record", ind, "2024-Q4", v, "--data", data_dir) for ind, v in records]
        time.sleep(1.0)  # let them start and block on the lock (a wait, not an assertion)
    outcomes = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, outcomes
    q4 = {(r["indicator"], r["value"]) for r in csv_rows(data_dir / "actuals" / "2024.csv") if r["period"] == "2024-Q4"}
    assert q4 == {
        ("high_tech_enterprises", "2310"),
        ("tech_smes", "3720"),
        ("unicorns", "6"),
        ("gazelles", "335"),
        ("high_tech_reserve", "1130"),
        ("one_thing_services", "8"),
    }
    assert load(data_dir).ok


_PAUSED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from zzgx_plan.files import transaction
    from zzgx_plan.cli import main

    marker = Path(sys.argv.pop(1))
    real = transaction.atomic_write_text

    def paused_journal(*args, **kwargs):
        # Every new file is written to its temporary file; stop just before the commit point.
        marker.write_text("at the write step")
        time.sleep(120)
        real(*args, **kwargs)

    transaction.atomic_write_text = paused_journal
    main()
    """
)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_import_killed_at_the_write_step_leaves_data_as_it_was(data_dir: Path, tmp_path: Path, sig: int) -> None:
    submission = tmp_path / "s.csv"
    submission.write_text("指标,期间,数值\nunicorns,2024-Q4,6\ngazelles,2024-Q4,335\n", encoding="utf-8")
    progress = tmp_path / "p.csv"
    progress.write_text(
        "措施编号,进展状态,进展情况,报送单位,期间\n9,推进中,申报中,创新发展局,2024-Q4\n", encoding="utf-8"
    )
    before = snapshot(data_dir)
    marker = tmp_path / "marker"
    out = err = b""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _PAUSED_IMPORT,
            str(marker),
            "import",
            str(submission),
            str(progress),
            "--data",
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the import never reached the write step"
            time.sleep(0.05)
        # Both new files exist as temporaries at this point.
        assert len(list(data_dir.rglob(".plan-tmp.*"))) == 2
        os.kill(proc.pid, sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0, (out, err)
    after = {k: v for k, v in snapshot(data_dir).items() if not Path(k).name.startswith(".plan-tmp.")}
    assert after == before
    assert load(data_dir).ok

    # The next writer clears what the killed one left and works normally.
    nxt = plan_process("record", "unicorns", "2024-Q4", "6", "--data", data_dir)
    assert nxt.wait(timeout=120) == 0, nxt.communicate()
    assert not list(data_dir.rglob(".plan-tmp.*"))
    assert not (data_dir / "progress" / "2024-Q4.yaml").exists()
    assert csv_rows(data_dir / "actuals" / "2024.csv")[-1]["indicator"] == "unicorns"


def test_staging_reads_no_registers_and_leaves_no_cache(
    cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("PLAN_CACHE_DIR", str(cache_dir))
    # A register entry that cannot be copied (a link to nowhere): imports never read data/registers/,
    # so the staged load must not copy it (a register may hold millions of rows).
    (data_dir / "registers" / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    path = tmp_path / "fix.csv"
    path.write_text("指标,期间,数值\nunicorns,2024-Q4,6\n", encoding="utf-8")
    done = cli("import", path, "--data", data_dir)
    assert done.exit_code == 0, done.stderr
    assert csv_rows(data_dir / "actuals" / "2024.csv")[-1]["value"] == "6"
    # one load cache file: the data directory's own; the staged copy (a temporary folder) left none
    assert len(list(cache_dir.glob("load-*"))) == 1
