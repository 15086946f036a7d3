"""CSV written for people starts with a UTF-8 BOM (Excel reads UTF-8 without one as GBK)."""

from __future__ import annotations

BOM = "\ufeff"


def without_bom(out: str) -> str:
    """The CSV text after its BOM; fails when the BOM is missing."""
    assert out.startswith(BOM), f"CSV output does not start with a BOM: {out[:20]!r}"
    return out[len(BOM) :]
