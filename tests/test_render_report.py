"""Wording and number formatting of the report (render.report)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from zzgx_plan.compute.status import Status
from zzgx_plan.core.periods import Period
from zzgx_plan.load import load_plan
from zzgx_plan.render.document import Tone
from zzgx_plan.report.compose import (
    STATUS_TONES,
    behind_text,
    change_text,
    fmt_difference,
    fmt_number,
    gap_text,
    period_end_label,
    period_label,
    target_text,
)
from zzgx_plan.report.content import build_report

DATA = Path(__file__).resolve().parent / "fixtures" / "example-2024q3"  # frozen at 2024-Q3


@pytest.fixture(scope="module")
def lines():  # type: ignore[no-untyped-def]
    report = build_report(load_plan(DATA), Period.parse("2024-Q3"))
    return {line.indicator.id: line for line in report.indicators}


def test_fmt_number() -> None:
    assert fmt_number(17000, "家") == "17000家"
    assert fmt_number(323.75, "家") == "324家"  # counts are whole, rounded half up (issue #10 §4; was 323.8家)
    assert fmt_number(323.75, "个工作日") == "323.8个工作日"  # not a count of things
    assert fmt_number(323.75, "家", whole=True) == "324家"
    assert fmt_number(52.5, "家", whole=True) == "53家"  # 四舍五入, not round-half-to-even
    assert fmt_number(0.5, "项", whole=True) == "1项"
    assert fmt_number(95, "%") == "95%"
    assert fmt_number(1, "个工作日") == "1个工作日"
    assert fmt_difference(4, "%") == "4个百分点"
    assert fmt_difference(4600, "家") == "4600家"


def test_period_label() -> None:
    assert period_label(Period.parse("2024")) == "2024年度"
    assert period_label(Period.parse("2024-Q3")) == "2024年第3季度"
    assert period_end_label(Period.parse("2024")) == "2024年末"
    assert period_end_label(Period.parse("2024-Q3")) == "2024年第3季度末"


def test_every_status_has_a_traffic_light() -> None:
    assert set(STATUS_TONES) == set(Status)
    assert STATUS_TONES[Status.BEHIND] is Tone.RED and STATUS_TONES[Status.NO_DATA] is Tone.GREY


def test_indicator_wording(lines) -> None:  # type: ignore[no-untyped-def]
    # the document's qualifiers are kept (1个工作日内, 力争…95%左右); ※: a reading is behind the figure
    # (a standing standard assessed every year; the tolerance of 左右; 措施2 names no year → 2025)
    assert target_text(lines["credit_repair_days"].progress) == "≤1个工作日※"
    assert target_text(lines["rd_activity_coverage"].progress) == "力争约95%※"
    assert target_text(lines["permit_free_items"].progress) == "本年无目标※"
    assert target_text(lines["new_specialized_in_parks"].progress) == "≥70家"  # 每年…不少于70家: no reading
    assert gap_text(lines["new_market_entities"].progress) == "差4600家"
    assert gap_text(lines["tech_smes"].progress) == "超50家"
    assert gap_text(lines["credit_repair_days"].progress) == "持平"
    assert change_text(lines["high_tech_enterprises"]) == "+50家"
    assert change_text(lines["rd_institution_coverage"]) == "未更新"
    assert change_text(lines["unicorns"]) == "—"
    annual = {line.indicator.id: line for line in build_report(load_plan(DATA), Period.parse("2024")).indicators}
    assert gap_text(annual["rd_activity_coverage"].progress) == "差4个百分点"  # 95% target, 91% actual
    assert change_text(replace(lines["high_tech_enterprises"], change=-30.0)) == "-30家"
    assert behind_text(lines["gazelles"].progress) == "完成97.6%，低于序时进度（98.1%）0.5个百分点，距2024年目标差8家"
