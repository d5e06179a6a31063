"""Names read from the Chinese source, second round (issue 13, check 1): names jieba cuts in
two, Vietnamese and Korean people (their country word in the source, their Sino-Vietnamese
spelling), a well-known person the source does not name, a syllable or surname changed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from repair.engine import Engine
from repair.formats.text import parse_text
from repair.rules.pack import load_builtin
from repair.zhsource import name_origin, source_names, vietnamese_forms, well_known_people


def doc_of(targets: list[str], sources: list[str]):
    doc = parse_text("\n".join(targets) + "\n", "<t>")
    doc.segments = [replace(s, source=src) for s, src in zip(doc.segments, sources)]
    return doc


def found(prefix: str, targets: list[str], sources: list[str]):
    engine = Engine([r for r in load_builtin("bilingual").rules if r.id.startswith(prefix)])
    return [
        (e.rule_id, e.segment, e.start, e.end, e.original, e.replacement, e.applicability.value)
        for e in engine.check(doc_of(targets, sources))
    ]


def names(source: str) -> list[tuple[str, str]]:
    return [(n.hanzi, n.canonical) for n in source_names(source, frozenset({"nr", "ns", "nsf", "nt"}))]


# --- names jieba cuts in two ------------------------------------------------------------------


def test_surname_cut_off_its_given_name_is_joined():
    assert names("夏立言稍早会见宋涛") == [("夏立言", "Xia Liyan"), ("宋涛", "Song Tao")]  # 夏|立言
    assert names("政府总理范明政表示相信") == [("范明政", "Fan Mingzheng")]  # 范|明政
    assert names("马伊琍在微博上说") == [("马伊琍", "Ma Yili")]  # 马伊|琍


def test_surname_with_a_title_is_no_name():
    assert names("张女士表示") == []
    assert names("王先生认为") == []


# --- where a person comes from ----------------------------------------------------------------


def test_name_origin_is_the_nearest_country_word_of_the_sentence():
    s = "越南政府总理范明政与夫人走访了文莱大学。"
    assert name_origin(s, s.index("范明政")) == "vi"
    s = "朝鲜8日举行阅兵仪式，领导人金正恩的女儿金主爱出席。"
    assert name_origin(s, s.index("金主爱")) == "ko"
    s = "韩国总统会见中国外交部长王毅。"
    assert name_origin(s, s.index("王毅")) is None  # a Chinese cue comes nearer
    s = "韩国外长朴振会见了王毅。"
    assert name_origin(s, s.index("王毅")) is None  # 会见 brings in a second party
    s = "越南总理到访。他说，李强总理出席。"
    assert name_origin(s, s.index("李强")) is None  # another sentence


def test_vietnamese_forms_are_the_sino_vietnamese_reading():
    forms = vietnamese_forms("阮富仲")
    assert forms is not None
    assert forms.canonical == "Nguyen Phu Trong"
    assert forms.accepted == ("Nguyen Phu Trong", "Nguyễn Phú Trọng")
    assert (forms.surname, forms.given) == ("Ruan", "Fuzhong")  # its Mandarin pinyin, for foreign-pinyin


# --- Vietnamese and Korean people ---------------------------------------------------------------

SOURCES = ["越南政府总理阮春福抵达河内。", "阮春福总理表示满意。"]


def test_vietnamese_name_misspelt_anywhere_in_the_document():
    # the second source has no country word: the first one's 越南 makes 阮春福 Vietnamese
    got = found(
        "bilingual/names", ["Prime Minister Nguyen Xuan Phuc arrived.", "Nguyen Xuan Phong was pleased."], SOURCES
    )
    assert got == [("bilingual/names/vietnamese", 1, 0, 17, "Nguyen Xuan Phong", "Nguyen Xuan Phuc", "unsafe")]
    got = found(
        "bilingual/names", ["Prime Minister Nguyen Xuan Phuc arrived.", "Nguyen Xuan Phuc was pleased."], SOURCES
    )
    assert got == []
    # with its diacritics, or by the given name alone (the Vietnamese usage): right
    got = found("bilingual/names", ["Prime Minister Nguyễn Xuân Phúc arrived.", "Phuc was pleased."], SOURCES)
    assert got == []


def test_vietnamese_name_in_pinyin_is_fixed_korean_name_in_pinyin_is_reported():
    got = found("bilingual/names", ["Prime Minister Ruan Chunfu arrived.", "Ruan Chunfu was pleased."], SOURCES)
    assert got == [
        ("bilingual/names/foreign-pinyin", 0, 15, 26, "Ruan Chunfu", "Nguyen Xuan Phuc", "unsafe"),
        ("bilingual/names/foreign-pinyin", 1, 0, 11, "Ruan Chunfu", "Nguyen Xuan Phuc", "unsafe"),
    ]
    got = found("bilingual/names", ["Foreign Minister Cui Shanji spoke."], ["朝鲜外务相崔善姬发表谈话。"])
    assert got == [("bilingual/names/foreign-pinyin", 0, 17, 27, "Cui Shanji", "Cui Shanji", "display")]
    # a Chinese person in the same document keeps pinyin
    got = found("bilingual/names", ["Korean Foreign Minister Park Jin met Wang Yi."], ["韩国外长朴振会见了王毅。"])
    assert got == []


# --- a different person ---------------------------------------------------------------------------


def test_well_known_people_come_from_cedict_with_their_dates():
    people = well_known_people()
    assert people["xi jinping"] == frozenset({"习近平"})
    assert people["tsai ing-wen"] == frozenset({"蔡英文"})  # zh-names.yaml, person: true
    assert "sino-french war" not in people  # an event with dates


def test_well_known_person_the_source_does_not_name():
    got = found(
        "bilingual/names/different-person", ["Premier Wen Jiabao attended the forum."], ["李强总理出席了论坛。"]
    )
    assert got == [("bilingual/names/different-person", 0, 8, 18, "Wen Jiabao", "Wen Jiabao", "display")]
    # named in characters elsewhere in the document (a translator resolving "he"): right
    got = found(
        "bilingual/names/different-person",
        ["Premier Wen Jiabao arrived.", "Wen Jiabao attended the forum."],
        ["温家宝总理抵达。", "他出席了论坛。"],
    )
    assert got == []
    # the pinyin of the source's own characters: another person of the same name (李芳, not 李昉)
    assert found("bilingual/names/different-person", ["Li Fang won the race."], ["李芳赢得了比赛。"]) == []


# --- a syllable or the surname changed ------------------------------------------------------------


@pytest.mark.parametrize(
    "target,source,expected",
    [
        (
            "Ma Yiyi was nominated.",
            "马伊琍获得提名。",
            ("bilingual/names/spelling", 0, 0, 7, "Ma Yiyi", "Ma Yili", "unsafe"),
        ),
        (
            "In 1989, Zeng became director.",
            "1989年郑永刚成为厂长。",
            ("bilingual/names/spelling", 0, 9, 13, "Zeng", "Zheng", "unsafe"),
        ),
        (
            "The founder, Yang Yonggang, died.",
            "创始人郑永刚去世。",
            ("bilingual/names/given-alone", 0, 13, 26, "Yang Yonggang", "Zheng Yonggang", "unsafe"),
        ),
    ],
)
def test_one_syllable_or_the_surname_changed(target, source, expected):
    assert found("bilingual/names", [target], [source]) == [expected]


def test_right_forms_and_other_readings_are_kept():
    assert found("bilingual/names", ["Ma Yili was nominated."], ["马伊琍获得提名。"]) == []
    assert found("bilingual/names", ["In 1989, Zheng became director."], ["1989年郑永刚成为厂长。"]) == []
    # a lone surname of another person of the source
    assert found("bilingual/names", ["Zeng met him."], ["曾志伟会见了郑永刚。"]) == []
