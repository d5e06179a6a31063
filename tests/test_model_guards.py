"""Guards: each reason on its own, and exact drop counts through the proposer."""

from __future__ import annotations

import pytest

from repair.document import Segment
from repair.edits import Edit, Origin
from repair.model.fake import FakeBackend
from repair.model.guards import content_guard, edit_guard, names
from repair.model.proposer import ModelProposer


@pytest.mark.parametrize(
    ("original", "rewrite", "reason"),
    [
        ("See https://example.com/a for it.", "See https://example.com/b for it.", "url"),
        ("Write to info@example.org today.", "Write to us today.", "url"),
        ("It was held on Friday.", "It was held on Monday.", "date"),
        ("It was held in March.", "It was held in April.", "date"),
        ("Signed on 2020-04-10 in Beijing.", "Signed on 2020-04-11 in Beijing.", "date"),
        ("There were 15 accidents.", "There were 16 accidents.", "number"),
        ("There were 1,500 accidents.", "There were 1500 accidents.", None),  # same number, other spelling
        ("Three people came.", "Four people came.", "number"),
        ("The report of Li Keqiang was read.", "The report of Li was read.", "name"),
        ("The work is not done yet.", "The work is done yet.", "negation"),
        ("The work is done now.", "The work isn't done now.", "negation"),
        ("the cat sat on the mat", "a dog lay under a rug", "share"),
        ("He have went home.", "He has gone home.", None),
        ("They may march in May.", "They might march in May.", None),  # modal "may" is no date
    ],
)
def test_content_guard(original: str, rewrite: str, reason: str | None) -> None:
    assert content_guard(original, rewrite) == reason


def test_share_limit_is_a_parameter() -> None:
    assert content_guard("a b c d", "a x y d", max_share=0.5) is None
    assert content_guard("a b c d", "a x y d", max_share=0.4) == "share"


def test_names_skip_sentence_starts() -> None:
    assert names("The CPC met. Xi Jinping spoke to The Times") == ["CPC", "Jinping", "The", "Times"]


def test_edit_guard() -> None:
    rule = Edit(10, 20, "x", "zh-en/r", segment=0)
    model = Edit(15, 25, "y", "model/m", origin=Origin.MODEL, segment=0)
    assert edit_guard(model, (), [rule]) == "rule-overlap"
    assert edit_guard(model, ((24, 30),), [rule]) == "protected"
    assert edit_guard(Edit(20, 25, "y", "model/m", origin=Origin.MODEL), (), [rule]) is None


def test_proposer_counts_every_drop() -> None:
    rewrites = {
        "There were 15 accidents.": "There were 16 accidents.",
        "The work is not done.": "The work is done.",
        "Li Keqiang gave instructions.": "Li gave instructions.",
        "He have went home.": "He has gone home.",
        "They was late.": "They were late.",
    }
    text = " ".join(rewrites)
    proposer = ModelProposer(FakeBackend(rewrites, default=-1.0, scores={
        (o, r): -0.5 for o, r in rewrites.items()}), margin=0.1)
    rule = Edit(text.index("They was"), text.index("They was") + 8, "They were", "mt-en/x", segment=0)
    edits = proposer.propose([Segment(text, 0, 1)], rule_edits=[rule])
    start = text.index("have went")
    assert [(e.start, e.end, e.replacement) for e in edits] == [(start, start + 9, "has gone")]
    assert proposer.counts() == {"name": 1, "negation": 1, "number": 1, "rule-overlap": 1}
    assert [d.original for d in proposer.dropped if d.reason == "rule-overlap"] == ["was"]
