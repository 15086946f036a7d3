"""The table of command modules that lets ``plan`` import only the command it runs."""

from __future__ import annotations

import subprocess
import sys

from zzgx_plan.cli import app
from zzgx_plan.cli.commands import COMMAND_MODULES, command_in


def test_every_registered_command_is_in_the_table() -> None:
    names = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
    assert names == set(COMMAND_MODULES)
    for command in app.registered_commands:
        module = command.callback.__module__
        assert module == f"zzgx_plan.cli.{COMMAND_MODULES[command.name or command.callback.__name__]}"


def test_help_lists_the_main_commands_first() -> None:
    from zzgx_plan.cli.commands import MODULE_ORDER

    assert set(MODULE_ORDER) == set(COMMAND_MODULES.values())
    listing = run_plan("--help").stdout
    positions = [listing.index(f"  {name} ") for name in ("status", "report", "validate", "measures", "units")]
    assert positions == sorted(positions)


def test_command_in_argv() -> None:
    assert command_in(["--debug", "status", "2024"]) == "status"
    assert command_in(["--help"]) is None
    assert command_in([]) is None


def run_plan(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from zzgx_plan.cli import main; sys.argv = ['plan', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)


def test_entry_point_runs_one_command_and_lists_all_for_help() -> None:
    status = run_plan("status", "2024", "--format", "json", "--data", "data")
    assert status.returncode == 0, status.stderr
    assert '"year": 2024' in status.stdout
    listing = run_plan("--help")
    assert listing.returncode == 0
    for name in COMMAND_MODULES:
        assert name in listing.stdout
    unknown = run_plan("stauts")
    assert unknown.returncode == 2
    assert "没有“stauts”这个命令" in unknown.stderr
