"""Tidying what people type into submission cells: periods, bases, measure numbers, statuses."""

from __future__ import annotations

import datetime as dt

import pytest

from zzgx_plan.submissions.intake import basis_text, measure_number, period_text, status_text
from zzgx_plan.submissions.sheets import RawCell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-Q3", "2024-Q3"),
        ("2024年第三季度", "2024-Q3"),
        ("2024年三季度", "2024-Q3"),
        ("2024年第3季度", "2024-Q3"),
        ("2024Q3", "2024-Q3"),
        ("２０２４－Ｑ３", "2024-Q3"),
        ("2024年9月", "2024-09"),
        ("2024.09", "2024-09"),
        ("2024/9", "2024-09"),
        ("2024年", "2024"),
        ("2024年度", "2024"),
        (2024, "2024"),
        (dt.datetime(2024, 9, 30), "2024-09"),
        ("2024年13月", "2024年13月"),  # not a period: left for the loader to report
        ("三季度", "三季度"),
        ("-", ""),
        (None, ""),
    ],
)
def test_period_text(value: object, expected: str) -> None:
    assert period_text(RawCell(value=value, line=1)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("ytd", "ytd"),
        ("YTD", "ytd"),
        ("increment", "increment"),
        ("年初至今累计", "ytd"),
        ("1-9月累计", "ytd"),
        ("本期增量", "increment"),
        ("当期", "increment"),
        ("季度", "季度"),  # unknown: the loader reports bad-basis
    ],
)
def test_basis_text(text: str, expected: str) -> None:
    assert basis_text(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (9, 9),
        (9.0, 9),
        ("9", 9),
        ("措施9", 9),
        ("第9条", 9),
        ("9. 强化专精特新企业培育梯队", 9),
        ("9.5", None),
        ("九", None),
        (None, None),
    ],
)
def test_measure_number(value: object, expected: int | None) -> None:
    assert measure_number(RawCell(value=value, line=1)) == expected


def test_status_variants() -> None:
    assert [status_text(s) for s in ("进行中", "完成", "未开始", "推进中", "差不多")] == [
        "推进中",
        "已完成",
        "未启动",
        "推进中",
        "差不多",
    ]
