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
from collections.abc import Callable, Iterator, Sequence
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
        text = result.output.rstrip("\n")
        return f"$ plan {line}\n{text}\n" if show else text + "\n"

    def shell(self, line: str) -> str:
        """Run a shell command (git, cat, ...) in the workspace; return its text like :meth:`plan`."""
        env = {k: v for k, v in {**os.environ, **ENV, **GIT_ENV}.items() if v is not None}
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


def example(*lines: str, setup: Callable[[Workspace], None] | None = None) -> None:
    """Run each ``plan`` command line in one fresh workspace and write them as one console block."""
    with workspace() as ws:
        if setup is not None:
            setup(ws)
        console("".join(ws.plan(line) for line in lines))


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
