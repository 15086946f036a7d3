"""Counting firms at period ends: boundary dates, certificate expiry, flows, parks, cohorts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.registers_helpers import FENGYANG, SHIFO, SHUANGQIAO, WUTONG, A, B, C, D, codes, row, write_register
from tests.support.synthetic_registers import write_benchmark_register
from zzgx_plan.core.periods import Period
from zzgx_plan.registers.count import cohorts, count, firm_conversion
from zzgx_plan.registers.load import build_register, register_files
from zzgx_plan.registers.model import Register, RegisterRules

RULES = RegisterRules(valid_years={"high_tech_enterprises": 3})


def register(tmp_path: Path, rows: list[str]) -> Register:
    write_register(tmp_path / "registers", "r.csv", rows)
    result = build_register(register_files(tmp_path / "registers"), RULES)
    assert result.problems == []
    return result.register


def totals(reg: Register, lst: str, periods: list[str], kind: str = "stock") -> list[int]:
    return [count(reg, lst, Period.parse(p), kind).total for p in periods]


def test_entries_and_exits_on_boundary_dates(tmp_path: Path) -> None:
    reg = register(
        tmp_path,
        [
            row(A, "甲", "tech_smes", SHIFO, "2024-03-31"),  # enters on the last day of Q1: counted at Q1 end
            row(B, "乙", "tech_smes", SHIFO, "2024-01-01", "2024-03-31"),  # leaves on Q1's last day: not counted
            row(C, "丙", "tech_smes", SHIFO, "2024-01-01", "2024-04-01"),  # leaves the day after: counted at Q1
            row(D, "丁", "tech_smes", SHIFO, "2024-04-01"),  # enters the first day of Q2
        ],
    )
    assert totals(reg, "tech_smes", ["2023", "2024-02", "2024-Q1", "2024-04", "2024-Q2"]) == [0, 2, 2, 2, 2]
    assert totals(reg, "tech_smes", ["2024-Q1", "2024-Q2", "2024"], "flow") == [3, 1, 4]


def test_high_tech_certificates_lapse_three_years_after_issue(tmp_path: Path) -> None:
    reg = register(
        tmp_path,
        [
            row(A, "甲", "high_tech_enterprises", SHIFO, "2021-09-30"),  # lapses 2024-09-30: gone at Q3 end
            row(B, "乙", "high_tech_enterprises", SHIFO, "2021-10-01"),  # lapses 2024-10-01: still there at Q3 end
            row(C, "丙", "high_tech_enterprises", SHIFO, "2020-02-29"),  # leap day: lapses 2023-02-28
            row(D, "丁", "high_tech_enterprises", SHIFO, "2021-01-10", "2022-06-30"),  # 出库日期 wins
            row(A, "甲", "tech_smes", SHIFO, "2021-09-30"),  # other lists do not lapse
        ],
    )
    assert totals(reg, "high_tech_enterprises", ["2023-01", "2023-02", "2024-08", "2024-Q3", "2024-Q4"]) == [
        3,
        2,
        2,
        1,
        0,
    ]
    assert totals(reg, "high_tech_enterprises", ["2022-Q1", "2022-Q2"]) == [4, 3]  # D left on 2022-06-30
    assert totals(reg, "tech_smes", ["2030"]) == [1]


def test_flow_counts_distinct_firms_in_the_park_of_their_latest_entry(tmp_path: Path) -> None:
    reg = register(
        tmp_path,
        [
            row(A, "甲", "new_specialized_in_parks", SHIFO, "2024-02-01", "2024-03-01"),
            row(A, "甲", "new_specialized_in_parks", WUTONG, "2024-05-01"),  # the same firm again in 2024
            row(B, "乙", "new_specialized_in_parks", FENGYANG, "2024-12-31"),
            row(C, "丙", "new_specialized_in_parks", FENGYANG, "2023-12-31"),
        ],
    )
    year = count(reg, "new_specialized_in_parks", Period.parse("2024"), "flow")
    assert (year.total, year.park(WUTONG), year.park(FENGYANG), year.park(SHIFO)) == (2, 1, 1, 0)
    assert totals(reg, "new_specialized_in_parks", ["2024-Q1", "2024-Q2", "2024-Q4", "2023"], "flow") == [1, 1, 1, 1]


def test_per_park_counts_always_sum_to_the_total(tmp_path: Path) -> None:
    write_benchmark_register(tmp_path / "registers" / "big.csv", 3000, seed=5)
    reg = build_register(register_files(tmp_path / "registers"), RULES).register
    assert len(reg) > 2900
    for lst in reg.lists:
        for period in ["2017", "2019-Q2", "2021-07", "2023-Q4", "2024"]:
            for kind in ("stock", "flow"):
                c = count(reg, lst, Period.parse(period), kind)
                assert sum(n for _p, n in c.by_park) == c.total


def test_reserve_cohorts_and_conversion_within_one_and_two_years(tmp_path: Path) -> None:
    e, f, g, h = codes(4, seed=11)
    reg = register(
        tmp_path,
        [
            row(A, "甲", "high_tech_reserve", SHIFO, "2022-03-01", "2022-12-01"),
            row(A, "甲", "high_tech_enterprises", SHIFO, "2022-12-01"),  # 275 days: within 1 year
            row(B, "乙", "high_tech_reserve", SHIFO, "2022-06-01"),
            row(B, "乙", "high_tech_enterprises", SHIFO, "2024-05-31"),  # within 2 years
            row(C, "丙", "high_tech_reserve", SHIFO, "2022-06-01"),
            row(C, "丙", "high_tech_enterprises", SHIFO, "2024-06-01"),  # exactly 2 years: outside
            row(D, "丁", "high_tech_reserve", SHUANGQIAO, "2022-09-09"),  # never certified
            row(e, "戊", "high_tech_enterprises", SHIFO, "2021-05-01"),  # 高企 before entering the reserve
            row(e, "戊", "high_tech_reserve", SHIFO, "2023-02-01"),  # … counts as not converted
            row(f, "己", "high_tech_reserve", SHIFO, "2023-04-01"),
            row(f, "己", "high_tech_enterprises", SHIFO, "2023-11-30"),
            row(g, "庚", "high_tech_reserve", SHIFO, "2023-05-01"),
            row(h, "辛", "high_tech_reserve", SHIFO, "2024-01-15"),
        ],
    )
    found = cohorts(reg, "high_tech_reserve", "high_tech_enterprises", dt.date(2024, 9, 30))
    assert [(c.year, c.size, c.window(1).converted, c.window(2).converted, c.by_as_of) for c in found] == [
        (2022, 4, 1, 2, 3),
        (2023, 3, 1, 1, 1),
        (2024, 1, 0, 0, 0),
    ]
    assert [(c.window(1).complete, c.window(2).complete) for c in found] == [(True, False), (False, False)] + [
        (False, False)
    ]
    assert found[0].rate(2) == pytest.approx(0.5)
    # a 2022 entrant's 1-year window ends the day before its anniversary: by 2023-12-30 at the latest
    windows = [cohorts(reg, "high_tech_reserve", "high_tech_enterprises", dt.date(2023, 12, d)) for d in (29, 30)]
    assert [found[0].window(1).complete for found in windows] == [False, True]
    early = cohorts(reg, "high_tech_reserve", "high_tech_enterprises", dt.date(2023, 12, 31))
    assert [(c.year, c.size, c.window(2).converted) for c in early] == [(2022, 4, 1), (2023, 3, 1)]
    # a goal of 1—3年 counts a third window: by 2024-09-30 no 2022 entrant's 3 years are over
    three = cohorts(reg, "high_tech_reserve", "high_tech_enterprises", dt.date(2024, 9, 30), (1, 2, 3))
    assert [(w.years, w.converted, w.complete) for w in three[0].windows] == [
        (1, 1, True),
        (2, 2, False),
        (3, 3, False),
    ]
    conv = firm_conversion(reg, B, "high_tech_reserve", "high_tech_enterprises", dt.date(2024, 9, 30))
    assert conv is not None and conv.days == 730 and conv.certified == dt.date(2024, 5, 31)
    assert firm_conversion(reg, e, "high_tech_reserve", "high_tech_enterprises", dt.date(2024, 9, 30)) is not None
    stranger = codes(5, seed=99)[0]
    assert firm_conversion(reg, stranger, "high_tech_reserve", "high_tech_enterprises", dt.date(2024, 9, 30)) is None
