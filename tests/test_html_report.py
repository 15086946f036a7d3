"""``plan report --format html``: one self-contained offline page, checked as text and in a real browser.

The browser test drives Debian's chromium through chromium-driver (selenium, an explicit Service path so
that selenium never tries to download a driver). Without chromium it is skipped with the reason, except
under ``CI=true``, where it must run (``.ci/run`` installs chromium, chromium-driver and a CJK font).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zzgx_plan.cli import app
from zzgx_plan.render.document import Cell, Document, Heading, Note, Paragraph, Table, Tone, cells
from zzgx_plan.render.html import render_html

from .conftest import EXAMPLE_2024Q3, REPO_DATA

EPOCH = {"SOURCE_DATE_EPOCH": "1728345600"}  # 2024-10-08
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
runner = CliRunner()


def _report_html() -> str:
    result = runner.invoke(
        app, ["report", "2024-Q3", "--data", str(EXAMPLE_2024Q3), "--format", "html", "--stdout"], env=EPOCH
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_html_report_is_self_contained_and_deterministic() -> None:
    page = _report_html()
    assert page == _report_html()
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    # offline: no external resource of any kind, no script
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "<script" not in page and "<link" not in page
    assert not re.search(r"url\((?!#)", page)  # only the charts' own clip paths: url(#id)
    assert page.count("<svg") == 3 and page.count("<figcaption>") == 3  # overview, trajectory, parks inline
    assert "<?xml" not in page
    assert '"Microsoft YaHei"' in page and "@media print" in page
    assert "郑州高新区培育壮大市场主体工作领导小组办公室<br>2024年10月8日" in page
    assert "<footer>数据日期：2024-10-08</footer>" in page


def test_every_value_from_the_data_is_escaped() -> None:
    doc = Document(
        "<b>标题</b>",
        ("a & b",),
        (
            Heading(1, "一、<i>总体</i>"),
            Paragraph("<script>alert(1)</script>\n第二行"),
            Note('"引号" & <tag>'),
            Table(("指标<", "状态"), (cells("<img src=x onerror=alert(1)>", Cell("红 滞后", Tone.RED)),)),
        ),
    )
    page = render_html(doc)
    assert "<script>" not in page and "<img" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行" in page
    assert "<title>&lt;b&gt;标题&lt;/b&gt;</title>" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<td class="tone-red">红 滞后</td>' in page


def _browser_or_skip() -> tuple[str, str]:
    if CHROMIUM and CHROMEDRIVER:
        pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[dev]')")
        return CHROMIUM, CHROMEDRIVER
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but chromium/chromedriver are missing: .ci/run must install chromium and chromium-driver")
    pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")


def _expected_in_page(report: str) -> tuple[str, list[tuple[str, str]], int]:
    """The report's HTML, every indicator with its status label, and how many charts it shows."""
    if report == "2024-Q3":
        status = runner.invoke(
            app, ["status", "2024", "--as-of", "2024-Q3", "--format", "json", "--data", str(EXAMPLE_2024Q3)]
        )
        pairs = [(ind["name"], ind["status_label"]) for ind in json.loads(status.stdout)["indicators"]]
        return _report_html(), pairs, 3  # overview, trajectory, parks
    from zzgx_plan.compute.status import STATUS_LABELS, Status

    # the final evaluation report: each indicator's final-year status (图1, 图2 附件1, 图3 量化指标)
    status = runner.invoke(app, ["status", report, "--format", "json", "--data", str(REPO_DATA)])
    pairs = [
        (ind["name"], STATUS_LABELS[Status(ind["final_status"])]) for ind in json.loads(status.stdout)["indicators"]
    ]
    page = runner.invoke(app, ["report", report, "--data", str(REPO_DATA), "--format", "html", "--stdout"])
    assert page.exit_code == 0, page.output
    return page.stdout, pairs, 3


@pytest.mark.parametrize("report", ["2024-Q3", "2023-2025"])
def test_html_report_in_a_real_browser(tmp_path: Path, report: str) -> None:
    chromium, chromedriver = _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    page = tmp_path / f"{report}.html"
    html, expected, charts = _expected_in_page(report)
    page.write_text(html, encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1200,2000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        driver.get(page.as_uri())
        # every indicator and its status is in the page
        text = driver.find_element(By.TAG_NAME, "body").text
        assert len(expected) >= 11
        for name, label in expected:
            assert name in text, name
            assert label in text, label
        assert len(driver.find_elements(By.CSS_SELECTOR, "figure svg")) == charts
        assert driver.find_elements(By.CSS_SELECTOR, "td.tone-red")  # status fills are there
        # no console errors
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        assert errors == []
        # no network request: the page loads from file:// and asks for nothing over the network
        # (chrome:// requests are the browser's own new-tab page, before the file is opened)
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                requests.append(message["params"]["request"]["url"])
        assert page.as_uri() in requests
        network = [url for url in requests if not url.startswith(("file://", "chrome://", "data:", "about:"))]
        assert network == []
        # a screenshot that is not blank: many distinct colours (text, fills, charts)
        png = driver.get_screenshot_as_png()
    finally:
        driver.quit()
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50
    (tmp_path / "screenshot.png").write_bytes(png)
