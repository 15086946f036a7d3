"""Target revisions: the value in force by period, `plan status` marking, `plan validate` checks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from zzgx_plan.compute.status import IndicatorProgress, Status, progress_as_of
from zzgx_plan.core.models import PlanData, Target, TargetRevision
from zzgx_plan.core.periods import Period
from zzgx_plan.load import load, load_plan

HTE_2024 = '      2024: {value: 2300, source: "附件1：高新技术企业总量 2024年 2300（家）"}'


def revise(data_dir: Path, revisions: str) -> Path:
    """Give high_tech_enterprises' 2024 target the ``revisions`` (YAML flow items, one per line)."""
    path = data_dir / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert HTE_2024 in text
    items = "".join(f"\n          - {r}" for r in revisions.strip().splitlines())
    new = (
        '      2024:\n        value: 2300\n        source: "附件1：高新技术企业总量 2024年 2300（家）"\n'
        f"        revisions:{items}"
    )
    path.write_text(text.replace(HTE_2024, new), encoding="utf-8")
    return path


LOWERED = "{value: 2250, document: 郑开管文〔2024〕8号, document_date: 2024-06-20, effective: 2024-07-01}"


def test_value_in_force_on_a_day() -> None:
    target = Target(
        value=100,
        source="附件1",
        revisions=(
            TargetRevision(value=110, document="A", document_date=dt.date(2024, 3, 1), effective=dt.date(2024, 4, 1)),
            TargetRevision(value=120, document="B", document_date=dt.date(2024, 8, 1), effective=dt.date(2024, 9, 1)),
        ),
    )
    unordered = Target(
        value=100,
        source="附件1",
        revisions=(  # the loader refuses this order; the model still answers by effective date
            TargetRevision(value=120, document="B", document_date=dt.date(2024, 8, 1), effective=dt.date(2024, 9, 1)),
            TargetRevision(value=110, document="A", document_date=dt.date(2024, 3, 1), effective=dt.date(2024, 4, 1)),
        ),
    )
    assert target.value_on(dt.date(2024, 3, 31)) == 100
    assert target.value_on(dt.date(2024, 4, 1)) == 110
    assert target.value_on(dt.date(2024, 8, 31)) == 110
    assert target.value_on(dt.date(2024, 9, 30)) == 120
    assert target.value_on(None) == 120
    assert target.revision_on(dt.date(2024, 1, 1)) is None
    assert [unordered.value_on(dt.date(2024, m, 30)) for m in (3, 6, 9)] == [100, 110, 120]
    assert Period.parse("2024-Q2").end_date == dt.date(2024, 6, 30)
    assert Period.parse("2024-02").end_date == dt.date(2024, 2, 29)


def hte_row(data: PlanData, as_of: str) -> IndicatorProgress:
    rows = progress_as_of(data, 2024, Period.parse(as_of)).rows
    return next(r for r in rows if r.indicator.id == "high_tech_enterprises")


def test_status_uses_the_revision_in_force_at_the_period(data_dir: Path) -> None:
    revise(data_dir, LOWERED)
    data = load_plan(data_dir)
    q2 = hte_row(data, "2024-Q2")
    # before 2024-07-01 the original 2300 holds: baseline 2080, expected 2080 + 220 × 0.5 = 2190, r = 70/110
    assert (q2.target, q2.revised, q2.expected, q2.status) == (2300, False, 2190, Status.BEHIND)
    q3 = hte_row(data, "2024-Q3")
    # from 2024-07-01 the revised 2250 holds: expected 2080 + 170 × 0.75 = 2207.5, r = 120/127.5 = 0.941
    assert (q3.target, q3.original_target, q3.revised, q3.expected) == (2250, 2300, True, 2207.5)
    assert q3.status is Status.AT_RISK  # against the original 2300 it would be behind (r = 120/165)
    assert q3.revision is not None and q3.revision.document == "郑开管文〔2024〕8号"


def test_plan_status_marks_revised_targets(cli, data_dir: Path) -> None:
    revise(data_dir, LOWERED)
    table = cli("status", "2024", "--as-of", "2024-Q3", "--data", data_dir)
    assert table.exit_code == 0
    assert " 2250*※ │" in table.stdout  # * revised; ※ its lead unit is a reading (Annex 1 names none)
    assert (
        "* 高新技术企业总量 2024年目标已调整：2300 → 2250（郑开管文〔2024〕8号，2024-06-20 印发，2024-07-01 起执行）\n"
        in table.stdout
    )
    doc = json.loads(cli("status", "2024", "--as-of", "2024-Q3", "--format", "json", "--data", data_dir).stdout)
    hte = next(i for i in doc["indicators"] if i["id"] == "high_tech_enterprises")
    assert (hte["target"], hte["status"]) == (2250, "at_risk")
    assert hte["target_revision"] == {
        "original": 2300,
        "value": 2250,
        "document": "郑开管文〔2024〕8号",
        "document_date": "2024-06-20",
        "effective": "2024-07-01",
    }
    assert all(i["target_revision"] is None for i in doc["indicators"] if i["id"] != "high_tech_enterprises")
    md = cli("status", "2024", "--as-of", "2024-Q3", "--format", "markdown", "--data", data_dir).stdout
    assert "| 高新技术企业总量 | 家 | 2250*※ |" in md
    # before the effective date the original target is shown, unmarked
    q2 = cli("status", "2024", "--as-of", "2024-Q2", "--data", data_dir).stdout
    assert " 2300※ │" in q2 and "2300*" not in q2 and "目标已调整" not in q2


def test_validate_checks_revision_order_and_dates(cli, data_dir: Path) -> None:
    path = revise(
        data_dir,
        f"""{LOWERED}
{{value: 2280, document: 郑开管文〔2024〕9号, document_date: 2024-05-01, effective: 2024-07-01}}
{{value: 2290, document: 郑开管文〔2026〕1号, document_date: 2026-01-05, effective: 2025-01-01}}
{{value: 2290, document: 郑开管文〔2023〕1号, document_date: 2023-08-01, effective: 2022-12-31}}""",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, 1) if "郑开管文〔2024〕9号" in line)
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    t = f"{path}"
    # sorted by line, then code, then message
    assert result.stdout.splitlines()[:-1] == [
        f"{t}:{first}: revision-out-of-order: high_tech_enterprises 2024 年第 2 次调整："
        "印发日期 2024-05-01 早于上一次调整的（2024-06-20）",
        f"{t}:{first}: revision-out-of-order: high_tech_enterprises 2024 年第 2 次调整："
        "生效日期 2024-07-01 不晚于上一次调整的（2024-07-01）",
        f"{t}:{first + 1}: revision-outside-plan: high_tech_enterprises 2024 年第 3 次调整："
        "印发日期 2026-01-05 不在 2023-09-15 至 2025-12-31 之间",
        f"{t}:{first + 1}: revision-outside-plan: high_tech_enterprises 2024 年第 3 次调整："
        "生效日期 2025-01-01 不在 2023-01-01 至 2024-12-31 之间",
        f"{t}:{first + 2}: revision-out-of-order: high_tech_enterprises 2024 年第 4 次调整："
        "印发日期 2023-08-01 早于上一次调整的（2026-01-05）",
        f"{t}:{first + 2}: revision-out-of-order: high_tech_enterprises 2024 年第 4 次调整："
        "生效日期 2022-12-31 不晚于上一次调整的（2025-01-01）",
        f"{t}:{first + 2}: revision-outside-plan: high_tech_enterprises 2024 年第 4 次调整："
        "印发日期 2023-08-01 不在 2023-09-15 至 2025-12-31 之间",
        f"{t}:{first + 2}: revision-outside-plan: high_tech_enterprises 2024 年第 4 次调整："
        "生效日期 2022-12-31 不在 2023-01-01 至 2024-12-31 之间",
    ]


def test_revision_needs_a_document(cli, data_dir: Path) -> None:
    path = revise(data_dir, '{value: 2250, document: " ", document_date: 2024-06-20, effective: 2024-07-01}')
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index('          - {value: 2250, document: " ", document_date: 2024-06-20, effective: 2024-07-01}')
        + 1
    )
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    # (the indicator is then unusable, so its actuals are reported as unknown as well)
    assert [x for x in result.stdout.splitlines() if x.startswith(str(path))] == [
        f"{path}:{line}: yaml-field: indicators.1.targets.2024.revisions.0："
        "须在 document 中写明调整目标所依据的文件（文号）",
    ]


def test_valid_revisions_pass(data_dir: Path) -> None:
    revise(
        data_dir,
        f"""{LOWERED}
{{value: 2400, document: 郑开管文〔2024〕12号, document_date: 2024-09-01, effective: 2024-10-01, note: 上调}}""",
    )
    result = load(data_dir)
    assert result.ok, result.problems
    assert result.data is not None
    hte = result.data.plan.indicator("high_tech_enterprises")
    assert hte is not None
    assert [r.value for r in hte.targets[2024].revisions] == [2250, 2400]
