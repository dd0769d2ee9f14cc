"""Scans of fsspec URLs on a real Dask LocalCluster: ``file://`` URLs, and ``s3://`` URLs of a
real S3 server on this machine (moto's, over HTTP), give the report of the same files scanned
from a local path; reading through a URL skips, limits and detects changes as a local read does.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dupcheck.cli.app import main
from dupcheck.corpus import pipeline, reading
from dupcheck.corpus.dask_records import locate
from dupcheck.corpus.reading import Origin, ReadTask
from dupcheck.corpus.sources import discover_url
from dupcheck.corpus.types import ScanOptions
from dupcheck.corpus.walk import discover, read_file
from dupcheck.errors import InputError
from tests._dask import cluster_client
from tests._stories import story

distributed = pytest.importorskip("distributed")
fsspec = pytest.importorskip("fsspec")
pyarrow = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from dupcheck.dask import scan  # noqa: E402

LIMIT = 6000
"""--max-bytes of these scans: the big file and the long JSONL line are over it."""
OPTIONS = ScanOptions(
    jobs=1,
    include=("*.txt", "*.html", "*.jsonl", "*.parquet"),
    exclude=("drafts",),
    max_bytes=LIMIT,
)
FLAGS = [
    *(f"--include={glob}" for glob in OPTIONS.include),
    "--exclude=drafts",
    f"--max-bytes={LIMIT}",
    "-q",
    "--exit-zero",
]
BUCKET = "articles"


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of stories in text, HTML, JSONL and Parquet, and what a scan skips or leaves out."""
    root = tmp_path_factory.mktemp("urls") / "corpus"
    for n in range(4):
        _write(root / f"wire/{n}.txt", story(n))
        _write(root / f"sites/a/{n}.txt", f"SITE A\n\n{story(n)}\n\nShare this story.")
    page = "<html><body><article><h1>Harbour</h1>{}</article><footer>Menu</footer></body></html>"
    paragraphs = "".join(f"<p>{p}</p>" for p in story(1).split("\n\n"))
    _write(root / "sites/b/page.html", page.format(paragraphs))
    feed = [{"id": f"f{n}", "text": story(n % 3) + f"\n\nFeed note {n}."} for n in range(4)]
    lines = [json.dumps(r) for r in feed] + ["not json", json.dumps({"id": "x"})]
    lines.append(json.dumps({"id": "long", "text": "word " * LIMIT}))
    _write(root / "feed.jsonl", "\n".join(lines) + "\n")
    rows = [(f"p{n}", story(n % 2) + f"\n\nParquet note {n}.") for n in range(5)]
    table = pyarrow.table({"id": [r[0] for r in rows], "text": [r[1] for r in rows]})
    (root / "tables").mkdir()
    pq.write_table(table, root / "tables/feed.parquet", row_group_size=2)
    _write(root / "empty.txt", b"")
    _write(root / "binary.txt", b"\x00\x01binary")
    _write(root / "big.txt", story(7) * 4)
    _write(root / ".hidden/copy.txt", story(0))
    _write(root / "drafts/copy.txt", story(0))
    _write(root / "pyproject.toml", "[project]\nname = 'not-articles'\n")
    return root


@pytest.fixture(scope="module")
def s3(tree: Path) -> Iterator[Any]:
    """A real S3 server (moto's, over HTTP on this machine) holding the tree under
    ``s3://articles/corpus``, and fsspec configured for it here and in processes started now;
    the tree's files get the objects' modification times, so that both date them alike."""
    moto_server = pytest.importorskip("moto.server")
    s3fs = pytest.importorskip("s3fs")
    import fsspec.config

    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "FSSPEC_S3_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_ACCESS_KEY_ID": "dupcheck-test",
        "AWS_SECRET_ACCESS_KEY": "dupcheck-test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    fsspec.config.conf["s3"] = {"endpoint_url": env["FSSPEC_S3_ENDPOINT_URL"]}
    try:
        fs = s3fs.S3FileSystem(endpoint_url=env["FSSPEC_S3_ENDPOINT_URL"])
        fs.mkdir(BUCKET)
        for path in sorted(tree.rglob("*")):
            if path.is_file():
                key = f"{BUCKET}/corpus/{path.relative_to(tree).as_posix()}"
                fs.pipe(key, path.read_bytes())
                stamp = fs.modified(key).timestamp()
                os.utime(path, (stamp, stamp))
        fs.invalidate_cache()
        yield fs
    finally:
        fsspec.config.conf.pop("s3", None)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        server.stop()


S3_PACKAGES = all(importlib.util.find_spec(name) for name in ("moto", "s3fs"))
"""The test extra brings both; without them only the ``s3://`` tests skip."""


@pytest.fixture(scope="module")
def client(request: pytest.FixtureRequest) -> Iterator[Any]:
    if S3_PACKAGES:
        # Started after the S3 server: the worker processes inherit its configuration.
        request.getfixturevalue("s3")
    with cluster_client() as connected:
        yield connected


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "READ_CHUNK", 3)


def _report(args: list[str], fmt: str) -> bytes:
    result = CliRunner().invoke(main, ["scan", *args, "--format", fmt, *FLAGS])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def _rooted(report: bytes, root: str) -> bytes:
    """The JSON report with its root, the one field that names the place scanned, set."""
    data = json.loads(report)
    assert isinstance(data["root"], str)
    return report.replace(json.dumps(data["root"]).encode(), json.dumps(root).encode(), 1)


@pytest.mark.parametrize("where", ["file", "s3"])
def test_a_url_scan_gives_the_report_of_the_same_files_scanned_locally(
    client: Any, tree: Path, where: str
) -> None:
    url = tree.as_uri() if where == "file" else f"s3://{BUCKET}/corpus"
    address = client.scheduler.address
    remote = {}
    for fmt in ("json", "csv"):
        local = _report([str(tree), "-j", "1"], fmt)
        remote[fmt] = _report([url, "--engine", "dask", "--scheduler", address], fmt)
        if fmt == "json":
            assert json.loads(remote[fmt])["root"] == url  # the URL as given
            local = _rooted(local, url)
        assert remote[fmt] == local
    data = json.loads(remote["json"])
    names = {name for c in data["clusters"] for name in c["members"]}
    assert {"feed.jsonl#f0", "tables/feed.parquet#p0", "sites/b/page.html"} <= names
    skipped = {s["path"]: s["reason"] for s in data["skipped"]}
    assert skipped["big.txt"].startswith(f"{len((tree / 'big.txt').read_bytes()):,} bytes is over")
    assert {"empty.txt", "binary.txt", "feed.jsonl:5", "feed.jsonl:6", "feed.jsonl:7"} <= set(
        skipped
    )
    assert not any(n.startswith((".hidden/", "drafts/", "pyproject")) for n in [*names, *skipped])


def test_the_library_scans_a_url_as_the_local_folder(client: Any, tree: Path) -> None:
    url = tree.as_uri()
    found = scan(url, client=client, options=OPTIONS)
    assert found.root == url
    assert replace(found, root=str(tree)) == pipeline.scan(tree, options=OPTIONS)
    assert found.pairs


def test_a_url_of_one_feed_is_that_feed(client: Any, tree: Path) -> None:
    found = scan(f"s3://{BUCKET}/corpus/feed.jsonl", client=client, options=OPTIONS)
    assert found.root == f"s3://{BUCKET}/corpus"
    assert found == replace(pipeline.scan([tree / "feed.jsonl"], options=OPTIONS), root=found.root)


@pytest.mark.parametrize("where", ["file", "s3"])
def test_the_listing_of_a_url_is_the_walk_of_the_folder(tree: Path, s3: Any, where: str) -> None:
    url = tree.as_uri() if where == "file" else f"s3://{BUCKET}/corpus"
    root, listed = discover_url(url, OPTIONS)
    assert root == url
    walked = discover(tree, OPTIONS)
    assert [s.name for s in listed] == [s.name for s in walked]
    assert all(s.path.startswith(f"{where}://") for s in listed)


@pytest.mark.parametrize("where", ["file", "s3"])
def test_reading_a_file_through_a_url_is_reading_it_here(tree: Path, s3: Any, where: str) -> None:
    _, listed = discover_url(tree.as_uri() if where == "file" else f"s3://{BUCKET}/corpus", OPTIONS)
    by_name = {s.name: s for s in discover(tree, OPTIONS)}
    for source in listed:
        here = by_name[source.name]
        assert list(read_file(source.path, source.name, OPTIONS)) == list(
            read_file(here.path, here.name, OPTIONS)
        ), source.name


def test_a_file_changed_behind_its_url_since_the_read_is_reported(tree: Path, s3: Any) -> None:
    for name, data in (("plain.txt", story(3)), ("feed.jsonl", json.dumps({"text": story(4)}))):
        s3.pipe(f"{BUCKET}/changing/{name}", data.encode())
    url = f"s3://{BUCKET}/changing"
    task = ReadTask([(f"{url}/plain.txt", "plain.txt", "", ""), (f"{url}/feed.jsonl", "feed.jsonl",
                     "", "")], OPTIONS)  # fmt: skip
    batch = reading._read_chunk(task)
    plain = Origin("plain.txt", f"{url}/plain.txt", None, LIMIT, batch.fingerprints[0])
    (record,) = locate(task, batch).values()
    assert plain.document().text == story(3)
    assert record.document().text == story(4)
    # Same sizes, one letter changed: only the content tells.
    s3.pipe(f"{BUCKET}/changing/plain.txt", story(3).replace("a", "e", 1).encode())
    s3.pipe(f"{BUCKET}/changing/feed.jsonl", json.dumps({"text": story(4).replace("a", "e", 1)}))
    for origin in (plain, record):
        with pytest.raises(InputError, match="changed since it was read"):
            origin.document()
    s3.rm(f"{BUCKET}/changing/plain.txt")
    with pytest.raises(InputError, match="no such file"):
        plain.document()


def _one_line_error(args: list[str]) -> str:
    result = CliRunner().invoke(main, ["scan", *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    return line


def test_the_local_engine_given_a_url_says_to_use_dask(tree: Path) -> None:
    line = _one_line_error([tree.as_uri()])
    assert line.startswith(f"dupcheck: error: {tree.as_uri()}: a URL is read by the Dask engine")
    assert "--engine dask" in line


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["s3://articles/none"], "s3://articles/none: no such scanned directory"),
        (["s3://articles/corpus", "--format", "sarif"], "the sarif report points at files"),
        (["s3://articles/corpus", "--against", "old"], "scanned on its own, without --against"),
        (["s3://articles/corpus", "more"], "a URL is scanned on its own"),
    ],
)
def test_a_url_scan_that_cannot_run_is_one_line_and_exit_2(
    client: Any, args: list[str], says: str
) -> None:
    line = _one_line_error([*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert line.startswith("dupcheck: error: ")
    assert says in line
