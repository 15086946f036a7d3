"""Wall time of ``plan report 2024-Q3`` on the shipped data, Markdown and Word, plus start-up cost.

Runs each command N times (alternating) in fresh processes and prints the medians, next to
``plan --help`` (start-up only), so the report's own cost can be read off. No budget is
enforced; the numbers go into the issue report.

    python benchmarks/report_time.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    plan = Path(sys.executable).parent / "plan"
    base = [str(plan)] if plan.exists() else [sys.executable, "-m", "zzgx_plan"]
    data = str(REPO / "data")
    with tempfile.TemporaryDirectory() as tmp:
        report = [*base, "report", "2024-Q3", "--data", data, "--force", "-o"]
        commands = {
            "plan --help": [*base, "--help"],
            "plan report 2024-Q3 (md)": [*report, f"{tmp}/r.md"],
            "plan report 2024-Q3 (docx)": [*report, f"{tmp}/r.docx"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                start = time.perf_counter()
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - start)
    for name, values in times.items():
        print(f"{name:28} median {statistics.median(values) * 1000:7.1f} ms over {len(values)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
