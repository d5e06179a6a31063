"""PO files: read with polib, write back byte for byte, mark changed entries."""

import shutil
import subprocess

import pytest
from repair import formats
from repair.bilingual import mark_changes
from repair.edits import Edit
from repair.engine import apply_to_document
from repair.errors import InputError
from repair.formats.splice import annotate

from conftest import SAMPLES, run_repair

PO = SAMPLES / "wmt21-zh-en.njusc-tsc.po"
PO_REPAIRED = SAMPLES / "wmt21-zh-en.njusc-tsc.repaired.po"

SMALL = """# Translator comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. extracted
#: src/a.c:10
#, c-format
msgid "Hello %s"
msgstr "Hello %s the the {0}"

msgctxt "menu"
msgid "File"
msgstr ""
"multi "
"line\\n"

msgid "one"
msgid_plural "many"
msgstr[0] "one"
msgstr[1] "many"

#~ msgid "old"
#~ msgstr "alt"
"""


def test_sample_reads_entries_with_source():
    doc = formats.read(PO)
    assert doc.format == "po"
    assert len(doc.segments) == 30
    assert doc.segments[0].source == "商务部指出，汇率问题超出了成员按照世界贸易组织规则进行反补贴调查的权限。"
    assert doc.segments[0].text.startswith("The Ministry of Commerce pointed out")
    assert doc.segments[0].line == 13


def test_round_trip_is_byte_identical():
    assert formats.write_bytes(formats.read(PO)) == PO.read_bytes()
    assert formats.write_bytes(formats.read("s.po", SMALL.encode())) == SMALL.encode()


def test_segments_skip_header_plural_and_obsolete():
    doc = formats.read("s.po", SMALL.encode())
    assert [(s.id, s.text, s.source) for s in doc.segments] == [
        ("Hello %s", "Hello %s the the {0}", "Hello %s"),
        ("menu\x04File", "multi line\n", "File"),
    ]
    seg = doc.segments[0]
    assert [seg.text[s:e] for s, e in seg.protected] == ["%s", "{0}"]


def test_fix_rewrites_only_the_msgstr_and_adds_a_comment(engine):
    doc = formats.read("s.po", SMALL.encode())
    fixed, rounds = engine.fix(doc)
    out = formats.write_bytes(mark_changes(fixed, rounds)).decode()
    assert out == SMALL.replace("#. extracted\n", "# repair: mt-en/repetition/function-word\n#. extracted\n").replace(
        'msgstr "Hello %s the the {0}"', 'msgstr "Hello %s the {0}"'
    )


def test_a_changed_msgstr_is_written_as_polib_writes_it():
    doc = formats.read("s.po", SMALL.encode())
    fixed, applied = apply_to_document(doc, [Edit(0, 5, "single", rule_id="t/x", segment=1, original="multi")])
    out = formats.write_bytes(mark_changes(fixed, [applied])).decode()
    assert 'msgid "File"\nmsgstr "single line\\n"\n\nmsgid "one"' in out
    assert '# repair: t/x\nmsgctxt "menu"' in out


def test_cli_fix_reproduces_the_repaired_sample(tmp_path):
    r = run_repair("fix", str(PO), "-o", str(tmp_path / "out.po"))
    assert r.returncode == 1, r.stderr
    assert (tmp_path / "out.po").read_bytes() == PO_REPAIRED.read_bytes()
    r = run_repair("fix", "--no-mark", str(PO), "-o", str(tmp_path / "plain.po"))
    assert (tmp_path / "plain.po").read_text(encoding="utf-8") == PO_REPAIRED.read_text(encoding="utf-8").replace(
        "# repair: mt-en/characters/space-before-possessive\n", ""
    )


def test_latin1_charset_is_kept():
    text = SMALL.replace("charset=UTF-8", "charset=ISO-8859-1").replace("Hello %s the the", "Caf\u00e9 %s the the")
    data = text.encode("latin-1")
    doc = formats.read("l.po", data)
    assert doc.segments[0].text == "Caf\u00e9 %s the the {0}"
    assert formats.write_bytes(doc) == data


@pytest.mark.parametrize(
    "data,message",
    [
        (b'msgid "a"\nmsgstr "b\nfoo\n', "bad.po:2: PO syntax error: unterminated string"),
        (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=NOPE-9\\n"\n', "bad.po: unknown encoding 'NOPE-9'"),
        (b"", "bad.po: empty file: nothing to repair"),
    ],
)
def test_bad_po_is_one_line_error(data, message):
    with pytest.raises(InputError) as exc:
        formats.read("bad.po", data)
    assert str(exc.value) == message


def test_cli_po_syntax_error_exits_2(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b\nfoo\n', encoding="utf-8")
    r = run_repair("fix", str(bad))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == f"repair: error: {bad}:2: PO syntax error: unterminated string"
    assert not (tmp_path / "bad.repaired.po").exists()


# --- entries that are not preceded by a header: polib numbers the file's first entry 0 -------

#: (file text, segment lines, the text after replacing both targets (marked), their lines then)
LAYOUTS = [
    pytest.param(
        'msgid "a"\nmsgstr "one"\n\nmsgid "b"\nmsgstr "two"\n',
        [2, 5],
        '# repair: t/a\nmsgid "a"\nmsgstr "ONE"\n\n# repair: t/b\nmsgid "b"\nmsgstr "TWO"\n',
        [3, 7],
        id="no header",
    ),
    pytest.param(
        '\n\nmsgid "a"\nmsgstr "one"\n\nmsgid "b"\nmsgstr "two"',
        [4, 7],
        '\n\n# repair: t/a\nmsgid "a"\nmsgstr "ONE"\n\n# repair: t/b\nmsgid "b"\nmsgstr "TWO"',
        [5, 9],
        id="blank lines first",
    ),
    pytest.param(
        '# file comment\n#, fuzzy\nmsgid "a"\nmsgstr "one"\n\nmsgid "b"\nmsgstr "two"\n',
        [4, 7],
        '# repair: t/a\n# file comment\n#, fuzzy\nmsgid "a"\nmsgstr "ONE"\n\n# repair: t/b\nmsgid "b"\nmsgstr "TWO"\n',
        [5, 9],
        id="comments first",
    ),
    pytest.param(
        '\n# Copyright\n\n#. x\nmsgid "a"\nmsgstr ""\n"one"\n\nmsgid "b"\nmsgstr "two"\n',
        [6, 10],
        '\n# repair: t/a\n# Copyright\n\n#. x\nmsgid "a"\nmsgstr "ONE"\n\n# repair: t/b\nmsgid "b"\nmsgstr "TWO"\n',
        [7, 11],
        id="blank, comment, blank first",
    ),
    pytest.param(
        'msgctxt "c"\nmsgid "a"\nmsgstr "one"\n\nmsgid "b"\nmsgstr "two"\n',
        [3, 6],
        '# repair: t/a\nmsgctxt "c"\nmsgid "a"\nmsgstr "ONE"\n\n# repair: t/b\nmsgid "b"\nmsgstr "TWO"\n',
        [4, 8],
        id="msgctxt first",
    ),
    pytest.param(
        '# repair: old/rule\nmsgid "a"\nmsgstr "one"\n\nmsgid "b"\nmsgstr "two"\n',
        [3, 6],
        '# repair: t/a\nmsgid "a"\nmsgstr "ONE"\n\n# repair: t/b\nmsgid "b"\nmsgstr "TWO"\n',
        [3, 7],
        id="marked before",
    ),
    pytest.param(
        'msgid "a"\r\nmsgstr "one"\r\n\r\nmsgid "b"\r\nmsgstr "two"\r\n',
        [2, 5],
        '# repair: t/a\r\nmsgid "a"\r\nmsgstr "ONE"\r\n\r\n# repair: t/b\r\nmsgid "b"\r\nmsgstr "TWO"\r\n',
        [3, 7],
        id="CRLF",
    ),
    pytest.param(
        '\ufeffmsgid "a"\nmsgstr "one"\n\nmsgid "b"\nmsgstr "two"\n',
        [2, 5],
        '\ufeff# repair: t/a\nmsgid "a"\nmsgstr "ONE"\n\n# repair: t/b\nmsgid "b"\nmsgstr "TWO"\n',
        [3, 7],
        id="BOM",
    ),
    pytest.param(
        '\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "one"\n\n'
        'msgid "b"\nmsgstr "two"\n',
        [6, 9],
        '\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n# repair: t/a\nmsgid "a"\n'
        'msgstr "ONE"\n\n# repair: t/b\nmsgid "b"\nmsgstr "TWO"\n',
        [7, 11],
        id="header after a blank line",
    ),
]


def _replace_all(doc, marking=True):
    """Each target upper-cased by rule ``t/<source>``, written back with or without marks."""
    edits = [
        Edit(0, len(s.text), s.text.upper(), rule_id=f"t/{s.source}", segment=s.index, original=s.text)
        for s in doc.segments
    ]
    fixed, applied = apply_to_document(doc, edits)
    return formats.write_bytes(mark_changes(fixed, [applied]) if marking else annotate(fixed, {}, False)).decode()


@pytest.mark.parametrize("text,lines,changed,lines_then", LAYOUTS)
def test_first_entry_without_header_is_found_where_it_is(text, lines, changed, lines_then):
    doc = formats.read("t.po", text.encode())
    assert [(s.source, s.text, s.line) for s in doc.segments] == [("a", "one", lines[0]), ("b", "two", lines[1])]
    assert formats.write_bytes(doc) == text.encode()
    assert _replace_all(doc) == changed
    unmarked = changed.replace("# repair: t/a", "# repair: old/rule") if "old/rule" in text else changed
    for mark in ("# repair: t/a\r\n", "# repair: t/b\r\n", "# repair: t/a\n", "# repair: t/b\n"):
        unmarked = unmarked.replace(mark, "")
    assert _replace_all(doc, marking=False) == unmarked
    # the output reads back (marked once more: the marks are replaced, not added)
    again = formats.read("t.po", changed.encode())
    assert [(s.source, s.text, s.line) for s in again.segments] == [
        ("a", "ONE", lines_then[0]),
        ("b", "TWO", lines_then[1]),
    ]
    edits = [
        Edit(0, 3, s.text.title(), rule_id=f"t/{s.source}", segment=s.index, original=s.text) for s in again.segments
    ]
    fixed, applied = apply_to_document(again, edits)
    assert formats.write_bytes(mark_changes(fixed, [applied])).decode() == changed.replace('"ONE"', '"One"').replace(
        '"TWO"', '"Two"'
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
@pytest.mark.parametrize("text,lines,changed,lines_then", LAYOUTS)
def test_first_entry_without_header_output_is_valid_for_msgfmt(tmp_path, text, lines, changed, lines_then):
    out = tmp_path / "out.po"
    out.write_text(
        _replace_all(formats.read("t.po", text.encode())).removeprefix("\ufeff"),  # msgfmt reads no BOM
        encoding="utf-8",
    )
    r = subprocess.run(["msgfmt", "-o", "/dev/null", str(out)], capture_output=True, text=True)
    assert (r.returncode, r.stderr) == (0, "")


def test_cli_fix_of_a_po_file_without_header(tmp_path):
    """QA repro: the first entry kept its msgstr, a second mark and msgstr were appended."""
    two = tmp_path / "two.po"
    two.write_text(
        'msgid "a"\nmsgstr "one of the the"\n\nmsgid "b"\nmsgstr "resuming production and production"\n',
        encoding="utf-8",
    )
    r = run_repair("check", str(two))
    assert r.returncode == 1
    assert [line.split(": ")[0] for line in r.stdout.decode().splitlines()[:2]] == [f"{two}:2:11", f"{two}:5:10"]
    r = run_repair("fix", "--unsafe-fixes", str(two), "-o", str(tmp_path / "two2.po"))
    assert r.returncode == 0, r.stderr
    assert r.stderr.decode() == f"{two}: 2 fixes applied -> {tmp_path / 'two2.po'}\n"
    assert (tmp_path / "two2.po").read_text(encoding="utf-8") == (
        '# repair: mt-en/repetition/function-word\nmsgid "a"\nmsgstr "one of the"\n\n'
        '# repair: zh-en/coordination/work-and-production\nmsgid "b"\nmsgstr "resuming work and production"\n'
    )
    r = run_repair("fix", "--unsafe-fixes", "--no-mark", str(two), "-o", str(tmp_path / "two3.po"))
    assert (tmp_path / "two3.po").read_text(encoding="utf-8") == (
        'msgid "a"\nmsgstr "one of the"\n\nmsgid "b"\nmsgstr "resuming work and production"\n'
    )


# --- syntax errors polib lets through: a one-line error at the offending line, exit 2 ---------

#: (file text, the error) for files msgfmt rejects too
SYNTAX_ERRORS = [
    # unterminated strings, whatever the keyword, in continuations, obsolete and previous lines
    (
        'msgid "hello"\nmsgstr "production and production"\n\nmsgid "x\nmsgstr "y"\n',
        "4: PO syntax error: unterminated string",
    ),
    ('msgid "a"\nmsgstr ""\n"b\n', "3: PO syntax error: unterminated string"),
    ('msgid "a"\nmsgstr "b\\"\n', "2: PO syntax error: unterminated string"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c\n', "4: PO syntax error: unterminated string"),
    ('msgid "a"\nmsgstr "b"\n\n#~ msgid "c\n#~ msgstr "d"\n', "4: PO syntax error: unterminated string"),
    ('#| msgid "a\nmsgid "a"\nmsgstr "b"\n', "1: PO syntax error: unterminated string"),
    ('msgid "a"\r\nmsgstr "b\r\n', "2: PO syntax error: unterminated string"),
    # what a string may hold and be followed by
    ('msgid "a" b\nmsgstr ""\n', "1: PO syntax error: text after the closing quote: 'b'"),
    ('msgid "a"\nmsgstr "b\\q"\n', '2: PO syntax error: invalid escape sequence "\\q"'),
    ('msgid "a"\nmsgstr "\\x"\n', '2: PO syntax error: invalid escape sequence "\\x"'),
    ('msgid\nmsgstr "b"\n', "1: PO syntax error: expected a quoted string after msgid"),
    ('msgid a\nmsgstr "b"\n', "1: PO syntax error: expected a quoted string, found 'a'"),
    (
        'msgid "a"\nmsgstr "b"\nfoo bar\n',
        "3: PO syntax error: expected a keyword, a string or a comment, found 'foo bar'",
    ),
    ('"x"\nmsgid "a"\nmsgstr "b"\n', "1: PO syntax error: a string outside an entry"),
    ('msgid "a"\nmsgstr "b"\n# c\n"d"\n', "4: PO syntax error: a string outside an entry"),
    # entries left incomplete (at the line of their last keyword) or keywords out of order
    ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', "4: PO syntax error: msgid without msgstr"),
    ('msgid "a"\n# c\nmsgid "b"\nmsgstr "x"\n', "1: PO syntax error: msgid without msgstr"),
    ('msgid "a"\nmsgid "b"\nmsgstr "x"\n', "1: PO syntax error: msgid without msgstr"),
    ('msgid "a"\nmsgid_plural "as"\n', "2: PO syntax error: msgid_plural without msgstr[N]"),
    ('msgid "a"\nmsgstr "b"\nmsgctxt "c"\n', "3: PO syntax error: msgctxt without msgid"),
    ('msgctxt "c"\nmsgstr "b"\n', "2: PO syntax error: msgstr after msgctxt"),
    ('msgstr "b"\n', "1: PO syntax error: msgstr without msgid"),
    ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', "3: PO syntax error: msgstr after msgstr"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', "3: PO syntax error: msgstr after msgid_plural"),
    ('msgid "a"\nmsgstr[0] "b"\n', "2: PO syntax error: msgstr[0] after msgid"),
    ('msgid "a"\n#~ msgstr "b"\n', "2: PO syntax error: an entry with both obsolete (#~) and live lines"),
    (
        '#| msgid "o"\n#~ msgid "b"\n#~ msgstr "c"\n',
        "2: PO syntax error: an entry with both obsolete (#~) and live lines",
    ),
    # previous (#|) lines: msgctxt, msgid, msgid_plural in order, right before the entry
    ('#| msgstr "a"\nmsgid "a"\nmsgstr "b"\n', "1: PO syntax error: msgstr in a #| (previous) line"),
    ('#| msgid "old"\n#, fuzzy\nmsgid "b"\nmsgstr "c"\n', "1: PO syntax error: #| msgid without the entry's msgid"),
    ('#| msgctxt "old"\nmsgid "b"\nmsgstr "c"\n', "1: PO syntax error: #| msgctxt without #| msgid"),
    ('#| msgid_plural "old"\nmsgid "b"\nmsgstr "c"\n', "1: PO syntax error: #| msgid_plural without #| msgid"),
    ('msgid "a"\nmsgstr "b"\n#| msgid "old"\n', "3: PO syntax error: #| msgid without the entry's msgid"),
    ('#| msgid "o"\n"x"\nmsgid "b"\nmsgstr "c"\n', "2: PO syntax error: a string after #| msgid"),
]

#: valid for msgfmt, but not readable by polib (which would fail or misread them): refused
POLIB_CANNOT_READ = [
    ('msgid"a"\nmsgstr "b"\n', "1: PO syntax error: expected a space between msgid and its string"),
    (
        '#x. comment\nmsgid "a"\nmsgstr "b"\n',
        "1: PO syntax error: a comment marked '#x.', not '# ', '#.', '#:', '#,', '#|' or '#~'",
    ),
    ('#~\nmsgid "a"\nmsgstr "b"\n', "1: PO syntax error: an empty #~ line"),
    ('#~ #| msgid "o"\n#~ msgid "b"\n#~ msgstr "c"\n', "1: PO syntax error: #| after #~"),
]

#: valid PO (for msgfmt and polib) that the check must let through
VALID = [
    'msgid "a"\n\nmsgstr "b"\n',
    '  msgid "a"\n\tmsgstr "b"  \n',
    'msgid "a"\nmsgstr "\\x41\\101\\0\\a\\b\\f\\v\\r\\t\\n\\\\\\""\n',
    'msgid "a"\nmsgstr "b"\n#, fuzzy\n',
    '#| msgctxt "c"\n#| msgid "old"\n#| msgid_plural "olds"\n#| "x"\nmsgctxt "c"\nmsgid "b"\nmsgid_plural "bs"\n'
    'msgstr[0] "c"\nmsgstr[1] ""\n"d"\n',
    'msgid "a"\nmsgstr "b"\n\n#~ #. old\n#~| msgid "o"\n#~ msgid "c"\n#~ msgstr ""\n#~ "d"\n',
    'msgid "a"\nmsgid_plural "as"\nmsgstr[0]"b"\n',
    '## double\n#\n#:\nmsgid "a"\nmsgstr "b"\n',
]


@pytest.mark.parametrize("text,message", SYNTAX_ERRORS + POLIB_CANNOT_READ)
def test_po_syntax_errors_are_one_line_errors_at_their_line(text, message):
    with pytest.raises(InputError) as exc:
        formats.read("bad.po", text.encode())
    assert str(exc.value) == "bad.po:" + message


@pytest.mark.parametrize("text", VALID)
def test_valid_po_passes_the_syntax_check_and_round_trips(text):
    assert formats.write_bytes(formats.read("ok.po", text.encode())) == text.encode()


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
@pytest.mark.parametrize(
    "text,valid",
    [(t, False) for t, _ in SYNTAX_ERRORS] + [(t, True) for t, _ in POLIB_CANNOT_READ] + [(t, True) for t in VALID],
)
def test_msgfmt_agrees_on_what_is_valid(tmp_path, text, valid):
    path = tmp_path / "m.po"
    path.write_bytes(text.encode())
    r = subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert (r.returncode == 0) == valid, r.stderr


def test_indented_and_split_msgstr_is_replaced_whole():
    text = '  msgid "a"\n\tmsgstr ""\n\n"one"\n\n  " two"\n\nmsgid "b"\nmsgstr "x"\n'
    doc = formats.read("t.po", text.encode())
    assert [(s.text, s.line) for s in doc.segments] == [("one two", 2), ("x", 9)]
    assert _replace_all(doc, marking=False) == '  msgid "a"\n\tmsgstr "ONE TWO"\n\nmsgid "b"\nmsgstr "X"\n'


def test_cli_po_syntax_error_in_an_entry_after_a_good_one(tmp_path):
    """QA repro: `check` reported a finding at line 0 and `fix` wrote a copy."""
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "hello"\nmsgstr "production and production"\n\nmsgid "x\nmsgstr "y"\n', encoding="utf-8")
    for args in (["check"], ["fix"], ["fix", "--unsafe-fixes", "-o", str(tmp_path / "out.po")]):
        r = run_repair(*args, str(bad))
        assert (r.returncode, r.stdout) == (2, b"")
        assert r.stderr.decode() == f"repair: error: {bad}:4: PO syntax error: unterminated string\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.po"]
