"""The bench corpus tools: loaders, syndication edits, corpus maker, truth scoring, baseline.

Everything runs on small fictional articles written here; the real corpora are never needed.
"""

from __future__ import annotations

import random
import re
from itertools import combinations
from pathlib import Path

import pytest

from bench.baseline_datasketch import run_baseline
from bench.corpora import Article, clean_reuters_body, exact_groups, load_bbc, load_reuters
from bench.outlets import Layout, make_outlets, typeset
from bench.related import related_articles
from bench.syndicate import Level, reword_dates, sentences, syndicated_paragraphs
from bench.synth import FUNCTION_WORDS, Relexer, make_corpus
from bench.truth import Found, Label, LabelledPair, Story, Truth, evaluate

STORIES = [
    Article(
        "reuters/1",
        "HARBOUR TOWN APPROVES NEW FERRY LINK",
        """\
The council of Port Aldren on Tuesday approved a new ferry link to the island of Skerra, ending \
a decade of debate over how to connect the two communities, officials said.

The service will run four times a day from next spring and is expected to carry about 300,000 \
passengers a year, according to a council report published last week.

Council leader Maria Oduya said the vote was a turning point. "People on Skerra have waited far \
too long for a reliable crossing," she told a packed meeting in the town hall.

Critics said the 12 million dlr budget was too small for two new vessels and warned that fares \
would rise within two years. A local fishermen's group said it would challenge the plan.

The council said it would publish the tender documents next week and expected the first ship to \
be ordered before the end of the summer.""",
        "ship",
    ),
    Article(
        "bbc/tech/001",
        "Robot librarian trial extended",
        """\
A robot that fetches books in a city library will stay for another year after a trial proved \
popular with readers, the library service has said.

The machine, nicknamed Dewey by staff, retrieved more than 40,000 books in six months and was \
fixed only twice, according to figures released on Monday.

Librarian Tom Achterberg said visitors had warmed to the robot quickly. "Children queue up to \
watch it glide between the shelves, and older readers like that it never loses a book," he said.

The service said the robot had freed staff to run reading groups and help people with computer \
skills, but unions want a guarantee that no jobs will be cut.

Other libraries in the region are now studying the trial, and two of them have asked to borrow \
the machine for a month next year.""",
        "tech",
    ),
    Article(
        "reuters/2",
        "GRAIN SILO FIRM REPORTS RECORD HARVEST VOLUMES",
        """\
Northern Grain Storage Co said it handled a record 2.4 mln tonnes of wheat and barley in the \
season to June, up 15 pct from a year earlier, as farmers brought in an unusually large crop.

The company said its silos along the river were full for the first time since they opened, and \
that it had rented extra space from a rival to cope with late deliveries.

Chief executive Paul Verhoeven said the firm would spend about 30 mln dlrs on two new silos. "We \
cannot turn farmers away again next year," he told shareholders at the annual meeting.

Analysts said the record volumes would lift profits in the second half, although higher power \
costs for drying the grain would eat into margins.

Shares in the company rose two pct on the news, the biggest gain on the regional exchange on \
Thursday.""",
        "grain",
    ),
    Article(
        "bbc/sport/002",
        "Village club reaches cup final",
        """\
A village football club whose players include a baker, two teachers and a vet has reached the \
final of the county cup for the first time in its history.

Little Marden beat a side from the league above them 2-1 on Saturday, with a late header from \
defender Sam Okoro settling a tense semi-final in front of 800 fans.

Manager Jill Carraway said her squad had trained on a borrowed pitch all winter after floods \
damaged their own ground. "This is for everyone who helped us dig the mud out," she said.

The club will play the holders in the final next month, and the parish council has promised to \
put up a big screen in the village hall for those who cannot travel.

Tickets went on sale on Monday and sold out within an hour, the county association said.""",
        "sport",
    ),
]

_SYLLABLES = ("ka", "lo", "mi", "ter", "van", "dor", "si", "pel", "ru", "nat", "bo", "que", "lin")


def _salad(rng: random.Random, words: int) -> str:
    """Prose-shaped text from invented words: no two salads share a 6-word run."""
    vocab = ["".join(rng.choices(_SYLLABLES, k=rng.randint(1, 3))) for _ in range(400)]
    paras = []
    for _ in range(4):
        sents = [" ".join(rng.choices(vocab, k=12)).capitalize() + "." for _ in range(words // 48)]
        paras.append(" ".join(sents))
    return "\n\n".join(paras)


def _pool(n: int = 40) -> list[Article]:
    rng = random.Random(7)
    filler = [
        Article(f"bbc/misc/{i:03d}", f"Filler {i}", _salad(rng, 160), rng.choice(["tech", "x"]))
        for i in range(n)
    ]
    twin = Article("reuters/900", "TWIN", filler[0].body, "ship")
    return [*STORIES, *filler, twin]


_STRAIGHT: dict[str, str | int | None] = {"“": '"', "”": '"', "‘": "'", "’": "'"}


def _fold(text: str) -> str:
    text = text.translate(str.maketrans(_STRAIGHT))
    return " ".join(text.split())


# --- loaders -----------------------------------------------------------------------------------

SGML = """<REUTERS TOPICS="YES" NEWID="7">
<TEXT>&#2;
<TITLE>ACME &lt;ACM&gt; SAYS PROFIT UP</TITLE>
<DATELINE>    NEW YORK, March 2 - </DATELINE><BODY>Acme Corp said profit rose in the
quarter, helped by AT&amp;T orders.
&\\tThe company did not give figures.
    Shr 10 cts vs eight cts
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="8"><TEXT><TITLE>NO BODY HERE</TITLE></TEXT></REUTERS>
"""


def test_reuters_body_is_cleaned() -> None:
    body = clean_reuters_body(SGML.split("<BODY>")[1].split("</BODY>", maxsplit=1)[0])
    assert body == (
        "Acme Corp said profit rose in the quarter, helped by AT&T orders.\n\n"
        "The company did not give figures.\n\nShr 10 cts vs eight cts"
    )


def test_loaders_read_small_corpora(tmp_path: Path) -> None:
    (tmp_path / "reuters-21578").mkdir()
    (tmp_path / "reuters-21578" / "reut2-000.sgm").write_bytes(SGML.encode("latin-1"))
    (tmp_path / "bbc-news" / "sport").mkdir(parents=True)
    (tmp_path / "bbc-news" / "sport" / "001.txt").write_bytes(
        "Caf\xe9 wins\n\nThe caf\xe9 team won.\n\nFans cheered.\n".encode("latin-1")
    )
    (tmp_path / "bbc-news" / "sport" / "002.txt").write_text("Other\n\nThe café team won.\n")
    reuters = list(load_reuters(tmp_path))
    bbc = list(load_bbc(tmp_path))
    assert [(a.id, a.title) for a in reuters] == [("reuters/7", "ACME <ACM> SAYS PROFIT UP")]
    assert bbc[0] == Article(
        "bbc/sport/001", "Café wins", "The café team won.\n\nFans cheered.", "sport"
    )
    assert bbc[0].paragraphs == ("The café team won.", "Fans cheered.")
    same = Article("bbc/sport/003", "x", "THE CAFÉ  TEAM\nwon.", "sport")
    assert exact_groups([*bbc, same]) == [("bbc/sport/002", "bbc/sport/003")]


def test_missing_corpus_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="reuters-21578"):
        list(load_reuters(tmp_path))


# --- edits -------------------------------------------------------------------------------------


def test_sentences_respect_news_abbreviations() -> None:
    text = 'Mr. Smith met U.S. officials on Monday. "It went well," he said. Talks end Friday.'
    assert sentences(text) == [
        "Mr. Smith met U.S. officials on Monday.",
        '"It went well," he said.',
        "Talks end Friday.",
    ]


def test_relative_dates_are_reworded() -> None:
    out = reword_dates("He said on Tuesday that talks last week failed.", random.Random(1), 1.0)
    assert "on Tuesday" not in out
    assert "last week" not in out
    assert reword_dates("Tuesday's match went ahead.", random.Random(1), 1.0) == (
        "Tuesday's match went ahead."
    )


def test_typesetting_switches_quote_styles() -> None:
    outlets = make_outlets(random.Random(3))
    curly = next(o for o in outlets if o.quotes == "curly")
    straight = next(o for o in outlets if o.quotes == "straight")
    text = '"It\'s here," she said - and left.'
    assert typeset(text, curly).startswith("“It’s here,” she said")
    assert typeset(typeset(text, curly), straight).startswith('"It\'s here," she said')


def test_light_copy_keeps_every_sentence_but_dates() -> None:
    paras = list(STORIES[0].paragraphs)
    for seed in range(20):
        copy = syndicated_paragraphs(paras, ["Local news."], random.Random(seed), Level.LIGHT)
        assert len(copy) == len(paras)
        undated = [re.sub(r"\b(on Tuesday|last week|next week)\b", "", p) for p in paras]
        assert sum(a == b for a, b in zip(copy, paras, strict=True)) >= sum(
            a == p for a, p in zip(undated, paras, strict=True)
        )


@pytest.mark.parametrize(("level", "most_dropped"), [(Level.MEDIUM, 0.3), (Level.HEAVY, 0.5)])
def test_stronger_levels_trim_move_and_add(level: Level, most_dropped: float) -> None:
    paras = [p for s in STORIES for p in s.paragraphs]  # 20 paragraphs
    local = ["Local schools will close early in the county for the holiday.", "Roads reopen."]
    changed = 0
    for seed in range(30):
        copy = syndicated_paragraphs(paras, local, random.Random(seed), level)
        kept = [p for p in copy if p not in local]
        assert len(kept) >= len(paras) * (1 - most_dropped) - 1
        assert local[0] in copy
        assert copy[0][:20] == paras[0][:20]  # the lead stays first
        changed += sum(p not in paras for p in kept)
    assert changed > 0


# --- corpus maker ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    out = tmp_path_factory.mktemp("synth")
    truth = make_corpus(
        _pool(), out, level=Level.MEDIUM, originals=4, distractors=20, partials=2, seed=5
    )
    return out, truth


def test_truth_describes_the_written_files(corpus: tuple[Path, Truth]) -> None:
    out, truth = corpus
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert len(files) == truth.files
    assert Truth.read(out / "truth.json") == truth
    assert all(p.a < p.b and {p.a, p.b} <= set(files) for p in truth.pairs)
    assert len({(p.a, p.b) for p in truth.pairs}) == len(truth.pairs)
    assert len(truth.stories) == 4
    assert all(1 <= len(s.copies) <= 3 for s in truth.stories)


def test_every_page_of_a_story_is_a_duplicate_of_the_others(corpus: tuple[Path, Truth]) -> None:
    _, truth = corpus
    labels = truth.labels()
    expected = {
        tuple(sorted(pair))
        for s in truth.stories
        for pair in combinations((s.original, *s.copies), 2)
    }
    assert {k for k, v in labels.items() if v is Label.DUPLICATE} == expected


def test_quoting_stories_carry_the_original_paragraphs(corpus: tuple[Path, Truth]) -> None:
    out, truth = corpus
    labels = truth.labels()
    assert len(truth.quotes) == 2
    for quote in truth.quotes:
        pair = tuple(sorted((quote.source, quote.quoting)))
        assert labels[pair] is Label.PARTIAL  # type: ignore[index]
        story = next(s for s in truth.stories if s.original == quote.source)
        for copy in story.copies:
            assert labels[tuple(sorted((copy, quote.quoting)))] is Label.ANY  # type: ignore[index]
        source = next(
            a
            for a in _pool()
            if _fold(a.paragraphs[1][:40]) in _fold((out / quote.source).read_text())
        )
        quoting = _fold((out / quote.quoting).read_text())
        assert (
            sum(_fold(p).replace('"', "'") in quoting.replace('"', "'") for p in source.paragraphs)
            >= 1
        )


def test_real_duplicates_in_the_pool_are_labelled_any(tmp_path: Path) -> None:
    # Every free article is needed, so both halves of the twin pair are written out.
    pool = _pool(12)
    truth = make_corpus(pool, tmp_path, level=Level.LIGHT, originals=2, distractors=50, seed=2)
    texts = {
        p: _fold((tmp_path / p).read_text())
        for p in (q.relative_to(tmp_path).as_posix() for q in tmp_path.rglob("*.txt"))
    }
    marker = _fold(pool[-1].body)[:60]
    twins = sorted(p for p, t in texts.items() if marker in t)
    assert len(twins) == 2
    assert truth.labels()[(twins[0], twins[1])] is Label.ANY


def test_same_seed_same_corpus(tmp_path: Path) -> None:
    def make(out: Path) -> dict[str, bytes]:
        make_corpus(_pool(), out, level=Level.HEAVY, originals=3, distractors=10, seed=9)
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.*")}

    assert make(tmp_path / "a") == make(tmp_path / "b")


def test_workers_write_the_same_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def make(out: Path, workers: int) -> dict[str, bytes]:
        make_corpus(
            _pool(10), out, level=Level.MEDIUM, originals=3, total=90, seed=4, workers=workers
        )
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.*")}

    # Small tasks, so both workers write pages and the pool really runs.
    monkeypatch.setattr("bench.synth._CHUNK", 7)
    alone = make(tmp_path / "one", 1)
    assert len(alone) == 91
    assert make(tmp_path / "two", 2) == alone


def test_total_reaches_its_size_with_variants_that_share_no_text(tmp_path: Path) -> None:
    pool = _pool(10)
    truth = make_corpus(pool, tmp_path, level=Level.LIGHT, originals=2, total=120, seed=3)
    assert truth.files == 120 == len(list(tmp_path.rglob("*.txt")))
    relexer = Relexer(STORIES)
    base = STORIES[0].body
    variants = [relexer.relex(base, k) for k in (1, 2)]
    grams = [
        {tuple(t.split()[i : i + 5]) for i in range(len(t.split()) - 4)} for t in (base, *variants)
    ]
    assert grams[0].isdisjoint(grams[1]) and grams[1].isdisjoint(grams[2])
    assert [len(v.split()) for v in variants] == [len(base.split())] * 2
    assert "300,000" in base
    assert all("300,000" not in v for v in variants)
    # Only function words survive in place: no content word, unit or figure of the source.
    for variant in variants:
        kept = [w for w, v in zip(base.split(), variant.split(), strict=True) if w == v]
        assert kept and all(w.lower().strip('.,"') in FUNCTION_WORDS for w in kept)


def test_variants_of_two_template_stories_share_no_template() -> None:
    # Two payout notices written from one template, as the wire sends hundreds of them: re-lexed
    # at different distances (as neighbours in the plan are), they keep no content word alike.
    notices = [
        "Qtly div six cts vs six cts prior Pay April 17 Record April 3",
        "Qtly div six cts vs six cts prior Pay April 10 Record March 31",
    ]
    relexer = Relexer([*STORIES, *(Article("reuters/9", "X", n) for n in notices)])
    one, two = relexer.relex(notices[0], 1).split(), relexer.relex(notices[1], 2).split()
    alike = [w for w, v in zip(one, two, strict=True) if w == v]
    assert all(w.lower() in FUNCTION_WORDS for w in alike)


def test_outlets_cover_every_layout() -> None:
    outlets = make_outlets(random.Random(1))
    assert {o.layout for o in outlets} == set(Layout)
    assert len({o.name for o in outlets}) == len(outlets)


# --- truth scoring and baseline ----------------------------------------------------------------


def test_evaluate_counts_hits_misses_and_ignores_any() -> None:
    truth = Truth(
        1,
        "medium",
        6,
        (
            LabelledPair("a", "b", Label.DUPLICATE),
            LabelledPair("a", "c", Label.DUPLICATE),
            LabelledPair("a", "d", Label.PARTIAL),
            LabelledPair("b", "d", Label.ANY),
        ),
        (Story("a", ("b", "c")),),
    )
    pr = evaluate(
        [Found("b", "a"), Found("a", "d", Label.PARTIAL), Found("b", "d"), Found("e", "f")], truth
    )
    assert (pr.duplicate_recall, pr.duplicate_precision) == (0.5, 0.5)
    assert (pr.partial_recall, pr.reported_any, pr.reported) == (1.0, 1, 4)
    assert pr.precision == pytest.approx(2 / 3)


def test_baseline_finds_near_copies_only(tmp_path: Path) -> None:
    texts = {
        "a.txt": STORIES[0].body,
        "b.txt": STORIES[0].body + "\n\nOne more line at the end.",
        "c.txt": STORIES[1].body,
        "d.txt": "",
        "e.txt": STORIES[2].body,
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    pairs = run_baseline(sorted(tmp_path.iterdir()), root=tmp_path)
    assert [(a, b) for a, b, _ in pairs] == [("a.txt", "b.txt")]
    assert 0.9 < pairs[0][2] <= 1.0


def test_one_story_told_twice_is_related_but_a_template_is_not() -> None:
    first = Article(
        "reuters/1",
        "ACME <ACM> TO SELL FERRY UNIT",
        (
            "Acme Corp said it agreed to sell its Harbour Line ferry unit to Skerra Holdings for "
            "120 mln dlrs, ending a decade of losses at the business.\n\n"
            "The sale is expected to close in the second quarter, subject to approval by the "
            "Maritime Board, Acme said."
        ),
    )
    second = Article(
        "reuters/2",
        "ACME <ACM> AGREES FERRY UNIT SALE",
        (
            "Acme Corp has agreed to sell Harbour Line to Skerra Holdings for 120 mln dlrs.\n\n"
            "The sale is expected to close in the second quarter, subject to approval by the "
            "Maritime Board, the company said."
        ),
    )
    template = Article(
        "reuters/3",
        "BETA <BET> TO SELL BUS UNIT",
        (
            "Beta Inc said it agreed to sell its Northway bus unit to Aldren Group "
            "for 45 mln dlrs, "
            "ending two years of losses at the business.\n\n"
            "The sale is expected to close in the third quarter, subject to approval by the "
            "Transit Board, Beta said."
        ),
    )
    related = related_articles([first, second, template])
    assert related[0] == {1} and related[1] == {0}
    assert 2 not in related
