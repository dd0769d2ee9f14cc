"""Which files a scan reads when it is given files and folders rather than one folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from dupcheck.corpus.sources import common_root, gather
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import InputError
from tests.cli.test_scan_command import write


def test_common_root_is_the_deepest_folder_holding_every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"a/x/1.txt": "one", "a/y/2.txt": "two", "b/3.txt": "three"})
    monkeypatch.chdir(tmp_path)
    assert common_root([Path("a/x/1.txt")]) == Path("a/x")
    assert common_root([Path("a/x/1.txt"), Path("a/y/2.txt")]) == Path("a")
    assert common_root([Path("a/x"), Path("b/3.txt")]) == Path(".")
    assert common_root([Path("a/x/1.txt"), tmp_path / "a" / "y"]) == tmp_path / "a"
    assert common_root([]) == Path(".")


def test_listed_files_are_new_and_left_out_of_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        {
            "articles/wire/a.txt": "a",
            "articles/site/b.txt": "b",
            "articles/site/c.txt": "c",
            "articles/.hidden/d.txt": "d",
            "articles/pyproject.toml": "",
            "notes.yml": "x: 1",
        },
    )
    monkeypatch.chdir(tmp_path)
    listed = [
        Path("articles/site/b.txt"),
        Path("articles/site/b.txt"),  # listed twice, read once
        Path("articles/.hidden/d.txt"),  # hidden: never an article
        Path("articles/pyproject.toml"),  # configuration: never an article
        Path("notes.yml"),  # not an included kind of file
    ]
    found = gather(listed, ScanOptions(), against=Path("articles"))
    assert found.root == Path(".")
    assert [s.name for s in found.new] == ["articles/site/b.txt"]
    # The archive holds every other article of the folder, the changed one excepted.
    assert [s.name for s in found.archive] == ["articles/site/c.txt", "articles/wire/a.txt"]


def test_a_listed_folder_is_walked_and_excludes_apply_from_the_common_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"n/one.txt": "1", "n/drafts/two.txt": "2", "m/three.txt": "3"})
    monkeypatch.chdir(tmp_path)
    found = gather([Path("n"), Path("m/three.txt")], ScanOptions(exclude=("drafts",)))
    assert [s.name for s in found.new] == ["m/three.txt", "n/one.txt"]


def test_a_missing_listed_path_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": "a"})
    with pytest.raises(InputError, match="no such file or directory"):
        gather([tmp_path / "a.txt", tmp_path / "gone.txt"], ScanOptions())
