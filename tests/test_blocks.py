"""Whole-block scans (repair/rules/blocks.py, Matcher.may_find) and the findings left by
Engine.fix_checked: each must give exactly what the per-segment code gives."""

from __future__ import annotations

import random
import re
from pathlib import Path

from repair.document import Segment, ends_sentence
from repair.engine import Engine, Settings
from repair.formats.text import parse_text
from repair.lexicon import common_words
from repair.rules.blocks import Block, fold
from repair.rules.kinds import SegmentView
from repair.rules.kinds.capitalization import _CAPITALISED, CommonCapitals, common_sites
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


def test_common_sites_with_words_known_from_earlier_calls_find_the_same():
    texts, common = _texts(), common_words()
    known = CommonCapitals(common)
    for lo in range(0, len(texts), 250):
        chunk = texts[lo : lo + 250]
        assert common_sites(chunk, common, known) == common_sites(chunk, common)
    assert known.capitals <= known.seen
    assert "Water" in known.capitals and "Jinping" in known.seen and "Jinping" not in known.capitals


#: "X and X" near the corners of coordination's block scan: a line start, a repeat cut short,
#: a longer word after it, punctuation before X, case, X of three words, the 200-character window
COORDINATION = [
    "Water and water flow.",
    "the river and the sea",
    "big data and big data centres",
    "a (Sun and sun) b",
    "x Sun and Sunday",
    "x sun and sun-dried",
    "people and people's",
    "one two three and one two three",
    "X" * 230 + " more and more people",
    "X" * 190 + " a b c d more and more people",
    "Research and Research and Development",
    "and and and",
    "Ça and ça",
]


def test_coordination_scan_flags_the_repeats_only():
    doc = parse_text("\n".join(COORDINATION + _texts()), "t.txt")
    engine = Engine.from_settings(Settings())
    matcher = next(m for m in engine.matchers if m.kind == "coordination")
    flagged = []
    for lo in range(0, len(doc.segments), 40):
        block = Block([s for s in doc.segments[lo : lo + 40] if s.text])
        hits = matcher.may_find(block, None)
        for i, seg in enumerate(block.segments):
            if i not in hits:
                assert list(matcher.find(SegmentView(seg), None)) == [], seg.text
        flagged += [block.segments[i].text for i in sorted(hits)]
    # the word after "and" standing in the 80 characters before it no longer suffices (it flagged
    # 10,775 of the 49,944 lines of benchmarks/versus.py's file; now 1,110): X itself must stand again
    not_flagged = ["the river and the sea", "x Sun and Sunday", "x sun and sun-dried", "people and people's"]
    assert flagged[:9] == [t for t in COORDINATION if t not in not_flagged]


def test_ends_sentence_reads_what_the_regex_finds():
    regex = re.compile(r"[.!?。！？:;：；…][\"'”’»)\]]*\s*$")
    rng = random.Random(3)
    alphabet = " \t\u3000\xa0\n.!?。！？:;：；…\"'”’»)]ab"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7))) for _ in range(20000)]
    for text in texts + _texts():
        assert ends_sentence(text) == bool(regex.search(text)), repr(text)
