"""Inline codes of XLIFF 1.2, XLIFF 2.0 and TMX: read on both sides, never edited, written back
exactly, compared by the placeholders check; a source that is not Chinese is named and skipped."""

from dataclasses import replace

import pytest
from repair import formats
from repair.document import Segment
from repair.edits import Edit
from repair.engine import Engine, apply_to_document
from repair.errors import OutputError
from repair.formats.srclang import detect, note
from repair.formats.text import parse_text
from repair.rules.kinds.placeholders import parse_codes
from repair.rules.pack import load_builtin, parse_pack

from conftest import DATA, run_repair

INLINE = DATA / "bilingual" / "inline"
X12, X20, TMX = INLINE / "codes-1.2.xlf", INLINE / "codes-2.0.xlf", INLINE / "codes.tmx"


def placeholders(*checks: str) -> Engine:
    ids = {f"bilingual/placeholders/{c}" for c in checks}
    return Engine([r for r in load_builtin("bilingual").rules if r.id in ids])


def found(engine: Engine, doc) -> list[tuple]:
    return [
        (e.segment, e.start, e.end, e.original, e.replacement, e.rule_id.rsplit("/", 1)[1], e.message.split(": ", 1)[1])
        for e in engine.check(doc)
    ]


def markup(doc) -> list[list[str]]:
    """The inline tags of each target, in order (the protected spans that are tags)."""
    return [[s.text[a:b] for a, b in s.protected if s.text[a] == "<"] for s in doc.segments]


# --- reading: both sides the same way -------------------------------------------------------


def test_xliff_12_source_and_target_keep_their_codes():
    doc = formats.read(X12)
    seg = doc.segments[0]
    assert seg.source == "点击这里打开文件，共%1$d个。"  # what the Chinese-source checks read, as before
    assert seg.source_markup == (
        '点击<g id="1">这里<x id="2"/>打开<g id="3">文件</g></g>，共<ph id="4">&lt;b&gt;</ph>%1$d'
        '<ph id="5">&lt;/b&gt;</ph>个。'
    )
    assert seg.text == (
        'Click <g id="1">here<x id="2"/> to open the the <g id="3">file</g></g>, <ph id="4">&lt;b&gt;</ph>'
        '% 1 $ d<ph id="5">&lt;/b&gt;</ph> in all.'
    )
    assert markup(doc)[0] == [
        '<g id="1">',
        '<x id="2"/>',
        '<g id="3">',
        "</g>",
        "</g>",
        '<ph id="4">&lt;b&gt;</ph>',
        '<ph id="5">&lt;/b&gt;</ph>',
    ]
    assert doc.segments[1].source_markup is None  # no code: nothing more is kept
    assert [s.source_lang for s in doc.segments] == ["zh-CN"] * 3
    assert [c.key for c in parse_codes(doc.segments[2].source_markup)] == ["bx#1", "ex#2", "bpt#3", "ept#3", "it#4"]


def test_xliff_20_and_tmx_sources_keep_their_codes():
    seg = formats.read(X20).segments[0]
    assert seg.source == "请点击这里，保存。"
    assert seg.source_markup == (
        '请<pc id="1">点击<pc id="2">这里<ph id="3"/></pc></pc>，<sc id="4" canReorder="no"/>保存'
        '<ec startRef="4" canReorder="no"/>。'
    )
    assert seg.source_lang == "zh"
    tmx = formats.read(TMX).segments[0]
    assert tmx.source == "点击这里现在{0}"
    assert tmx.source_markup == (
        '<bpt i="1" x="1">&lt;a href="x"&gt;</bpt>点击<hi x="2" type="b">这里<hi x="3">现在</hi></hi>'
        '<ept i="1">&lt;/a&gt;</ept><ph x="4">&lt;br/&gt;</ph>{0}'
    )
    assert tmx.source_lang == "zh-cn"
    assert [c.key for c in parse_codes(tmx.source_markup)] == ["bpt#1", "hi#2", "hi#3", "ept#1", "ph#4", "{0}"]


# --- writing: byte for byte, every code kept ------------------------------------------------


@pytest.mark.parametrize("path", [X12, X20, TMX], ids=["xliff-1.2", "xliff-2.0", "tmx"])
def test_no_change_writes_the_same_bytes(path):
    doc = formats.read(path)
    assert formats.write_bytes(doc) == path.read_bytes()
    assert formats.write_bytes(doc.with_texts(doc.texts)) == path.read_bytes()


FIXED = {
    "codes-1.2.xlf": [
        (
            '<target>Click <g id="1">here<x id="2"/> to open the the <g id="3">',
            '<target state="needs-review-translation">Click <g id="1">here<x id="2"/> to open the <g id="3">',
        ),
        ("</ph>% 1 $ d<ph", "</ph>%1$d<ph"),
    ],
    "codes-2.0.xlf": [
        ('<segment id="s1">', '<segment id="s1" state="translated" subState="repair:mt-en/repetition/function-word">'),
        ('<pc id="2">the the here', '<pc id="2">the here'),
    ],
    "codes.tmx": [("</bpt>Click the the <hi", "</bpt>Click the <hi")],
}


@pytest.mark.parametrize("path", [X12, X20, TMX], ids=["xliff-1.2", "xliff-2.0", "tmx"])
def test_fix_changes_the_text_and_keeps_every_code(path, tmp_path):
    r = run_repair("fix", "--out-dir", str(tmp_path), str(path))
    out = (tmp_path / path.name).read_text(encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    for old, new in FIXED[path.name]:
        assert expected.count(old) == 1
        expected = expected.replace(old, new)
    assert out == expected, r.stderr
    assert markup(formats.read(tmp_path / path.name)) == markup(formats.read(path))


def test_an_edit_over_a_code_is_dropped():
    pack = parse_pack(
        """pack: t
rules:
  - id: t/pattern/across
    kind: pattern
    pattern: 'here<x id="2"/> to'
    replacement: "here to"
    category: fluency/grammar
    severity: minor
    applicability: safe
    message: "m"
    examples:
      - bad: 'here<x id="2"/> to'
        fixed: "here to"
""",
        "<t>",
    )
    engine = Engine.from_packs([pack])
    assert len(engine.check(parse_text('here<x id="2"/> to', "<t>"))) == 1  # plain text: no tag, one edit
    doc = formats.read(X12)
    assert engine.check(doc) == []  # the same text over a tag: dropped
    fixed, applied = engine.fix(doc)
    assert applied == [] and formats.write_bytes(fixed) == X12.read_bytes()


def test_a_writer_refuses_a_target_that_lost_a_code():
    doc = formats.read(X20)
    seg = doc.segments[1]
    start = seg.text.index('<mrk id="m1" type="term">')
    gone = Edit(
        start,
        start + len('<mrk id="m1" type="term">'),
        "",
        rule_id="t/x",
        segment=1,
        original='<mrk id="m1" type="term">',
    )
    fixed, applied = apply_to_document(doc, [gone])
    assert len(applied) == 1
    with pytest.raises(OutputError, match=r"the inline tag '<mrk id=\"m1\" type=\"term\">' was edited away"):
        formats.write_bytes(fixed)


# --- the placeholders check on codes --------------------------------------------------------


def xliff12(source: str, target: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="f" source-language="zh" target-language="en" datatype="plaintext"><body>\n'
        f'<trans-unit id="1"><source>{source}</source><target>{target}</target></trans-unit>\n'
        "</body></file></xliff>\n"
    ).encode()


def tmx(source: str, target: str, srclang: str = "zh") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="{srclang}" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>\n'
        f'<tu tuid="1"><tuv xml:lang="{srclang}"><seg>{source}</seg></tuv><tuv xml:lang="en"><seg>{target}</seg></tuv></tu>\n'
        "</body></tmx>\n"
    ).encode()


ALL = ("missing", "invented", "duplicated", "order")


def test_a_missing_code_is_named_at_the_end():
    doc = formats.read("m.xlf", xliff12('点击<x id="1"/>这里<x id="2"/>。', 'Click <x id="1"/>here.'))
    assert found(placeholders(*ALL), doc) == [
        (0, 22, 22, "", "", "missing", 'the source\'s <x id="2"/> not in the target')
    ]


def test_an_invented_and_a_duplicated_code_are_flagged_where_they_stand():
    doc = formats.read("i.xlf", xliff12('点击<x id="1"/>这里。', 'Click <x id="1"/>here<x id="9"/> <x id="1"/>.'))
    assert found(placeholders(*ALL), doc) == [
        (0, 21, 21, "", "", "invented", "'<x id=\"9\"/>' is not in the source"),
        (0, 33, 33, "", "", "duplicated", "'<x id=\"1\"/>' is in the source 1 time(s), in the target 2"),
    ]


def test_codes_compare_by_element_and_id_and_xliff_lets_them_move():
    source = '<g id="1" ctype="bold">粗体</g>和<g id="2" ctype="italic">斜体</g>'
    doc = formats.read("g.xlf", xliff12(source, '<g id="2">italic</g> and <g id="1">bold</g>'))
    assert found(placeholders(*ALL), doc) == []
    doc = formats.read("g.xlf", xliff12(source, '<g id="2">italic</g> and <g id="3">bold</g>'))
    assert [f[5:] for f in found(placeholders(*ALL), doc)] == [
        ("invented", "'<g id=\"3\">' is not in the source"),
        ("missing", 'the source\'s <g id="1" ctype="bold"> not in the target'),
    ]


def test_order_only_where_the_format_requires_it():
    ends_first = tmx(
        '<bpt i="1">&lt;b&gt;</bpt>粗体<ept i="1">&lt;/b&gt;</ept>',
        '<ept i="1">&lt;/b&gt;</ept>bold<bpt i="1">&lt;b&gt;</bpt>',
    )
    assert found(placeholders(*ALL), formats.read("o.tmx", ends_first)) == [
        (0, 0, 0, "", "", "order", "'<ept i=\"1\">' ends a code before its start")
    ]
    x20 = (
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">'
        '<file id="f"><unit id="u"><segment><source><ph id="1" canReorder="no"/>甲<ph id="2" canReorder="no"/>乙<ph id="3"/></source>'
        "<target>{}</target></segment></unit></file></xliff>\n"
    )
    fixed = formats.read(
        "r.xlf", x20.format('<ph id="2" canReorder="no"/>B <ph id="1" canReorder="no"/>A<ph id="3"/>').encode()
    )
    assert found(placeholders("order"), fixed) == [
        (
            0,
            0,
            0,
            "",
            "",
            "order",
            '\'<ph id="2" canReorder="no"/>\' moved, and the source does not let it (canReorder)',
        )
    ]
    free = formats.read(
        "r.xlf", x20.format('<ph id="3"/><ph id="1" canReorder="no"/>A <ph id="2" canReorder="no"/>B').encode()
    )
    assert found(placeholders("order"), free) == []
    printf = parse_text("In %s, %d files were deleted.", "<t>")
    printf.segments = [replace(s, source="已删除%d个文件，位于%s。") for s in printf.segments]
    assert found(placeholders("order"), printf) == [
        (0, 3, 5, "%s", "%s", "order", "'%s' stands where the source has '%d' (printf fills them in order)")
    ]


def test_garbled_placeholder_beside_tags_is_restored_safely(tmp_path):
    path = tmp_path / "p.tmx"
    path.write_bytes(tmx('共<ph x="1">&lt;b&gt;</ph>%1$d个', 'In all <ph x="1">&lt;b&gt;</ph>% 1 $ d'))
    r = run_repair("fix", "--in-place", "--no-backup", str(path))
    assert r.returncode == 0, r.stderr
    assert path.read_bytes() == tmx('共<ph x="1">&lt;b&gt;</ph>%1$d个', 'In all <ph x="1">&lt;b&gt;</ph>%1$d')


# --- a source that is not Chinese -------------------------------------------------------------


def test_detect_reads_the_script():
    assert detect(["Il était une fois un chat qui dormait sur le canapé."]) == "und-Latn"
    assert detect(["新华社北京12月1日电，国家主席习近平与 Apple 公司 CEO 会面。"]) == "zh"
    assert detect(["東京でファイルを開きます。ここをクリックしてください。"]) == "ja"
    assert detect(["Жил-был кот, который спал на диване."]) == "und-Cyrl"
    assert detect(["OK"]) == ""


def test_a_french_source_file_gets_one_note(tmp_path):
    src, tgt = tmp_path / "article.fr.txt", tmp_path / "article.en.txt"
    src.write_text("Il était une fois un chat.\nLe chat ne dormait pas sur le canapé.\n", encoding="utf-8")
    tgt.write_text("Once upon a time there was a cat.\nThe cat slept on the sofa.\n", encoding="utf-8")
    r = run_repair("check", "--source", str(src), str(tgt))
    assert r.returncode == 0
    assert r.stderr.decode().splitlines() == [
        f"repair: note: {src}: the source is not Chinese (Latin script): the checks that read a Chinese source "
        "are skipped (placeholders, tags and glossary terms are still compared)"
    ]


def test_a_german_tmx_is_named_and_its_codes_still_compared(tmp_path):
    path = tmp_path / "de.tmx"
    path.write_bytes(tmx("Klicken Sie <x/>hier für %s.", "Click here for % s.", srclang="de"))
    r = run_repair("check", str(path))
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [
        f"repair: note: {path}: the source is not Chinese (de): the checks that read a Chinese source are skipped "
        "(placeholders, tags and glossary terms are still compared)"
    ]
    assert [ln.split(" [")[0].rsplit(" ", 1)[1] for ln in r.stdout.decode().splitlines()[:-1]] == [
        "bilingual/placeholders/missing",
        "bilingual/placeholders/missing",
    ]
    assert note(formats.read(X12)) is None


def test_the_chinese_checks_skip_a_source_declared_in_another_language():
    engine = Engine([r for r in load_builtin("bilingual").rules if r.id == "bilingual/polarity/added"])
    seg = Segment("He did not agree.", 0, 1, source="他同意了。", source_lang="zh")
    doc = parse_text("He did not agree.", "<t>")
    doc.segments = [seg]
    assert [e.original for e in engine.check(doc)] == ["not"]
    doc.segments = [replace(seg, source_lang="de")]
    assert engine.check(doc) == []


def test_a_glossary_reads_a_source_in_any_language():
    from repair.rules.pack import parse_pack

    from test_bilingual_rules import GLOSSARY_PACK

    engine = Engine(parse_pack(GLOSSARY_PACK, "terms.yaml").rules)
    doc = parse_text("Le bureau a fermé.", "<t>")
    doc.segments = [replace(doc.segments[0], source="The Ministry closed.", source_lang="en")]
    assert [(e.start, e.end, e.message) for e in engine.check(doc)] == [
        (18, 18, "use the glossary's term: 'Ministry' is 'ministère'; nothing in the target renders it")
    ]


# --- what a person sees -----------------------------------------------------------------------


def test_review_shows_the_tags_of_both_sides_as_written(tmp_path):
    from repair.review.render import Palette, current_text
    from repair.review.state import ReviewState

    doc = formats.read(X12)
    engine = Engine.from_packs([load_builtin(n) for n in ("mt-en", "bilingual")])
    state = ReviewState(doc, engine.check(doc), tmp_path / "out.xlf", persist=False)
    shown = current_text(state, Palette(), use_markers=True).plain
    assert '点击<g id="1">这里<x id="2"/>打开<g id="3">文件</g></g>' in shown  # the source, with its codes
    assert 'Click <g id="1">here<x id="2"/> to open[- the-] the <g id="3">file</g></g>' in shown  # tags as written
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in shown)  # no private-use marker


def test_text_that_looks_like_a_tag_is_not_restored_as_one():
    # the target's "< x/>" is character data (&lt; x/&gt;): turning it into "<x/>" would write text, not a tag
    doc = formats.read("t.tmx", tmx("点击<x/>这里", "Click &lt; x/&gt; here"))
    assert found(placeholders("missing"), doc) == [
        (0, 16, 16, "", "", "missing", "the source's <x/> not in the target")
    ]
