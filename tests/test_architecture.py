"""The layout's rules, checked on the source (docs/architecture.md draws them).

Imports are read from the syntax tree, including those inside functions (lazy imports count the same).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "zzgx_plan"
DOC = PACKAGE.parent.parent / "docs" / "architecture.md"

#: What each package may import from zzgx_plan (besides itself). Lower layers never import higher ones;
#: features use the layers below, registers (counts) and review's git access.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "files": {"core"},
    "load": {"core", "files"},
    "compute": {"core"},
    "render": {"core", "compute"},
    "registers": {"core", "files", "load", "compute", "render"},
    "submissions": {"core", "files", "load", "compute", "render"},
    "review": {"core", "files", "load", "compute", "render", "registers"},
    "report": {"core", "files", "load", "compute", "render", "registers", "review"},
    "newplan": {"core", "files"},
    "cli": {"core", "files", "load", "compute", "render", "registers", "submissions", "review", "report", "newplan"},
}
#: cli modules every command module may import; the rest are command modules.
CLI_SHARED = {"__init__", "base", "chinese", "commands", "console"}


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in ``path``, relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _package(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def test_no_loose_modules() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(ALLOWED)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_go_one_way(package: str) -> None:
    wrong = []
    for path in (PACKAGE / package).rglob("*.py"):
        for line, module in _imports(path):
            parts = module.split(".")
            inside = parts[0] == "zzgx_plan" and len(parts) > 1 and parts[1] in ALLOWED
            if inside and parts[1] != package and parts[1] not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: imports {module}")
    assert wrong == []


def test_no_command_module_imports_another() -> None:
    wrong = []
    for path in (PACKAGE / "cli").glob("*.py"):
        if path.stem in CLI_SHARED:
            continue
        for line, module in _imports(path):
            parts = module.split(".")
            other = parts[2] if parts[:2] == ["zzgx_plan", "cli"] and len(parts) > 2 else None
            if other is not None and other not in CLI_SHARED and other != path.stem:
                wrong.append(f"cli/{path.name}:{line}: imports {module}")
    assert wrong == []


@pytest.mark.parametrize(
    ("library", "owner"),
    [
        ("subprocess", "review"),
        ("pyarrow", "registers"),
        ("numpy", "registers"),
        ("python_calamine", "submissions"),
        ("olefile", "submissions"),
    ],
)
def test_one_package_owns_each_dangerous_or_heavy_library(library: str, owner: str) -> None:
    users = sorted(
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in _modules()
        for line, module in _imports(path)
        if module.split(".")[0] == library and _package(path) != owner
    )
    assert users == []


def test_every_package_says_what_it_owns() -> None:
    for package in ALLOWED:
        doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8")))
        assert doc, package
        assert len(doc.split("\n\n")[0].splitlines()) <= 2, package  # a two-line summary first


def test_the_architecture_page_names_every_package_and_module() -> None:
    text = DOC.read_text(encoding="utf-8")
    for path in _modules():
        rel = path.relative_to(PACKAGE)
        if len(rel.parts) == 1:
            continue  # __init__ / __main__ of the top package
        if rel.name == "__init__.py":
            assert f"{rel.parent}/" in text, rel.parent
        else:
            assert rel.stem in text, rel  # each module is named in the tree
