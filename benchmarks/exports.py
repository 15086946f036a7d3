"""Wall time of the picture and workbook outputs on the shipped data, without any cache (issue: Excel out,
pictures in, §4): ``plan status 2024 --format xlsx`` (budget 1.5 s), ``plan report 2024-Q3 --format docx``
with its charts (4 s) and ``--format html`` (3 s), the final evaluation report ``plan report 2023-2025`` in
Word and HTML (the same budgets), next to ``plan status 2024`` in the terminal.

Each command runs N times (alternating) in fresh processes with ``PLAN_CACHE=off`` (no load or register
cache) and the medians are printed with the budget. Information, not a gate: a shared machine's timings vary.

    python benchmarks/exports.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    plan = Path(sys.executable).parent / "plan"
    base = [str(plan)] if plan.exists() else [sys.executable, "-m", "zzgx_plan"]
    data = str(REPO / "data")
    env = {**os.environ, "PLAN_CACHE": "off", "PYTHONPATH": str(REPO / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        runs: list[tuple[list[str], str | None, float | None]] = [  # (arguments, file written, budget in s)
            (["status", "2024"], None, None),
            (["status", "2024", "--format", "xlsx"], "s.xlsx", 1.5),
            (["report", "2024-Q3", "--format", "docx"], "r.docx", 4.0),
            (["report", "2024-Q3", "--format", "html"], "r.html", 3.0),
            # the final evaluation report: three years, 17 indicators, three charts (the same budgets)
            (["report", "2023-2025", "--format", "docx"], "f.docx", 4.0),
            (["report", "2023-2025", "--format", "html"], "f.html", 3.0),
        ]
        commands: dict[str, tuple[list[str], float | None]] = {}
        for words, written, budget in runs:
            output = ["--force", "-o", f"{tmp}/{written}"] if written else []
            name = "plan " + " ".join(words) + ("" if written else " (terminal)")
            commands[name] = ([*base, *words, *output, "--data", data], budget)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (cmd, _budget) in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
                times[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    # CPU time (user + system) next to the wall time: on a busy shared machine the wall time includes the
    # time spent waiting for a core, the CPU time does not
    for name, values in times.items():
        budget = commands[name][1]
        median = statistics.median(values)
        verdict = "" if budget is None else f"  budget {budget:.1f} s: {'ok' if median <= budget else 'OVER'}"
        print(
            f"{name:38} median {median:6.2f} s (CPU {statistics.median(cpu[name]):5.2f} s)"
            f" over {len(values)} runs{verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
