"""Opening .xlsx and .docx files (zip archives) that may be zip bombs.

A 5 KB workbook can unpack to gigabytes. Before a zip is handed to openpyxl, python-docx or read by hand,
:func:`check_zip` looks at its table of contents — nothing is decompressed — and refuses one with too many
parts, a part larger than the cap or a total unpacked size larger than the cap for its kind of file.
Python's :mod:`zipfile` never unpacks more than a part's declared size (a part whose data is longer fails
its CRC check), so the declared sizes bound what any later reader can inflate.

Use :func:`open_zip` to read parts yourself, or call :func:`check_zip` on the bytes before giving them to a
library. Both raise :class:`~zzgx_plan.files.reading.ReadRefused`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from zzgx_plan.files.reading import MiB, ReadRefused, size_text


@dataclass(frozen=True, slots=True)
class ZipCaps:
    """What an archive of one kind may hold once unpacked."""

    label: str
    max_parts: int
    max_part_bytes: int
    max_total_bytes: int


#: Caps by kind of archive (docs/data-files.md). A unit's sheet unpacks to a few hundred KB.
ZIP_CAPS: dict[str, ZipCaps] = {
    "submission": ZipCaps("报送表（.xlsx）", max_parts=2000, max_part_bytes=64 * MiB, max_total_bytes=128 * MiB),
    "document": ZipCaps("文件（.docx）", max_parts=5000, max_part_bytes=64 * MiB, max_total_bytes=128 * MiB),
}


def check_zip(data: bytes, kind: str) -> None:
    """Refuse an archive that is not a zip or would unpack beyond the caps for ``kind``."""
    with open_zip(data, kind):
        pass


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    """A :class:`zipfile.ZipFile` over ``data`` after the checks of :func:`check_zip`; the caller closes it."""
    caps = ZIP_CAPS[kind]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, and NotImplementedError for a made-up zip version, among others
        raise ReadRefused("file-unreadable", reason="不是完整的 Office 文档（压缩包无法打开）") from exc
    try:
        infos = archive.infolist()
        if len(infos) > caps.max_parts:
            raise ReadRefused(
                "archive-refused", reason=f"包含 {len(infos)} 个部件，超过{caps.label}的上限 {caps.max_parts}"
            )
        total = 0
        for info in infos:
            if info.file_size > caps.max_part_bytes:
                raise ReadRefused(
                    "archive-refused",
                    reason=f"其中 {info.filename} 解压后有 {size_text(info.file_size)}，"
                    f"超过{caps.label}的上限 {size_text(caps.max_part_bytes)}",
                )
            total += info.file_size
        if total > caps.max_total_bytes:
            raise ReadRefused(
                "archive-refused",
                reason=f"解压后共有 {size_text(total)}，超过{caps.label}的上限 {size_text(caps.max_total_bytes)}",
            )
    except BaseException:
        archive.close()
        raise
    return archive


def read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """One part of an archive opened by :func:`open_zip` (at most its declared, capped size)."""
    try:
        return archive.read(name)
    except KeyError as exc:
        raise ReadRefused("archive-refused", reason=f"缺少部件 {name}") from exc
    except Exception as exc:  # corrupt data, an unsupported compression method, an encrypted part
        raise ReadRefused("archive-refused", reason=f"部件 {name} 的压缩数据已损坏") from exc
