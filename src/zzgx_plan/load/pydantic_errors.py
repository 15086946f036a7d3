"""Turning pydantic validation errors into located problems."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic_core import ValidationError  # what pydantic raises (pydantic.ValidationError is this class)

from zzgx_plan.core.models import Frozen
from zzgx_plan.core.problems import Problem, problem
from zzgx_plan.files.yamlfile import YamlDoc

M = TypeVar("M", bound=Frozen)


def validate_at(model: type[M], data: Any, doc: YamlDoc, *at: str | int) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` (found at path ``at`` in ``doc``) as ``model``.

    Each pydantic error becomes a ``yaml-field`` problem on the line of the offending key.
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            field = ".".join(str(part) for part in (*at, *loc)) or "document"
            problems.append(problem(doc.path, doc.line(*at, *loc), "yaml-field", field=field, reason=_message(err)))
        return None, problems


def _message(err: Any) -> str:
    kind = str(err["type"])
    if kind in {"extra_forbidden", "unexpected_keyword_argument", "unexpected_positional_argument"}:
        return "unknown field"
    if kind.startswith("missing"):
        return "required field is missing"
    if kind == "value_error":
        return str(err["ctx"]["error"]) if "ctx" in err else str(err["msg"])
    return str(err["msg"])
