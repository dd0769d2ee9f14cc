"""HTML pages: how large ``compare --format html`` pages are and how long they take to make and
to open, on the seed pair and on a 2,000-word pair.

- the seed pair (``../shared/seeds``, next to the corpora), as ``bench.compare_speed`` uses it;
- a 2,000-word pair: the shortest Reuters-21578 or BBC News article of at least 2,000 words and
  a medium-level syndicated copy of it (``bench.syndicate``, as ``bench.compare_speed`` builds;
  the copy is shorter, as syndicated copies are);
- ``scan --format html`` of the scale study's medium corpus of 30,000 pages (``bench.scale``;
  ``--quick`` 3,000): the page with its summary, every finding in the table and the top
  findings' side-by-side views embedded up to the formatter's limit.

Per page: its bytes; the formatter's render time alone (the comparison or scan made beforehand),
the median of ``RUNS``; and the time headless Chromium takes to open the page from a file://
URL (navigation start to the end of the load event, Navigation Timing), the median of
``LOADS`` loads in one browser after one warm-up load. Without Chromium and chromedriver that
column is empty.

``python -m bench html --data ../shared/corpora``; ``python -m bench.html_pages --screenshots
docs`` also writes the README's screenshots of the samples' pages (``samples/``: fictional
articles, so no corpus text lands in the repository), palette-reduced to stay small.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import table
from bench.compare_speed import SEED_PAIR
from bench.corpora import load_all
from bench.scale import corpus as scale_corpus
from bench.syndicate import Level, syndicated_paragraphs
from dupcheck.align.compare import compare, compare_texts
from dupcheck.align.types import Comparison
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.types import ScanOptions
from dupcheck.report.compare_html import CompareHtmlFormatter
from dupcheck.report.scan_documents import DocumentReader
from dupcheck.report.scan_html import ScanHtmlFormatter

RUNS = 5
LOADS = 5
WORDS = 2000
SEED = 1
SCAN_PAGES = 30_000
QUICK_SCAN_PAGES = 3_000
SCAN_RUNS = 3
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
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
)


def long_pair(data: Path) -> tuple[str, str]:
    """The shortest article of at least ``WORDS`` words (ties: corpus order) and its syndicated
    copy: the copy is trimmed, so the pair averages about ``WORDS`` a side."""
    articles = list(load_all(data))
    lengths = [len(f"{a.title} {a.body}".split()) for a in articles]
    k = min((n, k) for k, n in enumerate(lengths) if n >= WORDS)[1]
    article = articles[k]
    rng = random.Random(f"{SEED}:{article.id}")
    local = list(articles[(k + 1) % len(articles)].paragraphs)
    copy = syndicated_paragraphs(list(article.paragraphs), local, rng, Level.MEDIUM)
    return f"{article.title}\n\n{article.body}", "\n\n".join([article.title, *copy])


def browser(width: int = 1400, height: int = 1000) -> Any:
    """Headless Chromium through chromedriver, or None when either is missing."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='bench-chromium-')}")
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def load_ms(driver: Any, page: Path) -> float:
    driver.get(page.as_uri())
    timing = driver.execute_script(
        "const t = performance.getEntriesByType('navigation')[0];"
        "return t.loadEventEnd - t.startTime;"
    )
    return float(timing)


def _page_row(
    name: str, size: str, render: Any, *, runs: int, driver: Any, out: Path
) -> list[object]:
    page = str(render())
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        render()
        seconds.append(time.perf_counter() - start)
    path = out / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    opened = "—"
    if driver is not None:
        load_ms(driver, path)  # warm-up: the browser's first navigation pays its own start-up
        loads = [load_ms(driver, path) for _ in range(LOADS)]
        opened = f"{statistics.median(loads):.0f} ms"
    return [
        name,
        size,
        f"{len(page.encode('utf-8')) / 1024:,.0f} KiB",
        f"{1000 * statistics.median(seconds):,.1f} ms",
        opened,
    ]


def measure(name: str, c: Comparison, driver: Any, out: Path) -> list[object]:
    words = f"{len(c.a.document.text.split()):,} / {len(c.b.document.text.split()):,}"
    return _page_row(
        name, words, lambda: CompareHtmlFormatter().render(c), runs=RUNS, driver=driver, out=out
    )


def measure_scan(data: Path, pages: int, driver: Any, out: Path) -> list[object]:
    """The scan page of the scale study's medium corpus of ``pages`` pages."""
    root = scale_corpus(data, pages)
    result = scan(root, options=ScanOptions())
    formatter = ScanHtmlFormatter(DocumentReader(root, result.options))
    size = f"{pages:,} articles, {len(result.pairs):,} pairs"
    return _page_row(
        f"scan of {pages:,}",
        size,
        lambda: formatter.render(result),
        runs=SCAN_RUNS,
        driver=driver,
        out=out,
    )


def run(data: Path, *, quick: bool) -> str:
    rows = []
    out = Path(tempfile.mkdtemp(prefix="bench-html-"))
    driver = browser()
    try:
        seeds = data.resolve().parent / "seeds"
        if all((seeds / name).exists() for name in SEED_PAIR):
            pair = compare(*(seeds / name for name in SEED_PAIR))
            rows.append(measure("seed pair", pair, driver, out))
        a, b = long_pair(data)
        rows.append(measure(f"{WORDS:,}-word pair", compare_texts(a, b), driver, out))
        pages = QUICK_SCAN_PAGES if quick else SCAN_PAGES
        rows.append(measure_scan(data, pages, driver, out))
    finally:
        if driver is not None:
            driver.quit()
    text = "\n".join(
        [
            "## HTML pages",
            "",
            f"`compare --format html` and `scan --format html`; render: the formatter alone, "
            f"median of {RUNS} (scan: {SCAN_RUNS}); open: headless Chromium, file:// navigation "
            f"start to load end, median of {LOADS}.",
            "",
            table(["page", "input", "size", "render", "open"], rows),
        ]
    )
    print(text)
    return text + "\n"


def screenshots(target: Path) -> None:
    """The README's two screenshots, from the samples: a compare page and a scan page."""
    from PIL import Image

    out = Path(tempfile.mkdtemp(prefix="bench-shots-"))
    with contextlib.chdir(SAMPLES.parent):  # names as typed in the checkout, not this machine's
        pair = compare(
            Path("samples/harbour-original.txt"), Path("samples/harbour-syndicated-heavy.txt")
        )
    (out / "compare.html").write_text(CompareHtmlFormatter().render(pair), encoding="utf-8")
    root = out / "samples"
    root.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt")):
        (root / sample.name).write_bytes(sample.read_bytes())
    with contextlib.chdir(out):  # the page names the folder as the user typed it
        result = scan(Path("samples"), options=ScanOptions(jobs=1))
        page = ScanHtmlFormatter(DocumentReader(Path("samples"), result.options)).render(result)
    (out / "scan.html").write_text(page, encoding="utf-8")
    driver = browser(1280, 860)
    if driver is None:
        raise SystemExit("screenshots need /usr/bin/chromium and /usr/bin/chromedriver")
    try:
        for name in ("compare", "scan"):
            driver.get((out / f"{name}.html").as_uri())
            if name == "compare":
                # Show what a click does: the third passage lit on both sides.
                driver.execute_script(
                    'document.querySelector(\'.side[data-side="a"] .s[data-p="3"]\').click();'
                    "window.scrollTo(0, 0);"
                )
            shot = out / f"{name}.png"
            driver.save_screenshot(str(shot))
            image = Image.open(shot).convert("RGB").quantize(colors=64)
            image.save(target / f"html-{name}.png", optimize=True)
            saved = target / f"html-{name}.png"
            print(f"{saved}: {saved.stat().st_size:,} bytes")
    finally:
        driver.quit()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--quick", action="store_true", help=f"scan {QUICK_SCAN_PAGES:,} pages")
    parser.add_argument("--screenshots", type=Path, default=None, help="write PNGs here instead")
    args = parser.parse_args()
    if args.screenshots is not None:
        screenshots(args.screenshots)
    else:
        run(args.data, quick=args.quick)
