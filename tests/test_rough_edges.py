"""Rough edges users hit (issue #10 §5), each with a test."""

from __future__ import annotations

import json
from pathlib import Path

from zzgx_plan.load import load


def _row(data_dir: Path, indicator: str, period: str) -> list[str]:
    lines = (data_dir / "actuals" / f"{period[:4]}.csv").read_text(encoding="utf-8").splitlines()
    found = [line.split(",") for line in lines if line.startswith(f"{indicator},{period},")]
    assert len(found) == 1, found
    return found[0]


def test_record_replace_without_reported_by_keeps_the_reporting_unit(cli, data_dir: Path) -> None:
    first = cli(
        "record", "tech_smes", "2024-Q3", "3660", "--replace", "--reported-by", "创新发展局", "--data", data_dir
    )
    assert first.exit_code == 0, first.stderr
    again = cli("record", "tech_smes", "2024-Q3", "3670", "--replace", "--data", data_dir)
    assert again.exit_code == 0, again.stderr
    # indicator,period,value,basis,reported_by,note
    row = _row(data_dir, "tech_smes", "2024-Q3")
    assert row[2:5] == ["3670", "", "创新发展局"]
    assert "替换原值 3660" in row[5]


def test_record_dry_run_writes_nothing(cli, data_dir: Path) -> None:
    before = (data_dir / "actuals" / "2024.csv").read_bytes()
    result = cli("record", "unicorns", "2024-Q4", "6", "--dry-run", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["dry_run"], doc["new"], doc["written"]) == (True, 1, [])
    assert (data_dir / "actuals" / "2024.csv").read_bytes() == before
    assert not list(data_dir.rglob("*.tmp"))


def test_a_reported_figure_replaces_an_example_without_replace(cli, data_dir: Path) -> None:
    assert "示例" in ",".join(_row(data_dir, "tech_smes", "2024-Q3"))  # shipped as an example
    result = cli("record", "tech_smes", "2024-Q3", "3651", "--reported-by", "创新发展局", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    row = _row(data_dir, "tech_smes", "2024-Q3")
    assert row[2:5] == ["3651", "", "创新发展局"]
    assert "示例" not in ",".join(row)  # no longer marked as an example, no example value kept as history
    loaded = load(data_dir).data
    assert loaded is not None
    obs = next(o for o in loaded.observations_for("tech_smes") if str(o.period) == "2024-Q3")
    assert not obs.is_example
    # a unit's own figure is still protected: changing it needs --replace
    changed = cli("record", "tech_smes", "2024-Q3", "3652", "--data", data_dir)
    assert changed.exit_code == 1


def test_a_percentage_typed_as_a_fraction_is_warned_at_entry(cli, data_dir: Path, tmp_path: Path) -> None:
    recorded = cli("record", "rd_activity_coverage", "2025", "0.88", "--dry-run", "--data", data_dir)
    assert recorded.exit_code == 0, recorded.stderr  # a warning, not a refusal: 0.5% can be real
    assert "规上工业企业研发活动覆盖率 2025：0.88% 像是小数写法" in recorded.stderr
    sheet = tmp_path / "报送.csv"
    sheet.write_text("指标,期间,数值\n规上工业企业研发活动覆盖率,2025,0.88\n", encoding="utf-8")
    imported = cli("import", sheet, "--dry-run", "--data", data_dir)
    assert imported.exit_code == 0, imported.stderr
    assert f"{sheet}:2" in imported.stderr and "规上工业企业研发活动覆盖率 2025：0.88% 像是小数写法" in imported.stderr


def test_import_a_folder_takes_every_sheet_in_it_all_or_nothing(cli, data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "三季度 报送"
    (folder / "旧的").mkdir(parents=True)
    (folder / "市场监管局.csv").write_text("指标,期间,数值\n“免证办”事项,2024-Q4,455\n", encoding="utf-8")
    (folder / "创新发展局.csv").write_text("指标,期间,数值\nunicorns,2024-Q4,6\n", encoding="gb18030")
    (folder / "~$创新发展局.xlsx").write_bytes(b"lock file of an open workbook")
    (folder / ".hidden.csv").write_text("not a sheet", encoding="utf-8")
    (folder / "旧的" / "不要导入.csv").write_text("指标,期间,数值\nunicorns,2024-Q4,99\n", encoding="utf-8")
    result = cli("import", folder, "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert sorted(c["key"] for c in json.loads(result.stdout)["changes"]) == ["permit_free_items", "unicorns"]
    # one bad sheet in the folder: nothing from any of them is written
    (folder / "坏表.csv").write_text("指标,期间,数值\nunicorns,2024-Q4,约7\n", encoding="utf-8")
    (folder / "市场监管局.csv").write_text("指标,期间,数值\n“免证办”事项,2024-Q4,460\n", encoding="utf-8")
    before = (data_dir / "actuals" / "2024.csv").read_bytes()
    refused = cli("import", folder, "--replace", "--data", data_dir)
    assert refused.exit_code == 1
    assert (data_dir / "actuals" / "2024.csv").read_bytes() == before
