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
    proposer = ModelProposer(
        FakeBackend(rewrites, default=-1.0, scores={(o, r): -0.5 for o, r in rewrites.items()}), margin=0.1
    )
    rule = Edit(text.index("They was"), text.index("They was") + 8, "They were", "mt-en/x", segment=0)
    edits = proposer.propose([Segment(text, 0, 1)], rule_edits=[rule])
    start = text.index("have went")
    assert [(e.start, e.end, e.replacement) for e in edits] == [(start, start + 9, "has gone")]
    assert proposer.counts() == {"name": 1, "negation": 1, "number": 1, "rule-overlap": 1}
    assert [d.original for d in proposer.dropped if d.reason == "rule-overlap"] == ["was"]


@pytest.mark.parametrize(
    ("original", "rewrite", "source", "reason"),
    [
        # a loop the source does not have, repaired: one copy of 120 goes, and that is kept
        ("It is minus 120 degrees, minus 120 degrees.", "It is minus 120 degrees.", "零下120度。", None),
        # a number the source holds, restored
        ("There were 16 accidents.", "There were 15 accidents.", "发生了15起事故。", None),
        ("The plant employs many workers.", "The plant employs 1,200 workers.", "该厂雇用了1200名工人。", None),
        # a number the source does not hold, written by the model
        ("There were 15 accidents.", "There were 16 accidents.", "发生了15起事故。", "number"),
        # every mention of a number the source holds, dropped
        ("The plant employs 1,200 workers.", "The plant employs many workers.", "该厂雇用了1200名工人。", "number"),
        # same numbers, but one the source does not hold: the model kept the MT's wrong figure
        ("There were 16 accidents.", "There were sixteen accidents.", "发生了15起事故。", None),
        # a negation of the source restored, and one the source does not have removed
        ("He agreed with the plan.", "He did not agree with the plan.", "他不同意这个计划。", None),
        ("He did not agree with the plan.", "He agreed with the plan.", "他同意了这个计划。", None),
        # a negation dropped that the source holds, or added that it does not
        ("He did not agree with the plan.", "He agreed with the plan.", "他不同意这个计划。", "negation"),
        ("He agreed with the plan.", "He did not agree with the plan.", "他同意了这个计划。", "negation"),
        # a name dropped is dropped with or without a source
        ("The report of Li Keqiang was read.", "The report of Li was read.", "李克强的报告被宣读。", "name"),
        # a source that is not Chinese: the guards judge against the MT as before
        ("There were 16 accidents.", "There were 15 accidents.", "There were 15 accidents.", "number"),
    ],
)
def test_content_guard_reads_the_source(original: str, rewrite: str, source: str, reason: str | None) -> None:
    assert content_guard(original, rewrite, source=source) == reason
