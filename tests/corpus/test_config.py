"""Configuration from [tool.dupcheck] or dupcheck.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dupcheck.align.types import CompareOptions, Verdict
from dupcheck.corpus.config import ConfigValues, load_config
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import ConfigError


def test_no_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == ConfigValues()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_config(tmp_path) == ConfigValues()


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.dupcheck]\n"
        'exclude = ["drafts/*"]\n'
        "jobs = 1\n"
        "lsh_threshold = 0.75\n"
        'fail_on = "partial"\n'
        'format = "json"\n'
        'baseline = ".dupcheck-baseline.json"\n'
        "exit_zero = true\n"
        "[tool.dupcheck.compare]\n"
        "duplicate_coverage = 0.6\n"
        "partial_coverage = 1\n"
    )
    config = load_config(tmp_path)
    assert config.path == tmp_path / "pyproject.toml"
    assert config.options.exclude == ("drafts/*",)
    assert config.options.jobs == 1
    assert config.options.lsh_threshold == 0.75
    # A TOML integer where a fraction is due is taken as that number (0 and 1 are no LSH
    # threshold, so the conversion is seen on a coverage).
    assert config.options.compare.partial_coverage == 1.0
    assert isinstance(config.options.compare.partial_coverage, float)
    assert config.options.compare.duplicate_coverage == 0.6
    assert config.options.include == ScanOptions().include
    assert config.fail_on is Verdict.PARTIAL
    assert config.format == "json"
    assert config.baseline == tmp_path / ".dupcheck-baseline.json"
    assert config.exit_zero is True


def test_dupcheck_toml_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.dupcheck]\njobs = 3\n")
    (tmp_path / "dupcheck.toml").write_text('jobs = 2\ninclude = ["*.txt"]\n')
    config = load_config(tmp_path)
    assert config.path == tmp_path / "dupcheck.toml"
    assert (config.options.jobs, config.options.include) == (2, ("*.txt",))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ('jobs = "two"\n', "jobs must be a non-negative integer"),
        ("jobs = true\n", "jobs must be a non-negative integer"),
        ("jobs = -1\n", "jobs must be a non-negative integer"),
        ('include = "*.txt"\n', "include must be a list of strings"),
        ("exit_zero = 1\n", "exit_zero must be true or false"),
        ('scheme = "md5"\n', "scheme must be one of"),
        ('fail_on = "distinct"\n', "fail_on must be one of"),
        ("[compare]\nwhatever = 1\n", "unknown key compare.'whatever'"),
        ("compare = 3\n", "compare must be a table"),
        ("jobs = \n", "invalid TOML"),
    ],
)
def test_errors_are_one_line(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "dupcheck.toml").write_text(content)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert message in str(info.value)
    assert str(tmp_path / "dupcheck.toml") in str(info.value)
    assert "\n" not in str(info.value)


def test_section_must_be_a_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool]\ndupcheck = "yes"\n')
    with pytest.raises(ConfigError, match="must be a table"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("max_bytes = 0", "max_bytes must be a positive integer"),
        ("num_perm = 0", "num_perm must be a positive integer"),
        ("fine_modulus = 0", "fine_modulus must be a positive integer"),
        ("lsh_threshold = 1.5", "lsh_threshold must be a number from 0 to 1"),
        (
            "[compare]\nduplicate_coverage = 5",
            "compare.duplicate_coverage must be a number from 0 to 1",
        ),
        ("[compare]\nshingle_size = 0", "compare.shingle_size must be a positive integer"),
        ("[compare]\nformula_share = 1.5", "compare.formula_share must be a number from 0 to 1"),
        ("[compare]\ntemplate_figures = 0", "compare.template_figures must be a positive integer"),
    ],
)
def test_out_of_range_values_are_refused(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "dupcheck.toml").write_text(content + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(tmp_path)


def test_zero_jobs_still_means_every_core(tmp_path: Path) -> None:
    (tmp_path / "dupcheck.toml").write_text("jobs = 0\n", encoding="utf-8")
    assert load_config(tmp_path).options.jobs == 0


def test_a_weight_may_exceed_one(tmp_path: Path) -> None:
    (tmp_path / "dupcheck.toml").write_text(
        "[compare]\nmin_passage_weight = 120\n", encoding="utf-8"
    )
    assert load_config(tmp_path).options.compare.min_passage_weight == 120.0


def test_every_float_option_is_a_fraction_or_a_listed_weight() -> None:
    """A new float option with a default above 1 must be declared, or files could not set it."""
    from dataclasses import fields

    from dupcheck.align.types import CompareOptions
    from dupcheck.corpus.config import _UNBOUNDED

    for options in (CompareOptions(), ScanOptions()):
        for f in fields(options):
            value = getattr(options, f.name)
            if isinstance(value, float) and f.name not in _UNBOUNDED:
                assert 0.0 <= value <= 1.0, f.name


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("formula_share", 1.5),
        ("template_share", -0.1),
        ("template_names", 0),
        ("template_figures", 0),
    ],
)
def test_compare_options_refuse_a_template_rule_that_takes_every_pair(
    name: str, value: float
) -> None:
    given: dict[str, Any] = {name: value}
    with pytest.raises(ValueError, match=name):
        CompareOptions(**given)
