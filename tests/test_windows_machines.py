"""On the machines the office has (issue #10 §6): GBK code pages, Chinese paths with spaces."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, SHIPPED_DATA


def _plan(*args: str | Path, encoding: str = "gbk") -> subprocess.CompletedProcess[bytes]:
    """``plan`` in a real process whose stdout/stderr are pipes in the given code page (as on Chinese Windows)."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(REPO / "src")}
    env.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, "-m", "zzgx_plan", *map(str, args)], capture_output=True, env=env, check=False, timeout=120
    )


def test_redirected_report_is_utf8_under_a_gbk_code_page() -> None:
    # before: UnicodeEncodeError on the ░ of the progress bars, exit 1
    result = _plan("report", "2024-Q3", "--stdout", "--data", SHIPPED_DATA)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    text = result.stdout.decode("utf-8")  # strict: UTF-8 whatever the code page
    assert "░" in text and "推进情况报告" in text


def test_tables_and_errors_are_utf8_under_a_gbk_code_page() -> None:
    table = _plan("status", "2024", "--data", SHIPPED_DATA)
    assert table.returncode == 0
    assert "年新增市场主体" in table.stdout.decode("utf-8")
    error = _plan("status", "2030", "--data", SHIPPED_DATA)
    assert error.returncode == 2
    assert "2030 年不在方案期 2023–2025 年内" in error.stderr.decode("utf-8")


def test_word_report_is_not_written_to_a_terminal(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("zzgx_plan.cli.report.stdout_is_terminal", lambda: True)
    result = cli("report", "2024-Q3", "--format", "docx", "--stdout", "--data", SHIPPED_DATA)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Word 报告是二进制文件，不能显示在终端上" in result.stderr
    # redirected, it is written as it is: a Word file (a zip archive)
    monkeypatch.setattr("zzgx_plan.cli.report.stdout_is_terminal", lambda: False)
    piped = cli("report", "2024-Q3", "--format", "docx", "--stdout", "--data", SHIPPED_DATA)
    assert piped.exit_code == 0
    assert piped.stdout_bytes.startswith(b"PK")


def test_chinese_paths_with_spaces_work_in_every_option(cli, tmp_path: Path) -> None:
    data = tmp_path / "方案 数据"
    shutil.copytree(SHIPPED_DATA, data)
    status = cli("status", "2024", "--format", "json", "--data", data)
    assert status.exit_code == 0, status.stderr
    # a template into a folder with a space, filled in and imported back from there
    folder = tmp_path / "报送 模板"
    folder.mkdir()
    made = cli("template", "2024-Q4", "--unit", "市场监管局", "-o", folder, "--data", data)
    assert made.exit_code == 0, made.stderr
    assert len(list(folder.glob("*.xlsx"))) == 1
    sheet = tmp_path / "各单位 报送" / "市场 监管局 2024年四季度.csv"
    sheet.parent.mkdir()
    sheet.write_text("指标,期间,数值\n“免证办”事项,2024-Q4,455\n", encoding="gb18030")
    imported = cli("import", sheet, "--data", data)
    assert imported.exit_code == 0, imported.stderr
    assert "455" in (data / "actuals" / "2024.csv").read_text(encoding="utf-8")
    report = tmp_path / "报告 输出" / "2024年 第四季度.md"
    report.parent.mkdir()
    written = cli("report", "2024-Q4", "-o", report, "--data", data)
    assert written.exit_code == 0, written.stderr
    assert report.read_text(encoding="utf-8").startswith("# ")
