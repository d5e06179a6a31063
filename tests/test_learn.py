"""`repair learn`: rules mined from a crafted parallel set, every input format, the filters,
review sidecars, and the command's outputs and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from repair.config import load_settings
from repair.edits import Applicability
from repair.engine import Engine, Settings
from repair.learn.align import changes
from repair.learn.mine import CONTRADICTED, HUMAN, TOO_FEW, Options, mine
from repair.learn.packfile import build_pack
from repair.learn.pairs import Pair, read_pair_file, read_pairs
from repair.learn.reviews import accepted_model_edits, config_text, rates, read_sidecar, rejected_rules, review_pairs
from repair.rules.pack import load_builtin

from conftest import run_repair

#: (MT, post-edit): "vigorously promote" and "coronary virus(es)" are corrected three times each;
#: "important instructions" is kept once (contradicted); "high-quality development" occurs in
#: a post-edit of another pair (the human side); "grand meeting" is corrected twice only.
PAIRS = [
    (
        "The government will vigorously promote reform in rural areas.",
        "The government will promote reform in rural areas.",
    ),
    ("Cities must vigorously promote green energy.", "Cities must promote green energy."),
    ("We vigorously promote trade with neighbours.", "We promote trade with neighbours."),
    ("The coronary virus spread quickly in the city.", "The coronavirus spread quickly in the city."),
    ("Doctors studied the coronary virus in detail.", "Doctors studied the coronavirus in detail."),
    ("Several coronary viruses were found in bats.", "Several coronaviruses were found in bats."),
    ("He praised the important instructions of the leader.", "He praised the instructions of the leader."),
    ("Officials read the important instructions again.", "Officials read the instructions again."),
    ("They followed the important instructions closely.", "They followed the instructions closely."),
    ("The important instructions were printed on page one.", "The important instructions were printed on page one."),
    ("The plan seeks high-quality development in the region.", "The plan seeks quality growth in the region."),
    ("Leaders called for high-quality development this year.", "Leaders called for quality growth this year."),
    ("Firms want high-quality development above all.", "Firms want quality growth above all."),
    ("The report praised the factory.", "The report praised high-quality development at the factory."),
    ("A grand meeting was held on Monday.", "A rally was held on Monday."),
    ("The grand meeting ended at noon.", "The rally ended at noon."),
]
EXPECTED_ENTRIES = [
    {"coronary virus": "coronavirus", "coronary viruses": "coronaviruses"},
    {"vigorously promote": "promote"},
]


def _pairs() -> list[Pair]:
    return [Pair(m, p, f"x:{i + 1}") for i, (m, p) in enumerate(PAIRS)]


def _base_packs():
    return [load_builtin(n) for n in Settings().builtin]


def _learn(pairs, tmp_path, **opts):
    mined = mine(
        pairs,
        Options(**opts),
        known=[k for p in _base_packs() for r in p.rules if r.kind == "substitution" for k in r.params["entries"]],
    )
    return mined, build_pack(mined, Options(**opts), _base_packs(), "learned", "crafted", str(tmp_path / "l.yaml"))


def test_alignment_changes_are_exact():
    got = changes(
        "The safety production of the new crown pneumonia is important.",
        "The work safety of the COVID-19 is important.",
    )
    assert [(c.phrase, c.replacement, c.mt_start, c.mt_end) for c in got] == [
        ("safety production", "work safety", 4, 21),
        ("new crown pneumonia", "COVID-19", 29, 48),
    ]
    # deletion takes the next word; insertion the words on both sides; a sentence-start capital is lowered
    assert [(c.phrase, c.replacement) for c in changes("We vigorously promote trade.", "We promote trade.")] == [
        ("vigorously promote", "promote")
    ]
    assert [
        (c.phrase, c.replacement) for c in changes("He went to Ministry today.", "He went to the Ministry today.")
    ] == [("to Ministry", "to the Ministry")]
    assert [(c.phrase, c.replacement) for c in changes("Safety production matters.", "Work safety matters.")] == [
        ("Safety production", "work safety")
    ]
    assert changes("Same TEXT here.", "same text here.") == []


def test_exact_rules_from_a_crafted_set(tmp_path):
    mined, written = _learn(_pairs(), tmp_path)
    assert [r.params["entries"] for r in written.pack.rules] == EXPECTED_ENTRIES
    assert [r.id for r in written.pack.rules] == ["learned/coronary-virus", "learned/vigorously-promote"]
    assert [f.support for f in written.families] == [3, 3]
    assert all(r.applicability is Applicability.UNSAFE for r in written.pack.rules)
    assert [r.category for r in written.pack.rules] == ["terminology/wrong-term", "terminology/wrong-term"]
    ex = written.pack.rules[1].examples
    assert [(e.bad, e.fixed, e.unsafe) for e in ex if e.bad] == [
        ("Cities must vigorously promote green energy.", "Cities must promote green energy.", True),
        ("We vigorously promote trade with neighbours.", "We promote trade with neighbours.", True),
    ]
    assert [e.good for e in ex if e.good] == ["Cities must promote green energy.", "We promote trade with neighbours."]
    data = yaml.safe_load(written.text)
    assert data["rules"][0]["learned"] == {"support": 3, "in_mt": 3, "category_guessed": True, "from": "crafted"}
    assert mined.dropped() == {TOO_FEW: 2, CONTRADICTED: 1, HUMAN: 1}
    assert len(mined.candidates) == 7 and mined.kept() == 3


def test_contradiction_and_human_side_filters(tmp_path):
    mined, _ = _learn(_pairs(), tmp_path)
    by = {(c.key, c.replacement): c for c in mined.candidates}
    kept_once = by[("important instructions", "instructions")]
    assert (len(kept_once.support), kept_once.contradictions, kept_once.dropped) == (3, 1, CONTRADICTED)
    human = by[("high-quality development", "quality growth")]
    assert (len(human.support), human.contradictions, human.human_lines, human.dropped) == (3, 0, 1, HUMAN)
    # without the pair that kept the phrase, the rule is learned; without the human line, too
    mined2, written2 = _learn([p for p in _pairs() if not p.mt.startswith(("The important", "The report"))], tmp_path)
    assert {"important instructions": "instructions"} in [r.params["entries"] for r in written2.pack.rules]
    assert {"high-quality development": "quality growth"} in [r.params["entries"] for r in written2.pack.rules]
    # a lower threshold keeps "grand meeting"; the learned pack changes no post-edit
    _, written3 = _learn(_pairs(), tmp_path, min_support=2)
    assert {"grand meeting": "rally"} in [r.params["entries"] for r in written3.pack.rules]
    engine = Engine.from_packs([written3.pack])
    for _, pe in PAIRS:
        fixed, _ = engine.fix(_doc(pe), unsafe=True)
        assert fixed.render() == pe


def test_overwhelming_support_is_safe(tmp_path):
    pairs = [
        Pair(f"Item {i} shows the coronary virus today.", f"Item {i} shows the coronavirus today.", str(i))
        for i in range(6)
    ]
    _, written = _learn(pairs, tmp_path, safe_support=5)
    assert [(r.params["entries"], r.applicability) for r in written.pack.rules] == [
        ({"coronary virus": "coronavirus"}, Applicability.SAFE)
    ]
    assert not any(e.unsafe for e in written.pack.rules[0].examples)


def _doc(text):
    from repair.formats.text import parse_text

    return parse_text(text, "<t>")


def _tmx(path: Path, texts: list[str], reverse: bool = False) -> None:
    units = [
        f'<tu tuid="u{i}"><tuv xml:lang="zh"><seg>源{i}</seg></tuv><tuv xml:lang="en"><seg>{t}</seg></tuv></tu>'
        for i, t in enumerate(texts)
    ]
    units = "".join(reversed(units) if reverse else units)
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh"/><body>{units}</body></tmx>',
        encoding="utf-8",
    )


def _entries(pairs, tmp_path):
    return [r.params["entries"] for r in _learn(pairs, tmp_path)[1].pack.rules]


def test_every_input_format_gives_the_same_rules(tmp_path):
    mts, pes = [m for m, _ in PAIRS], [p for _, p in PAIRS]
    (tmp_path / "mt.txt").write_text("\n".join(mts) + "\n", encoding="utf-8")
    (tmp_path / "pe.txt").write_text("\n".join(pes) + "\n", encoding="utf-8")
    (tmp_path / "src.txt").write_text("\n".join(f"源{i}" for i in range(len(PAIRS))) + "\n", encoding="utf-8")
    text_pairs = read_pairs(str(tmp_path / "mt.txt"), str(tmp_path / "pe.txt"), str(tmp_path / "src.txt"))
    assert (text_pairs[0].source, text_pairs[0].where) == ("源0", f"{tmp_path / 'pe.txt'}:1")
    assert _entries(text_pairs, tmp_path) == EXPECTED_ENTRIES

    (tmp_path / "pairs.tsv").write_text(
        "id\tsrc\tmt\tpe\n" + "".join(f"{i}\t源{i}\t{m}\t{p}\n" for i, (m, p) in enumerate(PAIRS)), encoding="utf-8"
    )
    assert _entries(read_pair_file(str(tmp_path / "pairs.tsv")), tmp_path) == EXPECTED_ENTRIES

    _tmx(tmp_path / "mt.tmx", mts)
    _tmx(tmp_path / "pe.tmx", pes, reverse=True)  # units in another order: paired by tuid
    tmx_pairs = read_pairs(str(tmp_path / "mt.tmx"), str(tmp_path / "pe.tmx"))
    assert (tmx_pairs[0].mt, tmx_pairs[0].pe, tmx_pairs[0].source) == (
        PAIRS[-1][0],
        PAIRS[-1][1],
        f"源{len(PAIRS) - 1}",
    )
    assert _entries(tmx_pairs, tmp_path) == EXPECTED_ENTRIES

    units12 = "".join(
        f'<trans-unit id="t{i}"><source>源{i}</source><target>{p}</target>'
        f'<alt-trans origin="tm"><target>not this</target></alt-trans>'
        f'<alt-trans origin="mt"><target>{m}</target></alt-trans></trans-unit>'
        for i, (m, p) in enumerate(PAIRS)
    )
    (tmp_path / "pe12.xlf").write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file source-language="zh" target-language="en" datatype="plaintext" original="x"><body>{units12}</body></file></xliff>',
        encoding="utf-8",
    )
    x12 = read_pair_file(str(tmp_path / "pe12.xlf"))
    assert (x12[0].mt, x12[0].pe, x12[0].source, x12[0].where) == (
        PAIRS[0][0],
        PAIRS[0][1],
        "源0",
        f"{tmp_path / 'pe12.xlf'}#t0",
    )
    assert _entries(x12, tmp_path) == EXPECTED_ENTRIES

    units20 = "".join(
        f'<unit id="u{i}"><mtc:matches><mtc:match ref="#s{i}" type="tm"><source>x</source><target>not this</target></mtc:match>'
        f'<mtc:match ref="#s{i}" type="mt"><source>x</source><target>{m}</target></mtc:match></mtc:matches>'
        f'<segment id="s{i}"><source>源{i}</source><target>{p}</target></segment></unit>'
        for i, (m, p) in enumerate(PAIRS)
    )
    (tmp_path / "pe20.xlf").write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" '
        f'version="2.0" srcLang="zh" trgLang="en"><file id="f">{units20}</file></xliff>',
        encoding="utf-8",
    )
    assert _entries(read_pair_file(str(tmp_path / "pe20.xlf")), tmp_path) == EXPECTED_ENTRIES


def _sidecar(path: Path, input_path: str, decisions: list[dict]) -> None:
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "input": input_path,
                "output": "x",
                "saved": True,
                "rechecked": False,
                "decisions": decisions,
                "stale": [],
            }
        ),
        encoding="utf-8",
    )


def _d(rule, original, replacement, before, after, decision, text=None, segment=0, segment_hash=""):
    d = {
        "rule": rule,
        "original": original,
        "replacement": replacement,
        "before": before,
        "after": after,
        "segment": segment,
        "segment_hash": segment_hash,
        "decision": decision,
    }
    if text is not None:
        d["text"] = text
    return d


@pytest.fixture
def reviews_dir(tmp_path):
    import hashlib

    folder = tmp_path / "reviews"
    (folder / "sub").mkdir(parents=True)
    article = folder / "a.txt"
    lines = ["The mayor spoke at the Town Hall on Friday.", "Officials said new cases fell sharply."]
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    h0 = hashlib.sha256(lines[0].encode()).hexdigest()[:16]
    h1 = hashlib.sha256(lines[1].encode()).hexdigest()[:16]
    cap = "mt-en/capitalization/mid-sentence"
    _sidecar(
        folder / "a.repaired.txt.review.json",
        str(article),
        [
            _d(cap, "T", "t", "The mayor spoke at the ", "own Hall on Friday.", "reject", segment=0, segment_hash=h0),
            _d(
                "model/tiny",
                "spoke at",
                "spoke at",
                "The mayor ",
                " the Town Hall on Friday.",
                "accept",
                segment=0,
                segment_hash=h0,
            ),
            _d(
                "model/tiny",
                "new cases",
                "new infections",
                "Officials said ",
                " fell sharply.",
                "accept",
                segment=1,
                segment_hash=h1,
            ),
            _d(
                "zh-en/x",
                "sharply",
                "steeply",
                "ficials said new cases fell ",
                ".",
                "rewrite",
                text="sharply",
                segment=1,
                segment_hash=h1,
            ),
        ],
    )
    _sidecar(
        folder / "sub" / "b.repaired.txt.review.json",
        "elsewhere/b.txt",
        [
            _d(cap, "M", "m", "x ", "ayor", "reject"),
            _d(cap, "P", "p", "y ", "ark", "reject"),
            _d(cap, "S", "s", "z ", "treet", "reject"),
            _d(cap, "C", "c", "w ", "ity", "accept"),
            _d("zh-en/y", "grand meeting", "grand meeting", "The ", " began at nine.", "rewrite", text="rally"),
            _d("zh-en/y", "grand meeting", "grand meeting", "After the ", ", people left.", "rewrite", text="rally"),
            _d("zh-en/y", "grand meeting", "grand meeting", "Before the ", " we met.", "rewrite", text="rally"),
        ],
    )
    return folder


def test_review_rates_rewrites_and_model_edits(reviews_dir, tmp_path):
    sidecars = [read_sidecar(p) for p in sorted(reviews_dir.rglob("*.review.json"))]
    rr = rates(sidecars)
    assert [(r.rule, r.accepted, r.rejected, r.rewritten) for r in rr] == [
        ("model/tiny", 2, 0, 0),
        ("mt-en/capitalization/mid-sentence", 1, 4, 0),
        ("zh-en/x", 0, 0, 1),
        ("zh-en/y", 0, 0, 3),
    ]
    assert [r.rule for r in rejected_rules(rr, 5)] == ["mt-en/capitalization/mid-sentence"]
    assert rejected_rules(rr, 6) == []
    pairs = review_pairs(sidecars)
    assert (pairs[-1].mt, pairs[-1].pe) == ("Before the grand meeting we met.", "Before the rally we met.")
    assert _entries(pairs, tmp_path) == [{"grand meeting": "rally"}]
    records, missed = accepted_model_edits(sidecars)
    # one segment (the second); the first's model edit is an identity, still exported; the rewrite keeps "sharply"
    assert [(r["before"], r["after"], r["source"], r["segment"]) for r in records] == [
        ("The mayor spoke at the Town Hall on Friday.", "The mayor spoke at the Town Hall on Friday.", None, 0),
        ("Officials said new cases fell sharply.", "Officials said new infections fell sharply.", None, 1),
    ]
    assert missed == 0


def test_config_demote_written_and_applied(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"  # keep me\n\n[tool.repair]\nignore = ["zh-en/name"]\n', encoding="utf-8"
    )
    cap = "mt-en/capitalization/mid-sentence"
    data, added = config_text(pyproject, "demote", [cap])
    assert added == [cap]
    assert data.decode() == (
        f'[project]\nname = "x"  # keep me\n\n[tool.repair]\nignore = ["zh-en/name"]\ndemote = ["{cap}"]\n'
    )
    pyproject.write_bytes(data)
    assert config_text(pyproject, "demote", [cap])[1] == []
    settings = load_settings(pyproject)
    assert settings.demote == [cap]
    tiers = {r.id: r.applicability for r in Engine.from_settings(settings).rules}
    plain = {r.id: r.applicability for r in Engine.from_settings(Settings()).rules}
    assert plain[cap] is Applicability.SAFE
    assert tiers[cap] is Applicability.UNSAFE
    assert all(tiers[k] is v for k, v in plain.items() if k != cap and k in tiers)
    assert not any(k.startswith("zh-en/name") for k in tiers)
    fresh = tmp_path / "new" / "pyproject.toml"
    fresh.parent.mkdir()
    assert config_text(fresh, "ignore", ["a/b"])[0].decode() == '[tool.repair]\nignore = ["a/b"]\n'


def test_demote_goes_one_step():
    settings = Settings(demote=["zh-en/calque"])
    before = {r.id: r.applicability for r in Engine.from_settings(Settings()).rules}
    after = {r.id: r.applicability for r in Engine.from_settings(settings).rules}
    step = {
        Applicability.SAFE: Applicability.UNSAFE,
        Applicability.UNSAFE: Applicability.DISPLAY,
        Applicability.DISPLAY: Applicability.DISPLAY,
    }
    changed = [k for k in before if k.startswith("zh-en/calque/")]
    assert changed and all(after[k] is step[before[k]] for k in changed)
    assert all(after[k] is before[k] for k in before if not k.startswith("zh-en/calque/"))


# ----- the command -------------------------------------------------------------------------


@pytest.fixture
def files(tmp_path):
    (tmp_path / "mt.txt").write_text("\n".join(m for m, _ in PAIRS) + "\n", encoding="utf-8")
    (tmp_path / "pe.txt").write_text("\n".join(p for _, p in PAIRS) + "\n", encoding="utf-8")
    return tmp_path


def test_command_writes_a_pack_that_passes_rules_test(files):
    out = files / "learned.yaml"
    r = run_repair("learn", "--mt", str(files / "mt.txt"), "--post-edit", str(files / "pe.txt"), "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    text = r.stdout.decode()
    for row in (
        "candidates (phrase -> replacement)",
        "kept (2 rules)",
        "dropped: too few segments",
        "dropped: contradicted",
    ):
        assert row in text
    assert "learned/coronary-virus" in text and "2 rule(s) written" in text
    t = run_repair("rules", "--test", "--pack", str(out))
    assert t.returncode == 0, t.stdout
    assert t.stdout.decode().strip().splitlines()[-1].endswith("passed, 0 failed")
    listed = run_repair("rules", "--format", "json", "--pack", str(out), "--select", "learned")
    assert [r["id"] for r in json.loads(listed.stdout)] == ["learned/coronary-virus", "learned/vigorously-promote"]


def test_no_overwrite_without_force(files):
    out = files / "learned.yaml"
    out.write_text("mine\n", encoding="utf-8")
    r = run_repair("learn", "--mt", str(files / "mt.txt"), "--post-edit", str(files / "pe.txt"), "-o", str(out))
    assert r.returncode == 2
    assert r.stderr.decode().strip().splitlines() == [f"repair: error: {out}: exists; give --force to overwrite it"]
    assert out.read_text() == "mine\n"
    r = run_repair(
        "learn", "--mt", str(files / "mt.txt"), "--post-edit", str(files / "pe.txt"), "-o", str(out), "--force"
    )
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("# Learned by `repair learn`")


def test_from_reviews_command(reviews_dir, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    jsonl = tmp_path / "accepted.jsonl"
    pack = tmp_path / "rewrites.yaml"
    r = run_repair(
        "learn",
        "--from-reviews",
        str(reviews_dir),
        "--write-config",
        str(pyproject),
        "--as",
        "ignore",
        "--export-accepted",
        str(jsonl),
        "-o",
        str(pack),
        "-q",
    )
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    assert (
        "rejected more than accepted" in out
        and "1 rule(s) added to [tool.repair] ignore: mt-en/capitalization/mid-sentence" in out
    )
    assert pyproject.read_text() == '[tool.repair]\nignore = ["mt-en/capitalization/mid-sentence"]\n'
    assert [json.loads(x)["after"] for x in jsonl.read_text().splitlines()] == [
        "The mayor spoke at the Town Hall on Friday.",
        "Officials said new infections fell sharply.",
    ]
    assert yaml.safe_load(pack.read_text())["rules"][0]["entries"] == {"grand meeting": "rally"}
    assert run_repair("rules", "--test", "--pack", str(pack)).returncode == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--mt", "{d}/missing.txt", "--post-edit", "{d}/pe.txt"], "{d}/missing.txt: "),
        (
            ["--mt", "{d}/mt.txt", "--post-edit", "{d}/short.txt"],
            "{d}/short.txt: 1 segments, but the MT file {d}/mt.txt has 16: files must be line-aligned",
        ),
        (["{d}/bad.tsv"], "{d}/bad.tsv:1: the header needs an 'mt' and a 'post-edit'"),
        (["{d}/mt.txt"], "{d}/mt.txt: one file must be a TSV/CSV"),
        (["{d}/plain.xlf"], "{d}/plain.xlf: no unit holds both a target and an MT <alt-trans> target"),
        (["--from-reviews", "{d}/nothing"], "{d}/nothing: no such folder"),
        (["--from-reviews", "{d}/badreviews"], "{d}/badreviews/x.review.json: not a version 1 review sidecar"),
    ],
)
def test_bad_input_is_one_line_exit_2(files, args, message):
    d = str(files)
    (files / "short.txt").write_text("one line\n", encoding="utf-8")
    (files / "bad.tsv").write_text("a\tb\n1\t2\n", encoding="utf-8")
    (files / "plain.xlf").write_text(
        '<xliff version="1.2"><file><body><trans-unit id="1"><source>a</source><target>b</target>'
        "</trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    (files / "badreviews").mkdir()
    (files / "badreviews" / "x.review.json").write_text('{"version": 9}', encoding="utf-8")
    r = run_repair("learn", *[a.format(d=d) for a in args], "-o", str(files / "out.yaml"))
    lines = r.stderr.decode().strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1, r.stderr
    assert lines[0].startswith("repair: error: " + message.format(d=d))
    assert not (files / "out.yaml").exists()


def test_function_word_changes_need_three_times_the_support(tmp_path):
    from repair.learn.mine import FUNCTION_ONLY

    def pairs(n):
        return [
            Pair(f"Case {i} went to Ministry today.", f"Case {i} went to the Ministry today.", str(i)) for i in range(n)
        ]

    mined, written = _learn(pairs(8), tmp_path)
    assert [(c.key, c.replacement, c.dropped) for c in mined.candidates] == [
        ("to ministry", "to the Ministry", FUNCTION_ONLY)
    ]
    mined, written = _learn(pairs(9), tmp_path)
    assert [(r.params["entries"], r.category) for r in written.pack.rules] == [
        ({"to Ministry": "to the Ministry"}, "fluency/grammar")
    ]


def test_learned_key_is_checked_by_the_pack_schema():
    from repair.errors import PackError
    from repair.rules.pack import parse_pack

    rule = (
        "pack: p\nrules:\n  - id: p/x\n    kind: substitution\n    category: terminology/wrong-term\n    severity: minor\n"
        "    applicability: unsafe\n    message: m\n    entries: {coronary virus: coronavirus}\n    learned: {LEARNED}\n"
        "    examples:\n      - good: fine\n"
    )
    pack = parse_pack(
        rule.replace("{LEARNED}", "{support: 3, in_mt: 4, category_guessed: true, from: a.txt}"), "p.yaml"
    )
    assert pack.rules[0].params == {"entries": {"coronary virus": "coronavirus"}}
    with pytest.raises(PackError) as exc:
        parse_pack(rule.replace("{LEARNED}", "{support: 3, supprt: 4}"), "p.yaml")
    assert str(exc.value) == "p.yaml:10: rule 'p/x': unknown key 'supprt'"


def test_a_rule_that_breaks_a_loaded_packs_example_is_dropped(tmp_path):
    from repair.learn.mine import EXAMPLES

    pairs = [
        Pair("They value work and family.", "They value business - family.", "1"),
        Pair("Balance work and leisure now.", "Balance business - leisure now.", "2"),
        Pair("Both work and study count.", "Both business - study count.", "3"),
    ]
    mined, written = _learn(pairs, tmp_path)
    assert [(c.key, c.replacement, c.dropped) for c in mined.candidates] == [("work and", "business -", EXAMPLES)]
    assert written.pack.rules == []
    # without the built-in packs (whose good examples say "resuming work and production") it is kept
    mined = mine(pairs, Options())
    alone = build_pack(mined, Options(), [], "learned", "crafted", str(tmp_path / "l.yaml"))
    assert [r.params["entries"] for r in alone.pack.rules] == [{"work and": "business -"}]
