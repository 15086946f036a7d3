"""pandas DataFrames for notebooks: the same records as ``--format json``, pandas off the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SHIPPED_DATA

pd = pytest.importorskip("pandas", reason="pandas is the optional [pandas] extra")


def test_status_frame_holds_the_json_rows(cli) -> None:
    from zzgx_plan import Period, load_plan, progress_as_of, status_frame

    frame = status_frame(progress_as_of(load_plan(SHIPPED_DATA), 2024, Period.parse("2024-Q3")))
    doc = json.loads(cli("status", "2024", "--as-of", "2024-Q3", "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert list(frame["id"]) == [row["id"] for row in doc["indicators"]]
    assert frame.attrs == {"year": 2024, "as_of": "2024-Q3"}
    row = frame.set_index("id").loc["high_tech_enterprises"]
    assert row["actual"] == 2200  # data/actuals/2024.csv: high_tech_enterprises,2024-Q3,2200
    assert row["target"] == 2300  # targets.yaml: 2024 target of 高新技术企业总量
    assert row["lead_units"] == "创新发展局"
    for json_row in doc["indicators"]:
        got = frame.set_index("id").loc[json_row["id"]]
        for key in ("actual", "target", "completion", "status"):
            assert (pd.isna(got[key]) and json_row[key] is None) or got[key] == json_row[key], (json_row["id"], key)


def test_missing_frame_has_one_row_per_item_owed(cli) -> None:
    from zzgx_plan import Period, load_plan, missing_for, missing_frame

    frame = missing_frame(missing_for(load_plan(SHIPPED_DATA), Period.parse("2025-Q1")))
    doc = json.loads(cli("missing", "2025-Q1", "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert len(frame) == doc["missing_indicators"] + doc["missing_measures"]
    assert (frame["item"] == "indicator").sum() == doc["missing_indicators"]
    assert list(frame.columns) == ["period", "unit", "item", "id", "name"]


def test_firms_frame_lists_the_firms_of_plan_firms(cli) -> None:
    import datetime as dt

    from zzgx_plan import firms_behind, firms_frame, load_plan, load_registers

    data = load_plan(SHIPPED_DATA)
    register = load_registers(str(SHIPPED_DATA), data.plan).register
    ind = data.plan.indicator("unicorns")
    assert ind is not None
    frame = firms_frame(firms_behind(data, register, ind, dt.date(2024, 9, 30)))
    doc = json.loads(cli("firms", "unicorns", "--as-of", "2024-Q3", "--format", "json", "--data", SHIPPED_DATA).stdout)
    assert list(frame["uscc"]) == [f["uscc"] for f in doc["firms"]]
    assert len(frame) == doc["total"]
    assert frame.attrs["list"] == "unicorns"


def test_plan_commands_never_import_pandas() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from zzgx_plan.cli import app; "
        f"CliRunner().invoke(app, ['status', '2024', '--data', {str(SHIPPED_DATA)!r}]); "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
