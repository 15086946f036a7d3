"""Values that passed validation and broke later (#14 items 8, 9, 10): each is now a located refusal."""

from __future__ import annotations

from pathlib import Path

import pytest


def _lines(result) -> list[str]:
    return (result.stdout + result.stderr).splitlines()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


def test_huge_flow_figures_are_refused_not_summed_to_infinity(cli, data_dir: Path) -> None:
    """Two figures of 10^308 written in digits: each is finite, their sum is not (status crashed)."""
    actuals = data_dir / "actuals" / "2024.csv"
    huge = "1" + "0" * 308
    actuals.write_text(
        actuals.read_text(encoding="utf-8")
        + f"new_market_entities,2024-10,{huge},increment,,\nnew_market_entities,2024-11,{huge},increment,,\n",
        encoding="utf-8",
    )
    n = len(actuals.read_text(encoding="utf-8").splitlines())
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    shown = [line for line in _lines(result) if "number-too-large" in line]
    assert [line.split(": ")[0] for line in shown] == [f"{actuals}:{n - 1}", f"{actuals}:{n}"]
    assert "超出可能的范围（绝对值应小于 1 万亿，即 10^12）" in shown[0]
    status = cli("status", "2024", "--data", data_dir)
    assert status.exit_code == 1 and "internal error" not in status.stderr and "内部错误" not in status.stderr


def test_a_figure_just_below_the_bound_is_accepted(cli, data_dir: Path) -> None:
    actuals = data_dir / "actuals" / "2024.csv"
    actuals.write_text(
        actuals.read_text(encoding="utf-8") + "new_market_entities,2024-10,999999999999,increment,,\n", "utf-8"
    )
    assert cli("validate", "--data", data_dir).exit_code == 0


@pytest.mark.parametrize("text", ["true", "yes", "false"])
def test_a_boolean_target_is_not_taken_as_one(cli, data_dir: Path, text: str) -> None:
    targets = data_dir / "targets.yaml"
    _edit(targets, "2024: {value: 17000, source:", f"2024: {{value: {text}, source:")
    line = _line_of(targets, f"2024: {{value: {text},")
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert any(s.startswith(f"{targets}:{line}: bad-number: indicators.0.targets.2024.value“") for s in _lines(result))


@pytest.mark.parametrize("text", [".inf", ".nan", "-.inf"])
def test_an_infinite_or_nan_tolerance_is_refused(cli, data_dir: Path, text: str) -> None:
    targets = data_dir / "targets.yaml"
    _edit(targets, "    tolerance: 2  #", f"    tolerance: {text}  #")
    line = _line_of(targets, f"tolerance: {text}")
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert any(s.startswith(f"{targets}:{line}: bad-number: ") for s in _lines(result)), _lines(result)


def test_a_tolerance_as_large_as_the_target_is_refused(cli, data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    _edit(targets, "    tolerance: 2  #", "    tolerance: 100  #")
    line = _line_of(targets, "tolerance: 100")
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert any(s.startswith(f"{targets}:{line}: tolerance-too-large: ") for s in _lines(result)), _lines(result)


def test_2024_and_quoted_2024_are_one_year_given_twice(cli, data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    first = '      2024: {value: 17000, source: "附件1：年新增市场主体 2024年 17000（家）"}\n'
    _edit(targets, first, first + "      '2024': {value: 1, source: \"typo\"}\n")
    line = _line_of(targets, "'2024': {value: 1,")
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert (
        f"{targets}:{line}: yaml-duplicate-key: 键“2024”重复出现（第一次在第 {line - 1} 行）；请删除或合并其中一处"
        in _lines(result)
    )


@pytest.mark.parametrize("depth", [60, 990, 5000])
def test_deep_nesting_is_a_located_refusal(cli, data_dir: Path, depth: int) -> None:
    progress = data_dir / "progress" / "2024-Q3.yaml"
    progress.write_text(
        progress.read_text(encoding="utf-8") + "extra: " + "[" * depth + "]" * depth + "\n", encoding="utf-8"
    )
    line = len(progress.read_text(encoding="utf-8").splitlines())
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    shown = [s for s in _lines(result) if s.startswith(f"{progress}:{line}: ")]
    assert shown, _lines(result)
    code = "yaml-too-deep" if depth < 1000 else "yaml-syntax"  # libyaml itself stops at 1000 levels
    assert any(s.startswith(f"{progress}:{line}: {code}: ") for s in shown), shown


def test_a_register_whose_rows_are_all_unreadable_is_no_internal_error(cli, data_dir: Path) -> None:
    """(Found by the fuzz suite: a register whose one row is cut short leaves the list without rows, and the
    comparison with reported figures took the minimum of nothing.)"""
    registers = data_dir / "registers"
    for path in registers.glob("*.csv"):
        if path.name != "example_gazelles.csv":
            path.unlink()
    register = registers / "example_gazelles.csv"
    lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = lines[1][: lines[1].index("2017-01-06") + 6]  # the row cut short: 入库日期 "2017-0"
    register.write_text(lines[0].replace("出库日期", "\t") + cut, encoding="utf-8")
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert any(s.startswith(f"{register}:2: ") for s in _lines(result)), _lines(result)
