"""PO files: read with polib, write back byte for byte, mark changed entries."""

import pytest
from conftest import SAMPLES, run_repair

from repair import formats
from repair.bilingual import mark_changes
from repair.edits import Edit
from repair.engine import apply_to_document
from repair.errors import InputError

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
    assert out == SMALL.replace('#. extracted\n', '# repair: mt-en/repetition/function-word\n#. extracted\n').replace(
        'msgstr "Hello %s the the {0}"', 'msgstr "Hello %s the {0}"')


def test_a_changed_msgstr_is_written_as_polib_writes_it():
    doc = formats.read("s.po", SMALL.encode())
    seg = doc.segments[1]
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
        "# repair: mt-en/characters/space-before-possessive\n", "")


def test_latin1_charset_is_kept():
    text = SMALL.replace("charset=UTF-8", "charset=ISO-8859-1").replace("Hello %s the the", "Caf\u00e9 %s the the")
    data = text.encode("latin-1")
    doc = formats.read("l.po", data)
    assert doc.segments[0].text == "Caf\u00e9 %s the the {0}"
    assert formats.write_bytes(doc) == data


@pytest.mark.parametrize("data,message", [
    (b'msgid "a"\nmsgstr "b\nfoo\n', "bad.po:3: PO syntax error"),
    (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=NOPE-9\\n"\n', "bad.po: unknown encoding 'NOPE-9'"),
    (b"", "bad.po: empty file"),
])
def test_bad_po_is_one_line_error(data, message):
    with pytest.raises(InputError) as exc:
        formats.read("bad.po", data)
    assert str(exc.value).startswith(message)


def test_cli_po_syntax_error_exits_2(tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b\nfoo\n', encoding="utf-8")
    r = run_repair("fix", str(bad))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == f"repair: error: {bad}:3: PO syntax error"
    assert not (tmp_path / "bad.repaired.po").exists()
