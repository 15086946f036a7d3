"""Running ``plan`` the way a hostile data directory meets it: in a child process (so a hang is a failure
after a generous guard, never a stuck test run) and, when the tests run as root, as an unprivileged user
(root ignores ``chmod``, so permission tests drop privileges with ``setpriv``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"

#: A hang turns into a failure after this many seconds (a guard, not a timing assertion).
GUARD_SECONDS = 60

NOBODY = 65534


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """stdout then stderr (``plan validate`` lists problems on stdout, other commands on stderr)."""
        return self.stdout + self.stderr


def unprivileged_prefix() -> list[str]:
    """The command prefix that runs a child as an unprivileged user (empty when we are not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:  # pragma: no cover - util-linux is everywhere the tests run
        raise RuntimeError("setpriv (util-linux) is needed to drop privileges in permission tests")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def run_plan(*args: str | Path, cwd: Path, unprivileged: bool = False, env: dict[str, str] | None = None) -> Run:
    """Run ``python -m zzgx_plan ARGS`` in ``cwd``; fail the test if it does not end within the guard."""
    full_env = {**os.environ, "PYTHONPATH": str(SRC), "PLAN_CACHE": "off", "COLUMNS": "100", **(env or {})}
    full_env.pop("PLAN_DATA", None)
    command = [*(unprivileged_prefix() if unprivileged else []), sys.executable, "-m", "zzgx_plan"]
    proc = subprocess.run(
        [*command, *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        timeout=GUARD_SECONDS,
        stdin=subprocess.DEVNULL,
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


@contextmanager
def shared_copy(source: Path) -> Iterator[Path]:
    """A copy of ``source`` (a data directory) in a folder every user can enter; yields the folder holding
    ``data/``. Permissions are restored before removal so that cleanup works whatever a test chmod-ed."""
    top = Path(tempfile.mkdtemp(prefix="plan-hostile-"))
    try:
        os.chmod(top, 0o777)
        shutil.copytree(source, top / "data")
        for path in [top / "data", *(top / "data").rglob("*")]:
            if not path.is_symlink():
                os.chmod(path, 0o777 if path.is_dir() else 0o666)
        yield top
    finally:
        for path in [top, *top.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o777)
        shutil.rmtree(top, ignore_errors=True)


def workbook_parts(rows: list[list[object]]) -> dict[str, bytes]:
    """The parts of an .xlsx holding ``rows`` (to be tampered with before :func:`save_parts`)."""
    import io
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {name: z.read(name) for name in z.namelist()}


def save_parts(path: Path, parts: dict[str, bytes]) -> Path:
    """Write ``parts`` as an .xlsx (zip) at ``path``."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path
