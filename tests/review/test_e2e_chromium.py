"""The review page in real headless Chromium (Debian's /usr/bin/chromium; Playwright never downloads one).

Set REVIEW_SCREENSHOTS=docs/screenshots to also refresh the committed documentation screenshots.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from narrative.review import write_review

from .samples import OVERDOSE, build_rows

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium (make chromium)"),
]


sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "review.html"
    write_review(iter(build_rows()), path, title="March 2024 batch review")
    return path


def open_page(browser, report: Path, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on("request", lambda req: problems.append(f"request {req.url}") if not req.url.startswith("file:") else None)
    page.goto(report.as_uri())
    page.wait_for_selector("html[data-ready='true']")
    return page, problems


def list_ids(page) -> list[str]:
    return page.eval_on_selector_all(".report-item", "items => items.map(i => i.dataset.id)")


def save(page, tmp_path: Path, name: str) -> None:
    shot = tmp_path / name
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    target = os.environ.get("REVIEW_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / name)


def test_desktop_finding_evidence_filter_and_keyboard(browser, report, tmp_path):
    page, problems = open_page(browser, report, 1280, 800)
    # worst first: the unparsed record, then scores ascending
    assert list_ids(page) == ["records.jsonl:7", "PCR-2024-000377", "PCR-2024-000519",
                              "PCR-2024-000412", "PCR-2024-000123"]

    page.click(".report-item[data-id='PCR-2024-000377']")
    contra = page.locator("#narrative-text mark.contra")
    assert contra.all_inner_texts() == ["ambulated to stretcher", "sat in wheelchair"]
    assert page.locator("#narrative-text mark.a-muted").count() == 4  # PMH entries are historical
    page.click(".finding[data-code='BED_CONFINEMENT_CONTRADICTED']")
    active = page.locator("mark[data-evidence-active='true']")
    assert active.all_inner_texts() == ["ambulated to stretcher", "sat in wheelchair"]
    assert "flash" in (active.first.get_attribute("class") or "")
    assert page.locator(".finding.active").get_attribute("data-code") == "BED_CONFINEMENT_CONTRADICTED"

    # Enter on another finding moves the evidence highlight to its span
    page.focus(".finding[data-code='MISSING_PCS']")
    page.keyboard.press("Enter")
    assert page.locator("mark[data-evidence-active='true']").all_inner_texts() == ["No PCS on file"]
    page.evaluate("window.scrollTo(0, 0)")
    save(page, tmp_path, "review-desktop.png")

    # filter by risk: only the two high-risk reports remain
    page.select_option("#f-risk", "high")
    assert list_ids(page) == ["PCR-2024-000377", "PCR-2024-000519"]
    page.select_option("#f-risk", "")
    page.fill("#f-search", "narcan")
    sync_api.expect(page.locator(".report-item")).to_have_count(1)  # the search is debounced
    assert list_ids(page) == ["PCR-2024-000412"]
    page.click("#f-clear")
    page.click("button.finding-bar[data-value='MILEAGE_INVALID']")
    assert list_ids(page) == ["PCR-2024-000519"]
    page.click("#f-clear")

    # keyboard: arrow down from the first item, Enter opens the focused report
    page.focus(".report-item[data-id='records.jsonl:7']")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#detail h2").first.inner_text() == "PCR-2024-000519"
    assert page.locator(".report-item[aria-selected='true']").get_attribute("data-id") == "PCR-2024-000519"
    assert problems == []


def test_unicode_highlights_and_error_row_in_browser(browser, report):
    page, problems = open_page(browser, report, 1280, 800)
    page.click(".report-item[data-id='PCR-2024-000412']")
    marks = page.eval_on_selector_all(
        "#narrative-text mark[data-entity]", "ms => ms.map(m => [m.textContent, m.dataset.entity])")
    assert ["unresponsive", "CONDITION/unconscious_syncope/present"] in marks
    assert ["Narcan", "MEDICATION/naloxone/present"] in marks
    assert page.inner_text("#narrative-text") == OVERDOSE
    assert page.locator("#narrative-text mark.a-negated").all_inner_texts() == ["IV"]
    assert "Medication administrations (3 toward ALS2)" in page.inner_text("#detail")

    page.click(".report-item[data-id='records.jsonl:7']")
    assert "invalid JSON" in page.inner_text(".errors")
    assert page.locator("#narrative-text").count() == 0
    assert problems == []


def test_phone_layout(browser, report, tmp_path):
    page, problems = open_page(browser, report, 390, 844)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click(".report-item[data-id='PCR-2024-000377']")
    assert page.locator(".list-pane").is_hidden()
    page.click(".finding[data-code='BED_CONFINEMENT_CONTRADICTED']")
    assert page.locator("mark[data-evidence-active='true']").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    save(page, tmp_path, "review-phone.png")
    page.click("button.back")
    assert page.locator(".list-pane").is_visible()
    assert problems == []
