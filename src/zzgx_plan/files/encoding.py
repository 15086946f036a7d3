"""Decoding text files the way Excel users actually save them.

Units send CSV saved by Excel: UTF-8 with or without a BOM, or GB18030 (the
superset of GBK/GB2312 that Chinese Windows uses). We try those in that order,
strictly, and only then ask charset-normalizer; a file nothing decodes sensibly
is reported as ``encoding-unknown`` rather than read as mojibake.
"""

from __future__ import annotations

from dataclasses import dataclass


class UndetectableEncoding(ValueError):
    """No encoding decodes the bytes into plausible text."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8-sig", "utf-8", "gb18030" or what detection found


def decode_bytes(data: bytes) -> DecodedText:
    """Decode bytes from a CSV/YAML file; normalise CRLF/CR line ends to LF.

    Raises :class:`UndetectableEncoding` when the bytes are not text in any
    encoding we can identify (e.g. a binary file or a broken mix).
    """
    text: str | None = None
    encoding = ""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            text = None
    if text is None:
        for candidate in ("utf-8", "gb18030"):
            try:
                text, encoding = data.decode(candidate), candidate
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        from charset_normalizer import from_bytes  # only needed for unusual files

        best = from_bytes(data).best()
        if best is None or best.encoding is None:
            raise UndetectableEncoding("无法识别文字编码")
        text, encoding = str(best), best.encoding
    if "\x00" in text or _too_many_controls(text):
        raise UndetectableEncoding("内容不是文字")
    return DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), encoding)


_CONTROL_BYTES = bytes(b for b in range(32) if chr(b) not in "\t\n\r\f")


def _too_many_controls(text: str) -> bool:
    """True when a decoded text is mostly control characters: binary data decoded 'successfully'."""
    if not text:
        return False
    # Counted on the UTF-8 bytes (a control character is one byte there) with bytes.translate:
    # C speed, so a 100 MB register file is checked in milliseconds rather than seconds.
    data = text.encode("utf-8", "surrogatepass")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > max(2, len(text) // 100)
