"""The shortcuts of the source checks' fast paths give what the full scans give: exact values.

Each fast path (a prefilter before a regex, a regex compiled only when it can match, an
answer kept per word) is compared with the plain computation it stands for, on text made
to hit its edges (possessives, curly apostrophes, letters that match case-blind across
scripts, white space outside ASCII). Speed itself is measured by benchmarks/source_throughput.py.
"""

import re

from repair.align_zh import find_phrase, target_words, word_matches
from repair.numerals import en_values
from repair.rules.kinds import numbers, romanisation
from repair.rules.kinds.romanisation import (
    _SQUASH,
    _accepted_in,
    _accepted_regex,
    _person_regexes,
    _squashed,
    _word_regex,
)

TARGETS = [
    "Zhou Minghua said.",
    "Zhou Minghua's wife and Zhou Minghua’s son",
    "zhou-minghua, ZHOU MINGHUA and Zhou\u00a0Minghua",
    "xZhou Minghua and Zhou Minghuax",
    "Minghua Zhou met Ming Hua Zhou and Zhou Ming-hua",
    "Minghua said; Zhou Ming’hua",
    "Mr. Zhou and Minghua",
    "\u212a Zhou Minghua",
    "nothing here",
    "Tianjin's port, Xi'an and Xian, Xi’an",
]


def test_squash_table_drops_what_a_case_blind_regex_skips_and_folds_what_it_folds():
    space, letter = re.compile(r"\s").fullmatch, re.compile("[a-z]", re.I).fullmatch
    spaces = {chr(c) for c in range(0x110000) if space(chr(c))}
    dropped = {chr(c) for c, v in _SQUASH.items() if v is None}
    assert dropped == spaces | {"'", "-", "’"}
    folded = {c: v for c, v in ((chr(c), v) for c, v in _SQUASH.items()) if v is not None}
    blind = {
        chr(c): next(a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(a, chr(c), re.I))
        for c in range(0x80, 0x110000)
        if letter(chr(c))
    }
    assert folded == blind == {"\u212a": "k", "\u017f": "s", "\u0130": "i", "\u0131": "i"}
    assert _squashed("Zhou Ming-hua’s \u212aim") == "zhouminghuaskim"


def test_accepted_in_answers_as_the_accepted_regex_does():
    cases = [
        (("Zhou Minghua",), ("zhou", "ming", "hua"), "Zhou"),
        (("Xi'an",), ("xi", "an"), ""),
        (("Tianjin",), ("tian", "jin"), ""),
        (("Lüliang",), ("lü", "liang"), ""),
    ]
    answers = []
    for args in cases:
        regex = re.compile(_with_classes(_accepted_regex(*args).pattern), re.I)
        for t in TARGETS:
            assert _accepted_in(t, args) == (regex.search(t) is not None), (args, t)
        answers.append([_accepted_in(t, args) for t in TARGETS])
    assert answers[0] == [True, True, True, False, True, True, False, True, False, False]
    assert answers[1] == [False] * 9 + [True]


def _with_classes(pattern: str) -> str:
    """``pattern`` written with the character classes that hold ’ (as before the fragments)."""
    for fragment, cls in (
        (romanisation._END, r"(?:(?=['’]s\b)|(?![\w'’-]))"),
        (romanisation._START, r"(?<![\w'’-])"),
        (romanisation._GAP, r"[\s'’-]*"),
        (romanisation._SEP, r"[-'’]?"),
    ):
        pattern = pattern.replace(fragment, cls)
    return pattern


def test_person_regexes_find_what_the_compiled_regexes_find_and_compile_only_when_needed():
    everything, reverse, surname, alone = _person_regexes("Zhou", ("zhou", "ming", "hua"))
    fresh = [re.compile(_with_classes(r.pattern), re.I) for r in (everything, reverse, surname, alone)]
    assert "’]" in fresh[0].pattern and "’]" not in everything.pattern
    for t in TARGETS:
        for lazy, full in zip((everything, reverse, surname, alone), fresh):
            assert [m.span() for m in lazy.finditer(t)] == [m.span() for m in full.finditer(t)]
            assert (lazy.search(t) is None) == (full.search(t) is None)
    assert [m.group() for m in everything.finditer(TARGETS[4])] == ["Zhou Ming-hua"]
    assert [m.group() for m in reverse.finditer(TARGETS[4])] == ["Minghua Zhou", "Ming Hua Zhou"]
    untouched, _, _, _ = _person_regexes("Qian", ("qian", "xue", "sen"))
    assert untouched.search("Qian Xue-sen’s wife").span() == (0, 12)
    never = _word_regex("Ximen")
    assert never.search("Mr. Xi and Men said") is None and never._regex is None  # not compiled
    assert _word_regex("Ouyang").search("Mr. Ou Yang said") is None  # compiled: "ouyang" is there
    assert _word_regex("Zheng").search("ZHENG and Zhengzhou").span() == (0, 5)


def test_number_words_take_the_short_way_on_ascii_text_only():
    text = "Twenty-one of the three thousand, a third, fourth-quarter, 3three and sixty six"
    full = [(m.start(), m.end(), m.group()) for m in numbers._EN_NUMBER_WORD.finditer(text)]
    fast = [(m.start(), m.end(), m.group()) for m in numbers._number_word_matches(text)]
    assert (
        fast
        == full
        == [
            (0, 10, "Twenty-one"),
            (18, 32, "three thousand"),
            (36, 41, "third"),
            (70, 79, "sixty six"),
        ]
    )
    assert list(numbers.number_words(text)) == [(0, 10, 21.0), (18, 32, 3000.0), (36, 41, 3.0), (70, 79, 66.0)]
    assert list(numbers.number_words("one of the two sides")) == []
    assert list(numbers.number_words("Fünf and seven")) == [(9, 14, 7.0)]


def test_en_values_reads_fractions_only_where_half_or_quarter_stands():
    assert {500000.0, 1.0} <= en_values("Half a million people")
    assert 750000000.0 in en_values("Three Quarters of a billion")
    assert 3.5 in en_values("three and a half days")
    assert en_values("a day") == {1.0}


def test_find_phrase_and_word_matches_keep_their_answers():
    words = target_words("The children took the test, and the test was taken.")
    assert find_phrase(words, "child") == (4, 12)
    assert find_phrase(words, "take the test") == (13, 26)
    assert find_phrase(words, "test was taken") == (36, 50)
    assert find_phrase(words, "adult") is None
    assert word_matches("Children", frozenset({"child"})) is True
    assert word_matches("Children", {"child"}) is True  # a plain set is not hashable: computed
    assert word_matches("the", frozenset({"the"})) is False


def test_no_name_regex_holds_a_class_with_the_curly_apostrophe():
    """A class holding ’ is compiled into a 65,536-entry bitmap: the fragments avoid it."""
    for fragment in (romanisation._START, romanisation._SEP, romanisation._GAP, romanisation._END):
        assert not re.search(r"\[[^\]]*’[^\]]*\]", fragment), fragment
