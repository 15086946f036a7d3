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

SOURCE_NAME = "zzgx-market-entities-plan-2023-2025.txt"


def find_source_document() -> Path | None:
    """The plan's source document: ``shared/source/`` beside the checkout (CI has it as ``../shared``), or
    beside a folder further up (a worktree under ``wt/``); ``PLAN_SOURCE_DIR`` names another folder."""
    import os

    folders = [Path(os.environ["PLAN_SOURCE_DIR"])] if os.environ.get("PLAN_SOURCE_DIR") else []
    folders += [parent / "shared" / "source" for parent in REPO.parents]
    return next((folder / SOURCE_NAME for folder in folders if (folder / SOURCE_NAME).is_file()), None)


SOURCE_DOCUMENT = find_source_document()


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


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """Say plainly when the tests that compare the data with the source document did not run."""
    if SOURCE_DOCUMENT is None:
        skipped = [r for r in terminalreporter.stats.get("skipped", []) if "source document" in str(r.longrepr)]
        terminalreporter.write_line(
            f"NOTE: the source document {SOURCE_NAME} was not found in shared/source/ beside the checkout "
            f"(or PLAN_SOURCE_DIR): {len(skipped)} test(s) comparing the data with it were SKIPPED.",
            yellow=True,
            bold=True,
        )
