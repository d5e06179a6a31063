"""Line-aligned plain files: ``--source article.zh.txt article.en.txt``."""

import pytest
from repair import formats
from repair.errors import InputError
from repair.formats.aligned import attach_source

from conftest import run_repair


@pytest.fixture()
def pair(tmp_path):
    zh = tmp_path / "article.zh.txt"
    en = tmp_path / "article.en.txt"
    zh.write_text("收入达3.5亿元。\n复工复产\n", encoding="utf-8")
    en.write_text("Revenue reached 3.5 billion yuan.\n复工复产\n", encoding="utf-8")
    return zh, en


def test_attach_source_fills_every_segment(pair):
    zh, en = pair
    doc = attach_source(formats.read(en), str(zh))
    assert [(s.text, s.source) for s in doc.segments] == [
        ("Revenue reached 3.5 billion yuan.", "收入达3.5亿元。"),
        ("复工复产", "复工复产"),
    ]
    assert formats.write_bytes(doc) == en.read_bytes()


def test_cli_check_with_source(pair):
    zh, en = pair
    r = run_repair("check", "--select", "bilingual", "--source", str(zh), str(en))
    assert r.returncode == 1
    assert r.stdout.decode().splitlines() == [
        f"{en}:1:17: bilingual/numbers/changed [accuracy/mistranslation, major] a number the source does not have: "
        "'3.5 billion' (3,500,000,000) is not in the source: no automatic fix",
        f"{en}:1:34: bilingual/numbers/missing [accuracy/omission, major] a number of the source is missing: "
        "the source's 350,000,000 not found in the target: no automatic fix",
        f"{en}:2:1: bilingual/untranslated/segment [accuracy/untranslated, critical] the segment is not translated: "
        "the target is the source: no automatic fix",
        "3 findings in 1 file: 0 safe fixes (`repair fix`), 0 unsafe fixes (`--unsafe-fixes`), 3 to review by hand",
    ]


def test_without_source_the_source_aware_rules_are_silent(pair):
    _, en = pair
    r = run_repair("check", "--select", "bilingual", str(en))
    assert r.returncode == 0
    assert r.stdout.decode().strip() == "no findings in 1 file"


def test_misaligned_files_exit_2_and_write_nothing(pair, tmp_path):
    zh, en = pair
    zh.write_text("一\n二\n三\n", encoding="utf-8")
    r = run_repair("fix", "--source", str(zh), str(en))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (
        f"repair: error: {en}: misaligned with the source {zh}: 2 lines against 3 (no line 3 in the shorter file)"
    )
    assert not (tmp_path / "article.en.repaired.txt").exists()


def test_source_with_two_targets_or_a_bilingual_file(pair, tmp_path):
    zh, en = pair
    r = run_repair("check", "--source", str(zh), str(en), str(en))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == f"repair: error: {zh}: --source goes with one target file, not 2"
    with pytest.raises(InputError):
        attach_source(formats.read("x.tsv", b"source\ttarget\na\tb\n"), str(zh))
