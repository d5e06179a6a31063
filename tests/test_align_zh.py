"""The lexical aligner of a Chinese source phrase to its target span (repair.align_zh): exact spans."""

from repair.align_zh import content_words, locate


def test_a_quoted_phrase_is_found_by_its_glosses():
    text = "the EU's refugee admission system is in near-permanent crisis, according to Euractiv."
    a = locate("永久性的危机", text)
    assert (text[a.start : a.end], a.anchored, a.content, a.confident) == (
        "permanent crisis",
        ("永久性", "危机"),
        ("永久性", "危机"),
        True,
    )


def test_the_span_widens_over_neighbours_that_render_the_phrase_too():
    text = "in accordance with the principles of unified command and safety first, strengthen"
    a = locate("统一指挥、安全第一", text)
    assert text[a.start : a.end] == "unified command and safety first"
    assert a.confident


def test_latin_text_numbers_and_names_are_strong_anchors():
    text = "The new product is held for 1095 days by Shanshan and Euractiv."
    assert text[(a := locate("1095", text)).start : a.end] == "1095" and a.confident
    assert text[(a := locate("杉杉", text)).start : a.end] == "Shanshan" and a.confident
    assert text[(a := locate("Euractiv", text)).start : a.end] == "Euractiv" and a.confident
    three = locate("三", "They built three bridges.")
    assert (three.start, three.end, three.confident) == (11, 16, True)


def test_one_weak_anchor_is_not_confident():
    a = locate("澳门历史城区", "a group tour of the World Heritage Site, Macau Historic District")
    assert a is not None and a.anchored == ("城区",) and not a.confident


def test_nothing_found_and_function_words_only():
    assert locate("中间相炭微球", "the national 863 phosphates projects") is None
    assert locate("的了", "anything at all") is None
    assert content_words("他们的钱") == ("钱",)
