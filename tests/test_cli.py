"""The CLI through CliRunner: exact exit codes, exact text, parsed JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import SHIPPED_DATA
from .support.csvout import without_bom

GOLDEN = Path(__file__).parent / "golden"


def test_status_table_matches_golden(cli) -> None:
    result = cli("status", "2024", "--data", SHIPPED_DATA)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (GOLDEN / "status-2024.txt").read_text(encoding="utf-8")
    assert result.stderr == ""


def test_status_json(cli) -> None:
    result = cli("status", "2024", "--format", "json", "--data", SHIPPED_DATA)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    # the latest quarter with figures, as the report (issue #10 §4; an annual figure made it "2024" before)
    assert (doc["year"], doc["as_of"], doc["example_data"]) == (2024, "2024-Q3", True)
    first = doc["indicators"][0]
    assert first == {
        "id": "new_market_entities",
        "name": "年新增市场主体",
        "unit": "家",
        "kind": "flow",
        "direction": "at_least",
        "target": 17000,
        "target_qualifiers": [],
        "target_text": "17000家",
        "readings": [
            "附件1未写该指标对应哪些措施：对应到便利准入、“个转企”、市场主体退出和扩大纳统范围的措施1—5、21、22。",
            "附件1未写牵头单位：取该指标所对应措施的牵头单位。",
            "年新增市场主体由登记机关市场监管局报送；党政办公室是措施22的牵头单位，不报送这一数字。",
        ],
        "actual": 12400,
        "actual_period": "2024-Q3",
        "expected": 12750,
        "completion": 0.7294,
        "gap": 4600,
        "projection": 16533.3333,
        "baseline": None,
        "status": "at_risk",
        "status_label": "略低于序时进度",
        # measure 22 (党政办公室) is one of its measures; 市场监管局 alone reports the figure
        "lead_units": ["市场监管局", "党政办公室"],
        "reporting_unit": "市场监管局",
        "example": True,
        "target_revision": None,
    }
    unicorns = next(i for i in doc["indicators"] if i["id"] == "unicorns")
    assert (unicorns["actual"], unicorns["status"], unicorns["completion"]) == (None, "no_data", None)
    # 研发活动覆盖率 has only an annual 2024 figure: no data yet as of 2024-Q3 (it was "missed" as of 2024);
    # + 企业开办办结时限 (no data yet) and the two 2025-only “两个全覆盖” rates (no target in 2024)
    assert doc["counts"] == {
        "achieved": 3, "missed": 0, "on_track": 2, "at_risk": 2, "behind": 1, "no_data": 3, "no_target": 6,
    }  # fmt: skip


def test_status_as_of_and_unit(cli) -> None:
    result = cli("status", "2024", "--as-of", "2024-Q2", "--unit", "市场监督管理局", "--format", "json",
                 "--data", SHIPPED_DATA)  # fmt: skip
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["as_of"] == "2024-Q2"
    rows = {i["id"]: i for i in doc["indicators"]}
    assert list(rows) == [
        "new_market_entities", "one_thing_services", "permit_free_items", "business_startup_days",
        "permit_reform_area_coverage", "permit_reform_item_coverage", "credit_repair_days",
    ]  # fmt: skip
    assert (rows["new_market_entities"]["actual"], rows["new_market_entities"]["expected"]) == (8200, 8500)


def test_status_unit_through_group(cli) -> None:
    result = cli("status", "2024", "--unit", "枫杨园区运营中心", "--format", "json", "--data", SHIPPED_DATA)
    ids = [i["id"] for i in json.loads(result.stdout)["indicators"]]
    # the parks share measures 5–17, 19 and 21 through 各园区运营中心
    assert "high_tech_enterprises" in ids and "new_market_entities" in ids
    assert "credit_repair_days" not in ids  # measure 20 is 市场监管局 with 创新发展局、城市管理局


def test_status_csv_and_markdown(cli) -> None:
    out = cli("status", "2024", "--format", "csv", "--data", SHIPPED_DATA).stdout
    rows = list(csv.DictReader(io.StringIO(without_bom(out))))
    assert len(rows) == 17  # 7 Annex 1 targets + 10 commitments of the measures
    assert rows[1]["指标编号"] == "high_tech_enterprises" and rows[1]["状态"] == "滞后"  # status behind
    assert rows[1]["序时进度"] == "2245" and rows[1]["预计全年"] == "2240"  # expected, projection
    md = cli("status", "2024", "--format", "markdown", "--data", SHIPPED_DATA).stdout
    assert (
        "| 高新技术企业总量 | 家 | 2300※ | 2200（2024-Q3） | 95.7% | 2245 | 100 | 2240 | 滞后 | 创新发展局 | 示例 |"
        in md
    )
    assert "并非官方统计数字" in md


def test_data_from_environment(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAN_DATA", str(SHIPPED_DATA))
    result = cli("status", "2023", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["as_of"] == "2023"
    hte = next(i for i in doc["indicators"] if i["id"] == "high_tech_enterprises")
    assert (hte["actual"], hte["status"]) == (2080, "missed")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "2024", "--as-of", "2024-Q5"], "“2024-Q5”不是报告期；季度只有 1 至 4"),
        (["status", "2024", "--as-of", "2023-Q3"], "2023-Q3 不在 2024 年内"),
        (["status", "2030"], "2030 年不在方案期 2023–2025 年内"),
        (["status", "2024", "--unit", "市场局"], "没有“市场局”这个单位"),
        (["status", "2024", "--format", "xml"], "xml"),
        (["status"], "缺少参数 年度"),
    ],
)
def test_usage_errors_exit_2(cli, args: list[str], message: str) -> None:
    result = cli(*args, "--data", SHIPPED_DATA)
    assert result.exit_code == 2
    assert message in result.stderr


def test_invalid_data_refuses_with_located_errors(cli, data_dir: Path) -> None:
    (data_dir / "actuals" / "2024.csv").write_text(
        "indicator,period,value\ntech_smes,2024-Q5,3600\ntech_smes,2024-Q2,-1\n", encoding="utf-8"
    )
    result = cli("status", "2024", "--data", data_dir)
    assert result.exit_code == 1
    path = data_dir / "actuals" / "2024.csv"
    assert result.stderr.splitlines() == [
        f"{path}:2: 期间“2024-Q5”无法识别；可写 2024-Q3、2024年第三季度、2024-09、2024年9月、2024 等",
        f"{path}:3: 完成值 -1 是负数；数量不能为负",
        "plan: 数据有 2 处错误，未执行；运行 plan validate 可查看全部问题",
    ]
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_validate_ok_and_json(cli) -> None:
    result = cli("validate", "--data", SHIPPED_DATA)
    assert result.exit_code == 0
    assert result.stdout == f"共 0 处错误、0 处警告（{SHIPPED_DATA}）\n"
    doc = json.loads(cli("validate", "--data", SHIPPED_DATA, "--format", "json").stdout)
    assert doc["valid"] is True
    assert doc["stats"] == {
        "errors": 0, "warnings": 0, "measures": 22, "indicators": 17, "observations": 56, "progress_entries": 17,
    }  # fmt: skip


def test_validate_reports_every_problem(cli, data_dir: Path) -> None:
    (data_dir / "actuals" / "x.csv").write_text(
        "indicator,period,value\nnew_market_entities,2025-Q1,1\nnew_market_entities,2025-Q3,1\nfoo,2025,1\n",
        encoding="utf-8",
    )
    result = cli("validate", "--data", data_dir)
    assert result.exit_code == 1
    path = data_dir / "actuals" / "x.csv"
    assert result.stdout.splitlines() == [
        f"{path}:3: 警告：flow-missing-period: new_market_entities 2025-Q3：本年第 4—6 月没有报送新增数",
        f"{path}:4: unknown-indicator: 没有“foo”这个指标",
        f"共 1 处错误、1 处警告（{data_dir}）；请按上面的提示修改",
    ]
    doc = json.loads(cli("validate", "--data", data_dir, "--format", "json").stdout)
    assert doc["valid"] is False
    assert [(p["line"], p["code"], p["severity"]) for p in doc["problems"]] == [
        (3, "flow-missing-period", "warning"),
        (4, "unknown-indicator", "error"),
    ]


def test_measures_json(cli) -> None:
    items = json.loads(cli("measures", "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert len(items) == 22
    assert items[16] == {
        "number": 17,
        "section": 7,
        "title": "完善助企服务平台",
        "lead_units": ["创新协同中心", "创新发展局"],
        "responsible_units": ["各园区运营中心"],
        "indicators": [],
    }
    assert items[0]["indicators"] == ["new_market_entities", "one_thing_services", "business_startup_days"]
    hr = json.loads(cli("measures", "--unit", "人力资源局", "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert [m["number"] for m in hr] == [3, 4]
    assert hr[0]["responsible_units"] == ["政务服务中心", "人力资源和社会保障局", "税务局"]


def test_measures_table(cli) -> None:
    out = cli("measures", "--data", SHIPPED_DATA).stdout
    assert "工作措施（22 项）" in out
    assert "│ 22   │ （七）营造更好服务市场主体的发展环境 │ 及时扩大纳统范围" in out


def _table_rows(out: str) -> list[list[str]]:
    """The body rows of a rich table, each cell's wrapped lines joined back together."""
    rows: list[list[str]] = []
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if cells[0] or not rows:
            rows.append(cells)
        else:
            rows[-1] = [a + b for a, b in zip(rows[-1], cells, strict=True)]
    return rows


def test_measures_table_shows_every_unit_and_indicator_in_full(cli) -> None:
    # CJK cells have no spaces to wrap at: they must fold, not be cut short with an ellipsis
    out = cli("measures", "--data", SHIPPED_DATA).stdout
    items = json.loads(cli("measures", "--format", "json", "--data", SHIPPED_DATA).stdout)
    names = {
        i["id"]: i["name"]
        for i in json.loads(cli("status", "2024", "--format", "json", "--data", SHIPPED_DATA).stdout)["indicators"]
    }
    rows = _table_rows(out)
    assert [[r[0], r[3], r[4], r[5]] for r in rows] == [
        [
            str(m["number"]),
            "、".join(m["lead_units"]),
            "、".join(m["responsible_units"]),
            "、".join(names[i] for i in m["indicators"]),
        ]
        for m in items
    ]


def test_units_matrix_and_one_unit(cli) -> None:
    doc = json.loads(cli("units", "--format", "json", "--data", SHIPPED_DATA).stdout)
    by_name = {u["unit"]: u for u in doc}
    assert by_name["市场监管局"]["lead_measures"] == [1, 2, 3, 4, 5, 18, 20, 21]
    assert by_name["市场监管局"]["shared_measures"] == [{"number": 22, "via": None}]
    assert by_name["创新发展局"]["lead_measures"] == [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19]
    assert by_name["党政办公室"]["lead_measures"] == [22]
    one = json.loads(cli("units", "枫杨园区运营中心", "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert one["groups"] == ["各园区运营中心"]
    assert [s["number"] for s in one["shared_measures"]] == [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 21]
    assert {s["via"] for s in one["shared_measures"]} == {"各园区运营中心"}
    text = cli("units", "枫杨园区运营中心", "--data", SHIPPED_DATA).stdout
    assert "  21. 畅通市场主体退出渠道（通过各园区运营中心）" in text
    assert cli("units", "不存在的局", "--data", SHIPPED_DATA).exit_code == 2


def test_status_wording_when_there_is_nothing_to_show(cli) -> None:
    out = cli("status", "2025", "--data", SHIPPED_DATA).stdout
    assert (
        out.splitlines()[0].rstrip()
        == "郑州高新区培育壮大市场主体工作方案（2023-2025年） 2025年目标完成情况（暂无数据）"
    )
    assert "共 17 项指标：无数据 17\n" in out
    none = cli("status", "2024", "--unit", "管委会", "--format", "markdown", "--data", SHIPPED_DATA).stdout
    assert none.rstrip().endswith("\n共 0 项指标")


def test_no_data_directory_says_what_is_missing(cli, tmp_path: Path) -> None:
    result = cli("status", "2024", "--data", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{tmp_path / 'nowhere'}: 这里没有数据目录（存放 measures.yaml 和 targets.yaml 的文件夹）；"
        "请用 --data 目录 或环境变量 PLAN_DATA 指定\n"
    )


def test_plan_units_shows_unit_categories_in_chinese(cli) -> None:
    out = cli("units", "--data", SHIPPED_DATA).stdout
    # measures.yaml: 市场监管局 is kind department, 各园区运营中心 a group, 石佛园区运营中心 a park
    assert "职能部门" in out and "单位组" in out and "园区" in out
    for english in ("department", "group", "park", "taskforce", "body"):
        assert english not in out
    one = cli("units", "市场监管局", "--data", SHIPPED_DATA).stdout
    assert one.splitlines()[0] == "市场监管局（职能部门）"
