"""The problem catalogue: every code is real and documented.

One case per code makes the shipped data (or a sheet, a register) wrong in the way the code
describes and runs the real loader, importer or command; the test checks that the code comes out.
A last test checks that the cases cover the catalogue exactly, so a new code needs a case here, and
another that ``docs/problem-codes.md`` is the page the catalogue generates.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.support.hostile import run_plan, save_parts, shared_copy, workbook_parts
from tests.support.language import english_phrases
from tests.support.legacy_sheets import write_xls
from tests.support.problem_codes import reference_text
from zzgx_plan.cli import app
from zzgx_plan.core.periods import Period
from zzgx_plan.core.problems import CATALOGUE, Severity, problem
from zzgx_plan.files import reading
from zzgx_plan.files.transaction import JOURNAL_NAME, LOCK_NAME
from zzgx_plan.submissions.ingest import apply_intake, record_reader
from zzgx_plan.submissions.intake import read_submissions

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "data"
runner = CliRunner()
ACTUALS_COLUMNS = ("indicator", "period", "value", "basis", "reported_by", "note")

#: code → a function of (a private copy of the shipped data, a scratch folder) giving the codes a run produced.
CASES: dict[str, Callable[[Path, Path], set[str]]] = {}


def case(code: str) -> Callable[[Callable[[Path, Path], set[str]]], Callable[[Path, Path], set[str]]]:
    def register(func: Callable[[Path, Path], set[str]]) -> Callable[[Path, Path], set[str]]:
        assert code not in CASES, code
        CASES[code] = func
        return func

    return register


# --------------------------------------------------------------------------- how a case runs the tool


def validate(data: Path) -> set[str]:
    """The codes ``plan validate --format json`` reports (plan files, actuals, progress and registers)."""
    result = runner.invoke(app, ["validate", "--format", "json", "--data", str(data)])
    return {p["code"] for p in json.loads(result.stdout)["problems"]}


def codes_in(output: str) -> set[str]:
    """The codes in printed problems (``path:line: [警告：]code: message``)."""
    return set(re.findall(r": (?:警告：)?([a-z0-9]+(?:-[a-z0-9]+)+): ", output))


def import_sheet(data: Path, sheet: Path, period: str | None = None) -> set[str]:
    """The codes ``plan import SHEET`` finds (a dry run through the importer itself)."""
    chosen = Period.parse(period) if period else None
    result = apply_intake(data, lambda plan: read_submissions(plan, [sheet], chosen), replace=False, dry_run=True)
    return {p.code for p in result.problems}


def record(data: Path, *args: str, **options: str) -> set[str]:
    result = apply_intake(data, record_reader(*args, **options), replace=False, dry_run=True)
    return {p.code for p in result.problems}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def actuals(data: Path, rows: str, name: str = "extra.csv", header: str = "") -> Path:
    header = header or ",".join(ACTUALS_COLUMNS)
    path = data / "actuals" / name
    path.write_text(f"{header}\n{rows}", encoding="utf-8")
    return path


def csv_sheet(folder: Path, text: str, name: str = "报送.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


REGISTER_HEADER = "统一社会信用代码,企业名称,名录,园区,入库日期,出库日期,来源文件"
A, B = "91350100M000100Y43", "91110000600037341L"  # valid codes (check digits hold)


def register(data: Path, *rows: str) -> set[str]:
    (data / "registers" / "extra.csv").write_text(REGISTER_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return validate(data)


# --------------------------------------------------------------------------- files and encodings


@case("file-missing")
def _(data: Path, tmp: Path) -> set[str]:
    (data / "targets.yaml").unlink()
    return validate(data)


@case("data-dir-missing")
def _(data: Path, tmp: Path) -> set[str]:
    return validate(tmp / "没有这个目录")


@case("file-empty")
def _(data: Path, tmp: Path) -> set[str]:
    (data / "actuals" / "empty.csv").write_bytes(b"")
    return validate(data)


@case("file-unreadable")
def _(data: Path, tmp: Path) -> set[str]:
    return import_sheet(data, csv_sheet(tmp, "不是工作簿", "报送.xlsx"))


@case("encoding-unknown")
def _(data: Path, tmp: Path) -> set[str]:
    (data / "actuals" / "binary.csv").write_bytes(b"\x00\x01\x02\xff\xfe" * 40)
    return validate(data)


@case("encoding-mixed")
def _(data: Path, tmp: Path) -> set[str]:
    with (data / "actuals" / "2024.csv").open("ab") as fh:
        fh.write("独角兽（种子）企业总量,2024-Q4,5,,创新发展局,\n".encode("gb18030"))
    return validate(data)


@case("file-not-regular")
def _(data: Path, tmp: Path) -> set[str]:
    os.mkfifo(data / "actuals" / "pipe.csv")
    return validate(data)


@case("symlink-outside")
def _(data: Path, tmp: Path) -> set[str]:
    outside = tmp / "outside.csv"
    outside.write_text("indicator,period,value\n", encoding="utf-8")
    (data / "actuals" / "link.csv").symlink_to(outside)
    return validate(data)


@case("symlink-broken")
def _(data: Path, tmp: Path) -> set[str]:
    (data / "actuals" / "link.csv").symlink_to(data / "actuals" / "gone.csv")
    return validate(data)


@case("file-too-large")
def _(data: Path, tmp: Path) -> set[str]:
    limits = dict(reading.LIMITS)
    reading.LIMITS["actuals"] = reading.Limit("完成值 CSV", 100)
    try:
        return validate(data)
    finally:
        reading.LIMITS.clear()
        reading.LIMITS.update(limits)


@case("folder-unreadable")
def _(data: Path, tmp: Path) -> set[str]:
    with shared_copy(SHIPPED) as top:  # a child process, unprivileged: root would read the folder anyway
        os.chmod(top / "data" / "progress", 0)
        return codes_in(run_plan("validate", cwd=top, unprivileged=True).output)


@case("file-name-undecodable")
def _(data: Path, tmp: Path) -> set[str]:
    with open(os.fsencode(data / "actuals") + b"/\xb1\xa8\xcb\xcd.csv", "wb") as fh:  # 报送 in GBK
        fh.write(b"indicator,period,value\n")
    return validate(data)


@case("write-failed")
def _(data: Path, tmp: Path) -> set[str]:
    with shared_copy(SHIPPED) as top:  # a child process, unprivileged: root would replace the file anyway
        os.chmod(top / "data" / "actuals" / "2024.csv", 0o444)
        return child_codes(
            top,
            "from zzgx_plan.files.transaction import WriteRefused\n"
            "from zzgx_plan.submissions.ingest import apply_intake, record_reader\n"
            "try:\n"
            "    apply_intake(Path('data'), record_reader('unicorns', '2024-Q4', '6'), replace=True, dry_run=False)\n"
            "except WriteRefused as exc:\n"
            "    codes = [p.code for p in exc.problems]\n",
        )


def child_codes(top: Path, script: str) -> set[str]:
    """Run ``script`` (which sets ``codes``) in ``top`` as an unprivileged child process; the codes it found."""
    import subprocess
    import sys

    from tests.support.hostile import GUARD_SECONDS, SRC, unprivileged_prefix

    program = f"import json\nfrom pathlib import Path\ncodes = []\n{script}print(json.dumps(codes))\n"
    env = {**os.environ, "PYTHONPATH": str(SRC), "PLAN_CACHE": "off"}
    proc = subprocess.run(
        [*unprivileged_prefix(), sys.executable, "-c", program],
        cwd=top, env=env, capture_output=True, text=True, timeout=GUARD_SECONDS, check=True,
    )  # fmt: skip
    return set(json.loads(proc.stdout))


def write_refused() -> type[Exception]:
    from zzgx_plan.files.transaction import WriteRefused

    return WriteRefused


@case("lock-path-bad")
def _(data: Path, tmp: Path) -> set[str]:
    (data / LOCK_NAME).unlink(missing_ok=True)
    (data / LOCK_NAME).mkdir()
    try:
        apply_intake(data, record_reader("unicorns", "2024-Q4", "6"), replace=False, dry_run=False)
    except write_refused() as exc:
        return {p.code for p in exc.problems}
    return set()


@case("journal-refused")
def _(data: Path, tmp: Path) -> set[str]:
    (data / JOURNAL_NAME).write_text("{not json", encoding="utf-8")
    try:
        apply_intake(data, record_reader("unicorns", "2024-Q4", "6"), replace=False, dry_run=False)
    except write_refused() as exc:
        return {p.code for p in exc.problems}
    return set()


@case("journal-pending")
def _(data: Path, tmp: Path) -> set[str]:
    (data / JOURNAL_NAME).write_text("[]", encoding="utf-8")
    return validate(data)


SUBMISSION = [["指标", "期间", "数值"], ["瞪羚（潜在）企业总量", "2024-Q4", 340]]
SHEET_XML = "xl/worksheets/sheet1.xml"


@case("archive-refused")
def _(data: Path, tmp: Path) -> set[str]:
    parts = workbook_parts(SUBMISSION)
    parts.update({f"xl/media/image{n}.png": b"" for n in range(2100)})  # more parts than a submission may hold
    return import_sheet(data, save_parts(tmp / "多部件.xlsx", parts))


@case("sheet-unreadable")
def _(data: Path, tmp: Path) -> set[str]:
    parts = workbook_parts(SUBMISSION)
    parts[SHEET_XML] = parts[SHEET_XML].replace(b"<v>340</v>", b"<v>12abc</v>")
    return import_sheet(data, save_parts(tmp / "坏单元格.xlsx", parts))


@case("sheet-too-large")
def _(data: Path, tmp: Path) -> set[str]:
    parts = workbook_parts(SUBMISSION)
    far = b'<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    parts[SHEET_XML] = parts[SHEET_XML].replace(b"</row></sheetData>", far, 1)
    return import_sheet(data, save_parts(tmp / "宽表.xlsx", parts))


# --------------------------------------------------------------------------- YAML


@case("yaml-too-deep")
def _(data: Path, tmp: Path) -> set[str]:
    progress = data / "progress" / "2024-Q3.yaml"
    progress.write_text(progress.read_text(encoding="utf-8") + "extra: " + "[" * 60 + "]" * 60 + "\n", "utf-8")
    return validate(data)


@case("yaml-syntax")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", "settings:\n", "settings: a: b\n")
    return validate(data)


@case("yaml-duplicate-key")
def _(data: Path, tmp: Path) -> set[str]:
    old = "      2024: {value: 17000"
    edit(data / "targets.yaml", old, "      2024: {value: 17000, source: a}\n      2024: {value: 17500")
    return validate(data)


@case("yaml-structure")
def _(data: Path, tmp: Path) -> set[str]:
    (data / "progress" / "2024-Q3.yaml").write_text("- 不是映射\n", encoding="utf-8")
    return validate(data)


@case("yaml-field")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", "    kind: stock", "    kind: stok")
    return validate(data)


# --------------------------------------------------------------------------- plan structure


@case("unknown-unit")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", "lead_units: [市场监管局]", "lead_units: [市场管理局]")
    return validate(data)


@case("unknown-indicator")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "瞪羚企业总数,2025-Q1,300,,,\n")
    return validate(data)


@case("unknown-measure")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "progress" / "2024-Q3.yaml", "  - measure: 1\n", "  - measure: 99\n")
    return validate(data)


@case("unknown-section")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "measures.yaml", "  - number: 1\n    section: 1\n", "  - number: 1\n    section: 99\n")
    return validate(data)


@case("duplicate-id")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", "  - id: unicorns", "  - id: gazelles")
    return validate(data)


@case("target-year-outside-plan")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", "      2025: {value: 2500,", "      2026: {value: 2500,")
    return validate(data)


REVISION = "      2024: {value: 2300,"


@case("revision-out-of-order")
def _(data: Path, tmp: Path) -> set[str]:
    edit(
        data / "targets.yaml",
        REVISION,
        "      2024:\n        value: 2300\n        source: 附件1\n        revisions:\n"
        "          - {value: 2250, document: 郑开管文〔2024〕9号, document_date: 2024-06-20, effective: 2024-07-01}\n"
        "          - {value: 2260, document: 郑开管文〔2024〕10号, document_date: 2024-05-01, effective: 2024-07-01}\n"
        "      2099: {value: 2300,",
    )
    return validate(data)


@case("revision-outside-plan")
def _(data: Path, tmp: Path) -> set[str]:
    edit(
        data / "targets.yaml",
        REVISION,
        "      2024:\n        value: 2300\n        source: 附件1\n        revisions:\n"
        "          - {value: 2250, document: 郑开管文〔2026〕9号, document_date: 2026-01-05, effective: 2024-07-01}\n"
        "      2099: {value: 2300,",
    )
    return validate(data)


@case("group-member-unknown")
def _(data: Path, tmp: Path) -> set[str]:
    group_end = "\n  - name: 各审批业务部门"
    edit(data / "measures.yaml", "      - 梧桐园区运营中心" + group_end, "      - 桐柏园区运营中心" + group_end)
    return validate(data)


# readings (解读)


@case("qualifier-not-in-source")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", '达到5000家", qualifiers: [力争]}', '达到5000家", qualifiers: [力争, 以上]}')
    return validate(data)


@case("qualifier-disagrees")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", "    tolerance: 2  #", "    direction: at_least\n    tolerance: 2  #")
    edit(data / "targets.yaml", "    direction: about\n", "")
    return validate(data)


@case("indicator-leads-mismatch")
def _(data: Path, tmp: Path) -> set[str]:
    edit(
        data / "targets.yaml",
        "    lead_units: [市场监管局, 党政办公室]\n",
        "    lead_units: [市场监管局, 党政办公室, 税务局]\n",
    )
    return validate(data)


@case("reporter-required")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", "    reported_by: 市场监管局\n", "")
    return validate(data)


@case("reading-missing")
def _(data: Path, tmp: Path) -> set[str]:
    edit(
        data / "targets.yaml", "      tolerance: “左右”没有写明幅度：按不低于目标2个百分点（即达到93%）视为完成。\n", ""
    )
    return validate(data)


@case("reading-empty")
def _(data: Path, tmp: Path) -> set[str]:
    tolerance = "      tolerance: “左右”没有写明幅度：按不低于目标2个百分点（即达到93%）视为完成。\n"
    edit(data / "targets.yaml", tolerance, "      tolerance: ' '\n")
    return validate(data)


@case("conversion-not-in-source")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", "      within_years: [1, 2]\n", "      within_years: [1, 3]\n")
    return validate(data)


@case("quote-not-in-measure")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", 'quote: "零见面、零跑腿、零干预、零收费"', 'quote: "零见面、零跑腿、零等待"')
    return validate(data)


@case("plan-incomplete")
def _(data: Path, tmp: Path) -> set[str]:
    result = runner.invoke(app, ["init", str(tmp / "新方案")])
    assert result.exit_code == 0, result.output
    return validate(tmp / "新方案")


# --------------------------------------------------------------------------- CSV tables


@case("csv-missing-column")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,5\n", header="indicator,value")
    return validate(data)


@case("csv-unknown-column")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q1,5,x\n", header="indicator,period,value,remark")
    return validate(data)


@case("csv-duplicate-column")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q1,5,6\n", header="indicator,period,value,value")
    return validate(data)


@case("csv-row-shape")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q1,5,,,,extra\n")
    return validate(data)


@case("csv-syntax")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, 'unicorns,2025-Q1,"5\n')
    return validate(data)


@case("csv-delimiter")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns;2025-Q1;5\n", header="indicator;period;value")
    return validate(data)


@case("missing-value")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,,5,,,\n")
    return validate(data)


# --------------------------------------------------------------------------- values


@case("bad-period")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q5,5,,,\n")
    return validate(data)


@case("period-outside-plan")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2030-Q1,5,,,\n")
    return validate(data)


@case("bad-number")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q1,约5,,,\n")
    return validate(data)


@case("negative-value")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q1,-5,,,\n")
    return validate(data)


@case("percent-over-100")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "rd_activity_coverage,2025,120%,,,\n")
    return validate(data)


@case("percent-sign-not-percent")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q1,5%,,,\n")
    return validate(data)


@case("fraction-not-integer")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q1,5.5,,,\n")
    return validate(data)


@case("number-too-large")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q1,50000000000000,,,\n")
    return validate(data)


@case("tolerance-too-large")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "targets.yaml", "    tolerance: 2  #", "    tolerance: 100  #")
    return validate(data)


@case("bad-basis")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "new_market_entities,2025-Q1,4000,累计,,\n")
    return validate(data)


@case("basis-not-flow")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "unicorns,2025-Q1,5,ytd,,\n")
    return validate(data)


@case("overlapping-periods")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "new_market_entities,2024-01,1000,,,\n")  # inside 2024-Q1, already in 2024.csv
    return validate(data)


@case("bad-status")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "progress" / "2024-Q3.yaml", "    status: 推进中\n", "    status: 差不多\n")
    return validate(data)


@case("bad-date")
def _(data: Path, tmp: Path) -> set[str]:
    return register(data, f"{A},甲公司,tech_smes,石佛园区运营中心,2023-02-30,,")


# --------------------------------------------------------------------------- submissions


@case("no-table")
def _(data: Path, tmp: Path) -> set[str]:
    return import_sheet(data, csv_sheet(tmp, "随便写的说明\n没有表头\n"))


@case("indicator-mismatch")
def _(data: Path, tmp: Path) -> set[str]:
    return import_sheet(data, csv_sheet(tmp, "指标编号,指标,期间,数值\nunicorns,瞪羚（潜在）企业总量,2024-Q4,6\n"))


@case("unit-mismatch")
def _(data: Path, tmp: Path) -> set[str]:
    return import_sheet(data, csv_sheet(tmp, "指标,期间,数值,单位\nunicorns,2024-Q4,6,万元\n"))


@case("period-mismatch")
def _(data: Path, tmp: Path) -> set[str]:
    return import_sheet(data, csv_sheet(tmp, "指标,期间,数值\nunicorns,2024-Q3,6\n"), period="2024-Q4")


@case("formula-without-value")
def _(data: Path, tmp: Path) -> set[str]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "期间", "数值"])
    ws.append(["高新技术企业总量", "2024-Q4", "=2200+110"])  # openpyxl saves no computed value
    wb.save(tmp / "公式.xlsx")
    return import_sheet(data, tmp / "公式.xlsx")


@case("formula-result-empty")
def _(data: Path, tmp: Path) -> set[str]:
    rows = [["指标", "期间", "数值"], ["高新技术企业总量", "2024-Q4", ("=2200+110",)]]  # xlwt saves no result
    return import_sheet(data, write_xls(tmp / "公式.xls", {"Sheet1": rows}))


@case("duplicate-row")
def _(data: Path, tmp: Path) -> set[str]:
    return import_sheet(data, csv_sheet(tmp, "指标,期间,数值\nunicorns,2024-Q4,6\nunicorns,2024-Q4,7\n"))


@case("value-changed")
def _(data: Path, tmp: Path) -> set[str]:
    reported = record_reader("gazelles", "2024-Q3", "325", reported_by="创新发展局")
    assert apply_intake(data, reported, replace=True, dry_run=False).ok  # a unit's own figure, recorded
    return record(data, "gazelles", "2024-Q3", "330")


# --------------------------------------------------------------------------- warnings about figures


@case("flow-missing-period")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "new_specialized_in_parks,2025-Q2,30,ytd,,\nnew_specialized_in_parks,2025-Q4,20,,,\n", "2025.csv")
    return validate(data)


@case("percent-looks-like-fraction")
def _(data: Path, tmp: Path) -> set[str]:
    actuals(data, "rd_activity_coverage,2025-Q1,0.91,,,\n")
    return validate(data)


# --------------------------------------------------------------------------- registers


@case("uscc-check")
def _(data: Path, tmp: Path) -> set[str]:
    return register(data, "91350203M0001QAY9B,某企业,tech_smes,石佛园区运营中心,2023-05-01,,")


@case("uscc-malformed")
def _(data: Path, tmp: Path) -> set[str]:
    return register(data, "9111000060003734,乙公司,tech_smes,石佛园区运营中心,2023-01-05,,")


@case("register-unknown-list")
def _(data: Path, tmp: Path) -> set[str]:
    return register(data, f"{A},甲公司,high_tech_enterprise,石佛园区运营中心,2023-01-05,,")


@case("register-unknown-park")
def _(data: Path, tmp: Path) -> set[str]:
    return register(data, f"{A},甲公司,tech_smes,市场监管局,2023-01-05,,")


@case("register-left-before-entered")
def _(data: Path, tmp: Path) -> set[str]:
    return register(data, f"{A},甲公司,tech_smes,石佛园区运营中心,2023-03-01,2023-02-01,")


@case("register-overlap")
def _(data: Path, tmp: Path) -> set[str]:
    return register(
        data,
        f"{A},甲公司,tech_smes,石佛园区运营中心,2022-03-01,,",
        f"{A},甲公司,tech_smes,枫杨园区运营中心,2023-07-01,,",
    )


@case("register-two-names")
def _(data: Path, tmp: Path) -> set[str]:
    return register(
        data,
        f"{B},乙科技有限公司,gazelles,石佛园区运营中心,2022-01-01,,",
        f"{B},乙科技股份有限公司,unicorns,石佛园区运营中心,2023-01-01,,",
    )


@case("register-mismatch")
def _(data: Path, tmp: Path) -> set[str]:
    edit(data / "actuals" / "2024.csv", "2024-Q3,2200", "2024-Q3,2210")
    return validate(data)


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_produced_by_the_tool(code: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    assert code in CASES[code](data, scratch)


def test_every_catalogue_code_has_a_case() -> None:
    """A new code in the catalogue needs a case above that makes the tool produce it (and none is stale)."""
    assert sorted(CASES) == sorted(CATALOGUE)


def test_the_reference_page_is_generated_from_the_catalogue() -> None:
    page = (REPO / "docs" / "problem-codes.md").read_text(encoding="utf-8")
    generated = page.split("]]] -->\n", 1)[1].split("<!-- [[[end]]] -->", 1)[0]
    assert generated == reference_text(), "run `python scripts/docs.py` and commit docs/problem-codes.md"
    for code in CATALOGUE:
        assert f'<a id="{code}"></a>' in page


def test_every_entry_is_chinese_and_complete() -> None:
    for entry in CATALOGUE.values():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", entry.code), entry.code
        assert entry.title and entry.template and entry.description, entry.code
        assert "\n" not in entry.title, entry.code
        for text in (entry.title, entry.template, entry.description):
            assert english_phrases(text) == [], (entry.code, text)


def test_a_problem_takes_its_severity_from_the_catalogue(tmp_path: Path) -> None:
    warning = problem(tmp_path, 1, "percent-looks-like-fraction", indicator="x", period="2024", value=0.9, percent=90)
    assert warning.severity is Severity.WARNING
    assert problem(tmp_path, 1, "bad-number", field="value", text="约5").message == (
        "完成值“约5”不是数字；请填写阿拉伯数字，如 17000"
    )
    with pytest.raises(ValueError, match="bad-number is a error"):
        problem(tmp_path, 1, "bad-number", Severity.WARNING, field="value", text="x")
