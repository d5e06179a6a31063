"""repair.words: the one tokenizer and word diff of the review, the HTML report, the model's
alignment and ``repair learn``; "Xi's" is one token in each of them."""

from __future__ import annotations

import pytest
from repair import words
from repair.htmlreport import word_diff as html_diff
from repair.learn.align import changes
from repair.learn.align import tokens as learn_tokens
from repair.model.align import align, tokenize
from repair.review.diff import markers
from repair.review.diff import tokens as review_tokens
from repair.review.diff import word_diff as review_diff
from repair.words import Token


def test_tokens_keep_every_character():
    text = "Xi Jinping’s  talk, don't \t stop: COVID-19 (3.5%)\n"
    got = words.tokens(text)
    assert got == [
        "Xi",
        " ",
        "Jinping’s",
        "  ",
        "talk",
        ",",
        " ",
        "don't",
        " \t ",
        "stop",
        ":",
        " ",
        "COVID",
        "-",
        "19",
        " ",
        "(",
        "3",
        ".",
        "5",
        "%",
        ")",
        "\n",
    ]
    assert "".join(got) == text


def test_spans_leave_out_whitespace_and_give_offsets():
    assert words.spans("Xi’s 3.5") == [Token("Xi’s", 0, 4), Token("3", 5, 6), Token(".", 6, 7), Token("5", 7, 8)]
    assert words.spans("  ") == []
    assert words.spans("") == []


def test_a_possessive_is_one_token_everywhere():
    for text in ("Xi's", "Xi’s"):
        assert words.tokens(text) == [text]
        assert review_tokens(text) == [text]
        assert [t.text for t in tokenize(text)] == [text]
        assert learn_tokens(text)[0] == ["xi's"]  # learn folds case and ’


def test_hyphens_join_only_for_learn():
    assert words.tokens("well-off") == ["well", "-", "off"]
    assert words.COMPOUND_TOKEN.findall("well-off Xi’s COVID-19") == ["well-off", "Xi’s", "COVID-19"]


def test_word_diff_pieces():
    assert words.word_diff("resuming production and production.", "resuming work and production.") == [
        ("equal", "resuming "),
        ("delete", "production"),
        ("insert", "work"),
        ("equal", " and production."),
    ]
    # two changes separated by whitespace only are one
    assert words.word_diff("of safe production.", "of work safety.") == [
        ("equal", "of "),
        ("delete", "safe production"),
        ("insert", "work safety"),
        ("equal", "."),
    ]
    assert words.word_diff("same", "same") == [("equal", "same")]
    assert words.word_diff("", "new") == [("insert", "new")]
    assert words.word_diff("old", "") == [("delete", "old")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Xi’s speech", "Xi's speech"),
        ("Jinping’s instructions", "Jinping instructions"),
        ("fine ，and <b>", "fine, and <b>"),
        ("a  b\tc", "a b c d"),
        ("", "x"),
    ],
)
def test_word_diff_joins_back(old, new):
    pieces = words.word_diff(old, new)
    assert "".join(t for op, t in pieces if op != "insert") == old
    assert "".join(t for op, t in pieces if op != "delete") == new


def test_review_and_report_show_the_same_diff():
    """The report used to split "Xi’s" into "Xi", "’", "s" and mark only the apostrophe;
    the review and the model saw one word. Now both show the whole word changed."""
    assert markers(review_diff("Xi’s speech", "Xi's speech")) == "[-Xi’s-]{+Xi's+} speech"
    assert html_diff("Xi’s speech", "Xi's speech") == ("<del>Xi’s</del> speech", "<ins>Xi&#x27;s</ins> speech")
    assert (
        markers(review_diff("Jinping’s instructions", "Xi Jinping’s instructions")) == "{+Xi +}Jinping’s instructions"
    )
    assert html_diff("Jinping’s instructions", "Jinping instructions") == (
        "<del>Jinping’s</del> instructions",
        "<ins>Jinping</ins> instructions",
    )


def test_model_alignment_changes_whole_possessives():
    changes_ = align("Xi Jinping’s important instructions", "Xi Jinping's instructions")
    assert [(c.start, c.end, c.replacement) for c in changes_] == [(3, 22, "Jinping's")]


def test_learn_alignment_sees_a_possessive_as_one_word():
    # ’ and ' compare equal in learn; the deletion takes the next word as context
    got = [
        (c.phrase, c.replacement) for c in changes("Xi Jinping’s important instructions.", "Xi Jinping's instructions.")
    ]
    assert got == [("important instructions", "instructions")]
    got = [
        (c.phrase, c.replacement) for c in changes("Jinping's important instructions.", "Xi Jinping's instructions.")
    ]
    assert got == [("Jinping's important", "xi Jinping's")]
