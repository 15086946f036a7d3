"""Wall time and peak memory of ``plan status 2024 --by park`` on synthetic registers.

Generates registers of 10^4, 10^5 and 10^6 rows (valid 统一社会信用代码, four parks, six
lists; see tests.support.synthetic_registers) next to a copy of the shipped plan data, then runs
``plan status 2024 --by park`` as a subprocess on each:

* cold — every cache off (``PLAN_CACHE=off``): read, check and count from the CSV;
* warm — with the caches, after one run that wrote them (unchanged files).

For each it prints the median wall time and the peak RSS of the child (from ``wait4``),
and the growth from one size to the next. Targets on the 2-core machine: 10^6 rows in at
most 3 s and 1 GB, growth no worse than linear (10x rows <= 10x time). Numbers only; this
script asserts nothing.

    python benchmarks/registers.py [--runs 3] [--sizes 10000 100000 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 3.0
TARGET_MB = 1024


def plan_command() -> list[str]:
    script = Path(sys.executable).parent / "plan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "zzgx_plan"]


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr}")
    return wall, usage.ru_maxrss / 1024


def make_data(root: Path, rows: int) -> Path:
    """A copy of the shipped plan data whose registers are one synthetic file of ``rows`` rows.

    Generated in a child process: a child forked from a big parent would report the parent's
    memory as its own peak RSS.
    """
    data = root / f"data-{rows}"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("registers"))
    code = (
        "import sys; from pathlib import Path; "
        "from tests.support.synthetic_registers import write_benchmark_register as w; "
        "w(Path(sys.argv[1]), int(sys.argv[2]))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(data / "registers" / "synthetic.csv"), str(rows)], check=True, cwd=REPO
    )
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="zzgx-registers-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        datasets = []
        for rows in args.sizes:
            t0 = time.perf_counter()
            data = make_data(root, rows)
            size_mb = (data / "registers" / "synthetic.csv").stat().st_size / 2**20
            print(f"generated {rows:>9,} rows ({size_mb:6.1f} MB) in {time.perf_counter() - t0:5.1f} s")
            datasets.append((rows, data))
        time.sleep(2.5)  # files younger than 2 s are never cached (see zzgx_plan.registers.cache)
        cache = root / "cache"
        cold_env = {**os.environ, "PLAN_CACHE": "off"}
        warm_env = {**os.environ, "PLAN_CACHE_DIR": str(cache)}
        warm_env.pop("PLAN_CACHE", None)
        base = [*plan_command(), "status", "2024", "--data"]
        plain_wall = statistics.median(run_once([*base, str(REPO / "data")], cold_env)[0] for _ in range(args.runs))
        print(f"\nplan status 2024 (no registers, caches off): {plain_wall:.2f} s\n")
        print(f"{'rows':>10} {'cold s':>8} {'cold MB':>8} {'warm s':>8} {'warm MB':>8} {'cold growth':>12}")
        previous = None
        results = []
        for rows, data in datasets:
            cmd = [*base, str(data), "--by", "park"]
            run_once(cmd, cold_env)  # file cache warm-up, not counted
            cold = [run_once(cmd, cold_env) for _ in range(args.runs)]
            run_once(cmd, warm_env)  # writes the caches
            warm = [run_once(cmd, warm_env) for _ in range(args.runs)]
            c_wall, c_mb = statistics.median(w for w, _ in cold), max(m for _, m in cold)
            w_wall, w_mb = statistics.median(w for w, _ in warm), max(m for _, m in warm)
            growth = ""
            if previous is not None:
                growth = f"x{c_wall / previous[1]:.2f} for x{rows / previous[0]:.0f}"
            print(f"{rows:>10,} {c_wall:>8.2f} {c_mb:>8.0f} {w_wall:>8.2f} {w_mb:>8.0f} {growth:>12}")
            previous = (rows, c_wall)
            results.append((rows, c_wall, c_mb, w_wall, w_mb))
        big = [r for r in results if r[0] >= 1_000_000]
        if big:
            rows, c_wall, c_mb, w_wall, w_mb = big[-1]
            ok = c_wall <= TARGET_SECONDS and c_mb <= TARGET_MB
            print(
                f"\n10^6 rows, first run: {c_wall:.2f} s, {c_mb:.0f} MB "
                f"(target {TARGET_SECONDS:.0f} s, {TARGET_MB} MB): {'within target' if ok else 'OVER TARGET'}"
            )
        load = os.getloadavg()
        print(f"load average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores, shared machine)")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
