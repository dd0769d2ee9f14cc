"""The HTML pages in a real browser: headless Chromium driven through chromedriver (Debian's
``chromium`` and ``chromium-driver``; ``.ci/run`` installs them). Each page is loaded from a
file:// URL as a reader would open it; the browser's own log must stay empty of errors, clicks
must light up partners, no script a document carries may run, and with scripts off the text
must still be there.

Outside CI (``CI`` unset) these tests skip when the browser is missing; in CI they fail."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dupcheck import compare, scan
from dupcheck.corpus.types import ScanOptions
from dupcheck.report.compare_html import CompareHtmlFormatter
from dupcheck.report.scan_documents import DocumentReader
from dupcheck.report.scan_html import ScanHtmlFormatter
from tests.report import hostile
from tests.report.test_html import DIVIDEND

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
)

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.chrome.webdriver import WebDriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webelement import WebElement
except ImportError:  # pragma: no cover - the test extra installs selenium
    webdriver = None  # type: ignore[assignment]


def _missing() -> str:
    if webdriver is None:
        return "selenium is not installed (pip install -e '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    return ""


def _require(reason: str) -> None:
    """Skip for ``reason`` (the browser is missing) outside CI; fail in CI, where the browser
    tests must run."""
    if not reason:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests: {reason}")
    pytest.skip(f"no headless browser: {reason}")


def _start(*, scripts: bool = True) -> WebDriver:
    _require(_missing())
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    # A fresh profile each time: nothing cached or allowed from an earlier run.
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='dupcheck-chromium-')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not scripts:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = _start()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pages under test, written once: two samples, a hostile pair, and a scan of both."""
    out = tmp_path_factory.mktemp("pages")
    root = out / "tree"
    root.mkdir()
    for sample in ("harbour-original.txt", "harbour-syndicated-heavy.txt", "rail-strike.txt"):
        (root / sample).write_bytes((SAMPLES / sample).read_bytes())
    (root / "ellerby.txt").write_bytes((SAMPLES / "ellerby-housing-quote.txt").read_bytes())
    (root / (hostile.NAMES[0] + ".txt")).write_text(hostile.ORIGINAL, encoding="utf-8")
    (root / (hostile.NAMES[1] + ".html")).write_text(hostile.COPY, encoding="utf-8")
    feed = {"id": "<svg onload=alert(1)>", "text": hostile.COPY}
    (root / "feed.jsonl").write_text(json.dumps(feed) + "\n", encoding="utf-8")
    result = scan(root, options=ScanOptions(jobs=1))
    fund = "Franklin Insured", "7.1 cts", "April 1", "March 9"
    other = "Franklin Puerto Rico", "9 cts", "May 1", "April 9"
    for name, (f, amount, paid, record) in (("fund-a.txt", fund), ("fund-b.txt", other)):
        text = DIVIDEND.format(fund=f, amount=amount, paid=paid, record=record)
        (out / name).write_text(text, encoding="utf-8")
    written = {
        "compare": compare(root / "harbour-original.txt", root / "harbour-syndicated-heavy.txt"),
        "facts": compare(out / "fund-a.txt", out / "fund-b.txt"),
        "hostile": compare(root / (hostile.NAMES[0] + ".txt"), root / (hostile.NAMES[1] + ".html")),
    }
    paths = {}
    for name, comparison in written.items():
        paths[name] = out / f"{name}.html"
        paths[name].write_text(CompareHtmlFormatter().render(comparison), encoding="utf-8")
    paths["scan"] = out / "scan.html"
    page = ScanHtmlFormatter(DocumentReader(root, result.options)).render(result)
    paths["scan"].write_text(page, encoding="utf-8")
    return paths


def browser_log(driver: WebDriver) -> list[dict[str, Any]]:
    """The browser's console and network log since the last call (chromedriver's ``browser``
    log: uncaught errors, refused resources, policy violations, console calls)."""
    entries: list[dict[str, Any]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return entries


def load(driver: WebDriver, page: Path) -> None:
    browser_log(driver)  # what an earlier page left
    driver.get(page.as_uri())


def errors(driver: WebDriver) -> list[dict[str, Any]]:
    """What the page wrote to the browser's log at warning level or above: script errors,
    refused resources, policy violations."""
    return [e for e in browser_log(driver) if e["level"] in ("WARNING", "SEVERE")]


def js(driver: WebDriver, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def in_view(driver: WebDriver, element: WebElement) -> bool:
    """Whether ``element`` is inside its scrolling column and inside the window."""
    return bool(
        js(
            driver,
            """const r = arguments[0].getBoundingClientRect();
            const box = arguments[0].closest('.text').getBoundingClientRect();
            return r.top >= box.top - 1 && r.top < box.bottom && r.top >= 0
                && r.top < window.innerHeight;""",
            element,
        )
    )


def pwned(driver: WebDriver) -> None:
    """No script a document carries ran: no marker, no alert, no element it could add."""
    assert js(driver, "return typeof window.__pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert.text
    assert js(driver, "return document.scripts.length") == 1
    selector = "img, svg, iframe, form, base, object, embed, textarea, [onerror], [onload]"
    assert js(driver, f"return document.querySelectorAll({selector!r}).length") == 0


# --- the compare page -----------------------------------------------------------------------


def test_compare_page_loads_without_errors(browser: WebDriver, pages: dict[str, Path]) -> None:
    load(browser, pages["compare"])
    assert browser.title.startswith("duplicate: ")
    assert errors(browser) == []
    assert browser.find_element(By.CSS_SELECTOR, ".verdict").text == "DUPLICATE"


def test_facts_stated_otherwise_are_marked_on_both_sides(
    browser: WebDriver, pages: dict[str, Path]
) -> None:
    load(browser, pages["facts"])
    assert browser.title.startswith("template: ")
    for side, fact in (("a", "7.1 cts"), ("b", "9 cts")):
        marked = browser.find_elements(By.CSS_SELECTOR, f'[data-side="{side}"] .fact')
        assert fact in [e.text for e in marked if e.is_displayed()]
    assert errors(browser) == []


def test_clicking_a_passage_lights_up_its_partner(
    browser: WebDriver, pages: dict[str, Path]
) -> None:
    load(browser, pages["compare"])
    last = max(
        int(e.get_attribute("data-p") or 0)
        for e in browser.find_elements(By.CSS_SELECTOR, ".side .s")
    )
    assert last >= 2, "the samples share more than one passage"
    for side, other in (("a", "b"), ("b", "a")):
        piece = browser.find_element(By.CSS_SELECTOR, f'[data-side="{side}"] .s[data-p="{last}"]')
        js(browser, "arguments[0].scrollIntoView({block: 'center'})", piece)
        piece.click()
        partner = browser.find_elements(
            By.CSS_SELECTOR, f'[data-side="{other}"] .s[data-p="{last}"]'
        )
        assert partner and all("hl" in (p.get_attribute("class") or "") for p in partner)
        assert in_view(browser, partner[0])
        lit = browser.find_elements(By.CSS_SELECTOR, ".s.hl")
        assert {e.get_attribute("data-p") for e in lit} == {str(last)}
    assert errors(browser) == []


def test_hostile_page_runs_nothing_but_its_own_script(
    browser: WebDriver, pages: dict[str, Path]
) -> None:
    load(browser, pages["hostile"])
    pwned(browser)
    for piece in browser.find_elements(By.CSS_SELECTOR, ".side .s")[:40]:
        js(browser, "arguments[0].scrollIntoView({block: 'center'})", piece)
        piece.click()
    pwned(browser)
    shown = browser.find_element(By.CSS_SELECTOR, '[data-side="a"] .text').text
    assert "<script>window.__pwned = 1; alert(1)</script>" in shown
    assert errors(browser) == []


def test_screenshots_and_print_layout(
    browser: WebDriver, pages: dict[str, Path], tmp_path: Path
) -> None:
    for name in ("compare", "scan"):
        load(browser, pages[name])
        shot = tmp_path / f"{name}.png"
        assert browser.save_screenshot(str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        # Printed, each column is as long as its text: nothing is cut at the scroll box.
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        clipped = js(
            browser,
            "return [...document.querySelectorAll('.text')]"
            ".filter(t => t.scrollHeight > t.clientHeight + 1).length",
        )
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        assert clipped == 0


# --- the scan page --------------------------------------------------------------------------


def _rows(driver: WebDriver) -> list[WebElement]:
    return [r for r in driver.find_elements(By.CSS_SELECTOR, "table.findings tbody tr[data-rank]")]


def test_scan_table_sorts_and_filters(browser: WebDriver, pages: dict[str, Path]) -> None:
    load(browser, pages["scan"])
    pwned(browser)
    rows = _rows(browser)
    verdicts = {r.get_attribute("data-verdict") for r in rows}
    assert verdicts == {"duplicate", "partial"}
    header = browser.find_element(By.CSS_SELECTOR, 'th[data-key="resemblance"] button')
    header.click()
    values = [float(r.get_attribute("data-resemblance") or 0) for r in _rows(browser)]
    assert values == sorted(values, reverse=True)
    header.click()
    values = [float(r.get_attribute("data-resemblance") or 0) for r in _rows(browser)]
    assert values == sorted(values)

    select = browser.find_element(By.CSS_SELECTOR, "select[name=verdict]")
    select.find_element(By.CSS_SELECTOR, 'option[value="partial"]').click()
    shown = [r for r in _rows(browser) if r.is_displayed()]
    assert shown and all(r.get_attribute("data-verdict") == "partial" for r in shown)
    count = browser.find_element(By.CSS_SELECTOR, "output[name=count]").text
    assert count == f"{len(shown)} of {len(rows)}"
    select.find_element(By.CSS_SELECTOR, 'option[value=""]').click()
    js(
        browser,
        "const c = document.querySelector('input[name=coverage]'); c.value = 50;"
        "c.dispatchEvent(new Event('input'));",
    )
    shown = [r for r in _rows(browser) if r.is_displayed()]
    assert shown and all(float(r.get_attribute("data-coverage") or 0) >= 0.5 for r in shown)
    assert len(shown) < len(rows)
    assert errors(browser) == []


def test_scan_finding_opens_its_view_and_lights_only_its_own_passages(
    browser: WebDriver, pages: dict[str, Path]
) -> None:
    load(browser, pages["scan"])
    link = browser.find_element(By.CSS_SELECTOR, 'tbody tr[data-rank="2"] a[href="#f2"]')
    link.click()
    section = browser.find_element(By.ID, "f2")
    assert js(browser, "return arguments[0].getBoundingClientRect().top", section) < 5
    piece = section.find_element(By.CSS_SELECTOR, '[data-side="a"] .s[data-p="1"]')
    piece.click()
    lit = browser.find_elements(By.CSS_SELECTOR, ".s.hl")
    assert lit and all(
        js(browser, "return arguments[0].closest('.finding').id", e) == "f2" for e in lit
    )
    sides = {js(browser, "return arguments[0].closest('.side').dataset.side", e) for e in lit}
    assert sides == {"a", "b"}
    pwned(browser)
    assert errors(browser) == []


# --- scripts off ----------------------------------------------------------------------------


def test_with_scripts_off_the_pages_still_show_everything(pages: dict[str, Path]) -> None:
    driver = _start(scripts=False)
    try:
        load(driver, pages["compare"])
        text = driver.find_element(By.CSS_SELECTOR, '[data-side="b"] .text').text
        assert "harbour" in text.lower() and len(text) > 500
        # A passage is still a link to its partner.
        piece = driver.find_element(By.CSS_SELECTOR, '[data-side="a"] .s[data-p="1"]')
        assert (piece.get_attribute("href") or "").endswith("#b1")
        load(driver, pages["scan"])
        assert not driver.find_element(By.CSS_SELECTOR, ".controls").is_displayed()
        rows = _rows(driver)
        assert rows and all(r.is_displayed() for r in rows)
        views = driver.find_elements(By.CSS_SELECTOR, ".finding .side .text")
        assert views and all(v.text.strip() for v in views)
        # Nothing ran: the sort buttons the script adds are absent.
        assert driver.find_elements(By.CSS_SELECTOR, "th button") == []
        assert errors(driver) == []
    finally:
        driver.quit()


def test_a_missing_browser_skips_outside_ci_and_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _require("")  # present: neither
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no headless browser: gone"):
        _require("gone")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests: gone"):
        _require("gone")
