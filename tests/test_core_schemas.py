"""The plan is validated with pydantic's own schemas, kept as source so a cold run skips building them."""

from __future__ import annotations

import dataclasses

import pydantic_core
import pytest
from pydantic import TypeAdapter, ValidationError

from tests.conftest import SHIPPED_DATA
from tests.support.core_schemas import normalised
from zzgx_plan.core import models, schemas
from zzgx_plan.load import load


@pytest.mark.skipif(
    pydantic_core.__version__ != schemas.CORE_VERSION, reason="generated for another pydantic-core: pydantic builds"
)
@pytest.mark.parametrize("model", models.VALIDATED, ids=lambda m: m.__name__)
def test_the_kept_schemas_are_what_pydantic_generates(model: type) -> None:
    # stale after a model changed: run `python scripts/core_schemas.py`
    assert schemas.SCHEMAS[model.__name__] == normalised(TypeAdapter(model).core_schema)


def test_validation_refuses_as_pydantic_does() -> None:
    raw = {"id": "Bad Id", "name": "x", "origin": "document", "unit": "家", "kind": "stock"}
    with pytest.raises(ValidationError) as kept:
        models.Indicator.model_validate(raw)
    with pytest.raises(ValidationError) as built:
        TypeAdapter(models.Indicator).validate_python(raw)
    assert kept.value.errors() == built.value.errors()
    assert {e["loc"][0] for e in kept.value.errors()} >= {"direction", "measures", "lead_units", "targets"}


def test_the_shipped_data_loads_the_same_with_pydantics_own_adapters(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = load(SHIPPED_DATA, use_cache=False)
    models._adapter.cache_clear()
    monkeypatch.setattr(schemas, "CORE_VERSION", "another version")  # the fallback: pydantic builds them
    try:
        built = load(SHIPPED_DATA, use_cache=False)
    finally:
        models._adapter.cache_clear()
    assert built == kept
    assert dataclasses.asdict(built.data) == dataclasses.asdict(kept.data)
