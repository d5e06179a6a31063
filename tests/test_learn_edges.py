"""`repair learn` edge rules: the ``edges`` kind, rules mined from MT beside its post-edit and
its source (a crafted set of Russian-English triplets), their filters, a held-out TER figure,
and CSV-quoted TSV input."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml
from repair.engine import Engine, Settings
from repair.formats.text import parse_text
from repair.learn.edges import CONTRADICTED, COVERED, HUMAN, TOO_FEW, condition_regex, mine_edges, moved, shape
from repair.learn.mine import Options, mine
from repair.learn.packfile import build_pack
from repair.learn.pairs import Pair, read_pair_file, tsv_quoted
from repair.rules.kinds.edges import edges, outer_run, restorable, restore
from repair.rules.pack import PackError, load_builtin, parse_pack
from sacrebleu.metrics import TER

from conftest import run_repair

#: (source, MT, post-edit): three wholly quoted sources whose MT lost the quotation marks and
#: whose post-edit restored them; a source quoted in part (not at both ends), kept as it was;
#: an emoji restored once only; a lower-case source start whose MT capital was kept.
TRIPLETS = [
    ("«Уважаемый предприниматель»", "Dear entrepreneur", '"Dear entrepreneur"'),
    ("«Россия поднимается с колен»", "Russia is getting up off its knees.", '"Russia is getting up off its knees"'),
    ("«Мы победим»", "We will win.", '"We will win"'),
    ("«Дезинформировал», — сказал он.", "Disinformed, he said.", "Disinformed, he said."),
    ("Поддержите меня 😊", "Support me.", "Support me 😊"),
    ("теперь школьников возят в храм.", "Now pupils are taken to church.", "Now pupils are taken to church."),
    ("Привет, мир.", "Hello, world.", "Hello, world."),
]
HELD_OUT = [
    ("«Да отрезвит нас война»", "May the war sober us up.", '"May the war sober us up"'),
    ("Спасибо, друзья.", "Thank you, friends.", "Thank you, friends."),
]
QUOTES = '["«»“”„‟‹›‘‚「」『』]'
SYMBOLS = "[\\u2190-\\u2bff\\U0001f000-\\U0001faff\\ufe0f\\u200d]"
#: The restore family learned from TRIPLETS: the three quoted segments and the emoji pooled
#: (the old miner kept a literal quotation rule of 3 segments and dropped the emoji, 1 segment).
EXPECTED_RULE = {
    "id": "learned/edges-restore-quote-bracket-symbol",
    "kind": "edges",
    "category": "fluency/punctuation",
    "severity": "minor",
    "applicability": "unsafe",
    "message": "post-editors restored the source's quote or bracket marks enclosing the whole source and symbol "
    "marks outermost at its ends where the target has none (4 segments; learned)",
    "restore_pairs": [QUOTES, "[()\\[\\]{}]"],
    "restore_marks": SYMBOLS,
    "restore_as": {QUOTES: '"'},
    "learned": {"support": 4, "in_mt": 4, "category_guessed": True, "from": "crafted"},
    "examples": [
        {"bad": "Support me.", "fixed": "Support me. 😊", "unsafe": True, "source": "Поддержите меня 😊"},
        {"bad": "We will win.", "fixed": '"We will win."', "unsafe": True, "source": "«Мы победим»"},
        {"good": "Support me 😊", "source": "Поддержите меня 😊"},
        {"good": '"We will win"', "source": "«Мы победим»"},
    ],
}


def _pairs(triplets=TRIPLETS) -> list[Pair]:
    return [Pair(m, p, f"t:{i + 1}", s) for i, (s, m, p) in enumerate(triplets)]


def _base_packs():
    return [load_builtin(n) for n in Settings().builtin]


def _fix(pack, triplets, side=1) -> list[str]:
    doc = parse_text("\n".join(t[side] for t in triplets), "<t>")
    doc.segments = [dataclasses.replace(s, source=t[0]) for s, t in zip(doc.segments, triplets)]
    fixed, _ = Engine.from_packs([pack]).fix(doc, unsafe=True)
    return fixed.texts


def test_edges_and_shapes_are_exact():
    assert edges("« Dear sir »") == (0, 2, 10, 12)
    assert edges("  Dear sir .  ") == (2, 2, 10, 12)
    assert edges("Support me please . 😊") == (0, 0, 17, 21)
    assert edges("… !") is None
    assert shape("« ") == ("quote",)
    assert shape(" . 😊") == ("period", "symbol")
    assert shape(" » :") == ("quote", "colon")
    assert shape("'") == ("'",)  # an apostrophe is no quotation mark
    assert condition_regex(("=", ("quote", "colon"))) == QUOTES + "+[:;]+"
    assert condition_regex(("~", "symbol")) == ".*[\\u2190-\\u2bff\\U0001f000-\\U0001faff\\ufe0f\\u200d].*"
    assert condition_regex(None) is None


def test_rule_learned_from_a_crafted_set(tmp_path):
    mined = mine(_pairs(), Options())
    written = build_pack(mined, Options(), _base_packs(), "learned", "crafted", str(tmp_path / "l.yaml"))
    assert yaml.safe_load(written.text)["rules"] == [EXPECTED_RULE]
    assert [r.id for r in written.pack.rules] == ["learned/edges-restore-quote-bracket-symbol"]
    dropped = {(c.condition, c.side, c.action): c.dropped for c in mined.edge_candidates}
    # the quotation family alone has 3 of the pooled family's 4 segments; the emoji alone 1
    assert dropped[(None, None, None), "restore", "quote"] == COVERED
    assert dropped[(None, None, None), "restore", "symbol"] == TOO_FEW
    # the quote at the source's start alone is contradicted by "«Дезинформировал», — сказал он."
    assert dropped[(("=", ("quote",)), None, "quote"), "start", '"'] == CONTRADICTED
    # the literal candidates are covered by the family
    assert dropped[(("=", ("quote",)), ("=", ("quote",)), "quote"), "start", '"'] == COVERED
    # the emoji copied literally is seen in one segment only
    emoji = [c for c in mined.edge_candidates if c.action == "{source}"]
    assert {c.dropped for c in emoji} == {TOO_FEW} and {len(c.support) for c in emoji} == {1}


def test_held_out_ter_goes_down_and_post_edits_stay(tmp_path):
    mined = mine(_pairs(), Options())
    written = build_pack(mined, Options(), _base_packs(), "learned", "crafted", str(tmp_path / "l.yaml"))
    after = _fix(written.pack, HELD_OUT)
    # the MT's final period is kept inside the restored quotation marks; the post-editor dropped it
    assert after == ['"May the war sober us up."', "Thank you, friends."]
    mts, pes = [t[1] for t in HELD_OUT], [t[2] for t in HELD_OUT]
    ter = TER()
    assert round(ter.corpus_score(mts, [pes]).score, 3) == 22.222
    assert round(ter.corpus_score(after, [pes]).score, 3) == 11.111
    # the human side, with its sources, is left alone
    assert _fix(written.pack, HELD_OUT + TRIPLETS, side=2) == [t[2] for t in HELD_OUT + TRIPLETS]


def test_a_post_edit_the_rule_would_change_drops_it():
    # the MT kept the quotes (no opportunity), but its post-edit dropped them: the rule would change it
    extra = ("«Мы вернёмся»", '"We will return."', "We will return.")
    mined = mine_edges(_pairs([*TRIPLETS, extra]), list(range(8)), 3, 0.5)
    assert mined.rules == []
    wholly = (("=", ("quote",)), ("=", ("quote",)), "quote")
    assert {c.side: c.dropped for c in mined.candidates if c.condition == wholly} == {"start": HUMAN, "end": HUMAN}


def test_reordered_post_edits_support_nothing():
    # the post-edit moved the quotation to the end: the edges changed with the words next to them
    reordered = [
        (
            "他强调：“东盟应该感谢越南。”",
            '"ASEAN should thank Vietnam," he stressed.',
            'He stressed: "ASEAN should thank Vietnam."',
        ),
        ("她说：“我们会赢。”", '"We will win," she said.', 'She said: "We will win."'),
        ("他补充：“这很重要。”", '"This is important," he added.', 'He added: "This is important."'),
    ]
    assert mine_edges(_pairs(reordered), [0, 1, 2], 1, 0.5).candidates == []
    assert moved('"Spain is safe," the minister said.', 'The minister said, "Spain is safe."', '"', "")
    assert not moved("Dear sir", '" Dear sir "', "", '" ')
    assert not moved("Support me.", "Support me 😊", ".", " 😊")


def test_pairs_without_a_source_learn_no_edge_rule():
    mined = mine([Pair(m, p, "x", None) for _, m, p in TRIPLETS], Options(min_support=1))
    assert mined.edge_candidates == [] and mined.edge_rules == []


def test_edges_kind_copies_the_source_edge_and_is_idempotent():
    pack = parse_pack(
        """\
pack: t
description: t
rules:
  - id: t/emoji
    kind: edges
    category: fluency/punctuation
    severity: minor
    applicability: unsafe
    message: emoji of the source dropped
    source_end: ".*[\\\\U0001f000-\\\\U0001faff].*"
    target_lacks: "[\\\\U0001f000-\\\\U0001faff]"
    end: "{source}"
    examples:
      - bad: "Support me please."
        source: "Поддержите меня пожалуйста. 😊"
        fixed: "Support me please. 😊"
        unsafe: true
      - good: "Support me please 😊"
        source: "Поддержите меня пожалуйста. 😊"
""",
        "t.yaml",
    )
    rows = [("Поддержите меня пожалуйста. 😊", "Support me please.")]
    assert _fix(pack, rows) == ["Support me please. 😊"]
    assert _fix(pack, [("Поддержите меня пожалуйста. 😊", "Support me please. 😊")]) == ["Support me please. 😊"]
    assert _fix(pack, [("Поддержите меня пожалуйста.", "Support me please.")]) == ["Support me please."]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ('source_start: "[«"\n    start: "x"', "bad regex in 'source_start'"),
        ('source_start: "«"', "an edges rule needs 'start' or 'end'"),
    ],
)
def test_edges_rule_problems_are_reported(keys, message):
    text = f"""\
pack: t
description: t
rules:
  - id: t/x
    kind: edges
    category: fluency/punctuation
    severity: minor
    applicability: unsafe
    message: m
    examples:
      - good: "x"
        source: "y"
    {keys}
"""
    with pytest.raises(PackError, match=message):
        parse_pack(text, "t.yaml")


def test_csv_quoted_tsv_is_decoded(tmp_path):
    quoted = tmp_path / "q.tsv"
    quoted.write_text(
        'src\tmt\tpe\n« Уважаемый »\tDear sir\t""" Dear sir """\n"Ты "" да "" нет"\tYou "" yes "" no\tx\n',
        encoding="utf-8",
    )
    assert not tsv_quoted(quoted.read_text(encoding="utf-8"))  # 'You "" yes "" no' is not wrapped: plain
    quoted.write_text('src\tmt\tpe\n« Уважаемый »\tDear sir\t""" Dear sir """\n', encoding="utf-8")
    assert tsv_quoted(quoted.read_text(encoding="utf-8"))
    assert read_pair_file(str(quoted)) == [Pair("Dear sir", '" Dear sir "', f"{quoted}:2", "« Уважаемый »")]
    plain = tmp_path / "p.tsv"
    plain.write_text('mt\tpe\n"Yes" , he said\t"Yes," he said\n', encoding="utf-8")
    assert read_pair_file(str(plain)) == [Pair('"Yes" , he said', '"Yes," he said', f"{plain}:2", None)]


def test_command_learns_an_edges_rule_that_passes_rules_test(tmp_path):
    tsv = tmp_path / "triplets.tsv"
    rows = ["src\tmt\tpe"] + ["\t".join(t).replace('"', '""') for t in TRIPLETS]
    # CSV-quote the cells that hold a quotation mark, as a CSV writer does
    rows = [rows[0]] + ["\t".join(f'"{c}"' if '"' in c else c for c in r.split("\t")) for r in rows[1:]]
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "learned.yaml"
    r = run_repair("learn", str(tsv), "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = r.stdout.decode()
    assert "kept (1 edges rules)" in text
    assert "learned/edges-restore-quote-bracket-symbol" in text
    assert "restored;" in text  # the rules table: the family restores, quotation marks written as "
    assert [x["id"] for x in yaml.safe_load(out.read_text(encoding="utf-8"))["rules"]] == [EXPECTED_RULE["id"]]
    t = run_repair("rules", "--test", "--pack", str(out))
    assert t.returncode == 0, t.stdout + t.stderr


#: Quotation marks of three styles and two spacings, the closing mark written `` "`` (the MT's
#: period dropped) or ``."`` (kept), and two emoji: five corrections of one kind, no two of
#: them the same literal edit.
POOLED = [
    ("« Уважаемый предприниматель »", "Dear entrepreneur .", '" Dear entrepreneur "'),
    ("“Мы победим”", "We will win.", '"We will win."'),
    ("„Россия поднимается“", "Russia is rising.", '"Russia is rising"'),
    ("Поддержите меня 😊", "Support me.", "Support me. 😊"),
    ("Ура 🎉", "Hooray!", "Hooray! 🎉"),
    ("Привет, мир.", "Hello, world.", "Hello, world."),
]


def _restore(mined, action="quote+bracket+symbol"):
    return next(c for c in mined.edge_candidates if c.side == "restore" and c.action == action)


def test_restore_family_pools_marks_styles_and_closing_positions(tmp_path):
    mined = mine(_pairs(POOLED), Options())
    family = _restore(mined)
    assert (sorted(family.support), family.in_mt, family.contradictions, family.human_lines) == (
        [0, 1, 2, 3, 4],
        5,
        0,
        0,
    )
    assert family.dropped is None and family.restore_as == {QUOTES: '"'}
    assert (sorted(_restore(mined, "quote").support), _restore(mined, "quote").dropped) == ([0, 1, 2], COVERED)
    assert (sorted(_restore(mined, "symbol").support), _restore(mined, "symbol").dropped) == ([3, 4], TOO_FEW)
    # literally, no two closing edits are the same: ' "' (from ' .'), '."' (from '.'), '"' (from '.')
    ends = {
        c.action: len(c.support) for c in mined.edge_candidates if c.side == "end" and c.condition == (None, None, None)
    }
    assert ends == {' "': 1, '."': 1, '"': 1, ". 😊": 1, "! 🎉": 1}
    written = build_pack(mined, Options(), _base_packs(), "learned", "crafted", str(tmp_path / "l.yaml"))
    assert [r.id for r in written.pack.rules] == ["learned/edges-restore-quote-bracket-symbol"]
    assert written.edge_rules[0].support == 5
    held_out = [
        ("«Да отрезвит нас война»", "May the war sober us up."),  # quoted: restored outside the period
        ("« Уважаемые коллеги »", "Dear colleagues"),  # spaced as the source spaces it
        ("(Обновлено)", "Updated"),  # brackets: the family's member, copied as written
        ("🔥 Горячие новости", "Hot news"),  # an emoji at the start
        ("за «богохульство»", "for blasphemy."),  # a quotation of a part: not the segment's edge
        ("«Мы победим»:", "We will win:"),  # the source's outermost mark is the colon
        ("«Мы победим»", 'We will "win".'),  # the target has a quotation mark
    ]
    assert _fix(written.pack, held_out) == [
        '"May the war sober us up."',
        '" Dear colleagues "',
        "(Updated)",
        "🔥 Hot news",
        "for blasphemy.",
        "We will win:",
        'We will "win".',
    ]
    assert _fix(written.pack, [(s, f) for s, f in zip([h[0] for h in held_out], _fix(written.pack, held_out))]) == [
        '"May the war sober us up."',
        '" Dear colleagues "',
        "(Updated)",
        "🔥 Hot news",
        "for blasphemy.",
        "We will win:",
        'We will "win".',
    ]
    # the post-edits, with their sources, are left alone
    assert _fix(written.pack, POOLED, side=2) == [t[2] for t in POOLED]


def test_a_post_edit_that_left_the_mark_out_contradicts_the_whole_family():
    left_out = ("«Мы вернёмся»", "We will return.", "We will return.")
    mined = mine(_pairs([*POOLED, left_out]), Options())
    family = _restore(mined)
    assert (len(family.support), family.in_mt, family.contradictions, family.human_lines) == (5, 6, 1, 1)
    assert family.dropped == CONTRADICTED
    assert _restore(mined, "quote").dropped == CONTRADICTED
    assert _restore(mined, "symbol").dropped == TOO_FEW
    assert mined.edge_rules == []


def test_outer_runs_and_restorable_ends_are_exact():
    quotes, symbols = re.compile(QUOTES), re.compile(SYMBOLS)
    assert outer_run("« ", quotes, 0) == ("«", " ")
    assert outer_run(" » :", quotes, 1) is None
    assert outer_run(" . 😊 🎉", symbols, 1) == ("😊 🎉", " ")
    assert outer_run("«", quotes, 0) == ("«", "")
    found = restorable("« Уважаемый »", "Dear sir .", [quotes], symbols)
    assert [(side, run, space) for side, run, space, _ in found] == [(0, "«", " "), (1, "»", " ")]
    assert restorable("« Один » и « два »", "One and two", [quotes], None) == []  # not wholly quoted
    assert restore(" .", 1, "»", " ", [(quotes, '"')]) == ' . "'
    assert restore("", 0, "„", "", [(quotes, '"')]) == '"'


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ('restore_marks: "[😊]"\n    end: "x"', "not both"),
        ('start: "x"\n    restore_as:\n      "[«]": "x"', "'restore_as' needs"),
        ('restore_pairs: ["[«"]', "bad regex in 'restore_pairs'"),
        # a restored mark must read as a mark again: empty writes nothing; a letter, digit or
        # space is read as the word or its spacing, and the rule restores again every round
        ('restore_pairs: ["[«»]"]\n    restore_as:\n      "[«»]": ""', "writes '' for '\\[«»\\]': a mark is needed"),
        ('restore_pairs: ["[«»]"]\n    restore_as:\n      "[«»]": "q"', "writes 'q' for"),
        ('restore_marks: "[😊]"\n    restore_as:\n      "😊": " :)"', "writes ' :\\)' for"),
    ],
)
def test_restore_rule_problems_are_reported(keys, message):
    text = f"""\
pack: t
description: t
rules:
  - id: t/x
    kind: edges
    category: fluency/punctuation
    severity: minor
    applicability: unsafe
    message: m
    examples:
      - good: "x"
        source: "y"
    {keys}
"""
    with pytest.raises(PackError, match=message):
        parse_pack(text, "t.yaml")
