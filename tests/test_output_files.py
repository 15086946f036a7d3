"""Files written for people (#14 item 4): created without replacing in one step, and only regular files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zzgx_plan.cli import app
from zzgx_plan.files import atomic
from zzgx_plan.files.atomic import NotRegularFile, write_output_bytes

from .conftest import SHIPPED_DATA

EPOCH = {"SOURCE_DATE_EPOCH": "1735603200"}
runner = CliRunner()


def _report(out: Path, *extra: str):
    return runner.invoke(app, ["report", "2024-Q3", "--data", str(SHIPPED_DATA), "-o", str(out), *extra], env=EPOCH)


def test_a_file_created_meanwhile_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program creates the report file after the tool looked: the tool must not replace it
    (before: an exists() check, then a rename over whatever was there by then)."""
    out = tmp_path / "2024-Q3.md"
    real_mkstemp = tempfile.mkstemp

    def mkstemp_then_someone_writes(*args: object, **kwargs: object) -> tuple[int, str]:
        made = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        out.write_text("a colleague's edited report\n", encoding="utf-8")
        return made

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp_then_someone_writes)
    result = _report(out)
    assert result.exit_code == 1
    assert "已存在" in result.stderr and "未写入" in result.stderr
    assert out.read_text(encoding="utf-8") == "a colleague's edited report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-Q3.md"]  # no temporary file left


def test_a_dangling_symlink_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "2024-Q3.md"
    out.symlink_to(tmp_path / "elsewhere" / "target.md")
    result = _report(out)
    assert result.exit_code == 1
    assert out.is_symlink() and not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("kind", ["fifo", "symlink", "device"])
def test_force_replaces_only_a_regular_file(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "2024-Q3.md"
    victim = tmp_path / "victim.md"
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "symlink":
        victim.write_text("keep\n", encoding="utf-8")
        out.symlink_to(victim)
    else:
        if os.geteuid() != 0:
            pytest.skip("creating a device node needs root")
        os.mknod(out, 0o600 | 0o020000, os.makedev(1, 3))  # a character device like /dev/null
    result = _report(out, "--force")
    assert result.exit_code == 1
    assert "不是普通文件" in result.stderr
    if kind == "fifo":
        assert not out.is_file() and out.exists()
    elif kind == "symlink":
        assert out.is_symlink() and victim.read_text(encoding="utf-8") == "keep\n"
    else:
        assert out.is_char_device()


def test_force_replaces_a_regular_file_keeping_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "2024-Q3.md"
    out.write_text("old\n", encoding="utf-8")
    os.chmod(out, 0o600)
    result = _report(out, "--force")
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("#")
    assert out.stat().st_mode & 0o777 == 0o600


def test_write_output_bytes_creates_only_where_nothing_is(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.csv"
    write_output_bytes(target, b"one\n")
    assert target.read_bytes() == b"one\n" and target.stat().st_mode & 0o777 == 0o644
    with pytest.raises(FileExistsError):
        write_output_bytes(target, b"two\n")
    assert target.read_bytes() == b"one\n"
    write_output_bytes(target, b"two\n", replace=True)
    assert target.read_bytes() == b"two\n"
    (tmp_path / "d").mkdir()
    with pytest.raises(NotRegularFile):
        write_output_bytes(tmp_path / "d", b"x", replace=True)
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["a.csv"]


def test_without_hard_links_the_name_is_still_claimed_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without hard links (a network share) the fallback claims the name with O_EXCL."""

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    target = tmp_path / "a.md"
    write_output_bytes(target, b"one\n")
    assert target.read_bytes() == b"one\n"
    with pytest.raises(FileExistsError):
        write_output_bytes(target, b"two\n")
    assert target.read_bytes() == b"one\n"


def test_unit_names_cannot_lead_template_files_out_of_the_folder(cli, data_dir: Path, tmp_path: Path) -> None:
    """A unit named ``../../市场监管局`` (data, from a pull request) must not make ``--unit all`` write
    outside ``-o DIR``: file names built from data are sanitised."""
    measures = data_dir / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    unit = "  - name: 市场监管局\n    kind: department\n    aliases:\n      - 市场监督管理局\n"
    assert unit in text
    measures.write_text(
        text.replace(
            unit,
            "  - name: ../../市场监管局\n    kind: department\n    aliases:\n      - 市场监督管理局\n"
            "      - 市场监管局\n",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out" / "templates"
    result = cli("template", "2024-Q4", "--unit", "all", "-o", out, "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.xlsx"))
    assert "out/templates/2024-Q4-.._.._市场监管局.xlsx" in written
    assert all(name.startswith("out/templates/") and name.count("/") == 2 for name in written)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("2024-Q4-市场监管局.xlsx", "2024-Q4-市场监管局.xlsx"),
        ("../x", "_x"),
        ("a/b\\c:d", "a_b_c_d"),
        ("..", "_"),
        (".hidden", "hidden"),
        ("CON.xlsx", "_CON.xlsx"),
        ("a\x00b\nc", "a_b_c"),
        ("x.", "x"),
    ],
)
def test_safe_file_name(text: str, name: str) -> None:
    from zzgx_plan.files.names import safe_file_name

    assert safe_file_name(text) == name
