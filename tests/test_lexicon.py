"""The English word lists (repair/lexicon.py): a WordList answers as the set of its words."""

from __future__ import annotations

import pytest
from repair import lexicon

from conftest import ROOT


@pytest.mark.parametrize("name", ["common-words.txt", "proper-words.txt"])
def test_word_list_answers_as_the_set_of_the_shipped_words(name):
    text = (ROOT / "repair" / "data" / name).read_bytes().decode("utf-8")
    words = text.split()
    assert text == "\n".join(words) + "\n" and words == sorted(set(words))  # what the binary search needs
    searched = lexicon.WordList(text)
    searched.SWITCH = len(text)  # never builds the set
    probes = words + [w + "s" for w in words[::3]] + [w[:-1] for w in words[::3]] + ["", " ", "a b", "\n", "Zz", "é"]
    expected = set(words)
    assert [p in searched for p in probes] == [p in expected for p in probes]
    assert "_set" not in vars(searched)


def test_word_list_builds_its_set_after_the_first_questions():
    words = lexicon.WordList("apple\nbanana\ncherry\n")
    words.SWITCH = 2
    assert ("banana" in words, "fig" in words) == (True, False)
    assert "_set" not in vars(words)
    assert "cherry" in words and "Cherry" not in words
    assert words.as_set() == frozenset({"apple", "banana", "cherry"})
    assert words.__contains__.__self__ is words.as_set()  # the set's own method, for map()


def test_common_and_proper_words():
    assert "strengthen" in lexicon.common_words() and "beijing" not in lexicon.common_words()
    assert "Beijing" in lexicon.proper_words() and lexicon.is_english_word("April")
