"""The edit model: spans, overlap priority, application, fixpoint."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from repair.edits import Applicability, Edit, Origin, apply_edits, resolve_overlaps


def E(start, end, repl, rule="t/r", **kw):
    return Edit(start, end, repl, rule, **kw)


def test_apply_right_to_left_keeps_offsets():
    text = "the the cat sat on on the mat"
    out, applied = apply_edits(text, [E(3, 7, ""), E(18, 21, "")])
    assert out == "the cat sat on the mat"
    assert [a.span for a in applied] == [(3, 7), (18, 21)]


def test_overlap_priority_origin_then_tier_then_priority_then_length():
    # the text: "resuming production and production."
    generic = E(19, 34, "", rule="mt-en/x", applicability=Applicability.UNSAFE)
    specific = E(9, 34, "work and production", rule="zh-en/x", applicability=Applicability.SAFE)
    kept, dropped = resolve_overlaps([generic, specific])
    assert kept == [specific] and dropped == [generic]
    manual = E(9, 19, "work", rule="manual", origin=Origin.MANUAL, applicability=Applicability.UNSAFE)
    kept, _ = resolve_overlaps([specific, manual])
    assert kept == [manual]
    a = E(0, 8, "A", priority=0)
    b = E(0, 19, "B", priority=5)
    assert resolve_overlaps([a, b])[0] == [b]
    longer = E(0, 19, "L")
    shorter = E(0, 8, "S")
    assert resolve_overlaps([shorter, longer])[0] == [longer]


def test_insertions_and_touching_spans():
    assert not E(0, 3, "x").overlaps(E(3, 5, "y"))
    assert E(2, 2, "x").overlaps(E(1, 4, "y"))
    assert not E(1, 1, "x").overlaps(E(1, 4, "y"))
    assert E(1, 1, "x").overlaps(E(1, 1, "y"))
    assert not E(0, 3, "x", segment=0).overlaps(E(0, 3, "x", segment=1))


def test_stale_and_out_of_range_edits_raise():
    with pytest.raises(ValueError, match="stale edit"):
        apply_edits("abc", [Edit(0, 1, "x", "t/r", original="z")])
    with pytest.raises(ValueError, match="outside text"):
        apply_edits("abc", [E(2, 9, "x")])
    with pytest.raises(ValueError):
        E(3, 2, "x")
    with pytest.raises(ValueError):
        E(0, 1, "x", confidence=1.5)


def test_noop_edit_is_not_applied():
    out, applied = apply_edits("abc", [E(0, 1, "a")])
    assert out == "abc" and applied == []


def test_fix_rechecks_until_stable():
    """A fix that unblocks another is followed by a second round; a third finds nothing."""
    from repair.engine import Engine, Settings
    from repair.formats.text import parse_text

    engine = Engine.from_settings(Settings())
    doc = parse_text(
        "the guidance of Xi Jinping ’s socialist thinking with Chinese characteristics in the new era", "t"
    )
    fixed, rounds = engine.fix(doc, unsafe=True)
    assert (
        fixed.render() == "the guidance of Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era"
    )
    assert [[e.rule_id for e in r] for r in rounds] == [
        ["mt-en/characters/space-before-possessive", "zh-en/calque/xi-thought"],
        ["zh-en/calque/xi-thought-possessive"],
    ]
    assert engine.fix(fixed, unsafe=True)[1] == []


@st.composite
def text_and_edits(draw):
    text = draw(st.text(alphabet="ab c\n’，", min_size=0, max_size=40))
    edits = []
    for _ in range(draw(st.integers(0, 6))):
        s = draw(st.integers(0, len(text)))
        e = draw(st.integers(s, len(text)))
        edits.append(E(s, e, draw(st.text(alphabet="xyz ", max_size=4)), priority=draw(st.integers(0, 3))))
    return text, edits


@given(text_and_edits())
def test_text_outside_applied_spans_never_changes(case):
    text, edits = case
    out, applied = apply_edits(text, edits)
    # rebuild the expected output from the untouched pieces and the replacements
    expected, pos = [], 0
    for e in applied:
        assert e.start >= pos
        expected.append(text[pos : e.start])
        expected.append(e.replacement)
        pos = e.end
    expected.append(text[pos:])
    assert out == "".join(expected)
    for a in applied:
        assert not any(a is not b and a.overlaps(b) for b in applied)


@given(text_and_edits())
def test_resolve_overlaps_keeps_exactly_what_a_pairwise_check_keeps(case):
    """The neighbour-only check agrees with comparing every edit against every kept edit."""
    from repair.edits import priority_key

    _, edits = case
    kept, dropped = resolve_overlaps(edits)
    naive, seen = [], set()
    for e in sorted(edits, key=priority_key):
        key = (e.segment, e.start, e.end, e.replacement)
        if key in seen:
            continue
        if not any(e.overlaps(k) for k in naive):
            seen.add(key)
            naive.append(e)
    assert kept == sorted(naive, key=lambda e: (e.start, e.end))


def test_many_edits_on_one_long_line():
    edits = [E(i * 4, i * 4 + 3, "x") for i in range(20_000)] + [E(i * 4 + 1, i * 4 + 2, "y") for i in range(20_000)]
    kept, dropped = resolve_overlaps(edits)
    assert [k.replacement for k in kept] == ["x"] * 20_000 and len(dropped) == 20_000


@settings(max_examples=1000)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=6), st.integers(0, 40), st.integers(0, 8))
def test_is_protected_agrees_with_a_pairwise_check(spans, start, length):
    from repair.document import Segment

    raw = tuple((s, s + n) for s, n in spans if n)
    seg = Segment("x" * 50, 0, 1, protected=raw)
    end = start + length
    naive = any(start < pe and ps < end or (start == end and ps < start < pe) for ps, pe in raw)
    assert seg.is_protected(start, end) == naive


@settings(max_examples=500)
@given(st.text(alphabet="ab .,", max_size=20), st.integers(0, 20), st.integers(0, 4))
def test_single_word_exceptions_agree_with_their_regex(text, start, length):
    from repair.rules.kinds.base import compile_exceptions, excepted

    exc = compile_exceptions(["ab", "b"])
    assert exc is not None and exc.words == {"ab", "b"}
    end = min(len(text), start + length)
    start = min(start, end)
    regex_only = exc.__class__(exc.regex, None, None)
    assert excepted(exc, text, start, end) == excepted(regex_only, text, start, end)


def test_fix_tiers_are_ordered_by_automation_not_by_their_names():
    safe, unsafe, display = Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY
    assert safe < unsafe < display and display > unsafe >= unsafe and safe <= safe
    assert sorted([display, safe, unsafe]) == [safe, unsafe, display]  # "display" < "safe" as strings
    assert max(safe, display) is display and min(unsafe, display) is unsafe
    assert [t.rank for t in Applicability] == [0, 1, 2]
    assert [t.demoted() for t in Applicability] == [unsafe, display, display]
    assert safe.weaker(unsafe) is unsafe and display.weaker(safe) is display and unsafe.weaker(unsafe) is unsafe


def test_applies_is_the_one_test_of_unattended_fixing():
    assert [t.applies() for t in Applicability] == [True, False, False]
    assert [t.applies(unsafe=True) for t in Applicability] == [True, True, False]


def test_no_module_ranks_fix_tiers_by_hand():
    """Tier sets and comparisons with a named tier live in edits.py only (Applicability.applies,
    its order); the kinds name a tier to give it, never to compare one."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "repair"
    by_hand = re.compile(
        r"applicability (?:is|is not|==|!=|in|not in) |\{Applicability\.\w+, Applicability\.|_TIER_RANK"
    )
    found = [
        f"{p.relative_to(root)}:{n}"
        for p in sorted(root.rglob("*.py"))
        if p.name != "edits.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []
