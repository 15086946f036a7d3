"""Every kind of bad input gets a located problem; all problems of a run are collected."""

from __future__ import annotations

from pathlib import Path

import pytest

from zzgx_plan.load import InvalidPlan, load, load_plan

HEADER = "indicator,period,value,basis,reported_by,note\n"


def codes(data_dir: Path) -> list[tuple[str, int | None, str]]:
    """(file name, line, code) of every problem, in order."""
    return [(Path(p.path).name, p.line, p.code) for p in load(data_dir).problems]


def write_actuals(data_dir: Path, body: str, name: str = "2024.csv", encoding: str = "utf-8") -> Path:
    path = data_dir / "actuals" / name
    path.write_bytes((HEADER + body).encode(encoding))
    return path


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_shipped_data_is_valid() -> None:
    from .conftest import SHIPPED_DATA

    result = load(SHIPPED_DATA)
    assert result.problems == []
    assert result.ok


def test_malformed_yaml(data_dir: Path) -> None:
    path = data_dir / "targets.yaml"
    line = line_of(path, "  - id: tech_smes")
    replace_in(path, "  - id: tech_smes", "  - id: [tech_smes")
    result = load(data_dir)
    assert [(p.code, p.line) for p in result.problems] == [("yaml-syntax", line + 1)]
    assert result.data is None


def test_impossible_yaml_date_is_a_located_error(data_dir: Path) -> None:
    """PyYAML raises a bare ValueError for 2023-09-31: a located problem, not an internal error."""
    path = data_dir / "measures.yaml"
    replace_in(path, "issued_on: 2023-09-15", "issued_on: 2023-09-31")
    result = load(data_dir)
    assert [(p.code, p.line) for p in result.problems] == [("yaml-field", line_of(path, "issued_on:"))]
    assert result.problems[0].message.startswith("plan.issued_on：不是有效的日期")
    assert result.data is None


def test_negative_or_not_finite_targets_are_located_errors(data_dir: Path) -> None:
    """A typo such as -2500 or .nan must not pass validate (.nan used to crash plan status)."""
    path = data_dir / "targets.yaml"
    replace_in(path, "2025: {value: 2500,", "2025: {value: -2500,")
    replace_in(path, "2024: {value: 17000,", "2024: {value: .nan,")
    problems = load(data_dir).problems
    assert [(p.line, p.code, p.message) for p in problems] == [
        (
            line_of(path, "value: .nan"),
            "bad-number",
            "new_market_entities 2024 年目标值“nan”不是数字；请填写阿拉伯数字，如 17000",
        ),
        (
            line_of(path, "value: -2500"),
            "negative-value",
            "high_tech_enterprises 2025 年目标值 -2500 是负数；数量不能为负",
        ),
    ]


def test_duplicate_yaml_key_is_refused(data_dir: Path) -> None:
    path = data_dir / "targets.yaml"
    first = line_of(path, "2024: {value: 17000")
    replace_in(path, "      2024: {value: 17000", "      2024: {value: 17000, source: a}\n      2024: {value: 17500")
    problems = load(data_dir).problems
    assert [(p.code, p.line) for p in problems] == [("yaml-duplicate-key", first + 1)]
    assert problems[0].message == f"键“2024”重复出现（第一次在第 {first} 行）；请删除或合并其中一处"


def test_yaml_object_tags_are_refused(data_dir: Path) -> None:
    path = data_dir / "targets.yaml"
    replace_in(path, "settings:\n", "settings: !!python/object/apply:os.system ['echo hacked']\nx:\n")
    result = load(data_dir)
    tag = next(p for p in result.problems if p.code == "yaml-syntax")
    assert tag.line == line_of(data_dir / "targets.yaml", "settings: !!python")
    assert "不允许使用标签" in tag.message
    assert not result.ok


def test_unknown_unit_in_measure_and_indicator(data_dir: Path) -> None:
    replace_in(data_dir / "measures.yaml", "      - 高新投控集团", "      - 高新投资集团")
    replace_in(data_dir / "targets.yaml", "lead_units: [市场监管局]", "lead_units: [市场管理局]")
    problems = load(data_dir).problems
    assert [(Path(p.path).name, p.code) for p in problems] == [
        ("measures.yaml", "unknown-unit"),
        ("targets.yaml", "unknown-unit"),
    ]
    assert problems[0].line == line_of(data_dir / "measures.yaml", "高新投资集团")
    assert "（是不是“高新投控集团”？）" in problems[0].message


def test_target_year_outside_plan(data_dir: Path) -> None:
    path = data_dir / "targets.yaml"
    replace_in(path, "      2025: {value: 18000", "      2026: {value: 18000")
    problems = load(data_dir).problems
    assert [(p.code, p.line) for p in problems] == [("target-year-outside-plan", line_of(path, "2026: {value"))]
    assert problems[0].message == "目标年份 2026 不在方案期 2023—2025 年内"


def test_indicator_citing_unknown_measure(data_dir: Path) -> None:
    replace_in(data_dir / "targets.yaml", "measures: [11, 12]", "measures: [11, 23]")
    assert [c for _, _, c in codes(data_dir)] == ["unknown-measure"]


def test_bad_rows_are_all_reported_with_lines(data_dir: Path) -> None:
    path = write_actuals(
        data_dir,
        "tech_smes,2024-Q5,3600,,,\n"  # 2
        "tech_smes,2024-13,3600,,,\n"  # 3
        "tech_smes,24Q1,3600,,,\n"  # 4
        "no_such_indicator,2024-Q1,1,,,\n"  # 5
        "tech_smes,2024-Q1,lots,,,\n"  # 6
        "tech_smes,2024-Q1,-5,,,\n"  # 7
        "rd_activity_coverage,2024-Q1,105%,,,\n"  # 8
        "tech_smes,2024-Q1,3600,ytd,,\n"  # 9
        "new_market_entities,2024-Q1,100,monthly,,\n"  # 10
        "tech_smes,2024-Q1,3600,,市场部,\n"  # 11
        "tech_smes,2021,3600,,,\n"  # 12
        "tech_smes,2024-Q1,12.5,,,\n"  # 13
        "tech_smes,2024-Q1,50%,,,\n"  # 14
        "tech_smes,,3600,,,\n",  # 15
    )
    problems = load(data_dir).problems
    assert [(p.line, p.code) for p in problems] == [
        (2, "bad-period"),
        (3, "bad-period"),
        (4, "bad-period"),
        (5, "unknown-indicator"),
        (6, "bad-number"),
        (7, "negative-value"),
        (8, "percent-over-100"),
        (9, "basis-not-flow"),
        (10, "bad-basis"),
        (11, "unknown-unit"),
        (12, "period-outside-plan"),
        (13, "fraction-not-integer"),
        (14, "percent-sign-not-percent"),
        (15, "missing-value"),
    ]
    assert all(p.path == str(path) or p.path.endswith("actuals/2024.csv") for p in problems)
    assert problems[0].format() == (
        f"{problems[0].path}:2: bad-period: 期间“2024-Q5”无法识别；"
        "可写 2024-Q3、2024年第三季度、2024-09、2024年9月、2024 等"
    )
    assert problems[7].message == "口径 ytd 只用于新增类指标；tech_smes 是总量类指标"


def test_overlapping_periods_are_an_error_not_a_double_count(data_dir: Path) -> None:
    write_actuals(
        data_dir,
        "new_market_entities,2025-Q1,4000,,,\n"  # 2
        "new_market_entities,2025-02,1500,,,\n"  # 3: inside 2025-Q1
        "tech_smes,2025-Q1,3600,,,\n"  # 4
        "科技型中小企业总量,2025-Q1,3610,,,\n",  # 5: same indicator by name, same period
        name="2025.csv",
    )
    problems = load(data_dir).problems
    assert [(p.line, p.code) for p in problems] == [(3, "overlapping-periods"), (5, "overlapping-periods")]
    assert problems[0].message.startswith("new_market_entities 2025-02 与 2025-Q1 重叠（见 ")
    assert problems[0].message.endswith("actuals/2025.csv:2），会被重复计算；请只保留其中一种期间的数值")


def test_overlap_across_files(data_dir: Path) -> None:
    write_actuals(data_dir, "new_market_entities,2024-02,1000,,,\n", name="extra.csv")
    problems = load(data_dir).problems
    assert [(Path(p.path).name, p.line, p.code) for p in problems] == [("extra.csv", 2, "overlapping-periods")]


def test_ytd_rows_may_nest_but_not_repeat(data_dir: Path) -> None:
    write_actuals(
        data_dir,
        "new_specialized_in_parks,2025-Q1,20,ytd,,\nnew_specialized_in_parks,2025-Q2,41,ytd,,\n",
        name="2025.csv",
    )
    assert load(data_dir).problems == []
    write_actuals(
        data_dir,
        "new_specialized_in_parks,2025-Q2,20,ytd,,\nnew_specialized_in_parks,2025-06,41,ytd,,\n",
        name="2025.csv",
    )
    assert [(p.line, p.code) for p in load(data_dir).problems] == [(3, "overlapping-periods")]


def test_missing_and_unknown_columns(data_dir: Path) -> None:
    path = data_dir / "actuals" / "bad.csv"
    path.write_text("indicator,periode,value,source\ntech_smes,2024-Q1,1,x\n", encoding="utf-8")
    problems = load(data_dir).problems
    assert [(p.line, p.code) for p in problems] == [
        (1, "csv-missing-column"),
        (1, "csv-unknown-column"),
        (1, "csv-unknown-column"),
    ]
    assert problems[0].message == "缺少必需的列“period”"


def test_empty_file(data_dir: Path) -> None:
    (data_dir / "actuals" / "empty.csv").write_bytes(b"")
    assert codes(data_dir) == [("empty.csv", None, "file-empty")]


def test_undetectable_encoding(data_dir: Path) -> None:
    (data_dir / "actuals" / "binary.csv").write_bytes(bytes(range(256)) * 4)
    assert codes(data_dir) == [("binary.csv", None, "encoding-unknown")]


def test_excel_csv_variants_are_accepted(data_dir: Path) -> None:
    body = '年新增市场主体,2025-Q1,"17,000",,市场监督管理局,导出\r\nrd_activity_coverage,2025-Q1,95%,,,\r\n'
    (data_dir / "actuals" / "gb.csv").write_bytes((HEADER.replace("\n", "\r\n") + body).encode("gb18030"))
    (data_dir / "actuals" / "bom.csv").write_bytes(
        ("\ufeff" + "period,value,indicator\n2025-Q1,3650,科技型中小企业总量\n").encode("utf-8")
    )
    data = load_plan(data_dir)
    got = {(o.indicator, str(o.period)): (o.value, o.reported_by) for o in data.observations if o.period.year == 2025}
    assert got == {
        ("new_market_entities", "2025-Q1"): (17000, "市场监管局"),
        ("rd_activity_coverage", "2025-Q1"): (95, ""),
        ("tech_smes", "2025-Q1"): (3650, ""),
    }


def test_problems_from_all_files_are_collected(data_dir: Path) -> None:
    write_actuals(data_dir, "tech_smes,2024-Q5,1,,,\nunicorns,2024-Q1,x,,,\n", name="more.csv")
    (data_dir / "actuals" / "empty.csv").write_bytes(b"")
    (data_dir / "progress").mkdir(exist_ok=True)  # the shipped data has progress files
    (data_dir / "progress" / "2024-Q3.yaml").write_text("period: 2024-Q3\nentries:\n  - measure: 99\n")
    found = codes(data_dir)
    assert found == [
        ("empty.csv", None, "file-empty"),
        ("more.csv", 2, "bad-period"),
        ("more.csv", 3, "bad-number"),
        ("2024-Q3.yaml", 3, "bad-status"),
        ("2024-Q3.yaml", 3, "unknown-measure"),
    ]
    with pytest.raises(InvalidPlan) as exc:
        load_plan(data_dir)
    assert len(exc.value.problems) == len(found)


def test_plan_errors_are_reported_before_figures_are_checked(data_dir: Path) -> None:
    replace_in(data_dir / "measures.yaml", "      - 城市管理局", "      - 城管局")
    replace_in(data_dir / "targets.yaml", "  - id: tech_smes", "  - id: Tech-SMEs")
    write_actuals(data_dir, "tech_smes,2024-Q5,1,,,\n", name="more.csv")
    # the rows naming tech_smes would only echo the broken indicator: they are checked once the plan is valid
    assert [(name, code) for name, _, code in codes(data_dir)] == [
        ("measures.yaml", "unknown-unit"),
        ("targets.yaml", "yaml-field"),
    ]


def test_missing_plan_file(data_dir: Path) -> None:
    (data_dir / "targets.yaml").unlink()
    result = load(data_dir)
    assert result.data is None
    assert [p.code for p in result.problems] == ["file-missing"]


def test_progress_entries(data_dir: Path) -> None:
    progress = data_dir / "progress"
    progress.mkdir(exist_ok=True)
    (progress / "2025-Q1.yaml").write_text(
        "period: 2025-Q1\n"
        "entries:\n"
        "  - measure: 1\n"
        "    status: 推进中\n"
        "    reported_by: 市场监督管理局\n"
        "    text: 新增“一件事”2项\n"
        "  - measure: 30\n"
        "    status: 进行中\n"
        "    reported_by: 某局\n"
        "    text: x\n",
        encoding="utf-8",
    )
    result = load(data_dir)
    assert [(Path(p.path).name, p.line, p.code) for p in result.problems] == [
        ("2025-Q1.yaml", 7, "unknown-measure"),
        ("2025-Q1.yaml", 8, "bad-status"),
        ("2025-Q1.yaml", 9, "unknown-unit"),
    ]
    entry = next(e for e in result.data.progress if str(e.period) == "2025-Q1")
    assert (entry.measure, entry.status, entry.reported_by, entry.line) == (1, "推进中", "市场监管局", 3)


def test_flow_gap_is_a_warning(data_dir: Path) -> None:
    write_actuals(data_dir, "new_market_entities,2025-Q1,4000,,,\nnew_market_entities,2025-Q3,4000,,,\n", "2025.csv")
    result = load(data_dir)
    assert [(p.line, p.code, str(p.severity)) for p in result.problems] == [(3, "flow-missing-period", "warning")]
    assert result.ok


def test_field_errors_in_yaml_are_located(data_dir: Path) -> None:
    path = data_dir / "targets.yaml"
    replace_in(
        path,
        "    kind: stock\n    direction: at_least\n    measures: [11, 12]",
        "    kind: stok\n    direction: at_least\n    measures: [11, 12]\n    colour: red",
    )
    replace_in(path, "  - id: tech_smes", "  - id: Tech-SMEs")
    replace_in(path, "    name: 瞪羚（潜在）企业总量\n", "")
    replace_in(
        path,
        '2024: {value: 5, source: "附件1：独角兽（种子）企业总量 2024年 5（家）"}',
        "2024: {value: 5, source: ' '}",
    )
    problems = load(data_dir).problems
    got = [(p.line, p.message) for p in problems]
    assert got == [
        (line_of(path, "kind: stok"), "indicators.1.kind：应为以下之一：flow、stock、cumulative"),
        (line_of(path, "colour: red"), "indicators.1.colour：不认识的字段（拼写错误，或放错了层级）"),
        (
            line_of(path, "id: Tech-SMEs"),
            "indicators.2：编号“Tech-SMEs”只能由小写字母、数字和下划线组成（如 tech_smes）",
        ),
        (line_of(path, "id: gazelles"), "indicators.4.name：缺少必填字段"),
        (
            line_of(path, "2024: {value: 5, source: ' '}"),
            "indicators.5.targets.2024：须在 source 中写明数字的出处（原文摘录）",
        ),
    ]
    assert {p.code for p in problems} == {"yaml-field"}


def test_duplicate_measure_number(data_dir: Path) -> None:
    path = data_dir / "measures.yaml"
    replace_in(path, "  - number: 22\n    section: 7", "  - number: 21\n    section: 7")
    problems = load(data_dir).problems
    first = line_of(path, "  - number: 21")
    assert [(Path(p.path).name, p.code, p.message) for p in problems] == [
        ("measures.yaml", "duplicate-id", f"措施编号“21”重复（第一次在第 {first} 行）"),
        ("targets.yaml", "unknown-measure", "没有编号为 22 的措施"),  # new_market_entities cites measure 22
    ]


def test_unterminated_quote_is_an_error_not_swallowed_rows(data_dir: Path) -> None:
    # A quote opened and never closed would make the csv module read every later row into one cell.
    path = data_dir / "actuals" / "2024.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",示例数据", ',"示例数据')
    path.write_text("".join(lines), encoding="utf-8")
    assert codes(data_dir) == [("2024.csv", 2, "csv-syntax")]


def test_text_after_a_closing_quote_is_an_error(data_dir: Path) -> None:
    # "3,900"0 would otherwise be read as 3,9000
    write_actuals(data_dir, 'unicorns,2024-Q1,5,,,\nunicorns,2024-Q2,"3,900"0,,,\n', name="q.csv")
    assert codes(data_dir) == [("q.csv", 3, "csv-syntax")]


def test_every_overlapping_row_is_reported(data_dir: Path) -> None:
    # extra.csv:2 repeats 2024.csv's 2024-Q1 and extra.csv:3 is a month inside it: both rows are wrong
    write_actuals(
        data_dir, "new_market_entities,2024-Q1,3900,,,\nnew_market_entities,2024-01,100,,,\n", name="extra.csv"
    )
    problems = load(data_dir).problems
    assert [(Path(p.path).name, p.line, p.code) for p in problems] == [
        ("extra.csv", 2, "overlapping-periods"),
        ("extra.csv", 3, "overlapping-periods"),
    ]
    assert problems[0].message.startswith("new_market_entities 2024-Q1 与 2024-Q1 重叠（见 ")
    assert problems[0].message.endswith("actuals/2024.csv:2），会被重复计算；请只保留其中一种期间的数值")
    assert problems[1].message.startswith("new_market_entities 2024-01 与 2024-Q1 重叠（见 ")
    assert problems[1].message.endswith("actuals/2024.csv:2），会被重复计算；请只保留其中一种期间的数值")


def test_impossible_date_in_yaml_is_located_not_a_crash(data_dir: Path) -> None:
    path = data_dir / "measures.yaml"
    line = line_of(path, "  issued_on: 2023-09-15")
    replace_in(path, "  issued_on: 2023-09-15", "  issued_on: 2023-13-15")
    problems = load(data_dir).problems
    assert [(Path(p.path).name, p.line, p.code) for p in problems] == [("measures.yaml", line, "yaml-field")]
    assert problems[0].message.startswith("plan.issued_on：不是有效的日期")


def test_date_shaped_text_stays_text(data_dir: Path) -> None:
    # a text field holding something date-shaped but impossible keeps the text
    replace_in(data_dir / "measures.yaml", "  document_number: 郑开管文〔2023〕146号", "  document_number: 2023-13-15")
    assert load_plan(data_dir).plan.meta.document_number == "2023-13-15"


def test_plan_period_must_not_end_before_it_starts(data_dir: Path) -> None:
    path = data_dir / "measures.yaml"
    replace_in(path, "  start_year: 2023", "  start_year: 2026")
    problems = load(data_dir).problems
    assert [(Path(p.path).name, p.line, p.code) for p in problems] == [
        ("measures.yaml", line_of(path, "plan:"), "yaml-field")
    ]
    assert problems[0].message == "plan：结束年份 end_year 2025 早于开始年份 start_year 2026"


def test_impossible_targets_are_located(data_dir: Path) -> None:
    path = data_dir / "targets.yaml"
    replace_in(path, "      2025: {value: 10, source:", "      2025: {value: -10, source:")
    replace_in(path, '      2025: {value: 100, source: "措施12', '      2025: {value: 120, source: "措施12')
    replace_in(path, "      2024: {value: 2300, source:", "      2024: {value: 2300.5, source:")
    replace_in(path, "    tolerance: 2  #", "    tolerance: -2  #")
    problems = load(data_dir).problems
    assert [(p.line, p.code) for p in problems] == [
        (line_of(path, "2300.5"), "fraction-not-integer"),
        (line_of(path, "{value: -10"), "negative-value"),
        (line_of(path, "tolerance: -2"), "yaml-field"),
        (line_of(path, "{value: 120"), "percent-over-100"),
    ]
    assert [p.message for p in problems] == [
        "high_tech_enterprises 2024 年目标值 2300.5 不是整数；high_tech_enterprises 以“家”计，须为整数",
        "one_thing_services 2025 年目标值 -10 是负数；数量不能为负",
        "indicators.13.tolerance：tolerance（允许偏差）不能为负",  # rd_activity_coverage (14th)
        "rd_institution_coverage 2025 年目标值 120% 超过了 100%",
    ]


def test_a_measure_needs_a_lead_unit(data_dir: Path) -> None:
    path = data_dir / "measures.yaml"
    replace_in(path, "    lead_units:\n      - 党政办公室\n", "    lead_units: []\n")
    problems = load(data_dir).problems
    assert [(p.line, p.code, p.message) for p in problems] == [
        (line_of(path, "lead_units: []"), "yaml-field", "measures.21.lead_units：每项措施至少要有一个牵头单位")
    ]


def test_csv_files_are_read_whatever_the_case_of_their_suffix(data_dir: Path) -> None:
    (data_dir / "actuals" / "2025.CSV").write_text(HEADER + "unicorns,2025-Q1,many,,,\n", encoding="utf-8")
    assert codes(data_dir) == [("2025.CSV", 2, "bad-number")]


def test_semicolon_or_tab_separated_files_get_one_clear_error(data_dir: Path) -> None:
    (data_dir / "actuals" / "semi.csv").write_text("indicator;period;value\nunicorns;2024-Q1;5\n", encoding="utf-8")
    (data_dir / "actuals" / "tabs.csv").write_bytes("indicator\tperiod\tvalue\nunicorns\t2024-Q1\t5\n".encode("utf-16"))
    problems = load(data_dir).problems
    assert [(Path(p.path).name, p.line, p.code, p.message) for p in problems] == [
        (
            "semi.csv",
            1,
            "csv-delimiter",
            "各列之间用的是分号而不是逗号；请另存为“CSV（逗号分隔）”",
        ),
        (
            "tabs.csv",
            1,
            "csv-delimiter",
            "各列之间用的是制表符而不是逗号；请另存为“CSV（逗号分隔）”",
        ),
    ]


def test_yaml_aliases_cannot_repeat_lists_or_mappings(data_dir: Path) -> None:
    # nested aliases expand exponentially: nine lines like these would take hours to read
    path = data_dir / "targets.yaml"
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)
    )
    path.write_text(path.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    problems = [p for p in load(data_dir).problems if p.code == "yaml-structure" and "别名" in p.message]
    first = line_of(path, "a1: &a1")
    assert [p.line for p in problems] == list(range(first, first + 8))


def test_blank_rows_above_the_header_are_skipped_and_lines_stay_exact(data_dir: Path) -> None:
    (data_dir / "actuals" / "x.csv").write_text("\n,,,\n" + HEADER + "unicorns,2025-Q1,x,,,\n", encoding="utf-8")
    assert codes(data_dir) == [("x.csv", 4, "bad-number")]
    (data_dir / "actuals" / "x.csv").write_text("\n,,,\n", encoding="utf-8")
    assert codes(data_dir) == [("x.csv", None, "file-empty")]


def test_a_percentage_written_as_a_fraction_is_a_warning(data_dir: Path) -> None:
    write_actuals(
        data_dir, "rd_activity_coverage,2025-Q1,0.91,,,\nrd_institution_coverage,2025-Q1,90%,,,\n", "2025.csv"
    )
    result = load(data_dir)
    assert [(p.line, p.code, str(p.severity), p.message) for p in result.problems] == [
        (
            2,
            "percent-looks-like-fraction",
            "warning",
            "rd_activity_coverage 2025-Q1：0.91% 像是小数写法；如果 0.91 表示 91%，请写 91%",
        )
    ]
    assert result.ok


def test_one_period_as_ytd_and_as_increment_is_an_error(data_dir: Path) -> None:
    # 2024.csv has new_specialized_in_parks 2024-Q3 as an increment (18); a ytd 2024-Q3 would silently replace it
    write_actuals(data_dir, "new_specialized_in_parks,2024-Q3,70,ytd,,\n", name="extra.csv")
    problems = load(data_dir).problems
    assert [(Path(p.path).name, p.line, p.code) for p in problems] == [("extra.csv", 2, "overlapping-periods")]
    assert problems[0].message.startswith("new_specialized_in_parks 2024-Q3 与 2024-Q3 重叠（见 ")


def test_flow_gap_after_a_ytd_figure_names_the_months_really_missing(data_dir: Path) -> None:
    write_actuals(
        data_dir,
        "new_specialized_in_parks,2025-Q2,30,ytd,,\n"  # 2: January–June
        "new_specialized_in_parks,2025-Q4,20,,,\n",  # 3: July–September missing
        "2025.csv",
    )
    problems = load(data_dir).problems
    assert [(p.line, p.message) for p in problems] == [
        (3, "new_specialized_in_parks 2025-Q4：本年第 7—9 月没有报送新增数")
    ]


def test_a_file_mixing_utf8_and_gb18030_rows_names_the_first_foreign_line(data_dir: Path) -> None:
    path = data_dir / "actuals" / "2024.csv"
    with path.open("ab") as fh:
        fh.write("独角兽（种子）企业总量,2024-Q3,5,,创新发展局,\n".encode("gb18030"))
    lines = path.read_bytes().count(b"\n")
    assert codes(data_dir) == [("2024.csv", lines, "encoding-mixed")]


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        # An unclosed quote used to swallow every later row into one note: rows silently gone, 0 errors.
        (
            'tech_smes,2024-Q2,3580,,,"复核\ntech_smes,2024-Q3,3650,,,\ngazelles,2024-Q3,322,,,\n',
            2,
            "文件在引号内意外结束：有一个引号没有配对",
        ),
        (
            'tech_smes,2024-Q2,3580,,,ok\ntech_smes,2024-Q3,3650,,,"复核"后\n',
            3,
            "引号后面应紧跟逗号：引号没有配对，或一格中只有部分文字加了引号",
        ),
    ],
)
def test_malformed_csv_quotes_are_located_errors(data_dir: Path, body: str, line: int, reason: str) -> None:
    write_actuals(data_dir, body)
    problems = [p for p in load(data_dir).problems if p.code == "csv-syntax"]
    assert [(Path(p.path).name, p.line, p.message) for p in problems] == [("2024.csv", line, f"CSV 格式错误：{reason}")]


def test_duplicate_unit_names_and_indicator_ids(data_dir: Path) -> None:
    mpath, tpath = data_dir / "measures.yaml", data_dir / "targets.yaml"
    replace_in(mpath, "  - name: 税务局\n    kind: department\n",
               "  - name: 税务局\n    kind: department\n    aliases:\n      - 市场监督管理局\n")  # fmt: skip
    replace_in(tpath, "  - id: unicorns", "  - id: gazelles")
    first, second = [n for n, line in enumerate(tpath.read_text().splitlines(), 1) if line == "  - id: gazelles"]
    problems = load(data_dir).problems
    assert [(Path(p.path).name, p.line, p.message) for p in problems] == [
        ("measures.yaml", line_of(mpath, "  - name: 税务局"),
         f"单位名称“市场监督管理局”重复（第一次在第 {line_of(mpath, '  - name: 市场监管局')} 行）"),
        ("targets.yaml", second, f"指标编号或名称“gazelles”重复（第一次在第 {first} 行）"),
    ]  # fmt: skip
