"""The one aligner (repair.align_zh) serves both callers: one stop list, one gloss-word reader."""

from repair import align_zh, zhterms
from repair.align_zh import gloss_words, locate, locate_literal, target_words


def test_gloss_words_leave_out_the_stop_list_and_short_words():
    glosses = ["prefix used before the surname", "to not have sth", "Xi Jinping", "go"]
    assert gloss_words(glosses, 3) == frozenset({"prefix", "before", "surname", "xi", "jinping"})
    assert gloss_words(glosses, 2) == frozenset({"prefix", "before", "surname", "xi", "jinping", "go"})


def test_a_negation_in_a_gloss_anchors_nothing():
    # 青黄不接 is glossed "lit. yellow does not reach green": "not" said nothing of it, but
    # anchored it on any negation of the target before the two stop lists were one
    assert locate("青黄不接", "They will not go.") is None
    # 老 "prefix used before the surname ...": "used" is no rendering of 老狼
    assert locate("老狼", "The tools were used again.") is None


def test_the_literal_search_and_the_phrase_search_share_one_module():
    assert zhterms.rendered is align_zh.rendered and zhterms.locate_literal is align_zh.locate_literal
    text = "the two national meetings opened"
    assert locate_literal(target_words(text), "两会") == (4, 25)
