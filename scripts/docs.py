"""Regenerate the generated parts of the user guide: help texts and example outputs in docs/*.md.

    python scripts/docs.py           # rewrite the pages in place
    python scripts/docs.py --check   # exit 1 if a page is stale (what tests/test_docs.py checks)

The pages hold cog blocks (``<!-- [[[cog ... ]]] -->`` ... ``<!-- [[[end]]] -->``) that call
``tests/support/docsgen.py``; cogapp runs them. Run it after changing a help text, a message or
the shipped data, and commit the regenerated pages with the change.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FAIL_MESSAGE = "the page is stale: run `python scripts/docs.py` and commit the result"


def generated_pages() -> list[Path]:
    """README.md and every docs/*.md page holding a cog block."""
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    return [p for p in pages if "[[[cog" in p.read_text(encoding="utf-8")]


def run(check: bool) -> int:
    for path in (str(REPO), str(REPO / "src")):
        if path not in sys.path:
            sys.path.insert(0, path)
    from cogapp import Cog

    pages = [str(p) for p in generated_pages()]
    options = ["--check", "--check-fail-msg", FAIL_MESSAGE] if check else ["-r"]
    return Cog().main(["cog", "-U", "-n", "utf-8", *options, *pages])


if __name__ == "__main__":
    sys.exit(run(check="--check" in sys.argv[1:]))
