"""What the warm path of ``plan status`` imports: nothing heavy (the speed budget depends on it).

Speed itself is measured by benchmarks/latency.py, never asserted here; this test guards the cause.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SHIPPED_DATA

HEAVY = (
    "pydantic",
    "pydantic_core",
    "pydantic._internal._generate_schema",
    "yaml",
    "pyarrow",
    "numpy",
    "openpyxl",
    "docx",
    "charset_normalizer",
    "filelock",
    "rich.console",  # the status table is drawn by render/boxtable: rich's console and table cost ~20 ms
    "rich.table",
    "python_calamine",  # .xls / .et submissions only
    "olefile",
)

_RUN = """
import atexit, json, sys
def _report():
    with open({out!r}, "w") as fh:
        json.dump(sorted(m for m in {heavy!r} if m in sys.modules), fh)
atexit.register(_report)
sys.argv = ["plan", "status", "2024", "--data", {data!r}]
from zzgx_plan.cli import main
main()
"""


def _imported(out: Path, cache: Path) -> list[str]:
    env = {**os.environ, "PLAN_CACHE_DIR": str(cache)}
    env.pop("PLAN_CACHE", None)
    code = _RUN.format(out=str(out), heavy=HEAVY, data=str(SHIPPED_DATA))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_warm_plan_status_imports_nothing_heavy(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _imported(tmp_path / "cold.json", cache)
    # the first run parses and validates (and fills the cache): with pydantic's schemas kept as source
    # (zzgx_plan.core.schemas), pydantic-core validates without pydantic building them
    assert "pydantic_core" in cold and "yaml" in cold
    assert "pydantic._internal._generate_schema" not in cold
    assert "rich.console" not in cold and "rich.table" not in cold
    assert _imported(tmp_path / "warm.json", cache) == []
