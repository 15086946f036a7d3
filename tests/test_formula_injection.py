"""Formula injection (#14 item 12): text from data is never a live formula in the tool's CSV or xlsx output,
while the data files keep the text exactly as typed."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from zzgx_plan.render.cells import csv_cell, csv_row, is_formula_like, set_xlsx_cell

from .support.csvout import without_bom

ATTACKS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","点此")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd",
    "-2+3",
]


@pytest.mark.parametrize("text", [*ATTACKS, "\t=1+1", "\r=1+1", "-A1", "+甲"])
def test_formula_like_text_is_escaped_in_csv(text: str) -> None:
    assert is_formula_like(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["-50", "+50", "-3.5", "-12.5%", "-1,234", "1e3", "-", "—", "示例", "", "a=b", "17,000"]
)
def test_numbers_and_plain_text_are_untouched(value: str) -> None:
    assert not is_formula_like(value)
    assert csv_cell(value) == value


def test_non_text_values_are_untouched() -> None:
    assert csv_row([-50, -2.5, None, True, "=1"]) == [-50, -2.5, None, True, "'=1"]


def test_xlsx_text_is_never_a_formula(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for col, value in enumerate([*ATTACKS, "-50", -50, "正常文本\x01"], start=1):
        set_xlsx_cell(ws, 1, col, value)
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet  # no cell holds a formula
    back = openpyxl.load_workbook(path)
    row = next(back.active.iter_rows(min_row=1, max_row=1))
    assert [c.value for c in row] == [*ATTACKS, "-50", -50, "正常文本\ufffd"]
    assert [c.data_type for c in row] == ["s"] * 6 + ["n", "s"]
    # Excel's leading apostrophe on the formula-like texts only: re-entering the cell keeps it text
    assert [c.quotePrefix for c in row] == [True] * 5 + [False, False, False]


def test_status_csv_escapes_text_from_data(cli, data_dir: Path) -> None:
    evil = '=HYPERLINK(""http://evil.example"",""x"")'
    targets = data_dir / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(
        text.replace("    name: 新增本地区“一件事”\n", '    name: \'=HYPERLINK("http://evil.example","x")\'\n')
    )
    result = cli("status", "2024", "--format", "csv", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(without_bom(result.stdout))))
    row = next(r for r in rows if r["指标编号"] == "one_thing_services")
    assert row["指标"] == '\'=HYPERLINK("http://evil.example","x")'
    assert f'"\'{evil}"' in result.stdout  # quoted by the csv writer, after the apostrophe
    # figures stay numbers: a gap of a behind indicator is negative and untouched
    assert all(not r["差距"].startswith("'") for r in rows)
    assert any(r["差距"].startswith("-") for r in rows)


def test_registers_csv_escapes_company_names(cli, data_dir: Path) -> None:
    register = data_dir / "registers" / "example_gazelles.csv"
    lines = register.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace("示例企业06481有限公司", "@SUM(1+1)*cmd|' /C calc'!A0")
    register.write_text("".join(lines), encoding="utf-8")
    result = cli("firms", "gazelles", "--format", "csv", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(without_bom(result.stdout))))
    cells = [v for r in rows for v in r.values() if "SUM" in v]
    assert cells == ["'@SUM(1+1)*cmd|' /C calc'!A0"]
    # the register itself keeps the name as typed
    assert "@SUM(1+1)*cmd|' /C calc'!A0,gazelles" in register.read_text(encoding="utf-8")


def test_template_writes_measure_titles_as_text(cli, data_dir: Path, tmp_path: Path) -> None:
    measures = data_dir / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    assert 'title: "提升市场准入便利度"' in text
    measures.write_text(text.replace('title: "提升市场准入便利度"', "title: \"=cmd|' /C calc'!A0\""), "utf-8")
    out = tmp_path / "t.xlsx"
    result = cli("template", "2024-Q4", "--unit", "市场监管局", "--output", out, "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as z:
        assert all(b"<f>" not in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    ms = openpyxl.load_workbook(out)["措施进展"]
    cell = next(row[1] for row in ms.iter_rows(min_row=5) if row[0].value == 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)


def test_imported_note_is_stored_as_typed(cli, data_dir: Path, tmp_path: Path) -> None:
    """Storage is not output: the data file keeps the 备注 exactly as the unit typed it."""
    sheet = tmp_path / "报送.csv"
    sheet.write_text('指标,期间,数值,备注\n年新增市场主体,2024-Q4,4100,"=HYPERLINK(""http://x"",""y"")"\n', "utf-8")
    result = cli("import", sheet, "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    stored = list(csv.DictReader(io.StringIO((data_dir / "actuals" / "2024.csv").read_text(encoding="utf-8"))))
    row = next(r for r in stored if (r["indicator"], r["period"]) == ("new_market_entities", "2024-Q4"))
    assert row["note"] == '=HYPERLINK("http://x","y")'


def test_formula_note_without_a_value_is_refused(cli, data_dir: Path, tmp_path: Path) -> None:
    """A 备注 cell holding a formula that no spreadsheet program computed is refused at its cell,
    not stored as its formula text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "期间", "数值", "备注"])
    ws.append(["年新增市场主体", "2024-Q4", 4100, '=HYPERLINK("http://x","y")'])
    path = tmp_path / "公式备注.xlsx"
    wb.save(path)
    before = (data_dir / "actuals" / "2024.csv").read_bytes()
    result = cli("import", path, "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"{path}:Sheet!D2: ")
    assert "HYPERLINK" in result.stderr.splitlines()[0]
    assert (data_dir / "actuals" / "2024.csv").read_bytes() == before


def _evil_name(data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    assert "    name: 新增本地区“一件事”\n" in text
    targets.write_text(text.replace("    name: 新增本地区“一件事”\n", '    name: \'=HYPERLINK("http://e","x")\'\n'))


def test_multiyear_csv_escapes_text_from_data(cli, data_dir: Path) -> None:
    _evil_name(data_dir)
    result = cli("status", "2023-2024", "--format", "csv", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    names = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert names == ['\'=HYPERLINK("http://e","x")']


@pytest.mark.parametrize("period", ["2024", "2023-2024"])
def test_status_workbooks_hold_no_formula_from_data(cli, data_dir: Path, tmp_path: Path, period: str) -> None:
    _evil_name(data_dir)
    out = tmp_path / "s.xlsx"
    result = cli("status", period, "--format", "xlsx", "-o", out, "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert any("HYPERLINK" in s for s in sheets) or "HYPERLINK" in zipfile.ZipFile(out).read(
        "xl/sharedStrings.xml"
    ).decode("utf-8")
    assert not any("<f>=HYPERLINK" in s or "<f>HYPERLINK" in s for s in sheets)
