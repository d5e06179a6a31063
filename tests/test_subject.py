"""The ``subject`` kind: a sentence without its subject where the Chinese source drops it (exact spans)."""

from dataclasses import replace

import pytest
from repair.engine import Engine
from repair.formats.text import parse_text
from repair.rules.kinds.subject import can_be_verb, source_verb_openings, subjectless_verbs, verb_form
from repair.rules.pack import load_builtin

RULE = "bilingual/subject/dropped"


def findings(target: str, source: str | None):
    doc = parse_text(target, "<t>")
    doc.segments = [replace(s, source=source) for s in doc.segments]
    engine = Engine([r for r in load_builtin("bilingual").rules if r.id == RULE])
    return [(e.start, e.end, e.original, e.rule_id, e.severity) for e in engine.check(doc)]


def test_present_tense_verb_without_subject():
    # WMT21 TED talk 9 (指的是 ...): eight MT systems wrote "Refers to"
    assert findings(
        "Refers to the proportion of people who agree that most people are credible.",
        "指的是同意大多数人都可信的人数比例。",
    ) == [(0, 6, "Refers", RULE, "major")]


def test_past_tense_verb_before_that():
    # WMT21 news (报道称 ...): "Reported that the fire caused ..."
    assert findings("Reported that the fire caused serious damage.", "报道称，此次大火造成了严重损失。") == [
        (0, 8, "Reported", RULE, "major")
    ]
    assert findings("The meeting ended. Pointed out that prices rose.", "会议结束。指出，价格上涨了。") == [
        (19, 26, "Pointed", RULE, "major")
    ]


@pytest.mark.parametrize(
    "target,source",
    [
        ("It refers to the proportion of people who agree.", "指的是同意的人数比例。"),  # a subject
        ("Thanks to the new rules, prices fell.", "由于新规定，价格下降了。"),  # thanks: an interjection
        ("Sounds good to me.", "听起来不错。"),  # spoken ellipsis
        ("Turns out he was right.", "结果他是对的。"),
        ("Shows were cancelled.", "演出取消了。"),  # a noun too
        ("Means of transport changed.", "交通方式改变了。"),
        ("Includes two rooms.", "房子有两个房间。"),  # the source opens with a noun
        ("Reported cases rose.", "报告病例上升。"),  # no "that": a participle
        ("Granted that it is late, we go on.", "虽然晚了，我们继续。"),  # a participle clause
        ("Worried that prices would rise, the bank acted.", "担心价格上涨，银行采取了行动。"),
        ("Refers.", "指的是。"),  # nothing after the verb
    ],
)
def test_not_reported(target, source):
    assert findings(target, source) == []


def test_first_sentence_needs_the_first_source_sentence():
    # the target's first sentence is matched with the source's first, which has a subject
    assert findings("Refers to the rate.", "这个指数很重要。指的是比例。") == []
    # a later target sentence may match any source sentence
    assert findings("This index matters. Refers to the rate.", "这个指数很重要。指的是比例。") == [
        (20, 26, "Refers", RULE, "major")
    ]


def test_source_without_chinese_or_missing_is_skipped():
    assert findings("Refers to the proportion of people.", "Se refiere a la proporción.") == []
    assert findings("Refers to the proportion of people.", None) == []


def test_helpers():
    assert verb_form("refers") == "VBZ" and verb_form("reported") == "VBD"
    assert verb_form("shows") is None and verb_form("thanks") is None and verb_form("is") is None
    assert verb_form("refer") is None  # the base form: an imperative
    assert can_be_verb("指", "n")  # CC-CEDICT: "to point at or to"
    assert not can_be_verb("房子", "n")
    assert source_verb_openings("会议结束。指出，价格上涨了。") == (False, True)
    assert list(subjectless_verbs("“Refers to it.", "指的是它。")) == [(1, 7)]
