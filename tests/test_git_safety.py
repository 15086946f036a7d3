"""Git is asked safely: a repository's own settings run no program, reads take no lock, a shallow clone says so."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_DATA
from tests.gitutil import Repo
from zzgx_plan.report.datastamp import StampSource, data_stamp

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

HTE_2025_OLD = '2025: {value: 2500, source: "附件1：高新技术企业总量 2025年 2500（家）"}'
HTE_2025_NEW = '2025: {value: 2600, source: "郑开管文〔2024〕8号"}'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    r = Repo(tmp_path / "plan-data")
    shutil.copytree(SHIPPED_DATA, r.root / "data")
    r.commit("初始方案")
    monkeypatch.chdir(r.root)
    monkeypatch.delenv("PLAN_DATA", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return r


def _script(path: Path, body: str) -> Path:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def test_a_repositorys_fsmonitor_and_hooks_run_nothing(repo: Repo, cli, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = _script(tmp_path / "payload.sh", f"echo ran >> {marker}")
    repo.git("config", "core.fsmonitor", str(payload))  # git status would run it
    for hook in ("post-checkout", "post-index-change", "reference-transaction"):
        _script(repo.root / ".git" / "hooks" / hook, f"echo {hook} >> {marker}")
    assert data_stamp(repo.root / "data").source is StampSource.GIT  # runs git status and git log
    assert cli("report", "2024-Q3", "--stdout").exit_code == 0
    assert cli("diff", "HEAD").exit_code == 0
    assert cli("history", "high_tech_enterprises").exit_code == 0
    assert not marker.exists(), marker.read_text(encoding="utf-8")


def test_every_git_call_is_read_only_and_safe(repo: Repo, cli, tmp_path: Path, monkeypatch) -> None:
    log = tmp_path / "calls.log"
    real = shutil.which("git")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _script(bin_dir / "git", f'echo "$GIT_OPTIONAL_LOCKS $*" >> {log}\nexec {real} "$@"')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    data_stamp(repo.root / "data")
    assert cli("diff", "HEAD").exit_code == 0
    assert cli("history", "high_tech_enterprises").exit_code == 0
    calls = [c for c in log.read_text(encoding="utf-8").split("\n") if c]  # (format strings hold \x1e)
    assert any(" status " in c for c in calls) and any(" log " in c for c in calls)  # datastamp's, logged
    for call in calls:
        # 0: no index.lock taken by a read (a shared checkout); the repository's fsmonitor and hooks are off
        assert call.startswith("0 -c core.fsmonitor=false -c core.hooksPath=/dev/null "), call


def test_history_in_a_shallow_clone_does_not_invent_the_origin(repo: Repo, cli, tmp_path: Path, monkeypatch) -> None:
    text = (repo.root / "data" / "targets.yaml").read_text(encoding="utf-8")
    (repo.root / "data" / "targets.yaml").write_text(text.replace(HTE_2025_OLD, HTE_2025_NEW), encoding="utf-8")
    raised = repo.commit("提高2025年高企目标", author="Li")
    (repo.root / "data" / "measures.yaml").write_text(
        (repo.root / "data" / "measures.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    repo.commit("只改measures")
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(shallow)], check=True, capture_output=True
    )
    monkeypatch.chdir(shallow)
    result = cli("history", "high_tech_enterprises")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # depth 2: the raise (HEAD~1) is the earliest commit the clone has; its parent, the initial plan, is cut off.
    # Its targets are not "新增" (added) there: nothing at all is reported for it, and a notice says why.
    assert lines[0] == "high_tech_enterprises 高新技术企业总量目标的调整记录："
    assert lines[1].startswith(f"  注意：这是浅克隆（shallow clone），2024-01-02 {raised[:7]} 之前的历史不在本地")
    assert "新增" not in result.stdout
    assert lines[2] == "  （git 历史中没有调整）"
    as_json = cli("history", "high_tech_enterprises", "--format", "json")
    doc = json.loads(as_json.stdout)
    assert doc["entries"] == []
    assert doc["shallow"]["history_starts_at"] == raised
    # a full clone of the same history tells the initial targets as added, and the raise
    full = tmp_path / "full"
    subprocess.run(["git", "clone", "-q", f"file://{repo.root}", str(full)], check=True, capture_output=True)
    monkeypatch.chdir(full)
    told = cli("history", "high_tech_enterprises", "--year", "2025").stdout.splitlines()
    assert [line.split("  ")[4] for line in told if line.startswith("  2024-")] == [
        "2025年：新增 2500 家",
        "2025年：2500 → 2600 家",
    ]
