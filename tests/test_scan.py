"""The compiled scans (repair/csrc/scan.c, :mod:`repair.compiled`) against the Python code each
replaces: the same results, exact offsets, on the WMT21 hypotheses, on corner cases (non-ASCII,
CRLF, empty lines, very long lines, tabs, no-break spaces) and on fuzzed text."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from repair import compiled
from repair.document import BLANK, HEADLINE, OTHER, line_classes
from repair.engine import Engine, Settings
from repair.formats.text import parse_text
from repair.lazy_regex import LazyPattern
from repair.lexicon import common_words
from repair.rules.blocks import Block, fold
from repair.rules.kinds.capitalization import CommonCapitals, common_sites
from repair.rules.kinds.characters import count_apostrophes
from repair.rules.kinds.name import _given_hits
from repair.rules.kinds.repetition import _ASCII_BLANKED

DATA = Path(__file__).parent / "data" / "wmt21-zh-en-dev"

#: lines at the corners of the scans
CORNERS = [
    "",
    "the the",
    "The the THE the",
    "the\r\nthe",
    "line one\r",
    "\r",
    "a, Water; River,Lake",
    "x  Foo Bar Water River",
    "a\tWater\t River  Party",
    "the Yellow River Water Lake Party x",
    "Yellow River Water Lake Party",
    "x Waterá Lake Água Water",
    "İstanbul the İ İ THE the",
    "Über über \u00a0Water",
    "production and Production and production",
    "people and people's and people’s",
    "and and and",
    "Ça and ça, İx and İx",
    "x sun and sun-dried and sun’s",
    "Xi Jinping spoke. Jinping’s words; Xi\u00a0Jinping, XXi Jinping, Xi Jin-ping, Xi Jinping-",
    "Li Keqiang and Wang Yi; Ouyang Xiu-ming met Liu He. Li Ke2 Li Kéqiang Li Ke_ Li Ke",
    "zhang Xiaoliang Zhang Xiaoliang’s Zhang\tXiaoliang Zhang  Xiaoliang Li X",
    "新冠 crown，virus 习近平 Xi Jinping",
    "line\u001cbreak break",
    "tab\tand\ttab the\tthe",
    "one two three and one two three",
    "X" * 230 + " more and more people",
    "X" * 190 + " a b c d more and more people",
    ("the the Water " * 3000).strip(),
    "word " * 5000 + "Water Water and Water",
]


def _wmt_lines() -> list[str]:
    return [t for p in sorted(DATA.glob("hyp.*.en")) for t in p.read_text(encoding="utf-8").splitlines()]


def _both(fn: Callable[[], Any]) -> tuple[Any, Any]:
    """``fn()`` with the compiled scans, then with the Python code."""
    assert compiled.scan is not None
    native = fn()
    saved = compiled.scan
    compiled.scan = None
    try:
        python = fn()
    finally:
        compiled.scan = saved
    return native, python


@pytest.fixture(scope="module")
def matchers() -> dict[str, Any]:
    return {m.kind: m for m in Engine.from_settings(Settings()).matchers}


def _blocks(lines: list[str]) -> list[Block]:
    doc = parse_text("\n".join(lines), "t.txt")
    return [
        Block([s for s in doc.segments[lo : lo + 40] if not s.skip and s.text])
        for lo in range(0, len(doc.segments), 40)
    ]


def _blocks_of_raw(lines: list[str]) -> list[Block]:
    """Blocks of segments built directly: texts with a CR or a line break of their own."""
    from repair.document import Segment

    segs = [Segment(t, i, i + 1) for i, t in enumerate(lines)]
    return [Block(segs[lo : lo + 7]) for lo in range(0, len(segs), 7)]


def _compare_block_filters(matchers: dict[str, Any], blocks: list[Block]) -> int:
    flagged = 0
    for block in blocks:
        if not block.segments:
            continue
        for kind in ("repetition", "coordination"):
            native, python = _both(lambda k=kind, b=block: matchers[k].may_find(Block(b.segments), None))
            assert native == python, (kind, block.texts)
            flagged += len(native)
    return flagged


pytestmark = pytest.mark.skipif(compiled.scan is None, reason="repair._scan not built (REPAIR_PURE_PYTHON set)")


def test_the_extension_is_built_by_the_install():
    # `pip install -e .` compiles it (pyproject.toml, [tool.setuptools] ext-modules); only the
    # environment variable turns it off
    if not os.environ.get("REPAIR_PURE_PYTHON"):
        from repair import _scan

        assert compiled.scan is _scan


def test_block_filters_equal_on_wmt21_and_corners(matchers):
    blocks = _blocks(_wmt_lines() + CORNERS)
    flagged = _compare_block_filters(matchers, blocks)
    assert flagged > 300  # the comparison covered real hits (381 segments today), not only empty sets
    _compare_block_filters(matchers, _blocks_of_raw(CORNERS + ["two\nlines the the", "a and a\nb and b"]))


def test_repetition_scan_exact_lines():
    assert compiled.scan is not None
    text = "the the\nno\n\nA a\nx. x\nend"
    assert compiled.scan.doubled_lines(text, _ASCII_BLANKED) == [0, 3, 4]
    assert compiled.scan.doubled_lines("", _ASCII_BLANKED) == []
    with pytest.raises(ValueError):
        compiled.scan.doubled_lines("é é", _ASCII_BLANKED)


def test_coordination_scan_exact_offsets():
    assert compiled.scan is not None
    text = "Water and water flow\nsun and sun-dried\nİx and İx"
    # "sun" stands again after " and " but goes on ("sun-dried"); "İx" lower-cased is "i̇x", longer
    assert compiled.scan.and_ends(text, fold(text), True) == [5]
    assert compiled.scan.and_ends(text, fold(text), False) == [5, 24]


def test_capital_sites_equal_on_wmt21_and_corners():
    common = common_words()
    texts = _wmt_lines() + CORNERS
    known_native, known_python = CommonCapitals(common), CommonCapitals(common)
    total = 0
    for lo in range(0, len(texts), 250):
        chunk = texts[lo : lo + 250]
        saved = compiled.scan
        native = common_sites(chunk, common, known_native)
        compiled.scan = None
        try:
            python = common_sites(chunk, common, known_python)
        finally:
            compiled.scan = saved
        assert native == python, chunk
        total += sum(map(len, native.values()))
    assert total > 1000
    # a cache, each word looked up once: the compiled scan looks up only the words of matches
    for known in (known_native, known_python):
        assert known.capitals == {w for w in known.seen if w.lower() in common}
    assert known_native.capitals <= known_python.capitals and "Water" in known_native.capitals
    assert common_sites(["the Yellow River", "Yellow River"], common) == {0: [(4, 10, "Yellow")], 1: [(7, 12, "River")]}


def test_full_names_equal_on_wmt21_and_corners(matchers):
    name = matchers["name"]
    doc = parse_text("\n".join(_wmt_lines() + CORNERS), "t.txt")
    native, python = _both(lambda: list(name._full_mentions(doc.segments)))
    assert native == python
    assert len(native) > 100
    corner = parse_text(CORNERS[19], "c.txt").segments
    assert [(s, g, e) for _, s, g, e in name._full_mentions(corner)] == [
        ("Xi", "Jinping", 3),
        ("Xi", "Jinping", 38),  # after the no-break space; "XXi" and "Jinping-" are none
        ("Xi", "Jin-ping", 63),
    ]
    states = _both(lambda: [name._part_state(list(p)) for p in _parts(doc)])
    # the names of each part and the pattern of its given names (compiled only when used)
    native, python = ([s and (s[0], s[1]._source) for s in run] for run in states)
    assert native == python
    assert sum(1 for s in native if s) > 20


def _parts(doc):
    from repair.document import parts

    return parts(doc.segments)


#: characters that the scans treat specially, and some that they must not
_ALPHABET = st.sampled_from(
    list("aAbBxXtT ,;.'’-_\t\r\n\u00a0\u001céÉİ1!?)\"”…\u3000")
    + ["the", "The", "and", "Water", "River", "Xi", "Li", "Jinping", "’s", "新", "Xiao", "-ming", "Water's"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=30).map("".join), min_size=1, max_size=12))
def test_scans_equal_on_fuzzed_text(matchers, lines):
    _compare_block_filters(matchers, _blocks_of_raw(lines))
    texts = [t.replace("\n", " ") for t in lines]
    common = common_words()
    native, python = _both(lambda: common_sites(texts, common, CommonCapitals(common)))
    assert native == python
    doc = parse_text("\n".join(texts), "f.txt")
    native, python = _both(lambda: list(matchers["name"]._full_mentions(doc.segments)))
    assert native == python
    text = "\n".join(lines)
    native, python = _both(lambda: list(_given_hits(text, _NAMES, _NAMES_REGEX)))
    assert native == python
    native, python = _both(lambda: line_classes(lines))
    assert native == python
    native, python = _both(lambda: count_apostrophes(lines))
    assert native == python


def test_line_classes_equal_on_wmt21_and_corners():
    lines = (
        _wmt_lines()
        + CORNERS
        + [
            " \t\u3000",
            "Headline without end",
            "A sentence.\u201d ",
            "Ends?)",
            "x.) ",
            "one " * 30,
            "one " * 31,
            "Ja：",
            "…",
            "\u2028",
        ]
    )
    native, python = _both(lambda: line_classes(lines))
    assert native == python
    assert list(native[-10:]) == [BLANK, HEADLINE, OTHER, OTHER, OTHER, HEADLINE, OTHER, OTHER, OTHER, BLANK]
    assert native.count(BLANK) > 0 and native.count(HEADLINE) > 20


def test_apostrophes_equal_on_wmt21_and_corners():
    lines = _wmt_lines() + CORNERS + ["rock'n'roll 1'2 a'_ é’é ²'a 五’a", "'a a' a''b"]
    native, python = _both(lambda: count_apostrophes(lines))
    assert native == python
    assert native[0] > 100 and native[1] > 100
    assert _both(lambda: count_apostrophes(["rock'n'roll 1'2 a'_ é’é ²'a 五’a", "'a a' a''b"])) == ((3, 2), (3, 2))


_NAMES = {"Jinping": (), "Li": (), "Xiao-ming": (), "Xiao": (), "Water": ()}
_NAMES_REGEX = LazyPattern(r"(Xiao-ming|Jinping|Water|Xiao|Li)(['’]s)?(?![\w'’-])")


def test_given_names_exact_hits():
    text = "Jinping’s Xiao-ming Xiao-mingx Xiao- XJinping Jinping's_ Li's Lis Water\nLi"
    expected = [(0, 7, 9), (10, 19, 19), (38, 45, 45), (57, 59, 61), (66, 71, 71), (72, 74, 74)]
    native, python = _both(lambda: list(_given_hits(text, _NAMES, _NAMES_REGEX)))
    assert native == python == expected


def test_check_and_fix_give_the_same_edits_either_way():
    engine = Engine.from_settings(Settings())
    doc = parse_text("\n".join(_wmt_lines()[:4000] + CORNERS), "t.txt")
    native, python = _both(lambda: engine.check(doc))
    assert native == python and len(native) > 300
    native, python = _both(lambda: (lambda f: (f[0].render(), f[1]))(engine.fix(doc, unsafe=True)))
    assert native == python
