"""The review state without a screen: queue, decisions, undo, filter, sidecar, save."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from repair import formats
from repair.edits import Applicability, Edit, Origin
from repair.engine import apply_to_document
from repair.review.diff import context_diff, markers, tokens, word_diff
from repair.review.state import Decision, ReviewError, ReviewState, Verdict, sidecar_path
from repair.steps import run_steps

from conftest import ARTICLE, SAMPLES, run_repair

TEXT = (
    b"At present, the country is resuming production and production.\r\n"
    b"It must strengthen safety production supervision and safety production.\r\n"
    b"Li Keqiang gave instructions on Safety production."
)


def open_state(tmp_path: Path, engine, data: bytes = TEXT, unsafe: bool = False) -> ReviewState:
    src = tmp_path / "a.txt"
    src.write_bytes(data)
    doc = formats.read(src)
    return ReviewState.open(doc, engine.check(doc), tmp_path / "a.repaired.txt", unsafe=unsafe, mode_from=src)


def saved(state: ReviewState) -> bytes:
    return state.save().read_bytes()


def test_queue_in_document_order_with_safe_fixes_pre_accepted(tmp_path, engine):
    s = open_state(tmp_path, engine)
    assert [(s.items[i].edit.segment, s.items[i].edit.start) for i in s.view] == [(0, 36), (1, 19), (1, 53), (2, 32)]
    assert [s.verdict(i) for i in s.view] == [Verdict(Decision.ACCEPT, auto=True), None, None, None]
    assert s.pending_count == 4
    assert s.cursor == 0 and not s.dirty
    # saving at once is what `repair fix` does: safe fixes only, CRLF and no final newline kept
    assert saved(s) == TEXT.replace(b"production and production", b"work and production")


def test_unsafe_pre_accepts_unsafe_fixes(tmp_path, engine):
    s = open_state(tmp_path, engine, unsafe=True)
    assert saved(s) == (
        b"At present, the country is resuming work and production.\r\n"
        b"It must strengthen work safety supervision and work safety.\r\n"
        b"Li Keqiang gave instructions on work safety."
    )


def test_accept_reject_rewrite(tmp_path, engine):
    s = open_state(tmp_path, engine)
    s.reject()  # the safe coordination fix
    assert s.cursor == 1
    s.accept()
    s.rewrite("work-safety")
    assert s.cursor == 3
    s.reject()
    assert s.pending_count == 0
    assert s.dirty
    assert saved(s) == (
        b"At present, the country is resuming production and production.\r\n"
        b"It must strengthen work safety supervision and work-safety.\r\n"
        b"Li Keqiang gave instructions on Safety production."
    )
    assert not s.dirty


def test_bulk_accept_of_a_rule_is_one_undo_step(tmp_path, engine):
    s = open_state(tmp_path, engine)
    s.move(1)
    assert sorted(s.accept_rule()) == [1, 2, 3]
    assert s.pending_count == 1  # the pre-accepted safe fix of another rule
    assert b"safety production" not in s.corrected_bytes().lower()
    assert s.undo() == [1, 2, 3]
    assert [s.verdict(i) for i in (1, 2, 3)] == [None, None, None]
    assert s.redo() == [1, 2, 3]
    assert s.corrected_bytes().count(b"work safety") == 3


def test_undo_redo_and_a_new_decision_clears_redo(tmp_path, engine):
    s = open_state(tmp_path, engine)
    s.accept()
    s.reject()
    assert s.cursor == 2
    assert s.undo() == [1]
    assert s.cursor == 1 and s.verdict(1) is None
    assert s.undo() == [0]
    assert s.verdict(0) == Verdict(Decision.ACCEPT, auto=True)
    assert s.can_redo
    s.move(2)
    s.accept()
    assert not s.can_redo
    assert s.undo() == [2]
    assert s.redo() == [2]
    assert s.redo() == []


def test_filters(tmp_path, engine):
    s = open_state(tmp_path, engine)
    s.set_filter("zh-en/calque")
    assert s.view == [1, 2, 3]
    s.set_filter("cat:accuracy")
    assert s.view == [0]
    s.set_filter("origin:model")
    assert s.view == [] and s.current is None
    s.set_filter("rule:zh-en cat:terminology")
    assert s.view == [1, 2, 3]
    s.set_filter("zh-en/cal")  # prefixes match whole parts of the id
    assert s.view == []
    s.set_filter("pending")
    assert s.view == [0, 1, 2, 3]
    s.goto(1)
    s.accept()
    assert s.view == [0, 2, 3] and s.current.id == 2
    s.undo()
    assert s.view == [0, 1, 2, 3] and s.current.id == 1
    with pytest.raises(ReviewError, match="unknown field 'colour'"):
        s.set_filter("colour:red")
    assert s.filter_text == "pending"
    s.set_filter("")
    assert len(s.view) == 4


def test_display_only_and_overlapping_edits_are_refused(tmp_path, engine):
    s = open_state(tmp_path, engine)
    seg = s.doc.segments[1].text
    flag = Edit(3, 7, "must", "test/flag", applicability=Applicability.DISPLAY, segment=1, original="must")
    model = Edit(19, 25, "labour", "model/x", origin=Origin.MODEL, segment=1)
    new = s.add_edits([flag, model])
    assert seg[19:25] == "safety"
    assert s.ordered == [0, new[0], new[1], 1, 2, 3]  # same start: the shorter span first
    s.goto(s.position(new[0]))
    with pytest.raises(ReviewError, match="proposes no fix here: press e"):
        s.accept()
    s.rewrite("should")
    s.goto(s.position(1))
    s.accept()
    s.goto(s.position(new[1]))
    with pytest.raises(ReviewError, match="overlaps the accepted edit of zh-en/calque/work-safety"):
        s.accept()
    assert s.corrected().texts[1] == "It should strengthen work safety supervision and safety production."


def test_sidecar_written_after_every_decision_and_resumed(tmp_path, engine):
    s = open_state(tmp_path, engine)
    side = sidecar_path(tmp_path / "a.repaired.txt")
    assert side == tmp_path / "a.repaired.txt.review.json"
    assert not side.exists()
    s.reject()
    s.goto(2)
    s.rewrite("work safety (WS)")
    data = json.loads(side.read_text(encoding="utf-8"))
    assert [(d["rule"], d["original"], d["decision"], d.get("text")) for d in data["decisions"]] == [
        ("zh-en/coordination/work-and-production", "production and production", "reject", None),
        ("zh-en/calque/work-safety", "safety production", "rewrite", "work safety (WS)"),
    ]
    assert data["decisions"][1]["before"] == "duction supervision and " and data["decisions"][1]["after"] == "."
    assert data["saved"] is False
    again = open_state(tmp_path, engine)
    assert again.dirty and again.stale == []
    assert [again.verdict(i) for i in again.view] == [
        Verdict(Decision.REJECT),
        None,
        Verdict(Decision.REWRITE, "work safety (WS)"),
        None,
    ]
    assert again.cursor == 1  # the first pending edit: where the person stopped
    assert saved(again).splitlines()[1] == b"It must strengthen safety production supervision and work safety (WS)."
    assert not open_state(tmp_path, engine).dirty  # the saved copy matches the decisions


def test_decisions_survive_edits_elsewhere_and_stale_ones_are_reported(tmp_path, engine):
    s = open_state(tmp_path, engine)
    s.goto(1)
    s.reject()  # "strengthen safety production supervision"
    s.accept()  # "and safety production."
    s.rewrite("safety at work")  # line 3
    edited = (b"A new first line.\r\n" + TEXT).replace(b"Li Keqiang gave", b"Premier Li Keqiang gave")
    edited = edited.replace(b"and safety production.", b"and safety production work.")
    again = open_state(tmp_path, engine, edited)
    got = {(again.items[i].edit.segment, again.items[i].edit.start): again.verdict(i) for i in again.view}
    assert got == {
        (1, 36): Verdict(Decision.ACCEPT, auto=True),
        (2, 19): Verdict(Decision.REJECT),  # one line down, same context
        (2, 53): None,  # its context changed: stale, not applied
        (3, 40): Verdict(Decision.REWRITE, "safety at work"),  # the segment changed beyond the context
    }
    assert [(d["original"], d["after"], d["decision"]) for d in again.stale] == [("safety production", ".", "accept")]
    again.goto(0)
    again.reject()
    data = json.loads(sidecar_path(tmp_path / "a.repaired.txt").read_text(encoding="utf-8"))
    assert [d["original"] for d in data["stale"]] == ["safety production"]
    assert len(data["decisions"]) == 3


def test_sidecar_file_is_its_data_one_decision_per_line_after_changed_decisions(tmp_path, engine):
    s = open_state(tmp_path, engine)
    side = sidecar_path(tmp_path / "a.repaired.txt")
    s.reject()
    s.accept()
    s.undo()  # the accept is gone from the file
    s.goto(1)
    s.rewrite("work safety")  # the same edit, now a rewrite: its line is encoded again
    text = side.read_text(encoding="utf-8")
    assert json.loads(text) == s.sidecar_data()
    assert [d["decision"] for d in s.sidecar_data()["decisions"]] == ["reject", "rewrite"]
    assert text.count("\n") == 8 and text.splitlines()[2].startswith('{"rule": "zh-en/coordination/')
    s.goto(1)
    s.undo()
    s.goto(1)
    s.reject()  # rewrite -> reject: the cached line must not be reused
    assert [d["decision"] for d in json.loads(side.read_text(encoding="utf-8"))["decisions"]] == ["reject", "reject"]
    edited = TEXT.replace(b"Li Keqiang gave", b"Premier Li Keqiang gave").replace(
        b"resuming production", b"resuming\tproduction"
    )
    again = open_state(tmp_path, engine, edited)
    again.goto(2)
    again.accept()
    assert json.loads(side.read_text(encoding="utf-8")) == again.sidecar_data()
    assert [d["original"] for d in again.sidecar_data()["stale"]] == ["production and production"]


def test_model_edits_arriving_later_pick_up_their_sidecar_decision(tmp_path, engine):
    s = open_state(tmp_path, engine)
    model = Edit(0, 10, "For now", "model/rewrite", origin=Origin.MODEL, segment=0)
    s.add_edits([model])
    s.set_filter("origin:model")
    s.accept()
    again = open_state(tmp_path, engine)
    assert [d["rule"] for d in again.stale] == ["model/rewrite"]
    new = again.add_edits([model])
    assert again.verdict(new[0]) == Verdict(Decision.ACCEPT)
    assert again.stale == []
    assert saved(again).startswith(b"For now, the country is resuming work and production.\r\n")


def test_bad_sidecar_is_an_error_naming_it(tmp_path, engine):
    sidecar_path(tmp_path / "a.repaired.txt").write_text("{not json", encoding="utf-8")
    with pytest.raises(ReviewError, match=r"a\.repaired\.txt\.review\.json: not a review sidecar"):
        open_state(tmp_path, engine)
    sidecar_path(tmp_path / "a.repaired.txt").write_text('{"version": 1, "decisions": [{"decision": "maybe"}]}')
    with pytest.raises(ReviewError, match="decision 1: bad entry"):
        open_state(tmp_path, engine)
    # nested deeper than the JSON decoder recurses: a traceback (RecursionError) before
    sidecar_path(tmp_path / "a.repaired.txt").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ReviewError, match=r"a\.repaired\.txt\.review\.json: not a review sidecar \(maximum recursion"):
        open_state(tmp_path, engine)


def test_default_save_of_the_sample_is_repair_fix_output(tmp_path, engine):
    doc = formats.read(ARTICLE)
    s = ReviewState.open(doc, engine.check(doc), tmp_path / "out.txt")
    assert saved(s) == (SAMPLES / "xinhua-2020-04-10-work-safety.mt.en.repaired.txt").read_bytes()
    u = ReviewState.open(doc, engine.check(doc), tmp_path / "out2.txt", unsafe=True)
    fixable = [e for e in engine.check(doc) if e.applicability is not Applicability.DISPLAY]
    assert saved(u) == formats.write_bytes(apply_to_document(doc, fixable)[0])


def test_word_diff():
    assert tokens("Xi Jinping ’s  work, safety") == [
        "Xi",
        " ",
        "Jinping",
        " ",
        "’",
        "s",
        "  ",
        "work",
        ",",
        " ",
        "safety",
    ]
    pieces = word_diff("resuming production and production.", "resuming work and production.")
    assert pieces == [
        ("equal", "resuming "),
        ("delete", "production"),
        ("insert", "work"),
        ("equal", " and production."),
    ]
    assert markers(pieces) == "resuming [-production-]{+work+} and production."
    # changed words separated only by spaces read as one change
    assert markers(word_diff("of safe production.", "of work safety.")) == "of [-safe production-]{+work safety+}."
    text = "one two three four five six seven eight nine ten"
    assert markers(context_diff(text, 14, 18, "FOUR", width=10)) == "…three [-four-]{+FOUR+} five six…"


def _sample_with_checker(tmp_path: Path, engine, unsafe: bool = True, name: str = "out.txt") -> ReviewState:
    doc = formats.read(ARTICLE)
    return ReviewState.open(doc, engine.check(doc), tmp_path / name, unsafe=unsafe, checker=engine)


def test_recheck_queues_the_edits_that_need_others_first(tmp_path, engine):
    s = _sample_with_checker(tmp_path, engine)
    assert len(s.items) == 28
    ids, skipped = s.recheck()
    got = [
        (
            s.items[i].edit.segment,
            s.items[i].edit.original,
            s.items[i].edit.replacement,
            s.items[i].edit.rule_id,
            s.verdict(i),
            [s.items[j].edit.rule_id for j in s.index.includes(i)],
        )
        for i in ids
    ]
    assert got == [
        (
            14,
            "Xi Jinping ’s",
            "Xi Jinping",
            "zh-en/calque/xi-thought-possessive",
            Verdict(Decision.ACCEPT, auto=True),
            ["mt-en/characters/space-before-possessive"],
        ),
        (
            18,
            "comprehensive well-off Society",
            "moderately prosperous society in all respects",
            "zh-en/calque/moderately-prosperous-society",
            Verdict(Decision.ACCEPT, auto=True),
            ["zh-en/casing/well-off-society"],
        ),
    ]
    assert skipped == 0 and s.dirty
    assert s.recheck() == ([], 0)  # nothing more: the rounds of `repair fix` are reached
    fix = run_repair("fix", "--unsafe-fixes", "-", stdin=ARTICLE.read_bytes())
    assert saved(s) == fix.stdout


def test_an_accepted_recheck_edit_supersedes_the_fix_inside_it(tmp_path, engine):
    s = _sample_with_checker(tmp_path, engine)
    outer = s.recheck()[0][0]
    inner = s.index.includes(outer)[0]
    assert "guidance of Xi Jinping Thought on Socialism" in s.corrected().segments[14].text
    s.goto(s.position(inner))
    s.reject()  # the space before the possessive: the pre-accepted outer edit, built on it, waits again
    assert (s.verdict(inner), s.verdict(outer)) == (Verdict(Decision.REJECT), None)
    assert (
        "guidance of Xi Jinping ’s Thought on Socialism with Chinese Characteristics" in s.corrected().segments[14].text
    )
    s.undo()  # one step: both come back
    assert (s.verdict(inner), s.verdict(outer)) == (
        Verdict(Decision.ACCEPT, auto=True),
        Verdict(Decision.ACCEPT, auto=True),
    )
    s.redo()
    s.goto(s.position(outer))
    s.reject()
    s.goto(s.position(inner))
    s.accept()  # no overlap error: the outer one is rejected now
    assert "guidance of Xi Jinping's Thought on Socialism" in s.corrected().segments[14].text
    s.goto(s.position(outer))
    s.accept()  # and accepting the outer one over the accepted inner one is allowed
    assert "guidance of Xi Jinping Thought on Socialism" in s.corrected().segments[14].text
    s.goto(s.position(inner))
    with pytest.raises(ReviewError, match="inside the accepted edit of zh-en/calque/xi-thought-possessive"):
        s.rewrite("’s")  # a person's outer edit hides it: refused, not silently dropped
    assert s.verdict(inner) == Verdict(Decision.ACCEPT)


def test_a_decision_on_a_recheck_edit_resumes_from_the_sidecar(tmp_path, engine):
    s = _sample_with_checker(tmp_path, engine)
    outer = s.recheck()[0][0]
    s.goto(s.position(outer))
    s.reject()
    again = _sample_with_checker(tmp_path, engine)  # the re-check runs again on opening
    assert again.stale == []
    [item] = [i for i in again.items.values() if i.edit.rule_id == "zh-en/calque/xi-thought-possessive"]
    assert again.verdict(item.id) == Verdict(Decision.REJECT)
    doc = formats.read(ARTICLE)
    without = ReviewState.open(doc, engine.check(doc), tmp_path / "out.txt", unsafe=True)  # no checker: reported stale
    assert [d["rule"] for d in without.stale] == ["zh-en/calque/xi-thought-possessive"]


def test_recheck_without_a_checker_and_spans_across_a_fix():
    from repair.review.recheck import _map_back

    fix = Edit(3, 5, "XYZ", "r/fix", segment=0)  # "ab cd ef" -> "ab XYZ ef"
    assert _map_back(Edit(7, 9, "EF", "r/x", segment=0), [fix]) == (Edit(6, 8, "EF", "r/x", segment=0), [])
    assert _map_back(Edit(0, 2, "AB", "r/x", segment=0), [fix]) == (Edit(0, 2, "AB", "r/x", segment=0), [])
    assert _map_back(Edit(0, 6, "A", "r/x", segment=0), [fix]) == (Edit(0, 5, "A", "r/x", segment=0), [fix])
    assert _map_back(Edit(4, 9, "A", "r/x", segment=0), [fix]) is None  # starts inside "XYZ"
    assert _map_back(Edit(0, 4, "A", "r/x", segment=0), [fix]) is None  # ends inside it


# ----- the re-check in steps, of what changed ------------------------------------------------


def _queue(s: ReviewState) -> list[tuple]:
    return sorted(
        (i.edit.segment, i.edit.start, i.edit.end, i.edit.rule_id, i.edit.replacement, s.verdict(i.id))
        for i in s.items.values()
    )


@pytest.mark.parametrize("system", ["Online-A", "Borderline", "HuaweiTSC"])
def test_recheck_of_the_changed_segments_queues_what_a_full_recheck_does(tmp_path, engine, system):
    path = Path(__file__).parent / "data" / "wmt21-zh-en-dev" / f"hyp.{system}.en"
    doc = formats.read(path)
    states = [
        ReviewState.open(doc, engine.check(doc), tmp_path / f"{n}.txt", unsafe=True, checker=engine, persist=False)
        for n in range(2)
    ]
    rounds = [
        lambda s: None,  # the pre-accepted fixes
        lambda s: [(s.goto(n), s.reject(advance=False)) for n in range(0, len(s.view), 3)],
        lambda s: [s.undo() for _ in range(len(s.view) // 6)],
        lambda s: [
            (s.goto(n), s.accept(advance=False))
            for n in range(1, len(s.view), 4)
            if s.items[s.view[n]].edit.replacement != s.items[s.view[n]].edit.original
            and s.decisions.conflict(s.view[n]) is None
        ],
    ]
    checked = []
    for decide in rounds:
        for s in states:
            decide(s)
        assert _queue(states[0]) == _queue(states[1])
        incremental, full = run_steps(states[0].recheck_steps()), run_steps(states[1].recheck_steps(full=True))
        checked.append(incremental.checked)
        assert full.checked == len(doc.segments)
        assert _queue(states[0]) == _queue(states[1])
        assert (incremental.ids, incremental.outdated) == (full.ids, 0)
        assert states[0].corrected_bytes() == states[1].corrected_bytes()
    # only the segments whose accepted edits changed (none when a decision only confirms a fix)
    assert checked[0] > 0 and max(checked) < len(doc.segments) / 10, checked


def test_recheck_checks_only_segments_whose_accepted_edits_changed(tmp_path, engine):
    doc = formats.read(ARTICLE)
    s = ReviewState.open(
        doc, engine.check(doc), tmp_path / "out.txt", checker=engine
    )  # safe fixes in segments 8, 14, 16, 18
    assert sorted({s.items[i].edit.segment for i in s.items if s.applied_edit(i)}) == [8, 14, 16, 18]
    first = run_steps(s.recheck_steps())
    assert (first.checked, [s.items[i].edit.rule_id for i in first.ids]) == (
        4,
        ["zh-en/calque/xi-thought", "zh-en/calque/moderately-prosperous-society"],
    )
    assert run_steps(s.recheck_steps()).checked == 0  # nothing changed since
    s.goto(s.position(first.ids[0]))
    assert s.verdict(first.ids[0]) is None  # an unsafe fix: pending
    s.reject()  # changes nothing that save applies
    assert run_steps(s.recheck_steps()).checked == 0
    s.undo()
    s.accept()  # segment 14 changes
    again = run_steps(s.recheck_steps())
    assert (again.checked, again.ids) == (1, [])
    s.undo()
    assert run_steps(s.recheck_steps()).checked == 1


def test_a_change_of_document_level_context_checks_the_segments_it_affects(engine):
    before = formats.read("a.txt", b"President Xi spoke.\nJinping's important instructions were read.\n")
    after = formats.read("a.txt", b"Xi Jinping spoke.\nJinping's important instructions were read.\n")
    first = run_steps(engine.check_steps(before))
    assert (first.edits, first.checked) == ([], None)
    # only segment 0 changed, but it introduces the name in full: segment 1, which holds the
    # name, is checked too (and no other: the name kind's context_recheck)
    run = run_steps(engine.check_steps(after, [0], first.states))
    assert run.checked == [0, 1]
    assert [(e.segment, e.start, e.end, e.rule_id, e.replacement) for e in run.edits] == [
        (1, 0, 7, "zh-en/name/given-name-alone", "Xi Jinping")
    ]
    same = run_steps(engine.check_steps(after, [0], run.states))
    assert (same.checked, same.edits) == ([0], [])


def test_decisions_taken_while_a_recheck_runs_outdate_only_their_segments(tmp_path, engine):
    s = _sample_with_checker(tmp_path, engine)
    steps = s.recheck_steps()
    assert [next(steps) for _ in range(3)] == [
        "collecting the accepted edits",
        f"reading the document (1/{len(engine.matchers)})",
        f"reading the document (2/{len(engine.matchers)})",
    ]
    covid = s.items_of_segment(14)[0]
    assert s.items[covid].edit.rule_id == "zh-en/calque/covid-19"
    s.goto(s.position(covid))
    s.reject()  # segment 14 changes while the re-check runs
    done = run_steps(steps)
    assert (done.outdated, done.checked) == (1, 7)
    assert [(s.items[i].edit.segment, s.items[i].edit.rule_id) for i in done.ids] == [
        (18, "zh-en/calque/moderately-prosperous-society")
    ]  # none from segment 14: found in text it no longer has
    again = run_steps(s.recheck_steps())
    assert (again.outdated, [(s.items[i].edit.segment, s.items[i].edit.rule_id) for i in again.ids]) == (
        0,
        [(14, "zh-en/calque/xi-thought-possessive")],
    )
    assert "new coronary pneumonia" in s.corrected().segments[14].text


def test_recheck_steps_without_a_checker_fail_at_once(tmp_path, engine):
    s = open_state(tmp_path, engine)
    with pytest.raises(ReviewError, match="no checker"):
        s.recheck_steps()


def test_the_cursor_stays_where_the_person_moved_it_while_edits_were_queued(tmp_path, engine):
    line = "Line {n}: Xi Jinping ’s socialist thinking with Chinese characteristics in the new era guides us.\n"
    src = tmp_path / "a.txt"
    src.write_text("".join(line.format(n=n) for n in range(600)), encoding="utf-8")
    doc = formats.read(src)
    s = ReviewState.open(doc, engine.check(doc), tmp_path / "out.txt", checker=engine)
    steps = s.recheck_steps()
    progress = next(steps)
    while not progress.startswith("queueing"):
        progress = next(steps)
    assert progress == "queueing 200/600 edits"
    s.goto(7)  # a move between two steps
    moved_to = s.current
    done = run_steps(steps)
    assert (len(done.ids), done.outdated, done.checked) == (600, 0, 600)
    assert s.current is moved_to and s.cursor == 7 + 4  # the new edits of segments 0-3 come before it


def _xi_thought(s: ReviewState) -> int:
    return next(i for i in s.items_of_segment(14) if s.items[i].edit.rule_id == "zh-en/calque/xi-thought")


def test_a_fix_a_person_rejected_found_again_by_a_recheck_waits_for_the_person(tmp_path, engine):
    s = _sample_with_checker(tmp_path, engine)
    s.goto(s.position(_xi_thought(s)))
    s.reject()
    ids, _ = s.recheck()
    again = [i for i in ids if s.items[i].edit.segment == 14]
    assert [(s.items[i].edit.original, s.items[i].edit.rule_id, s.verdict(i)) for i in again] == [
        (
            "Xi Jinping ’s socialist thinking with Chinese characteristics in the new era",
            "zh-en/calque/xi-thought",
            None,
        )
    ]
    assert (
        "guidance of Xi Jinping's socialist thinking with Chinese characteristics in the new era,"
        in s.corrected().segments[14].text
    )


def test_undo_after_a_recheck_never_leaves_two_overlapping_edits_applied(tmp_path, engine):
    s = _sample_with_checker(tmp_path, engine)
    xi = _xi_thought(s)
    s.goto(s.position(xi))
    s.rewrite("MY TEXT")
    s.move(-1)
    s.reject()  # the rewrite, turned down
    outer = [i for i in s.recheck()[0] if s.items[i].edit.segment == 14][0]
    s.decisions.put(outer, Verdict(Decision.ACCEPT, auto=True))  # as a re-check pre-accepts a fix nobody rejected
    assert s.undo() == [xi, outer]  # the rewrite comes back; the pre-accepted fix over it goes back to pending
    assert (s.verdict(xi), s.verdict(outer)) == (Verdict(Decision.REWRITE, "MY TEXT"), None)
    assert "guidance of Xi Jinping's MY TEXT," in s.corrected().segments[14].text
    assert s.redo() == [xi, outer]
    assert (s.verdict(xi), s.verdict(outer)) == (Verdict(Decision.REJECT), Verdict(Decision.ACCEPT, auto=True))
    s.undo()
    assert (s.verdict(xi), s.verdict(outer)) == (Verdict(Decision.REWRITE, "MY TEXT"), None)
    s.goto(s.position(xi))
    s.reject()
    s.decisions.put(
        outer, Verdict(Decision.ACCEPT)
    )  # a person's accept, not on the undo stack (resumed from the sidecar)
    with pytest.raises(ReviewError, match="undo would overlap the accepted edit of zh-en/calque/xi-thought"):
        s.undo()  # bringing back the rewrite under it is refused; nothing changes
    assert (s.verdict(xi), s.verdict(outer), s.can_undo) == (Verdict(Decision.REJECT), Verdict(Decision.ACCEPT), True)
    applied = sorted((e.segment, e.start, e.end) for e in s.accepted_edits())
    assert all(a[0] != b[0] or a[2] <= b[1] for a, b in zip(applied, applied[1:]))  # no two overlap


def test_reopening_after_a_recheck_brings_its_fixes_back(tmp_path, engine):
    s = _sample_with_checker(tmp_path, engine)
    ids, _ = s.recheck()
    s.goto(s.position(ids[0]))
    s.accept()
    saved_copy = saved(s)
    assert json.loads(sidecar_path(tmp_path / "out.txt").read_text(encoding="utf-8"))["rechecked"] is True
    again = _sample_with_checker(tmp_path, engine)
    assert (len(again.items), again.dirty, again.corrected_bytes()) == (30, False, saved_copy)
    assert [again.verdict(i) for i in again.items if again.items[i].edit.rule_id.endswith("xi-thought-possessive")] == [
        Verdict(Decision.ACCEPT)
    ]


def test_a_sidecar_that_cannot_be_written_keeps_the_decision_and_says_why(tmp_path, engine):
    src = tmp_path / "a.txt"
    src.write_bytes(TEXT)
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    doc = formats.read(src)
    side = tmp_path / "not-a-folder" / "a.review.json"
    s = ReviewState.open(doc, engine.check(doc), tmp_path / "a.repaired.txt", sidecar=side)
    s.reject()
    assert s.verdict(s.view[0]) == Verdict(Decision.REJECT) and s.can_undo
    assert s.sidecar_error is not None and s.sidecar_error.startswith(f"{side}: cannot write")
    s.sidecar = tmp_path / "a.review.json"
    s.accept()
    assert s.sidecar_error is None and len(json.loads(s.sidecar.read_text(encoding="utf-8"))["decisions"]) == 2


@pytest.mark.parametrize(
    "data, message",
    [
        ('{"version": 1, "decisions": null}', "'decisions' is not a list"),
        ('{"version": 1, "decisions": [], "stale": {}}', "'stale' is not a list"),
        ('{"version": 1, "rechecked": "yes"}', "'rechecked' is not true or false"),
        (
            '{"version": 1, "decisions": [{"rule": "r", "original": "o", "replacement": "p", "before": "", "after": "",'
            ' "decision": "rewrite", "text": 5}]}',
            "decision 1: a rewrite without its 'text'",
        ),
        (
            '{"version": 1, "decisions": [{"rule": "r", "original": "o", "replacement": "p", "before": "", "after": "",'
            ' "decision": "rewrite"}]}',
            "decision 1: a rewrite without its 'text'",
        ),
        (
            '{"version": 1, "decisions": [{"rule": "r", "original": "o", "replacement": "p", "before": "", "after": "",'
            ' "decision": "accept", "segment": "3"}]}',
            "decision 1: bad 'segment' or 'segment_hash'",
        ),
    ],
)
def test_a_malformed_sidecar_is_one_error_naming_it(tmp_path, engine, data, message):
    side = sidecar_path(tmp_path / "a.repaired.txt")
    side.write_text(data, encoding="utf-8")
    with pytest.raises(ReviewError) as info:
        open_state(tmp_path, engine)
    assert str(info.value).startswith(f"{side}: {message}")


def test_nearest_place_is_the_first_at_the_least_distance():
    import random

    from repair.review.sidecar import _nearest

    rng = random.Random(7)
    for _ in range(2000):
        places = sorted({(rng.randrange(30), rng.randrange(5), n) for n in range(rng.randrange(1, 8))})
        segment = rng.randrange(-3, 34)
        assert _nearest(places, segment) == min(places, key=lambda p: abs(p[0] - segment)), (places, segment)


def test_resuming_thousands_of_decisions_on_one_repeated_sentence(tmp_path, engine):
    line = "It is resuming production and production.\n"
    src = tmp_path / "a.txt"
    src.write_text(line * 2000, encoding="utf-8")
    doc = formats.read(src)
    s = ReviewState.open(doc, engine.check(doc), tmp_path / "a.repaired.txt")
    for n in range(0, 2000, 2):
        s.goto(n)
        s.reject(advance=False)
    again = ReviewState.open(doc, engine.check(doc), tmp_path / "a.repaired.txt")
    assert [again.verdict(i) for i in again.view[:4]] == [
        Verdict(Decision.REJECT),
        Verdict(Decision.ACCEPT, auto=True),
    ] * 2
    assert again.pending_count == 1000 and again.stale == []


def test_sidecar_writer_writes_the_newest_text_off_the_callers_thread(tmp_path):
    from types import SimpleNamespace

    from repair.review.writer import SidecarWriter

    calls = []
    writer = SidecarWriter(on_error=lambda: calls.append("told"))
    owner = SimpleNamespace(sidecar_error=None)
    side = tmp_path / "a.review.json"
    for n in range(50):
        writer.put(owner, side, f'{{"n": {n}}}\n')
    writer.flush()
    assert side.read_text(encoding="utf-8") == '{"n": 49}\n' and owner.sidecar_error is None and calls == []
    (tmp_path / "blocked").write_text("", encoding="utf-8")
    writer.put(owner, tmp_path / "blocked" / "b.json", "{}")
    writer.flush()
    assert owner.sidecar_error == f"{tmp_path / 'blocked' / 'b.json'}: cannot write: Not a directory"
    writer.put(owner, side, "{}\n")
    writer.put(owner, tmp_path / "c.json", "[]\n")
    writer.close()  # writes what is left
    assert (side.read_text(), (tmp_path / "c.json").read_text(), owner.sidecar_error, calls) == (
        "{}\n",
        "[]\n",
        None,
        ["told", "told"],
    )
    with pytest.raises(RuntimeError, match="closed"):
        writer.put(owner, side, "{}")


def test_a_state_with_a_writer_hands_each_decision_to_it(tmp_path, engine):
    from repair.review.writer import SidecarWriter

    s = open_state(tmp_path, engine)
    s.writer = SidecarWriter()
    s.reject()
    s.accept()
    s.writer.close()
    assert json.loads(sidecar_path(tmp_path / "a.repaired.txt").read_text(encoding="utf-8")) == s.sidecar_data()


def test_a_process_that_ends_without_closing_the_writer_still_writes(tmp_path):
    import subprocess
    import sys

    script = (
        "import time, types, sys\n"
        "from repair.review.writer import SidecarWriter\n"
        "w = SidecarWriter()\n"
        "owner = types.SimpleNamespace(sidecar_error=None)\n"
        "w.put(owner, __import__('pathlib').Path(sys.argv[1]), lambda: (time.sleep(0.3), '{}\\n')[1])\n"
        "raise SystemExit(3)  # e.g. an error: nobody closes the writer\n"
    )
    side = tmp_path / "a.review.json"
    proc = subprocess.run([sys.executable, "-c", script, str(side)], capture_output=True, timeout=60)
    assert (proc.returncode, side.read_text(encoding="utf-8")) == (3, "{}\n")


def test_a_decision_on_a_fix_inside_a_recheck_edit_shows_in_the_copy_and_after_reopening(tmp_path, engine):
    for decide, expected in (
        ("reject", "guidance of Xi Jinping ’s Thought on Socialism"),
        ("rewrite", "guidance of Xi Jinping ZZZ Thought on Socialism"),
    ):
        out = f"{decide}.txt"
        s = _sample_with_checker(tmp_path, engine, name=out)
        outer = s.recheck()[0][0]
        inner = s.index.includes(outer)[0]
        s.goto(s.position(inner))
        s.reject() if decide == "reject" else s.rewrite(" ZZZ")
        copy = saved(s)
        assert expected in copy.decode("utf-8")
        again = _sample_with_checker(tmp_path, engine, name=out)
        assert (again.dirty, again.corrected_bytes()) == (False, copy)


def test_reopening_says_unsaved_when_its_recheck_pre_accepts_a_fix_the_copy_lacks(tmp_path, engine):
    s = _sample_with_checker(tmp_path, engine)
    s.goto(s.position(_xi_thought(s)))
    s.reject()
    s.recheck()
    s.undo()  # the rule's own fix is back; the re-check's rounds were not run again
    copy = saved(s)
    assert "guidance of Xi Jinping's Thought on Socialism" in copy.decode("utf-8")
    again = _sample_with_checker(tmp_path, engine)  # opening re-checks until nothing is new
    assert "guidance of Xi Jinping Thought on Socialism" in again.corrected().segments[14].text
    assert again.dirty  # the copy lacks it: unsaved, and s is offered


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"decision": ["accept"]}, "decision 1: bad entry"),
        ({"segment": True}, "decision 1: bad 'segment' or 'segment_hash'"),
        ({"after": "\ud800"}, "decision 1: text that is not valid Unicode (a lone surrogate)"),
    ],
)
def test_a_sidecar_entry_of_the_wrong_type_is_one_error(tmp_path, engine, fields, message):
    entry = {"rule": "r", "original": "o", "replacement": "p", "before": "", "after": "", "decision": "accept"}
    side = sidecar_path(tmp_path / "a.repaired.txt")
    side.write_text(
        json.dumps({"version": 1, "decisions": [entry | fields]}), encoding="utf-8"
    )  # ASCII: \ud800 escaped
    with pytest.raises(ReviewError) as info:
        open_state(tmp_path, engine)
    assert str(info.value).startswith(f"{side}: {message}")


def test_a_sidecar_version_of_true_is_not_version_1(tmp_path, engine):
    sidecar_path(tmp_path / "a.repaired.txt").write_text('{"version": true}', encoding="utf-8")
    with pytest.raises(ReviewError, match="not a version 1 review sidecar"):
        open_state(tmp_path, engine)


def test_the_sidecar_writer_survives_any_failure(tmp_path):
    from types import SimpleNamespace

    from repair.review.writer import SidecarWriter

    writer = SidecarWriter()
    owner = SimpleNamespace(sidecar_error=None)

    def broken() -> str:
        raise ValueError("no text")

    writer.put(owner, tmp_path / "a.json", broken)
    writer.flush()
    assert owner.sidecar_error == f"{tmp_path / 'a.json'}: cannot write: ValueError: no text"
    writer.put(owner, tmp_path / "a.json", "{}\n")
    writer.close()
    assert ((tmp_path / "a.json").read_text(), owner.sidecar_error) == ("{}\n", None)


def test_undoing_a_decision_a_recheck_edit_was_built_on_releases_or_is_refused(tmp_path, engine):
    def rewritten_then_rechecked(name: str) -> tuple[ReviewState, int, int]:
        s = _sample_with_checker(tmp_path, engine, name=name)
        inner = next(i for i in s.items_of_segment(14) if s.items[i].edit.rule_id.endswith("space-before-possessive"))
        s.goto(s.position(inner))
        s.rewrite("'s")
        outer = next(i for i in s.recheck()[0] if s.items[i].edit.segment == 14)
        assert (s.index.includes(outer), s.verdict(outer)) == ((inner,), Verdict(Decision.ACCEPT, auto=True))
        return s, inner, outer

    s, inner, outer = rewritten_then_rechecked("a.txt")
    assert s.undo() == [inner, outer]  # the rewrite undone: the edit found on it goes back to pending
    assert (s.verdict(inner), s.verdict(outer)) == (Verdict(Decision.ACCEPT, auto=True), None)
    s.redo()
    assert (s.verdict(inner), s.verdict(outer)) == (
        Verdict(Decision.REWRITE, "'s"),
        Verdict(Decision.ACCEPT, auto=True),
    )
    s, inner, outer = rewritten_then_rechecked("b.txt")
    s.decisions.put(
        outer, Verdict(Decision.ACCEPT)
    )  # a person's accept (as resumed from the sidecar) would hide the undo
    with pytest.raises(ReviewError, match="inside the accepted edit of zh-en/calque/xi-thought-possessive"):
        s.undo()
    assert (s.verdict(inner), s.verdict(outer), s.can_undo) == (
        Verdict(Decision.REWRITE, "'s"),
        Verdict(Decision.ACCEPT),
        True,
    )


def test_the_constructor_reads_no_file_and_open_resumes(tmp_path, engine):
    s = open_state(tmp_path, engine)
    s.reject()  # the safe fix of segment 0, written to the sidecar
    s.save()
    side = sidecar_path(tmp_path / "a.repaired.txt")
    doc = formats.read(tmp_path / "a.txt")
    bare = ReviewState(doc, engine.check(doc), tmp_path / "a.repaired.txt", checker=engine)
    assert ([bare.verdict(i) for i in bare.view], bare.output_digest, bare.dirty, bare.rechecked) == (
        [Verdict(Decision.ACCEPT, auto=True), None, None, None],
        None,
        False,
        False,
    )
    side.write_text("not json", encoding="utf-8")  # only open reads it
    ReviewState(doc, engine.check(doc), tmp_path / "a.repaired.txt")
    with pytest.raises(ReviewError):
        ReviewState.open(doc, engine.check(doc), tmp_path / "a.repaired.txt")
    side.unlink()
    s2 = open_state(tmp_path, engine)
    assert s2.output_digest is not None and s2.dirty  # the saved copy holds the rejection, not the safe fix


def test_each_decision_is_one_undo_step_of_named_changes(tmp_path, engine):
    from repair.review.decisions import Change

    s = open_state(tmp_path, engine)
    first = s.view[0]
    s.reject()
    assert s.journal.undo() == [Change(first, Verdict(Decision.ACCEPT, auto=True), Verdict(Decision.REJECT))]
    assert s.verdict(first) == Verdict(Decision.ACCEPT, auto=True) and s.can_redo and not s.can_undo
    assert s.journal.redo()[0].new == Verdict(Decision.REJECT) and s.verdict(first) == Verdict(Decision.REJECT)
