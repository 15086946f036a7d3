"""Grouping semantic changes of plan views into targets, indicators, measures, units and status."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from zzgx_plan.load import load_plan
from zzgx_plan.review.plandiff import FieldChange, RecordChange, StatusEffect, UnitChange, diff_plans, status_effects
from zzgx_plan.review.planview import plan_view
from zzgx_plan.review.semdiff import ChangeKind

from .conftest import SHIPPED_DATA


@pytest.fixture(scope="module")
def view() -> dict[str, Any]:
    return plan_view(load_plan(SHIPPED_DATA).plan)


def test_same_view_no_change(view: dict[str, Any]) -> None:
    diff = diff_plans(view, copy.deepcopy(view))
    assert not diff.plan_changed
    assert diff.to_dict()["targets"] == []


def test_target_added_removed_and_revised(view: dict[str, Any]) -> None:
    new = copy.deepcopy(view)
    targets = new["indicators"]["unicorns"]["targets"]
    del targets[2025]
    new["indicators"]["one_thing_services"]["targets"][2024] = {"value": 6, "source": "措施1"}
    new["indicators"]["gazelles"]["targets"][2024]["revisions"] = {
        "2024-07-01": {"value": 340, "document": "郑开管文〔2024〕8号", "document_date": "2024-06-20"}
    }
    diff = diff_plans(view, new)
    assert [(t.indicator, t.year, t.kind, t.old, t.new) for t in diff.targets] == [
        ("gazelles", 2024, ChangeKind.CHANGED, 330, 340),
        ("one_thing_services", 2024, ChangeKind.ADDED, None, 6),
        ("unicorns", 2025, ChangeKind.REMOVED, view["indicators"]["unicorns"]["targets"][2025]["value"], None),
    ]
    assert diff.targets[0].revisions == (
        FieldChange(
            "revision 2024-07-01",
            None,
            {"value": 340, "document": "郑开管文〔2024〕8号", "document_date": "2024-06-20"},
        ),
    )
    assert diff.indicators == () and diff.touched_indicators() == ["gazelles", "one_thing_services", "unicorns"]


def test_indicator_and_measure_fields(view: dict[str, Any]) -> None:
    new = copy.deepcopy(view)
    new["indicators"]["tech_smes"]["lead_units"] = ["创新发展局", "财政金融局"]
    new["indicators"]["tech_smes"]["direction"] = "about"
    new["measures"][7]["title"] = "新标题"
    new["measures"][7]["responsible_units"].append("税务局")
    new["indicators"]["extra"] = {"name": "新指标", "targets": {}}
    diff = diff_plans(view, new)
    assert diff.indicators == (
        RecordChange("extra", "新指标", ChangeKind.ADDED),
        RecordChange(
            "tech_smes",
            "科技型中小企业总量",
            ChangeKind.CHANGED,
            (FieldChange("direction", "at_least", "about"), FieldChange("lead_units", added=("财政金融局",))),
        ),
    )
    assert diff.measures == (
        RecordChange(
            "7",
            "新标题",
            ChangeKind.CHANGED,
            (
                FieldChange("responsible_units", added=("税务局",)),
                FieldChange("title", view["measures"][7]["title"], "新标题"),
            ),
        ),
    )


def test_units_added_removed_changed_and_renamed_by_alias(view: dict[str, Any]) -> None:
    new = copy.deepcopy(view)
    units = new["units"]
    units["新单位"] = {"kind": "department", "aliases": []}
    del units["农业农村局"]
    units["税务局"]["aliases"] = ["区税务局"]
    # renamed: the old name kept as an alias, though no measure cites the new name yet
    units["政策研究室"] = units.pop("政策研究中心")
    units["政策研究室"]["aliases"] = ["政策研究中心"]
    diff = diff_plans(view, new)
    cited = {u.name: u.measures for u in diff.units}
    assert sorted((u.kind, u.name, u.old_name or "") for u in diff.units) == [
        ("added", "新单位", ""),
        ("changed", "税务局", ""),
        ("removed", "农业农村局", ""),
        ("renamed", "政策研究室", "政策研究中心"),
    ]
    assert next(u for u in diff.units if u.name == "税务局") == UnitChange(
        "税务局", "changed", None, (FieldChange("aliases", added=("区税务局",)),), cited["税务局"]
    )
    assert cited["新单位"] == ()


def test_meta_settings_and_other(view: dict[str, Any]) -> None:
    new = copy.deepcopy(view)
    new["settings"]["at_risk_threshold"] = 0.85
    new["leadership"]["office_unit"] = "党政办公室"
    diff = diff_plans(view, new)
    assert diff.meta == (FieldChange("settings.at_risk_threshold", 0.9, 0.85),)
    assert [(c.path, c.old, c.new) for c in diff.other] == [(("leadership", "office_unit"), "市场监管局", "党政办公室")]


def test_status_effects_keep_touched_and_changed_only() -> None:
    old = {("a", 2023): "missed", ("a", 2024): "behind", ("b", 2024): "on_track", ("c", 2024): "at_risk"}
    new = {("a", 2023): "missed", ("a", 2024): "achieved", ("b", 2024): "on_track", ("c", 2024): "behind"}
    assert status_effects(old, new, ["a"]) == [
        StatusEffect("a", 2023, "missed", "missed"),
        StatusEffect("a", 2024, "behind", "achieved"),
        StatusEffect("c", 2024, "at_risk", "behind"),
    ]
    assert status_effects(old, {}, []) == [
        StatusEffect("a", 2023, "missed", None),
        StatusEffect("a", 2024, "behind", None),
        StatusEffect("b", 2024, "on_track", None),
        StatusEffect("c", 2024, "at_risk", None),
    ]
