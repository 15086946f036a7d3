"""The Python API for notebooks: everything importable from ``zzgx_plan`` itself."""

from __future__ import annotations

import subprocess
import sys

import zzgx_plan
from tests.conftest import SHIPPED_DATA
from zzgx_plan.compute import status as compute_status
from zzgx_plan.core import periods, problems
from zzgx_plan.registers import count as register_count
from zzgx_plan.registers import plan as register_plan


def test_every_exported_name_is_the_internal_object() -> None:
    assert zzgx_plan.Period is periods.Period
    assert zzgx_plan.CODES is problems.CODES
    assert zzgx_plan.Problem is problems.Problem
    assert zzgx_plan.progress_as_of is compute_status.progress_as_of
    assert zzgx_plan.load_registers is register_plan.load_for_plan
    assert zzgx_plan.count is register_count.count
    for name in zzgx_plan.__all__:
        assert getattr(zzgx_plan, name) is not None, name


def test_a_notebook_needs_only_the_top_package() -> None:
    from zzgx_plan import Period, count, load_plan, load_registers, progress_as_of

    data = load_plan(SHIPPED_DATA)
    report = progress_as_of(data, 2024, Period.parse("2024-Q3"))
    row = next(r for r in report.rows if r.indicator.id == "high_tech_enterprises")
    assert row.actual == 2200  # data/actuals/2024.csv: high_tech_enterprises,2024-Q3,2200
    loaded = load_registers(str(SHIPPED_DATA), data.plan)
    assert loaded.errors == []
    counted = count(loaded.register, "high_tech_enterprises", Period.parse("2024-Q3"))
    # the synthetic registers are generated to agree with the reported 2200 (plan validate: no mismatch)
    assert counted.total == 2200
    assert sum(n for _park, n in counted.by_park) == 2200


def test_importing_the_package_loads_nothing_heavy() -> None:
    code = (
        "import sys, zzgx_plan; zzgx_plan.Period; "
        "print(sorted(m for m in ('pydantic', 'yaml', 'pyarrow', 'numpy', 'typer') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
