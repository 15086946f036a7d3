"""Git access: repository top, files at revisions, the commit log of a path, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitutil import Repo
from zzgx_plan.review import git as gitrepo
from zzgx_plan.review.git import WORKTREE, GitError


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "plan-data")
    r.write("data/targets.yaml", "a: 1\n")
    r.write("data/actuals/2024.csv", "indicator,period,value\n")
    r.commit("初始目标")
    r.write("data/targets.yaml", "a: 2\n")
    r.commit("调整目标\n\n依据郑开管文〔2024〕1号。", author="Li")
    r.write("README.md", "x\n")
    r.commit("unrelated")
    return r


def test_repo_top_from_any_folder_inside(repo: Repo) -> None:
    top = repo.root.resolve()
    assert gitrepo.repo_top(repo.root) == top
    assert gitrepo.repo_top(repo.root / "data" / "actuals") == top
    # a file, and a path that does not exist yet, resolve through their existing parent
    assert gitrepo.repo_top(repo.root / "data" / "targets.yaml") == top
    assert gitrepo.repo_top(repo.root / "data" / "new" / "x.yaml") == top


def test_repo_top_outside_a_repository(tmp_path: Path) -> None:
    outside = tmp_path / "not-a-repo"
    outside.mkdir()
    with pytest.raises(GitError, match="不在 git 仓库内") as info:
        gitrepo.repo_top(outside)
    assert str(outside) in info.value.message


def test_relative_path(repo: Repo) -> None:
    top = gitrepo.repo_top(repo.root)
    assert gitrepo.relative_path(top, repo.root / "data") == "data"
    assert gitrepo.relative_path(top, repo.root / "data" / "actuals" / "2024.csv") == "data/actuals/2024.csv"
    assert gitrepo.relative_path(top, repo.root) == "."
    with pytest.raises(GitError, match="不在仓库"):
        gitrepo.relative_path(top, repo.root.parent)


def test_read_file_at_revisions_and_worktree(repo: Repo) -> None:
    top = gitrepo.repo_top(repo.root)
    assert gitrepo.read_file(top, "HEAD", "data/targets.yaml") == b"a: 2\n"
    assert gitrepo.read_file(top, "HEAD~2", "data/targets.yaml") == b"a: 1\n"
    assert gitrepo.read_file(top, "HEAD~2", "README.md") is None
    repo.write("data/targets.yaml", "a: 3\n")
    assert gitrepo.read_file(top, WORKTREE, "data/targets.yaml") == b"a: 3\n"
    assert gitrepo.read_file(top, WORKTREE, "data/missing.yaml") is None


def test_unknown_revision(repo: Repo) -> None:
    top = gitrepo.repo_top(repo.root)
    for rev in ("no-such-branch", "HEAD~9", "deadbeef", "--all", ""):
        with pytest.raises(GitError) as info:
            gitrepo.read_file(top, rev, "data/targets.yaml")
        assert info.value.message == f"未知的版本 {rev!r}：没有这个分支、标签或提交"


def test_resolve_revision_names(repo: Repo) -> None:
    top = gitrepo.repo_top(repo.root)
    head = repo.git("rev-parse", "HEAD").strip()
    repo.git("tag", "v1", "HEAD~1")
    assert gitrepo.resolve_revision(top, "HEAD") == head
    assert gitrepo.resolve_revision(top, "main") == head
    assert gitrepo.resolve_revision(top, head[:8]) == head
    assert gitrepo.resolve_revision(top, "v1") == repo.git("rev-parse", "HEAD~1").strip()


def test_list_and_export_folder(repo: Repo, tmp_path: Path) -> None:
    top = gitrepo.repo_top(repo.root)
    assert gitrepo.list_files(top, "HEAD", "data") == ["data/actuals/2024.csv", "data/targets.yaml"]
    repo.write("data/extra.yaml", "b: 1\n")
    assert gitrepo.list_files(top, WORKTREE, "data") == [
        "data/actuals/2024.csv",
        "data/extra.yaml",
        "data/targets.yaml",
    ]
    out = gitrepo.export_folder(top, "HEAD~2", "data", tmp_path / "export")
    assert out == tmp_path / "export" / "data"
    assert (out / "targets.yaml").read_text() == "a: 1\n"
    assert (out / "actuals" / "2024.csv").read_text() == "indicator,period,value\n"
    assert not (tmp_path / "export" / "README.md").exists()
    # a folder absent at that revision exports as an empty folder
    empty = gitrepo.export_folder(top, "HEAD", "nothing", tmp_path / "export2")
    assert empty.is_dir() and list(empty.iterdir()) == []


def test_path_log_newest_first_with_metadata(repo: Repo) -> None:
    top = gitrepo.repo_top(repo.root)
    log = gitrepo.path_log(top, "data/targets.yaml")
    assert [(c.day, c.author, c.subject, c.path) for c in log] == [
        ("2024-01-02", "Li", "调整目标", "data/targets.yaml"),
        ("2024-01-01", "Tester", "初始目标", "data/targets.yaml"),
    ]
    assert log[0].message == "调整目标\n\n依据郑开管文〔2024〕1号。"
    assert log[0].date == "2024-01-02T10:00:00+08:00"
    assert log[0].hash == repo.git("rev-parse", "HEAD~1").strip()
    assert log[0].short == log[0].hash[: len(log[0].short)] and len(log[0].short) >= 7


def test_path_log_follows_renames(repo: Repo) -> None:
    repo.git("mv", "data/targets.yaml", "data/目标.yaml")
    repo.commit("rename targets")
    repo.write("data/目标.yaml", "a: 4\n")
    repo.commit("raise a")
    top = gitrepo.repo_top(repo.root)
    log = gitrepo.path_log(top, "data/目标.yaml")
    assert [(c.subject, c.path) for c in log] == [
        ("raise a", "data/目标.yaml"),
        ("rename targets", "data/目标.yaml"),
        ("调整目标", "data/targets.yaml"),
        ("初始目标", "data/targets.yaml"),
    ]
    # each commit's path reads back that commit's version
    assert [gitrepo.read_file(top, c.hash, c.path) for c in log] == [
        b"a: 4\n",
        b"a: 2\n",
        b"a: 2\n",
        b"a: 1\n",
    ]


def test_path_log_of_empty_repository(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "empty")
    assert gitrepo.path_log(gitrepo.repo_top(repo.root), "data/targets.yaml") == []
