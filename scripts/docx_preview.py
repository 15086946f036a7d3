#!/usr/bin/env python3
"""Dev check (not CI): render a .docx to PDF (LibreOffice) and PNG pages (pdftoppm) to look at.

Usage:
    python scripts/docx_preview.py [REPORT.docx] [--outdir DIR] [--dpi N]

Without a file it renders a small built-in sample document. Open the printed
PNG paths in an image viewer and check that the Chinese text (宋体/仿宋/黑体 or
their substitutes), the tables, their header rows and the status shading show.

Needs ``soffice`` and ``pdftoppm`` and a CJK font, e.g. on Debian/Ubuntu:
    apt-get install -y libreoffice-writer poppler-utils fonts-noto-cjk
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _sample(path: Path) -> None:
    from zzgx_plan.render.document import Cell, Document, Heading, Note, Paragraph, Table, Tone, cells
    from zzgx_plan.render.docx_writer import render_docx

    doc = Document(
        "郑州高新区培育壮大市场主体工作方案推进情况报告（样例）",
        ("郑开管文〔2023〕146号", "数据截至：2024年第3季度"),
        (
            Heading(1, "一、总体情况"),
            Paragraph("共14项指标，其中3项已完成，2项滞后。"),
            Note("示例数据：以下数字为虚构的示例，并非官方统计。"),
            Table(
                ("指标", "完成率", "状态"),
                (
                    cells("年新增市场主体", Cell("62.5%", bar=0.625), Cell("绿 符合序时进度", Tone.GREEN)),
                    cells("高新技术企业总量", Cell("40.0%", bar=0.4), Cell("红 滞后", Tone.RED)),
                    cells("瞪羚（潜在）企业总量", Cell("70.0%", bar=0.7), Cell("黄 略低", Tone.YELLOW)),
                    cells("独角兽（种子）企业总量", "—", Cell("灰 无数据", Tone.GREY)),
                ),
            ),
        ),
    )
    path.write_bytes(render_docx(doc))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docx", nargs="?", type=Path)
    parser.add_argument("--outdir", type=Path, default=None)
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"docx_preview: {tool} not found (apt-get install libreoffice-writer poppler-utils)")
            return 2
    outdir = args.outdir or Path(tempfile.mkdtemp(prefix="docx-preview-"))
    outdir.mkdir(parents=True, exist_ok=True)
    source = args.docx
    if source is None:
        source = outdir / "sample.docx"
        _sample(source)
    # A private LibreOffice profile, so that a running instance of another user does not interfere.
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.rmtree(profile, ignore_errors=True)
    pdf = outdir / (source.stem + ".pdf")
    subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), str(pdf), str(outdir / source.stem)], check=True)
    print(pdf)
    for png in sorted(outdir.glob(source.stem + "*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
