"""Finding English sentences in text users read, and collecting that text from the code.

Users read Chinese: a user-facing string may carry option names (``--force``), codes
(``bad-number``), file names and paths, format names (``table``), placeholders (``{field}``)
and single foreign words (Excel, WPS, Word, git), but never an English sentence.
:func:`english_phrases` finds one; the collectors below gather every user-facing string the
code declares, so that a new command, option, problem code or table header is checked
without anyone listing it (``tests/test_language.py``).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import zzgx_plan

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

#: What a Chinese sentence may carry in Latin letters; removed before looking for English words.
_ALLOWED = re.compile(
    "|".join(
        (
            r"\{[^{}]*\}",  # template fields: {indicator}
            r"https?://\S+",
            r"(?<![\w-])--?[A-Za-z][\w-]*",  # option names: --force, -h
            r"\bplan(?: [a-z]+)?\b",  # a command: plan validate
            r"[\w.$~*-]*[/\\][\w./\\*$~-]*",  # paths: data/actuals/2024.csv, ./data
            r"\*?\.[A-Za-z]{2,4}\b",  # suffixes: .xlsx, *.csv
            r"\b[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+\b",  # identifiers: bad-number, tech_smes, UTF-8
            r"\b[A-Z]{2,}[a-z]?\b",  # abbreviations: USCC, YAML, HEAD
            r"\b[A-Za-z]*\d[A-Za-z\d]*\b",  # forms with digits: 2024Q3, Qn, YYYY-MM
        )
    )
)
_WORD_RUN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?(?:[ ,;:]+[A-Za-z]+(?:['’][a-z]+)?)*")


def english_phrases(text: str) -> list[str]:
    """The English phrases in ``text``: three or more words in a row, or two in a text without Chinese."""
    stripped = _ALLOWED.sub(" ", text)
    needed = 3 if CJK.search(text) else 2
    found = []
    for run in _WORD_RUN.findall(stripped):
        if len(re.findall(r"[A-Za-z]{2,}", run)) >= needed:
            found.append(run)
    return found


# --------------------------------------------------------------------------- the command line


def cli_strings() -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every help text, metavar and choice description of every command."""
    import typer.main

    from zzgx_plan.cli import app

    group = typer.main.get_command(app)
    commands: list[tuple[str, Any]] = [("plan", group)]
    commands += [(f"plan {name}", command) for name, command in group.commands.items()]  # type: ignore[attr-defined]
    for where, command in commands:
        for attr in ("help", "short_help", "epilog"):
            if getattr(command, attr, None):
                yield f"{where} ({attr})", getattr(command, attr)
        for param in command.params:
            name = param.opts[0] if param.opts else param.name
            if getattr(param, "help", None):
                yield f"{where} {name} (help)", param.help
            if param.metavar:
                yield f"{where} {name} (metavar)", param.metavar


def help_pages() -> list[str]:
    """The arguments that show every help page: ``-h`` and each command's ``-h``."""
    import typer.main

    from zzgx_plan.cli import app

    group = typer.main.get_command(app)
    return [""] + sorted(group.commands)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- declared constants

#: Module-level constants whose names end so are text users read (table and CSV headers, titles,
#: labels, help texts, messages). Name a new one so, and it is checked.
USER_TEXT_SUFFIXES = ("_HEADER", "_HEADERS", "_TITLE", "_TITLES", "_LABEL", "_LABELS", "_HELP", "_MESSAGE", "_TEXT")


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, (list, tuple, frozenset, set)):
        for item in value:
            yield from _strings_in(item)


def modules() -> list[str]:
    """Every module of the installed package (imported by :func:`declared_strings`)."""
    found = pkgutil.walk_packages(zzgx_plan.__path__, "zzgx_plan.")
    return ["zzgx_plan"] + [info.name for info in found if info.name != "zzgx_plan.__main__"]


def _column_texts(value: Any) -> Iterator[str]:
    """The headers and value labels of the :class:`~zzgx_plan.render.columns.Column` objects in ``value``."""
    from zzgx_plan.render.columns import Column

    if isinstance(value, Column):
        yield value.header
        yield from (value.labels or {}).values()
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _column_texts(item)


#: Constants that hold Chinese but are not text users read (a CSS font list names fonts).
NOT_USER_TEXT = frozenset({"zzgx_plan.render.html.FONT_STACK"})


def declared_strings() -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every string in a module constant named ``*_HEADERS``, ``*_LABELS``, ``*_HELP`` …,
    every Chinese string of any other module constant, and the headers of every table's columns
    (:class:`~zzgx_plan.render.columns.Column`)."""
    for name in modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if not attr.isupper() or f"{name}.{attr}" in NOT_USER_TEXT:
                continue
            if attr.endswith(USER_TEXT_SUFFIXES):
                for text in _strings_in(value):
                    yield f"{name}.{attr}", text
            else:  # any other constant holding Chinese is text for users too (NO_CHANGE, EXAMPLE_NOTE …)
                for text in _strings_in(value):
                    if CJK.search(text):
                        yield f"{name}.{attr}", text
            for text in _column_texts(value):  # plain keys of a *_COLUMNS list (pandas frames) are not text
                yield f"{name}.{attr}", text


# --------------------------------------------------------------------------- messages written in place

#: Calls whose string arguments users read: refusals, printed lines, usage errors, tables and documents.
#: :func:`messages_in` adds the package's own exception classes (a new ``class XError(ValueError)`` is checked).
MESSAGE_CALLS = frozenset(
    {"fail", "echo", "BadParameter", "print", "refuse", "_too_large", "problem", "Exit"}
    # what tables, workbooks and documents are built of: titles, headers, cells, paragraphs, notes
    | {"Table", "add_column", "BoxColumn", "BoxCell", "print_folded", "write_lines", "Sheet", "Column", "XCell"}
    | {"Chart", "Cell", "Heading", "Paragraph", "Note", "BulletList", "Figure", "Document"}
)
#: Files whose validators' ``ValueError`` messages reach users (pydantic passes them on, load/pydantic_errors.py).
USER_VALUE_ERRORS = frozenset({"core/models.py"})
SOURCE = Path(zzgx_plan.__file__).resolve().parent


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _literal_text(node: ast.AST) -> str | None:
    """A string literal or f-string as its template (``{}`` for each interpolation)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) and isinstance(part.value, str) else "{}"
            for part in node.values
        )
    return None


def _base_name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def exception_classes(trees: Iterable[ast.AST]) -> set[str]:
    """The exception classes a package defines: a class whose base is an exception, transitively."""
    bases = {
        node.name: {_base_name(b) for b in node.bases}
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in found and any(p.endswith(("Error", "Exception")) or p in found for p in parents):
                found.add(name)
                changed = True
    return found


def messages_in(sources: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """``(file:line, text)`` for every literal passed to a message call in ``sources`` (relative path → code)."""
    trees = {name: ast.parse(code) for name, code in sources.items()}
    calls = MESSAGE_CALLS | exception_classes(trees.values())
    for name, tree in trees.items():
        wanted = calls | ({"ValueError"} if name.endswith(tuple(USER_VALUE_ERRORS)) else set())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in wanted:
                for arg in [*node.args, *(kw.value for kw in node.keywords)]:
                    for part in ast.walk(arg):
                        text = _literal_text(part)
                        if text is not None:
                            yield f"{name}:{node.lineno}", text


def message_strings() -> Iterator[tuple[str, str]]:
    """``(file:line, text)`` for every literal passed to a message call (:data:`MESSAGE_CALLS`, the package's
    exception classes) in the package."""
    sources = {
        path.relative_to(SOURCE.parent).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SOURCE.rglob("*.py"))
    }
    return messages_in(sources)


def chinese_literals_in(sources: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """``(file:line, text)`` for every string literal holding Chinese in ``sources``, docstrings aside.

    Code, comments and docstrings are English; a literal with Chinese in it is text someone reads, wherever
    it is written (a return value, a variable, a default), so it may carry no English sentence either."""
    for name, code in sources.items():
        tree = ast.parse(code)
        skipped: set[int] = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
                first = body[0]
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    skipped.add(id(first.value))  # a docstring
            if isinstance(node, ast.JoinedStr):
                skipped.update(id(part) for part in node.values)  # the f-string is taken whole
        for node in ast.walk(tree):
            text = None if id(node) in skipped else _literal_text(node)
            if text is not None and CJK.search(text):
                yield f"{name}:{getattr(node, 'lineno', 0)}", text


def chinese_literals() -> Iterator[tuple[str, str]]:
    """:func:`chinese_literals_in` over the package, but for the values of :data:`NOT_USER_TEXT`."""
    sources = {
        path.relative_to(SOURCE.parent).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SOURCE.rglob("*.py"))
    }
    excluded = set()
    for dotted in NOT_USER_TEXT:
        module, attr = dotted.rsplit(".", 1)
        excluded.add(getattr(importlib.import_module(module), attr))
    return ((where, text) for where, text in chinese_literals_in(sources) if text not in excluded)
