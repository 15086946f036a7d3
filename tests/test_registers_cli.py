"""The register commands through CliRunner: exit codes, exact messages, parsed JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.registers_helpers import BAD_CHECK, FENGYANG, SHIFO, WUTONG, A, B, C, D, row, write_register
from tests.support.csvout import without_bom

REPO = Path(__file__).resolve().parent.parent


def small_registers(data_dir: Path) -> Path:
    """Replace the example registers with a handful of known rows."""
    shutil.rmtree(data_dir / "registers")
    return write_register(
        data_dir / "registers",
        "r.csv",
        [
            row(A, "甲科技有限公司", "high_tech_reserve", SHIFO, "2022-03-01", "2023-01-10", "2022年后备库名单"),
            row(A, "甲科技有限公司", "high_tech_enterprises", FENGYANG, "2023-01-10", "", "2023年第一批高企名单"),
            row(B, "乙科技有限公司", "high_tech_reserve", SHIFO, "2022-05-01", "", "2022年后备库名单"),
            row(C, "丙科技有限公司", "high_tech_enterprises", WUTONG, "2021-12-01", "", "2021年高企名单"),
            row(D, "丁科技有限公司", "高新技术企业总量", WUTONG, "2024-02-01", "", "2024年高企名单"),
        ],
    )


def test_status_by_park_counts_match_the_reported_example_figures(cli, data_dir: Path) -> None:
    result = cli("status", "2024", "--by", "park", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    parks = doc["by_park"]["parks"]
    assert parks == ["石佛园区运营中心", "枫杨园区运营中心", "双桥园区运营中心", "梧桐园区运营中心"]
    rows = {r["id"]: r for r in doc["by_park"]["indicators"]}
    assert {k: (v["period"], v["total"], v["reported"]) for k, v in rows.items()} == {
        "high_tech_enterprises": ("2024-Q3", 2200, 2200),
        "tech_smes": ("2024-Q3", 3650, 3650),
        "specialized_smes": ("2024-Q3", 270, 270),
        "gazelles": ("2024-Q3", 322, 322),
        "unicorns": ("2024-Q3", 5, None),
        "high_tech_reserve": ("2024-Q3", 1105, 1105),
        "new_specialized_in_parks": ("2024-Q3", 58, 58),
        "innovation_points_firms": ("2024-Q3", 3900, 3900),
    }
    for r in rows.values():
        assert sum(r["by_park"].values()) == r["total"]
        assert r["example"] is True
    assert doc["indicators"][1]["actual"] == 2200  # the status part is unchanged


def test_status_by_park_table_and_csv(cli, data_dir: Path) -> None:
    table = cli("status", "2024", "--by", "park", "--data", data_dir)
    assert table.exit_code == 0
    assert "2024年按园区（企业名录计数" in table.stdout and "合成的示例数据" in table.stdout
    out = cli("status", "2024", "--by", "park", "--format", "csv", "--data", data_dir).stdout
    rows = list(csv.DictReader(io.StringIO(without_bom(out))))
    ht = [r for r in rows if r["指标编号"] == "high_tech_enterprises"]
    assert [r["园区"] for r in ht] == ["石佛园区运营中心", "枫杨园区运营中心", "双桥园区运营中心", "梧桐园区运营中心"]
    assert sum(int(r["园区名录计数"]) for r in ht) == 2200 and {r["名录合计"] for r in ht} == {"2200"}


def test_plain_status_does_not_import_pyarrow_or_pandas() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from zzgx_plan.cli import app; "
        f"r = CliRunner().invoke(app, ['status', '2024', '--data', {str(REPO / 'data')!r}]); "
        "print(r.exit_code, 'pyarrow' in sys.modules, 'pandas' in sys.modules, 'numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "False", "False", "False"]


def test_firms_lists_the_firms_behind_a_number(cli, data_dir: Path) -> None:
    small_registers(data_dir)
    result = cli("firms", "high_tech_enterprises", "--as-of", "2024-Q1", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["total"], doc["as_of"], doc["kind"], doc["example_data"]) == (3, "2024-03-31", "stock", False)
    assert list(doc["by_park"].values()) == [0, 1, 0, 2]  # 石佛, 枫杨, 双桥, 梧桐
    assert [f["uscc"] for f in doc["firms"]] == [A, C, D]
    assert doc["firms"][1] == {
        "uscc": C,
        "name": "丙科技有限公司",
        "list": "high_tech_enterprises",
        "park": "梧桐园区运营中心",
        "entered_on": "2021-12-01",
        "left_on": None,
        "end": "2024-12-01",
        "source": "2021年高企名单",
        "where": f"{data_dir}/registers/r.csv:5",
    }
    args = ("--park", "梧桐园区运营中心", "--as-of", "2024-Q4", "--format", "csv", "--data", data_dir)
    by_park = cli("firms", "高新技术企业总量", *args)
    assert by_park.exit_code == 0
    # C lapsed on 2024-12-01
    assert [r["统一社会信用代码"] for r in csv.DictReader(io.StringIO(without_bom(by_park.stdout)))] == [D]
    short = cli("firms", "高新技术企业总量", "--park", "梧桐", *args[2:])  # the label the tables show
    assert (short.exit_code, short.stdout) == (0, by_park.stdout)


def test_firms_table_never_cuts_a_code_or_a_date(cli, data_dir: Path, monkeypatch) -> None:
    """At 100 columns the table showed ``91410100GP…`` and ``2026-01-01…``: an 18-character code cut is
    of no use. The columns saying where a row comes from give way instead, and a line says so."""
    from rich.cells import cell_len

    small_registers(data_dir)
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("firms", "high_tech_enterprises", "--as-of", "2024-Q1", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    assert "…" not in result.stdout
    for code in (A, C, D):
        assert f"│ {code} │" in result.stdout  # whole, on one line
    assert "2024-12-01（到期）" in result.stdout  # C's certificate lapses on 2024-12-01
    assert "（终端宽度 100 列，未显示：" in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 100
    monkeypatch.setenv("COLUMNS", "250")
    wide = cli("firms", "high_tech_enterprises", "--as-of", "2024-Q1", "--data", data_dir).stdout
    assert "registers/r.csv:5" in wide and "未显示" not in wide


def test_firms_usage_errors_exit_2(cli, data_dir: Path) -> None:
    unknown = cli("firms", "high_tech", "--data", data_dir)
    assert unknown.exit_code == 2 and "“high_tech”不是名录" in unknown.stderr
    percent = cli("firms", "rd_activity_coverage", "--data", data_dir)
    assert percent.exit_code == 2
    not_a_park = cli("firms", "tech_smes", "--park", "市场监管局", "--data", data_dir)
    assert not_a_park.exit_code == 2 and "市场监管局 不是园区" in not_a_park.stderr


def test_firm_history_and_conversion(cli, data_dir: Path) -> None:
    small_registers(data_dir)
    result = cli("firm", A.lower(), "--as-of", "2024-Q3", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["names"] == ["甲科技有限公司"]
    assert [(item["list"], item["status"]) for item in doc["listings"]] == [
        ("high_tech_reserve", "已出库"),
        ("high_tech_enterprises", "在库"),
    ]
    assert doc["conversion"] == {
        "reserve_entered_on": "2022-03-01",
        "certified_on": "2023-01-10",
        "days": 315,
        "cohort": {
            "year": 2022,
            "size": 2,
            "within_1y": 1,
            "within_2y": 1,
            "by_as_of": 1,
            "rate_1y": 0.5,
            "rate_2y": 0.5,
            "rate_by_as_of": 0.5,
            "window_1y_complete": True,
            "window_2y_complete": False,
        },
    }
    table = cli("firm", A, "--as-of", "2024-Q3", "--data", data_dir)
    assert "后备库入库 2022-03-01 → 高新技术企业认定 2023-01-10（用时 315 天，在措施11力争的1—2年内）。" in table.stdout
    assert "※ 解读：“1—2年内”自入库之日起算：满1年之前通过认定为1年内" in table.stdout  # the window's reading
    assert "所在 2022 年入库批次：2 家，1年内认定 1 家（50.0%），2年内认定 1 家（50.0%，观察期未满）。" in table.stdout


def test_firm_refuses_bad_and_unknown_codes(cli, data_dir: Path) -> None:
    small_registers(data_dir)
    malformed = cli("firm", "12345", "--data", data_dir)
    assert malformed.exit_code == 2 and "不是统一社会信用代码" in malformed.stderr
    unknown = cli("firm", BAD_CHECK, "--data", data_dir)
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "plan: 警告：91350203M0001QAY9B：最后一位校验位应为“9”，不是“B”\n"
        "plan: 企业名录中没有统一社会信用代码为 91350203M0001QAY9B 的企业\n"
    )


def test_conversion_per_cohort(cli, data_dir: Path) -> None:
    small_registers(data_dir)
    result = cli("conversion", "--as-of", "2024-Q3", "--format", "csv", "--data", data_dir)
    assert result.exit_code == 0
    assert without_bom(result.stdout).splitlines() == [
        # year, size, within 1 year, its rate, 1-year window complete, the same for 2 years, by the date, its rate
        "入库年份,入库企业,1年内认定,1年转化率,1年观察期已满,2年内认定,2年转化率,2年观察期已满,截至目前认定,累计转化率",
        "2022,2,1,0.5,是,1,0.5,否,1,0.5",
    ]


def test_register_errors_refuse_with_located_messages(cli, data_dir: Path) -> None:
    path = small_registers(data_dir)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(row(B, "乙科技有限公司", "high_tech_reserve", SHIFO, "2023-05-01") + "\n")  # still on the list
    result = cli("firms", "high_tech_reserve", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:7: {B} 已在名录 high_tech_reserve 中（2022-05-01 入库，至今仍在库；见 {path}:4）；"
        "2023-05-01 再次入库会被重复计算",
        "plan: 企业名录有 1 处错误，未执行；运行 plan validate 可查看全部问题",
    ]
    validate = cli("validate", "--data", data_dir)
    assert validate.exit_code == 1
    assert f"{path}:7: register-overlap:" in validate.stdout


def test_register_errors_are_listed_in_line_order(cli, data_dir: Path) -> None:
    """A short code (line 2) found by the checks, a row too long (line 3) by the reader: line order."""
    shutil.rmtree(data_dir / "registers")
    path = write_register(
        data_dir / "registers",
        "r.csv",
        [
            row("9141010012345678", "甲科技有限公司", "tech_smes", SHIFO, "2023-01-05"),
            row(B, "乙科技有限公司", "tech_smes", SHIFO, "2023-02-01") + ",extra",
        ],
    )
    result = cli("status", "2024", "--by", "park", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:2: “9141010012345678”不是统一社会信用代码：有 16 位，统一社会信用代码应为 18 位",
        f"{path}:3: 这一行有 8 格，表头有 7 列；请检查是否多了或少了逗号",
        "plan: 企业名录有 2 处错误，未执行；运行 plan validate 可查看全部问题",
    ]


def test_validate_warns_when_register_and_report_differ(cli, data_dir: Path) -> None:
    actuals = data_dir / "actuals" / "2024.csv"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("2024-Q3,2200", "2024-Q3,2210"), encoding="utf-8")
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{actuals}:7: 警告：register-mismatch: high_tech_enterprises 2024-Q3：报送 2210，但名录统计为 2200"
        f"（{data_dir}/registers/example_high_tech_enterprises.csv）",
        f"共 0 处错误、1 处警告（{data_dir}）",
    ]
    doc = json.loads(cli("validate", "--format", "json", "--data", data_dir).stdout)
    assert doc["registers"]["rows"] == sum(
        len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in (data_dir / "registers").glob("*.csv")
    )


def test_shipped_registers_agree_with_the_shipped_actuals(cli) -> None:
    result = cli("validate", "--data", REPO / "data")
    assert result.exit_code == 0
    assert "register-mismatch" not in result.stdout
    assert result.stdout.endswith("共 0 处错误、0 处警告（" + str(REPO / "data") + "）\n")


def test_source_register_indicators_take_their_actual_from_the_register(cli, data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("    valid_years: 3", "    valid_years: 3\n    source: register"), encoding="utf-8")
    actuals = data_dir / "actuals" / "2024.csv"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("2024-Q3,2200", "2024-Q3,9999"), encoding="utf-8")
    result = cli("status", "2024", "--format", "json", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    row_ = next(r for r in json.loads(result.stdout)["indicators"] if r["id"] == "high_tech_enterprises")
    assert (row_["actual"], row_["actual_period"], row_["baseline"]) == (2200, "2024-Q3", 2080)


def test_report_takes_source_register_actuals_from_the_register_like_status(cli, data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("    valid_years: 3", "    valid_years: 3\n    source: register"), encoding="utf-8")
    actuals = data_dir / "actuals" / "2024.csv"
    actuals.write_text(actuals.read_text(encoding="utf-8").replace("2024-Q3,2200", "2024-Q3,9999"), encoding="utf-8")
    result = cli("report", "2024-Q3", "--stdout", "--data", data_dir)
    assert result.exit_code == 0, result.stderr
    row_ = next(line for line in result.stdout.splitlines() if " | 高新技术企业总量（示例） | 家 | 2300※ | " in line)
    assert row_.split(" | ")[4] == "2200"
    assert "9999" not in result.stdout
    shutil.rmtree(data_dir / "registers")
    refused = cli("report", "2024-Q3", "--stdout", "--data", data_dir)
    assert refused.exit_code == 1
    assert refused.stderr.endswith(f"找不到企业名录文件（*.csv）：{data_dir / 'registers'}\n")


def test_source_register_needs_an_indicator_counted_in_firms(cli, data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("    tolerance: 2", "    tolerance: 2\n    source: register"), encoding="utf-8")
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    assert "只有按“家”计数的指标才能由企业名录统计" in result.stdout


def test_the_shipped_example_registers_are_what_the_generator_makes(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    for path in (copy / "registers").glob("example_*.csv"):
        path.unlink()
    script = REPO / "scripts" / "make_example_registers.py"
    subprocess.run([sys.executable, str(script), "--data", str(copy)], check=True, capture_output=True)
    shipped = sorted((REPO / "data" / "registers").glob("example_*.csv"))
    assert [p.name for p in shipped] == sorted(p.name for p in (copy / "registers").glob("example_*.csv"))
    for path in shipped:
        assert (copy / "registers" / path.name).read_bytes() == path.read_bytes(), path.name
        assert "示例数据（合成）" in path.read_text(encoding="utf-8").splitlines()[1]


def test_periods_beyond_the_registers_latest_date_are_not_counted(cli, data_dir: Path) -> None:
    actuals = data_dir / "actuals" / "2024.csv"
    with actuals.open("a", encoding="utf-8") as fh:  # the registers end on 2024-09-30
        fh.write("high_tech_enterprises,2024-Q4,2250,,创新发展局,示例数据（非官方统计）\n")
    validate = cli("validate", "--data", data_dir)
    assert validate.exit_code == 0
    assert validate.stdout == f"共 0 处错误、0 处警告（{data_dir}）\n"
    doc = json.loads(cli("status", "2025", "--by", "park", "--format", "json", "--data", data_dir).stdout)
    assert doc["by_park"]["indicators"] == []
    assert doc["by_park"]["register_latest"] == "2024-09-30"
    assert doc["by_park"]["not_counted"][:2] == ["高新技术企业总量", "科技型中小企业总量"]


def test_a_register_indicator_without_registers_is_refused(cli, data_dir: Path) -> None:
    targets = data_dir / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace("    valid_years: 3", "    valid_years: 3\n    source: register"),
        encoding="utf-8",
    )
    shutil.rmtree(data_dir / "registers")
    result = cli("status", "2024", "--data", data_dir)
    assert result.exit_code == 1
    assert result.stderr == f"plan: 找不到企业名录文件（*.csv）：{data_dir / 'registers'}\n"
