"""Hostile data directories (#14 items 1, 3, 6, 11, 14): a committed journal, unreadable folders, FIFOs and
links, undecodable file names, read-only directories and odd lock paths are located refusals — never a hang,
an internal error, a file read from outside the data directory or a file moved by someone else's journal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from zzgx_plan.files import reading
from zzgx_plan.files.transaction import JOURNAL_NAME, LOCK_NAME

from .conftest import SHIPPED_DATA
from .support.hostile import run_plan, shared_copy

RECORD = ("record", "gazelles", "2024-Q3", "330", "--replace")


@pytest.fixture
def top() -> object:
    with shared_copy(SHIPPED_DATA) as folder:
        yield folder


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name != LOCK_NAME
    }


# --------------------------------------------------------------------------- 1. the journal is not trusted


def test_committed_journal_cannot_move_one_data_file_over_another(top: Path) -> None:
    data = top / "data"
    (data / JOURNAL_NAME).write_text(
        json.dumps([{"tmp": "actuals/2024.csv", "target": "actuals/2023.csv"}]), encoding="utf-8"
    )
    before = _snapshot(data)
    result = run_plan(*RECORD, cwd=top)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"data/{JOURNAL_NAME}: 写入日志无效（第 1 项：'actuals/2024.csv' 不是本工具为 ")
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert _snapshot(data) == before  # 2023 figures intact, and nothing recorded either


def test_committed_journal_cannot_plant_a_git_hook(top: Path) -> None:
    data = top / "data"
    (top / ".git" / "hooks").mkdir(parents=True)
    (data / "actuals" / ".plan-tmp.pre-commit.x.tmp").write_text("#!/bin/sh\necho pwned\n", encoding="utf-8")
    (data / JOURNAL_NAME).write_text(
        json.dumps([{"tmp": "actuals/.plan-tmp.pre-commit.x.tmp", "target": "../.git/hooks/pre-commit"}]),
        encoding="utf-8",
    )
    result = run_plan(*RECORD, cwd=top)
    assert result.exit_code == 1
    assert "目标 '../.git/hooks/pre-commit' 不是数据目录中的数据文件" in result.stderr
    assert not (top / ".git" / "hooks" / "pre-commit").exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "内容不是有效的 JSON"),
        ('{"tmp": "a", "target": "b"}', "内容不是写入清单"),
        ('[{"tmp": "actuals/.plan-tmp.2023.csv.a.tmp", "target": "actuals/2023.csv", "x": 1}]', "第 1 项：应只有"),
        ('[{"tmp": "actuals/.plan-tmp.x.a.tmp", "target": "/etc/x.csv"}]', "第 1 项：目标 '/etc/x.csv'"),
        ("\xff\xfe", "内容不是有效的 JSON"),
    ],
)
def test_a_journal_that_does_not_parse_is_reported(top: Path, content: str, reason: str) -> None:
    data = top / "data"
    (data / JOURNAL_NAME).write_bytes(content.encode("latin-1") if content.startswith("\xff") else content.encode())
    result = run_plan(*RECORD, cwd=top)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"data/{JOURNAL_NAME}: 写入日志无效（{reason}")
    assert "内部错误" not in result.stderr


def test_leftover_journal_is_reported_by_validate_and_readers(top: Path) -> None:
    """A kill during the renames leaves a mix of old and new files: validate must not pass it."""
    data = top / "data"
    (data / JOURNAL_NAME).write_text("[]", encoding="utf-8")
    result = run_plan("validate", cwd=top)
    assert result.exit_code == 1
    shown = result.stdout + result.stderr  # (validate lists problems on stdout)
    assert f"data/{JOURNAL_NAME}: journal-pending: 上次写入（plan import 或 plan record）在途中被中断" in shown
    status = run_plan("status", "2024", cwd=top)
    assert status.exit_code == 1
    assert f"data/{JOURNAL_NAME}: 上次写入" in status.stderr
    # the next writer finishes (here: an empty) commit, and the data is whole again
    assert run_plan(*RECORD, cwd=top).exit_code == 0
    assert not (data / JOURNAL_NAME).exists()
    assert run_plan("validate", cwd=top).exit_code == 0


# --------------------------------------------------------------------------- 3. unreadable folders


@pytest.mark.parametrize("folder", ["actuals", "progress", "registers"])
def test_an_unreadable_folder_is_an_error_not_an_empty_one(top: Path, folder: str) -> None:
    os.chmod(top / "data" / folder, 0)
    result = run_plan("validate", cwd=top, unprivileged=True)
    assert result.exit_code == 1, result.stderr
    assert f"data/{folder}: folder-unreadable: 无法读取这个文件夹（没有读取权限），其中的文件都未检查" in result.output
    if folder != "registers":  # (status reads no registers)
        status = run_plan("status", "2024", cwd=top, unprivileged=True)
        assert status.exit_code == 1
        assert f"data/{folder}: 无法读取这个文件夹" in status.stderr


def test_an_unreadable_subfolder_is_an_error(top: Path) -> None:
    sub = top / "data" / "actuals" / "archive"
    sub.mkdir()
    (sub / "2022.csv").write_text("indicator,period,value\n", encoding="utf-8")
    os.chmod(sub, 0)
    result = run_plan("validate", cwd=top, unprivileged=True)
    assert result.exit_code == 1
    assert "data/actuals/archive: folder-unreadable: " in result.output


def test_an_unreadable_file_is_an_error_in_chinese(top: Path) -> None:
    os.chmod(top / "data" / "actuals" / "2023.csv", 0)
    result = run_plan("validate", cwd=top, unprivileged=True)
    assert result.exit_code == 1
    assert "data/actuals/2023.csv: file-unreadable: " in result.output
    assert "没有读取权限" in result.output


# --------------------------------------------------------------------------- 6. FIFOs, links, sizes


@pytest.mark.parametrize("name", ["actuals/2021.csv", "progress/2024-Q1.yaml", "registers/fifo.csv", "targets.yaml"])
def test_a_fifo_is_refused_without_hanging(top: Path, name: str) -> None:
    path = top / "data" / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    result = run_plan("validate", cwd=top)  # a hang fails after the guard (run_plan's timeout)
    assert result.exit_code == 1
    assert f"data/{name}: file-not-regular: 这不是普通文件（而是命名管道），未读取" in result.output


def test_a_link_out_of_the_data_directory_is_refused_by_name(top: Path) -> None:
    (top / "data" / "actuals" / "passwd.csv").symlink_to("/etc/passwd")
    (top / "data" / "progress" / "zero.yaml").symlink_to("/dev/zero")
    (top / "data" / "registers" / "loop.csv").symlink_to("loop.csv")
    result = run_plan("validate", cwd=top)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "data/actuals/passwd.csv: symlink-outside: 这是指向数据目录之外（/etc/passwd）的符号链接，未读取" in lines[0]
    assert "data/progress/zero.yaml: symlink-outside: 这是指向数据目录之外（/dev/zero）的符号链接" in result.output
    assert "data/registers/loop.csv: symlink-broken: 这个符号链接无法打开（符号链接循环）" in result.output
    assert "root:" not in result.stderr + result.stdout  # not one byte of /etc/passwd


def test_a_link_inside_the_data_directory_is_read(top: Path) -> None:
    actuals = top / "data" / "actuals"
    (actuals / "2024.csv").rename(top / "data" / "2024-real.csv")
    (actuals / "2024.csv").symlink_to("../2024-real.csv")
    assert run_plan("validate", cwd=top).exit_code == 0


def test_a_file_over_its_cap_is_refused(cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = (data_dir / "actuals" / "2024.csv").stat().st_size
    monkeypatch.setitem(reading.LIMITS, "actuals", reading.Limit("完成值 CSV", 1000))
    assert size > 1000
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    expected = f"actuals/2024.csv: file-too-large: 文件大小 {reading.size_text(size)}，超过完成值 CSV的上限 1000 字节"
    assert expected in result.stdout + result.stderr


# --------------------------------------------------------------------------- 11. undecodable names


def test_a_file_name_that_is_not_utf8_is_reported_and_the_rest_checked(top: Path) -> None:
    actuals = os.fsencode(top / "data" / "actuals")
    with open(actuals + b"/\xb1\xa8\xcb\xcd.csv", "wb") as fh:  # 报送 in GBK
        fh.write(b"indicator,period,value\n")
    bad = top / "data" / "actuals" / "2023.csv"
    bad.write_text(bad.read_text(encoding="utf-8") + "gazelles,2023-Q9,1,,,\n", encoding="utf-8")
    result = run_plan("validate", cwd=top)
    assert result.exit_code == 1
    assert "data/actuals/\\xb1\\xa8\\xcb\\xcd.csv: file-name-undecodable: 文件名不是有效的 UTF-8 编码" in result.output
    assert "data/actuals/2023.csv:" in result.output  # the other files are checked as usual
    assert "内部错误" not in result.stderr
    assert run_plan("status", "2024", cwd=top).exit_code == 1


# --------------------------------------------------------------------------- 14. read-only data, odd lock paths


def test_a_read_only_data_directory_is_a_located_refusal(top: Path) -> None:
    data = top / "data"
    (data / LOCK_NAME).unlink(missing_ok=True)
    before = _snapshot(data)
    for folder in (data, data / "actuals"):
        os.chmod(folder, 0o555)
    result = run_plan(*RECORD, cwd=top, unprivileged=True)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("data/")
    assert "无法写入（没有写入权限）" in result.stderr, result.stderr  # a write, not a read, was refused
    assert "内部错误" not in result.stderr
    assert _snapshot(data) == before


def test_a_read_only_actuals_file_is_not_replaced(top: Path) -> None:
    data = top / "data"
    target = data / "actuals" / "2024.csv"
    os.chmod(target, 0o444)
    before = _snapshot(data)
    result = run_plan(*RECORD, cwd=top, unprivileged=True)
    assert result.exit_code == 1, result.stdout
    assert "data/actuals/2024.csv: 无法写入（文件是只读的），数据未改动" in result.stderr
    assert _snapshot(data) == before


@pytest.mark.parametrize("kind", ["directory", "symlink"])
def test_a_lock_path_that_is_not_a_file_is_refused(top: Path, kind: str) -> None:
    data = top / "data"
    lock = data / LOCK_NAME
    victim = top / "precious.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    lock.unlink(missing_ok=True)
    if kind == "directory":
        lock.mkdir()
    else:
        lock.symlink_to(victim)
    before = _snapshot(data)
    result = run_plan(*RECORD, cwd=top)
    assert result.exit_code == 1
    label = "文件夹" if kind == "directory" else "符号链接"
    assert result.stderr.startswith(f"data/{LOCK_NAME}: 锁文件的位置是一个{label}，不是普通文件")
    assert victim.read_text(encoding="utf-8") == "keep me\n"  # the link's target was not truncated
    assert _snapshot(data) == before


def test_a_fifo_as_the_load_cache_file_does_not_hang(top: Path) -> None:
    from zzgx_plan.load import cache

    cache_dir = top / "cache"
    cache_dir.mkdir(mode=0o700)
    os.chmod(cache_dir, 0o700)
    fifo = cache._cache_file(cache_dir, top / "data")
    os.mkfifo(fifo, 0o600)
    result = run_plan("status", "2024", cwd=top, env={"PLAN_CACHE": "on", "PLAN_CACHE_DIR": str(cache_dir)})
    assert result.exit_code == 0, result.stderr
    assert "不是普通文件，已忽略" in result.stderr


def test_a_fifo_given_as_the_plan_document_is_refused(tmp_path: Path) -> None:
    """``plan init --from plan.docx`` where plan.docx is a FIFO: refused by name, not waited on."""
    from zzgx_plan.newplan.source import DocumentError, read_document

    fifo = tmp_path / "方案.docx"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="这不是普通文件（而是命名管道），未读取"):
        read_document(fifo)


def test_review_reads_working_tree_files_like_every_reader(tmp_path: Path) -> None:
    """``plan diff``/``history`` read the working tree through the same checks: a link out of the repository
    or a FIFO is refused by name, never read (or waited on)."""
    from zzgx_plan.review.git import WORKTREE, GitError, read_file

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "targets.yaml").symlink_to("/etc/passwd")
    os.mkfifo(tmp_path / "data" / "measures.yaml")
    (tmp_path / "data" / "ok.yaml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(GitError, match="这是指向数据目录之外（/etc/passwd）的符号链接，未读取"):
        read_file(tmp_path, WORKTREE, "data/targets.yaml")
    with pytest.raises(GitError, match="这不是普通文件（而是命名管道）"):
        read_file(tmp_path, WORKTREE, "data/measures.yaml")
    assert read_file(tmp_path, WORKTREE, "data/ok.yaml") == b"a: 1\n"
    assert read_file(tmp_path, WORKTREE, "data/missing.yaml") is None
