"""plan template / import / record / missing through the CLI, on a copy of the shipped data."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from zzgx_plan.load import load

from .conftest import REPO_DATA, SHIPPED_DATA


def snapshot(root: Path) -> dict[str, bytes]:
    """Every data file with its bytes (the lock file aside), to prove nothing was written."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".plan.lock"
    }


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def fill_template(
    src: Path,
    dst: Path,
    values: dict[str, object],
    progress: dict[int, tuple[str, str, str]] | None = None,
    basis: dict[str, str] | None = None,
) -> None:
    """Fill a template as a unit would, in the cells it is meant to fill (by indicator id / measure no.)."""
    wb = openpyxl.load_workbook(src)
    ws = wb["指标"]
    for row in ws.iter_rows(min_row=5):
        iid = row[0].value
        if iid in values:
            row[7].value = values[iid]
        if basis and iid in basis:
            row[4].value = basis[iid]
    ms = wb["措施进展"]
    for row in ms.iter_rows(min_row=5):
        if progress and row[0].value in progress:
            row[3].value, row[4].value, row[5].value = progress[row[0].value]
    wb.save(dst)


# --------------------------------------------------------------------------- template


def test_template_for_one_unit(cli, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    result = cli("template", "2024-Q4", "--unit", "市场监督管理局", "--output", out, "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    # 4 indicators + 企业开办办结时限 and the two “两个全覆盖” rates of measures 1 and 2
    assert result.stdout == f"{out}: 市场监管局 2024年第4季度：7 项指标，8 项措施\n"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["指标", "措施进展"]
    ws = wb["指标"]
    assert [c.value for c in ws[4]] == [
        "指标编号",
        "指标名称",
        "计量单位",
        "指标类型",
        "口径",
        "期间",
        "上期值（参考）",
        "数值",
        "报送单位",
        "备注",
        "2024年目标值",
    ]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == [
        "new_market_entities",
        "one_thing_services",
        "permit_free_items",
        "business_startup_days",
        "permit_reform_area_coverage",
        "permit_reform_item_coverage",
        "credit_repair_days",
    ]
    # Flow indicator: the basis to give (as the year's figures so far) and last period's value.
    assert rows[0][4] == "本期增量"
    assert rows[0][6] == "4200（2024-Q3，本期增量，示例数据）"
    assert rows[1][4] == "—" and rows[1][6] == "7（2024-Q3，示例数据）"
    assert all(r[5] == "2024-Q4" and r[8] == "市场监管局" and r[7] is None for r in rows)
    # Locked sheet; only value/basis/note cells are open; the value cells have validation.
    assert ws.protection.sheet is True
    assert ws["A4"].protection.locked and ws["B5"].protection.locked
    assert not ws["H5"].protection.locked and not ws["J5"].protection.locked
    assert not ws["E5"].protection.locked and ws["E6"].protection.locked
    ranges = {str(dv.sqref): (dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert ranges["E5"] == ("list", '"本期增量,年初至今累计"')
    assert ("whole", "0") in ranges.values()
    ms = wb["措施进展"]
    assert [r[0].value for r in ms.iter_rows(min_row=5)] == [1, 2, 3, 4, 5, 18, 20, 21]
    status_rules = [dv for dv in ms.data_validations.dataValidation if dv.type == "list"]
    assert len(status_rules) == 1
    assert status_rules[0].formula1 == '"未启动,推进中,已完成,滞后"'
    assert str(status_rules[0].sqref) == "D5:D12"
    assert not ms["D5"].protection.locked and ms["A5"].protection.locked
    # the units who fill it run no commands: the office's words, never a command or a data path
    assert "填好后交回领导小组办公室（设在市场监管局）。" in ws["A3"].value
    texts = [c.value for sheet in wb for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert [t for t in texts if re.search(r"\bplan [a-z]|data/|--[a-z]", t)] == []


def test_template_output_folder(cli, data_dir: Path, tmp_path: Path) -> None:
    result = cli("template", "2024-Q3", "--unit", "党政办公室", "-o", tmp_path, "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{tmp_path / '2024-Q3-党政办公室.xlsx'}: 党政办公室 2024年第3季度：0 项指标，1 项措施\n"


def test_template_all_units_one_file_each(cli, data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = cli("template", "2024-Q4", "--unit", "all", "--output", folder, "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    expected_units = [
        u["unit"] for u in json.loads(cli("missing", "2024-Q4", "--format", "json", "--data", data_dir).stdout)["units"]
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"2024-Q4-{u}.xlsx" for u in expected_units)
    assert len(expected_units) == 4


def test_template_refusals(cli, data_dir: Path, tmp_path: Path) -> None:
    unknown = cli("template", "2024-Q4", "--unit", "科技局", "--data", data_dir)
    assert unknown.exit_code == 2
    bad_period = cli("template", "2024-Q5", "--unit", "市场监管局", "--data", data_dir)
    assert bad_period.exit_code == 2
    leads_nothing = cli(
        "template", "2024-Q4", "--unit", "石佛园区运营中心", "--output", tmp_path / "x.xlsx", "--data", data_dir
    )
    assert leads_nothing.exit_code == 1
    assert "不牵头任何指标或措施" in leads_nothing.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_template_never_overwrites_a_file_without_force(cli, data_dir: Path, tmp_path: Path) -> None:
    """Re-running `plan template` where filled templates came back must not wipe a unit's figures."""
    folder = tmp_path / "报送模板"
    assert cli("template", "2024-Q4", "--unit", "all", "-o", folder, "--data", data_dir).exit_code == 0
    filled = folder / "2024-Q4-市场监管局.xlsx"
    fill_template(filled, filled, {"permit_free_items": 445})
    kept = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / "2024-Q4-党政办公室.xlsx").unlink()  # one file missing: still nothing is written
    again = cli("template", "2024-Q4", "--unit", "all", "-o", folder, "--data", data_dir)
    assert again.exit_code == 1
    assert "已存在，未写入任何文件；确需覆盖请加 --force" in again.stderr
    assert str(filled) in again.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        k: v for k, v in kept.items() if k != "2024-Q4-党政办公室.xlsx"
    }
    one = cli("template", "2024-Q4", "--unit", "市场监管局", "-o", filled, "--data", data_dir)
    assert one.exit_code == 1 and filled.read_bytes() == kept[filled.name]
    forced = cli("template", "2024-Q4", "--unit", "市场监管局", "-o", filled, "--force", "--data", data_dir)
    assert forced.exit_code == 0, forced.stderr
    assert openpyxl.load_workbook(filled)["指标"]["H7"].value is None  # a blank template again


# --------------------------------------------------------------------------- round trip


def test_a_years_figure_is_no_earlier_figure_for_the_quarters_before_its_end(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    """上期值（参考） is the latest figure before the period, or a longer one ending with it: for 2024-Q3 the
    2024 annual 研发活动覆盖率 (91%, to year end) is neither, so the reference is 2023's 89% (before: 91%（2024）,
    a figure for a time still to come, shown as the previous one). The row is final all the same."""
    blank = tmp_path / "q3.xlsx"
    assert cli("template", "2024-Q3", "--unit", "创新发展局", "-o", blank, "--data", data_dir).exit_code == 0
    rows = {r[0].value: r for r in openpyxl.load_workbook(blank)["指标"].iter_rows(min_row=5)}
    rd = rows["rd_activity_coverage"]
    assert (rd[6].value, rd[9].value) == ("89%（2023，示例数据）", "已报送（全年）")


def test_template_asks_only_for_figures_the_import_accepts(cli, data_dir: Path, tmp_path: Path) -> None:
    """2024.csv holds a 2024 annual 研发活动覆盖率 (91%): a 2024-Q4 figure would overlap it, so the template marks
    the row final (no input cell) and shows that 2024 figure as the latest one; every open row, filled, imports."""
    blank = tmp_path / "blank.xlsx"
    assert cli("template", "2024-Q4", "--unit", "创新发展局", "-o", blank, "--data", data_dir).exit_code == 0
    ws = openpyxl.load_workbook(blank)["指标"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=5)}
    rd = rows["rd_activity_coverage"]
    assert rd[9].value == "已报送（全年）" and rd[4].value == "—"
    assert rd[6].value == "91%（2024，示例数据）"  # not 89%（2023）: the year's figure is the latest
    assert rd[7].protection.locked and rd[9].protection.locked
    assert rd[7].fill.fgColor.rgb != "00FFF2CC"  # not a yellow input cell
    assert "已报送" in ws["A3"].value
    open_rows = [iid for iid, r in rows.items() if r[9].value is None]
    assert len(open_rows) == 9 and all(not rows[iid][7].protection.locked for iid in open_rows)
    filled = tmp_path / "filled.xlsx"
    fill_template(blank, filled, {iid: "50%" if rows[iid][2].value == "%" else 1 for iid in open_rows})
    dry = cli("import", filled, "--dry-run", "--format", "json", "--data", data_dir)
    assert dry.exit_code == 0, dry.stderr
    assert json.loads(dry.stdout)["new"] == 9
    # Typed into the final row anyway, the figure is still refused by the import's own rule.
    fill_template(blank, filled, {"rd_activity_coverage": "92%"})
    refused = cli("import", filled, "--dry-run", "--data", data_dir)
    assert refused.exit_code == 1 and "指标!F12" in refused.stderr and "actuals/2024.csv:21" in refused.stderr


def test_round_trip_template_fill_import_status(cli, data_dir: Path, tmp_path: Path) -> None:
    blank = tmp_path / "blank.xlsx"
    assert cli("template", "2024-Q4", "--unit", "创新发展局", "-o", blank, "--data", data_dir).exit_code == 0
    filled = tmp_path / "创新发展局.xlsx"
    fill_template(
        blank,
        filled,
        {"high_tech_enterprises": 2310, "gazelles": "３４０", "unicorns": "6", "new_specialized_in_parks": 9},
        progress={9: ("推进中", "组织第三批专精特新企业申报", "跟踪评审结果")},
    )
    before = (data_dir / "actuals" / "2024.csv").read_bytes()

    dry = cli("import", filled, "--dry-run", "--format", "json", "--data", data_dir)
    assert dry.exit_code == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert (plan["new"], plan["same"], plan["changed"], plan["written"]) == (5, 0, 0, [])
    assert (data_dir / "actuals" / "2024.csv").read_bytes() == before

    result = cli("import", filled, "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["written"] == ["actuals/2024.csv", "progress/2024-Q4.yaml"]
    assert [(c["key"], c["kind"], c["new"], c["source"]) for c in doc["changes"]] == [
        ("high_tech_enterprises", "new", "2310", f"{filled}:指标!H5"),
        ("gazelles", "new", "340", f"{filled}:指标!H8"),
        ("unicorns", "new", "6", f"{filled}:指标!H9"),
        ("new_specialized_in_parks", "new", "9", f"{filled}:指标!H11"),
        ("9", "new", "推进中：组织第三批专精特新企业申报", f"{filled}:措施进展!D8"),
    ]
    assert doc["skipped"] == 6 + 12  # indicators and measures left empty

    # The CSV diff is only the new rows, appended in plan order with a stable format.
    after = (data_dir / "actuals" / "2024.csv").read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode("utf-8") == (
        "high_tech_enterprises,2024-Q4,2310,,创新发展局,\n"
        "gazelles,2024-Q4,340,,创新发展局,\n"
        "unicorns,2024-Q4,6,,创新发展局,\n"
        "new_specialized_in_parks,2024-Q4,9,increment,创新发展局,\n"
    )
    assert (data_dir / "progress" / "2024-Q4.yaml").read_text(encoding="utf-8").splitlines()[1:] == [
        "period: 2024-Q4",
        "entries:",
        "  - measure: 9",
        "    status: 推进中",
        "    reported_by: 创新发展局",
        "    text: 组织第三批专精特新企业申报",
        "    next_steps: 跟踪评审结果",
    ]

    status = cli("status", "2024", "--as-of", "2024-Q4", "--format", "json", "--data", data_dir)
    assert status.exit_code == 0, status.stderr
    by_id = {row["id"]: row for row in json.loads(status.stdout)["indicators"]}
    assert (by_id["high_tech_enterprises"]["actual"], by_id["high_tech_enterprises"]["actual_period"]) == (
        2310,
        "2024-Q4",
    )
    assert (by_id["gazelles"]["actual"], by_id["unicorns"]["actual"]) == (340, 6)
    # Q2 ytd 40 + Q3 increment 18 + Q4 increment 9
    assert by_id["new_specialized_in_parks"]["actual"] == 67

    # Importing the same file again changes nothing.
    again = cli("import", filled, "--format", "json", "--data", data_dir)
    assert again.exit_code == 0
    assert (json.loads(again.stdout)["same"], json.loads(again.stdout)["written"]) == (5, [])
    assert (data_dir / "actuals" / "2024.csv").read_bytes() == after

    missing = json.loads(cli("missing", "2024-Q4", "--format", "json", "--data", data_dir).stdout)
    innovation = next(u for u in missing["units"] if u["unit"] == "创新发展局")
    assert "gazelles" not in [i["id"] for i in innovation["indicators"]]
    assert 9 not in [m["number"] for m in innovation["measures"]]


# --------------------------------------------------------------------------- real-world sheets


def test_real_world_workbook(cli, data_dir: Path, tmp_path: Path) -> None:
    """Merged title rows, blank rows, numbers as text, 17,000, 95%, full-width digits, a percent-formatted cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "2024年第四季度市场主体培育指标完成情况"
    ws.merge_cells("A1:F1")
    ws["A2"] = "填报单位（盖章）：        填报时间："
    ws.merge_cells("A2:F2")
    ws.append([])
    ws.append(["序号", "指标名称", "时间", "完成值", "单位", "备注"])  # row 4
    ws.append([1, "年新增市场主体", "2024年第四季度", "17,000", "家", "1-12月累计"])  # row 5
    ws.append([])  # row 6
    ws.append([2, "瞪羚(潜在)企业总量", "2024-Q4", "３３５", "家", None])  # row 7
    ws.append([3, '省级以上"专精特新"企业总量', "2024Q4", " 281 ", "家", None])  # row 8
    ws.append([4, "规上国家级高新技术企业研发机构覆盖率", "2024-Q4", "95%", "%", None])  # row 9
    ws.append([None] * 6)  # row 10
    ws.append([5, "科技型中小企业总量", "2024.12", 0.5, "家", "故意写错的单位格式"])  # row 11 → removed below
    ws.delete_rows(11)
    ws.append([5, "高新技术企业后备数量", "2024-Q4", 1120.0, "家", None])  # row 11
    ws.append([6, "新增本地区“一件事”", "2024-Q4", "８", "项", None])  # row 12
    wb.save(tmp_path / "市场监管局报送.xlsx")
    before = (data_dir / "actuals" / "2024.csv").read_bytes()

    result = cli("import", tmp_path / "市场监管局报送.xlsx", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["new"] == 6
    after = (data_dir / "actuals" / "2024.csv").read_bytes()
    assert after.startswith(before)
    # New rows sorted by the plan's indicator order; 17,000 noted 1-12月累计 is a year-to-date figure; 95% kept.
    assert after[len(before) :].decode("utf-8").splitlines() == [
        "new_market_entities,2024-Q4,17000,ytd,,1-12月累计",
        "specialized_smes,2024-Q4,281,,,",
        "gazelles,2024-Q4,335,,,",
        "high_tech_reserve,2024-Q4,1120,,,",
        "one_thing_services,2024-Q4,8,,,",
        "rd_institution_coverage,2024-Q4,95%,,,",
    ]
    assert load(data_dir).ok
    status = json.loads(cli("status", "2024", "--format", "json", "--data", data_dir).stdout)
    entities = next(i for i in status["indicators"] if i["id"] == "new_market_entities")
    assert (entities["actual"], entities["actual_period"]) == (17000, "2024-Q4")  # not 12400 + 17000


def test_percent_formatted_cell_and_ytd_basis_words(cli, data_dir: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "期间", "数值", "口径", "报送单位"])
    ws.append(["rd_institution_coverage", "2024-Q4", 0.96, None, "创新发展局"])
    ws["C2"].number_format = "0%"
    ws.append(["年新增市场主体", "2024-Q4", "16,900", "1-12月累计", "市场监督管理局"])
    wb.save(tmp_path / "a.xlsx")
    result = cli("import", tmp_path / "a.xlsx", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    rows = csv_rows(data_dir / "actuals" / "2024.csv")[-2:]
    assert [(r["indicator"], r["value"], r["basis"], r["reported_by"]) for r in rows] == [
        ("new_market_entities", "16900", "ytd", "市场监管局"),
        ("rd_institution_coverage", "96%", "", "创新发展局"),
    ]


def test_gb18030_csv_with_chinese_headers_and_period_option(cli, data_dir: Path, tmp_path: Path) -> None:
    text = (
        "指标,数值,单位,报送单位,备注\r\n"
        "独角兽(种子)企业总量,7,家,创新发展局,\r\n"
        "\r\n"
        '科技型中小企业总量,"3,720",家,创新发展局,含新认定\r\n'
    )
    path = tmp_path / "创新发展局.csv"
    path.write_bytes(text.encode("gb18030"))
    result = cli("import", path, "--period", "2024-Q4", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [(c["key"], c["period"], c["new"], c["source"]) for c in doc["changes"]] == [
        ("tech_smes", "2024-Q4", "3720", f"{path}:4"),
        ("unicorns", "2024-Q4", "7", f"{path}:2"),
    ]
    rows = csv_rows(data_dir / "actuals" / "2024.csv")[-2:]
    assert [(r["indicator"], r["period"], r["value"], r["note"]) for r in rows] == [
        ("tech_smes", "2024-Q4", "3720", "含新认定"),
        ("unicorns", "2024-Q4", "7", ""),
    ]


def test_csv_with_actuals_column_names_appends_to_a_new_year_file(cli, data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "\ufeffindicator,period,value,basis,reported_by,note\ngazelles,2025-Q1,350,,创新发展局,\n", encoding="utf-8"
    )
    result = cli("import", path, "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert (data_dir / "actuals" / "2025.csv").read_text(encoding="utf-8") == (
        "indicator,period,value,basis,reported_by,note\ngazelles,2025-Q1,350,,创新发展局,\n"
    )


# --------------------------------------------------------------------------- bad input


def test_every_bad_cell_is_located_and_nothing_is_written(cli, data_dir: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "指标完成情况"
    ws.merge_cells("A1:E1")
    ws.append(["指标", "期间", "数值", "单位", "备注"])  # row 2
    ws.append(["瞪羚企业总数", "2024-Q4", 5, "家", None])  # row 3: unknown indicator
    ws.append(["gazelles", "2024-Q5", 5, "家", None])  # row 4: bad period
    ws.append(["unicorns", "2024-Q4", -1, "家", None])  # row 5: negative
    ws.append(["tech_smes", "2024-Q4", "约三千", "家", None])  # row 6: not a number
    ws.append(["rd_institution_coverage", "2024-Q4", "120%", "%", None])  # row 7: over 100 %
    ws.append(["high_tech_reserve", "2024-Q4", "1120.5", "家", None])  # row 8: fraction
    ws.append(["specialized_smes", "2024-Q4", 280, "万元", None])  # row 9: wrong unit
    ws.append(["high_tech_enterprises", "2024-Q4", 2300, "家", None])  # row 10: fine
    ms = wb.create_sheet("进展")
    ms.append(["措施编号", "进展状态", "进展情况", "报送单位"])
    ms.append([9, "差不多", "文字", "创新发展局"])  # B2: bad status
    ms.append([30, "推进中", "文字", "创新发展局"])  # A3: unknown measure
    ms.append([10, "推进中", "文字", "科技局"])  # D4: unknown unit
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    before = snapshot(data_dir)

    result = cli("import", path, "--period", "2024-Q4", "--data", data_dir)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines == [
        f"{path}:Sheet1!A3: 没有“瞪羚企业总数”这个指标（是不是“瞪羚（潜在）企业总量”？）",
        f"{path}:Sheet1!B4: 期间“2024-Q5”无法识别；可写 2024-Q3、2024年第三季度、2024-09、2024年9月、2024 等",
        f"{path}:Sheet1!C5: 完成值 -1 是负数；数量不能为负",
        f"{path}:Sheet1!C6: 完成值“约三千”不是数字；请填写阿拉伯数字，如 17000",
        f"{path}:Sheet1!C7: 完成值 120% 超过了 100%",
        f"{path}:Sheet1!C8: 完成值 1120.5 不是整数；high_tech_reserve 以“家”计，须为整数",
        f"{path}:Sheet1!D9: 单位“万元”与指标 specialized_smes 的计量单位“家”不符",
        f"{path}:进展!B2: 进展状态“差不多”无法识别；请填写以下之一：未启动 / 推进中 / 已完成 / 滞后",
        f"{path}:进展!A3: 没有编号为 30 的措施",
        f"{path}:进展!D4: 没有“科技局”这个单位",
        "plan: 10 处错误，导入未执行，数据未改动",
    ]
    assert snapshot(data_dir) == before


def test_changed_value_needs_replace_and_keeps_history(cli, data_dir: Path, tmp_path: Path) -> None:
    # a unit's own figure first (an example row would give way without --replace: issue #10 §5)
    reported = cli("record", "gazelles", "2024-Q3", "322", "--reported-by", "创新发展局", "--data", data_dir)
    assert reported.exit_code == 0, reported.stderr
    path = tmp_path / "fix.csv"
    path.write_text("指标,期间,数值,备注\n瞪羚（潜在）企业总量,2024-Q3,325,复核后更正\n", encoding="utf-8")
    before = snapshot(data_dir)
    refused = cli("import", path, "--data", data_dir)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        f"{path}:2: gazelles 2024-Q3：322 → 325 会改变 "
        f"{data_dir / 'actuals' / '2024.csv'}:14 处已记录的数值；确需修改请加 --replace"
    )
    assert snapshot(data_dir) == before

    lines_before = (data_dir / "actuals" / "2024.csv").read_text(encoding="utf-8").splitlines()
    done = cli("import", path, "--replace", "--format", "json", "--data", data_dir)
    assert done.exit_code == 0, done.stderr
    change = json.loads(done.stdout)["changes"][0]
    assert (change["kind"], change["old"], change["new"]) == ("changed", "322", "325")
    lines_after = (data_dir / "actuals" / "2024.csv").read_text(encoding="utf-8").splitlines()
    # Only line 14 changed, in place; the old value is kept in its note (dated).
    assert [i for i, (a, b) in enumerate(zip(lines_before, lines_after, strict=True)) if a != b] == [13]
    row = lines_after[13].split(",")
    assert row[:5] == ["gazelles", "2024-Q3", "325", "", "创新发展局"]  # the reporting unit is kept
    assert row[5].startswith("复核后更正；") and row[5].endswith(" 替换原值 322")
    # The replaced row is a reported figure now, no longer an example.
    status = json.loads(cli("status", "2024", "--as-of", "2024-Q3", "--format", "json", "--data", data_dir).stdout)
    gazelles = next(r for r in status["indicators"] if r["id"] == "gazelles")
    assert (gazelles["actual"], gazelles["example"]) == (325, False)


def test_confirming_an_example_figure_replaces_it(cli, data_dir: Path) -> None:
    """A unit reporting the same number as a shipped example row: the example must not stay labelled 示例."""
    # an example was never a unit's figure: a reported one replaces it without --replace (issue #10 §5)
    done = cli("record", "gazelles", "2024-Q3", "322", "--reported-by", "创新发展局", "--data", data_dir)
    assert done.exit_code == 0, done.stderr
    rows = [r for r in csv_rows(data_dir / "actuals" / "2024.csv") if r["indicator"] == "gazelles"]
    assert [(r["period"], r["value"], "示例" in r["note"]) for r in rows] == [
        ("2024-Q2", "312", True),
        ("2024-Q3", "322", False),
    ]


def test_same_figure_twice_with_different_values_is_refused(cli, data_dir: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("指标,期间,数值\nunicorns,2024-Q4,6\n", encoding="utf-8")
    b.write_text("指标,期间,数值\n独角兽（种子）企业总量,2024-Q4,7\n", encoding="utf-8")
    before = snapshot(data_dir)
    result = cli("import", a, b, "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"{b}:2: unicorns 2024-Q4 填写了两次且内容不同（第一次在 {a}:2）")
    assert snapshot(data_dir) == before


def test_overlap_with_recorded_data_is_caught_by_the_loader_and_located(cli, data_dir: Path, tmp_path: Path) -> None:
    """rd_activity_coverage has a 2024 (year) figure; a 2024-Q4 figure would be counted twice."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws.append(["指标编号", "期间", "数值"])
    ws.append(["rd_activity_coverage", "2024-Q4", "93%"])
    wb.save(tmp_path / "o.xlsx")
    before = snapshot(data_dir)
    result = cli("import", tmp_path / "o.xlsx", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path / 'o.xlsx'}:S!B2: rd_activity_coverage 2024-Q4 与 2024 重叠（见 "
        f"{data_dir / 'actuals' / '2024.csv'}:21），会被重复计算；请只保留其中一种期间的数值"
    )
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "文件是空的"),
        ("junk.xlsx", b"not a workbook", "无法读取这个文件：不是完整的 Office 文档（压缩包无法打开）"),
        ("notes.csv", "随便写的说明\n没有表头\n".encode(), "没有找到表格"),
    ],
)
def test_unreadable_files(cli, data_dir: Path, tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("import", path, "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: {message}")


def test_import_of_a_missing_file_is_a_usage_error(cli, data_dir: Path, tmp_path: Path) -> None:
    assert cli("import", tmp_path / "nope.xlsx", "--data", data_dir).exit_code == 2


def test_invalid_data_directory_is_refused_before_import(cli, data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "actuals" / "broken.csv").write_text("indicator,period,value\ngazelles,2024-Q9,1\n")
    path = tmp_path / "a.csv"
    path.write_text("指标,期间,数值\nunicorns,2024-Q4,6\n", encoding="utf-8")
    before = snapshot(data_dir)
    result = cli("import", path, "--data", data_dir)
    assert result.exit_code == 1
    assert "broken.csv:2: 期间“2024-Q9”无法识别" in result.stderr
    assert snapshot(data_dir) == before


# --------------------------------------------------------------------------- record


def test_record_new_same_and_bad(cli, data_dir: Path) -> None:
    new = cli(
        "record",
        "独角兽（种子）企业总量",
        "2024-Q4",
        "6",
        "--reported-by",
        "创新发展局",
        "--note",
        "电话核实",
        "--format",
        "json",
        "--data",
        data_dir,
    )
    assert new.exit_code == 0, new.stderr
    doc = json.loads(new.stdout)
    assert (doc["new"], doc["written"]) == (1, ["actuals/2024.csv"])
    assert (data_dir / "actuals" / "2024.csv").read_text(encoding="utf-8").splitlines()[-1] == (
        "unicorns,2024-Q4,6,,创新发展局,电话核实"
    )
    same = cli("record", "unicorns", "2024-Q4", "6", "--format", "json", "--data", data_dir)
    assert json.loads(same.stdout)["same"] == 1

    before = snapshot(data_dir)
    bad = cli("record", "unicorns", "2024-Q4", "六", "--data", data_dir)
    assert bad.exit_code == 2  # a value typed on the command line: a usage error (issue #10 §3; it was 1)
    assert bad.stderr.splitlines() == [
        "plan record: 完成值“六”不是数字；请填写阿拉伯数字，如 17000",
        "plan: 1 处错误，记录未执行，数据未改动",
    ]
    basis = cli("record", "gazelles", "2024-Q4", "330", "--basis", "ytd", "--data", data_dir)
    assert basis.exit_code == 2  # --basis typed wrong for a stock indicator
    assert "口径 ytd 只用于新增类指标" in basis.stderr
    changed = cli("record", "unicorns", "2024-Q4", "7", "--data", data_dir)
    assert changed.exit_code == 1 and "确需修改请加 --replace" in changed.stderr
    assert snapshot(data_dir) == before


def test_record_ytd_for_a_flow_indicator(cli, data_dir: Path) -> None:
    result = cli("record", "new_market_entities", "2024-Q4", "17,200", "--basis", "ytd", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert "新增 1 条" in result.stdout
    changes = json.loads(
        cli("record", "new_market_entities", "2024-Q4", "17200", "--basis", "ytd", "--dry-run", "--format", "json",
            "--data", data_dir).stdout
    )["changes"]  # fmt: skip
    assert changes[0]["new"] == "17200（年初至今累计）"  # the change table says the basis as the template does
    assert (data_dir / "actuals" / "2024.csv").read_text(encoding="utf-8").splitlines()[-1] == (
        "new_market_entities,2024-Q4,17200,ytd,,"
    )
    status = json.loads(cli("status", "2024", "--as-of", "2024-Q4", "--format", "json", "--data", data_dir).stdout)
    row = next(r for r in status["indicators"] if r["id"] == "new_market_entities")
    assert (row["actual"], row["status"]) == (17200, "achieved")


# --------------------------------------------------------------------------- missing


def test_missing_lists_what_each_lead_unit_owes(cli, data_dir: Path) -> None:
    shutil.rmtree(data_dir / "progress")  # no progress at all: every measure is owed by its lead unit
    result = cli("missing", "2024-Q3", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    units = {u["unit"]: u for u in doc["units"]}
    assert set(units) == {"党政办公室", "市场监管局", "创新发展局", "创新协同中心"}
    # The shipped 2024-Q3 data has every 市场监管局 indicator but the three of measures 1 and 2 that have
    # no figure yet; 创新发展局 lacks unicorns and rd_institution_coverage (reported only for Q2).
    # rd_activity_coverage was reported for the whole year 2024: a Q3 figure would overlap it and the import
    # would refuse it, so it is final and not chased (the template marks it 已报送（全年）).
    assert [i["id"] for i in units["市场监管局"]["indicators"]] == [
        "business_startup_days",
        "permit_reform_area_coverage",
        "permit_reform_item_coverage",
    ]
    assert [i["id"] for i in units["创新发展局"]["indicators"]] == ["unicorns", "rd_institution_coverage"]
    assert doc["missing_measures"] == 23  # the 22 measures; measure 17 has two lead units
    assert [m["number"] for m in units["创新协同中心"]["measures"]] == [17]
    assert doc["missing_indicators"] == 5

    cli("record", "unicorns", "2024-09", "5", "--data", data_dir)  # a month figure answers for Q3
    after = json.loads(cli("missing", "2024-Q3", "--format", "json", "--data", data_dir).stdout)
    assert after["missing_indicators"] == 4  # 5 less unicorns


def test_progress_import_edits_only_its_entries(cli, data_dir: Path, tmp_path: Path) -> None:
    """A new measure entry lands in the period's existing file, in measure order; the rest is untouched."""
    q3 = data_dir / "progress" / "2024-Q3.yaml"
    before = q3.read_text(encoding="utf-8").splitlines()
    existing = [int(line.split(":")[1]) for line in before if line.strip().startswith("- measure:")]
    new_measure = next(n for n in range(1, 23) if n not in existing and n > min(existing))
    sheet = tmp_path / "p.csv"
    sheet.write_text(
        f"措施编号,进展状态,进展情况,下一步计划,报送单位\n{new_measure},推进中,已开展,继续,市场监管局\n",
        encoding="utf-8",
    )
    result = cli("import", sheet, "--period", "2024-Q3", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["written"] == ["progress/2024-Q3.yaml"]
    after = q3.read_text(encoding="utf-8").splitlines()
    block = [
        f"  - measure: {new_measure}",
        "    status: 推进中",
        "    reported_by: 市场监管局",
        "    text: 已开展",
        "    next_steps: 继续",
    ]
    at = after.index(block[0])
    assert after[at : at + 5] == block
    assert after[:at] + after[at + 5 :] == before
    # and it sits before the first entry with a higher number
    next_higher = min(n for n in existing if n > new_measure)
    assert after[at + 5] == f"  - measure: {next_higher}"
    assert load(data_dir).ok


def test_progress_same_as_an_example_entry_replaces_it(cli, data_dir: Path, tmp_path: Path) -> None:
    loaded = load(data_dir).data
    assert loaded is not None
    example = next(e for e in loaded.progress if e.is_example)
    sheet = tmp_path / "p.csv"
    sheet.write_text(
        "措施编号,进展状态,进展情况,下一步计划,报送单位,期间\n"
        f"{example.measure},{example.status.value},{example.text},{example.next_steps},"
        f"{example.reported_by},{example.period}\n",
        encoding="utf-8",
    )
    # the reported entry replaces the shipped example without --replace (issue #10 §5; it was refused)
    done = cli("import", sheet, "--format", "json", "--data", data_dir)
    assert done.exit_code == 0, done.stderr
    change = json.loads(done.stdout)["changes"][0]
    assert change["kind"] == "changed" and change["old"].endswith("（示例）")
    reloaded = load(data_dir).data
    assert reloaded is not None
    entry = next(e for e in reloaded.progress if (e.period, e.measure) == (example.period, example.measure))
    assert (entry.text, entry.is_example) == (example.text, False)


def test_missing_table_exits_zero(cli) -> None:
    result = cli("missing", "2024-Q4", "--data", SHIPPED_DATA)
    assert result.exit_code == 0
    assert "2024年第4季度（2024-Q4）待报送清单" in result.stdout
    # rd_activity_coverage has a figure for the whole year 2024, which answers for Q4 too.
    assert "创新发展局：缺指标 9/10，缺措施进展 13/13" in result.stdout
    assert "市场监管局：缺指标 7/7，缺措施进展 8/8" in result.stdout  # 4 + 3 indicators of measures 1 and 2
    # 党政办公室 leads measure 22 but does not report 年新增市场主体: it owes progress only
    assert "党政办公室：缺指标 0/0，缺措施进展 1/1" in result.stdout
    assert result.stdout.endswith("尚缺 16 项指标数值、23 项措施进展。\n")


def test_change_table_shows_plain_labels(cli, data_dir: Path, tmp_path: Path) -> None:
    """The 结果 column says 新增/相同/修改, not rich markup such as ``[green]新增[/]``."""
    path = tmp_path / "补报.csv"
    rows = "指标,期间,数值\n独角兽（种子）企业总量,2024-Q4,6\n瞪羚（潜在）企业总量,2024-Q3,322\n"
    path.write_text(rows, encoding="utf-8")
    result = cli("import", path, "--dry-run", "--data", data_dir)
    assert result.exit_code == 0  # 322 reported over the example row replaces it (issue #10 §5)
    shown = {line.split("│")[2].strip(): line.split("│")[5].strip() for line in result.stdout.splitlines()[4:6]}
    assert shown == {"unicorns": "新增", "gazelles": "修改"}
    assert "[" not in result.stdout


def _with_cached_value(path: Path, cell: str, value: str, text: bool = False) -> None:
    """Add the computed result of a formula cell, as Excel or WPS stores it on saving (``text``: a text
    result, typed ``t="str"``, which may be empty)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    start = sheet.index(f'<c r="{cell}"')
    end = sheet.index("</c>", start)
    cached = sheet[start:end].replace("<v></v>", "") + f"<v>{value}</v>"
    if text:
        cached = cached.replace(f'<c r="{cell}"', f'<c r="{cell}" t="str"', 1)
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + cached + sheet[end:]).encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_formula_without_a_computed_value_is_an_error_not_a_blank(cli, data_dir: Path, tmp_path: Path) -> None:
    """A figure typed as a formula in a file no spreadsheet program has saved has no value to read:
    it must be refused at its cell, not skipped as an unfilled row (the number would be lost)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "期间", "数值"])
    ws.append(["高新技术企业总量", "2024-Q4", "=2200+110"])
    ws.append(["瞪羚（潜在）企业总量", "2024-Q4", 340])
    path = tmp_path / "公式.xlsx"
    wb.save(path)
    before = snapshot(data_dir)
    refused = cli("import", path, "--data", data_dir)
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        f"{path}:Sheet!C2: 公式 =2200+110 没有计算结果；请在 Excel 或 WPS 中打开并保存文件，或直接填写数字",
        "plan: 1 处错误，导入未执行，数据未改动",
    ]
    assert snapshot(data_dir) == before

    _with_cached_value(path, "C2", "2310")  # as saved by Excel: the result is read
    done = cli("import", path, "--dry-run", "--format", "json", "--data", data_dir)
    assert done.exit_code == 0, done.stderr
    assert [(c["key"], c["new"]) for c in json.loads(done.stdout)["changes"]] == [
        ("high_tech_enterprises", "2310"),
        ("gazelles", "340"),
    ]


def test_formula_with_an_empty_text_result_is_a_blank_cell(cli, data_dir: Path, tmp_path: Path) -> None:
    """=IF(B2="","",…) saved by Excel gives an empty text result: an unfilled row, not an error."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "期间", "数值"])
    ws.append(["高新技术企业总量", "2024-Q4", '=IF(TRUE,"",1)'])
    ws.append(["瞪羚（潜在）企业总量", "2024-Q4", 340])
    path = tmp_path / "公式.xlsx"
    wb.save(path)
    _with_cached_value(path, "C2", "", text=True)
    done = cli("import", path, "--dry-run", "--format", "json", "--data", data_dir)
    assert done.exit_code == 0, done.stderr
    doc = json.loads(done.stdout)
    assert ([c["key"] for c in doc["changes"]], doc["skipped"]) == (["gazelles"], 1)


@pytest.mark.parametrize("value", ["17,00", "1,2,3", "1,7000", "12，00"])
def test_misplaced_thousands_separators_are_not_numbers(cli, data_dir: Path, tmp_path: Path, value: str) -> None:
    """17,000 is a number; 17,00 or 1,7000 is a typo that must be refused, not read as 1700 / 17000."""
    before = snapshot(data_dir)
    result = cli("record", "new_market_entities", "2024-Q4", value, "--data", data_dir)
    assert result.exit_code == 2  # typed on the command line: a usage error (issue #10 §3; it was 1)
    assert result.stderr.splitlines()[0] == f"plan record: 完成值“{value}”不是数字；请填写阿拉伯数字，如 17000"
    path = tmp_path / "报送.csv"
    path.write_text(f'指标,期间,数值\n年新增市场主体,2024-Q4,"{value}"\n', encoding="utf-8")
    result = cli("import", path, "--data", data_dir)
    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[0]
        == f"{path}:2: 完成值“{value.replace('，', ',')}”不是数字；请填写阿拉伯数字，如 17000"
    )
    append = data_dir / "actuals" / "2024.csv"
    append.write_text(append.read_text(encoding="utf-8") + f'new_market_entities,2024-Q4,"{value}",,,\n', "utf-8")
    assert [p.code for p in load(data_dir).problems] == ["bad-number"]
    append.write_bytes(before["actuals/2024.csv"])
    assert snapshot(data_dir) == before
    ok = cli("record", "new_market_entities", "2024-Q4", "1,234", "--data", data_dir)
    assert ok.exit_code == 0, ok.stderr


@pytest.mark.parametrize("period", ["2026-Q1", "2022-Q4"])
def test_template_and_missing_refuse_periods_outside_the_plan(cli, data_dir: Path, tmp_path: Path, period: str) -> None:
    """No template for a period whose figures could not be imported, no chase list of things never due."""
    out = tmp_path / "t.xlsx"
    # a period the user typed is a usage error, exit 2 (issue #10 §3; it was 1)
    year = period[:4]
    result = cli("template", period, "--unit", "市场监管局", "-o", out, "--data", data_dir)
    assert result.exit_code == 2
    assert f"{year} 年不在方案期 2023–2025 年内" in result.stderr
    assert not out.exists()
    result = cli("missing", period, "--data", data_dir)
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"{year} 年不在方案期 2023–2025 年内" in result.stderr


def test_submitted_csv_with_an_unclosed_quote_is_refused(cli, data_dir: Path, tmp_path: Path) -> None:
    """It used to read as one cell holding the rest of the file: 'skipped 1 row', exit 0, figures lost."""
    path = tmp_path / "报送.csv"
    path.write_text(
        '指标,期间,数值\n"独角兽（种子）企业总量,2024-Q4,6\n瞪羚（潜在）企业总量,2024-Q4,340\n', encoding="utf-8"
    )
    before = snapshot(data_dir)
    result = cli("import", path, "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}: 无法读取这个文件：第 2 行 CSV 格式错误：文件在引号内意外结束：有一个引号没有配对"
    )
    assert snapshot(data_dir) == before


def test_importing_an_unfilled_template_says_so(cli, data_dir: Path, tmp_path: Path) -> None:
    """No rows to add is still an answer: the summary line, not silence."""
    blank = tmp_path / "blank.xlsx"
    assert cli("template", "2024-Q4", "--unit", "市场监管局", "-o", blank, "--data", data_dir).exit_code == 0
    before = snapshot(data_dir)
    result = cli("import", blank, "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    # 15 = 7 indicator rows (4 + the three of measures 1 and 2) + 8 measure rows, none filled in
    assert result.stdout == "新增 0 条，相同 0 条，修改 0 条，跳过未填 15 行。数据无变化，未写入文件。\n"
    assert snapshot(data_dir) == before


def test_template_to_an_unwritable_place_is_a_located_refusal(cli, data_dir: Path, tmp_path: Path) -> None:
    """A file where the folder should be: 'cannot write …', not 'internal error: FileExistsError'."""
    blocker = tmp_path / "模板.xlsx"
    blocker.write_bytes(b"")
    result = cli("template", "2024-Q4", "--unit", "all", "-o", blocker, "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"plan: 无法写入 {blocker / '2024-Q4-党政办公室.xlsx'}：")
    assert "内部错误" not in result.stderr


def test_missing_never_chases_a_figure_the_import_would_refuse(cli) -> None:
    """The shipped data has 规上工业企业研发活动覆盖率 for the whole year 2025: a 2025-Q1 figure would overlap it
    and be refused, so `plan missing 2025-Q1` does not ask 创新发展局 for it, and the template marks it final."""
    from zzgx_plan.core.periods import Period
    from zzgx_plan.load import load_plan
    from zzgx_plan.submissions.template import template_content

    doc = json.loads(cli("missing", "2025-Q1", "--format", "json", "--data", REPO_DATA).stdout)
    owed = {i["id"] for u in doc["units"] for i in u["indicators"]}
    assert "rd_activity_coverage" not in owed
    content = template_content(load_plan(REPO_DATA), "创新发展局", Period.parse("2025-Q1"))
    finals = {ind.id: final for ind, _basis, _ref, final in content.indicators}
    assert finals["rd_activity_coverage"] == "已报送（全年）"
    # and everything the template still asks of the unit is what plan missing lists as owed by it
    asked = {i for i, final in finals.items() if not final}
    unit = next(u for u in doc["units"] if u["unit"] == "创新发展局")
    assert {i["id"] for i in unit["indicators"]} <= asked
