"""Human English the shipped rules must not damage: three human references through `fix`.

WMT21 zh-en dev ``ref.A.en`` (500 segments, 15,912 words) and the two TED talks references
``ref.en`` and ``refB.en`` (529 segments each, 8,821 and 8,885 words; attribution in
tests/data/README.md) go through ``fix`` and ``fix --unsafe-fixes``. Every changed line is
pinned below with the rules that changed it, so a new false positive fails here: fix the
rule (precision first), or, for a real slip of the translator, add the line with the reason.
Issue 12's targets: safe fixes change no correct line; unsafe fixes at most one line per
10,000 words.
"""

from collections import Counter

import pytest
from repair import formats
from repair.engine import Engine, Settings

from conftest import DATA

REFERENCES = {
    "ref.A.en": DATA / "wmt21-zh-en-dev" / "ref.A.en",
    "ref.en": DATA / "ted21-zh-en" / "ref.en",
    "refB.en": DATA / "ted21-zh-en" / "refB.en",
}

#: The one change, safe and unsafe alike: a real typo of the translator ("on the other , satellite").
TYPO = [(52, ("mt-en/characters/space-before-comma",))]

#: (reference, tier) -> every changed line: (line number, rules that changed it).
PINNED = {
    ("ref.A.en", "safe"): TYPO,
    ("ref.A.en", "unsafe"): TYPO,
    ("ref.en", "safe"): [],
    ("ref.en", "unsafe"): [],
    ("refB.en", "safe"): [],
    ("refB.en", "unsafe"): [],
}


@pytest.fixture(scope="module")
def engine():
    return Engine.from_settings(Settings())


def changed(engine, name: str, unsafe: bool):
    doc = formats.read(REFERENCES[name])
    fixed, rounds = engine.fix(doc, unsafe=unsafe)
    rules: dict[int, list[str]] = {}
    for r in rounds:
        for e in r:
            rules.setdefault(e.segment, [])
            if e.rule_id not in rules[e.segment]:
                rules[e.segment].append(e.rule_id)
    lines = [(a.line, tuple(rules[a.index])) for a, b in zip(doc.segments, fixed.segments) if a.text != b.text]
    return doc, fixed, lines


@pytest.mark.parametrize("name,tier", sorted(PINNED), ids=[f"{n}-{t}" for n, t in sorted(PINNED)])
def test_human_reference_changes_are_pinned(engine, name, tier):
    doc, fixed, lines = changed(engine, name, tier == "unsafe")
    assert lines == PINNED[name, tier]
    per_rule = Counter(r for _, rules in lines for r in rules)
    assert per_rule == Counter(r for _, rules in PINNED[name, tier] for r in rules)
    assert len(lines) * 10_000 <= doc.word_count()  # at most one line per 10,000 words
    assert len(fixed.segments) == len(doc.segments)


def test_the_one_change_is_the_typo(engine):
    doc, fixed, _ = changed(engine, "ref.A.en", True)
    before, after = doc.segments[51].text, fixed.segments[51].text
    assert after == before.replace("on the other , satellite", "on the other, satellite") != before
