"""TSV and CSV tables with source and target columns."""

import pytest
from repair import formats
from repair.edits import Edit
from repair.engine import apply_to_document
from repair.errors import InputError

from conftest import DATA, run_repair

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
    fixed, _ = apply_to_document(
        doc, [Edit(0, len(seg.text), 'Talent is "key".', rule_id="t/x", segment=1, original=seg.text)]
    )
    lines = formats.write_bytes(fixed).decode().split("\n")
    old = TSV.read_text(encoding="utf-8").split("\n")
    assert lines[2] == '2\t乡村振兴，人才是关键。\tTalent is "key".'
    assert lines[:2] + lines[3:] == old[:2] + old[3:]


def test_csv_quoted_rows():
    data = 'source,target,note\r\n"一,二","One, two, the the",x\r\n三,Three the the,"a ""b"""\r\n'.encode()
    doc = formats.read("t.csv", data)
    assert [(s.source, s.text, s.id) for s in doc.segments] == [
        ("一,二", "One, two, the the", "2"),
        ("三", "Three the the", "3"),
    ]
    assert formats.write_bytes(doc) == data
    from repair.engine import Engine, Settings

    fixed, _ = Engine.from_settings(Settings()).fix(doc)
    assert (
        formats.write_bytes(fixed).decode()
        == 'source,target,note\r\n"一,二","One, two, the",x\r\n三,Three the,"a ""b"""\r\n'
    )


@pytest.mark.parametrize(
    "name,data,message",
    [
        (
            "t.tsv",
            b"src\tthe english\nx\ty\n",
            "t.tsv:1: the header needs a 'source' and a 'target' column (found: 'src', 'the english')",
        ),
        ("t.csv", b'source,target\n"x,y\n', "t.csv:2: CSV syntax:"),
        ("t.csv", b"source,target\n\xe9t\xe9,summer\n", "t.csv: not valid utf-8 (invalid byte 0xe9 at byte 14)"),
    ],
)
def test_bad_tables(name, data, message):
    with pytest.raises(InputError) as exc:
        formats.read(name, data)
    assert str(exc.value).startswith(message)


@pytest.mark.parametrize(
    "name,data,message",
    [
        # fewer cells than the header, even when the source and target cells are there
        ("t.tsv", b"source\ttarget\nx\ty\nonly one cell\n", "t.tsv:3: row has 1 cells, the header has 2"),
        ("t.tsv", b"source\ttarget\tnote\nx\ty\tn\nx\ty\n", "t.tsv:3: row has 2 cells, the header has 3"),
        ("t.csv", b"source,target,note\r\nx,y\r\n", "t.csv:2: row has 2 cells, the header has 3"),
        # more cells than the header: a tab inside a target, a trailing delimiter, an unquoted comma
        ("t.tsv", b"source\ttarget\nx\ty\na\tb\tc\n", "t.tsv:3: row has 3 cells, the header has 2"),
        ("t.tsv", b"id\tsource\ttarget\n1\tx\ty\t\n", "t.tsv:2: row has 4 cells, the header has 3"),
        ("t.csv", b'source,target\r\nx,"y, z"\r\nx,y, z\r\n', "t.csv:3: row has 3 cells, the header has 2"),
        # the line of a CSV record is where it starts, after a record spanning two lines
        ("t.csv", b'source,target\n"a\nb",c\nx,y,z,w\n', "t.csv:4: row has 4 cells, the header has 2"),
        ("t.csv", b'source,target\nx,y\n"a\nb",c,d\n', "t.csv:3: row has 3 cells, the header has 2"),
    ],
)
def test_a_row_whose_cell_count_differs_from_the_header_is_an_error(name, data, message):
    with pytest.raises(InputError) as exc:
        formats.read(name, data)
    assert str(exc.value) == message


def test_blank_rows_are_skipped_not_counted():
    doc = formats.read("t.tsv", b"source\ttarget\n\nx\ty\n\n")
    assert [(s.source, s.text, s.line) for s in doc.segments] == [("x", "y", 3)]


@pytest.mark.parametrize(
    "name,data,line,cells,header",
    [
        ("pairs.tsv", "source\ttarget\nx\ty\tz\n", 2, 3, 2),
        ("pairs.csv", "source,target\nx,y\nx,y,z\n", 3, 3, 2),
    ],
)
def test_cli_row_with_extra_cells_exits_2_and_writes_nothing(tmp_path, name, data, line, cells, header):
    bad = tmp_path / name
    bad.write_text(data, encoding="utf-8")
    for command in ("check", "fix"):
        r = run_repair(command, str(bad))
        assert r.returncode == 2
        assert r.stdout == b""
        assert r.stderr.decode() == f"repair: error: {bad}:{line}: row has {cells} cells, the header has {header}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_cli_tsv_without_columns_exits_2(tmp_path):
    bad = tmp_path / "pairs.tsv"
    bad.write_text("zh\ten\n一\tone\n", encoding="utf-8")
    r = run_repair("fix", str(bad))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == (
        f"repair: error: {bad}:1: the header needs a 'source' and a 'target' column (found: 'zh', 'en')"
    )
    assert not (tmp_path / "pairs.repaired.tsv").exists()


def test_cli_check_and_fix_on_table(tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "id\tsource\ttarget\nu1\t收入达3.5亿元。\tThe the revenue reached 3.5 billion yuan.\n", encoding="utf-8"
    )
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
        "id\tsource\ttarget\nu1\t收入达3.5亿元。\tThe revenue reached 3.5 billion yuan.\n"
    )


def test_cli_fix_on_csv(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_bytes('key,src,mt\r\nk1,"他说,好","He said , the the good"\r\nk2,是,Yes\r\n'.encode())
    r = run_repair("fix", str(path))
    assert r.returncode == 0, r.stderr
    assert (
        tmp_path / "pairs.repaired.csv"
    ).read_bytes() == 'key,src,mt\r\nk1,"他说,好","He said, the good"\r\nk2,是,Yes\r\n'.encode()
