"""The frozen 2024-Q3 fixture holds the shipped plan: only its figures are frozen."""

from __future__ import annotations

import pytest

from .conftest import EXAMPLE_2024Q3, REPO_DATA


@pytest.mark.parametrize("name", ["measures.yaml", "targets.yaml"])
def test_the_frozen_fixture_has_the_shipped_plan(name: str) -> None:
    assert (EXAMPLE_2024Q3 / name).read_bytes() == (REPO_DATA / name).read_bytes(), (
        f"the plan changed: cp data/{name} tests/fixtures/example-2024q3/{name}"
    )
