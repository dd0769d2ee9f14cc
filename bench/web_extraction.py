"""Study: which main-content extractor dupcheck reads web pages with, and what that changes.

1. Real pages with gold article text: the 181 pages of the article-extraction benchmark of
   Scrapinghub (public GitHub repository ``scrapinghub/article-extraction-benchmark``, MIT
   license: ``html/*.html.gz`` and ``ground-truth.json``). Not in the repository and not among
   the shared corpora: put a copy at ``<data>/article-extraction-benchmark`` or name its folder
   in ``BENCH_WEB_PAGES``. Token precision, recall and F1 of each extractor against the gold
   text (bags of lower-cased ``\\w+`` tokens, averaged over pages; an empty output counts for
   recall only), and pages per second in one process.
2. The issue's scenario from real text: BBC News articles wrapped as one site's pages
   (``bench.web_pages``: navigation, cookie banner, a rotating "most read" box of other
   articles' headlines and teasers, related links, footer). ``dupcheck scan`` over 60 unrelated
   pages, each page read as each extractor reads it, and over 20 articles each in two templates
   (the 20 same-article pairs must stay duplicates).
3. Hostile pages: seconds and peak memory of each extractor, in a child process, on pages of
   open tags; and of ``dupcheck``'s own reading of a 9 MB page of open ``<div>`` tags.

    python -m bench.web_extraction --data ../shared/corpora [--quick]
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.common import MissingCorpus, require, study_main, table
from bench.corpora import Article, body_key, load_bbc
from dupcheck import ScanOptions, Verdict, scan
from dupcheck.text.html_text import article_text, html_to_text

# The pages are the web-page tests' own (the bench runs from the repository root, where
# tests/ is importable), so the study measures exactly what the tests check.
from tests._web_pages import Story, Template, most_read, render

Extractor = Callable[[str], str]

PAGES_DIR = "article-extraction-benchmark"
SCENARIO_PAGES = 60
TWO_TEMPLATES = 20
POOL = 12
QUICK_PAGES = 60
CHILD_TIMEOUT = 60


def _resiliparse(markup: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(
        markup,
        preserve_formatting=True,
        main_content=True,
        list_bullets=False,
        alt_texts=False,
        comments=False,
    )


def _trafilatura(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False) or ""


def _trafilatura_fast(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False, fast=True) or ""


def _justext(markup: str) -> str:
    import justext

    paragraphs = justext.justext(markup, justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


EXTRACTORS: dict[str, Extractor] = {
    "whole page (old dupcheck)": html_to_text,
    "dupcheck (resiliparse + guards)": article_text,
    "resiliparse 'main_content'": _resiliparse,
    "trafilatura": _trafilatura,
    "trafilatura fast": _trafilatura_fast,
    "jusText": _justext,
}


def pages_dir(data: Path) -> Path:
    here = data / PAGES_DIR
    chosen = Path(os.environ["BENCH_WEB_PAGES"]) if "BENCH_WEB_PAGES" in os.environ else here
    require(chosen / "ground-truth.json", chosen / "html")
    return chosen


def load_pages(root: Path) -> list[tuple[str, str, str]]:
    """``(id, html, gold article text)`` of every benchmark page, in id order."""
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(gold):
        markup = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        out.append((key, markup, gold[key].get("articleBody", "")))
    return out


_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def quality(pages: list[tuple[str, str, str]], extractor: Extractor) -> list[object]:
    precisions, recalls, empty = [], [], 0
    start = time.perf_counter()
    outputs = [extractor(markup) for _, markup, _ in pages]
    seconds = time.perf_counter() - start
    for (_, _, gold), output in zip(pages, outputs, strict=True):
        want, got = _tokens(gold), _tokens(output)
        shared = sum((want & got).values())
        if got:
            precisions.append(shared / sum(got.values()))
        else:
            empty += 1
        recalls.append(shared / max(1, sum(want.values())))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return [f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}", empty, f"{len(pages) / seconds:.1f}"]


# --- the BBC scenario -----------------------------------------------------------------------


def _story(article: Article) -> Story:
    return Story(article.title, tuple(article.body.split("\n\n")))


def scenario_articles(data: Path) -> tuple[list[Article], list[Article]]:
    """60 articles for the pages and 12 for the "most read" pool: a seeded draw of BBC News
    articles whose bodies are unique (its exact-duplicate groups are left out)."""
    articles = list(load_bbc(data))
    counts = Counter(body_key(a) for a in articles)
    unique = [a for a in articles if counts[body_key(a)] == 1]
    drawn = random.Random(11).sample(unique, SCENARIO_PAGES + POOL)
    return drawn[:SCENARIO_PAGES], drawn[SCENARIO_PAGES:]


def site_pages(
    articles: list[Article], pool: list[Article], template: Template, first: int = 0
) -> list[str]:
    stories = [_story(a) for a in pool]
    return [
        render(
            _story(article),
            template=template,
            most_read=most_read(stories, first + n),
            related=[stories[(first + n + k) % len(stories)].title for k in (5, 6, 7)],
        )
        for n, article in enumerate(articles)
    ]


def _scan_texts(texts: dict[str, str]) -> list[tuple[str, str, Verdict]]:
    with tempfile.TemporaryDirectory(prefix="dupcheck-web-") as tmp:
        for name, text in texts.items():
            Path(tmp, name).write_text(text, encoding="utf-8")
        result = scan(Path(tmp), options=ScanOptions(jobs=1))
    return [(p.a, p.b, p.verdict) for p in result.pairs]


def scenario_rows(data: Path) -> tuple[list[list[object]], list[list[object]]]:
    articles, pool = scenario_articles(data)
    site = site_pages(articles, pool, Template.NEWS)
    bare = {f"p{n:02}.txt": f"{a.title}\n\n{a.body}" for n, a in enumerate(articles)}
    twin_articles = articles[:TWO_TEMPLATES]
    news = site_pages(twin_articles, pool, Template.NEWS)
    portal = site_pages(twin_articles, pool, Template.PORTAL, first=5)
    # Written as .txt: the scan must see each extractor's text, not extract again.
    twins = {(f"n{n:02}.txt", f"p{n:02}.txt") for n in range(TWO_TEMPLATES)}
    alone = _pair_row("the articles alone (no page)", _scan_texts(bare))
    sidebar_rows: list[list[object]] = [alone]
    twin_rows: list[list[object]] = []
    for name, extractor in EXTRACTORS.items():
        texts = {f"p{n:02}.txt": extractor(page) for n, page in enumerate(site)}
        sidebar_rows.append(_pair_row(name, _scan_texts(texts)))
        two = {f"n{n:02}.txt": extractor(page) for n, page in enumerate(news)}
        two |= {f"p{n:02}.txt": extractor(page) for n, page in enumerate(portal)}
        found = _scan_texts(two)
        verdicts = {(a, b): v for a, b, v in found}
        kept = sum(1 for pair in twins if verdicts.get(pair) is Verdict.DUPLICATE)
        others = sum(1 for a, b, _ in found if (a, b) not in twins)
        twin_rows.append([name, f"{kept} / {len(twins)}", others])
    return sidebar_rows, twin_rows


def _pair_row(name: str, pairs: list[tuple[str, str, Verdict]]) -> list[object]:
    verdicts = Counter(v for _, _, v in pairs)
    return [name, verdicts[Verdict.DUPLICATE], verdicts[Verdict.PARTIAL], len(pairs)]


def product_scan_row(data: Path) -> list[object]:
    """The product path: the same 60 pages as ``.html`` files, scanned as a user would."""
    articles, pool = scenario_articles(data)
    with tempfile.TemporaryDirectory(prefix="dupcheck-web-") as tmp:
        for n, page in enumerate(site_pages(articles, pool, Template.NEWS)):
            Path(tmp, f"page-{n:02}.html").write_text(page, encoding="utf-8")
        result = scan(Path(tmp), options=ScanOptions(jobs=1))
    verdicts = Counter(p.verdict for p in result.pairs)
    row: list[object] = ["`dupcheck scan` of the .html files"]
    return [*row, verdicts[Verdict.DUPLICATE], verdicts[Verdict.PARTIAL], len(result.pairs)]


# --- hostile pages --------------------------------------------------------------------------

HOSTILE = {
    "10,000 nested `<div>`": "'<div>' * 10_000",
    "20,000 `<p>x` (siblings)": "'<p>x' * 20_000",
}
CHILD = """
import sys, time
from bench.web_extraction import EXTRACTORS, peak_mib
page = '<html><body>' + {expr}
before = peak_mib()
start = time.perf_counter()
EXTRACTORS[{name!r}](page)
took = time.perf_counter() - start
print(took, before, peak_mib(), 'ok')
"""
PRODUCT = """
import sys, time
from bench.web_extraction import peak_mib
from dupcheck.errors import InputError
from dupcheck.text.intake import read_document
before = peak_mib()
start = time.perf_counter()
try:
    outcome = f'{len(read_document(sys.argv[1]).text):,} characters read'
except InputError as exc:
    outcome = 'refused: ' + exc.reason
took = time.perf_counter() - start
print(took, before, peak_mib(), outcome)
"""
"""Each child reports its peak resident memory (``peak_mib``) before the page is read (imports,
and the page itself for the extractors) and after: the growth is what the reading cost."""


def peak_mib() -> float:
    """This process's peak resident memory in MiB: ``VmHWM``, which counts only what this program
    touched (a child's ``ru_maxrss`` starts from its parent's resident size at ``fork``)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(code: str, *args: str) -> str:
    repo = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return f"over {CHILD_TIMEOUT} s (stopped)"
    seconds, before, peak, outcome = done.stdout.split(maxsplit=3)
    tail = "" if outcome.strip() == "ok" else f"; {outcome.strip()}"
    return f"{float(seconds):.1f} s, peak {float(peak):.0f} MiB ({float(before):.0f} before){tail}"


def hostile_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for name in EXTRACTORS:
        rows.append([name, *(_child(CHILD.format(expr=e, name=name)) for e in HOSTILE.values())])
    return rows


PRODUCT_PAGES = {
    "9 MB of open `<div>` tags": 9 * 1024 * 1024 // 5,
    "49,000 open `<div>` tags (under the tag limit, too deep for the extractor)": 49_000,
}


def product_hostile() -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory(prefix="dupcheck-web-") as tmp:
        for label, tags in PRODUCT_PAGES.items():
            path = Path(tmp, "bomb.html")
            path.write_text("<html><body>" + "<div>" * tags + "Text.", encoding="utf-8")
            lines.append(f"- {label}: {_child(PRODUCT, str(path))}")
    return lines


def run(data: Path, *, quick: bool) -> str:
    """All three parts; ``--quick`` measures quality and speed on the first 60 real pages."""
    require(data / "bbc-news")
    try:
        root = pages_dir(data)
    except MissingCorpus:
        print(f"bench: web pages: put the benchmark at {data / PAGES_DIR} or set BENCH_WEB_PAGES")
        raise
    pages = load_pages(root)
    if quick:
        pages = pages[:QUICK_PAGES]
    commit = (root / "COMMIT").read_text().strip()[:12] if (root / "COMMIT").exists() else "?"
    quality_rows = [[name, *quality(pages, fn)] for name, fn in EXTRACTORS.items()]
    sidebar_rows, twin_rows = scenario_rows(data)
    sidebar_rows.append(product_scan_row(data))
    hostile = hostile_rows()
    bomb = product_hostile()
    text = "\n".join(
        [
            "## Web pages: main-content extraction",
            "",
            f"Real pages: {len(pages)} pages of the Scrapinghub article-extraction benchmark"
            f" (GitHub `scrapinghub/article-extraction-benchmark` at `{commit}`, MIT; a local"
            " copy outside the repository) with their gold article text. Token precision,"
            " recall and F1 averaged over pages; pages/s in one process.",
            "",
            table(["extractor", "precision", "recall", "F1", "empty", "pages/s"], quality_rows),
            "",
            f"The issue's scenario: {SCENARIO_PAGES} unrelated BBC News articles (seeded draw,"
            f" exact duplicates left out) as one site's pages: navigation, cookie banner, a"
            f' 5-story rotating "most read" box (headline + teaser) from {POOL} other articles,'
            " related links, footer. `dupcheck scan` pairs when each page is read by each"
            " extractor:",
            "",
            table(["read as", "duplicate", "partial", "pairs"], sidebar_rows),
            "",
            f"The same article in two templates ({TWO_TEMPLATES} articles, `NEWS` and `PORTAL`"
            " markup, different rotation): same-article pairs still `duplicate`, and other"
            " pairs among the 40 pages:",
            "",
            table(["read as", "same article duplicate", "other pairs"], twin_rows),
            "",
            f"Hostile pages (child process each, stopped after {CHILD_TIMEOUT} s): seconds and"
            " peak resident memory.",
            "",
            table(["extractor", *HOSTILE], hostile),
            "",
            "`read_document` (dupcheck's reading of an `.html` file) of hostile pages:",
            "",
            *bomb,
        ]
    )
    print(text)
    return text


if __name__ == "__main__":
    study_main(run, __doc__)
