"""The fuzz suite (#14 "Keep it true"): mutated actuals CSV, targets/measures YAML, progress YAML, register
CSV and submission workbooks/CSV never give a traceback, an internal error, an exit code outside {0, 1, 2}
or an unlocated message; a hang fails the case after a generous guard (not a timing assertion).

Seeded (the same cases on every machine). ``FUZZ_SCALE`` multiplies the number of cases (default 1: about
two minutes on a 2-core machine); ``FUZZ_SEED`` picks another set; ``scripts/fuzz.py`` runs it outside pytest.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import EXAMPLE_2024Q3
from .support.fuzzing import TARGETS, Tally, Target, build_corpus, run_target

GUARD_SECONDS = 60
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
SEED = int(os.environ.get("FUZZ_SEED", "14"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(EXAMPLE_2024Q3, tmp_path_factory.mktemp("fuzz-corpus"))


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAN_CACHE", "off")  # every case is new data: caching would only write files


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_fuzz(target: Target, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scaled = Target(target.name, target.seed, max(1, round(target.cases * SCALE)))
    tally = Tally()
    run_target(scaled, corpus, tmp_path, SEED, GUARD_SECONDS, tally)
    with capsys.disabled():
        print(f"\nfuzz {target.name}: {tally.summary()}")
    assert tally.cases == scaled.cases
    assert not tally.failures, "\n\n".join(tally.failures[:5])
