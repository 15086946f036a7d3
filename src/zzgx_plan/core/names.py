"""Matching names typed by hand: indicators and units, the same way in every command and file.

An indicator is found by its id, its exact name, or its name typed with ASCII brackets or quotes,
full-width letters, spaces or another case (``瞪羚(潜在)企业总量`` is ``瞪羚（潜在）企业总量``); a unit by
its name, an alias or its short name (``枫杨`` is ``枫杨园区运营中心`` where the data gives that short
name), matched the same tolerant way. A miss gets one "did you mean" suggestion.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})
_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Text as people meant it: NFKC (full-width digits, letters, brackets,
    commas and ``％`` become ASCII), curly quotes become straight ones, runs of
    whitespace (including the ideographic space) become one space, ends trimmed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def match_key(text: str) -> str:
    """A key for comparing names typed by hand: :func:`normalise_text` without any
    whitespace or quote marks, case-folded. ``瞪羚（潜在）企业总量`` and
    ``瞪羚(潜在)企业总量`` get the same key, as do ``省级以上“专精特新”企业总量``
    and ``省级以上"专精特新"企业总量`` and ``省级以上专精特新企业总量``."""
    return re.sub(r"[\s\"'`]", "", normalise_text(text)).casefold()


def find_by_name(text: str, candidates: Iterable[tuple[T, Iterable[str]]]) -> T | None:
    """The item one of whose names is ``text``: exactly first, then by :func:`match_key`."""
    items = [(item, tuple(names)) for item, names in candidates]
    wanted = text.strip()
    for item, names in items:
        if wanted in names:
            return item
    key = match_key(wanted)
    if not key:
        return None
    for item, names in items:
        if any(match_key(n) == key for n in names):
            return item
    return None


def suggestion(text: str, names: Iterable[str]) -> str:
    """The known name closest to ``text`` (compared by :func:`match_key`), or an empty string."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(match_key(name), name)
    close = difflib.get_close_matches(match_key(text), list(by_key), n=1, cutoff=0.6)
    return by_key[close[0]] if close else ""
