"""The semantic diff engine: reordering/reformatting is no change; real changes are exact."""

from __future__ import annotations

import datetime as dt

import yaml

from zzgx_plan.review.semdiff import Change, ChangeKind, canonical, diff

OLD = """
indicators:
  - id: high_tech_enterprises
    name: 高新技术企业总量
    unit: 家
    lead_units: [科技创新局, 财政金融局]
    targets:
      2024: {value: 2000, source: 附件1}
      2025: {value: 2500, source: 附件1}
  - id: unicorns
    name: 独角兽（种子）企业总量
    targets:
      2025: {value: 3, source: 附件1}
issued: 2023-09-15
"""

REORDERED = """
# the same plan, keys and records in another order, other quoting and layout
issued: 2023-09-15
indicators:
- targets:
    2025:
      source: "附件1"
      value: 3.0
  name: '独角兽（种子）企业总量'
  id: unicorns
- id: high_tech_enterprises
  targets:
    2025: {source: 附件1, value: 2500}
    2024: {source: 附件1, value: 2000}
  lead_units:
    - 财政金融局
    - 科技创新局
  unit: "家 "
  name: >-
    高新技术企业总量
"""


def load(text: str) -> object:
    return yaml.safe_load(text)


def test_reordering_and_reformatting_is_no_change() -> None:
    assert load(OLD) != load(REORDERED)  # a naive comparison sees a difference
    assert diff(load(OLD), load(REORDERED)) == []


def test_changed_target_value_and_source() -> None:
    new = OLD.replace("2025: {value: 2500, source: 附件1}", "2025: {value: 2600, source: 郑开管文〔2024〕8号}")
    assert diff(load(OLD), load(new)) == [
        Change(
            ("indicators", "high_tech_enterprises", "targets", 2025, "source"),
            ChangeKind.CHANGED,
            "附件1",
            "郑开管文〔2024〕8号",
        ),
        Change(("indicators", "high_tech_enterprises", "targets", 2025, "value"), ChangeKind.CHANGED, 2500, 2600),
    ]


def test_records_added_and_removed_by_id() -> None:
    new = load(OLD)
    assert isinstance(new, dict)
    removed = new["indicators"].pop(1)
    new["indicators"].append({"id": "gazelles", "name": "瞪羚（潜在）企业总量"})
    assert diff(load(OLD), new) == [
        Change(
            ("indicators", "gazelles"),
            ChangeKind.ADDED,
            None,
            {"id": "gazelles", "name": "瞪羚（潜在）企业总量"},
        ),
        Change(
            ("indicators", "unicorns"),
            ChangeKind.REMOVED,
            {"id": "unicorns", "name": removed["name"], "targets": {2025: {"value": 3, "source": "附件1"}}},
            None,
        ),
    ]


def test_member_lists_compare_as_sets() -> None:
    new = OLD.replace("[科技创新局, 财政金融局]", "[财政金融局, 市场监管局]")
    assert diff(load(OLD), load(new)) == [
        Change(("indicators", "high_tech_enterprises", "lead_units"), ChangeKind.ADDED, None, "市场监管局", True),
        Change(("indicators", "high_tech_enterprises", "lead_units"), ChangeKind.REMOVED, "科技创新局", None, True),
    ]


def test_key_choice_prefers_id_then_number_then_name() -> None:
    assert canonical([{"number": 2, "name": "b"}, {"number": 1, "name": "a"}]).key == "number"
    assert canonical([{"name": "甲"}, {"name": "乙"}]).key == "name"
    # a duplicated id cannot key the list: it stays an ordered list
    assert isinstance(canonical([{"id": "a"}, {"id": "a"}]), list)


def test_scalars_normalised() -> None:
    assert canonical(dt.date(2023, 9, 15)) == "2023-09-15"
    assert canonical(2500.0) == 2500 and isinstance(canonical(2500.0), int)
    assert canonical(" 家\n") == "家"
    assert diff({"a": True}, {"a": 1}) == [Change(("a",), ChangeKind.CHANGED, True, 1)]  # though True == 1
    assert diff({"a": "1"}, {"a": 1}) == [Change(("a",), ChangeKind.CHANGED, "1", 1)]


def test_list_emptied_reports_each_removed_record() -> None:
    old = {"units": [{"name": "甲"}, {"name": "乙"}]}
    assert diff(old, {"units": []}) == [
        Change(("units", "乙"), ChangeKind.REMOVED, {"name": "乙"}, None),
        Change(("units", "甲"), ChangeKind.REMOVED, {"name": "甲"}, None),
    ]
    assert diff({"units": []}, old)[0] == Change(("units", "乙"), ChangeKind.ADDED, None, {"name": "乙"})


def test_ordered_lists_of_records_without_key_compare_by_position() -> None:
    old = {"rows": [{"x": 1}, {"x": 2}]}
    new = {"rows": [{"x": 1}, {"x": 3}]}
    assert diff(old, new) == [Change(("rows", 1, "x"), ChangeKind.CHANGED, 2, 3)]
    assert diff(old, {"rows": [{"x": 1}]}) == [Change(("rows",), ChangeKind.CHANGED, [{"x": 1}, {"x": 2}], [{"x": 1}])]


def test_to_dict_is_json_ready() -> None:
    change = Change(("indicators", "unicorns", "targets", 2025, "value"), ChangeKind.CHANGED, 3, 5)
    assert change.to_dict() == {
        "path": ["indicators", "unicorns", "targets", 2025, "value"],
        "kind": "changed",
        "old": 3,
        "new": 5,
    }
