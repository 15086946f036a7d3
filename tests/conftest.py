"""Shared fixtures: a private copy of the shipped data, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zzgx_plan.cli import app

REPO = Path(__file__).resolve().parent.parent
# The example data as shipped up to 2024-Q3 (2024-Q4 still empty), frozen when data/ was extended
# through 2025: the tests written against it keep their meaning. `REPO_DATA` is what ships today.
EXAMPLE_2024Q3 = REPO / "tests" / "fixtures" / "example-2024q3"
SHIPPED_DATA = EXAMPLE_2024Q3
REPO_DATA = REPO / "data"


@pytest.fixture(autouse=True, scope="session")
def _private_load_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never touch the user's cache: the load cache goes to a temporary directory."""
    import os

    os.environ["PLAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("plan-cache"))
    os.environ.pop("PLAN_CACHE", None)
    os.environ.pop("COLUMNS", None)  # piped output honours COLUMNS: tests see the fixed pipe width


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the frozen 2024-Q3 example data (:data:`EXAMPLE_2024Q3`) that a test may change freely."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, target)
    return target


class Cli:
    """Runs ``plan`` in-process; stdout and stderr are kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path):
        return self.runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()
