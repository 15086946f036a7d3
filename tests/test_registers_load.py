"""Reading and checking register files: every problem located at file:line, both read paths agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.registers_helpers import BAD_CHECK, FENGYANG, SHIFO, WUTONG, A, B, C, D, codes, row, write_register
from zzgx_plan.core.periods import Period
from zzgx_plan.load import load_plan
from zzgx_plan.registers.count import count
from zzgx_plan.registers.load import build_register, load_registers, register_files
from zzgx_plan.registers.model import RegisterRules, from_day_number
from zzgx_plan.registers.plan import rules_for

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rules() -> RegisterRules:
    return rules_for(load_plan(REPO / "data").plan)


def load(directory: Path, rules: RegisterRules):  # type: ignore[no-untyped-def]
    return build_register(register_files(directory), rules)


def formatted(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.format() for p in sorted(result.problems, key=lambda p: (p.path, p.line or 0, p.code))]


def test_bad_check_digit_is_a_located_warning_and_still_counts(tmp_path: Path, rules: RegisterRules) -> None:
    rows = [row(c, f"企业{i}", "high_tech_enterprises", SHIFO, "2023-05-01") for i, c in enumerate(codes(10))]
    rows.insert(6, row(BAD_CHECK, "某企业", "high_tech_enterprises", SHIFO, "2023-05-01"))
    path = write_register(tmp_path / "registers", "high_tech.csv", rows)
    result = load(tmp_path / "registers", rules)
    assert [p.format() for p in result.problems] == [
        f"{path}:8: 警告：uscc-check: 91350203M0001QAY9B：最后一位校验位应为“9”，不是“B”（统一社会信用代码校验位不符）"
    ]
    assert not result.errors
    assert count(result.register, "high_tech_enterprises", Period.parse("2023")).total == 11


def test_every_bad_cell_is_an_error_on_its_line(tmp_path: Path, rules: RegisterRules) -> None:
    rows = [
        row(A, "甲公司", "high_tech_enterprises", SHIFO, "2023-01-05"),  # line 2: fine
        row("9111000060003734", "乙公司", "high_tech_enterprises", SHIFO, "2023-01-05"),  # 3: too short
        row(B, "", "tech_smes", SHIFO, "2023-01-05"),  # 4: no name
        row(C, "丙公司", "tech_smes", SHIFO, "2023-02-30"),  # 5: no such day
        row(D, "丁公司", "tech_smes", SHIFO, "2023-03-01", "2023-02-01"),  # 6: leaves before entering
        row(codes(1)[0], "戊公司", "high_tech_enterprise", SHIFO, "2023-01-05"),  # 7: unknown list
        row(codes(2)[1], "己公司", "tech_smes", "市场监管局", "2023-01-05"),  # 8: not a park
        row(codes(3)[2], "庚公司", "rd_activity_coverage", SHIFO, "2023-01-05"),  # 9: not counted in 家
        ",,,,,,",  # 10: blank row, ignored
    ]
    path = write_register(tmp_path / "registers", "mixed.csv", rows)
    result = load(tmp_path / "registers", rules)
    assert formatted(result) == [
        f"{path}:3: uscc-malformed: “9111000060003734”不是统一社会信用代码：有 16 位，统一社会信用代码应为 18 位",
        f"{path}:4: missing-value: 企业名称为空；请填写",
        f"{path}:5: bad-date: 日期“2023-02-30”无法识别；请写成 2024-03-01 这样的形式",
        f"{path}:6: register-left-before-entered: 出库日期 2023-02-01 早于入库日期 2023-03-01",
        f"{path}:7: register-unknown-list: 没有“high_tech_enterprise”这个名录（是不是“high_tech_enterprises”？）"
        "；名录须是按“家”计数的指标",
        f"{path}:8: register-unknown-park: 没有“市场监管局”这个园区；请填写以下之一："
        "石佛园区运营中心、枫杨园区运营中心、双桥园区运营中心、梧桐园区运营中心",
        f"{path}:9: register-unknown-list: 没有“rd_activity_coverage”这个名录；名录须是按“家”计数的指标",
    ]
    assert len(result.register) == 1  # only line 2 is usable


def test_same_firm_twice_on_a_list_at_once_is_an_error_pointing_at_both_rows(
    tmp_path: Path, rules: RegisterRules
) -> None:
    first = write_register(
        tmp_path / "registers", "a.csv", [row(A, "甲公司", "tech_smes", SHIFO, "2022-03-01", "2024-03-01")]
    )
    second = write_register(
        tmp_path / "registers",
        "b.csv",
        [
            row(B, "乙公司", "tech_smes", SHIFO, "2022-01-01", "2022-06-30"),
            row(B, "乙公司", "tech_smes", FENGYANG, "2022-06-30"),  # re-entry on the day it left: fine
            row(A, "甲公司", "tech_smes", FENGYANG, "2023-07-01"),  # A is still on the list: error
        ],
    )
    result = load(tmp_path / "registers", rules)
    assert formatted(result) == [
        f"{second}:4: register-overlap: {A} 已在名录 tech_smes 中（2022-03-01 入库，2024-03-01 出库；"
        f"见 {first}:2）；2023-07-01 再次入库会被重复计算"
    ]
    assert count(result.register, "tech_smes", Period.parse("2023-Q3")).total == 2


def test_recertification_before_implied_expiry_replaces_the_old_certificate(
    tmp_path: Path, rules: RegisterRules
) -> None:
    write_register(
        tmp_path / "registers",
        "ht.csv",
        [
            row(A, "甲公司", "high_tech_enterprises", SHIFO, "2020-11-20"),  # would lapse 2023-11-20
            row(A, "甲公司", "high_tech_enterprises", WUTONG, "2023-10-15"),  # re-certified a month early
        ],
    )
    result = load(tmp_path / "registers", rules)
    assert result.problems == []
    reg = result.register
    assert sorted(from_day_number(d).isoformat() for d in reg.end) == ["2023-10-15", "2026-10-15"]
    q4 = count(reg, "high_tech_enterprises", Period.parse("2023-Q4"))
    assert (q4.total, q4.park(WUTONG), q4.park(SHIFO)) == (1, 1, 0)


def test_one_firm_under_two_names_is_a_warning(tmp_path: Path, rules: RegisterRules) -> None:
    path = write_register(
        tmp_path / "registers",
        "names.csv",
        [
            row(A, "甲科技有限公司", "tech_smes", SHIFO, "2022-01-01"),
            row(A, " 甲科技有限公司 ", "gazelles", SHIFO, "2022-01-01"),  # same name with spaces: fine
            row(A, "甲科技股份有限公司", "unicorns", SHIFO, "2023-01-01"),
        ],
    )
    result = load(tmp_path / "registers", rules)
    assert formatted(result) == [
        f"{path}:4: 警告：register-two-names: {A} 在这里名为“甲科技股份有限公司”，但在 {path}:2 名为“甲科技有限公司”"
    ]


def test_header_problems_are_located_and_other_files_still_load(tmp_path: Path, rules: RegisterRules) -> None:
    good = write_register(tmp_path / "registers", "good.csv", [row(A, "甲公司", "tech_smes", SHIFO, "2022-01-01")])
    bad = write_register(
        tmp_path / "registers", "bad.csv", [row(B, "乙公司", "tech_smes", SHIFO, "2022-01-01")],
        header="统一社会信用代码,企业名称,名录,园区,日期,出库日期,来源文件",
    )  # fmt: skip
    empty = tmp_path / "registers" / "empty.csv"
    empty.write_bytes(b"")
    result = load(tmp_path / "registers", rules)
    assert formatted(result) == [
        f"{bad}:1: csv-missing-column: 缺少必需的列“入库日期”",
        f"{bad}:1: csv-unknown-column: 不认识的列“日期”（可用的列：统一社会信用代码、企业名称、名录、园区、"
        "入库日期、出库日期、来源文件）",
        f"{empty}: file-empty: 文件是空的；请确认保存的是填好的文件",
    ]
    assert len(result.register) == 1 and result.register.files[0] == str(bad) and str(good) in result.register.files


def test_gb18030_crlf_bom_english_headers_and_loose_dates(tmp_path: Path, rules: RegisterRules) -> None:
    lines = [
        row(A, "甲公司", "高新技术企业总量", "石佛园区运营中心", "2023/3/5"),
        row(B.lower(), "乙公司", "tech_smes", FENGYANG, "2023年3月6日 "),
        row("9143 0111 MA4L 41YT 1U", "乙公司", "gazelles", FENGYANG, "2023-03-07 00:00:00"),
    ]
    text = "uscc,name,list,park,entered_on,left_on,source\r\n" + "\r\n".join(lines) + "\r\n"
    (tmp_path / "registers").mkdir()
    (tmp_path / "registers" / "gbk.csv").write_bytes(text.encode("gb18030"))
    bom_text = "uscc,name,list,park,entered_on,left_on,source\n" + row(C, "丙公司", "unicorns", WUTONG, "2023-03-08")
    (tmp_path / "registers" / "bom.csv").write_bytes(b"\xef\xbb\xbf" + bom_text.encode("utf-8") + b"\n")
    result = load(tmp_path / "registers", rules)
    assert result.problems == []
    reg = result.register
    assert sorted(reg.uscc.to_pylist()) == sorted([A, B, B, C])
    assert sorted(from_day_number(d).isoformat() for d in reg.entered) == [
        "2023-03-05",
        "2023-03-06",
        "2023-03-07",
        "2023-03-08",
    ]
    assert count(reg, "high_tech_enterprises", Period.parse("2023-03")).total == 1


def test_quoted_line_breaks_and_blank_lines_keep_exact_line_numbers(tmp_path: Path, rules: RegisterRules) -> None:
    text = (
        "统一社会信用代码,企业名称,名录,园区,入库日期,出库日期,来源文件\n"
        f'{A},"甲公司\n（原名：甲厂）",tech_smes,{SHIFO},2022-01-01,,测试\n'
        "\n"
        f"{BAD_CHECK},乙公司,tech_smes,{SHIFO},2022-01-01,,测试\n"
        f"{C},丙公司,tech_smes,{SHIFO},2022-01-01,,测试,多余\n"
    )
    (tmp_path / "registers").mkdir()
    path = tmp_path / "registers" / "quoted.csv"
    path.write_text(text, encoding="utf-8")
    result = load(tmp_path / "registers", rules)
    assert formatted(result) == [
        f"{path}:5: 警告：uscc-check: 91350203M0001QAY9B：最后一位校验位应为“9”，不是“B”（统一社会信用代码校验位不符）",
        f"{path}:6: csv-row-shape: 这一行有 8 格，表头有 7 列；请检查是否多了或少了逗号",
    ]
    assert result.register.line.tolist() == [2, 5]


def test_fast_and_slow_paths_read_the_same_rows(tmp_path: Path, rules: RegisterRules) -> None:
    rows = [row(c, f"企业{i}", "tech_smes", SHIFO, "2022-01-01") for i, c in enumerate(codes(50))]
    write_register(tmp_path / "fast" / "registers", "r.csv", rows)
    # a quoted line break in the first row forces the csv module for the whole file
    slow_rows = [rows[0].replace("企业0", '"企业0"')] + rows[1:]
    write_register(tmp_path / "slow" / "registers", "r.csv", slow_rows + [""])
    fast = load(tmp_path / "fast" / "registers", rules).register
    slow = load(tmp_path / "slow" / "registers", rules).register
    assert fast.uscc.to_pylist() == slow.uscc.to_pylist()
    assert fast.line.tolist() == slow.line.tolist() == list(range(2, 52))


def test_load_registers_without_a_directory_is_empty(tmp_path: Path, rules: RegisterRules) -> None:
    result = load_registers(tmp_path / "missing", rules)
    assert len(result.register) == 0 and result.problems == []


def test_blank_lines_in_an_unquoted_file_keep_line_numbers(tmp_path: Path, rules: RegisterRules) -> None:
    text = (
        "统一社会信用代码,企业名称,名录,园区,入库日期,出库日期,来源文件\r\n"
        f"{A},甲公司,tech_smes,{SHIFO},2022-01-01,,测试\r\n"
        "\r\n"
        ",,,,,,\r\n"
        f"{BAD_CHECK},乙公司,tech_smes,{SHIFO},2022-01-01,,测试\r\n"
        "\r\n\r\n"
    )
    (tmp_path / "registers").mkdir()
    path = tmp_path / "registers" / "blank.csv"
    path.write_text(text, encoding="utf-8", newline="")
    result = load(tmp_path / "registers", rules)
    assert [(p.line, p.code) for p in result.problems] == [(5, "uscc-check")]
    assert result.register.line.tolist() == [2, 5]


def test_binary_and_header_only_files(tmp_path: Path, rules: RegisterRules) -> None:
    (tmp_path / "registers").mkdir()
    binary = tmp_path / "registers" / "binary.csv"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    write_register(tmp_path / "registers", "header_only.csv", [])
    result = load(tmp_path / "registers", rules)
    assert formatted(result) == [
        f"{binary}: encoding-unknown: 无法识别文件的文字编码（已尝试 UTF-8、GB18030 和自动识别）；"
        "请在 Excel 或 WPS 中另存为 CSV UTF-8 或 CSV 格式"
    ]
    assert len(result.register) == 0


def test_the_same_certificate_listed_twice_is_an_error(tmp_path: Path, rules: RegisterRules) -> None:
    path = write_register(
        tmp_path / "registers",
        "ht.csv",
        [
            row(A, "甲公司", "high_tech_enterprises", SHIFO, "2022-11-20", source="2022年第一批"),
            row(A, "甲公司", "high_tech_enterprises", SHIFO, "2022-11-20", source="2022年汇总表"),
        ],
    )
    result = load(tmp_path / "registers", rules)
    assert formatted(result) == [
        f"{path}:3: register-overlap: {A} 已在名录 high_tech_enterprises 中（2022-11-20 入库，2025-11-20 出库；"
        f"见 {path}:2）；2022-11-20 再次入库会被重复计算"
    ]
    assert count(result.register, "high_tech_enterprises", Period.parse("2023")).total == 1


def test_an_unclosed_quote_is_a_located_error(tmp_path: Path, rules: RegisterRules) -> None:
    rows = [
        row(A, "甲公司", "high_tech_enterprises", SHIFO, "2023-01-05"),  # line 2
        row(B, '"乙公司', "high_tech_enterprises", SHIFO, "2023-01-05"),  # 3: the quote never closes
        row(C, "丙公司", "high_tech_enterprises", SHIFO, "2023-01-05"),
    ]
    path = write_register(tmp_path / "registers", "high_tech.csv", rows)
    result = load(tmp_path / "registers", rules)
    assert [(p.path, p.line, p.code) for p in result.problems] == [(str(path), 3, "csv-syntax")]
