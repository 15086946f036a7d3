"""Hostile workbooks (#14 items 5 and 14): caps on what a submission sheet may hold, read without
materialising empty cells, and every way a workbook can be unreadable a located refusal naming the file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.support.hostile import save_parts, workbook_parts
from zzgx_plan.submissions import sheets

SHEET = "xl/worksheets/sheet1.xml"


BASE = [["指标", "期间", "数值"], ["瞪羚（潜在）企业总量", "2024-Q4", 340]]


def _patched(tmp_path: Path, old: str, new: str, name: str = "s.xlsx") -> Path:
    parts = workbook_parts(BASE)
    xml = parts[SHEET].decode("utf-8")
    assert old in xml, xml
    parts[SHEET] = xml.replace(old, new, 1).encode("utf-8")
    return save_parts(tmp_path / name, parts)


def _refused(cli, data_dir: Path, path: Path) -> list[str]:
    result = cli("import", path, "--dry-run", "--data", data_dir)
    assert result.exit_code == 1, result.stdout
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}"), lines
    assert "internal error" not in result.stderr and "内部错误" not in result.stderr
    return lines


def test_a_huge_declared_dimension_is_not_materialised(cli, data_dir: Path, tmp_path: Path) -> None:
    """A 5 KB file whose dimension says XFD1048576 grew past 4.9 GB: now it reads as the two rows it has."""
    path = _patched(tmp_path, '<dimension ref="A1:C2"/>', '<dimension ref="A1:XFD1048576"/>')
    result = cli("import", path, "--dry-run", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert [(c["key"], c["new"]) for c in json.loads(result.stdout)["changes"]] == [("gazelles", "340")]


def test_a_stray_formatted_cell_far_below_is_ignored(cli, data_dir: Path, tmp_path: Path) -> None:
    """An empty (formatted) cell at row 1048576 is no content: the table above still imports."""
    path = _patched(tmp_path, "</sheetData>", '<row r="1048576"><c r="A1048576" s="0"/></row></sheetData>')
    result = cli("import", path, "--dry-run", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["changes"]) == 1


def test_content_beyond_the_last_column_is_refused_at_its_cell(cli, data_dir: Path, tmp_path: Path) -> None:
    path = _patched(tmp_path, "</row></sheetData>", '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    lines = _refused(cli, data_dir, path)
    assert lines[0].startswith(f"{path}:Sheet!XFD2: 工作表“Sheet”超出报送表的上限（第 16384 列有内容）")


def test_too_many_rows_are_refused_at_the_first_row_over(
    cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 50)  # (the cap is 10,000: the same code path, a smaller sheet)
    rows = [BASE[0]] + [["瞪羚（潜在）企业总量", "2024-Q4", n] for n in range(60)]
    path = save_parts(tmp_path / "long.xlsx", workbook_parts(rows))
    lines = _refused(cli, data_dir, path)
    assert lines[0].startswith(f"{path}:Sheet!A51: 工作表“Sheet”超出报送表的上限（第 51 行有内容）：报送表最多 50 行")


def test_a_zip_bomb_is_refused_from_its_table_of_contents(cli, data_dir: Path, tmp_path: Path) -> None:
    """A part that unpacks to more than the cap is refused before anything is inflated."""
    parts = workbook_parts(BASE)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if name != SHEET:
                z.writestr(name, data)
        with z.open(SHEET, "w", force_zip64=True) as fh:
            head = parts[SHEET].split(b"</sheetData>")[0]
            fh.write(head)
            filler = b"<!--" + b" " * (1 << 20) + b"-->"
            for _ in range(130):  # 130 MB of comment: compresses to about 130 KB
                fh.write(filler)
            fh.write(b"</sheetData></worksheet>")
    assert path.stat().st_size < 2 * 1024 * 1024
    lines = _refused(cli, data_dir, path)
    assert lines[0].startswith(f"{path}: 其中 {SHEET} 解压后有 130")
    assert lines[0].endswith("超过报送表（.xlsx）的上限 64 MB，未读取；请在 Excel、WPS 或 Word 中打开后另存一份再试")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<v>340</v>", "<v>inf</v>"),
        ("<v>340</v>", "<v>" + "1" * 5000 + "</v>"),
        ("<v>340</v>", "<v>12abc</v>"),
        ("<sheetData>", "<sheetData><row"),  # bad XML
    ],
)
def test_unreadable_cells_are_located_refusals(cli, data_dir: Path, tmp_path: Path, old: str, new: str) -> None:
    path = _patched(tmp_path, old, new)
    lines = _refused(cli, data_dir, path)
    assert lines[0].startswith(f"{path}:Sheet!A"), lines
    assert "工作表“Sheet”第 " in lines[0] and "行附近无法读取" in lines[0]


def test_xml_entity_tricks_are_refused(cli, data_dir: Path, tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]>"
    )
    path = _patched(tmp_path, "<worksheet", laughs + "<worksheet")
    lines = _refused(cli, data_dir, path)
    assert "含有不允许的 XML 实体或文档类型定义" in lines[0]


def test_corrupt_deflate_data_is_a_located_refusal(cli, data_dir: Path, tmp_path: Path) -> None:
    path = save_parts(tmp_path / "c.xlsx", workbook_parts(BASE))
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size, 60)):
        raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))
    lines = _refused(cli, data_dir, path)
    assert "不是可读取的 Excel 工作簿：压缩数据已损坏" in lines[0]


def test_a_broken_zip_directory_is_a_refusal(cli, data_dir: Path, tmp_path: Path) -> None:
    path = save_parts(tmp_path / "d.xlsx", workbook_parts(BASE))
    path.write_bytes(path.read_bytes()[:-30])
    lines = _refused(cli, data_dir, path)
    assert lines[0].startswith(f"{path}: ") and "不是完整的 Office 文档（压缩包无法打开）" in lines[0]


def test_a_zip_claiming_an_unknown_version_is_a_refusal(cli, data_dir: Path, tmp_path: Path) -> None:
    """(Found by the fuzz suite: zipfile raises NotImplementedError for "zip file version 14.5".)"""
    path = save_parts(tmp_path / "v.xlsx", workbook_parts(BASE))
    raw = bytearray(path.read_bytes())
    central = raw.rfind(b"PK\x01\x02")  # the last central directory entry: "version needed to extract" at +6
    raw[central + 6 : central + 8] = (145).to_bytes(2, "little")
    path.write_bytes(bytes(raw))
    lines = _refused(cli, data_dir, path)
    assert "不是完整的 Office 文档（压缩包无法打开）" in lines[0]
