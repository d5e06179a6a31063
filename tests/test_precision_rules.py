"""Precision first (issue 12): what the rule kinds must leave alone, each kind of false positive pinned.

Each case names the kind of text it protects: reduplicated names, deliberate repetition,
capitals on names and titles, names across document boundaries, guesses at a doubled word.
"""

from dataclasses import replace

import pytest
from click.testing import CliRunner
from repair.cli import main
from repair.document import Document, article_parts, parts_from_ids
from repair.engine import Engine, Settings
from repair.formats import xliff
from repair.formats.text import parse_text

ENGINE = Engine.from_settings(Settings())


def fixed(text: str, unsafe: bool = True, source: str | None = None) -> str:
    doc = parse_text(text, "t.txt")
    if source is not None:
        doc = Document(doc.path, [replace(s, source=source) for s in doc.segments], doc.endings, doc.bom, doc.format)
    return ENGINE.fix(doc, unsafe=unsafe)[0].render()


def findings(text: str, rule: str) -> list[tuple[str, str, str]]:
    return [
        (e.original, e.replacement, e.applicability.value)
        for e in ENGINE.check(parse_text(text, "t.txt"))
        if e.rule_id == rule
    ]


# --- repetition -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Yang Yang and Li Li starred with Lang Lang, Ni Ni and Fah Fah.",
        "Yang Yang won. Li Li lost.",
        "La la la, la la la.",
        "No no no, he said.",
        "Here we see ylang ylang, the component of many perfumes.",
        'From the sound of "Shua Shua" rice cutting to the sound of machines.',
    ],
)
def test_repetition_keeps_names_runs_and_foreign_words(text):
    assert fixed(text) == text
    assert findings(text, "mt-en/repetition/word") == findings(text, "mt-en/repetition/function-word") == []


def test_repetition_keeps_names_with_the_source_too():
    text = "Yang Yang and Li Li starred."
    assert fixed(text, source="杨洋和李莉主演。") == text


def test_repetition_still_fixes_english_stutters():
    assert fixed("The enterprises enterprises resumed work.") == "The enterprises resumed work."
    assert fixed("House Speaker Nancy Nancy Pelosi spoke.") == "House Speaker Nancy Pelosi spoke."
    assert fixed("Safety is the the priority.", unsafe=False) == "Safety is the priority."
    assert fixed("The the meeting opened.", unsafe=False) == "The meeting opened."
    assert fixed("He opened the the door.", unsafe=False) == "He opened the door."


def test_repetition_keeps_what_the_source_repeats():
    assert fixed("Lily Lily spoke first.") == "Lily spoke first."
    assert fixed("Lily Lily spoke first.", source="莉莉先发言。") == "Lily Lily spoke first."
    assert fixed("He sang bye bye baby.", source="He sang bye bye baby.") == "He sang bye bye baby."


def test_a_doubled_article_after_a_noun_is_only_flagged():
    text = "The officer was a policeman an an enchanting policewoman."
    assert fixed(text) == text
    assert findings(text, "mt-en/repetition/function-word") == [("an an", "an an", "display")]


# --- coordination -------------------------------------------------------------------------


def test_generic_x_and_x_is_a_flag():
    text = "We welcome opinions and suggestions and suggestions."
    assert fixed(text) == text
    assert findings(text, "mt-en/coordination/doubled") == [(" and suggestions", "", "display")]
    text = "Because you have to chuck out masses and masses of it."
    assert fixed(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "There were lots and lots of people.",
        "We threw out masses and masses of paper.",
        "They drove for miles and miles.",
        "She waited hours and hours, for years and years.",
        "Thousands and thousands came.",
    ],
)
def test_a_quantity_noun_said_twice_for_emphasis_is_no_doubling(text):
    # English repeats a quantity noun for "a great many" (reference findings of issue 13)
    assert findings(text, "mt-en/coordination/doubled") == []


def test_a_plural_that_is_no_quantity_noun_is_still_a_doubling():
    assert findings("We heard opinions and opinions.", "mt-en/coordination/doubled") == [
        (" and opinions", "", "display")
    ]


def test_a_pack_entry_that_knows_the_pair_still_fixes():
    assert (
        fixed("The country is resuming production and production.", unsafe=False)
        == "The country is resuming work and production."
    )


# --- capitalization -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The talks covered Article 37 of the treaty and more.",
        "Both parties accept 1992 Consensus as the basis of talks.",
        "Inspections cover about 2,000 Boeing 737 Classic aircraft in the country.",
        "The plan failed and Macron’s party lost seats in the vote.",
        'She was shortlisted for her role in "Make a Home" this year.',
        "The data come from Wind Information Co. Prices rose in June according to Wind data from the vendor.",
        "Poland withdraws from the European Treaty on the Prevention of Violence against Women next week.",
        "This is the part where it is smart. It is called Obsidian.",
    ],
)
def test_capitals_kept_on_designations_names_and_titles(text):
    assert fixed(text) == text
    assert findings(text, "mt-en/capitalization/mid-sentence") == []


def test_capitals_still_fixed_on_common_words():
    assert (
        fixed("It is necessary to strengthen supervision, Strengthen the implementation of it.", unsafe=False)
        == "It is necessary to strengthen supervision, strengthen the implementation of it."
    )
    assert (
        fixed("Investigate all areas Hidden dangers in production.")
        == "Investigate all areas hidden dangers in production."
    )


# --- names and document parts ---------------------------------------------------------------


def test_given_name_after_another_name_part_is_left():
    assert findings("Chen Guangming spoke. Cheng Guangming’s report was read.", "zh-en/name/given-name-alone") == []
    assert findings("Zhang Xiaoliang spoke. Later zhang Xiaoliang’s team left.", "zh-en/name/given-name-alone") == []


def test_given_name_alone_is_flagged_unless_possessive():
    text = "Yan Xiaoming spoke. Xiaoming said it was done; Xiaoming’s plan won."
    assert findings(text, "zh-en/name/given-name-alone") == [
        ("Xiaoming", "Yan Xiaoming", "display"),
        ("Xiaoming", "Yan Xiaoming", "safe"),
    ]
    assert fixed(text) == "Yan Xiaoming spoke. Xiaoming said it was done; Yan Xiaoming’s plan won."


def test_names_do_not_cross_articles():
    # two blank lines end an article; one separates paragraphs
    assert fixed("Yan Xiaoming spoke.\n\nXiaoming’s plan.\n") == "Yan Xiaoming spoke.\n\nYan Xiaoming’s plan.\n"
    assert fixed("Yan Xiaoming spoke.\n\n\nXiaoming’s plan.\n") == "Yan Xiaoming spoke.\n\n\nXiaoming’s plan.\n"
    # one segment a line: a headline after a sentence starts an article
    assert (
        fixed("Yan Xiaoming spoke.\nStudents Win a Prize in Beijing\nXiaoming’s plan won.\n")
        == "Yan Xiaoming spoke.\nStudents Win a Prize in Beijing\nXiaoming’s plan won.\n"
    )


def test_article_parts():
    assert article_parts(
        ["Title", "Subtitle", "Body one.", "Body two.", "", "Para.", "", "", "Next.", "Another Headline", "Body."]
    ) == [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2]
    assert parts_from_ids(["d1", "d1", "d2", "d1"]) == [0, 0, 1, 2]


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="a.txt" source-language="zh" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>颜小明发言。</source><target>Yan Xiaoming spoke.</target></trans-unit>
<trans-unit id="2"><source>小明的计划。</source><target>Xiaoming’s plan.</target></trans-unit>
</body></file>
<file original="b.txt" source-language="zh" target-language="en" datatype="plaintext"><body>
<trans-unit id="3"><source>小明的报告。</source><target>Xiaoming’s report.</target></trans-unit>
</body></file>
</xliff>
"""


def test_names_do_not_cross_xliff_files():
    doc = xliff.read_document("t.xlf", XLIFF.encode())
    assert [s.part for s in doc.segments] == [0, 0, 1]
    assert ENGINE.fix(doc)[0].texts == ["Yan Xiaoming spoke.", "Yan Xiaoming’s plan.", "Xiaoming’s report."]


def test_doc_ids_declare_documents(tmp_path):
    text = tmp_path / "t.txt"
    text.write_text(
        "Yan Xiaoming spoke.\nXiaoming’s report.\nThe second story begins.\nXiaoming’s plan.\n", encoding="utf-8"
    )
    ids = tmp_path / "t.docids"
    ids.write_text("a\na\nb\nb\n", encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(main, ["fix", "-o", str(tmp_path / "o.txt"), str(text)])
    assert (tmp_path / "o.txt").read_text(encoding="utf-8").count("Yan Xiaoming’s") == 2
    r = runner.invoke(main, ["fix", "--doc-ids", str(ids), "-o", str(tmp_path / "o2.txt"), str(text)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "o2.txt").read_text(
        encoding="utf-8"
    ) == "Yan Xiaoming spoke.\nYan Xiaoming’s report.\nThe second story begins.\nXiaoming’s plan.\n"
    ids.write_text("a\nb\n", encoding="utf-8")
    r = runner.invoke(main, ["fix", "--doc-ids", str(ids), "-o", str(tmp_path / "o3.txt"), str(text)])
    assert r.exit_code == 2
    assert r.output.strip().endswith(f"{ids}: 2 document ids for the 4 lines of {text}: give one id per line")
    assert not (tmp_path / "o3.txt").exists()


def test_house_style_is_read_per_article():
    # "Work" capitalised twice in the first article is its house style; the second article
    # writes it in lower case, so its own stray capital is a finding
    text = (
        "Staff met the Minister, Work teams rose early.\nThey said it, Work teams left late.\n\n\n"
        "Our teams work hard.\nThe staff said so, Work teams came.\n"
    )
    assert [
        e.original for e in ENGINE.check(parse_text(text, "t.txt")) if e.rule_id == "mt-en/capitalization/mid-sentence"
    ] == ["W"]
