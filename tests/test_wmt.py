"""Real MT output beyond the article: WMT21 zh-en dev, 23 systems and the human reference.

Pins what the shipped packs do to human English (safe fixes may change at most 1 line in
200 of ref.A.en) and what is left of the known MT error patterns after --unsafe-fixes.
"""

import re
from collections import Counter

import pytest
from repair.engine import Engine, Settings
from repair.formats.text import parse_text

from conftest import DATA

WMT = DATA / "wmt21-zh-en-dev"
XINGUAN = re.compile(
    r"\bnew (crown|coronary)\b(?=[- ]?(pneumonia|virus|epidemic|outbreak|cases?|disease|confirmed|vaccines?|infections?|patients?))",
    re.I,
)
#: "new crown virus" (新冠病毒) is the virus or, in Chinese news, often the disease: flagged with
#: both candidates ("novel coronavirus", "COVID-19"), not replaced
VIRUS = re.compile(r"\bnew (crown|coronary) virus", re.I)
FULLWIDTH = re.compile(r"[，。、；：（）！？]")
SPACE_APOS = re.compile(r"\w\s+[’']s\b")
X_AND_X = re.compile(r"\b(\w+(?: \w+){0,2}) and \1\b", re.I)


@pytest.fixture(scope="module")
def eng():
    return Engine.from_settings(Settings())


@pytest.fixture(scope="module")
def fixed_hyps(eng):
    out = {}
    for path in sorted(WMT.glob("hyp.*.en")):
        text = path.read_text(encoding="utf-8")
        fixed, _ = eng.fix(parse_text(text, path.name), unsafe=True)
        out[path.name] = (text, fixed.render())
    return out


def test_safe_fixes_leave_the_human_reference_alone(eng):
    ref = (WMT / "ref.A.en").read_text(encoding="utf-8")
    fixed, _ = eng.fix(parse_text(ref, "ref.A.en"))
    before, after = ref.split("\n"), fixed.render().split("\n")
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(changed) * 200 <= len(before)
    # the one change is a real typo in the reference: "on the other , satellite"
    assert [b for _, b in changed] == [before[51].replace("other , satellite", "other, satellite")]


def test_unsafe_fixes_remove_calques_fullwidth_and_spaced_possessives(fixed_hyps):
    before = Counter()
    for name, (text, fixed) in fixed_hyps.items():
        assert fixed.count("\n") == text.count("\n"), name
        before["xinguan"] += len(XINGUAN.findall(text))
        before["fullwidth"] += len(FULLWIDTH.findall(text))
        before["space_apos"] += len(SPACE_APOS.findall(text))
        for line in fixed.split("\n"):
            assert not XINGUAN.search(VIRUS.sub("", line)), line
            assert not FULLWIDTH.search(line), line
            assert not SPACE_APOS.search(line), line
    assert before == {"xinguan": 115, "fullwidth": 9, "space_apos": 20}


KEPT_EXCEPTIONS = {"more and more", "higher and higher"}
#: "X and X" left in place because the second X is followed by a content word, i.e. may begin a
#: compound. Without a part-of-speech tagger the rule cannot tell "the military and military
#: units" (right) from MT doublings such as "health and health departments" (wrong): precision
#: first. Listed here so that any change in what is kept is noticed.
KEPT_COMPOUNDS = {
    "military and military units",
    "military and military industrial",
    "military and military-industrial",
    "health and health departments",
    "health and health department",
    "logistics and logistics center",
    "talented and talented teachers",
    "waves and waves ripple",
    "sand and sand collection",
    "young and young laborers",
    "weakening and weakening party",
    "weak and weak rectification",
    "troublesome and troublesome issues",
    "staff and staff according",
    "reducing and reducing rent",
    "reduced and reduced according",
    "reduce and reduce kindergarten",
    "reduce and reduce housing",
    "mountains and mountains laid",
    "literary and literary principles",
    "disturbing and disturbing concerns",
    "strong and strong showdown",
}


def test_every_x_and_x_left_is_kept_on_purpose_or_flagged(eng, fixed_hyps):
    """The generic "X and X" rule only flags (display): which word the repeat stands for is
    unknown (dropping it moved 74 segments away from the reference, 22 towards it). So
    --unsafe-fixes leaves every "X and X" in place; each is a listed exception, a capitalised
    title, a possible compound, or flagged for a person."""
    before = after = 0
    kept = Counter()
    for name, (text, fixed) in fixed_hyps.items():
        before += len(X_AND_X.findall(text))
        doc = parse_text(fixed, name)
        flags = {(e.segment, e.start) for e in eng.check(doc) if e.rule_id == "mt-en/coordination/doubled"}
        assert all(
            e.applicability.value == "display" for e in eng.check(doc) if e.rule_id == "mt-en/coordination/doubled"
        )
        for seg in doc.segments:
            line = seg.text
            for m in X_AND_X.finditer(line):
                after += 1
                phrase = m.group(0).lower()
                if (seg.index, m.end(1)) in flags:
                    kept["flagged"] += 1
                    continue
                if phrase in KEPT_EXCEPTIONS:
                    kept[phrase] += 1
                    continue
                if m.group(1)[0].isupper() and m.start() and line[m.start() - 2] not in ".!?":
                    kept["capitalised"] += 1  # a title or a name: "Best Actor and Actor"
                    continue
                nxt = re.match(r"[ -][\w]+", line[m.end() :])
                compound = (phrase + nxt.group(0)).lower() if nxt else phrase
                assert compound in KEPT_COMPOUNDS, compound
                kept["compound"] += 1
    assert before == after == 283
    assert kept == {"flagged": 104, "more and more": 83, "higher and higher": 19, "compound": 62, "capitalised": 15}
