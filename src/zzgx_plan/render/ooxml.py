"""What the Office Open XML writers (Word, Excel) share: a deterministic ZIP container.

python-docx and openpyxl stamp every ZIP member with the time of the run; rewriting the
container with fixed member dates and attributes makes the same document give the same bytes.
"""

from __future__ import annotations

import io
import zipfile

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member dates and attributes, members in their original order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
