"""Start-up latency of ``plan status 2024`` on the shipped data, relative to bare imports.

Runs ``plan status 2024`` and ``python -c "import typer, rich, pydantic, yaml"`` alternately,
N times each, in the same run, and prints the medians and their ratios. The budgets are a
ratio of at most 1.6 warm and 2.0 cold: heavy imports (pandas, openpyxl, docx) must stay off
the path of commands that do not need them.

``plan`` caches load results keyed by the data's bytes (zzgx_plan.load.cache), so repeated
runs on unchanged data — the analyst's case — skip YAML parsing and validation (warm). The
first run after an edit, every pre-commit hook and every CI run parse and validate everything
(cold, measured with ``PLAN_CACHE=off``). The exit status follows the warm budget; .ci/run
prints both ratios as information.

    python benchmarks/latency.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUDGET = 1.6
COLD_BUDGET = 2.0


def plan_command() -> list[str]:
    script = Path(sys.executable).parent / "plan"
    if script.exists():
        return [str(script)]
    found = shutil.which("plan")
    return [found] if found else [sys.executable, "-m", "zzgx_plan"]


def time_once(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    status = [*plan_command(), "status", "2024", "--data", str(REPO / "data")]
    imports = [sys.executable, "-c", "import typer, rich, pydantic, yaml"]
    cold_env = {**os.environ, "PLAN_CACHE": "off"}
    time_once(status)  # warm the file cache, bytecode and the load cache
    time_once(imports)
    t_status, t_cold, t_imports = [], [], []
    for _ in range(args.runs):
        t_status.append(time_once(status))
        t_imports.append(time_once(imports))
        t_cold.append(time_once(status, cold_env))
    m_status, m_cold, m_imports = (statistics.median(t) for t in (t_status, t_cold, t_imports))
    ratio = m_status / m_imports
    print(f"plan status 2024 (cached):   median {m_status * 1000:7.1f} ms over {args.runs} runs")
    cold = m_cold / m_imports
    print(
        f"plan status 2024 (no cache): median {m_cold * 1000:7.1f} ms  ratio {cold:.2f} (budget {COLD_BUDGET})  "
        f"{'OK' if cold <= COLD_BUDGET else 'OVER BUDGET'}"
    )
    print(f"import typer, rich, ...:     median {m_imports * 1000:7.1f} ms")
    print(f"ratio: {ratio:.2f} (budget {BUDGET})  {'OK' if ratio <= BUDGET else 'OVER BUDGET'}")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
