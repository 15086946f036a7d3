"""``plan diff`` and ``plan history`` on throwaway git repositories holding the shipped plan."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import SHIPPED_DATA
from tests.gitutil import Repo

HTE_2025_OLD = '2025: {value: 2500, source: "附件1：高新技术企业总量 2025年 2500（家）"}'
HTE_2025_NEW = '2025: {value: 2600, source: "郑开管文〔2024〕8号"}'
HTE_2024_OLD = '      2024: {value: 2300, source: "附件1：高新技术企业总量 2024年 2300（家）"}'
HTE_2024_REVISED = """      2024:
        value: 2300
        source: "附件1：高新技术企业总量 2024年 2300（家）"
        revisions:
          - {value: 2400, document: 郑开管文〔2024〕8号, document_date: 2024-06-20, effective: 2024-07-01}"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A data repository with the shipped plan committed once; the working directory is its top."""
    r = Repo(tmp_path / "plan-data")
    shutil.copytree(SHIPPED_DATA, r.root / "data")
    r.commit("初始方案")
    monkeypatch.chdir(r.root)
    monkeypatch.delenv("PLAN_DATA", raising=False)
    return r


def edit(repo: Repo, path: str, old: str, new: str) -> None:
    file = repo.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new), encoding="utf-8")


# ---------------------------------------------------------------- plan diff


def test_pure_reordering_and_reformatting_is_no_change(repo: Repo, cli) -> None:
    for name, lists in (("measures.yaml", ("units", "sections", "measures")), ("targets.yaml", ("indicators",))):
        path = repo.root / "data" / name
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in lists:
            doc[key].reverse()
        for unit in doc.get("units", []):
            unit.get("members", []).reverse()
        for ind in doc.get("indicators", []):
            ind["lead_units"].reverse()
            ind["measures"].reverse()
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=True, width=60), encoding="utf-8")
    assert len(repo.git("diff", "--numstat").splitlines()) == 2  # git sees both files rewritten

    result = cli("diff")
    assert result.exit_code == 0
    assert result.stdout == "工作方案变更：HEAD → 工作区\n工作方案无变化\n"
    assert result.stderr == ""
    doc = json.loads(cli("diff", "--format", "json").stdout)
    assert doc["plan_changed"] is False
    assert (doc["targets"], doc["indicators"], doc["measures"], doc["units"], doc["status"]) == ([],) * 5
    assert "**工作方案无变化**" in cli("diff", "--format", "markdown").stdout


def test_changed_target_text(repo: Repo, cli) -> None:
    edit(repo, "data/targets.yaml", HTE_2025_OLD, HTE_2025_NEW)
    result = cli("diff")
    assert result.exit_code == 0
    assert result.stdout == (
        "工作方案变更：HEAD → 工作区\n"
        "目标调整：\n"
        "  high_tech_enterprises 高新技术企业总量 2025年：2500 → 2600 家\n"
        "    依据：附件1：高新技术企业总量 2025年 2500（家） → 郑开管文〔2024〕8号\n"
        "对进度状态的影响：\n"
        "  high_tech_enterprises 2025：2500 → 2600；2023 年状态不变（未完成）；2024 年状态不变（滞后）\n"
    )
    assert result.stderr == ""


def test_changed_target_markdown_and_json(repo: Repo, cli) -> None:
    edit(repo, "data/targets.yaml", HTE_2025_OLD, HTE_2025_NEW)
    md = cli("diff", "--format", "markdown")
    assert md.exit_code == 0
    assert md.stdout == (
        "### 工作方案变更：`HEAD` → `工作区`\n"
        "\n"
        "#### 目标调整\n"
        "\n"
        "| 指标 | 年度 | 原目标 | 新目标 | 依据与修订 |\n"
        "|---|---|---|---|---|\n"
        "| `high_tech_enterprises` 高新技术企业总量 | 2025 | 2500 家 | 2600 家 "
        "| 依据：附件1：高新技术企业总量 2025年 2500（家） → 郑开管文〔2024〕8号 |\n"
        "\n"
        "#### 对进度状态的影响\n"
        "\n"
        "- high_tech_enterprises 2025：2500 → 2600；2023 年状态不变（未完成）；2024 年状态不变（滞后）\n"
        "\n"
        "<sub>由 `plan diff` 生成；顺序与格式的改动不计为变更。</sub>\n"
    )
    doc = json.loads(cli("diff", "--format", "json").stdout)
    assert doc["from"] == {"label": "HEAD", "revision": repo.git("rev-parse", "HEAD").strip()}
    assert doc["to"] == {"label": "工作区", "revision": "WORKTREE"}
    assert doc["plan_changed"] is True
    assert doc["targets"] == [
        {
            "indicator": "high_tech_enterprises",
            "name": "高新技术企业总量",
            "unit": "家",
            "year": 2025,
            "change": "changed",
            "old": 2500,
            "new": 2600,
            "old_source": "附件1：高新技术企业总量 2025年 2500（家）",
            "new_source": "郑开管文〔2024〕8号",
            "revisions": [],
        }
    ]
    assert doc["status"] == [
        {"indicator": "high_tech_enterprises", "year": 2023, "old_status": "missed", "new_status": "missed",
         "changed": False},
        {"indicator": "high_tech_enterprises", "year": 2024, "old_status": "behind", "new_status": "behind",
         "changed": False},
    ]  # fmt: skip
    assert doc["problems"] == {"from": [], "to": []}


def test_target_change_that_changes_a_status(repo: Repo, cli) -> None:
    # 2024 stands at 2200 of 2300 (behind); lowering the target to 2150 makes it achieved
    edit(repo, "data/targets.yaml", "2024: {value: 2300,", "2024: {value: 2150,")
    out = cli("diff").stdout
    assert out.endswith(
        "对进度状态的影响：\n"
        "  high_tech_enterprises 2024：2300 → 2150；2023 年状态不变（未完成）；2024 年状态：滞后 → 已完成\n"
    )


def test_diff_between_two_revisions_from_a_subfolder(repo: Repo, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo, "data/targets.yaml", HTE_2025_OLD, HTE_2025_NEW)
    repo.commit("提高2025年高企目标", author="Li")
    edit(repo, "data/targets.yaml", HTE_2024_OLD, HTE_2024_REVISED)
    repo.commit("2024年高企目标年中调整", author="Wang")
    monkeypatch.chdir(repo.root / "data" / "actuals")
    result = cli("diff", "HEAD~2", "HEAD", "--data", "..")
    assert result.exit_code == 0
    assert result.stdout == (
        "工作方案变更：HEAD~2 → HEAD\n"
        "目标调整：\n"
        "  high_tech_enterprises 高新技术企业总量 2024年：2300 → 2400 家\n"
        "    新增修订（2024-07-01 起）：2400，郑开管文〔2024〕8号（2024-06-20）\n"
        "  high_tech_enterprises 高新技术企业总量 2025年：2500 → 2600 家\n"
        "    依据：附件1：高新技术企业总量 2025年 2500（家） → 郑开管文〔2024〕8号\n"
        "对进度状态的影响：\n"
        "  high_tech_enterprises 2024：2300 → 2400；2025：2500 → 2600；"
        "2023 年状态不变（未完成）；2024 年状态不变（滞后）\n"
    )
    # the working tree equals HEAD: nothing to show
    unchanged = cli("diff", "--data", "..").stdout
    assert unchanged == "工作方案变更：HEAD → 工作区\n工作方案无变化\n"
    # a single revision is compared with the working tree
    assert cli("diff", "HEAD~1", "--data", "..").stdout.startswith("工作方案变更：HEAD~1 → 工作区\n目标调整：\n")


def test_renamed_unit_used_by_several_measures(repo: Repo, cli) -> None:
    # 市场监督管理局 becomes the canonical name, 市场监管局 its alias; the measures cite the new name
    path = repo.root / "data" / "measures.yaml"
    text = re.sub(r"(\n      - )市场监管局\n", r"\1市场监督管理局\n", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    edit(
        repo,
        "data/measures.yaml",
        "  - name: 市场监管局\n    kind: department\n    aliases:\n      - 市场监督管理局\n",
        "  - name: 市场监督管理局\n    kind: department\n    aliases:\n      - 市场监管局\n",
    )
    assert cli("validate").exit_code == 0
    result = cli("diff")
    assert result.exit_code == 0
    assert result.stdout == (
        "工作方案变更：HEAD → 工作区\n"
        "措施：\n"
        "  修改 措施 1 提升市场准入便利度：牵头单位：市场监管局 → 市场监督管理局\n"
        "  修改 措施 2 推进“证照分离”改革全覆盖：牵头单位：市场监管局 → 市场监督管理局\n"
        "  修改 措施 3 推广歇业备案制度：牵头单位：市场监管局 → 市场监督管理局\n"
        "  修改 措施 4 提供高效便捷的准入服务：牵头单位：市场监管局 → 市场监督管理局\n"
        "  修改 措施 5 实行分级分类培育引导：牵头单位：市场监管局 → 市场监督管理局\n"
        "  修改 措施 18 优化企业服务环境：牵头单位：市场监管局 → 市场监督管理局\n"
        "  修改 措施 20 推行包容审慎监管执法：牵头单位：市场监管局 → 市场监督管理局\n"
        "  修改 措施 21 畅通市场主体退出渠道：牵头单位：市场监管局 → 市场监督管理局\n"
        "  修改 措施 22 及时扩大纳统范围：责任单位：市场监管局 → 市场监督管理局\n"
        "单位：\n"
        "  更名 市场监管局 → 市场监督管理局（措施 1、2、3、4、5、18、20、21、22）；别名：市场监督管理局 → 市场监管局\n"
        "对进度状态的影响：无（各指标各年度的状态均不变）\n"
    )
    units = json.loads(cli("diff", "--format", "json").stdout)["units"]
    assert units == [
        {
            "name": "市场监督管理局",
            "change": "renamed",
            "old_name": "市场监管局",
            "fields": [{"field": "aliases", "added": ["市场监管局"], "removed": ["市场监督管理局"]}],
            "measures": ["1", "2", "3", "4", "5", "18", "20", "21", "22"],
        }
    ]


def test_measure_text_change_shows_the_changed_fragment(repo: Repo, cli) -> None:
    edit(repo, "data/measures.yaml", "新增本地区“一件事”10项以上", "新增本地区“一件事”12项以上")
    out = cli("diff").stdout
    assert out == (
        "工作方案变更：HEAD → 工作区\n"
        "措施：\n"
        "  修改 措施 1 提升市场准入便利度：正文："
        "「…地区“一件事”10项以上。充分发挥…」→「…地区“一件事”12项以上。充分发挥…」\n"
        "对进度状态的影响：无（各指标各年度的状态均不变）\n"
    )


def test_register_settings_of_an_indicator_are_changes(repo: Repo, cli) -> None:
    """valid_years and source change what is counted: not "no change in the plan"."""
    edit(repo, "data/targets.yaml", "    valid_years: 3 ", "    valid_years: 2 ")
    out = cli("diff").stdout
    assert out == (
        "工作方案变更：HEAD → 工作区\n"
        "指标：\n"
        "  修改 high_tech_enterprises 高新技术企业总量：名录有效年限：3 → 2\n"
        "对进度状态的影响：\n"
        "  high_tech_enterprises 2023 年状态不变（未完成）；2024 年状态不变（滞后）\n"
    )
    edit(repo, "data/targets.yaml", "    valid_years: 2 ", "    source: register\n    valid_years: 3 ")
    lines = cli("diff").stdout.splitlines()
    assert lines[2] == "  修改 high_tech_enterprises 高新技术企业总量：实际值来源：reported → register"


def test_status_effect_of_source_register_counts_the_registers(repo: Repo, cli) -> None:
    """As plan status does: the new version's figure for a register indicator is counted (2200), not typed (2300)."""
    edit(repo, "data/actuals/2024.csv", "high_tech_enterprises,2024-Q3,2200", "high_tech_enterprises,2024-Q3,2300")
    repo.commit("2024年三季度高企数（录入有误）")
    edit(repo, "data/targets.yaml", "    valid_years: 3 ", "    source: register\n    valid_years: 3 ")
    lines = cli("diff").stdout.splitlines()
    assert lines[-1] == "  high_tech_enterprises 2023 年状态不变（未完成）；2024 年状态：已完成 → 滞后"


def test_deleted_indicator_still_referenced_by_actuals(repo: Repo, cli) -> None:
    path = repo.root / "data" / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: gazelles\n")
    path.write_text(text[:start] + text[text.index("  - id: unicorns\n") :], encoding="utf-8")

    validate = cli("validate")
    assert validate.exit_code == 1
    assert [line.split(": ")[0:2] for line in validate.stdout.splitlines()[:4]] == [
        ["data/actuals/2022.csv:6", "unknown-indicator"],
        ["data/actuals/2023.csv:14", "unknown-indicator"],
        ["data/actuals/2024.csv:13", "unknown-indicator"],
        ["data/actuals/2024.csv:14", "unknown-indicator"],
    ]

    result = cli("diff")
    assert result.exit_code == 0  # the diff still informs the reviewer; validate is the gate
    assert result.stdout == (
        "工作方案变更：HEAD → 工作区\n"
        "指标：\n"
        "  删除 gazelles 瞪羚（潜在）企业总量\n"
        "对进度状态的影响：\n"
        "  gazelles 2023 年状态：已完成 → 无；2024 年状态：略低于序时进度 → 无\n"
    )
    assert result.stderr.splitlines()[0] == "plan: 注意：工作区 版本的数据有 4 个错误："
    md = cli("diff", "--format", "markdown").stdout
    assert "#### ⚠️ 数据校验" in md
    assert "工作区 版本的数据有 4 个错误（plan validate 不会通过）：" in md


def test_unknown_revision_and_outside_a_repository(repo: Repo, cli, tmp_path: Path, monkeypatch) -> None:
    # an unknown revision is something the user typed: exit 2 (issue #10 §3; it was 1)
    result = cli("diff", "no-such-branch")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("未知的版本 'no-such-branch'：没有这个分支、标签或提交\n")
    later = cli("diff", "HEAD", "HEAD~5")
    assert later.exit_code == 2
    assert later.stderr.endswith("未知的版本 'HEAD~5'：没有这个分支、标签或提交\n")

    outside = tmp_path / "elsewhere"
    shutil.copytree(SHIPPED_DATA, outside / "data")
    monkeypatch.chdir(outside)
    for args in (["diff"], ["history", "gazelles"]):
        result = cli(*args)
        assert result.exit_code == 1
        assert result.stderr == "plan: 不在 git 仓库内：data；请在数据所在的 git 仓库中运行\n"


def test_revision_whose_plan_is_unreadable(repo: Repo, cli) -> None:
    (repo.root / "data" / "targets.yaml").write_text("indicators: [\n", encoding="utf-8")
    repo.commit("broken")
    result = cli("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 1
    first, second = result.stderr.splitlines()
    # (the parser's wording depends on whether libyaml is installed)
    assert first.startswith("HEAD:data/targets.yaml:2: YAML 格式错误：")
    assert second == "plan: 无法读取 HEAD 版本的工作方案数据"


# ---------------------------------------------------------------- plan history


def _history_repo(repo: Repo) -> list[str]:
    edit(repo, "data/targets.yaml", HTE_2025_OLD, HTE_2025_NEW)
    repo.commit("提高2025年高企目标\n\n依据郑开管文〔2024〕8号。", author="Li")
    edit(repo, "data/targets.yaml", "  - id: high_tech_enterprises\n", "  - id:   high_tech_enterprises   \n")
    edit(repo, "data/measures.yaml", "提升市场准入便利度。", "提升市场准入便利度。 ")
    repo.commit("只改格式")
    edit(repo, "data/targets.yaml", HTE_2024_OLD, HTE_2024_REVISED)
    repo.commit("2024年高企目标年中调整", author="Wang")
    return [repo.git("rev-parse", "--short", f"HEAD~{n}").strip() for n in (3, 2, 0)]


def test_history_of_an_indicator(repo: Repo, cli) -> None:
    init, raised, revised = _history_repo(repo)
    result = cli("history", "high_tech_enterprises")
    assert result.exit_code == 0
    assert result.stdout == (
        "high_tech_enterprises 高新技术企业总量目标的调整记录：\n"
        f"  2024-01-01  {init}  Tester  2023年：新增 2100 家  初始方案\n"
        "      依据：附件1：高新技术企业总量 2023年 2100（家）\n"
        f"  2024-01-01  {init}  Tester  2024年：新增 2300 家  初始方案\n"
        "      依据：附件1：高新技术企业总量 2024年 2300（家）\n"
        f"  2024-01-01  {init}  Tester  2025年：新增 2500 家  初始方案\n"
        "      依据：附件1：高新技术企业总量 2025年 2500（家）\n"
        f"  2024-01-02  {raised}  Li  2025年：2500 → 2600 家  提高2025年高企目标\n"
        "      依据：附件1：高新技术企业总量 2025年 2500（家） → 郑开管文〔2024〕8号\n"
        f"  2024-01-04  {revised}  Wang  2024年：2300 → 2400 家  2024年高企目标年中调整\n"
        "      新增修订（2024-07-01 起）：2400，郑开管文〔2024〕8号（2024-06-20）\n"
    )


def test_history_for_one_year_by_chinese_name_and_json(repo: Repo, cli) -> None:
    init, raised, _revised = _history_repo(repo)
    out = cli("history", "高新技术企业总量", "--year", "2025").stdout
    assert out == (
        "high_tech_enterprises 高新技术企业总量 2025 年目标的调整记录：\n"
        f"  2024-01-01  {init}  Tester  2025年：新增 2500 家  初始方案\n"
        "      依据：附件1：高新技术企业总量 2025年 2500（家）\n"
        f"  2024-01-02  {raised}  Li  2025年：2500 → 2600 家  提高2025年高企目标\n"
        "      依据：附件1：高新技术企业总量 2025年 2500（家） → 郑开管文〔2024〕8号\n"
    )
    doc = json.loads(cli("history", "high_tech_enterprises", "--year", "2024", "--format", "json").stdout)
    assert (doc["indicator"], doc["name"]) == ("high_tech_enterprises", "高新技术企业总量")
    last = doc["entries"][-1]
    assert (last["date"], last["author"], last["message"], last["old"], last["new"]) == (
        "2024-01-04T10:00:00+08:00",
        "Wang",
        "2024年高企目标年中调整",
        2300,
        2400,
    )
    assert last["commit"] == repo.git("rev-parse", "HEAD").strip()
    assert last["revisions"] == [
        {
            "field": "revision 2024-07-01",
            "old": None,
            "new": {"value": 2400, "document": "郑开管文〔2024〕8号", "document_date": "2024-06-20"},
        }
    ]
    lines = cli("history", "gazelles", "--year", "2024").stdout.splitlines()
    assert [line[:14] for line in lines if line.startswith("  2")] == ["  2024-01-01  "]  # never changed


def test_history_of_an_indicator_that_was_removed(repo: Repo, cli) -> None:
    path = repo.root / "data" / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - id: gazelles\n")] + text[text.index("  - id: unicorns\n") :])
    removed = repo.commit("删除瞪羚指标")
    out = cli("history", "gazelles", "--year", "2025").stdout
    assert out.splitlines()[-1] == f"  2024-01-02  {removed[:7]}  Tester  2025年：删除（原为 360 家）  删除瞪羚指标"


def test_history_skips_a_commit_whose_targets_file_is_broken(repo: Repo, cli) -> None:
    """A commit with unparseable YAML deleted nothing: the next readable version is compared with the last."""
    edit(repo, "data/targets.yaml", "  - id: tech_smes\n", "  - id: [tech_smes\n")
    repo.commit("误提交：YAML 写坏了")
    edit(repo, "data/targets.yaml", "  - id: [tech_smes\n", "  - id: tech_smes\n")
    edit(repo, "data/targets.yaml", HTE_2025_OLD, HTE_2025_NEW)
    fixed = repo.commit("修好并提高2025年高企目标")
    lines = cli("history", "high_tech_enterprises", "--year", "2025").stdout.splitlines()
    assert [line.split("  ")[4:6] for line in lines if line.startswith("  2")] == [
        ["2025年：新增 2500 家", "初始方案"],
        ["2025年：2500 → 2600 家", "修好并提高2025年高企目标"],
    ]
    assert fixed[:7] in lines[-2]


def test_history_unknown_indicator(repo: Repo, cli) -> None:
    result = cli("history", "gazelle")
    assert result.exit_code == 2  # an unknown indicator is a usage error (issue #10 §3; it was 1)
    assert result.stderr.endswith("git 历史中没有指标 'gazelle'（是不是“gazelles”？）\n")


def test_changed_actuals_are_listed_with_their_status_effect(repo: Repo, cli) -> None:
    edit(repo, "data/actuals/2024.csv", "gazelles,2024-Q3,322,", "gazelles,2024-Q3,335,")
    with (repo.root / "data" / "actuals" / "2024.csv").open("a", encoding="utf-8") as f:
        f.write("unicorns,2024-Q3,4,,创新发展局,示例数据（非官方统计）\n")
    result = cli("diff")
    assert result.exit_code == 0
    assert result.stdout == (
        "工作方案变更：HEAD → 工作区\n"
        "工作方案无变化\n"
        "实际数据：\n"
        "  修改 gazelles 2024-Q3：322 → 335\n"
        "  新增 unicorns 2024-Q3：4\n"
        "对进度状态的影响：\n"
        "  gazelles 2024 年状态：略低于序时进度 → 已完成\n"
        "  unicorns 2024 年状态：无数据 → 滞后\n"
    )
    doc = json.loads(cli("diff", "--format", "json").stdout)
    assert doc["plan_changed"] is False
    assert doc["actuals"][0] == {
        "indicator": "gazelles",
        "period": "2024-Q3",
        "basis": "increment",
        "change": "changed",
        "old": 322,
        "new": 335,
    }


def test_history_across_parallel_branches_and_a_merge(repo: Repo, cli) -> None:
    repo.git("checkout", "-q", "-b", "raise-hte")
    edit(repo, "data/targets.yaml", HTE_2025_OLD, HTE_2025_NEW)
    raised = repo.commit("提高2025年高企目标", author="Li")
    repo.git("checkout", "-q", "main")
    edit(repo, "data/targets.yaml", "2025: {value: 360,", "2025: {value: 370,")
    gazelles = repo.commit("提高2025年瞪羚目标", author="Wang")
    env = {"GIT_AUTHOR_DATE": "2024-01-05T10:00:00+08:00", "GIT_COMMITTER_DATE": "2024-01-05T10:00:00+08:00"}
    repo.git("merge", "-q", "--no-edit", "raise-hte", env=env)
    hte = cli("history", "high_tech_enterprises", "--year", "2025").stdout.splitlines()
    # each change is told once, by the commit that made it; the merge adds nothing
    assert [line for line in hte if line.startswith("  2")][1:] == [
        f"  2024-01-02  {raised[:7]}  Li  2025年：2500 → 2600 家  提高2025年高企目标"
    ]
    gaz = cli("history", "gazelles", "--year", "2025").stdout.splitlines()
    assert [line for line in gaz if line.startswith("  2")][1:] == [
        f"  2024-01-03  {gazelles[:7]}  Wang  2025年：360 → 370 家  提高2025年瞪羚目标"
    ]


def test_history_reports_a_merge_that_resolves_to_a_new_value(repo: Repo, cli) -> None:
    repo.git("checkout", "-q", "-b", "a")
    edit(repo, "data/targets.yaml", HTE_2025_OLD, HTE_2025_NEW)
    repo.commit("a: 2600")
    repo.git("checkout", "-q", "main")
    edit(repo, "data/targets.yaml", HTE_2025_OLD, HTE_2025_NEW.replace("2600", "2700"))
    repo.commit("main: 2700")
    env = {"GIT_AUTHOR_DATE": "2024-01-05T10:00:00+08:00", "GIT_COMMITTER_DATE": "2024-01-05T10:00:00+08:00"}
    with pytest.raises(subprocess.CalledProcessError):  # both sides changed the same line: a conflict
        repo.git("merge", "-q", "--no-edit", "a", env=env)
    edit(repo, "data/targets.yaml", "<<<<<<< HEAD\n", "")
    text = (repo.root / "data" / "targets.yaml").read_text(encoding="utf-8")
    resolved = "      2025: {value: 2650, source: 协调}\n"
    text = re.sub(r"      2025: \{value: 2700.*\n=======\n.*\n>>>>>>> a\n", resolved, text)
    (repo.root / "data" / "targets.yaml").write_text(text, encoding="utf-8")
    merge = repo.commit("Merge a: 折中为 2650")
    out = cli("history", "high_tech_enterprises", "--year", "2025").stdout
    lines = [x for x in out.splitlines() if x.startswith("  2")]
    assert [x.split("  ")[3:5] for x in lines] == [
        ["Tester", "2025年：新增 2500 家"],
        ["Tester", "2025年：2500 → 2600 家"],
        ["Tester", "2025年：2500 → 2700 家"],
        ["Tester", "2025年：2700 → 2650 家"],
    ]
    assert lines[-1].split("  ")[2] == merge[:7]


def test_history_survives_an_invalid_version(repo: Repo, cli) -> None:
    edit(repo, "data/targets.yaml", HTE_2025_OLD, "2025: 2550")  # not a target mapping: invalid
    bad = repo.commit("写错了")
    edit(repo, "data/targets.yaml", "2025: 2550", HTE_2025_NEW)
    fixed = repo.commit("改正")
    lines = [x for x in cli("history", "high_tech_enterprises", "--year", "2025").stdout.splitlines() if x[:3] == "  2"]
    assert lines[1:] == [
        f"  2024-01-02  {bad[:7]}  Tester  2025年：2500 → 2550 家  写错了",
        f"  2024-01-03  {fixed[:7]}  Tester  2025年：2550 → 2600 家  改正",
    ]


def test_swapped_lead_units_are_a_change(repo: Repo, cli) -> None:
    # Measure 17 names two lead units; the document lists 创新协同中心 first, and every output shows them in
    # that order (the first leads). Swapping them changes the plan as it reads: plan diff says so.
    edit(
        repo,
        "data/measures.yaml",
        "    lead_units:\n      - 创新协同中心\n      - 创新发展局\n",
        "    lead_units:\n      - 创新发展局\n      - 创新协同中心\n",
    )
    result = cli("diff")
    assert result.exit_code == 0
    assert result.stdout == (
        "工作方案变更：HEAD → 工作区\n"
        "措施：\n"
        "  修改 措施 17 完善助企服务平台：牵头单位：创新协同中心、创新发展局 → 创新发展局、创新协同中心\n"
        "对进度状态的影响：无（各指标各年度的状态均不变）\n"
    )
    measures = json.loads(cli("diff", "--format", "json").stdout)["measures"]
    assert measures[0]["fields"] == [
        {"field": "lead_units", "old": ["创新协同中心", "创新发展局"], "new": ["创新发展局", "创新协同中心"]}
    ]
