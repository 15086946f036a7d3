"""`plan init DIR` and `plan init DIR --from 方案.docx|.txt`: a new plan's data directory.

The shipped plan is the oracle: drafting it from its own document reproduces the shipped measures
(number, title, 牵头单位, 责任单位) and the Annex 1 indicators' names and 21 yearly targets, from the
.txt and from a .docx built here with the annex as a real Word table. Two made-up documents cover the
other conventions (``一、``/``（一）`` numbering, parenthesised units, other years, a Word table with
序号 and 单位 columns, numbering that restarts per section, "the first named unit leads").
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from zzgx_plan.load import load_plan
from zzgx_plan.newplan import InitRefused, create_plan_dir
from zzgx_plan.newplan import source as source_module
from zzgx_plan.newplan.parse import draft_plan
from zzgx_plan.newplan.source import DocumentError, SourceDocument, Table, read_document

from .conftest import REPO, REPO_DATA

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plans"
SOURCE_NAME = "zzgx-market-entities-plan-2023-2025.txt"
# ../shared/source beside the repository (CI: a copy of shared/ beside the clone; a worktree: two levels up)
SOURCE = next(
    (p / "shared" / "source" / SOURCE_NAME for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
    REPO.parent / "shared" / "source" / SOURCE_NAME,
)
needs_source = pytest.mark.skipif(
    not SOURCE.exists(), reason=f"the plan document {SOURCE_NAME} is not in ../shared/source (CI has it)"
)


def measures_json(cli, data: Path) -> list[dict]:
    result = cli("measures", "--format", "json", "--data", data)
    assert result.exit_code == 0, result.stderr
    return [
        {k: m[k] for k in ("number", "title", "lead_units", "responsible_units")} for m in json.loads(result.stdout)
    ]


def annex_targets(data: Path) -> list[tuple[str, dict[int, float]]]:
    plan = load_plan(data).plan
    return [
        (i.name, {y: t.value for y, t in sorted(i.targets.items())}) for i in plan.indicators if i.origin == "annex1"
    ]


def init_ok(cli, target: Path, *args: str | Path) -> str:
    result = cli("init", target, *args)
    assert result.exit_code == 0, result.stderr
    validate = cli("validate", "--data", target)
    assert validate.exit_code == 0, validate.stdout + validate.stderr  # the draft passes as written
    return result.stdout


# ---------------------------------------------------------------- the shipped plan as the oracle


@needs_source
def test_drafting_the_shipped_plan_from_its_text_reproduces_the_shipped_data(cli, tmp_path: Path) -> None:
    out = init_ok(cli, tmp_path / "x", "--from", SOURCE)
    assert "措施 22 项" in out and "目标表指标 7 项（年度目标 21 个）" in out
    assert measures_json(cli, tmp_path / "x") == measures_json(cli, REPO_DATA)
    assert annex_targets(tmp_path / "x") == annex_targets(REPO_DATA)
    drafted, shipped = load_plan(tmp_path / "x").plan, load_plan(REPO_DATA).plan
    # title, 文号, issuing body, date, years, 指导思想, 目标, 保障措施; the draft marks its date as a guess
    assert drafted.meta.model_copy({"reading": ""}) == shipped.meta
    assert drafted.meta.reading.startswith("印发日期 2023-09-15 取文件中最后出现的日期")
    assert [(s.label, s.title) for s in drafted.sections] == [(s.label, s.title) for s in shipped.sections]
    assert [m.text for m in drafted.measures] == [m.text for m in shipped.measures]  # page breaks joined
    shipped_sources = [i.targets[2023].source for i in shipped.indicators if i.origin == "annex1"]
    # the shipped 后备数量 source adds measure 11's sentence (a reading) after the annex's own words
    assert all(s.startswith(d) for d, s in zip([i.targets[2023].source for i in drafted.indicators],
                                               shipped_sources, strict=True))  # fmt: skip
    assert drafted.indicators[0].targets[2023].source == "附件1：年新增市场主体 2023年 16000（家）"
    # Annex 2 drafted as the shipped data holds it: 组长/副组长/成员 with names, posts and units, the office
    assert drafted.leadership == shipped.leadership
    assert drafted.units.get("各园区运营中心").members == shipped.units.get("各园区运营中心").members
    text = (tmp_path / "x" / "targets.yaml").read_text(encoding="utf-8")
    # the seven commitments written inside measures, listed as commented candidates
    for quote in ("新增本地区“一件事”10项以上", "配合市政务办梳理“免证办”事项累计达到500项",
                  "每年新入园“专精特新”企业不少于70家", "力争规上工业企业研发活动覆盖率95%左右",
                  "力争参评企业达到5000家", "建立不少于1000家", "1个工作日内"):  # fmt: skip
        assert f"“{quote}”" in text, quote
    assert "#    direction: at_most" in text and "#    direction: about" in text


def shipped_as_docx(path: Path) -> None:
    """The source text as a Word document: one paragraph per line, Annex 1's rows as a real Word table."""
    import docx

    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("目标 \\ 年份"))
    end = start + 8
    document = docx.Document()
    for line in lines[:start]:
        document.add_paragraph(line)
    rows = [line.split("\t") for line in lines[start:end]]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for line in lines[end:]:
        document.add_paragraph(line)
    document.save(path)


@needs_source
def test_the_same_from_a_word_document_with_the_annex_as_a_table(cli, tmp_path: Path) -> None:
    doc = tmp_path / "方案.docx"
    shipped_as_docx(doc)
    assert any(isinstance(b, Table) for b in read_document(doc).blocks)
    init_ok(cli, tmp_path / "x", "--from", doc)
    assert measures_json(cli, tmp_path / "x") == measures_json(cli, REPO_DATA)
    assert annex_targets(tmp_path / "x") == annex_targets(REPO_DATA)


# ---------------------------------------------------------------- documents in the other conventions


def test_one_section_numbering_with_parenthesised_units_and_aligned_text_annex(cli, tmp_path: Path) -> None:
    target = tmp_path / "民营经济"
    out = init_ok(cli, target, "--from", FIXTURES / "private-economy-2026-2028.txt")
    assert "措施2：括注所列单位均按牵头单位录入" in out
    plan = load_plan(target).plan
    assert plan.meta.title == "某某区促进民营经济发展三年行动方案（2026-2028年）"  # from “（2026—2028年）”
    assert (plan.meta.start_year, plan.meta.end_year) == (2026, 2028)
    assert plan.meta.document_number == "某政办〔2026〕7号"
    assert plan.meta.issued_by == "某某市某某区人民政府办公室"
    assert str(plan.meta.issued_on) == "2026-03-02"
    # the date is a guess, and says so as a reading of the plan's metadata, shown by plan measures
    assert plan.meta.reading == "印发日期 2026-03-02 取文件中最后出现的日期（通常为落款日期），文件未单列印发日期。"
    shown = cli("measures", "--data", target).stdout
    assert "※ 解读（方案信息）：印发日期 2026-03-02 取文件中最后出现的日期" in shown
    assert plan.meta.overall_goal.startswith("到2028年")
    assert len(plan.meta.safeguards) == 2
    # 一、 sections holding （一） measures numbered on across sections; 总体目标 and 保障措施 stay text
    assert [(s.number, s.label, s.title) for s in plan.sections] == [
        (1, "二、", "优化发展环境"),
        (2, "三、", "支持企业做优做强"),
    ]
    assert [(m.number, m.section, m.title, m.lead_units, m.responsible_units) for m in plan.measures] == [
        (1, 1, "深化商事制度改革", ("区市场监管局",), ("区税务局", "区人社局")),  # X牵头，Y、Z配合
        (2, 1, "强化要素保障", ("区金融服务中心", "区财政局"), ()),  # X、Y按职责分工负责: all lead
        (3, 2, "培育科技型企业", ("区科技局",), ("各镇街",)),
        (4, 2, "推动个转企", ("区市场监管局",), ()),
    ]
    # the page break inside measure 3 is joined; the units' parenthesis is not part of the text
    assert plan.measures[2].text == "培育科技型企业。建立科技型企业梯度培育库，入库企业达到800家。"
    assert plan.units.get("各镇街") is not None and plan.units.get("各镇街").kind == "group"
    # the annex as aligned text rows: units per row (户, 家, %), kinds from the names
    got = [(i.id, i.name, i.unit, str(i.kind), {y: t.value for y, t in i.targets.items()}) for i in plan.indicators]
    assert got == [
        ("annex_01", "新增经营主体", "户", "flow", {2026: 9000, 2027: 9500, 2028: 10000}),
        ("annex_02", "民营企业总数", "家", "stock", {2026: 42000, 2027: 45000, 2028: 48000}),
        ("annex_03", "科技型中小企业数量", "家", "stock", {2026: 500, 2027: 650, 2028: 800}),
        ("annex_04", "民营经济增加值占比", "%", "stock", {2026: 55, 2027: 56, 2028: 58}),
    ]
    targets = (target / "targets.yaml").read_text(encoding="utf-8")
    assert "kind: flow  # 待核对" in targets
    assert "“新设企业开办时间压缩至1个工作日内”" in targets  # a commitment, as a commented candidate
    assert "#    direction: at_most" in targets


DIGITAL_PLAN = """某县人民政府文件
某政〔2024〕12号
某县人民政府关于印发某县数字经济提升行动计划 ( 2024年 - 2026年 ) 的通知
各乡镇人民政府，县政府各部门：
现将某县数字经济提升行动计划印发给你们，请认真贯彻落实。
某县数字经济提升行动计划( 2024年-2026年 )
一、主要目标
到2026年，数字经济核心产业增加值明显提升。
二、重点任务
（一）建设数字基础设施。新建5G基站1200个。（责任单位：县工信局、县通信发展办）
（二）发展数字产业。培育数字经济核心企业不少于50家。（责任单位：县发改委、县商务局、县财政局）
三、应用推广
（一）推进智慧农业。建设数字农业示范基地10个。（责任单位：县农业农村局）
四、保障措施
各项任务中排在第一位的为牵头单位，其他为责任单位。
附件
某县数字经济主要指标
TABLE
某县人民政府办公室 2024年5月20日印发"""

DIGITAL_TABLE = [
    ["序号", "指标名称", "单位", "2024年", "2025年", "2026年"],
    ["1", "5G基站总数", "个", "1500", "2200", "2700"],
    ["2", "数字经济核心企业数量", "家", "30", "40", "50"],
    ["3", "年新增上云企业", "家", "100", "120", "150"],
]


def digital_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for line in DIGITAL_PLAN.split("\n"):
        if line == "TABLE":
            table = document.add_table(rows=len(DIGITAL_TABLE), cols=len(DIGITAL_TABLE[0]))
            for r, row in enumerate(DIGITAL_TABLE):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            document.add_paragraph(line)
    document.save(path)


def test_word_plan_with_restarting_numbers_first_named_leads_and_a_numbered_table(cli, tmp_path: Path) -> None:
    doc = tmp_path / "数字经济.docx"
    digital_docx(doc)
    target = tmp_path / "数字经济"
    out = init_ok(cli, target, "--from", doc)
    assert "重新编为 1、2、3" in out
    plan = load_plan(target).plan
    assert plan.meta.title == "某县数字经济提升行动计划（2024-2026年）"  # “( 2024年-2026年 )” with stray spaces
    assert plan.meta.issued_by == "某县人民政府"
    assert [(m.number, m.section, m.title, m.lead_units, m.responsible_units) for m in plan.measures] == [
        (1, 1, "建设数字基础设施", ("县工信局",), ("县通信发展办",)),  # the document: the first named leads
        (2, 1, "发展数字产业", ("县发改委",), ("县商务局", "县财政局")),
        (3, 2, "推进智慧农业", ("县农业农村局",), ()),  # （一） again: renumbered 3
    ]
    got = [(i.name, i.unit, str(i.kind), {y: t.value for y, t in i.targets.items()}) for i in plan.indicators]
    assert got == [
        ("5G基站总数", "个", "stock", {2024: 1500, 2025: 2200, 2026: 2700}),
        ("数字经济核心企业数量", "家", "stock", {2024: 30, 2025: 40, 2026: 50}),
        ("年新增上云企业", "家", "flow", {2024: 100, 2025: 120, 2026: 150}),
    ]
    assert plan.indicators[0].targets[2024].source == "附件：5G基站总数 2024年 1500（个）"


def test_the_paragraph_conventions_one_by_one() -> None:
    lines = (
        "某市某某行动方案（2025-2027年）",
        "一、重点任务",
        "（一）甲任务。正文（市场监管局牵头，税务局、人社局配合）",
        "（二）乙任务。正文（财政局、税务局按职责分工负责）",
        "（三）丙任务。正文（依据《某条例》）",
        "牵头单位：发改委",
        "配合单位：统计局",
    )
    draft = draft_plan(SourceDocument("x.txt", lines))
    got = [(m.title, m.lead_units, m.responsible_units) for m in draft.measures]
    assert got == [
        ("甲任务", ["市场监管局"], ["税务局", "人社局"]),
        ("乙任务", ["财政局", "税务局"], []),
        ("丙任务", ["发改委"], ["统计局"]),  # an ordinary parenthesis is text; the unit lines count
    ]
    assert draft.measures[2].text == "丙任务。正文（依据《某条例》）"


# ---------------------------------------------------------------- the empty skeleton and safe writing


def test_init_without_a_document_makes_a_skeleton_that_validate_explains(cli, tmp_path: Path) -> None:
    target = tmp_path / "新方案"
    result = cli("init", target, "--years", "2026-2028")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in target.iterdir()) == [
        "README.md",
        "actuals",
        "measures.yaml",
        "progress",
        "targets.yaml",
    ]
    assert not any((target / "actuals").iterdir()) and not any((target / "progress").iterdir())
    validate = cli("validate", "--data", target)
    assert validate.exit_code == 0  # warnings only
    assert validate.stdout.endswith(f"共 0 处错误、5 处警告（{target}）\n")
    for what in ("方案名称（plan.title）还是“（待填）”", "还没有工作措施（measures）", "还没有指标（indicators）"):
        assert what in validate.stdout + validate.stderr
    plan = load_plan(target).plan
    assert (plan.meta.start_year, plan.meta.end_year) == (2026, 2028)


def test_init_never_overwrites_without_force(cli, tmp_path: Path) -> None:
    target = tmp_path / "d"
    target.mkdir()
    (target / "mine.txt").write_text("keep", encoding="utf-8")
    refused = cli("init", target, "--years", "2026-2028")
    assert refused.exit_code == 1
    assert "已存在且不是空目录" in refused.stderr and "--force" in refused.stderr
    assert [p.name for p in target.iterdir()] == ["mine.txt"]
    assert cli("init", target, "--years", "2026-2028", "--force").exit_code == 0
    assert not (target / "mine.txt").exists() and (target / "measures.yaml").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("init", empty, "--years", "2026-2028").exit_code == 0  # an empty directory is fine
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left behind


def test_a_failed_write_leaves_nothing_and_keeps_the_old_directory(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "d"
    target.mkdir()
    (target / "mine.txt").write_text("keep", encoding="utf-8")
    real_rename = Path.rename

    def failing_rename(self: Path, dest: Path) -> Path:
        if self.name.startswith(".d.init-"):
            raise OSError(28, "No space left on device")
        return real_rename(self, dest)

    monkeypatch.setattr(Path, "rename", failing_rename)
    with pytest.raises(OSError):
        create_plan_dir(target, {"measures.yaml": "x"}, force=True)
    assert (target / "mine.txt").read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]
    with pytest.raises(InitRefused):
        create_plan_dir(target, {"measures.yaml": "x"})


def test_init_says_in_chinese_why_it_cannot_write(cli, tmp_path: Path, monkeypatch) -> None:
    """A file where a folder should be, a full disk: the reason in Chinese, never the system's English."""
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    inside_a_file = cli("init", tmp_path / "a.txt" / "plan", "--years", "2026-2028")
    assert inside_a_file.exit_code == 1
    assert inside_a_file.stderr == (
        f"plan: {tmp_path / 'a.txt'} 是文件，不是文件夹，不能在其中创建 {tmp_path / 'a.txt' / 'plan'}；请换一个目录\n"
    )

    def full_disk(self: Path, dest: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "rename", full_disk)
    full = cli("init", tmp_path / "new", "--years", "2026-2028")
    assert (full.exit_code, full.stderr) == (1, f"plan: 无法写入 {tmp_path / 'new'}：磁盘空间不足\n")


# ---------------------------------------------------------------- the document is hostile input


def test_hostile_documents_are_refused_with_a_reason(cli, tmp_path: Path, monkeypatch) -> None:
    not_zip = tmp_path / "坏.docx"
    not_zip.write_bytes(b"this is not a zip")
    result = cli("init", tmp_path / "a", "--from", not_zip)
    assert result.exit_code == 1 and "不是有效的 .docx 文件" in result.stderr
    assert not (tmp_path / "a").exists()

    bomb = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * (50 * 1024 * 1024) + b">")  # 50 MB of spaces: ~50 KB packed
    result = cli("init", tmp_path / "b", "--from", bomb)
    assert result.exit_code == 1 and "压缩比异常" in result.stderr

    from zzgx_plan.files.zipsafe import ZIP_CAPS

    many = tmp_path / "多.docx"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(ZIP_CAPS["document"].max_parts + 1):
            z.writestr(f"f{i}.xml", b"")
    result = cli("init", tmp_path / "c", "--from", many)
    assert result.exit_code == 1 and f"包含 {ZIP_CAPS['document'].max_parts + 1} 个部件" in result.stderr

    fifo = tmp_path / "管道.txt"
    os.mkfifo(fifo)
    result = cli("init", tmp_path / "f", "--from", fifo)  # opening a FIFO would wait forever: refused by name
    assert result.exit_code == 1 and not (tmp_path / "f").exists()

    other = tmp_path / "方案.pdf"
    other.write_bytes(b"%PDF-1.4")
    result = cli("init", tmp_path / "d", "--from", other)
    assert result.exit_code == 1 and "只能读取 .docx 或 .txt" in result.stderr

    binary = tmp_path / "乱码.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    result = cli("init", tmp_path / "e", "--from", binary)
    assert result.exit_code == 1 and "不是可识别的文本文件" in result.stderr

    monkeypatch.setattr(source_module, "MAX_DOCUMENT_BYTES", 10)
    big = tmp_path / "大.txt"
    big.write_text("一二三四五六七八九十", encoding="utf-8")  # 30 bytes
    with pytest.raises(DocumentError, match="文件过大"):
        read_document(big)


def test_a_document_without_years_is_refused(cli, tmp_path: Path) -> None:
    doc = tmp_path / "通知.txt"
    doc.write_text("关于做好某项工作的通知\n一、工作要求\n请各单位认真落实。\n", encoding="utf-8")
    result = cli("init", tmp_path / "x", "--from", doc)
    assert result.exit_code == 1
    assert "找不到方案的年份" in result.stderr
    assert not (tmp_path / "x").exists()


def test_validate_says_which_drafted_indicators_nobody_would_be_asked_for(cli, tmp_path: Path) -> None:
    """The annex names no unit, so the draft's indicators have no lead unit: no template asks for them and
    plan missing reports 尚缺 0 项指标数值. Before, validate said 0 处警告 all the same."""
    target = tmp_path / "民营经济"
    init_ok(cli, target, "--from", FIXTURES / "private-economy-2026-2028.txt")
    validate = cli("validate", "--data", target)
    assert validate.exit_code == 0  # a warning: the draft is valid, just not finished
    names = [i.name for i in load_plan(target).plan.indicators]
    assert len(names) == 4
    for name in names:
        said = f"指标“{name}”还没有牵头单位（lead_units），报送模板和催报清单不会向任何单位要这个数字"
        assert said in validate.stdout
    assert validate.stdout.endswith(f"共 0 处错误、4 处警告（{target}）\n")
    # filled in, as the reviewer of test_newplan_end_to_end does: the warnings go
    targets = target / "targets.yaml"
    text = targets.read_text(encoding="utf-8").replace(
        "    lead_units: []  # 待核对：附件未写牵头单位", "    lead_units: [区市场监管局]"
    )
    targets.write_text(text, encoding="utf-8")
    assert cli("validate", "--data", target).stdout == f"共 0 处错误、0 处警告（{target}）\n"
