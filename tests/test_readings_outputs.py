"""Readings (解读) and the document's qualifiers where #13 had not yet shown them: submission templates,
the xlsx status workbooks, the conversion title, ``plan history``; and ``plan init --from`` drafts that mark
every guess as a reading."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from .conftest import SHIPPED_DATA
from .test_newplan import SOURCE, needs_source
from .test_submission import fill_template

PLANS = Path(__file__).resolve().parent / "fixtures" / "plans"

ANNEX_LEAD = "※ 解读：附件1未写牵头单位：取该指标所对应措施的牵头单位。"
YEARS_2025 = "※ 解读：措施未写年份：定为方案末年（2025年）的目标，2023、2024年不设目标。"


# ---------------------------------------------------------------- templates


def test_template_shows_each_target_as_the_document_words_it(cli, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert cli("template", "2025-Q1", "--unit", "市场监管局", "-o", out, "--data", data_dir).exit_code == 0
    ws = openpyxl.load_workbook(out)["指标"]
    assert ws["K4"].value == "2025年目标值"
    targets = {r[0].value: r[10].value for r in ws.iter_rows(min_row=5)}
    # 措施1 以上 → ≥, 措施2 累计 kept as a word, 内 → ≤; every one marked: Annex 1's lead units, a year the
    # measure does not name, a standing service standard assessed every year, 全覆盖 read as 100%
    assert targets == {
        "new_market_entities": "18000家※",
        "one_thing_services": "≥10项※",
        "permit_free_items": "累计500项※",
        "business_startup_days": "≤1日※",
        "permit_reform_area_coverage": "100%※",
        "permit_reform_item_coverage": "100%※",
        "credit_repair_days": "≤1个工作日※",
    }
    assert ws["K5"].protection.locked and ws["K5"].number_format == "@"
    notes = ws["A3"].value.split("\n")
    assert "“2025年目标值”照录方案原文的表述（力争、约、≥、累计），供参考，不必填写。" in notes[0]
    assert "标 ※ 的目标或牵头单位是解读（对方案的理解，不是原文），见下。" in notes[0]
    assert notes[1:] == [
        "※ 解读：附件1未写该指标对应哪些措施：对应到便利准入、“个转企”、市场主体退出和扩大纳统范围的措施1—5、21、22。"
        "（年新增市场主体）",
        ANNEX_LEAD + "（年新增市场主体）",
        "※ 解读：年新增市场主体由登记机关市场监管局报送；党政办公室是措施22的牵头单位，不报送这一数字。"
        "（年新增市场主体）",
        YEARS_2025
        + "（新增本地区“一件事”、“免证办”事项、“证照分离”改革区域覆盖率、涉企经营许可事项“证照分离”改革覆盖率）",
        "※ 解读：新增“一件事”自方案实施的2023年起累计计数。（新增本地区“一件事”）",
        "※ 解读：“免证办”事项由市政务办梳理、高新区配合；按高新区自己的累计数（自2023年起）计数。（“免证办”事项）",
        "※ 解读：措施未写年份：办结、审核时限是常设服务标准，每年考核。"
        "（企业开办办结时限、失信小微企业信用修复申请审核时限）",
        "※ 解读：按报告期内企业开办事项最长的办结用时（日）计，不超过1日即达到“一日办结”。（企业开办办结时限）",
        "※ 解读：“全覆盖”记为100%。（“证照分离”改革区域覆盖率、涉企经营许可事项“证照分离”改革覆盖率）",
    ]


def test_template_soft_and_about_targets(cli, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    assert cli("template", "2025-Q1", "--unit", "创新发展局", "-o", out, "--data", data_dir).exit_code == 0
    targets = {r[0].value: r[10].value for r in openpyxl.load_workbook(out)["指标"].iter_rows(min_row=5)}
    assert targets["rd_activity_coverage"] == "力争约95%※"  # 力争…95%左右
    assert targets["innovation_points_firms"] == "力争5000家※"
    assert targets["high_tech_reserve"] == "≥1000家※"  # 不少于1000家; lead units a reading
    assert targets["new_specialized_in_parks"] == "≥70家"  # 每年…不少于70家: the document's words, no mark


def test_template_without_readings_has_no_reading_lines(cli, data_dir: Path, tmp_path: Path) -> None:
    """党政办公室 reports no figure: the sheet has no target rows and so no ※ lines."""
    out = tmp_path / "t.xlsx"
    assert cli("template", "2024-Q4", "--unit", "党政办公室", "-o", out, "--data", data_dir).exit_code == 0
    ws = openpyxl.load_workbook(out)["指标"]
    assert "※" not in ws["A3"].value and ws["K4"].value == "2024年目标值"


def test_target_column_is_ignored_on_import(cli, data_dir: Path, tmp_path: Path) -> None:
    """Template → fill → import reads the same figures whether the target column is there, deleted, or
    overwritten with a number (it is no figure of the unit's)."""
    blank = tmp_path / "blank.xlsx"
    assert cli("template", "2024-Q4", "--unit", "创新发展局", "-o", blank, "--data", data_dir).exit_code == 0
    filled = tmp_path / "filled.xlsx"
    fill_template(blank, filled, {"high_tech_enterprises": 2310, "unicorns": "6"})
    results = []
    for variant in ("as is", "deleted", "overwritten"):
        path = tmp_path / f"{variant}.xlsx"
        wb = openpyxl.load_workbook(filled)
        ws = wb["指标"]
        if variant == "deleted":
            ws.delete_cols(11)
        elif variant == "overwritten":
            for row in ws.iter_rows(min_row=5, min_col=11, max_col=11):
                row[0].value = 999
        wb.save(path)
        dry = cli("import", path, "--dry-run", "--format", "json", "--data", data_dir)
        assert dry.exit_code == 0, dry.stderr
        doc = json.loads(dry.stdout)
        results.append([(c["key"], c["kind"], c["new"], c["source"].split(":", 1)[1]) for c in doc["changes"]])
        assert (doc["new"], doc["skipped"]) == (2, 8 + 13)  # 10 indicator rows, 13 measures; 2 filled
    assert results[0] == [("high_tech_enterprises", "new", "2310", "指标!H5"), ("unicorns", "new", "6", "指标!H9")]
    assert results[0] == results[1] == results[2]


# ---------------------------------------------------------------- xlsx status workbooks


def test_status_workbook_keeps_the_number_and_shows_the_words(cli, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    assert cli("status", "2024", "--format", "xlsx", "-o", out, "--data", data_dir).exit_code == 0
    ws = openpyxl.load_workbook(out)["指标完成情况"]
    header = [c.value for c in ws[2]]
    assert header[2] == "目标值" and header[-2:] == ["目标表述", "解读"]
    rows = {r[0].value: (r[2].value, r[14].value, r[15].value) for r in ws.iter_rows(min_row=3, max_row=19)}
    # the number stays a number (95% as the share 0.95); the words and the mark beside it
    assert rows["规上工业企业研发活动覆盖率"] == (0.95, "力争约95%※", "※ 见表下解读")
    assert rows["高新技术企业后备数量"] == (1000, "≥1000※", "※ 见表下解读")
    assert rows["企业开办办结时限"] == (1, "≤1※", "※ 见表下解读")
    assert rows["新入园“专精特新”企业"] == (70, "≥70", None)  # the document's own words: no reading
    assert rows["创新积分参评企业"] == (None, "—※", "※ 见表下解读")  # no 2024 target: the year is a reading
    assert ws["O3"].data_type == "s" and ws["C3"].data_type == "n"
    notes = [ws.cell(r, 1).value for r in range(20, ws.max_row + 1)]
    tolerance = "※ 解读：“左右”没有写明幅度：按不低于目标2个百分点（即达到93%）视为完成。"
    assert tolerance + "（规上工业企业研发活动覆盖率）" in notes


def test_range_workbook_shows_each_years_words(cli, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert cli("status", "2023-2025", "--format", "xlsx", "-o", out, "--data", data_dir).exit_code == 0
    book = openpyxl.load_workbook(out)
    ws = book["多年汇总"]
    header = [c.value for c in ws[2]]
    assert header[-3:] == ["2023年目标表述", "2024年目标表述", "2025年目标表述"]
    rows = {r[0].value: tuple(c.value for c in r[-3:]) for r in ws.iter_rows(min_row=3, max_row=19)}
    assert rows["新增本地区“一件事”"] == ("—※", "—※", "≥10※")  # 10项以上 in 2025, the year a reading
    assert rows["“免证办”事项"] == ("—※", "—※", "累计500※")
    assert rows["创新积分参评企业"] == ("—※", "—※", "力争5000※")
    assert rows["规上工业企业研发活动覆盖率"] == ("力争约95%※", "力争约95%※", "力争约95%※")
    assert rows["新入园“专精特新”企业"] == ("≥70", "≥70", "≥70")
    # the numbers of each year stay numbers: 2025 target of 一件事 is 10
    assert [r[8].value for r in ws.iter_rows(min_row=3, max_row=19) if r[0].value == "新增本地区“一件事”"] == [10]
    notes = [ws.cell(r, 1).value for r in range(20, ws.max_row + 1)]
    assert "※ 解读：新增“一件事”自方案实施的2023年起累计计数。（新增本地区“一件事”）" in notes
    # the sheet of each year has the column too
    year = book["2025年"]
    assert [c.value for c in year[2]][-2:] == ["目标表述", "解读"]
    assert [r[14].value for r in year.iter_rows(min_row=3, max_row=19) if r[0].value == "“免证办”事项"] == ["累计500※"]


# ---------------------------------------------------------------- plan conversion


def _conversion_title(cli, data_dir: Path, tmp_path: Path) -> tuple[str, str]:
    """The xlsx title cell and the table output without white space (the terminal wraps the title)."""
    out = tmp_path / "c.xlsx"
    assert cli("conversion", "--format", "xlsx", "-o", out, "--force", "--data", data_dir).exit_code == 0
    title = openpyxl.load_workbook(out).active["A1"].value
    table = cli("conversion", "--data", data_dir)
    assert table.exit_code == 0, table.stderr
    return title, "".join(table.stdout.split())


def test_conversion_title_quotes_the_plans_own_goal(cli, data_dir: Path, tmp_path: Path) -> None:
    title, table = _conversion_title(cli, data_dir, tmp_path)
    lists = "高新技术企业后备数量 → 高新技术企业总量 转化率（按入库年份，截至 2024-09-30；"
    shipped = lists + "措施11：力争库内企业1—2年内通过认定）"
    assert title.startswith(shipped) and "".join(shipped.split()) in table
    assert "※解读：“1—2年内”自入库之日起算" in table
    # another plan's goal: its own words and window, not measure 11's
    targets = data_dir / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    old = (
        "      within_years: [1, 2]\n"
        "      qualifiers: [力争]\n"
        '      source: "措施11：力争库内企业1—2年内通过认定"\n'
        "      reading: “1—2年内”自入库之日起算：满1年之前通过认定为1年内，满2年之前为2年内；"
        "入库满2年仍未认定即超过措施11的期限。\n"
    )
    new = """      within_years: [1, 3]
      qualifiers: []
      source: "措施11：推动后备企业1—3年内全部认定"
      reading: 三年期限自入库次日起算。
"""
    assert old in text
    targets.write_text(text.replace(old, new), encoding="utf-8")
    title, table = _conversion_title(cli, data_dir, tmp_path)
    other = lists + "措施11：推动后备企业1—3年内全部认定）"
    assert title.startswith(other) and "".join(other.split()) in table
    assert "1—2年" not in title + table
    assert "※解读：三年期限自入库次日起算。" in table
    # and its window's years are counted: 1, 2 and 3 years, in the table, the CSV, the JSON and the workbook
    assert "3年内认定" in table and "3年转化率" in table and "未满1年/2年/3年" in table
    csv_header = cli("conversion", "--format", "csv", "--data", data_dir).stdout.lstrip("\ufeff").splitlines()[0]
    assert csv_header.split(",")[2:11] == [
        f"{n}年{what}" for n in (1, 2, 3) for what in ("内认定", "转化率", "观察期已满")
    ]
    cohorts = json.loads(cli("conversion", "--format", "json", "--data", data_dir).stdout)["cohorts"]
    assert [k for k in cohorts[0] if k.startswith("within_")] == ["within_1y", "within_2y", "within_3y"]
    assert all(c["within_1y"] <= c["within_2y"] <= c["within_3y"] <= c["by_as_of"] for c in cohorts)
    sheet = openpyxl.load_workbook(tmp_path / "c.xlsx").active
    assert "3年内认定" in [c.value for c in sheet[2]]


# ---------------------------------------------------------------- plan history


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_history_shows_readings_qualifiers_and_reporting_unit(tmp_path: Path, monkeypatch, cli) -> None:
    """plan history tells what plan diff tells of an indicator: a reading rewritten, a qualifier dropped, the
    reporting unit changed; a commit that only reformats the file tells nothing."""
    from tests.gitutil import Repo

    repo = Repo(tmp_path / "plan-data")
    shutil.copytree(SHIPPED_DATA, repo.root / "data")
    init = repo.commit("初始方案")[:7]
    monkeypatch.chdir(repo.root)
    monkeypatch.delenv("PLAN_DATA", raising=False)
    targets = repo.root / "data" / "targets.yaml"
    _edit(targets, "按不低于目标2个百分点（即达到93%）视为完成。", "按不低于目标3个百分点（即达到92%）视为完成。")
    _edit(
        targets,
        '2025: {value: 95, source: "措施10：力争规上工业企业研发活动覆盖率95%左右", qualifiers: [力争, 左右]}',
        '2025: {value: 95, source: "措施10：力争规上工业企业研发活动覆盖率95%左右", qualifiers: [左右]}',
    )
    reading = repo.commit("放宽研发覆盖率的容差", author="Li")[:7]
    _edit(targets, "\n  - id: rd_activity_coverage\n", "\n\n  - id: rd_activity_coverage\n")  # layout only
    repo.commit("调整空行")
    _edit(targets, "    reported_by: 市场监管局\n", "    reported_by: 党政办公室\n")
    reporter = repo.commit("改由党政办公室报送", author="Wang")[:7]

    out = cli("history", "rd_activity_coverage").stdout.splitlines()
    assert out[0] == "rd_activity_coverage 规上工业企业研发活动覆盖率目标的调整记录："
    assert out[1:4] == [
        f"  2024-01-01  {init}  Tester  2023年：新增 95%  初始方案",
        "      依据：措施10：力争规上工业企业研发活动覆盖率95%左右",
        f"  2024-01-01  {init}  Tester  2024年：新增 95%  初始方案",
    ]
    assert out[7:] == [
        f"  2024-01-02  {reading}  Li  修改指标：解读（幅度）  放宽研发覆盖率的容差",
        "      解读（幅度）：“左右”没有写明幅度：按不低于目标2个百分点（即达到93%）视为完成。"
        " → “左右”没有写明幅度：按不低于目标3个百分点（即达到92%）视为完成。",
        f"  2024-01-02  {reading}  Li  2025年：95%（目标值不变）  放宽研发覆盖率的容差",
        "      限定词：−力争",
    ]
    doc = json.loads(cli("history", "new_market_entities", "--format", "json").stdout)
    assert [(d["commit"][:7], d["author"], d["fields"]) for d in doc["definition_changes"]] == [
        (reporter, "Wang", [{"field": "reported_by", "old": "市场监管局", "new": "党政办公室"}])
    ]
    text = cli("history", "new_market_entities", "--year", "2025").stdout.splitlines()
    assert text[-2:] == [
        f"  2024-01-04  {reporter}  Wang  修改指标：报送单位  改由党政办公室报送",
        "      报送单位：市场监管局 → 党政办公室",
    ]
    # one place decides what changed: plan diff between the same commits reports the same fields
    diff = json.loads(cli("diff", init, reading, "--format", "json").stdout)
    fields = {i["key"]: i["fields"] for i in diff["indicators"]}
    history = json.loads(cli("history", "rd_activity_coverage", "--format", "json").stdout)
    assert history["definition_changes"][0]["fields"] == fields["rd_activity_coverage"]
    target = next(t for t in diff["targets"] if t["indicator"] == "rd_activity_coverage")
    assert history["entries"][-1]["fields"] == target["fields"]


# ---------------------------------------------------------------- plan init --from: every guess a reading


def _draft(cli, target: Path, source: Path) -> None:
    assert cli("init", target, "--from", source).exit_code == 0
    validate = cli("validate", "--data", target)
    # the draft passes validate as written (issue #12: warnings allowed); the only warnings say which
    # indicators still need a lead unit, none is about an unmarked reading
    *warnings, summary = validate.stdout.splitlines()
    assert validate.exit_code == 0 and summary.startswith("共 0 处错误"), validate.stdout + validate.stderr
    assert all("还没有牵头单位（lead_units）" in line for line in warnings), validate.stdout


def test_a_drafted_plan_marks_its_guesses_as_readings(cli, tmp_path: Path) -> None:
    target = tmp_path / "民营经济"
    _draft(cli, target, PLANS / "private-economy-2026-2028.txt")
    doc = json.loads(cli("status", "2026", "--format", "json", "--data", target).stdout)
    direction = "附件1未写考核方向：按“不低于目标”考核（完成值达到或超过目标值为完成）。"
    lead = "附件1未写牵头单位：取该指标所对应措施的牵头单位。"
    stock = "判为总量类指标（以期末数为准）。"
    flow = "判为新增类指标（各年分别计数，年内各期相加）。"
    assert [(i["name"], i["readings"]) for i in doc["indicators"]] == [
        ("新增经营主体", [f"附件1未写指标类型：名称中有“新增”，{flow}", direction, lead]),
        ("民营企业总数", [f"附件1未写指标类型：名称中有“总数”，{stock}", direction, lead]),
        ("科技型中小企业数量", [f"附件1未写指标类型：名称中有“数量”，{stock}", direction, lead]),
        ("民营经济增加值占比", [f"附件1未写指标类型：名称中有“占比”，{stock}", direction, lead]),
    ]
    table = cli("status", "2026", "--data", target).stdout
    assert "9000※" in table and f"※ 解读：{direction}（新增经营主体、民营企业总数" in "".join(table.split("\n"))
    # the 待核对 comments stay beside the readings
    targets = (target / "targets.yaml").read_text(encoding="utf-8")
    assert "kind: flow  # 待核对" in targets and "direction: at_least  # 待核对" in targets
    # （X、Y按职责分工负责）: both lead — a reading of the measure, marked with its lead units
    measures = {m["number"]: m for m in json.loads(cli("measures", "--format", "json", "--data", target).stdout)}
    assert measures[2]["reading"] == "括注所列单位均按牵头单位录入（“按职责分工负责”或未写明牵头单位）。"
    assert "reading" not in measures[1]  # （X牵头，Y、Z配合）: the document's own words
    listing = cli("measures", "--data", target).stdout
    assert "区金融服务中心、区财政局※" in listing.replace("\n", "").replace("│", "").replace(" ", "")
    assert "※ 解读：括注所列单位均按牵头单位录入（“按职责分工负责”或未写明牵头单位）。（措施2）" in listing
    # a unit category guessed from the name: 各镇街 a group whose members the document does not list
    units = json.loads(cli("units", "--format", "json", "--data", target).stdout)
    group = next(u for u in units if u["unit"] == "各镇街")
    assert group["reading"] == "文件只写“各镇街”，未写类别和成员：按名称中的“各”判为单位组，成员待补充。"


def test_first_named_leads_and_renumbering_are_readings(cli, tmp_path: Path) -> None:
    from .test_newplan import digital_docx

    doc = tmp_path / "数字经济.docx"
    digital_docx(doc)
    target = tmp_path / "数字经济"
    _draft(cli, target, doc)
    measures = json.loads(cli("measures", "--format", "json", "--data", target).stdout)
    first = "按文件“排在第一位的为牵头单位”的说明，第一个单位录为牵头单位"
    assert [m.get("reading") for m in measures] == [
        f"{first}；文件中本项序号为“（一）”，各部分重新起算；按出现顺序编为措施1。",
        f"{first}；文件中本项序号为“（二）”，各部分重新起算；按出现顺序编为措施2。",
        "文件中本项序号为“（一）”，各部分重新起算；按出现顺序编为措施3。",  # one unit: it leads
    ]


def test_candidate_commitments_carry_their_readings(cli, tmp_path: Path) -> None:
    """Uncommented, the candidates drafted from measure texts are valid indicators whose undated year and
    guessed kind are readings (措施9's 每年 names every year: no year reading)."""
    target = tmp_path / "民营经济"
    _draft(cli, target, PLANS / "private-economy-2026-2028.txt")
    path = target / "targets.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("#  - id: measure_"))
    path.write_text("\n".join(lines[:start] + [line.removeprefix("#") for line in lines[start:]]), encoding="utf-8")
    validate = cli("validate", "--data", target)
    # valid, and no reading left unmarked: the only warnings say which indicators still need a lead unit
    *warnings, summary = validate.stdout.splitlines()
    assert validate.exit_code == 0 and summary.startswith("共 0 处错误"), validate.stdout
    assert all("还没有牵头单位（lead_units）" in line for line in warnings), validate.stdout
    doc = json.loads(cli("status", "2028", "--format", "json", "--data", target).stdout)
    candidates = {i["name"]: (i["target_text"], i["readings"]) for i in doc["indicators"] if i["id"].startswith("m")}
    assert candidates["入库企业达到800家"] == (
        "800家",
        [
            "措施3未写年份：定为方案末年（2028年）的目标，此前各年不设目标。",
            "措施3未写指标类型：按原文判为总量类指标。",
        ],  # noqa: E501
    )
    assert candidates["新设企业开办时间压缩至1个工作日内"][0] == "≤1个工作日"  # 内 kept as the qualifier


@needs_source
def test_the_drafted_shipped_plan_lists_its_readings(cli, tmp_path: Path) -> None:
    """The oracle again: every Annex 1 target of the draft rests on readings (kind, direction, lead units), and the
    lead-unit reading is the shipped data's own words."""
    target = tmp_path / "x"
    _draft(cli, target, SOURCE)
    doc = json.loads(cli("status", "2024", "--format", "json", "--data", target).stdout)
    assert len(doc["indicators"]) == 7 and all(len(i["readings"]) == 3 for i in doc["indicators"])
    assert all(i["readings"][2] == ANNEX_LEAD.removeprefix("※ 解读：") for i in doc["indicators"])
    assert doc["indicators"][0]["readings"][0] == (
        "附件1未写指标类型：名称中有“年新增”，判为新增类指标（各年分别计数，年内各期相加）。"
    )
    shipped = json.loads(cli("status", "2024", "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert doc["indicators"][1]["readings"][2] in shipped["indicators"][1]["readings"]


# ---------------------------------------------------------------- the leadership annex, drafted


def test_leadership_annex_as_a_word_table(cli, tmp_path: Path) -> None:
    """A members list as a Word table (职务 without a unit gets none), the office sentence after it; the draft
    validates, and the units only the annex names join the registry with their category as a reading."""
    import docx

    from .test_newplan import DIGITAL_PLAN, DIGITAL_TABLE

    document = docx.Document()
    for line in DIGITAL_PLAN.split("\n"):
        if line == "TABLE":
            table = document.add_table(rows=len(DIGITAL_TABLE), cols=len(DIGITAL_TABLE[0]))
            for r, row in enumerate(DIGITAL_TABLE):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            continue
        if line.endswith("印发"):
            document.add_paragraph("附件2")
            document.add_paragraph("某县数字经济发展工作领导小组成员名单")
            members = [
                ("组长：", "张三", "县长"),
                ("副组长：", "李四", "副县长"),
                ("成员：", "王五", "县工信局局长"),
                ("", "赵六", "县通信发展办主任"),
            ]
            table = document.add_table(rows=len(members), cols=3)
            for r, row in enumerate(members):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            document.add_paragraph("领导小组办公室设在县工信局，办公室主任由县工信局局长王五兼任。")
        document.add_paragraph(line)
    source = tmp_path / "数字经济.docx"
    document.save(source)
    target = tmp_path / "数字经济"
    _draft(cli, target, source)
    from zzgx_plan.load import load_plan

    group = load_plan(target).plan.leadership
    assert group is not None
    assert (group.name, group.office_unit, group.office_head) == ("某县数字经济发展工作领导小组", "县工信局", "王五")
    assert [(p.role, p.name, p.position, p.unit) for p in group.members] == [
        ("组长", "张三", "县长", None),
        ("副组长", "李四", "副县长", None),
        ("成员", "王五", "县工信局局长", "县工信局"),
        ("成员", "赵六", "县通信发展办主任", "县通信发展办"),  # a unit the measures name
    ]


def test_a_drafted_plan_reports_before_its_lead_units_are_filled(cli, tmp_path: Path) -> None:
    """The draft's annex indicators have no lead unit yet: the quarterly report still comes out (it failed with an
    internal error), its targets marked ※ and its 数据说明 listing the draft's readings."""
    target = tmp_path / "民营经济"
    _draft(cli, target, PLANS / "private-economy-2026-2028.txt")
    out = tmp_path / "报告.md"
    result = cli("report", "2026-Q1", "--data", target, "-o", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "| 1 | 新增经营主体 | 户 | 9000※ |" in text
    assert "- ※ 解读：附件1未写考核方向：按“不低于目标”考核（完成值达到或超过目标值为完成）。" in text
