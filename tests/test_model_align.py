"""Rewrite -> edits: exact spans and replacements of the word-level alignment."""

from __future__ import annotations

import pytest
from repair.model.align import Change, align, changed_share, tokenize


def apply(text: str, changes: list[Change]) -> str:
    for c in reversed(changes):
        text = text[: c.start] + c.replacement + text[c.end :]
    return text


@pytest.mark.parametrize(
    ("original", "rewrite", "expected"),
    [
        ("He have went home.", "He has gone home.", [Change(3, 12, "has gone", 2, 2)]),
        ("I went store today.", "I went to the store today.", [Change(7, 7, "to the ", 0, 2)]),
        ("It is is fine.", "It is fine.", [Change(3, 6, "", 1, 0)]),
        ("Hello world again", "Hello world", [Change(11, 17, "", 1, 0)]),
        ("Hello world", "Hello world again.", [Change(11, 11, " again.", 0, 2)]),
        # two changes one unchanged word apart merge into one edit (merge_gap=1)
        ("a big house is here", "the big houses is here", [Change(0, 11, "the big houses", 3, 3)]),
        ("Xi Jinping ’s speech", "Xi Jinping’s speech", [Change(3, 13, "Jinping’s", 3, 1)]),  # ’ and s are two tokens
        ("Same text.", "Same text.", []),
        ("Same  text.", "Same text.", []),  # spacing alone is not an edit
    ],
)
def test_align_exact(original: str, rewrite: str, expected: list[Change]) -> None:
    assert align(original, rewrite) == expected


def test_merge_gap_zero_keeps_changes_apart() -> None:
    assert align("a big house is here", "the big houses is here", merge_gap=0) == [
        Change(0, 1, "the", 1, 1),
        Change(6, 11, "houses", 1, 1),
    ]


@pytest.mark.parametrize(
    ("original", "rewrite"),
    [
        (
            "At present, the country is resuming production and production.",
            "At present, the country is resuming work and production.",
        ),
        (
            "It is necessary to strengthen safety production supervision, Strengthen the work.",
            "We must strengthen the supervision of work safety and strengthen the work.",
        ),
        ("one two three", "four five"),
        ("", "new text"),
        ("old text", ""),
    ],
)
def test_applying_the_changes_gives_the_rewrite(original: str, rewrite: str) -> None:
    assert apply(original, align(original, rewrite)) == rewrite


def test_tokens_and_share() -> None:
    assert [t.text for t in tokenize("Don't stop, Xi’s 3.5%!")] == [
        "Don't",
        "stop",
        ",",
        "Xi’s",
        "3",
        ".",
        "5",
        "%",
        "!",
    ]
    assert changed_share("a b c d e f g h i j", "a b c x y z d e f g h i j") == 0.3
    assert changed_share("a b c d", "w x y z") == 1.0
    assert changed_share("a b c d", "a b c d") == 0.0


def test_sentence_spans() -> None:
    from repair.model.sentences import sentence_spans

    text = "# Xi said on Apr. 10 that U.S. firms must work.  Safety is key! Then more"
    spans = sentence_spans(text, 2)
    assert [text[s:e] for s, e in spans] == [
        "Xi said on Apr. 10 that U.S. firms must work.",
        "Safety is key!",
        "Then more",
    ]
    assert spans[0] == (2, 47)
    assert sentence_spans("   ") == []
