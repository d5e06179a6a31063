"""Readers and writers keep what they read: CSV quoting of changed cells, line ends that are
line ends (not U+2028 or a form feed), URLs that stop at Chinese text, entities of untouched
text in changed XML units, and the target language of a multilingual TMX."""

from __future__ import annotations

import pytest
from repair import formats
from repair.document import physical_lines
from repair.edits import Edit
from repair.engine import apply_to_document
from repair.errors import InputError
from repair.formats.splice import xml_escape
from repair.formats.table import csv_cell
from repair.formats.text import url_spans
from repair.formats.xmlunits import DIFF_LIMIT, splice_text
from repair.report import unified_diff

from conftest import run_repair


def fixed_bytes(engine, name: str, data: bytes, unsafe: bool = False) -> bytes:
    fixed, _ = engine.fix(formats.read(name, data), unsafe=unsafe)
    return formats.write_bytes(fixed)


def replace_target(name: str, data: bytes, index: int, new: str) -> bytes:
    doc = formats.read(name, data)
    seg = doc.segments[index]
    fixed, _ = apply_to_document(doc, [Edit(0, len(seg.text), new, rule_id="t/x", segment=index, original=seg.text)])
    return formats.write_bytes(fixed)


# --- CSV: a changed cell is quoted as the csv module quotes it -------------------------------


def test_a_changed_multiline_csv_cell_keeps_its_quotes_and_the_output_reads_back(engine):
    data = 'source,target\r\n"一\n二","Line one\nthe the end"\r\nx,y\r\n'.encode()
    out = fixed_bytes(engine, "t.csv", data)
    assert out == 'source,target\r\n"一\n二","Line one\nthe end"\r\nx,y\r\n'.encode()
    again = formats.read("t.csv", out)
    assert [(s.source, s.text) for s in again.segments] == [("一\n二", "Line one\nthe end"), ("x", "y")]


def test_only_the_target_cell_of_a_changed_csv_row_is_rewritten(engine):
    # the other cells keep their (unneeded) quotes; the target keeps its quotes too
    data = b'"id","source","target","note"\n"7","x","the the end","a ""b"""\n'
    assert fixed_bytes(engine, "t.csv", data) == b'"id","source","target","note"\n"7","x","the end","a ""b"""\n'


@pytest.mark.parametrize(
    "new,cell",
    [
        ("two\nlines", '"two\nlines"'),
        ("a, b", '"a, b"'),
        ('say "hi"', '"say ""hi"""'),
        ("cr\ronly", '"cr\ronly"'),
        ("plain", "plain"),
    ],
)
def test_an_unquoted_csv_target_is_quoted_when_its_new_text_needs_it(new, cell):
    data = b"source,target,note\nx,old,n\n"
    out = replace_target("t.csv", data, 0, new)
    assert out == f"source,target,note\nx,{cell},n\n".encode()
    assert formats.read("t.csv", out).segments[0].text == new


def test_csv_cell_follows_the_csv_writer():
    assert csv_cell("") == ""
    assert csv_cell("", quote=True) == '""'
    assert csv_cell("a\tb", "\t") == '"a\tb"'
    assert csv_cell("a,b", "\t") == "a,b"
    assert csv_cell("x", quote=True) == '"x"'


# --- only \n, \r\n and \r end a line -----------------------------------------------------------

ODD = "\u2028\u0085\x0c\u2029\x1c"


def test_physical_lines_split_only_at_real_line_breaks():
    text = f"a{ODD}b\r\nc\rd\n\ne"
    assert physical_lines(text) == [f"a{ODD}b\r\n", "c\r", "d\n", "\n", "e"]
    assert physical_lines("") == []


@pytest.mark.parametrize("name,sep", [("t.tsv", "\t"), ("t.csv", ",")])
def test_table_cells_may_hold_u2028_u0085_and_form_feeds(engine, name, sep):
    data = f"source{sep}target\nx{sep}A\u2028the the end\ny{sep}B\x0cC\u0085D\n".encode()
    doc = formats.read(name, data)
    assert [(s.text, s.line) for s in doc.segments] == [("A\u2028the the end", 2), ("B\x0cC\u0085D", 3)]
    assert fixed_bytes(engine, name, data) == f"source{sep}target\nx{sep}A\u2028the end\ny{sep}B\x0cC\u0085D\n".encode()


PO_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_po_strings_may_hold_u2028_u0085_and_form_feeds(engine):
    data = (PO_HEAD + 'msgid "x\u2028y"\nmsgstr "A\u2028the the end\x0cB\u0085"\n\nmsgid "z"\nmsgstr "Z"\n').encode()
    doc = formats.read("t.po", data)
    assert [(s.source, s.text, s.line) for s in doc.segments] == [
        ("x\u2028y", "A\u2028the the end\x0cB\u0085", 6),
        ("z", "Z", 9),
    ]
    assert formats.write_bytes(doc) == data
    out = fixed_bytes(engine, "t.po", data)
    assert (
        out
        == (
            PO_HEAD + '# repair: changed\nmsgid "x\u2028y"\n'
            'msgstr "A\u2028the end\\fB\u0085"\n\nmsgid "z"\nmsgstr "Z"\n'
        ).encode()
    )
    assert formats.read("t.po", out).segments[0].text == "A\u2028the end\x0cB\u0085"


def test_a_po_syntax_error_is_counted_in_real_lines():
    data = (PO_HEAD + 'msgid "a\u2028b"\nmsgstr "x"\n\nmsgid "c"\nmsgstr "broken\n').encode()
    with pytest.raises(InputError) as exc:
        formats.read("t.po", data)
    assert str(exc.value) == "t.po:9: PO syntax error: unterminated string"


def test_text_lines_hold_u2028_and_form_feeds(engine):
    data = "A\u2028the the end\x0cB\u0085C\nD\n".encode()
    doc = formats.read("t.txt", data)
    assert [s.text for s in doc.segments] == ["A\u2028the the end\x0cB\u0085C", "D"]
    findings = engine.check(doc)
    assert [(e.segment, e.start, e.end, e.rule_id) for e in findings] == [(0, 5, 9, "mt-en/repetition/function-word")]
    assert fixed_bytes(engine, "t.txt", data) == "A\u2028the end\x0cB\u0085C\nD\n".encode()


def test_a_diff_counts_real_lines_only():
    diff = unified_diff("One\u2028the the end\nTwo\n", "One\u2028the end\nTwo\n", "d.txt")
    assert diff == ("--- a/d.txt\n+++ b/d.txt\n@@ -1,2 +1,2 @@\n-One\u2028the the end\n+One\u2028the end\n Two\n")


# --- URLs end at CJK and full-width punctuation -------------------------------------------------


@pytest.mark.parametrize(
    "text,found",
    [
        ("访问www.mohrss.gov.cn）查询直招信息", ["www.mohrss.gov.cn"]),
        ("see http://www.gov.cn/xinwen，then", ["http://www.gov.cn/xinwen"]),
        ("Mail info@mohrss.gov.cn查询 now", ["info@mohrss.gov.cn"]),
        ("联系zhang@abc.com。", ["zhang@abc.com"]),
        ("at “http://x.org/p” and…", ["http://x.org/p"]),
        ("http://example.com/a_b-c?x=1&y=2#z end", ["http://example.com/a_b-c?x=1&y=2#z"]),
        ("first.last+tag@sub.example.co.uk wrote", ["first.last+tag@sub.example.co.uk"]),
        ("a@b and @home.com x", []),
    ],
)
def test_url_spans(text, found):
    assert [text[s:e] for s, e in url_spans(text)] == found


def test_chinese_after_a_url_is_checked(engine):
    doc = formats.read("t.txt", "Visit www.mohrss.gov.cn）查询直招信息。\n".encode())
    assert doc.segments[0].protected == ((6, 23),)
    found = [(e.start, e.end, e.rule_id) for e in engine.check(doc)]
    assert found == [
        (23, 24, "mt-en/characters/fullwidth-punctuation"),
        (24, 30, "mt-en/characters/untranslated-cjk"),
        (30, 31, "mt-en/characters/fullwidth-punctuation"),
    ]


# --- entities of untouched text in a changed XML unit stay as written ---------------------------

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="zh" target-language="en" datatype="plaintext" original="x">
  <body>
   <trans-unit id="1"><source>中国</source><target>The &#x4E2D; word&apos;s the the end &amp; <g id="1">more&#10;</g> the the x&#233;.</target></trans-unit>
  </body>
 </file>
</xliff>
"""


def test_a_changed_xliff_unit_keeps_the_entities_of_its_untouched_text(engine):
    out = fixed_bytes(engine, "t.xlf", XLIFF.encode())
    assert out.decode() == XLIFF.replace(
        '<target>The &#x4E2D; word&apos;s the the end &amp; <g id="1">more&#10;</g> the the x&#233;.</target>',
        '<target state="needs-review-translation">The &#x4E2D; word&apos;s the end &amp; <g id="1">more&#10;</g> the x&#233;.</target>',
    )


def test_new_text_in_a_changed_xliff_unit_is_escaped():
    out = replace_target("t.xlf", XLIFF.encode(), 0, 'The 中 word\'s <b> & <g id="1">more\n</g> the the xé.').decode()
    assert (
        '<target state="needs-review-translation">The &#x4E2D; word&apos;s &lt;b&gt; &amp; '
        '<g id="1">more&#10;</g> the the x&#233;.</target>'
    ) in out


def test_a_changed_tmx_unit_keeps_the_entities_of_its_untouched_text(engine):
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh" segtype="sentence" '
        'datatype="plaintext" adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>\n'
        '<tu><tuv xml:lang="zh"><seg>中</seg></tuv><tuv xml:lang="en"><seg>It&apos;s &#x4E2D; the the end</seg></tuv></tu>\n'
        "</body></tmx>\n"
    )
    assert fixed_bytes(engine, "t.tmx", data.encode()).decode() == data.replace(
        "&#x4E2D; the the end", "&#x4E2D; the end"
    )


def test_splice_text_keeps_entities_between_two_changes():
    raw = "a the the &#x4E2D;&apos; b the the c"
    assert splice_text(raw, "a the 中' b the c", xml_escape) == "a the &#x4E2D;&apos; b the c"
    assert splice_text(raw, "a the the 中' b the the c", xml_escape) == raw
    assert splice_text("&lt;x&gt;", "<x>!", xml_escape) == "&lt;x&gt;!"
    assert splice_text("&amp;", "", xml_escape) == ""


@pytest.mark.parametrize("n,kept", [(10, True), (DIFF_LIMIT // 2 + 1, False)])
def test_splice_text_diffs_a_changed_stretch_up_to_the_limit(n, kept):
    raw = "&#65;" + "x" * n + "&apos;" + "x" * n + "&#66;"
    new = "A" + "y" * n + "'" + "y" * n + "B"
    assert splice_text(raw, new, xml_escape) == "&#65;" + "y" * n + ("&apos;" if kept else "'") + "y" * n + "&#66;"


# --- the target language of a multilingual TMX -------------------------------------------------


def tmx(*tuvs: str, srclang: str = "zh") -> bytes:
    body = "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in (t.split(":", 1) for t in tuvs))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="{srclang}" segtype="sentence" '
        f'datatype="plaintext" adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>\n'
        f'<tu tuid="1">{body}</tu>\n</body></tmx>\n'
    ).encode()


def test_a_multilingual_tmx_checks_english_by_default():
    doc = formats.read("t.tmx", tmx("zh:中国", "fr:la la Chine", "en:the the China"))
    assert [(s.source, s.text) for s in doc.segments] == [("中国", "the the China")]


@pytest.mark.parametrize(
    "lang,text",
    [("fr", "la la Chine"), ("en", "the China"), ("en-gb", "the China"), ("en-US", "the US"), ("zh", "中国")],
)
def test_target_lang_picks_the_variant(lang, text):
    doc = formats.read("t.tmx", tmx("zh:中国", "fr:la la Chine", "en-GB:the China", "en-US:the US"), target_lang=lang)
    assert [s.text for s in doc.segments] == [text]
    assert doc.segments[0].source == ("la la Chine" if lang == "zh" else "中国")


def test_one_target_language_needs_no_option():
    doc = formats.read("t.tmx", tmx("zh:中国", "de:die die Welt"))
    assert [s.text for s in doc.segments] == ["die die Welt"]


def test_several_target_languages_without_english_need_the_option():
    with pytest.raises(InputError) as exc:
        formats.read("t.tmx", tmx("zh:中国", "fr:la Chine", "de:China"))
    assert str(exc.value) == "t.tmx: a multilingual memory (de, fr): pick the language to check with --target-lang"


def test_a_target_lang_the_memory_lacks_is_an_error():
    with pytest.raises(InputError) as exc:
        formats.read("t.tmx", tmx("zh:中国", "en:China"), target_lang="de")
    assert str(exc.value) == "t.tmx: no variant in de (--target-lang); the memory holds en, zh"


def test_target_lang_on_the_command_line(tmp_path):
    path = tmp_path / "m.tmx"
    path.write_bytes(tmx("zh:中国", "fr:la la Chine", "en:the the China"))
    english = run_repair("check", str(path))
    assert english.returncode == 1
    assert f"{path}:3:" in english.stdout.decode() and "' the' -> ''" in english.stdout.decode()
    french = run_repair("check", "--target-lang", "fr", str(path))
    assert "' la' -> ''" in french.stdout.decode() and "' the'" not in french.stdout.decode()
    fixed = run_repair("fix", "--target-lang", "en", "-o", str(tmp_path / "out.tmx"), str(path))
    assert fixed.returncode == 0, fixed.stderr
    assert (tmp_path / "out.tmx").read_bytes() == path.read_bytes().replace(b"the the China", b"the China")
    bad = run_repair("check", "--target-lang", "e n", str(path))
    assert bad.returncode == 2
    assert "'e n' is not a language tag" in bad.stderr.decode()
    assert "--target-lang" in run_repair("review", "--help").stdout.decode()
