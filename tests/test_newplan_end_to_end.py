"""A made-up plan that shares nothing with the shipped one runs through every command.

`plan init --from` drafts it (other years 2026–2028, units 户/家/%, ``一、``/``（一）`` numbering,
parenthesised units, no leadership group); a reviewer fills in the lead units the annex does not name;
then template, import, record, missing, status (one year and the range), report (quarter and final,
Markdown and Word) and diff all work on it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .test_submission import fill_template

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plans"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def plan_dir(cli, tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    data = repo / "data"
    result = cli("init", data, "--from", FIXTURES / "private-economy-2026-2028.txt")
    assert result.exit_code == 0, result.stderr
    # the reviewer's edits: the annex names no lead unit; tie each indicator to its measure and unit
    targets = data / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    for measure, unit in ((1, "区市场监管局"), (1, "区市场监管局"), (3, "区科技局"), (2, "区金融服务中心")):
        text = text.replace("    measures: []  # 对应的措施编号，如 [9, 10]", f"    measures: [{measure}]", 1)
        text = text.replace("    lead_units: []  # 待核对：附件未写牵头单位", f"    lead_units: [{unit}]", 1)
    targets.write_text(text, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "draft reviewed")
    return data


def test_every_command_works_on_a_new_plan(cli, plan_dir: Path, tmp_path: Path) -> None:
    data = plan_dir
    validate = cli("validate", "--data", data)
    assert validate.exit_code == 0
    assert validate.stdout == f"共 0 处错误、0 处警告（{data}）\n"

    # template → filled by the unit → import
    blank = tmp_path / "模板.xlsx"
    made = cli("template", "2026-Q1", "--unit", "区市场监管局", "-o", blank, "--data", data)
    assert made.exit_code == 0, made.stderr
    filled = tmp_path / "区市场监管局2026Q1.xlsx"
    fill_template(
        blank, filled, {"annex_01": 2300, "annex_02": 42500}, progress={1: ("推进中", "登记一网通办上线", "")}
    )
    imported = cli("import", filled, "--data", data)
    assert imported.exit_code == 0, imported.stderr
    assert (data / "actuals" / "2026.csv").exists()
    assert cli("record", "annex_03", "2026-Q1", "520", "--reported-by", "区科技局", "--data", data).exit_code == 0
    # 户 is counted in whole things: half a business is refused, nothing written
    before = (data / "actuals" / "2026.csv").read_bytes()
    half = cli("record", "annex_01", "2026-Q2", "10.5", "--data", data)
    assert half.exit_code != 0
    assert (data / "actuals" / "2026.csv").read_bytes() == before

    # missing: the finance centre owes its indicator and measure 2; 区科技局 owes measure 3's progress
    owed = json.loads(cli("missing", "2026-Q1", "--format", "json", "--data", data).stdout)
    text = json.dumps(owed, ensure_ascii=False)
    assert "区金融服务中心" in text and "民营经济增加值占比" in text
    assert "区科技局" in text

    # status for a year: 2300 of 9000 new businesses in Q1 against 9000 × 1/4 = 2250 → on track
    year = json.loads(cli("status", "2026", "--format", "json", "--data", data).stdout)
    row = next(i for i in year["indicators"] if i["id"] == "annex_01")
    assert (row["target"], row["actual"], row["expected"], row["status"]) == (9000, 2300, 2250, "on_track")

    # the range: 2026 in progress; 9000 − 2300 = 6700 still to add over 9 months
    span = json.loads(cli("status", "2026-2028", "--format", "json", "--data", data).stdout)
    assert span["years"] == [2026, 2027, 2028] and span["as_of"] == "2026-Q1"
    flows = next(i for i in span["indicators"] if i["id"] == "annex_01")
    assert (flows["total"], flows["total_target"]) == (2300, 28500)  # 9000 + 9500 + 10000
    csv_text = cli("status", "2026-2028", "--format", "csv", "--data", data).stdout
    assert "2300,28500,6700,2233.3333,744.4444" in csv_text  # 6700 × 3 / 9 per quarter, 6700 / 9 per month

    # reports: the quarter and the final evaluation, Markdown and Word; nothing of the shipped plan
    quarter = cli("report", "2026-Q1", "--data", data, "--stdout")
    assert quarter.exit_code == 0, quarter.stderr
    assert quarter.stdout.startswith("# 某某区促进民营经济发展三年行动方案（2026-2028年）推进情况报告")
    final = cli("report", "2026-2028", "--data", data, "--stdout")
    assert final.exit_code == 0, final.stderr
    assert "# 某某区促进民营经济发展三年行动方案（2026-2028年）终期评估报告" in final.stdout
    assert "评估期尚未结束（数据截至2026年第1季度）" in final.stdout
    word = tmp_path / "终期.docx"
    assert cli("report", "2026-2028", "--data", data, "-o", word).exit_code == 0
    assert word.stat().st_size > 0
    for out in (quarter.stdout, final.stdout):
        assert "郑州" not in out and "高新" not in out and "【示例数据】" not in out

    # diff: a reviewed target change shows in the plan's terms
    targets = data / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace("2027: {value: 45000", "2027: {value: 46000"), encoding="utf-8"
    )
    diff = cli("diff", "--data", data)
    assert diff.exit_code == 0, diff.stderr
    assert "45000" in diff.stdout and "46000" in diff.stdout


def test_a_plan_without_a_leadership_group_reports(cli, plan_dir: Path) -> None:
    assert "leadership:" not in (plan_dir / "measures.yaml").read_text(encoding="utf-8").replace("# leadership:", "")
    result = cli("report", "2026", "--data", plan_dir, "--stdout")
    assert result.exit_code == 0, result.stderr
    assert "报送：" not in result.stdout  # no leadership group, no 报送 line


def test_whole_number_units_are_data(cli, plan_dir: Path) -> None:
    """settings.whole_units decides which units must be whole: a plan may allow decimals in 户."""
    targets = plan_dir / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace(
            "  at_risk_threshold: 0.9\n", "  at_risk_threshold: 0.9\n  whole_units: [家]\n"
        ),
        encoding="utf-8",
    )
    assert cli("record", "annex_01", "2026-Q1", "10.5", "--data", plan_dir).exit_code == 0
    refused = cli("record", "annex_02", "2026-Q1", "10.5", "--data", plan_dir)
    assert refused.exit_code != 0
    shutil.rmtree(plan_dir / "actuals")
