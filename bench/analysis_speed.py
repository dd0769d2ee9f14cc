"""Study: document analysis (``dupcheck.text.analyse``) against a reference commit, same outputs.

Analysis (segmentation, boilerplate rules, the matching form of each sentence) runs on every
document a scan verifies and on both sides of a ``compare``. This study analyses every document
of the real corpora twice, with the code of a reference commit (``REFERENCE``: the commit before
the analysis speed work of issue 17) and with the working tree, and reports:

- **identical**: documents whose ``Analysis`` (sentences, spans, norms, paragraphs, boilerplate
  spans and kinds, the document itself) is the same object for both, compared through a digest
  of its ``repr``; any difference is a changed decision and is listed;
- **speed**: CPU seconds of ``analyse`` per 1,000 documents, the median of ``ROUNDS`` rounds,
  reference and working tree alternating round by round in their own processes, so both meet
  the same load on a shared machine. Reading and decoding the files is not timed.

The reference code is taken from git (``git archive``) into a temporary folder and put first on
the path of its process; nothing of it is kept in the repository. Documents are read once, in
this process, and handed to both as a pickle, so both analyse exactly the same strings.

Corpora (all real): Reuters-21578 stories as materialised files (title, blank line, body) and
as the raw wire bodies (hard-wrapped, with the teletype codes and the ``Reuter`` sign-off),
BBC News files, PAN 2013 source and suspicious documents, the Clough–Stevenson answers and
sources, and the MSRP and STS-B sentences one per document.

    python -m bench analysis --data ../shared/corpora [--quick]
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import pickle
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.common import MissingCorpus, require, study_main, table
from dupcheck.errors import InputError
from dupcheck.text.intake import read_document
from dupcheck.text.types import Document

REFERENCE = "17f8e21e34cfeff2774ee02a97bd2922b901a0d2"
"""The commit whose ``dupcheck`` the working tree is compared with."""
ROUNDS, QUICK_ROUNDS = 5, 2
QUICK_EVERY = 10
"""--quick analyses every tenth document of each corpus."""
REPO = Path(__file__).resolve().parent.parent

_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)


def _files(paths: list[Path], prefix: str) -> Iterator[Document]:
    """The files as ``dupcheck`` reads them; a file it refuses (binary, empty) is left out."""
    for path in paths:
        try:
            document = read_document(path)
        except InputError:
            continue
        yield Document(f"{prefix}/{path.name}", document.text, document.encoding)


def _reuters_pages(data: Path) -> Iterator[Document]:
    from bench.corpora import load_reuters
    from bench.wire.common import page

    for article in load_reuters(data):
        yield Document(article.id, page(article))


def _reuters_raw(data: Path) -> Iterator[Document]:
    root = data / "reuters-21578"
    for path in sorted(root.glob("reut2-*.sgm")):
        sgml = path.read_text(encoding="latin-1")
        for k, body in enumerate(_BODY.finditer(sgml)):
            story_start = sgml.rfind("<REUTERS", 0, body.start())
            title = _TITLE.search(sgml, story_start, body.start())
            head = html.unescape(title.group(1)) + "\n" if title else ""
            yield Document(f"{path.name}#{k}", head + html.unescape(body.group(1)))


def _sentences(data: Path) -> Iterator[Document]:
    seen: dict[str, None] = {}
    with (data / "msrp" / "msr_paraphrase_train.txt").open(encoding="utf-8-sig") as handle:
        next(handle)
        for line in handle:
            cells = line.rstrip("\r\n").split("\t")
            if len(cells) >= 5:
                seen.update(dict.fromkeys(cells[3:5]))
    for name in ("sts-train.csv", "sts-dev.csv"):
        with (data / "sts-benchmark" / name).open(encoding="utf-8") as handle:
            for line in handle:
                cells = line.rstrip("\r\n").split("\t")
                if len(cells) >= 7:
                    seen.update(dict.fromkeys(cells[5:7]))
    for k, sentence in enumerate(s for s in seen if s.strip()):
        yield Document(f"sentence/{k}", sentence)


CORPORA: dict[str, tuple[str, Callable[[Path], Iterator[Document]]]] = {
    "reuters": ("reuters-21578", _reuters_pages),
    "reuters-raw": ("reuters-21578", _reuters_raw),
    "bbc": ("bbc-news", lambda d: _files(sorted((d / "bbc-news").glob("*/*.txt")), "bbc")),
    "pan13-a": (
        "pan13-a",
        lambda d: _files(
            sorted((d / "pan13-a" / "src").glob("*.txt"))
            + sorted((d / "pan13-a" / "susp").glob("*.txt")),
            "pan",
        ),
    ),
    "clough": (
        "clough-stevenson",
        lambda d: _files(sorted((d / "clough-stevenson").glob("*/*.txt")), "clough"),
    ),
    "sentences": ("msrp", _sentences),
}
"""Name: (the folder under --data it needs, its documents in a fixed order)."""


def documents(data: Path, corpus: str, *, quick: bool = False) -> list[Document]:
    folder, load = CORPORA[corpus]
    require(data / folder)
    docs = list(load(data))
    return docs[::QUICK_EVERY] if quick else docs


def digest(analysis: object) -> str:
    """What two analyses must share to be the same: every field, through the dataclass repr."""
    data = repr(analysis).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def measure(docs_file: Path, rounds: int, with_digests: bool) -> dict[str, object]:
    """Analyse the pickled documents ``rounds`` times in this process: CPU seconds per round,
    and each document's digest (from the first round) when asked."""
    from dupcheck.text.analyse import analyse

    docs: list[Document] = pickle.loads(docs_file.read_bytes())
    times: list[float] = []
    digests: list[str] = []
    for k in range(rounds):
        start = time.process_time()
        analyses = [analyse(d) for d in docs]
        times.append(time.process_time() - start)
        if k == 0 and with_digests:
            digests = [digest(a) for a in analyses]
        del analyses
    import dupcheck

    return {"times": times, "digests": digests, "code": str(Path(dupcheck.__file__).parent)}


def reference_tree(out: Path) -> Path:
    """The ``dupcheck`` package of ``REFERENCE``, extracted under ``out``."""
    archive = out / "reference.tar"
    try:
        subprocess.run(
            ["git", "archive", "--format=tar", "-o", str(archive), REFERENCE, "dupcheck"],
            cwd=REPO,
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise MissingCorpus(REPO / ".git") from exc
    tree = out / "reference"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def measure_in(
    code: Path, docs_file: Path, rounds: int, with_digests: bool
) -> tuple[list[float], list[str]]:
    """``measure`` in a fresh process whose ``dupcheck`` is the one under ``code``.

    Run from ``code`` as well: ``-m`` puts the working folder first on the path, before
    ``PYTHONPATH`` and the installed ``dupcheck``.
    """
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.analysis_speed", "--measure", str(docs_file), str(rounds)]
        + (["--digests"] if with_digests else []),
        env=env,
        cwd=code,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stdout)
    if Path(result["code"]).resolve() != (code / "dupcheck").resolve():
        raise RuntimeError(f"measured {result['code']}, meant {code / 'dupcheck'}")
    return [float(t) for t in result["times"]], [str(d) for d in result["digests"]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One corpus analysed by the reference and by the working tree."""

    documents: int
    chars: int
    different: list[str]
    """Names of the documents whose analyses differ."""
    old: float
    """Median CPU seconds of the reference over all documents."""
    new: float
    """The same for the working tree."""


def compare_corpus(
    corpus: str, docs: list[Document], reference: Path, rounds: int, work: Path
) -> Outcome:
    """Digests and CPU times of the reference and the working tree on ``docs``."""
    docs_file = work / f"{corpus}.pickle"
    docs_file.write_bytes(pickle.dumps(docs, protocol=pickle.HIGHEST_PROTOCOL))
    old_times: list[float] = []
    new_times: list[float] = []
    old_digests: list[str] = []
    new_digests: list[str] = []
    for k in range(rounds):
        # One round each, alternating: a burst of load on the machine then meets both.
        old, old_found = measure_in(reference, docs_file, 1, k == 0)
        new, new_found = measure_in(REPO, docs_file, 1, k == 0)
        old_times += old
        new_times += new
        if k == 0:
            old_digests, new_digests = old_found, new_found
    different = [d.name for d, a, b in zip(docs, old_digests, new_digests, strict=True) if a != b]
    docs_file.unlink()
    return Outcome(
        documents=len(docs),
        chars=sum(len(d.text) for d in docs),
        different=different,
        old=statistics.median(old_times),
        new=statistics.median(new_times),
    )


def run(data: Path, *, quick: bool = False) -> str:
    rounds = QUICK_ROUNDS if quick else ROUNDS
    rows = []
    listed: list[str] = []
    total_old = total_new = 0.0
    total_docs = total_same = 0
    with tempfile.TemporaryDirectory(prefix="dupcheck-analysis-") as tmp:
        work = Path(tmp)
        reference = reference_tree(work)
        for corpus in CORPORA:
            docs = documents(data, corpus, quick=quick)
            found = compare_corpus(corpus, docs, reference, rounds, work)
            n, different, old, new = found.documents, found.different, found.old, found.new
            total_old, total_new = total_old + old, total_new + new
            total_docs, total_same = total_docs + n, total_same + n - len(different)
            rows.append(
                [
                    corpus,
                    f"{n:,}",
                    f"{found.chars / max(n, 1):,.0f}",
                    f"{n - len(different):,}",
                    f"{len(different):,}",
                    f"{1000 * old / max(n, 1):.3f}",
                    f"{1000 * new / max(n, 1):.3f}",
                    f"{old / new:.2f}x" if new else "-",
                ]
            )
            listed += [f"{corpus}: {name}" for name in different[:10]]
            print(rows[-1], flush=True)
    rows.append(
        [
            "all",
            f"{total_docs:,}",
            "",
            f"{total_same:,}",
            f"{total_docs - total_same:,}",
            f"{1000 * total_old / max(total_docs, 1):.3f}",
            f"{1000 * total_new / max(total_docs, 1):.3f}",
            f"{total_old / total_new:.2f}x" if total_new else "-",
        ]
    )
    headers = [
        "corpus",
        "documents",
        "chars/doc",
        "identical",
        "different",
        f"CPU s / 1k docs, {REFERENCE[:7]}",
        "CPU s / 1k docs, now",
        "speed-up",
    ]
    body = table(headers, rows)
    print(body)
    lines = [
        "## Document analysis: speed and identical output",
        "",
        "`dupcheck.text.analyse` on every document of each corpus"
        f"{' (every tenth)' if quick else ''}, with the code of `{REFERENCE[:7]}` and with"
        " this commit's, each in its own process;"
        f" CPU seconds per 1,000 documents, median of {rounds} alternating rounds (reading the"
        " files not timed). Identical: the whole `Analysis` (sentences, spans, norms,"
        " paragraphs, boilerplate spans and kinds) the same for both.",
        "",
        body,
    ]
    if listed:
        lines += ["", "Different (first ten per corpus):", "", *(f"- {x}" for x in listed)]
    return "\n".join(lines)


def _measure_main(argv: list[str]) -> None:
    docs_file, rounds = Path(argv[0]), int(argv[1])
    print(json.dumps(measure(docs_file, rounds, "--digests" in argv)))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        _measure_main(sys.argv[2:])
    else:
        study_main(run, __doc__)
