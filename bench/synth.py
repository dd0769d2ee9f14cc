"""Synthetic syndication corpora with known truth, made from real news articles.

``python -m bench.synth --data ../shared/corpora --out /tmp/synth-medium --level medium
--originals 300 --distractors 2000 --seed 1`` writes ``NNN/NNNNNN.txt`` pages and ``truth.json``:

- stories: a real article (Reuters-21578 or BBC, alternately; ≥ 5 sentences, ≥ 120 words, ≥ 4
  paragraphs, sharing no text with any other real article) published by one outlet, and 1–3
  syndicated copies by other outlets (`bench.syndicate` at the chosen level). Every pair within a
  story is ``duplicate``.
- quotes: a different real story into which one or two paragraphs (≥ 40 words) of an original are
  inserted, attributed or not: ``partial`` with that original. Whether the copies still carry the
  quoted paragraphs depends on the trims, so (copy, quoting story) pairs are ``any``.
- distractors: other real articles (half of them chosen from the originals' topics), published
  unchanged by the same outlets.
- local paragraphs added to copies come from reserved real articles that are never written out.
- real articles that share text make every pair of pages carrying them ``any``: the truth
  neither rewards nor punishes finding real duplicates. Two articles share text when their
  normalised bodies are identical, when they have sampled word 6-grams in common, or when they
  are one story told twice (rewrites and corrections: a few sentences in common, one headline
  subject, the same names and figures; see `related_articles`). Template stories (payouts,
  tenders, money-market operations: one phrasing, other names and figures) are not one story;
  only the 6-gram rule can link two of them (a family small enough that its phrasing is not
  formula). A tool that calls two unlinked ones duplicates is wrong.
- beyond the real pool (``--total`` up to 200,000 pages), distractors are *re-lexed variants*:
  a real article with every word but the function words (`FUNCTION_WORDS`) replaced by the word
  a fixed distance away in the corpus frequency ranking of the others, and every digit shifted.
  The distance differs between variants of one article and between variants of neighbouring
  articles, so neither a variant and its source nor variants of two template stories share
  anything but grammar. Only articles sharing no text with any other are re-lexed. Length,
  paragraphing, function words and word frequencies stay realistic; variants add no duplicate
  or partial pairs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import combinations, islice
from pathlib import Path

from bench.corpora import Article, CorpusMissing, load_all
from bench.outlets import Outlet, Page, headline, make_outlets, publish, random_page_facts
from bench.related import related_articles
from bench.syndicate import Level, quoting_paragraphs, sentences, syndicated_paragraphs
from bench.truth import Label, LabelledPair, Quote, Story, Truth

_WORD = re.compile(r"[A-Za-z]+")
_BAND = 512


_FUNCTION_TEXT = """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself s t
"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
"""Words a re-lexed variant keeps: grammar, never content (no noun, verb, unit or figure)."""


class Relexer:
    """Re-lexed variants of real text (see the module docstring)."""

    def __init__(
        self, articles: Sequence[Article], *, keep: frozenset[str] = FUNCTION_WORDS
    ) -> None:
        self._keep = keep
        counts: Counter[str] = Counter(
            m.group().lower() for a in articles for m in _WORD.finditer(a.body)
        )
        self._words = [
            w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if w not in keep
        ]
        self._rank = {w: i for i, w in enumerate(self._words)}

    def _swap(self, word: str, offset: int) -> str:
        rank = self._rank.get(word.lower(), -1)
        if rank < 0:
            return word
        start = rank // _BAND * _BAND
        size = min(_BAND, len(self._words) - start)
        if size < 2:
            return word
        # Never a whole turn of the band, which would give the word back.
        new = self._words[start + (rank - start + 1 + (offset - 1) % (size - 1)) % size]
        if word.isupper() and len(word) > 1:
            return new.upper()
        return new.capitalize() if word[0].isupper() else new

    def relex(self, text: str, offset: int) -> str:
        # Digits move too: wire tables ("Shr loss four cts vs loss 34 cts") are mostly numbers.
        # The shift is never 0 for any offset ≥ 1.
        shift = 1 + (offset - 1) % 9
        digits = str.maketrans("0123456789", "".join(str((d + shift) % 10) for d in range(10)))
        return _WORD.sub(lambda m: self._swap(m.group(), offset), text).translate(digits)


@dataclass(frozen=True, slots=True)
class _Spec:
    """One page to write, planned before any text is made."""

    kind: str
    """``original``, ``copy``, ``quote``, ``distractor`` or ``variant``."""
    article: int
    """The article published (original, host of a quote, distractor, base of a variant)."""
    story: int = -1
    """Index of the story (original article) a copy or quote derives from."""
    local: tuple[str, ...] = ()
    quoted: tuple[int, int] = (0, 0)
    """Paragraph range of the original reproduced by a quote."""
    offset: int = 0


def _words(article: Article) -> int:
    return len(article.body.split())


def _eligible_original(article: Article) -> bool:
    paras = article.paragraphs
    return _words(article) >= 120 and len(paras) >= 4 and sum(len(sentences(p)) for p in paras) >= 5


def _quote_range(article: Article, rng: random.Random) -> tuple[int, int]:
    """One or two consecutive paragraphs (not the lead) totalling at least 40 words."""
    paras = article.paragraphs
    starts = list(range(1, len(paras)))
    rng.shuffle(starts)
    for start in starts:
        for end in range(start + 1, min(start + 2, len(paras)) + 1):
            if sum(len(p.split()) for p in paras[start:end]) >= 40:
                return start, end
    return 1, min(3, len(paras))


def _local_paragraphs(
    articles: Sequence[Article], clean: list[int], used: set[int]
) -> Iterator[str]:
    """Paragraphs (≥ 15 words) of clean articles reserved here and never published, each handed
    out once so no two pages share one."""
    for i in clean:
        if i in used:
            continue
        used.add(i)
        yield from (p for p in articles[i].paragraphs if len(p.split()) >= 15)


def plan(
    articles: Sequence[Article],
    related: dict[int, set[int]],
    rng: random.Random,
    *,
    level: Level,
    originals: int,
    distractors: int | None,
    partials: int,
    total: int | None,
) -> list[_Spec]:
    """Which article goes where. ``total`` (when given) overrides ``distractors``."""
    clean = [i for i in range(len(articles)) if i not in related]
    rng.shuffle(clean)
    reuters = [i for i in clean if articles[i].id.startswith("reuters/")]
    bbc = [i for i in clean if not articles[i].id.startswith("reuters/")]
    pools = [
        [i for i in reuters if _eligible_original(articles[i])],
        [i for i in bbc if _eligible_original(articles[i])],
    ]
    chosen: list[int] = []
    while len(chosen) < originals and (pools[0] or pools[1]):
        pool = pools[len(chosen) % 2] or pools[(len(chosen) + 1) % 2]
        chosen.append(pool.pop())
    used = set(chosen)
    hosts = [
        i
        for i in clean
        if i not in used and _words(articles[i]) >= 120 and len(articles[i].paragraphs) >= 3
    ][:partials]
    used.update(hosts)
    # Local paragraphs come from the story's own corpus, so a BBC story gains BBC prose.
    local_pools = {
        True: _local_paragraphs(articles, reuters, used),
        False: _local_paragraphs(articles, bbc, used),
    }
    additions = {Level.LIGHT: 0, Level.MEDIUM: 1, Level.HEAVY: 3}[level]
    specs: list[_Spec] = []
    for story in chosen:
        specs.append(_Spec("original", story, story))
        for _ in range(rng.randint(1, 3)):
            is_reuters = articles[story].id.startswith("reuters/")
            local = tuple(islice(local_pools[is_reuters], additions))
            if len(local) < additions:
                local += tuple(islice(local_pools[not is_reuters], additions - len(local)))
            specs.append(_Spec("copy", story, story, local))
    sources = chosen[:]
    for n, host in enumerate(hosts):
        story = sources[n % len(sources)]
        specs.append(_Spec("quote", host, story, quoted=_quote_range(articles[story], rng)))
    want = distractors or 0
    if total is not None:
        want = max(0, total - len(specs))
    free = [i for i in range(len(articles)) if i not in used and _words(articles[i]) >= 40]
    rng.shuffle(free)
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i in free:
        by_topic[articles[i].topic].append(i)
    picked: dict[int, None] = {}
    topics = [articles[i].topic for i in chosen if articles[i].topic]
    for _ in range(want // 2):
        same = by_topic.get(rng.choice(topics), []) if topics else []
        while same and same[-1] in picked:
            same.pop()
        if same:
            picked[same.pop()] = None
    for i in free:
        if len(picked) >= want:
            break
        picked.setdefault(i, None)
    specs += [_Spec("distractor", i) for i in picked]
    # Related articles are never re-lexed: their variants would share text unlabelled.
    # The offset differs between variants of one article (its rounds) and between neighbours
    # in a round, so two template stories (payouts, tenders) never become one re-lexed template.
    base = sorted(clean) or list(range(len(articles)))
    for n in range(want - len(picked)):
        k, round_ = n % len(base), n // len(base)
        specs.append(_Spec("variant", base[k], offset=1 + (k + round_) % (_BAND - 1)))
    return specs


def _render(
    spec: _Spec,
    *,
    articles: Sequence[Article],
    outlets: Sequence[Outlet],
    relexer: Relexer | None,
    rng: random.Random,
    seed: int,
    level: Level,
) -> str:
    article = articles[spec.article]
    # Facts of the story are drawn from the story's own stream so its copies agree on them; a
    # copy always appears on another outlet than the original.
    story_rng = random.Random(f"{seed}:story:{spec.article}")
    date, city, section = random_page_facts(story_rng)
    home = story_rng.randrange(len(outlets))
    outlet = outlets[home] if spec.kind == "original" else rng.choice(outlets)
    if spec.kind == "copy":
        outlet = rng.choice([o for i, o in enumerate(outlets) if i != home])
    other = headline(articles[rng.randrange(len(articles))].title)
    title = headline(article.title)
    paragraphs = list(article.paragraphs)
    dateline, credit, chrome = rng.random() < 0.7, rng.random() < 0.3, 0.8
    if spec.kind == "copy":
        paragraphs = syndicated_paragraphs(paragraphs, list(spec.local), rng, level)
        date += dt.timedelta(days=rng.randint(0, 2))
        dateline, credit = rng.random() < 0.5, rng.random() < 0.5
        if rng.random() < 0.3:
            title = f"{title} | {outlet.name}"
    elif spec.kind == "quote":
        source = articles[spec.story].paragraphs[spec.quoted[0] : spec.quoted[1]]
        paragraphs = quoting_paragraphs(paragraphs, list(source), rng.choice(outlets).name, rng)
    elif spec.kind == "variant" and relexer is not None:
        paragraphs = [relexer.relex(p, spec.offset) for p in paragraphs]
        title = relexer.relex(title, spec.offset)
    page = Page(title, date, city, section, other)
    return publish(
        paragraphs, outlet, page, rng, with_dateline=dateline, with_credit=credit, chrome=chrome
    )


def _truth_pairs(
    paths: list[str], specs: list[_Spec], related: dict[int, set[int]]
) -> list[LabelledPair]:
    labels: dict[tuple[str, str], Label] = {}

    def label(a: str, b: str, value: Label) -> None:
        key = (a, b) if a < b else (b, a)
        if a != b and key not in labels:
            labels[key] = value

    story_pages: dict[int, list[str]] = defaultdict(list)
    carrying: dict[int, list[str]] = defaultdict(list)
    for path, spec in zip(paths, specs, strict=True):
        if spec.kind in ("original", "copy"):
            story_pages[spec.story].append(path)
        if spec.kind != "variant":
            carrying[spec.article].append(path)
    for pages in story_pages.values():
        for a, b in combinations(pages, 2):
            label(a, b, Label.DUPLICATE)
    for path, spec in zip(paths, specs, strict=True):
        if spec.kind == "quote":
            original, *copies = story_pages[spec.story]
            label(original, path, Label.PARTIAL)
            for copy in copies:
                label(copy, path, Label.ANY)
    for path, spec in zip(paths, specs, strict=True):
        if spec.kind == "quote":
            carrying[spec.story].append(path)
    for article, pages in carrying.items():
        for a, b in combinations(pages, 2):
            label(a, b, Label.ANY)
        for other in related.get(article, ()):
            for a in pages:
                for b in carrying.get(other, ()):
                    label(a, b, Label.ANY)
    return [LabelledPair(a, b, v) for (a, b), v in sorted(labels.items())]


_CHUNK = 5_000
"""Pages one worker writes per task."""


@dataclass(frozen=True)
class _Pages:
    """Everything rendering needs: what each page is, and where it goes."""

    out: Path
    paths: list[str]
    specs: list[_Spec]
    articles: Sequence[Article]
    outlets: Sequence[Outlet]
    relexer: Relexer | None
    seed: int
    level: Level

    def write(self, start: int, stop: int) -> None:
        for n in range(start, stop):
            text = _render(
                self.specs[n],
                articles=self.articles,
                outlets=self.outlets,
                relexer=self.relexer,
                rng=random.Random(f"{self.seed}:{n}"),
                seed=self.seed,
                level=self.level,
            )
            (self.out / self.paths[n]).write_bytes(text.encode("utf-8"))


_adopted: list[_Pages] = []
"""A worker's plan, set once by :func:`_adopt` (a pool's task function takes no closure)."""


def _adopt(pages: _Pages) -> None:
    _adopted.append(pages)


def _write_range(bounds: tuple[int, int]) -> None:
    _adopted[0].write(*bounds)


def make_corpus(
    articles: Sequence[Article],
    out: Path,
    *,
    level: Level,
    originals: int,
    distractors: int | None = None,
    partials: int | None = None,
    total: int | None = None,
    seed: int = 1,
    workers: int = 1,
) -> Truth:
    """Write the corpus into ``out`` (created; existing pages are overwritten) and return its
    truth, also written to ``out/truth.json``. ``workers`` processes write the pages (a million
    pages take over an hour in one); the pages are the same bytes for any number."""
    rng = random.Random(f"{seed}:plan")
    related = related_articles(articles)
    n_partials = originals // 3 if partials is None else partials
    specs = plan(
        articles,
        related,
        rng,
        level=level,
        originals=originals,
        distractors=distractors,
        partials=n_partials,
        total=total,
    )
    relexer = Relexer(articles) if any(s.kind == "variant" for s in specs) else None
    slots = list(range(len(specs)))
    rng.shuffle(slots)
    paths = [f"{slot // 1000:03d}/{slot:06d}.txt" for slot in slots]
    outlets = make_outlets(random.Random(f"{seed}:outlets"))
    for directory in sorted({p.split("/")[0] for p in paths}):
        (out / directory).mkdir(parents=True, exist_ok=True)
    pages = _Pages(out, paths, specs, articles, outlets, relexer, seed, level)
    if workers <= 1 or len(specs) < 2 * _CHUNK:
        pages.write(0, len(specs))
    else:
        # Each page has its own random stream, so pages are the same bytes whichever process
        # writes them. Forked workers inherit the plan instead of unpickling it once each.
        bounds = [(i, min(i + _CHUNK, len(specs))) for i in range(0, len(specs), _CHUNK)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_adopt, initargs=(pages,)
        ) as pool:
            for _ in pool.map(_write_range, bounds):
                pass
    stories: dict[int, list[str]] = defaultdict(list)
    for path, spec in zip(paths, specs, strict=True):
        if spec.kind in ("original", "copy"):
            stories[spec.story].append(path)
    truth = Truth(
        seed=seed,
        level=level.value,
        files=len(specs),
        pairs=tuple(_truth_pairs(paths, specs, related)),
        stories=tuple(Story(p[0], tuple(p[1:])) for p in stories.values()),
        quotes=tuple(
            Quote(stories[s.story][0], path)
            for path, s in zip(paths, specs, strict=True)
            if s.kind == "quote"
        ),
    )
    truth.write(out / "truth.json")
    return truth


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--level", choices=[v.value for v in Level], default="medium")
    parser.add_argument(
        "--originals", type=int, default=None, help="stories (default 300; with --total, total/20)"
    )
    parser.add_argument("--distractors", type=int, default=2000)
    parser.add_argument("--partials", type=int, default=None, help="default originals/3")
    parser.add_argument(
        "--total",
        type=int,
        default=None,
        help="make exactly this many pages (speed study); overrides --distractors",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    originals = args.originals or (max(1, args.total // 20) if args.total else 300)
    started = time.perf_counter()
    try:
        articles = load_all(args.data)
    except CorpusMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    truth = make_corpus(
        articles,
        args.out,
        level=Level(args.level),
        originals=originals,
        distractors=args.distractors,
        partials=args.partials,
        total=args.total,
        seed=args.seed,
    )
    counts = Counter(p.label.value for p in truth.pairs)
    print(
        f"{truth.files} pages, {len(truth.stories)} stories, {len(truth.quotes)} quotes, "
        f"pairs {dict(sorted(counts.items()))} → {args.out} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
