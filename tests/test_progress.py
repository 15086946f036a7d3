"""The progress formulas on hand-computed cases (docs/methods.md, "各列的算法")."""

from __future__ import annotations

import pytest

from zzgx_plan.compute.status import Status, indicator_progress, progress_as_of
from zzgx_plan.core.models import Basis, Indicator, Observation
from zzgx_plan.core.periods import Period
from zzgx_plan.load import load_plan

from .conftest import SHIPPED_DATA


def ind(kind: str = "stock", direction: str = "at_least", targets: dict[int, float] | None = None,
        unit: str = "家", tolerance: float = 0) -> Indicator:  # fmt: skip
    return Indicator.model_validate(
        {
            "id": "x",
            "name": "测试指标",
            "origin": "annex1",
            "unit": unit,
            "kind": kind,
            "direction": direction,
            "tolerance": tolerance,
            "measures": [1],
            "lead_units": ["市场监管局"],
            "targets": {y: {"value": v, "source": "test"} for y, v in (targets or {2024: 100}).items()},
        }
    )


def obs(period: str, value: float, basis: Basis = Basis.INCREMENT, note: str = "") -> Observation:
    return Observation(indicator="x", period=Period.parse(period), value=value, basis=basis, note=note)


def test_flow_sums_increments_and_paces_by_elapsed_share() -> None:
    rows = [obs("2024-Q1", 3900), obs("2024-Q2", 4300), obs("2024-Q3", 4200), obs("2023-Q4", 9999)]
    p = indicator_progress(ind("flow", targets={2024: 17000}), rows, 2024, None)
    assert p.actual == 12400
    assert p.actual_period == Period.parse("2024-Q3")
    assert p.elapsed == 0.75
    assert p.expected == 12750
    assert p.completion == pytest.approx(12400 / 17000)
    assert p.gap == 4600
    assert p.projection == pytest.approx(12400 / 0.75)
    assert p.pace == pytest.approx(12400 / 12750)  # 0.9725: between 0.9 and 1
    assert p.status is Status.AT_RISK
    assert p.baseline is None


def test_flow_as_of_cuts_later_periods() -> None:
    rows = [obs("2024-Q1", 3900), obs("2024-Q2", 4300), obs("2024-Q3", 4200)]
    p = indicator_progress(ind("flow", targets={2024: 17000}), rows, 2024, Period.parse("2024-Q2"))
    assert (p.actual, p.expected, p.actual_period) == (8200, 8500, Period.parse("2024-Q2"))


def test_flow_ytd_then_later_increments() -> None:
    rows = [obs("2024-Q1", 15, Basis.YTD), obs("2024-Q2", 40, Basis.YTD), obs("2024-Q3", 18)]
    p = indicator_progress(ind("flow", targets={2024: 70}), rows, 2024, None)
    assert p.actual == 58
    assert p.expected == 52.5
    assert p.status is Status.ON_TRACK


def test_monthly_elapsed_share() -> None:
    p = indicator_progress(ind("flow", targets={2024: 120}), [obs("2024-07", 60)], 2024, None)
    assert p.elapsed == pytest.approx(7 / 12)
    assert p.expected == pytest.approx(70)
    assert p.pace == pytest.approx(60 / 70)  # 0.857 < 0.9
    assert p.status is Status.BEHIND


def test_stock_with_baseline() -> None:
    rows = [obs("2022", 1850), obs("2023-Q4", 2080), obs("2024-Q2", 2150), obs("2024-Q3", 2200)]
    p = indicator_progress(ind("stock", targets={2024: 2300}), rows, 2024, None)
    assert p.baseline == 2080
    assert p.actual == 2200
    assert p.expected == pytest.approx(2080 + 220 * 0.75)  # 2245
    assert p.pace == pytest.approx(120 / 165)
    assert p.projection == pytest.approx(2080 + 120 / 0.75)  # 2240
    assert p.gap == 100
    assert p.status is Status.BEHIND


def test_a_stock_projection_stays_within_what_a_level_can_be() -> None:
    """A stock that drops early in the year extrapolates below nothing: baseline 8, target 10, Q1 level 2
    gives 8 + (2 − 8) ÷ 1/4 = −16, shown as 约-16家 before; a level is never below 0, a share never past 100%."""
    p = indicator_progress(ind("stock", targets={2024: 10}), [obs("2023-Q4", 8), obs("2024-Q1", 2)], 2024, None)
    assert p.projection == 0
    # 85% at the end of 2023, 86% in Q1 with a target of 95%: 85 + 1 ÷ 1/4 = 89, within bounds, unchanged
    rate = ind("stock", targets={2024: 95}, unit="%")
    assert indicator_progress(rate, [obs("2023-Q4", 85), obs("2024-Q1", 86)], 2024, None).projection == 89
    # 85% → 99% in Q1: 85 + 14 × 4 = 141%, kept at 100%
    assert indicator_progress(rate, [obs("2023-Q4", 85), obs("2024-Q1", 99)], 2024, None).projection == 100


def test_stock_without_baseline_paces_against_target() -> None:
    p = indicator_progress(ind("stock", targets={2024: 5}), [obs("2024-Q2", 4)], 2024, None)
    assert p.baseline is None
    assert p.expected == 5
    assert p.pace == pytest.approx(0.8)
    assert p.projection is None
    assert p.status is Status.BEHIND


def test_baseline_beyond_target_is_not_used_for_pace() -> None:
    rows = [obs("2023-Q4", 3700), obs("2024-Q3", 3500)]
    p = indicator_progress(ind("stock", targets={2024: 3600}), rows, 2024, None)
    assert p.baseline == 3700
    assert p.expected == 3600
    assert p.pace == pytest.approx(3500 / 3600)
    assert p.status is Status.AT_RISK


def test_achieved_as_soon_as_target_met() -> None:
    p = indicator_progress(ind("stock", targets={2024: 3600}), [obs("2024-Q1", 3650)], 2024, None)
    assert p.status is Status.ACHIEVED
    assert p.gap == -50
    assert p.completion == pytest.approx(3650 / 3600)


def test_missed_once_the_year_has_ended() -> None:
    rows = [obs("2023", 89), obs("2024", 91)]
    p = indicator_progress(ind("stock", "about", {2024: 95}, unit="%", tolerance=2), rows, 2024, None)
    assert p.elapsed == 1
    assert p.status is Status.MISSED
    assert p.gap == 4
    within = indicator_progress(ind("stock", "about", {2024: 95}, unit="%", tolerance=2), [obs("2024", 93)], 2024, None)
    assert within.status is Status.ACHIEVED


def test_at_most_mirrors_gap_and_completion() -> None:
    rows = [obs("2023-Q4", 3), obs("2024-Q2", 2)]
    p = indicator_progress(ind("stock", "at_most", {2024: 1}, unit="个工作日"), rows, 2024, None)
    assert p.expected == 2  # 3 + (1 - 3) * 0.5
    assert p.gap == 1  # actual - target: still one day over the limit
    assert p.completion == 0.5  # target / actual
    assert p.pace == pytest.approx(1.0)
    assert p.status is Status.ON_TRACK
    met = indicator_progress(ind("stock", "at_most", {2024: 1}, unit="个工作日"), [obs("2024-Q1", 0.8)], 2024, None)
    assert met.status is Status.ACHIEVED and met.gap == pytest.approx(-0.2)


def test_no_data_and_no_target() -> None:
    assert indicator_progress(ind(targets={2024: 5}), [], 2024, None).status is Status.NO_DATA
    p = indicator_progress(ind(targets={2025: 10}), [obs("2024-Q3", 7)], 2024, None)
    assert p.status is Status.NO_TARGET
    assert (p.actual, p.expected, p.gap) == (7, None, None)


def test_example_flag_follows_the_rows_used() -> None:
    rows = [obs("2023-Q4", 1, note="示例数据"), obs("2024-Q1", 2)]
    assert indicator_progress(ind(), rows, 2024, None).example is False
    assert indicator_progress(ind(), rows, 2023, None).example is True


def test_shipped_data_shows_every_status() -> None:
    data = load_plan(SHIPPED_DATA)
    # by default the latest quarter with figures, as the quarterly report (issue #10 §4): the one annual
    # figure (研发活动覆盖率 2024) stands at the year's end and does not make the default the whole year
    assert str(progress_as_of(data, 2024).as_of) == "2024-Q3"
    report = progress_as_of(data, 2024, Period.parse("2024"))
    assert str(report.as_of) == "2024"
    statuses = {row.indicator.id: row.status for row in report.rows}
    assert statuses == {
        "new_market_entities": Status.AT_RISK,
        "high_tech_enterprises": Status.BEHIND,
        "tech_smes": Status.ACHIEVED,
        "specialized_smes": Status.ON_TRACK,
        "gazelles": Status.AT_RISK,
        "unicorns": Status.NO_DATA,
        "high_tech_reserve": Status.ACHIEVED,
        "one_thing_services": Status.NO_TARGET,
        "permit_free_items": Status.NO_TARGET,
        "business_startup_days": Status.NO_DATA,  # no figure yet
        "permit_reform_area_coverage": Status.NO_TARGET,  # “两个全覆盖”: set for 2025 (a reading)
        "permit_reform_item_coverage": Status.NO_TARGET,
        "new_specialized_in_parks": Status.ON_TRACK,
        "rd_activity_coverage": Status.MISSED,
        "innovation_points_firms": Status.NO_TARGET,
        "rd_institution_coverage": Status.NO_TARGET,
        "credit_repair_days": Status.ACHIEVED,
    }
    assert set(statuses.values()) == set(Status)
    assert report.uses_examples
