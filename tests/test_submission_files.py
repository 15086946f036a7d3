"""Editing data files so that a git diff shows only the rows an import adds or replaces."""

from __future__ import annotations

from zzgx_plan.core.models import ProgressEntry, ProgressStatus
from zzgx_plan.core.periods import Period
from zzgx_plan.submissions.actuals_csv import edit_actuals_csv
from zzgx_plan.submissions.progress_yaml import edit_progress_yaml, render_progress

NEW = {
    "indicator": "gazelles",
    "period": "2024-Q4",
    "value": "340",
    "basis": "",
    "reported_by": "创新发展局",
    "note": "",
}


def test_new_csv_file_gets_the_canonical_header() -> None:
    edited = edit_actuals_csv(None, {}, [NEW])
    assert edited.content == (
        "indicator,period,value,basis,reported_by,note\ngazelles,2024-Q4,340,,创新发展局,\n".encode()
    )
    assert edited.appended_lines == [2]


def test_bom_crlf_and_odd_quoting_of_existing_lines_are_kept() -> None:
    raw = b'\xef\xbb\xbfindicator,value,period,reported_by\r\n"unicorns", 5 ,2024-Q3,\r\n'
    edited = edit_actuals_csv(raw, {}, [NEW])
    assert edited.content == raw + "gazelles,340,2024-Q4,创新发展局\r\n".encode()
    assert edited.appended_lines == [3]


def test_gb18030_file_stays_gb18030() -> None:
    raw = "indicator,period,value,note\r\n瞪羚（潜在）企业总量,2024-Q3,322,旧\r\n".encode("gb18030")
    edited = edit_actuals_csv(raw, {}, [dict(NEW, note="新", reported_by="")])
    assert edited.content == raw + "gazelles,2024-Q4,340,新\r\n".encode("gb18030")


def test_replacement_rewrites_one_line_in_place() -> None:
    raw = b"indicator,period,value,note\ngazelles,2024-Q2,312,\ngazelles,2024-Q3,322,x\nunicorns,2024-Q3,5,\n"
    edited = edit_actuals_csv(
        raw, {3: {"indicator": "gazelles", "period": "2024-Q3", "value": "325", "note": "2026-11-27 替换原值 322"}}, []
    )
    assert (
        edited.content
        == (
            "indicator,period,value,note\ngazelles,2024-Q2,312,\ngazelles,2024-Q3,325,2026-11-27 替换原值 322\n"
            "unicorns,2024-Q3,5,\n"
        ).encode()
    )
    assert edited.replaced_lines == {3: 3}


def test_missing_column_is_added_when_a_value_needs_it() -> None:
    raw = b"indicator,period,value\nunicorns,2024-Q3,5\n"
    edited = edit_actuals_csv(raw, {}, [dict(NEW, note="补报")])
    assert (
        edited.content
        == (
            "indicator,period,value,reported_by,note\nunicorns,2024-Q3,5,,\ngazelles,2024-Q4,340,创新发展局,补报\n"
        ).encode()
    )


def test_blank_rows_above_the_header_are_kept_and_rows_are_appended() -> None:
    raw = b"\n,,\nindicator,period,value\nunicorns,2024-Q3,5\n"
    edited = edit_actuals_csv(raw, {4: {"indicator": "unicorns", "period": "2024-Q3", "value": "6"}}, [])
    assert edited.content == b"\n,,\nindicator,period,value\nunicorns,2024-Q3,6\n"
    edited = edit_actuals_csv(raw, {}, [{"indicator": "gazelles", "period": "2024-Q4", "value": "1"}])
    assert edited.content == raw + b"gazelles,2024-Q4,1\n"
    assert edited.appended_lines == [5]


def test_file_without_final_newline_gets_one() -> None:
    raw = b"indicator,period,value\nunicorns,2024-Q3,5"
    assert edit_actuals_csv(raw, {}, [{"indicator": "gazelles", "period": "2024-Q4", "value": "1"}]).content == (
        b"indicator,period,value\nunicorns,2024-Q3,5\ngazelles,2024-Q4,1\n"
    )


def entry(measure: int, status: ProgressStatus = ProgressStatus.IN_PROGRESS, text: str = "进展") -> ProgressEntry:
    return ProgressEntry(
        period=Period.parse("2024-Q3"), measure=measure, status=status, text=text, reported_by="创新发展局"
    )


PROGRESS = """\
# 说明：示例
period: 2024-Q3
entries:
    - measure: 2
      status: 推进中   # 行内注释
      reported_by: 市场监管局
      text: 甲

    # 措施 9 的说明
    - measure: 9
      status: 滞后
      reported_by: 创新发展局
      text: 乙
"""


BLOCK = "    - measure: {}\n      status: 推进中\n      reported_by: 创新发展局\n      text: 进展\n"


def test_progress_insert_in_order_keeps_comments_and_indentation() -> None:
    out = edit_progress_yaml(PROGRESS, Period.parse("2024-Q3"), {5: entry(5), 12: entry(12)})
    assert out == PROGRESS.replace("text: 甲\n", "text: 甲\n" + BLOCK.format(5)) + BLOCK.format(12)


def test_progress_insert_before_the_first_entry() -> None:
    out = edit_progress_yaml(PROGRESS, Period.parse("2024-Q3"), {1: entry(1)})
    assert out == PROGRESS.replace("entries:\n", "entries:\n" + BLOCK.format(1))


def test_progress_replace_rewrites_only_that_entry() -> None:
    out = edit_progress_yaml(PROGRESS, Period.parse("2024-Q3"), {2: entry(2, ProgressStatus.DONE, "甲完成")})
    assert out == PROGRESS.replace(
        "      status: 推进中   # 行内注释\n      reported_by: 市场监管局\n      text: 甲\n",
        "      status: 已完成\n      reported_by: 创新发展局\n      text: 甲完成\n",
    )


def test_new_progress_file_layout() -> None:
    assert render_progress(Period.parse("2024-Q4"), [entry(9), entry(1)]).splitlines() == [
        "# 措施进展 2024年第4季度（由 plan import 写入；每项措施一条，按措施编号排序）",
        "period: 2024-Q4",
        "entries:",
        "  - measure: 1",
        "    status: 推进中",
        "    reported_by: 创新发展局",
        "    text: 进展",
        "  - measure: 9",
        "    status: 推进中",
        "    reported_by: 创新发展局",
        "    text: 进展",
    ]
