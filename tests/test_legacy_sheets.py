"""Importing .xls (BIFF8) and WPS .et workbooks: read like an .xlsx, refused like one when hostile (#10, #14).

The workbooks are real: written by xlwt as Excel 97–2003 writes them, some then tampered with record by record.
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

import openpyxl
import pytest

from tests.support.hostile import run_plan
from tests.support.legacy_sheets import (
    insert_after_first_record,
    records,
    save_as_xls,
    workbook_stream,
    write_xls,
    xls_bytes,
)
from zzgx_plan.files import reading
from zzgx_plan.files.transaction import LOCK_NAME
from zzgx_plan.submissions import legacy, sheets

HEADER = ["指标名称", "期间", "完成值（家）", "备注"]
DAMAGED = (
    "无法读取这个文件：不是可读取的 Excel 工作簿：工作簿数据已损坏（文件可能没有完整保存，或在传输中被截断）；"
    "请在 Excel 或 WPS 中打开并另存后再报送"
)
REFUSED = "plan: 1 处错误，导入未执行，数据未改动"


def _tree(folder: Path) -> str:
    """A digest of every file under ``folder`` (names and bytes): equal before and after means nothing written.
    (Not the empty lock file that any import creates to take the data directory's lock.)"""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != LOCK_NAME):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _changes(stdout: str) -> list[tuple[str, str, str, str]]:
    return [(c["key"], c["period"], c["new"], c["source"]) for c in json.loads(stdout)["changes"]]


def _refused(cli, data_dir: Path, path: Path) -> list[str]:
    before = _tree(data_dir)
    result = cli("import", path, "--data", data_dir)
    assert result.exit_code == 1, result.stdout
    assert _tree(data_dir) == before
    return result.stderr.splitlines()


# --------------------------------------------------------------------------- reading


def test_a_filled_xls_with_a_merged_title_imports_its_figures(cli, data_dir: Path, tmp_path: Path) -> None:
    """A unit's own sheet saved as .xls: merged title, blank row, Chinese headers with a unit in brackets,
    a full-width number typed as text, a 92% cell (0.92 formatted 0%) and a row left empty."""
    path = write_xls(
        tmp_path / "创新发展局.xls",
        {
            "Sheet1": [
                HEADER,
                ["瞪羚（潜在）企业总量", "2025年第一季度", 338, None],
                ["独角兽(种子)企业总量", "2025-Q1", "５", "全角数字"],
                ["规上国家级高新技术企业研发机构覆盖率", "2025-Q1", (0.92, "0%"), None],
                ["科技型中小企业总量", "2025-Q1", None, None],
            ]
        },
        merged_title="创新发展局 2025年第一季度指标完成情况",
    )
    result = cli("import", path, "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # a 92% cell is 92 (its format is read), not a fraction to warn about
    # The title is row 1, the blank row 2, the header row 3: the figures are rows 4-6, the value in column C.
    assert _changes(result.stdout) == [
        ("gazelles", "2025-Q1", "338", f"{path}:Sheet1!C4"),
        ("unicorns", "2025-Q1", "5", f"{path}:Sheet1!C5"),
        ("rd_institution_coverage", "2025-Q1", "92%", f"{path}:Sheet1!C6"),
    ]
    assert json.loads(result.stdout)["skipped"] == 1  # 科技型中小企业总量 left empty
    written = (data_dir / "actuals" / "2025.csv").read_text(encoding="utf-8").splitlines()
    assert written[-3:] == [
        "gazelles,2025-Q1,338,,,",
        "unicorns,2025-Q1,5,,,全角数字",
        "rd_institution_coverage,2025-Q1,92%,,,",
    ]


def test_xls_cells_read_as_the_xlsx_reader_reads_them(tmp_path: Path) -> None:
    """The same rows through both readers give the same located cells (values and percent formats)."""
    rows = [["指标", "期间", "数值"], ["瞪羚（潜在）企业总量", "2025-Q1", 338], ["x", "2025", (0.925, "0.00%")]]
    xls = write_xls(tmp_path / "a.xls", {"表 一": rows})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表 一"
    for row in rows:
        ws.append([c[0] if isinstance(c, tuple) else c for c in row])
    ws["C3"].number_format = "0.00%"
    wb.save(tmp_path / "a.xlsx")
    (from_xls,) = sheets.read_sheets(xls)
    (from_xlsx,) = sheets.read_sheets(tmp_path / "a.xlsx")

    def cells(sheet: sheets.RawSheet) -> list[tuple[object, str | None, object]]:
        return [(c.value, c.location, c.number()) for row in sheet.rows for c in row]

    assert cells(from_xls) == cells(from_xlsx)
    # 0.925 formatted 0.00% reads as 92.5 percent, located with the quoted sheet name
    assert from_xls.rows[2][2].location == "'表 一'!C3"
    assert from_xls.rows[2][2].number() == sheets.ParsedNumber(92.5, percent=True)


def test_a_fraction_for_a_percentage_is_warned_about_at_its_cell(cli, data_dir: Path, tmp_path: Path) -> None:
    """0.92 in a cell without a percent format, for a % indicator: imported, with the located warning."""
    path = write_xls(
        tmp_path / "a.xls",
        {"Sheet1": [["指标", "期间", "数值"], ["规上国家级高新技术企业研发机构覆盖率", "2025-Q1", 0.92]]},
    )
    result = cli("import", path, "--dry-run", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{path}:Sheet1!C2: 警告：规上国家级高新技术企业研发机构覆盖率 2025-Q1：0.92% 像是小数写法；"
        "如果 0.92 表示 92%，请写 92%"
    ]


def test_a_formula_saved_without_its_result_is_warned_about(cli, data_dir: Path, tmp_path: Path) -> None:
    """xlwt, like other programs, saves a formula with an empty result: the row is skipped with a warning."""
    path = write_xls(
        tmp_path / "a.xls",
        {
            "Sheet1": [
                ["指标", "期间", "数值"],
                ["瞪羚（潜在）企业总量", "2025-Q1", ("=330+8",)],
                ["unicorns", "2025-Q1", 6],
            ]
        },
    )
    result = cli("import", path, "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert _changes(result.stdout) == [("unicorns", "2025-Q1", "6", f"{path}:Sheet1!C3")]
    assert result.stderr.splitlines() == [
        f"{path}:Sheet1!C2: 警告：这个单元格是公式，文件中保存的计算结果为空，已按空白处理；如果这里应有数值，"
        "可能是公式的结果没有保存：请在 Excel 或 WPS 中打开并保存文件后重新导入，或直接填写数字"
    ]


def test_a_bad_number_in_an_xls_is_refused_at_its_cell(cli, data_dir: Path, tmp_path: Path) -> None:
    path = write_xls(
        tmp_path / "a.xls",
        {
            "Sheet1": [
                ["指标", "期间", "数值"],
                ["unicorns", "2025-Q1", 6],
                ["瞪羚（潜在）企业总量", "2025-Q1", "约335"],
            ]
        },
    )
    assert _refused(cli, data_dir, path) == [
        f"{path}:Sheet1!C3: 完成值“约335”不是数字；请填写阿拉伯数字，如 17000",
        REFUSED,
    ]


@pytest.mark.parametrize("inside", ["xls", "xlsx"])
def test_a_wps_et_file_is_read_whatever_is_inside(cli, data_dir: Path, tmp_path: Path, inside: str) -> None:
    """WPS saves .et as BIFF8 (an .xls inside) or as .xlsx; the bytes decide, not the name."""
    rows = [["指标", "期间", "数值"], ["独角兽（种子）企业总量", "2025-Q1", 6]]
    path = tmp_path / "创新发展局.et"
    if inside == "xls":
        path.write_bytes(xls_bytes({"Sheet1": rows}))
    else:
        wb = openpyxl.Workbook()
        wb.active.title = "Sheet1"
        for row in rows:
            wb.active.append(row)
        wb.save(path)
    assert path.read_bytes()[:4] == (b"\xd0\xcf\x11\xe0" if inside == "xls" else b"PK\x03\x04")
    result = cli("import", path, "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert _changes(result.stdout) == [("unicorns", "2025-Q1", "6", f"{path}:Sheet1!C2")]


def test_an_xlsx_saved_under_the_xls_name_is_read_as_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["指标", "数值"])
    wb.save(tmp_path / "a.xls")
    (sheet,) = sheets.read_sheets(tmp_path / "a.xls")
    assert [c.value for c in sheet.rows[0]] == ["指标", "数值"]


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"<html><body><table><tr><td>x</td></tr></table></body></html>",
            "文件内容是网页或 XML 文本，不是 Excel 工作簿（常见于从网上系统导出的表格）",
        ),
        (b"%PDF-1.7 not a sheet", "文件内容既不是 .xlsx 也不是 .xls 格式（可能是改了扩展名的其他文件）"),
    ],
)
def test_a_file_that_is_no_workbook_is_refused(
    cli, data_dir: Path, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "报表.et"
    path.write_bytes(content)
    assert _refused(cli, data_dir, path) == [
        f"{path}: 无法读取这个文件：{reason}；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再报送",
        REFUSED,
    ]


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.8])
def test_a_truncated_xls_is_refused_without_a_traceback(data_dir: Path, tmp_path: Path, keep: float) -> None:
    """Cut short in transit: a located refusal, exit 1, nothing written; in a child process, so that a Rust
    panic's message (written straight to file descriptor 2) would show in its stderr."""
    whole = xls_bytes({"Sheet1": [["指标", "期间", "数值"], ["unicorns", "2025-Q1", 6]]})
    path = tmp_path / "截断.xls"
    path.write_bytes(whole[: int(len(whole) * keep)])
    before = _tree(data_dir)
    run = run_plan("import", path, "--data", data_dir, cwd=tmp_path)
    assert run.exit_code == 1, run.output
    lines = run.stderr.splitlines()
    assert lines[0].startswith(f"{path.name}: 无法读取这个文件：不是可读取的 Excel 工作簿："), lines
    assert lines[1:] == [REFUSED]
    assert _tree(data_dir) == before


def test_a_record_calamine_would_panic_on_is_a_located_refusal(data_dir: Path, tmp_path: Path) -> None:
    """A defined-name record two bytes long makes calamine index past it (a Rust panic): caught, kept quiet."""
    stream = workbook_stream(xls_bytes({"Sheet1": [["指标", "数值"], ["unicorns", 6]]}))
    tampered = insert_after_first_record(stream, struct.pack("<HH", 0x0018, 2) + b"\0\0")
    path = tmp_path / "坏.xls"
    path.write_bytes(legacy._container("Workbook", tampered))
    run = run_plan("import", path, "--data", data_dir, cwd=tmp_path)
    assert (run.exit_code, run.stderr.splitlines()) == (1, [f"{path.name}: {DAMAGED}", REFUSED])


def test_a_sheet_that_starts_inside_another_record_is_refused(cli, data_dir: Path, tmp_path: Path) -> None:
    """BOUNDSHEET pointing two bytes into a record: calamine would read from there records nobody checked."""
    data = xls_bytes({"Sheet1": [["指标", "数值"], ["unicorns", 6]]})
    stream = bytearray(workbook_stream(data))
    offset = next(o for o, k, _ in records(bytes(stream)) if k == 0x0085)
    struct.pack_into("<I", stream, offset + 4, struct.unpack_from("<I", stream, offset + 4)[0] + 2)
    path = tmp_path / "错位.xls"
    path.write_bytes(legacy._container("Workbook", bytes(stream)))
    assert _refused(cli, data_dir, path) == [f"{path}: {DAMAGED}", REFUSED]


def test_a_password_protected_xls_is_refused_as_such(cli, data_dir: Path, tmp_path: Path) -> None:
    stream = workbook_stream(xls_bytes({"Sheet1": [["指标", "数值"]]}))
    path = tmp_path / "加密.xls"
    path.write_bytes(legacy._container("Workbook", insert_after_first_record(stream, struct.pack("<HHH", 0x2F, 2, 1))))
    assert _refused(cli, data_dir, path) == [
        f"{path}: 无法读取这个文件：不是可读取的 Excel 工作簿："
        "文件设有打开密码；请在 Excel 或 WPS 中取消密码并另存后再报送",
        REFUSED,
    ]


@pytest.mark.parametrize(
    ("name", "stream", "reason"),
    [
        # an .xlsx saved with a password is an OLE2 file holding the encrypted package
        ("加密.xlsx", "EncryptionInfo", "文件设有打开密码；请在 Excel 或 WPS 中取消密码并另存后再报送"),
        ("报表.xls", "WordDocument", "文件中没有表格数据（可能是 Word 文档等其他 Office 文件改了扩展名）"),
    ],
)
def test_an_office_file_without_a_workbook_is_refused(
    cli, data_dir: Path, tmp_path: Path, name: str, stream: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(legacy._container(stream, bytes(5000)))
    assert _refused(cli, data_dir, path) == [f"{path}: 无法读取这个文件：不是可读取的 Excel 工作簿：{reason}", REFUSED]


def test_an_xls_over_the_size_cap_is_refused_unread(
    cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(reading.LIMITS, "submission", reading.Limit("报送表", 4096))  # (the cap is 32 MB)
    path = write_xls(tmp_path / "大.xls", {"Sheet1": [["指标", "数值"], ["unicorns", 6]]})
    size = path.stat().st_size
    assert size > 4096
    assert _refused(cli, data_dir, path) == [
        f"{path}: 文件大小 {reading.size_text(size)}，超过报送表的上限 4 KB，未读取；请确认没有选错文件",
        REFUSED,
    ]


def test_a_value_in_the_last_column_is_refused_at_its_cell(cli, data_dir: Path, tmp_path: Path) -> None:
    """A 5 KB .xls with a value at IV65536 made calamine hold 65536 × 256 cells (1 GB): refused before it reads."""
    rows: list[list[object]] = [["指标", "期间", "数值"], ["unicorns", "2025-Q1", 6]]
    rows += [[] for _ in range(65533)] + [[None] * 255 + ["x"]]
    path = write_xls(tmp_path / "远.xls", {"S": rows})
    assert path.stat().st_size < 10_000
    lines = _refused(cli, data_dir, path)
    assert lines == [
        f"{path}:S!IV65536: 工作表“S”超出报送表的上限（第 256 列有内容）：报送表最多 10000 行、200 列；"
        "请只保留要报送的表格",
        REFUSED,
    ]


def test_too_many_rows_are_refused_at_the_first_row_over(
    cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 50)  # (the cap is 10,000: the same code path, a smaller sheet)
    rows = [["指标", "期间", "数值"]] + [["瞪羚（潜在）企业总量", "2025-Q1", n] for n in range(60)]
    path = write_xls(tmp_path / "长.xls", {"Sheet1": rows})
    assert _refused(cli, data_dir, path)[0] == (
        f"{path}:Sheet1!A51: 工作表“Sheet1”超出报送表的上限（第 51 行有内容）：报送表最多 50 行、200 列；"
        "请只保留要报送的表格"
    )


def test_the_cell_budget_counts_each_sheet_as_a_full_rectangle(
    cli, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_CELLS", 100)
    # Sheet "A": 10 rows × 5 columns = 50 cells; sheet "B": 20 rows × 3 columns = 60 > the 50 left:
    # the budget runs out in B's row 50 // 3 + 1 = 17.
    a = [["x"] * 5 for _ in range(10)]
    b = [["y"] * 3 for _ in range(20)]
    path = write_xls(tmp_path / "多.xls", {"A": a, "B": b})
    assert _refused(cli, data_dir, path)[0] == (
        f"{path}:B!A17: 工作表“B”超出报送表的上限（单元格多于 100 个）：报送表最多 10000 行、200 列；"
        "请只保留要报送的表格"
    )


def _patched_record(data: bytes, kind: int, patch: bytes, at: int) -> bytes:
    """The .xls with ``patch`` written into the body of its first record of ``kind`` (sizes unchanged)."""
    stream = bytearray(workbook_stream(data))
    offset = next(o for o, k, _ in records(bytes(stream)) if k == kind)
    stream[offset + 4 + at : offset + 4 + at + len(patch)] = patch
    return legacy._container("Workbook", bytes(stream))


def test_a_huge_declared_dimension_is_not_allocated(data_dir: Path, tmp_path: Path) -> None:
    """DIMENSIONS saying 2^31 rows × 256 columns: calamine reserved that many cells before reading one
    (the process aborted); the hint is reset, and the two rows there are imported."""
    data = xls_bytes({"Sheet1": [["指标", "期间", "数值"], ["unicorns", "2025-Q1", 6]]})
    path = tmp_path / "维度.xls"
    path.write_bytes(_patched_record(data, 0x0200, struct.pack("<IIHH", 0, 2**31, 0, 256), 0))
    run = run_plan("import", path, "--dry-run", "--format", "json", "--data", data_dir, cwd=tmp_path)
    assert (run.exit_code, run.stderr) == (0, "")
    assert _changes(run.stdout) == [("unicorns", "2025-Q1", "6", f"{path.name}:Sheet1!C2")]


def test_a_string_table_claiming_more_strings_than_it_holds_is_refused(cli, data_dir: Path, tmp_path: Path) -> None:
    """An SST saying 2^31 - 1 strings in a few bytes (some calamine versions reserve memory from that count)."""
    data = xls_bytes({"Sheet1": [["指标", "数值"], ["unicorns", 6]]})
    path = tmp_path / "字符串.xls"
    path.write_bytes(_patched_record(data, 0x00FC, struct.pack("<i", 2**31 - 1), 4))
    assert _refused(cli, data_dir, path) == [f"{path}: {DAMAGED}", REFUSED]


# --------------------------------------------------------------------------- a folder


def test_import_a_folder_of_mixed_sheets_in_one_transaction(cli, data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "一季度报送"
    folder.mkdir()
    write_xls(folder / "创新发展局.xls", {"Sheet1": [["指标", "期间", "数值"], ["gazelles", "2025-Q1", 338]]})
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["指标", "期间", "数值"])
    wb.active.append(["unicorns", "2025-Q1", 6])
    wb.save(folder / "科技局.xlsx")
    (folder / "市场监管局.csv").write_text("指标,期间,数值\n“免证办”事项,2025-Q1,470\n", encoding="gb18030")
    (folder / "~$科技局.xlsx").write_bytes(b"lock file of an open workbook")
    (folder / ".隐藏.xls").write_bytes(b"not a sheet")
    # one bad .xls among them: nothing of any sheet is written
    write_xls(folder / "坏.xls", {"Sheet1": [["指标", "期间", "数值"], ["tech_smes", "2025-Q1", "约3700"]]})
    assert _refused(cli, data_dir, folder) == [
        f"{folder / '坏.xls'}:Sheet1!C2: 完成值“约3700”不是数字；请填写阿拉伯数字，如 17000",
        REFUSED,
    ]
    (folder / "坏.xls").unlink()
    actuals = data_dir / "actuals" / "2025.csv"
    before = (
        actuals.read_text(encoding="utf-8").splitlines()
        if actuals.exists()
        else ["indicator,period,value,basis,reported_by,note"]
    )
    result = cli("import", folder, "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert sorted(_changes(result.stdout)) == [
        ("gazelles", "2025-Q1", "338", f"{folder / '创新发展局.xls'}:Sheet1!C2"),
        ("permit_free_items", "2025-Q1", "470", f"{folder / '市场监管局.csv'}:2"),
        ("unicorns", "2025-Q1", "6", f"{folder / '科技局.xlsx'}:Sheet1!C2"),
    ]
    after = actuals.read_text(encoding="utf-8").splitlines()
    assert after[: len(before)] == before and len(after) == len(before) + 3  # the three figures, written together


def test_a_template_saved_as_xls_imports_as_the_xlsx_does(cli, data_dir: Path, tmp_path: Path) -> None:
    """Our template, filled, then saved by the unit as .xls: the same changes as the .xlsx, cell for cell."""
    blank = tmp_path / "模板.xlsx"
    assert cli("template", "2024-Q4", "--unit", "市场监管局", "-o", blank, "--data", data_dir).exit_code == 0
    filled = tmp_path / "市场监管局.xlsx"
    wb = openpyxl.load_workbook(blank)
    for row in wb["指标"].iter_rows(min_row=5):
        if row[0].value == "permit_free_items":
            row[7].value = 455
        if row[0].value == "permit_reform_item_coverage":
            row[7].value, row[7].number_format = 0.98, "0%"
    for row in wb["措施进展"].iter_rows(min_row=5):
        if row[0].value == 2:
            row[3].value, row[4].value = "推进中", "“免证办”事项新增45项"
    wb.save(filled)
    xls = save_as_xls(filled, tmp_path / "市场监管局.xls")
    from_xlsx = cli("import", filled, "--dry-run", "--format", "json", "--data", data_dir)
    from_xls = cli("import", xls, "--dry-run", "--format", "json", "--data", data_dir)
    assert (from_xls.exit_code, from_xls.stderr) == (from_xlsx.exit_code, from_xlsx.stderr) == (0, "")
    changes = json.loads(from_xls.stdout)["changes"]
    assert json.loads(from_xlsx.stdout)["changes"] == [
        {**c, "source": c["source"].replace(".xls:", ".xlsx:")} for c in changes
    ]
    assert [(c["key"], c["period"], c["new"], c["source"]) for c in changes] == [
        ("permit_free_items", "2024-Q4", "455", f"{xls}:指标!H7"),
        ("permit_reform_item_coverage", "2024-Q4", "98%", f"{xls}:指标!H10"),
        ("2", "2024-Q4", "推进中：“免证办”事项新增45项", f"{xls}:措施进展!D6"),
    ]
