"""`repair learn` edge rules: the ``edges`` kind, rules mined from MT beside its post-edit and
its source (a crafted set of Russian-English triplets), their filters, a held-out TER figure,
and CSV-quoted TSV input."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from repair.engine import Engine, Settings
from repair.formats.text import parse_text
from repair.learn.edges import CONTRADICTED, COVERED, HUMAN, TOO_FEW, condition_regex, mine_edges, moved, shape
from repair.learn.mine import Options, mine
from repair.learn.packfile import build_pack
from repair.learn.pairs import Pair, read_pair_file, tsv_quoted
from repair.rules.kinds.edges import edges
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
EXPECTED_RULE = {
    "id": "learned/edges-start-quote-end-quote",
    "kind": "edges",
    "category": "fluency/punctuation",
    "severity": "minor",
    "applicability": "unsafe",
    "message": "post-editors changed the ends of the segment where the source starts with quote and ends with "
    "quote, the target has no quote (3 segments; learned)",
    "source_start": QUOTES + "+",
    "source_end": QUOTES + "+",
    "target_lacks": QUOTES,
    "start": '"',
    "end": '"',
    "learned": {"support": 3, "in_mt": 3, "category_guessed": True, "from": "crafted"},
    "examples": [
        {"bad": "We will win.", "fixed": '"We will win"', "unsafe": True, "source": "«Мы победим»"},
        {
            "bad": "Dear entrepreneur",
            "fixed": '"Dear entrepreneur"',
            "unsafe": True,
            "source": "«Уважаемый предприниматель»",
        },
        {"good": '"We will win"', "source": "«Мы победим»"},
        {"good": '"Dear entrepreneur"', "source": "«Уважаемый предприниматель»"},
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
    assert [r.id for r in written.pack.rules] == ["learned/edges-start-quote-end-quote"]
    dropped = {(c.condition, c.side, c.action): c.dropped for c in mined.edge_candidates}
    # the quote at the source's start alone is contradicted by "«Дезинформировал», — сказал он."
    assert dropped[(("=", ("quote",)), None, "quote"), "start", '"'] == CONTRADICTED
    # the same condition without "the target has no quote" covers the same segments: the more specific is kept
    assert dropped[(("=", ("quote",)), ("=", ("quote",)), None), "start", '"'] == COVERED
    # the emoji is restored in one segment only
    emoji = [c for c in mined.edge_candidates if c.action == "{source}"]
    assert {c.dropped for c in emoji} == {TOO_FEW} and {len(c.support) for c in emoji} == {1}


def test_held_out_ter_goes_down_and_post_edits_stay(tmp_path):
    mined = mine(_pairs(), Options())
    written = build_pack(mined, Options(), _base_packs(), "learned", "crafted", str(tmp_path / "l.yaml"))
    after = _fix(written.pack, HELD_OUT)
    assert after == ['"May the war sober us up"', "Thank you, friends."]
    mts, pes = [t[1] for t in HELD_OUT], [t[2] for t in HELD_OUT]
    ter = TER()
    assert round(ter.corpus_score(mts, [pes]).score, 3) == 22.222
    assert ter.corpus_score(after, [pes]).score == 0.0
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
    assert "learned/edges-start-quote-end-quote" in text
    assert [x["id"] for x in yaml.safe_load(out.read_text(encoding="utf-8"))["rules"]] == [EXPECTED_RULE["id"]]
    t = run_repair("rules", "--test", "--pack", str(out))
    assert t.returncode == 0, t.stdout + t.stderr
