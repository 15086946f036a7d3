"""The user guide stays true: generated pages match the code, links resolve, the README keeps its promises."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.support import docsgen

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


def _docs_script():
    spec = importlib.util.spec_from_file_location("docs_script", REPO / "scripts" / "docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    script = _docs_script()
    pages = {p.name for p in script.generated_pages()}
    assert "commands.md" in pages
    status = script.run(check=True)
    out = capsys.readouterr().out
    assert status == 0, f"docs/ is stale; run `python scripts/docs.py` and commit the result:\n{out}"


def test_command_reference_holds_every_command() -> None:
    page = (DOCS / "commands.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (plan.*)$", page, flags=re.MULTILINE)
    expected = [" ".join(("plan", *path)) for path in docsgen.command_paths()]
    assert headings == expected
    assert {"plan status", "plan report", "plan import", "plan missing", "plan template"} <= set(headings)
    for path in docsgen.command_paths():
        assert docsgen.help_text(*path) in page


def test_help_rendering_ignores_the_callers_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    reference = docsgen.help_text("status")
    for name, value in {"COLUMNS": "37", "FORCE_COLOR": "1", "TERM": "xterm-256color", "TERMINAL_WIDTH": "33"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NO_COLOR", raising=False)
    again = docsgen.help_text("status")
    assert again == reference
    assert "\x1b[" not in again  # no colour codes
    assert max(len(line) for line in again.splitlines()) <= docsgen.HELP_WIDTH


def _pages() -> list[Path]:
    return [REPO / "README.md", *sorted(DOCS.glob("*.md"))]


FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<img[^>]*\ssrc=\"([^\"]+)\"")


def relative_links(text: str) -> list[str]:
    """Targets of Markdown links and images outside code blocks and code spans, except URLs and anchors."""
    text = FENCE.sub("", text)
    text = re.sub(r"`[^`\n]*`", "", text)
    targets = [a or b for a, b in LINK.findall(text)]
    return [t for t in targets if not re.match(r"^(?:[a-z][a-z0-9+.-]*:|#)", t)]


def test_relative_links_helper() -> None:
    text = "见[快速上手](quickstart.md#安装)、![图](img/a.png)、[外部](https://example.org)、[本页](#x)\n" \
           "`[不是链接](no.md)`\n```\n[也不是](no2.md)\n```\n<img src=\"b.png\">"  # fmt: skip
    assert relative_links(text) == ["quickstart.md#安装", "img/a.png", "b.png"]


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_every_relative_link_resolves(page: Path) -> None:
    broken = []
    for target in relative_links(page.read_text(encoding="utf-8")):
        path = target.split("#", 1)[0]
        if path and not (page.parent / path).exists():
            broken.append(target)
    assert broken == [], f"{page.relative_to(REPO)}: links to missing files {broken}"


def test_docs_index_links_every_page() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = {t.split("#", 1)[0] for t in relative_links(index)}
    missing = [p.name for p in sorted(DOCS.glob("*.md")) if p.name != "README.md" and p.name not in linked]
    assert missing == [], f"docs/README.md does not link {missing}"


def _code_blocks(text: str) -> list[str]:
    return [m.group(0).split("\n", 1)[1].rsplit("\n", 1)[0] for m in FENCE.finditer(text)]


def test_readme_is_short_and_states_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    blocks = [b.strip() for b in _code_blocks(readme)]
    install, test = "pip install . && plan status 2024", "pip install -e '.[dev]' && pytest"
    assert install in blocks and test in blocks  # each alone in its own code block
    venv = next(b for b in blocks if "python -m venv" in b or "python3 -m venv" in b)
    assert "activate" in venv and r"Scripts\activate" in venv  # POSIX and Windows activation
    assert blocks.index(venv) < blocks.index(install) < blocks.index(test)
    # CI runs the README's test command verbatim.
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci


#: Pages for developers (code-level notes), not for the office's users: their language is not checked.
DEVELOPER_PAGES = {"architecture.md", "development.md"}


def test_guide_pages_are_chinese() -> None:
    """Every page of the guide is written in Chinese (code and command output aside)."""
    for page in _pages():
        if page.parent == DOCS and page.name in DEVELOPER_PAGES:
            continue
        prose = FENCE.sub("", page.read_text(encoding="utf-8"))
        prose = re.sub(r"`[^`\n]*`|<!--.*?-->|\([^)]*\)", "", prose, flags=re.DOTALL)
        prose = re.sub(r"^#+ [\x00-\x7f]*$", "", prose, flags=re.MULTILINE)  # headings naming a command
        han = len(re.findall(r"[\u4e00-\u9fff]", prose))
        latin = len(re.findall(r"[A-Za-z]", prose))
        assert han > latin, f"{page.relative_to(REPO)}: {han} Chinese characters, {latin} Latin letters"
