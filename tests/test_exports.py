"""Excel exports (``--format xlsx``) and CSV for people (BOM, ``--encoding gb18030``)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from zzgx_plan.compute.status import STATUS_LABELS
from zzgx_plan.render.columns import Column, Kind
from zzgx_plan.render.document import Tone
from zzgx_plan.render.xlsx import Sheet, XCell, workbook_bytes

from .conftest import SHIPPED_DATA
from .support.csvout import BOM, without_bom


def _book(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def _rows(ws, first: int = 3) -> list[tuple]:
    """Data rows below the title (row 1) and header (row 2), up to the first empty row."""
    out = []
    for row in ws.iter_rows(min_row=first, values_only=True):
        if row[0] is None:
            break
        out.append(row)
    return out


def test_status_workbook_holds_the_json_numbers(cli, tmp_path: Path) -> None:
    target = tmp_path / "s.xlsx"
    result = cli("status", "2024", "--format", "xlsx", "--output", target, "--data", SHIPPED_DATA)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"已导出：{target}\n"
    doc = json.loads(cli("status", "2024", "--format", "json", "--data", SHIPPED_DATA).stdout)
    book = _book(target)
    assert book.sheetnames == ["指标完成情况", "季度走势"]
    ws = book["指标完成情况"]
    assert ws["A1"].value.startswith("郑州高新区培育壮大市场主体工作方案（2023-2025年） 2024年目标完成情况")
    assert "数据日期：" in ws["A1"].value
    header = [c.value for c in ws[2]]
    assert header[:6] == ["指标", "计量单位", "目标值", "完成值", "数据期", "完成率"]
    assert ws.freeze_panes == "A3"
    rows = _rows(ws)
    assert len(rows) == len(doc["indicators"]) == 17  # 7 Annex 1 targets + 10 commitments of the measures
    for row, ind in zip(rows, doc["indicators"], strict=True):
        scale = 100 if ind["unit"] == "%" else 1  # percent indicators are Excel percentages: 95 → 0.95
        assert row[0] == ind["name"]
        for col, key in ((2, "target"), (3, "actual"), (6, "expected"), (8, "gap"), (9, "projection")):
            want = ind[key]
            assert (row[col] is None) if want is None else row[col] == pytest.approx(want / scale), (ind["id"], key)
        assert row[5] == ind["completion"]
        assert row[10] == ind["status_label"]
        assert row[12] == ("示例" if ind["example"] else None)
    # 年新增市场主体: 12400 of 17000 → completion 0.7294 stored as a number with a percent format
    assert ws["D3"].value == 12400 and ws["D3"].data_type == "n" and ws["D3"].number_format == "0"
    assert ws["F3"].value == 0.7294 and ws["F3"].number_format == "0.0%"
    # 规上工业企业研发活动覆盖率 (row 16, the 14th indicator): target 95% stored as 0.95, shown as 95%
    assert ws["C16"].value == 0.95 and ws["C16"].number_format == "0%"
    # status fills: 略低于序时进度 yellow, 滞后 red, 已完成 green, 无数据 grey
    fills = {ws.cell(r, 11).value: ws.cell(r, 11).fill.fgColor.rgb[-6:] for r in range(3, 20)}
    assert fills["略低于序时进度"] == "FFEB9C" and fills["滞后"] == "FFC7CE"
    assert fills["已完成"] == "C6EFCE" and fills["无数据"] == "D9D9D9"
    notes = [ws.cell(r, 1).value for r in range(3 + len(rows), ws.max_row + 1)]
    assert "示例数据：标“示例”的实际值为仓库自带的示例数据，并非官方统计数字。" in notes
    # the readings (解读) behind the figures are marked in their column and explained under the table
    assert any(n and n.startswith("※ 解读：") for n in notes)
    assert header[-1] == "解读" and ws.cell(3, len(header)).value == "※ 见表下解读"
    assert len(ws._charts) == 1  # completion against 序时进度
    trend = book["季度走势"]
    assert len(trend._charts) >= 10  # one per indicator with figures
    first = _rows(trend)[:4]
    # 年新增市场主体 2023: year-to-date 3800, 8100, 12500, 16600 against 序时进度 16000 × q/4
    assert [(r[1], r[2], r[3], r[4]) for r in first] == [
        ("2023年第1季度", 3800, 4000, 16000),
        ("2023年第2季度", 8100, 8000, 16000),
        ("2023年第3季度", 12500, 12000, 16000),
        ("2023年第4季度", 16600, 16000, 16000),
    ]


def test_status_workbook_is_deterministic_and_has_native_charts(cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert cli("status", "2024", "--format", "xlsx", "-o", a, "--data", SHIPPED_DATA).exit_code == 0
    assert cli("status", "2024", "--format", "xlsx", "-o", b, "--data", SHIPPED_DATA).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    import zipfile

    with zipfile.ZipFile(a) as z:
        names = z.namelist()
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert sum(n.startswith("xl/charts/chart") for n in names) >= 11
    assert "<barChart>" in chart and '<delete val="0"/>' in chart  # axes shown (openpyxl hides them by default)
    # the document's dates are the data's date, not the clock
    stamp = _book(a)["指标完成情况"]["A1"].value.rsplit("数据日期：", 1)[1]
    props = _book(a).properties
    assert props.modified.date().isoformat() == props.created.date().isoformat() == stamp
    assert "dcterms:modified" in core


def test_workbook_default_path_force_and_usage_errors(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = cli("status", "2024", "--format", "xlsx", "--data", SHIPPED_DATA)
    assert (first.exit_code, first.stdout) == (0, "已导出：reports/status-2024.xlsx\n")
    assert (tmp_path / "reports" / "status-2024.xlsx").stat().st_size > 5000
    again = cli("status", "2024", "--format", "xlsx", "--data", SHIPPED_DATA)
    assert again.exit_code == 1 and "已存在；如需覆盖请加 --force" in again.stderr
    assert cli("status", "2024", "--format", "xlsx", "--force", "--data", SHIPPED_DATA).exit_code == 0
    wrong = cli("status", "2024", "--format", "xlsx", "-o", "s.csv", "--data", SHIPPED_DATA)
    assert wrong.exit_code == 2 and "不是 .xlsx 文件" in wrong.stderr
    table = cli("status", "2024", "-o", "s.xlsx", "--data", SHIPPED_DATA)
    assert table.exit_code == 2 and "--output 仅用于 --format xlsx 或 csv" in table.stderr
    assert not (tmp_path / "s.xlsx").exists() and not (tmp_path / "s.csv").exists()


def test_missing_workbook_matches_json(cli, tmp_path: Path) -> None:
    target = tmp_path / "m.xlsx"
    assert cli("missing", "2024-Q3", "--format", "xlsx", "-o", target, "--data", SHIPPED_DATA).exit_code == 0
    doc = json.loads(cli("missing", "2024-Q3", "--format", "json", "--data", SHIPPED_DATA).stdout)
    book = _book(target)
    listed = _rows(book["待报送清单"])
    expected = [(u["unit"], "指标", i["id"], i["name"]) for u in doc["units"] for i in u["indicators"]]
    expected += [(u["unit"], "措施进展", f"措施{m['number']}", m["title"]) for u in doc["units"] for m in u["measures"]]
    assert sorted(listed) == sorted(expected)
    assert len(listed) == doc["missing_indicators"] + doc["missing_measures"]
    summary = _rows(book["各单位汇总"])
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in summary] == [
        (u["unit"], u["indicators_due"], len(u["indicators"]), u["measures_due"], len(u["measures"]))
        for u in doc["units"]
    ]


def test_measures_and_units_workbooks(cli, tmp_path: Path) -> None:
    m, u = tmp_path / "m.xlsx", tmp_path / "u.xlsx"
    assert cli("measures", "--format", "xlsx", "-o", m, "--data", SHIPPED_DATA).exit_code == 0
    assert cli("units", "--format", "xlsx", "-o", u, "--data", SHIPPED_DATA).exit_code == 0
    measures = json.loads(cli("measures", "--format", "json", "--data", SHIPPED_DATA).stdout)
    rows = _rows(_book(m)["工作措施"])
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (x["number"], x["title"], "、".join(x["lead_units"])) for x in measures
    ]
    units = json.loads(cli("units", "--format", "json", "--data", SHIPPED_DATA).stdout)
    rows = _rows(_book(u)["责任矩阵"])
    assert [(r[0], r[4]) for r in rows] == [(x["unit"], len(x["lead_indicators"])) for x in units]


def test_firms_and_conversion_workbooks(cli, tmp_path: Path) -> None:
    f, c = tmp_path / "f.xlsx", tmp_path / "c.xlsx"
    args = ("--as-of", "2024-Q3", "--data", SHIPPED_DATA)
    assert cli("firms", "high_tech_enterprises", "--format", "xlsx", "-o", f, *args).exit_code == 0
    doc = json.loads(cli("firms", "high_tech_enterprises", "--format", "json", *args).stdout)
    rows = _rows(_book(f)["企业名单"])
    assert len(rows) == doc["total"] == len(doc["firms"])
    assert [(r[1], r[2], r[4].date().isoformat()) for r in rows] == [
        (x["uscc"], x["name"], x["entered_on"]) for x in doc["firms"]
    ]
    assert cli("conversion", "--format", "xlsx", "-o", c, *args).exit_code == 0
    cohorts = json.loads(cli("conversion", "--format", "json", *args).stdout)["cohorts"]
    rows = _rows(_book(c)["后备库转化率"])
    assert [(r[0], r[1], r[2], r[5], r[8]) for r in rows] == [
        (x["year"], x["size"], x["within_1y"], x["within_2y"], x["by_as_of"]) for x in cohorts
    ]
    assert [r[3] for r in rows] == [pytest.approx(x["rate_1y"], abs=5e-5) for x in cohorts]


def test_csv_for_people_has_a_bom_or_gb18030(cli, tmp_path: Path) -> None:
    out = cli("status", "2024", "--format", "csv", "--data", SHIPPED_DATA)
    assert out.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(without_bom(out.stdout))))
    assert rows[0]["指标"] == "年新增市场主体"
    gb = cli("status", "2024", "--format", "csv", "--encoding", "gb18030", "--data", SHIPPED_DATA)
    assert gb.exit_code == 0 and not gb.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert gb.stdout_bytes.decode("gb18030") == without_bom(out.stdout)
    target = tmp_path / "s.csv"
    saved = cli("status", "2024", "--format", "csv", "-o", target, "--data", SHIPPED_DATA)
    assert saved.exit_code == 0 and target.read_bytes() == out.stdout_bytes
    firms = cli("firms", "high_tech_enterprises", "--format", "csv", "--data", SHIPPED_DATA)
    assert firms.stdout.startswith(BOM)
    conversion = cli("conversion", "--format", "csv", "--data", SHIPPED_DATA)
    assert conversion.stdout.startswith(BOM)


def test_text_cells_never_become_formulas(tmp_path: Path) -> None:
    sheet = Sheet(
        "表",
        "=标题",
        (Column("名称"), Column("数", Kind.INTEGER), Column("状态")),
        [['=HYPERLINK("http://x","点我")', 3, XCell("@SUM(A1)", Tone.RED)], ["-2+3", -2, "正常"]],
    )
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes([sheet], "t"))
    ws = openpyxl.load_workbook(path)["表"]
    # stored as text with Excel's quote prefix (render.cells), so editing the cell keeps it text
    assert ws["A1"].value == "=标题" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    assert ws["A3"].value == '=HYPERLINK("http://x","点我")' and ws["A3"].data_type == "s" and ws["A3"].quotePrefix
    assert ws["C3"].value == "@SUM(A1)" and ws["C3"].quotePrefix and ws["C3"].fill.fgColor.rgb[-6:] == "FFC7CE"
    assert ws["A4"].value == "-2+3" and ws["A4"].quotePrefix
    assert not ws["C4"].quotePrefix  # 正常 is plain text
    assert ws["B4"].value == -2 and ws["B4"].data_type == "n"  # numbers stay numbers


def test_range_workbook_matches_the_range_json(cli, tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    assert cli("status", "2023-2025", "--format", "xlsx", "-o", target, "--data", SHIPPED_DATA).exit_code == 0
    doc = json.loads(cli("status", "2023-2025", "--format", "json", "--data", SHIPPED_DATA).stdout)
    book = _book(target)
    assert book.sheetnames == ["多年汇总", "2023年", "2024年", "2025年", "季度走势"]
    ws = book["多年汇总"]
    header = [c.value for c in ws[2]]
    assert header[2:5] == ["2023年目标值", "2023年完成值", "2023年状态"]
    rows = _rows(ws)
    assert len(rows) == len(doc["indicators"])
    for row, ind in zip(rows, doc["indicators"], strict=True):
        scale = 100 if ind["unit"] == "%" else 1
        for i, year in enumerate(ind["by_year"]):
            for col, key in ((2 + 3 * i, "target"), (3 + 3 * i, "actual")):
                want = year[key]
                assert (row[col] is None) if want is None else row[col] == pytest.approx(want / scale)
        assert row[11] == ind["met_years"] and row[12] == ind["years_with_target"]
    # 年新增市场主体 2023: 16600 reported against a target of 16000 → 已完成
    assert rows[0][2:5] == (16000, 16600, "已完成")
    assert len(book["季度走势"]._charts) >= 10


# ------------------------------------------------------------------ CSV for people says it in Chinese

#: Each command that writes CSV, with some of its columns that hold numbers.
CSV_COMMANDS = [
    (("status", "2024"), ("目标值", "完成值", "完成率", "差距")),
    (("status", "2024", "--by", "park"), ("园区名录计数", "名录合计", "报送值")),
    (("status", "2023-2025"), ("2024年目标值", "2024年完成值", "期间合计", "年均增长率")),
    (("firms", "high_tech_enterprises"), ()),  # codes, names, dates: no figure
    (("conversion",), ("入库企业", "1年转化率", "累计转化率")),
]
#: JSON values that must never reach a person's CSV (kinds, directions, statuses, booleans).
ENGLISH_VALUES = {"flow", "stock", "cumulative", "at_least", "at_most", "about", "True", "False"}
ENGLISH_VALUES |= {"achieved", "missed", "on_track", "at_risk", "behind", "no_data", "no_target"}


@pytest.mark.parametrize(("args", "numeric"), CSV_COMMANDS, ids=[" ".join(a) for a, _n in CSV_COMMANDS])
def test_every_csv_speaks_chinese_and_keeps_numbers(cli, args: tuple[str, ...], numeric: tuple[str, ...]) -> None:
    out = cli(*args, "--format", "csv", "--data", SHIPPED_DATA)
    assert out.exit_code == 0, out.stderr
    header, *rows = list(csv.reader(io.StringIO(without_bom(out.stdout))))
    assert rows
    assert all(CJK.search(h) for h in header), header  # every header is Chinese
    assert {cell for row in rows for cell in row} & ENGLISH_VALUES == set()
    # numbers stay bare numbers a spreadsheet can sum (no 家, no %, no thousands separators)
    for row in rows:
        for name in numeric:
            cell = row[header.index(name)]
            assert cell == "" or re.fullmatch(r"-?\d+(\.\d+)?", cell), (name, cell)
    assert all(any(row[header.index(name)] for row in rows) for name in numeric)  # and some are filled


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_status_csv_values_in_chinese(cli) -> None:
    out = cli("status", "2024", "--format", "csv", "--data", SHIPPED_DATA).stdout
    rows = {r["指标编号"]: r for r in csv.DictReader(io.StringIO(without_bom(out)))}
    doc = {
        i["id"]: i
        for i in json.loads(cli("status", "2024", "--format", "json", "--data", SHIPPED_DATA).stdout)["indicators"]
    }
    hte = rows["high_tech_enterprises"]
    # JSON: kind stock, direction at_least, status behind, example true → CSV in the office's words
    assert (hte["指标类型"], hte["方向"], hte["状态"], hte["示例数据"]) == ("总量类", "不低于目标", "滞后", "是")
    assert doc["high_tech_enterprises"]["kind"] == "stock" and doc["high_tech_enterprises"]["status"] == "behind"
    # 2200 of 2300 → 0.9565, the same number as JSON's completion
    assert (hte["完成值"], hte["目标值"], hte["完成率"]) == ("2200", "2300", "0.9565")
    assert rows["new_market_entities"]["指标类型"] == "新增类"
    assert {r["状态"] for r in rows.values()} <= set(STATUS_LABELS.values())


def test_csv_and_workbook_headers_agree(cli, tmp_path: Path) -> None:
    """Where the workbook shows the same table as the CSV, a column has one header in both."""

    def csv_header(*args: str) -> list[str]:
        out = cli(*args, "--format", "csv", "--data", SHIPPED_DATA).stdout
        return next(csv.reader(io.StringIO(without_bom(out))))

    def sheet_header(name: str, *args: str) -> list[str]:
        target = tmp_path / f"{name}.xlsx"
        assert cli(*args, "--format", "xlsx", "-o", target, "--data", SHIPPED_DATA).exit_code == 0
        return [c.value for c in _book(target)[name][2]]

    workbook_only = {"序时进度（占目标）", "来源", "序号"}
    for name, args in (
        ("指标完成情况", ("status", "2024")),
        ("多年汇总", ("status", "2023-2025")),
        ("企业名单", ("firms", "high_tech_enterprises")),
        ("后备库转化率", ("conversion",)),
    ):
        in_sheet = sheet_header(name, *args)
        assert {h for h in in_sheet if h not in workbook_only} <= set(csv_header(*args)), name
    assert in_sheet == csv_header("conversion")  # the same table: the same columns in the same order


def test_status_by_park_workbook_holds_the_csv_table(cli, tmp_path: Path) -> None:
    """``--by park --format xlsx`` adds sheet 按园区: the CSV's columns and rows (numbers as numbers, 是/否)."""
    args = ("status", "2024", "--by", "park", "--data", SHIPPED_DATA)
    table = list(csv.reader(io.StringIO(without_bom(cli(*args, "--format", "csv").stdout))))
    target = tmp_path / "p.xlsx"
    assert cli(*args, "--format", "xlsx", "-o", target).exit_code == 0
    book = _book(target)
    assert book.sheetnames == ["指标完成情况", "季度走势", "按园区"]
    ws = book["按园区"]
    assert ws["A1"].value.startswith("2024年按园区（企业名录计数")
    assert [c.value for c in ws[2]] == table[0]
    rows = _rows(ws)
    assert [["" if v is None else str(v) for v in row] for row in rows] == table[1:]
    assert rows[0][2] == "总量类" and isinstance(rows[0][5], int)  # kind in Chinese, counts as numbers


def test_range_exports_mark_example_figures_and_readings(cli, tmp_path: Path) -> None:
    """Sheet 多年汇总 ends with the note 标“示例”的实际值 like the sheets of each year, so its figures carry 示例
    as theirs do (before: no mark in the sheet at all); the range CSV says what each target rests on in a
    解读 column as the one-year CSV does (before: 2025年目标值 5000 for 创新积分参评企业, a year the document
    does not name, with nothing to tell it from the document's word)."""
    target = tmp_path / "r.xlsx"
    assert cli("status", "2023-2025", "--format", "xlsx", "-o", target, "--data", SHIPPED_DATA).exit_code == 0
    ws = _book(target)["多年汇总"]
    header = [c.value for c in ws[2]]
    rows = _rows(ws)
    source = {row[0]: row[header.index("来源")] for row in rows}
    assert source["年新增市场主体"] == "示例"  # 16600 in 2023 and the rest: example rows of the shipped data
    assert set(source.values()) <= {"示例", None}  # no figure is official; a row without figures has no source
    out = cli("status", "2023-2025", "--format", "csv", "--data", SHIPPED_DATA).stdout
    records = {r["指标编号"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    points = records["innovation_points_firms"]
    assert (points["2025年目标值"], points["2025年目标表述"]) == ("5000", "力争5000")
    assert points["解读"] == "措施未写年份：定为方案末年（2025年）的目标，2023、2024年不设目标。"
    assert records["new_specialized_in_parks"]["解读"] == ""  # ≥70 each year is the document's own word


def test_counts_in_the_status_workbook_show_as_whole_numbers(cli, tmp_path: Path) -> None:
    """预计全年 of 年新增市场主体 at 2024-Q3 is 12400 / 0.75 = 16533.33 家: the cell keeps the exact value
    (as the JSON does) and shows it as 16533, not 16533.3 (issue #10 §4, counts rounded half up);
    新入园“专精特新”企业's 序时进度 70 × 0.75 = 52.5 shows as 53 (Excel's 0 format rounds half up)."""
    target = tmp_path / "s.xlsx"
    assert cli("status", "2024", "--format", "xlsx", "-o", target, "--data", SHIPPED_DATA).exit_code == 0
    book = _book(target)
    ws = book["指标完成情况"]
    header = [c.value for c in ws[2]]
    cells = {row[0].value: row for row in ws.iter_rows(min_row=3, max_row=19)}
    projection = cells["年新增市场主体"][header.index("预计全年")]
    assert (projection.value, projection.number_format) == (16533.3333, "0")
    expected = cells["新入园“专精特新”企业"][header.index("序时进度")]
    assert (expected.value, expected.number_format) == (52.5, "0")
    rate = cells["规上国家级高新技术企业研发机构覆盖率"][header.index("完成值")]  # 85% in 2024-Q2
    assert rate.number_format == "0%"  # percentages keep their own format
    trajectory = book["季度走势"]
    assert {c.number_format for c in trajectory["D"][2:] if isinstance(c.value, float)} <= {"0", "0%"}
