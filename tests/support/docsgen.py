"""What the cog blocks in ``docs/*.md`` and ``README.md`` call to fill in generated text.

The user guide shows real help texts and real output of the shipped data. Each page holds
``<!-- [[[cog ... ]]] -->`` blocks that call the functions below; ``python scripts/docs.py``
regenerates them and ``tests/test_docs.py`` fails when a page no longer matches the code.

Everything is rendered in a fixed environment so that the text does not depend on the machine:
help at 80 columns, command output at 100 columns, no colour, a fixed data date
(``SOURCE_DATE_EPOCH``) and commands run in-process on a private copy of the repository's ``data/``.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
HELP_WIDTH = 80
OUTPUT_WIDTH = 100
#: The data date the examples state (2026-01-15, after the example data's last quarter).
SOURCE_DATE_EPOCH = "1768435200"

#: Environment every example runs in: no colour, fixed widths, no user cache, no user data directory.
ENV: dict[str, str | None] = {
    "COLUMNS": str(OUTPUT_WIDTH),
    "LINES": "50",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TERM": "dumb",
    "TERMINAL_WIDTH": None,
    "PLAN_DATA": None,
    "PLAN_CACHE": "off",
    "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
}


def _cog():  # the cog module exists only while cog runs a block
    import cog  # type: ignore[import-not-found]

    return cog


def app() -> typer.Typer:
    """The Typer application with every command registered (what :class:`CliRunner` runs)."""
    from zzgx_plan.cli import app

    return app


def command() -> Any:
    """The ``plan`` command (a click group; typer vendors click) with every subcommand registered."""
    from zzgx_plan.cli import app

    return typer.main.get_command(app)


def command_paths(group: Any = None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path in the order ``plan --help`` lists them: ``()`` for ``plan`` itself, then
    ``("status",)``, ... (subgroups recursively)."""
    group = group or command()
    paths: list[tuple[str, ...]] = [prefix]
    ctx = group.context_class(group, info_name="plan")
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        if sub is None or getattr(sub, "hidden", False):
            continue
        if hasattr(sub, "list_commands"):
            paths.extend(command_paths(sub, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


def help_text(*path: str) -> str:
    """The full ``--help`` of ``plan PATH...`` as a terminal of 80 columns shows it."""
    env = {**ENV, "COLUMNS": str(HELP_WIDTH)}
    result = CliRunner().invoke(
        app(), [*path, "--help"], prog_name="plan", env=env, terminal_width=HELP_WIDTH, color=False
    )
    if result.exit_code != 0:
        raise RuntimeError(f"plan {' '.join(path)} --help exited {result.exit_code}: {result.output}")
    return result.output.rstrip() + "\n"


def command_reference() -> None:
    """Write the command reference (one section per command, its help in a code block) into a cog block."""
    cog = _cog()
    for path in command_paths():
        name = " ".join(("plan", *path))
        cog.outl(f"## {name}\n")
        cog.outl("```text")
        cog.out(help_text(*path))
        cog.outl("```\n")


# ---- examples run on a private copy of the data ----------------------------------------------------------


class Workspace:
    """A temporary directory holding a copy of the repository's ``data/``: the examples' current directory.

    Commands run in it exactly as a user runs them at the repository's root (``./data`` is the default
    data directory), so paths in their output are the paths a user sees.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def plan(self, line: str, show: bool = True, stdin: str | None = None) -> str:
        """Run ``plan ARGS`` (``line`` is what a user types after ``plan``); return the console text
        ``$ plan ARGS`` followed by what the terminal shows (stdout and stderr as they interleave)."""
        args = shlex.split(line)
        with _cwd(self.root):
            result = CliRunner().invoke(app(), args, prog_name="plan", env=ENV, input=stdin, color=False)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise RuntimeError(f"plan {line} raised {result.exception!r}\n{result.output}")
        self.exit_code = result.exit_code
        text = "\n".join(line.rstrip() for line in result.output.rstrip("\n").splitlines())
        return f"$ plan {line}\n{text}\n" if show else text + "\n"

    def shell(self, line: str, env: dict[str, str] | None = None) -> str:
        """Run a shell command (git, ...) in the workspace, with ``env`` added to the examples' environment;
        return its text like :meth:`plan`."""
        env = {k: v for k, v in {**os.environ, **ENV, **GIT_ENV, **(env or {})}.items() if v is not None}
        result = subprocess.run(line, shell=True, cwd=self.root, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{line} exited {result.returncode}: {result.stdout}{result.stderr}")
        return f"$ {line}\n{result.stdout}{result.stderr}"

    def path(self, relative: str) -> Path:
        return self.root / relative


#: Fixed author and dates so that commit ids in examples are the same on every run.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "张三",
    "GIT_AUTHOR_EMAIL": "zhangsan@example.org",
    "GIT_COMMITTER_NAME": "张三",
    "GIT_COMMITTER_EMAIL": "zhangsan@example.org",
    "GIT_AUTHOR_DATE": "2024-01-05T10:00:00+08:00",
    "GIT_COMMITTER_DATE": "2024-01-05T10:00:00+08:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@contextlib.contextmanager
def workspace(data: Path | None = None) -> Iterator[Workspace]:
    """A fresh :class:`Workspace` with a copy of ``data`` (default: the repository's ``data/``)."""
    with tempfile.TemporaryDirectory(prefix="plan-docs-") as tmp:
        root = Path(tmp)
        shutil.copytree(data or REPO / "data", root / "data")
        yield Workspace(root)


def console(text: str, lang: str = "console") -> None:
    """Write ``text`` as a fenced code block into the cog block."""
    cog = _cog()
    cog.outl(f"```{lang}")
    cog.out(text if text.endswith("\n") else text + "\n")
    cog.outl("```")


def excerpt(text: str, keep: Sequence[int | tuple[int, int]]) -> str:
    """Lines of ``text`` picked by index or ``(start, stop)`` ranges, with ``…`` where lines were left out."""
    lines = text.splitlines()
    out: list[str] = []
    last = -1
    for item in keep:
        start, stop = (item, item + 1) if isinstance(item, int) else item
        start, stop = start % len(lines) if start < 0 else start, stop if stop >= 0 else len(lines) + stop + 1
        if start > last + 1 and out:
            out.append("…")
        out.extend(lines[start:stop])
        last = stop - 1
    return "\n".join(out) + "\n"


# ---- the quarterly walk-through (docs/quarterly-workflow.md) ---------------------------------------------

WALK_UNIT = "市场监管局"
WALK_PERIOD = "2025-Q4"


class Walkthrough:
    """One quarter's round on the shipped data: before it, :data:`WALK_UNIT` has not yet reported
    :data:`WALK_PERIOD`. Its figures and progress entries are taken out of the copy (and kept), the
    page's steps then put them back through a filled template, so the round ends at the shipped data."""

    def __init__(self) -> None:
        import yaml

        self._ctx = workspace()
        self.ws = self._ctx.__enter__()
        actuals = self.ws.path("data/actuals/2025.csv")
        lines = actuals.read_text(encoding="utf-8").splitlines(keepends=True)
        self.rows = [line.rstrip("\n").split(",") for line in lines[1:] if self._withheld(line.split(","))]
        actuals.write_text("".join(line for line in lines if not self._withheld(line.split(","))), encoding="utf-8")
        progress = self.ws.path(f"data/progress/{WALK_PERIOD}.yaml")
        doc = yaml.safe_load(progress.read_text(encoding="utf-8"))
        self.entries = [e for e in doc["entries"] if e["reported_by"] == WALK_UNIT]
        doc["entries"] = [e for e in doc["entries"] if e["reported_by"] != WALK_UNIT]
        progress.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")

    @staticmethod
    def _withheld(fields: list[str]) -> bool:
        return len(fields) > 4 and fields[1] == WALK_PERIOD and fields[4] == WALK_UNIT

    def close(self) -> None:
        self._ctx.__exit__(None, None, None)

    def fill(self, workbook: str) -> None:
        """Fill the template as the unit would: the withheld figures and progress entries."""
        import openpyxl

        path = self.ws.path(workbook)
        wb = openpyxl.load_workbook(path)
        values = {row[0]: row for row in self.rows}
        entries = {e["measure"]: e for e in self.entries}
        for sheet, key, fills in (
            (wb["指标"], "指标编号", lambda r: {"数值": values[r][2], "备注": values[r][5]} if r in values else {}),
            (wb["措施进展"], "措施编号", lambda m: self._entry_cells(entries.get(m))),
        ):
            header_row, columns = _header(sheet, key)
            for row in range(header_row + 1, sheet.max_row + 1):
                for name, value in fills(sheet.cell(row, columns[key]).value).items():
                    sheet.cell(row, columns[name]).value = value
        wb.save(path)

    @staticmethod
    def _entry_cells(entry: dict[str, Any] | None) -> dict[str, Any]:
        if entry is None:
            return {}
        return {"进展状态": entry["status"], "进展情况": entry["text"], "下一步计划": entry.get("next_steps")}


def _header(sheet: Any, key: str) -> tuple[int, dict[str, int]]:
    for row in range(1, 10):
        names = {sheet.cell(row, c).value: c for c in range(1, sheet.max_column + 1)}
        if key in names:
            return row, {str(k): v for k, v in names.items() if k}
    raise RuntimeError(f"no header with {key} in sheet {sheet.title}")


def sheet_table(path: Path, sheet: str, columns: Sequence[str] | None = None, rows: int | None = None) -> None:
    """Write a sheet of a workbook (header row and the rows below it) as a Markdown table."""
    import openpyxl

    ws = openpyxl.load_workbook(path)[sheet]
    key = ws.cell(1, 1).value
    for row in range(1, 10):
        if ws.cell(row, 1).value in ("指标编号", "措施编号"):
            key = ws.cell(row, 1).value
            break
    header_row, names = _header(ws, str(key))
    wanted = list(columns or names)
    cog = _cog()
    cog.outl("| " + " | ".join(wanted) + " |")
    cog.outl("|" + "---|" * len(wanted))
    last = ws.max_row if rows is None else min(ws.max_row, header_row + rows)
    for row in range(header_row + 1, last + 1):
        cells = ["" if ws.cell(row, names[n]).value is None else str(ws.cell(row, names[n]).value) for n in wanted]
        cog.outl("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    if last < ws.max_row:
        cog.outl("| " + " | ".join("…" for _ in wanted) + " |")


def yaml_item(relative: str, start: str) -> None:
    """Write one list item of a YAML file under ``data/`` (from the line ``start`` to the next item or
    blank line) as a code block, so that the guide quotes the shipped file as it is."""
    lines = (REPO / "data" / relative).read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip() == start.strip())
    indent = len(lines[first]) - len(lines[first].lstrip())
    end = first + 1
    while (
        end < len(lines)
        and lines[end].strip()
        and not (len(lines[end]) - len(lines[end].lstrip()) <= indent and not lines[end].lstrip().startswith("#"))
    ):
        end += 1
    console("\n".join(line[indent:] for line in lines[first:end]) + "\n", lang="yaml")
