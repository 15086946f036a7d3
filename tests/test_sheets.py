"""Reading real-world sheets: located cells, header detection, number and name normalisation."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from zzgx_plan.core.names import match_key, normalise_text
from zzgx_plan.submissions.sheets import (
    ACTUALS_HEADERS,
    PROGRESS_HEADERS,
    SheetError,
    find_table,
    format_number,
    parse_number,
    read_sheets,
)


def test_normalise_text_full_width_and_quotes() -> None:
    assert normalise_text("瞪羚（潜在）企业总量") == "瞪羚(潜在)企业总量"
    assert normalise_text("１７，０００") == "17,000"
    assert normalise_text("９５％") == "95%"
    assert normalise_text("省级以上“专精特新”企业总量") == '省级以上"专精特新"企业总量'
    assert normalise_text("\u3000高新技术企业   总量 ") == "高新技术企业 总量"


def test_match_key_ignores_brackets_width_quotes_and_spaces() -> None:
    assert match_key("瞪羚（潜在）企业总量") == match_key("瞪羚(潜在)企业总量")
    assert match_key("省级以上“专精特新”企业总量") == match_key('省级以上"专精特新"企业总量')
    assert match_key("省级以上“专精特新”企业总量") == match_key("省级以上专精特新企业总量")
    assert match_key("Gazelles ") == match_key("gazelles")
    assert match_key("瞪羚企业总量") != match_key("瞪羚（潜在）企业总量")


@pytest.mark.parametrize(
    ("value", "fmt", "expected", "percent"),
    [
        (17000, "", 17000, False),
        (17000.0, "General", 17000, False),
        ("17,000", "", 17000, False),
        ("１７，０００", "", 17000, False),
        (" 12.5 ", "", 12.5, False),
        ("95%", "", 95, True),
        ("９５％", "", 95, True),
        (0.95, "0%", 95, True),
        (0.955, "0.0%", 95.5, True),
        ("120家", "", 120, False),
        ("-3", "", -3, False),
    ],
)
def test_parse_number_accepts_what_people_type(value: object, fmt: str, expected: float, percent: bool) -> None:
    parsed = parse_number(value, fmt)
    assert parsed is not None
    assert parsed.value == expected
    assert type(parsed.value) is type(expected)
    assert parsed.percent is percent


def test_parse_number_suffix_is_kept() -> None:
    parsed = parse_number("120家")
    assert parsed is not None and parsed.suffix == "家"


@pytest.mark.parametrize("value", [None, True, "", "abc", "1,2,3", "12,00", "十二", "1.2.3", float("nan"), "--5"])
def test_parse_number_refuses_non_numbers(value: object) -> None:
    assert parse_number(value) is None


def test_format_number_has_no_exponent_or_trailing_zeros() -> None:
    assert format_number(17000.0) == "17000"
    assert format_number(95.5) == "95.5"
    assert format_number(0.1 + 0.2) == "0.3"
    assert format_number(1e-7) == "0.0000001"


def _real_world_workbook(path: Path) -> None:
    """A sheet as a unit would send it: merged title, a note line, header, blank rows, text numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "郑州高新区市场主体培育指标完成情况（2024年第三季度）"
    ws.merge_cells("A1:F1")
    ws["A2"] = "填报单位：科技局"
    ws.merge_cells("A2:F2")
    ws.append([])
    ws.append(["序号", "指标名称", "时间", "完成值（家）", "单位", "备注"])  # row 4
    ws.append([1, "高新技术企业总量", "2024-Q3", "１,２００", "家", None])  # row 5
    ws.append([])  # row 6: blank
    ws.append([2, "瞪羚(潜在)企业总量", "2024-Q3", "17,000", "家", "数字作为文本"])  # row 7
    ws.append([3, "研发活动覆盖率", "2024-Q3", 0.95, "%", None])  # row 8
    ws["D8"].number_format = "0%"
    ws.append([None, None, None, None, None, None])  # row 9: blank
    wb.save(path)


def test_xlsx_header_below_merged_title_and_blank_rows_skipped(tmp_path: Path) -> None:
    path = tmp_path / "科技局.xlsx"
    _real_world_workbook(path)
    (sheet,) = read_sheets(path)
    table = find_table(sheet, ACTUALS_HEADERS, required={"indicator", "value"})
    assert table is not None
    assert table.header_line == 4
    assert table.columns == {"indicator": 1, "period": 2, "value": 3, "unit_of_measure": 4, "note": 5}
    assert [r[0].line for r in table.rows] == [5, 7, 8]
    values = [table.cell(r, "value") for r in table.rows]
    assert [c.location for c in values if c] == ["Sheet1!D5", "Sheet1!D7", "Sheet1!D8"]
    numbers = [c.number() for c in values if c]
    assert [(n.value, n.percent) for n in numbers if n] == [(1200, False), (17000, False), (95, True)]
    names = [table.cell(r, "indicator") for r in table.rows]
    assert [c.text for c in names if c] == ["高新技术企业总量", "瞪羚(潜在)企业总量", "研发活动覆盖率"]


def test_sheet_names_with_spaces_are_quoted_in_references(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Q3 figures"
    ws.append(["indicator", "period", "value"])
    ws.append(["gazelles", "2024-Q3", 5])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    (sheet,) = read_sheets(path)
    table = find_table(sheet, ACTUALS_HEADERS, required={"indicator", "value"})
    assert table is not None
    cell = table.cell(table.rows[0], "value")
    assert cell is not None and cell.location == "'Q3 figures'!C2"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")],
)
def test_csv_in_excel_encodings_with_chinese_headers(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = (
        "指标,期间,数值,单位,报送单位,备注\r\n"
        '瞪羚（潜在）企业总量,2024-Q3,"17,000",家,科技局,\r\n'
        "\r\n"
        "高新技术企业总量,2024-Q3,９５％,家,,全角\r\n"
    )
    path = tmp_path / "figures.csv"
    path.write_bytes(bom + text.encode(encoding))
    (sheet,) = read_sheets(path)
    table = find_table(sheet, ACTUALS_HEADERS, required={"indicator", "value"})
    assert table is not None
    assert table.header_line == 1
    assert set(table.columns) == {"indicator", "period", "value", "unit_of_measure", "reported_by", "note"}
    assert [r[0].line for r in table.rows] == [2, 4]
    first, second = table.rows
    value = table.cell(first, "value")
    assert value is not None and value.location is None and value.line == 2
    assert value.number() is not None and value.number().value == 17000  # type: ignore[union-attr]
    indicator = table.cell(first, "indicator")
    assert indicator is not None and indicator.text == "瞪羚(潜在)企业总量"
    value2 = table.cell(second, "value")
    assert value2 is not None and value2.number() == parse_number("95%")


def test_csv_with_actuals_column_names_and_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("indicator,period,value,basis,reported_by,note\ngazelles,2024-Q3,5\n", encoding="utf-8")
    (sheet,) = read_sheets(path)
    table = find_table(sheet, ACTUALS_HEADERS, required={"indicator", "value"})
    assert table is not None
    (row,) = table.rows
    note = table.cell(row, "note")
    assert note is not None and note.is_blank and note.line == 2


def test_csv_line_numbers_survive_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('indicator,value,note\ngazelles,5,"two\nlines"\nunicorns,x,\n', encoding="utf-8")
    (sheet,) = read_sheets(path)
    table = find_table(sheet, ACTUALS_HEADERS, required={"indicator", "value"})
    assert table is not None
    assert [r[0].line for r in table.rows] == [2, 4]


def test_progress_table_headers(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("措施编号,进展状态,进展情况,下一步计划\n9,进行中,已组织申报,继续推进\n", encoding="utf-8")
    (sheet,) = read_sheets(path)
    assert find_table(sheet, ACTUALS_HEADERS, required={"indicator", "value"}) is None
    table = find_table(sheet, PROGRESS_HEADERS, required={"measure"})
    assert table is not None
    assert table.columns == {"measure": 0, "status": 1, "text": 2, "next_steps": 3}


def test_duplicate_header_columns_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("指标,数值,完成值\nx,1,2\n", encoding="utf-8")
    (sheet,) = read_sheets(path)
    table = find_table(sheet, ACTUALS_HEADERS, required={"indicator", "value"})
    assert table is not None
    assert table.columns["value"] == 1
    assert [c.text for c in table.duplicates] == ["完成值"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.csv", b"", "file-empty"),
        ("a.csv", b"\x00\x01\x02\x03binary\x00\x00", "encoding-unknown"),
        ("a.xlsx", b"not a zip", "file-unreadable"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "file-unreadable"),
        ("a.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "file-unreadable"),
        ("a.et", b"PK\x03\x04 not really a zip", "file-unreadable"),
        ("a.xls", b"ID;PWXL;N;E\r\n", "file-unreadable"),
        ("a.pdf", b"%PDF", "file-unreadable"),
    ],
)
def test_unreadable_files_raise_sheet_error(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SheetError) as info:
        read_sheets(path)
    assert info.value.code == code
