"""Whole-block scans (repair/rules/blocks.py, Matcher.may_find) and the findings left by
Engine.fix_checked: each must give exactly what the per-segment code gives."""

from __future__ import annotations

import random
from pathlib import Path

from repair.document import Segment
from repair.engine import Engine, Settings
from repair.formats.text import parse_text
from repair.lexicon import common_words
from repair.rules.blocks import Block, fold
from repair.rules.kinds import SegmentView
from repair.rules.kinds.capitalization import _CAPITALISED, common_sites
from repair.steps import run_steps

DATA = Path(__file__).parent / "data" / "wmt21-zh-en-dev"

#: texts that hit the corners: tabs, runs of capitalised words, segment starts, non-ASCII
CORNERS = [
    "x  Foo Bar Water River",
    "a\tWater\t River  Party",
    "the Yellow River Water Lake Party x",
    "Yellow River Water Lake Party",
    "a, Water; River,Lake",
    "Aa Bb Cc Dd Ee Ff",
    "McDonald Water",
    "x Waterá Lake",
    "x ,  Water",
    "",
    "the the “the the” Über über",
    "people’s people’s work",
    "Tianjin , Anhui ’s",
    "production and Production and production",
    "İstanbul the THE the",
    "Xi Jinping spoke. Jinping’s words",
    "新冠 crown，virus",
    "line\u001cbreak break",
]


def _texts() -> list[str]:
    texts = [t for p in sorted(DATA.glob("hyp.*.en"))[:6] for t in p.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(7)
    words = ["Water", "River", "the", "x", ",", ";", "Lake", "Ab", "\t", "  ", "é", "Party", "a", "1", "and", "’s"]
    fuzz = [
        (" " if rng.random() < 0.7 else "").join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        for _ in range(2000)
    ]
    return texts + CORNERS + fuzz


def test_common_sites_equals_the_regex_per_text():
    texts, common = _texts(), common_words()
    for lo in range(0, len(texts), 250):
        chunk = texts[lo : lo + 250]
        expected = {
            k: v
            for k, t in enumerate(chunk)
            if (v := [(*m.span(1), m.group(1)) for m in _CAPITALISED.finditer(t) if m.group(1).lower() in common])
        }
        assert common_sites(chunk, common) == expected


def test_capitalised_word_behind_a_matched_one_is_no_match():
    common = common_words()
    # "Yellow" takes the "e" of "the": "River" behind it is no match; at the start "River" is one
    assert common_sites(["the Yellow River", "Yellow River"], common) == {0: [(4, 10, "Yellow")], 1: [(7, 12, "River")]}


def test_block_folds_and_locates_like_each_segment():
    texts = ["Über über", "", "THE ’s", "İx Y"]
    block = Block([Segment(t, i, i + 1) for i, t in enumerate(texts)])
    assert block.folded == "\n".join(fold(t) for t in texts)
    assert [block.at(o) for o in (0, 9, 10, 11, 17, 18)] == [0, 0, 1, 2, 2, 3]
    assert block.where("’s") == {2}
    assert block.non_ascii == [0, 2, 3]


def test_may_find_leaves_out_no_segment_with_a_finding():
    doc = parse_text("\n".join(_texts()), "t.txt")
    engine = Engine.from_settings(Settings())
    for matcher in engine.matchers:
        if matcher.needs_source:
            continue
        state = run_steps(matcher.state_steps(doc, None))
        for lo in range(0, len(doc.segments), 40):
            block = Block([s for s in doc.segments[lo : lo + 40] if s.text])
            hits = matcher.may_find(block, state)
            if hits is None:
                continue
            for i, seg in enumerate(block.segments):
                if i not in hits:
                    assert list(matcher.find(SegmentView(seg), state)) == [], (matcher.kind, seg.text)


def test_fix_checked_leaves_what_check_finds():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(DATA.glob("hyp.*.en"))[:8])
    doc = parse_text(text, "t.txt")
    engine = Engine.from_settings(Settings())
    fixed, rounds, remaining = engine.fix_checked(doc, unsafe=True)
    assert rounds and remaining
    assert remaining == engine.check(fixed)
    assert (fixed.render(), rounds) == (lambda f, r: (f.render(), r))(*engine.fix(doc, unsafe=True))


def test_context_parts_name_the_parts_whose_context_differs():
    engine = Engine.from_settings(Settings())
    kinds = {m.kind: m for m in engine.matchers}
    assert kinds["capitalization"].context_parts(
        frozenset({(0, "water"), (2, "river")}), frozenset({(0, "water"), (3, "lake")})
    ) == {2, 3}
    assert kinds["name"].context_parts(((1, "Jinping", "Xi", 4),), None) == {1}
    assert kinds["characters"].context_parts(((0, "'"), (1, "’")), ((0, "'"), (1, "'"))) == {1}
    assert kinds["repetition"].context_parts(None, None) == set()
