"""One rule for exit codes in every command (issue #10 §3).

Exit 2 for what the user typed wrong: a bad period or one outside the plan, an unknown unit or
indicator, a bad option, a bad value typed on the command line, an unknown git revision, a
malformed 统一社会信用代码, a file to import that does not exist. Exit 1 for data files that are
wrong and for refusals. Every command is run here with a bad period, a bad unit and a bad
indicator; a command that takes no such input gets it as an option it does not have, which is
also something typed wrong (exit 2). The table must name every command ``plan`` has.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.gitutil import Repo
from zzgx_plan.cli.commands import COMMAND_MODULES

BAD_PERIOD = "2024-Q5"
OUTSIDE = "2030-Q1"
BAD_UNIT = "无此单位"
BAD_INDICATOR = "无此指标"

#: command → {what is wrong: the arguments}. ``--no-such-option`` marks inputs a command does not take.
CASES: dict[str, dict[str, list[str]]] = {
    "status": {
        "period": ["status", "2024", "--as-of", BAD_PERIOD],
        "outside": ["status", "2030"],
        "unit": ["status", "2024", "--unit", BAD_UNIT],
        "indicator": ["status", "2024", "--indicator", BAD_INDICATOR],
    },
    "report": {
        "period": ["report", BAD_PERIOD, "--stdout"],
        "outside": ["report", OUTSIDE, "--stdout"],
        "month": ["report", "2024-09", "--stdout"],
        "unit": ["report", "2024-Q3", "--stdout", "--unit", BAD_UNIT],
        "indicator": ["report", "2024-Q3", "--stdout", "--indicator", BAD_INDICATOR],
    },
    "validate": {
        "period": ["validate", "--period", BAD_PERIOD],
        "unit": ["validate", "--unit", BAD_UNIT],
        "indicator": ["validate", "--indicator", BAD_INDICATOR],
        "format": ["validate", "--format", "xml"],
    },
    "measures": {
        "period": ["measures", "--period", BAD_PERIOD],
        "unit": ["measures", "--unit", BAD_UNIT],
        "indicator": ["measures", "--indicator", BAD_INDICATOR],
    },
    "units": {
        "period": ["units", "--period", BAD_PERIOD],
        "unit": ["units", BAD_UNIT],
        "indicator": ["units", "--indicator", BAD_INDICATOR],
    },
    "template": {
        "period": ["template", BAD_PERIOD, "--unit", "市场监管局"],
        "outside": ["template", OUTSIDE, "--unit", "市场监管局"],
        "unit": ["template", "2024-Q4", "--unit", BAD_UNIT],
        "indicator": ["template", "2024-Q4", "--unit", "市场监管局", "--indicator", BAD_INDICATOR],
    },
    "import": {
        "period": ["import", "{sheet}", "--period", BAD_PERIOD],
        "unit": ["import", "{sheet}", "--unit", BAD_UNIT],
        "indicator": ["import", "{sheet}", "--indicator", BAD_INDICATOR],
        "no-file": ["import", "没有这个文件.xlsx"],
    },
    "record": {
        "period": ["record", "tech_smes", BAD_PERIOD, "3700"],
        "outside": ["record", "tech_smes", OUTSIDE, "3700"],
        "unit": ["record", "tech_smes", "2024-Q4", "3700", "--reported-by", BAD_UNIT],
        "indicator": ["record", BAD_INDICATOR, "2024-Q4", "3700"],
        "value": ["record", "tech_smes", "2024-Q4", "约335"],
    },
    "missing": {
        "period": ["missing", BAD_PERIOD],
        "outside": ["missing", OUTSIDE],
        "unit": ["missing", "2024-Q3", "--unit", BAD_UNIT],
        "indicator": ["missing", "2024-Q3", "--indicator", BAD_INDICATOR],
    },
    "diff": {
        "period": ["diff", "--period", BAD_PERIOD],
        "unit": ["diff", "--unit", BAD_UNIT],
        "indicator": ["diff", "--indicator", BAD_INDICATOR],
        "revision": ["diff", "no-such-revision"],
    },
    "history": {
        "period": ["history", "tech_smes", "--year", BAD_PERIOD],
        "unit": ["history", "tech_smes", "--unit", BAD_UNIT],
        "indicator": ["history", BAD_INDICATOR],
    },
    "firms": {
        "period": ["firms", "tech_smes", "--as-of", BAD_PERIOD],
        "unit": ["firms", "tech_smes", "--park", BAD_UNIT],
        "indicator": ["firms", BAD_INDICATOR],
    },
    "firm": {
        "period": ["firm", "91410100MA44XXXXXX", "--as-of", BAD_PERIOD],
        "unit": ["firm", "91410100MA44XXXXXX", "--unit", BAD_UNIT],
        "indicator": ["firm", "91410100MA44XXXXXX", "--indicator", BAD_INDICATOR],
        "uscc": ["firm", "12345"],
    },
    "init": {
        "period": ["init", "{new}", "--years", "2028-2026"],
        "unit": ["init", "{new}", "--unit", BAD_UNIT],
        "indicator": ["init", "{new}", "--indicator", BAD_INDICATOR],
        "no-file": ["init", "{new}", "--from", "没有这个方案.docx"],
    },
    "conversion": {
        "period": ["conversion", "--as-of", BAD_PERIOD],
        "unit": ["conversion", "--unit", BAD_UNIT],
        "indicator": ["conversion", "--indicator", BAD_INDICATOR],
    },
}


def test_every_command_is_in_the_table() -> None:
    assert set(CASES) == set(COMMAND_MODULES)
    for command, cases in CASES.items():
        assert {"period", "unit", "indicator"} <= set(cases), command


def _snapshot(root: Path) -> dict[str, str]:
    """Every data file's digest (the empty lock file an import or record takes is not data)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".plan.lock"
    }


@pytest.mark.parametrize(("command", "case"), [(command, case) for command, cases in CASES.items() for case in cases])
def test_what_the_user_typed_wrong_exits_2(cli, data_dir: Path, tmp_path: Path, command: str, case: str) -> None:
    sheet = tmp_path / "报送.csv"
    sheet.write_text("指标,期间,数值\n科技型中小企业总量,2024-Q4,3700\n", encoding="utf-8")
    args = [a.replace("{sheet}", str(sheet)).replace("{new}", str(tmp_path / "新方案")) for a in CASES[command][case]]
    if command in ("diff", "history"):
        Repo(tmp_path).commit("方案")  # the data directory in a git repository, as reviewers have it
    before = _snapshot(data_dir)
    result = cli(*args, "--data", data_dir)
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    assert result.stdout == ""  # nothing but the complaint, on stderr
    assert result.stderr.strip()
    assert _snapshot(data_dir) == before  # nothing written
    assert not (tmp_path / "新方案").exists()


def test_wrong_data_files_exit_1(cli, data_dir: Path) -> None:
    """The same command with valid arguments over a broken data file: the data is wrong, exit 1."""
    actuals = data_dir / "actuals" / "2024.csv"
    actuals.write_text(actuals.read_text(encoding="utf-8") + "tech_smes,2024-Q5,3700,,,\n", encoding="utf-8")
    for args in (
        ["status", "2024"],
        ["report", "2024-Q3", "--stdout"],
        ["validate"],
        ["measures"],
        ["units"],
        ["missing", "2024-Q3"],
        ["record", "tech_smes", "2024-Q4", "3700"],
        ["firms", "tech_smes"],
    ):
        result = cli(*args, "--data", data_dir)
        assert result.exit_code == 1, (args, result.stderr)
        assert "2024-Q5" in result.stdout + result.stderr, args  # validate lists its findings on stdout


def test_refusals_exit_1(cli, data_dir: Path, tmp_path: Path) -> None:
    """A refusal (no overwrite without --force) is exit 1, not a usage error."""
    out = tmp_path / "报告.md"
    out.write_text("已有的报告", encoding="utf-8")
    result = cli("report", "2024-Q3", "-o", out, "--data", data_dir)
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "已有的报告"
    # a figure that would change a unit's recorded one without --replace: refused, exit 1
    first = cli(
        "record", "tech_smes", "2024-Q3", "3651", "--replace", "--reported-by", "创新发展局", "--data", data_dir
    )
    assert first.exit_code == 0, first.stderr
    changed = cli("record", "tech_smes", "2024-Q3", "3652", "--data", data_dir)
    assert changed.exit_code == 1, changed.stderr
