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


#: Pydantic's error types → what to tell the user (``{expected}`` and the like come from the error's context).
PYDANTIC_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段（拼写错误，或放错了层级）",
    "unexpected_keyword_argument": "不认识的字段（拼写错误，或放错了层级）",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期，如 2023-09-01",
    "date_parsing": "不是有效的日期；请写成 2023-09-01 这样的形式",
    "date_from_datetime_parsing": "不是有效的日期；请写成 2023-09-01 这样的形式",
    "date_from_datetime_inexact": "应为日期，不带时间",
    "list_type": "应为列表（每项以 - 开头）",
    "tuple_type": "应为列表（每项以 - 开头）",
    "dict_type": "应为“键: 值”的映射",
    "model_type": "应为“键: 值”的映射",
    "model_attributes_type": "应为“键: 值”的映射",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应小于或等于 {le}",
    "string_too_short": "不能为空",
    "too_short": "至少要有 {min_length} 项",
    "too_long": "最多只能有 {max_length} 项",
    "string_pattern_mismatch": "格式不对",
    "string_too_long": "太长：最多 {max_length} 个字符",
    "set_type": "应为列表（每项以 - 开头）",
    "frozen_set_type": "应为列表（每项以 - 开头）",
    "multiple_of": "应为 {multiple_of} 的整数倍",
}


def _message(err: Any) -> str:
    kind = str(err["type"])
    context = {  # "'flow', 'stock' or 'cumulative'" → "flow、stock、cumulative"
        key: str(value).replace("'", "").replace(", ", "、").replace(" or ", "、")
        for key, value in (err.get("ctx") or {}).items()
    }
    if kind.startswith("missing"):
        kind = "missing"
    if kind == "value_error":  # our own validators' messages (core.models), already for users
        return str(err["ctx"]["error"]) if "ctx" in err else str(err["msg"])
    template = PYDANTIC_MESSAGES.get(kind)
    if template is not None:
        try:
            return template.format(**context)
        except KeyError:
            pass
    # pydantic's own text is English: name the check by its type instead (a stable identifier)
    return f"取值不符合要求（校验类型 {kind}）"
