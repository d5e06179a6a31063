"""The review on one long line: opening and drawing cost what the edits near the cursor cost.

No timings (benchmarks/tui_long_line.py prints those): the tests pin the work done, which
grew with the whole line per edit before (a line of 2 MB took 79 s to open, 5 s a key).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from repair import formats
from repair.edits import Applicability, Edit
from repair.review import index as index_module
from repair.review.index import LONG_SPAN
from repair.review.recheck import _Applied
from repair.review.state import ReviewError, ReviewState
from repair.review.widgets import article
from repair.review.widgets.article import ArticleView, _wrap_ascii, _wrap_words

SENTENCE = "Officials {n} said the country is resuming production and production under safety production rules. "


def long_line_state(tmp_path, engine, sentences: int = 300) -> ReviewState:
    src = tmp_path / "long.txt"
    src.write_text("".join(SENTENCE.format(n=n) for n in range(sentences)).rstrip(), encoding="utf-8")
    doc = formats.read(src)
    return ReviewState.open(doc, engine.check(doc), tmp_path / "long.repaired.txt", mode_from=src)


def test_one_segment_is_hashed_once_however_many_edits(tmp_path, engine, monkeypatch):
    calls = []
    real = index_module._hash
    monkeypatch.setattr(index_module, "_hash", lambda text: calls.append(len(text)) or real(text))
    s = long_line_state(tmp_path, engine)
    assert len(s.items) == 600 and len(s.doc.segments) == 1
    assert calls == [len(s.doc.segments[0].text)]
    assert {i.segment_hash for i in s.items.values()} == {real(s.doc.segments[0].text)}


def test_near_finds_the_edits_around_a_range_and_no_more(tmp_path, engine):
    s = long_line_state(tmp_path, engine)
    text = s.doc.segments[0].text
    start = text.index("Officials 150 ")
    end = start + len(SENTENCE.format(n=150))
    found = s.near(0, start, end)
    meeting = sorted(
        (e.start, e.end, i) for i, item in s.items.items() if (e := item.edit).end >= start and e.start <= end
    )
    assert set(meeting) <= set(found)
    assert len(meeting) == 2 and len(found) <= 2 + 2 * (LONG_SPAN // len(SENTENCE) + 1)
    assert all(e >= start and b >= start - LONG_SPAN for b, e, _ in found)


def test_a_span_longer_than_the_window_still_conflicts(tmp_path, engine):
    s = long_line_state(tmp_path, engine, sentences=20)
    text = s.doc.segments[0].text
    for _ in range(len(s.items)):
        s.reject()  # nothing accepted: the whole-line edit can be
    whole = Edit(0, len(text), "Rewritten.", "house/whole", segment=0, applicability=Applicability.UNSAFE)
    [big] = s.add_edits([whole])
    s.goto(s.position(big))
    s.accept(advance=False)
    last = max(s.items.values(), key=lambda i: i.edit.start).id  # far beyond LONG_SPAN from 0
    assert s.items[last].edit.start > LONG_SPAN
    s.goto(s.position(last))
    with pytest.raises(ReviewError, match="overlaps the accepted edit of house/whole"):
        s.rewrite("x", advance=False)


def test_the_pending_mark_of_a_segment_follows_the_decisions(tmp_path, engine):
    s = long_line_state(tmp_path, engine, sentences=2)
    assert s.segment_pending(0)
    for _ in range(len(s.items)):
        s.reject()
    assert not s.segment_pending(0)
    s.undo()
    assert s.segment_pending(0)


def test_an_article_line_is_drawn_from_its_slice_only(tmp_path, engine):
    s = long_line_state(tmp_path, engine)
    view = ArticleView()
    view.state = s
    view._current_segment = 0
    view._current_span = (s.current.edit.start, s.current.edit.end)
    text = s.doc.segments[0].text
    start = text.index("Officials 7 ")
    line = view._line_text(0, start, start + 60)
    assert line.plain == text[start : start + 60] == "Officials 7 said the country is resuming production and prod"
    assert [(sp.start, sp.end, str(sp.style)) for sp in line.spans] == [(41, 60, "underline")]  # "production and prod"
    first = view._line_text(0, 0, 60)
    assert [(sp.start, sp.end, str(sp.style)) for sp in first.spans] == [(41, 60, "reverse")]  # the current edit


ascii_text = st.text(alphabet="ab xy\nz", max_size=60)


@settings(max_examples=400, deadline=None)
@given(ascii_text, st.integers(1, 15))
def test_the_ascii_wrap_gives_the_lines_of_the_word_by_word_wrap(text, width):
    if len(text) > width:
        assert _wrap_ascii(text, width) == _wrap_words(text, width)
    assert "".join(text[a:b] for a, b in article.wrap_offsets(text, width)) == text


def _map_back_one_pass(edit: Edit, applied: list[Edit]):
    """The mapping as it was, one pass over every applied edit: the reference."""
    before = within = 0
    inside = []
    for a in applied:
        a_start = a.start + before + within
        a_end = a_start + len(a.replacement)
        delta = len(a.replacement) - (a.end - a.start)
        if a_end <= edit.start and not inside:
            before += delta
        elif a_start >= edit.end:
            break
        elif a_start >= edit.start and a_end <= edit.end:
            inside.append(a)
            within += delta
        else:
            return None
    return replace(edit, start=edit.start - before, end=edit.end - before - within), inside


@st.composite
def applied_and_found(draw):
    applied, pos = [], 0
    for _ in range(draw(st.integers(0, 6))):
        start = pos + draw(st.integers(0, 3))
        end = start + draw(st.integers(0, 3))
        applied.append(Edit(start, end, "x" * draw(st.integers(0, 3)), "r/a", segment=0))
        pos = end
    start = draw(st.integers(0, 25))
    return applied, Edit(start, start + draw(st.integers(0, 8)), "Q", "r/x", segment=0)


@settings(max_examples=400, deadline=None)
@given(applied_and_found())
def test_mapping_a_found_edit_back_by_bisection_matches_one_pass(case):
    applied, found = case
    assert _Applied(applied).map_back(found) == _map_back_one_pass(found, applied)
