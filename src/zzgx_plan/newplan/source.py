"""Reading a plan document (.txt or .docx) into paragraphs and tables, in document order.

The document is hostile input: a .docx is a zip archive, so its size, its number of entries and
their unpacked size are capped before python-docx sees it (a zip bomb is refused, not unpacked).
The checks are the shared ones of :mod:`zzgx_plan.files.reading` and :mod:`zzgx_plan.files.zipsafe`,
plus a compression-ratio check. A .txt is decoded like every other text file (UTF-8 or GB18030).
Tables come from Word tables; in plain text, rows of cells separated by tabs or runs of spaces are
recognised later by the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zzgx_plan.files.encoding import UndetectableEncoding, decode_bytes

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # a 方案 with annexes is well under 1 MB; pictures make it bigger
MAX_RATIO = 200  # unpacked / packed size of one entry: ordinary Word XML compresses about 5–20 times


class DocumentError(ValueError):
    """The document cannot be read; the message (Chinese) says why and what to do."""


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """The document's blocks in order: a paragraph is a ``str``, a Word table a :class:`Table`."""

    name: str
    blocks: tuple[str | Table, ...] = field(default_factory=tuple)

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]


def read_document(path: Path) -> SourceDocument:
    """Read a .txt or .docx plan document; raise :class:`DocumentError` with a Chinese reason.

    The bytes are read by :func:`zzgx_plan.files.reading.read_file` (a regular file, within the cap for a
    document) and a .docx's table of contents is checked by :mod:`zzgx_plan.files.zipsafe` first."""
    from zzgx_plan.files.reading import ReadRefused, os_reason, read_file

    suffix = path.suffix.lower()
    if suffix not in {".txt", ".docx"}:
        raise DocumentError(f"{path.name}：只能读取 .docx 或 .txt 文件；.doc / .wps 请先另存为 .docx")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"{path}：无法读取（{os_reason(exc)}）") from None
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"{path.name}：文件过大（{size / 1048576:.1f} MB，上限 {MAX_DOCUMENT_BYTES / 1048576:.1f} MB）；"
            "请删去图片等附件后另存再试"
        )
    try:
        data = read_file(path, "document")
    except ReadRefused as exc:
        raise DocumentError(f"{path.name}：{exc.problem(path).message}") from None
    if suffix == ".txt":
        return _read_text(path.name, data)
    return _read_docx(path.name, data)


def _read_text(name: str, data: bytes) -> SourceDocument:
    try:
        text = decode_bytes(data).text
    except UndetectableEncoding:
        raise DocumentError(f"{name}：不是可识别的文本文件（已尝试 UTF-8 和 GB18030）") from None
    return SourceDocument(name, tuple(line.rstrip() for line in text.split("\n")))


def check_zip(name: str, data: bytes) -> None:
    """Refuse a .docx that is not a zip, has too many parts or unpacks too big (the shared caps of
    :mod:`zzgx_plan.files.zipsafe`), or one whose parts compress implausibly well (a zip bomb)."""
    from zzgx_plan.files.reading import ReadRefused
    from zzgx_plan.files.zipsafe import open_zip

    try:
        archive = open_zip(data, "document")
    except ReadRefused as exc:
        message = exc.problem(name).message
        if exc.code == "file-unreadable":
            raise DocumentError(f"{name}：不是有效的 .docx 文件（{message}）") from None
        raise DocumentError(f"{name}：{message}，拒绝读取") from None
    with archive:
        for entry in archive.infolist():
            if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO and entry.file_size > 1 << 20:
                raise DocumentError(f"{name}：{entry.filename} 的压缩比异常（疑似压缩炸弹），拒绝读取")
        if "word/document.xml" not in archive.namelist():
            raise DocumentError(f"{name}：不是 Word 文档（缺少 word/document.xml）")


def _read_docx(name: str, data: bytes) -> SourceDocument:
    import io

    check_zip(name, data)
    import docx  # python-docx, only for Word input
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise DocumentError(f"{name}：无法打开 Word 文档（{exc.__class__.__name__}）") from None
    blocks: list[str | Table] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(DocxParagraph(child, document).text.rstrip())
        elif tag == "tbl":
            table = DocxTable(child, document)
            rows = []
            for row in table.rows:
                texts: list[str] = []
                for cell in row.cells:
                    text = " ".join(p.text.strip() for p in cell.paragraphs).strip()
                    texts.append(text)
                # merged cells repeat; keep them (the parser reads by position)
                rows.append(tuple(texts))
            blocks.append(Table(tuple(rows)))
    return SourceDocument(name, tuple(blocks))
