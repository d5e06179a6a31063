"""Property tests (hypothesis): fixing keeps text outside edits, line structure, and is idempotent."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from repair.edits import apply_edits
from repair.engine import Engine, Settings
from repair.formats.text import parse_text

ENGINE = Engine.from_settings(Settings())

#: Fragments that trigger every kind, mixed with ordinary words, spaces, punctuation and breaks.
PIECES = [
    "Xi Jinping",
    "Jinping's",
    "Li Keqiang",
    "Keqiang",
    "resuming production and production",
    "production and production capacity",
    "the the",
    "more and more",
    "new crown pneumonia",
    "New coronary cases",
    "safety production",
    "safe production of",
    "well-off Society",
    "comprehensive well-off Society",
    ", Strengthen the",
    "; Accelerate the",
    "that Effectiveness;",
    " ’s",
    " ,",
    "，",
    "。",
    "复工",
    "State Council Security Committee",
    "suggestions and suggestions",
    "the",
    "a",
    "work",
    "and",
    "of",
    "Beijing",
    "Party",
    "to",
    "Society",
    "’",
    "'",
    "-",
    " ",
    " ",
    " ",
    ".",
    "https://x.org/the the",
    "\n",
    "\r\n",
]

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.booleans())
# found by hypothesis: fixing the second line changed the house-style count of "Strengthen",
# which made the first line's capital a finding; later rounds must then check every line
@example("Xi Jinpingresuming production and production, Strengthen the\n, Strengthen the ,Xi Jinping", False)
def test_fix_is_idempotent_and_keeps_lines(text, unsafe):
    doc = parse_text(text, "t.txt")
    fixed, _ = ENGINE.fix(doc, unsafe=unsafe)
    out = fixed.render()
    assert len(fixed.segments) == len(doc.segments)
    assert [e for e in fixed.endings] == doc.endings
    again, rounds = ENGINE.fix(parse_text(out, "t.txt"), unsafe=unsafe)
    assert rounds == [] and again.render() == out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_one_round_changes_only_text_inside_edit_spans(text):
    doc = parse_text(text, "t.txt")
    edits = ENGINE.check(doc)
    for seg in doc.segments:
        mine = [e for e in edits if e.segment == seg.index]
        new, applied = apply_edits(seg.text, mine)
        pieces, pos = [], 0
        for e in applied:
            pieces += [seg.text[pos : e.start], e.replacement]
            pos = e.end
        assert new == "".join(pieces) + seg.text[pos:]
        for e in applied:
            assert not seg.is_protected(e.start, e.end)  # never inside a URL
