"""TSV and CSV tables with source and target columns."""

import pytest
from conftest import DATA, run_repair

from repair import formats
from repair.edits import Edit
from repair.engine import apply_to_document
from repair.errors import InputError

TSV = DATA / "bilingual" / "online-b.tsv"
CSV = DATA / "bilingual" / "online-b.csv"


@pytest.mark.parametrize("path,fmt", [(TSV, "tsv"), (CSV, "csv")])
def test_round_trip_is_byte_identical(path, fmt):
    doc = formats.read(path)
    assert doc.format == fmt
    assert len(doc.segments) == 12
    assert (doc.segments[1].id, doc.segments[1].source, doc.segments[1].line) == ("2", "乡村振兴，人才是关键。", 3)
    assert formats.write_bytes(doc) == path.read_bytes()


def test_tsv_edit_replaces_only_the_target_cell():
    doc = formats.read(TSV)
    seg = doc.segments[1]
    fixed, _ = apply_to_document(doc, [Edit(0, len(seg.text), 'Talent is "key".', rule_id="t/x", segment=1,
                                            original=seg.text)])
    lines = formats.write_bytes(fixed).decode().split("\n")
    old = TSV.read_text(encoding="utf-8").split("\n")
    assert lines[2] == '2\t乡村振兴，人才是关键。\tTalent is "key".'
    assert lines[:2] + lines[3:] == old[:2] + old[3:]


def test_csv_quoted_rows():
    data = 'source,target,note\r\n"一,二","One, two, the the",x\r\n三,Three the the,"a ""b"""\r\n'.encode()
    doc = formats.read("t.csv", data)
    assert [(s.source, s.text, s.id) for s in doc.segments] == [
        ("一,二", "One, two, the the", "2"), ("三", "Three the the", "3")]
    assert formats.write_bytes(doc) == data
    from repair.engine import Engine, Settings

    fixed, _ = Engine.from_settings(Settings()).fix(doc)
    assert formats.write_bytes(fixed).decode() == 'source,target,note\r\n"一,二","One, two, the",x\r\n三,Three the,"a ""b"""\r\n'


@pytest.mark.parametrize("name,data,message", [
    ("t.tsv", b"src\tthe english\nx\ty\n", "t.tsv:1: the header needs a 'source' and a 'target' column (found: 'src', 'the english')"),
    ("t.tsv", b"source\ttarget\nx\ty\nonly one cell\n", "t.tsv:3: a row with 1 cells; the header has 2"),
    ("t.csv", b'source,target\n"x,y\n', "t.csv:2: CSV syntax:"),
    ("t.csv", b"source,target\n\xe9t\xe9,summer\n", "t.csv: not valid utf-8 (invalid byte 0xe9 at byte 14)"),
])
def test_bad_tables(name, data, message):
    with pytest.raises(InputError) as exc:
        formats.read(name, data)
    assert str(exc.value).startswith(message)


def test_cli_tsv_without_columns_exits_2(tmp_path):
    bad = tmp_path / "pairs.tsv"
    bad.write_text("zh\ten\n一\tone\n", encoding="utf-8")
    r = run_repair("fix", str(bad))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (f"repair: error: {bad}:1: the header needs a 'source' and a 'target' column "
                                         "(found: 'zh', 'en')")
    assert not (tmp_path / "pairs.repaired.tsv").exists()


def test_cli_check_and_fix_on_table(tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("id\tsource\ttarget\nu1\t收入达3.5亿元。\tThe the revenue reached 3.5 billion yuan.\n", encoding="utf-8")
    r = run_repair("check", str(pairs))
    assert r.returncode == 1
    assert r.stdout.decode().splitlines()[:3] == [
        f"{pairs}:2:4: mt-en/repetition/function-word [fluency/grammar, minor] a function word written twice: "
        "' the' -> '' (safe)",
        f"{pairs}:2:25: bilingual/numbers/changed [accuracy/mistranslation, major] a number the source does not have: "
        "'3.5 billion' (3,500,000,000) is not in the source: no automatic fix",
        f"{pairs}:2:42: bilingual/numbers/missing [accuracy/omission, major] a number of the source is missing: "
        "the source's 350,000,000 not found in the target: no automatic fix",
    ]
    r = run_repair("fix", str(pairs))
    assert r.returncode == 1
    assert (tmp_path / "pairs.repaired.tsv").read_text(encoding="utf-8") == (
        "id\tsource\ttarget\nu1\t收入达3.5亿元。\tThe revenue reached 3.5 billion yuan.\n")


def test_cli_fix_on_csv(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_bytes('key,src,mt\r\nk1,"他说,好","He said , the the good"\r\nk2,是,Yes\r\n'.encode())
    r = run_repair("fix", str(path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "pairs.repaired.csv").read_bytes() == 'key,src,mt\r\nk1,"他说,好","He said, the good"\r\nk2,是,Yes\r\n'.encode()
