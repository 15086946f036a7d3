"""File names built from data (a unit's name in a template's file name) that stay where they are put.

A unit name is data: it may hold ``../``, a slash, a drive letter, control characters or a Windows
reserved name. :func:`safe_file_name` turns any text into one harmless name component, readable in
Chinese (``2024-Q4-市场监管局.xlsx`` stays as it is), so ``plan template --unit all -o DIR`` writes
inside ``DIR`` and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata

# Path separators, characters Windows forbids in names, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
#: Most file systems allow 255 bytes per name; leave room for a suffix and a temporary file's prefix.
MAX_NAME_BYTES = 180


def safe_file_name(text: str, replacement: str = "_") -> str:
    """One file name component made from ``text``: separators and forbidden characters replaced, no leading
    dot (``..``, hidden files), no trailing dot or space (Windows), not a reserved device name, at most
    :data:`MAX_NAME_BYTES` bytes of UTF-8. Never empty."""
    name = unicodedata.normalize("NFC", text)
    name = "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp") else replacement for ch in name)
    name = _UNSAFE.sub(replacement, name)
    name = name.strip().rstrip(". ")
    name = name.lstrip(".") or replacement
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = replacement + name
    name = _SURROGATES.sub(replacement, name)  # undecodable bytes carried in a str
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, suffix = name.rpartition(".")
        keep = f".{suffix}" if dot and stem and len(suffix) <= 8 else ""
        stem = name[: len(name) - len(keep)]
        budget = MAX_NAME_BYTES - len(keep.encode("utf-8"))
        name = stem.encode("utf-8")[:budget].decode("utf-8", "ignore") + keep
    return name


_SURROGATES = re.compile(r"[\ud800-\udfff]")
