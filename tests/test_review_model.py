"""The model in the review app: a thread worker, held on an event to prove the app stays live.

A :class:`FakeProposer` (or a :class:`ModelProposer` over a :class:`FakeBackend`) waits on a
``threading.Event`` before each batch: while it is held the rule edits are on screen and keys
work; once it is set the model's edits join the queue; ``q`` while it is held quits at once
and the worker consumes no further batch.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from repair import formats
from repair.edits import Applicability, Edit, Origin, Severity
from repair.model.fake import FakeBackend, FakeProposer
from repair.model.proposer import ModelProposer
from repair.review.app import ReviewApp
from repair.review.state import Decision, ReviewState

from conftest import run_repair

SIZE = (120, 40)
TEXT = (
    "At present, the country is resuming production and production.\n"
    "It must strengthen safety production supervision and safety production.\n"
    "Li Keqiang gave instructions on Safety production.\n"
)


def state(tmp_path: Path, engine, text: str = TEXT) -> ReviewState:
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    doc = formats.read(src)
    return ReviewState.open(doc, engine.check(doc), tmp_path / "a.repaired.txt", mode_from=src)


def model_edit(segment: int, start: int, end: int, new: str, confidence: float) -> Edit:
    return Edit(
        start,
        end,
        new,
        "model/demo",
        category="fluency/grammar",
        severity=Severity.MINOR,
        origin=Origin.MODEL,
        applicability=Applicability.DISPLAY,
        confidence=confidence,
        segment=segment,
        message="demo rewrite",
    )


#: Segment 1 "It must strengthen ...": "It must" -> "We must" (0..2); segment 2 "Li Keqiang gave" -> "Li Keqiang issued".
EDITS = {1: [model_edit(1, 0, 2, "We", 0.91)], 2: [model_edit(2, 11, 15, "issued", 0.75)]}


class Gate(threading.Event):
    """An event that also tells when someone waits on it (the worker is held in a batch)."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = threading.Event()

    def wait(self, timeout: float | None = None) -> bool:
        self.waiting.set()
        return super().wait(timeout)


async def settle(pilot, until, seconds: float = 5.0) -> None:
    """Pause the pilot until ``until()`` is true (the worker's thread hands batches over)."""
    deadline = time.monotonic() + seconds
    while not until():
        assert time.monotonic() < deadline, "timed out waiting for the model's worker"
        await pilot.pause(0.02)


@pytest.mark.asyncio
async def test_rule_edits_at_once_keys_work_while_the_model_is_held_then_its_edits_arrive(tmp_path, engine):
    gate = Gate()
    fake = FakeProposer(EDITS, gate=gate)
    s = state(tmp_path, engine)
    app = ReviewApp([s], model=fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, gate.waiting.is_set)  # the worker is held in the first batch
        screen = app.review
        # (a) held: the four rule edits are on screen, nothing of the model, and keys work
        assert screen.table.option_count == 4
        assert {s.items[i].edit.origin for i in s.view} == {Origin.RULE}
        assert (
            screen.sub_title == f"{tmp_path / 'a.txt'} -> {tmp_path / 'a.repaired.txt'} · model: 0/3 segments, 0 edits"
        )
        await pilot.press("y")  # accept edit 1, the cursor moves on
        await pilot.pause()
        assert (s.cursor, s.verdict(s.view[0]).decision) == (1, Decision.ACCEPT)
        await pilot.press("j")
        await pilot.pause()
        assert s.cursor == 2
        assert fake.batches == 0 and app.model_worker.is_running
        # (b) released: the model's two edits join the queue in document order
        gate.set()
        await settle(pilot, lambda: app.model_done.is_set() and screen.model_status.startswith("model: done"))
        await pilot.pause()
        assert fake.batches == 3
        assert screen.table.option_count == 6
        model_rows = [(n, s.items[i].edit) for n, i in enumerate(s.view) if s.items[i].edit.origin is Origin.MODEL]
        assert [(n, e.rule_id, e.replacement, e.confidence, e.applicability) for n, e in model_rows] == [
            (1, "model/demo", "We", 0.91, Applicability.DISPLAY),
            (4, "model/demo", "issued", 0.75, Applicability.DISPLAY),
        ]
        assert str(screen.table.get_option_at_index(4).prompt) == (
            "          3     model/demo                              fluency/grammar          minor     model   demo rewrite"
        )
        assert screen.model_status == "model: done, 2 edits"
        assert s.cursor == 3  # still on the edit it was on (pushed down by the model edit before it)
        # the current-edit pane shows the model edit's origin and confidence
        await pilot.press("j")
        await pilot.pause()
        assert s.cursor == 4
        pane = str(screen.query_one("#current").render())
        assert "fluency/grammar · minor · display · model · confidence 0.75 · pending" in pane
        await pilot.press("y", "s")  # accept the model edit, save
        await pilot.pause()
    assert (tmp_path / "a.repaired.txt").read_text(encoding="utf-8") == (
        "At present, the country is resuming work and production.\n"
        "It must strengthen safety production supervision and safety production.\n"  # unsafe fixes: not pre-accepted
        "Li Keqiang issued instructions on Safety production.\n"
    )


@pytest.mark.asyncio
async def test_quit_while_the_model_is_held_cancels_its_worker(tmp_path, engine):
    gate = Gate()
    fake = FakeProposer(EDITS, gate=gate)
    s = state(tmp_path, engine)
    app = ReviewApp([s], model=fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, gate.waiting.is_set)  # the worker's thread is held inside the first batch
        worker = app.model_worker
        assert worker.is_running and fake.batches == 0
        started = time.monotonic()
        await pilot.press("q")  # nothing decided: quits without asking
        await pilot.pause()
    assert time.monotonic() - started < 2.0
    assert app.return_value is not None and worker.is_cancelled
    assert not app.model_done.is_set()  # the thread is still held inside the first batch
    gate.set()  # let the held batch finish: the worker sees the cancel and takes no other
    assert app.model_done.wait(5)
    assert fake.batches == 1
    assert (app.model_batches, app.model_segments) == (0, 0)
    assert [s.items[i].edit.origin for i in s.ordered] == [Origin.RULE] * 4


@pytest.mark.asyncio
async def test_a_model_proposer_with_its_guards_feeds_the_queue(tmp_path, engine):
    # A real ModelProposer over a FakeBackend: the rewrite of line 2 touches the rule's
    # "safety production" span ("safety" -> "safe") and is dropped (rule-overlap); line 3's is kept.
    gate = Gate()
    backend = FakeBackend(
        {
            "It must strengthen safety production supervision and safety production.": "It must strengthen safe production supervision and safety production.",
            "Li Keqiang gave instructions on Safety production.": "Li Keqiang issued instructions on Safety production.",
        },
        default=-1.0,
        gate=gate,
    )
    backend.scores = {
        (
            "Li Keqiang gave instructions on Safety production.",
            "Li Keqiang issued instructions on Safety production.",
        ): -0.2
    }
    backend.scores[
        (
            "It must strengthen safety production supervision and safety production.",
            "It must strengthen safe production supervision and safety production.",
        )
    ] = -0.2
    proposer = ModelProposer(backend, batch_size=2)
    s = state(tmp_path, engine)
    app = ReviewApp([s], model=proposer)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, gate.waiting.is_set)
        assert app.review.table.option_count == 4
        assert app.review.model_status == "model: 0/3 segments, 0 edits"
        gate.set()
        await settle(pilot, lambda: app.model_done.is_set() and app.review.model_status.startswith("model: done"))
        await pilot.pause()
        model = [s.items[i].edit for i in s.ordered if s.items[i].edit.origin is Origin.MODEL]
        assert [(e.segment, e.original, e.replacement, round(e.confidence, 4), e.applicability) for e in model] == [
            (2, "gave", "issued", round(2.718281828459045**-0.2, 4), Applicability.DISPLAY)
        ]
        assert [d.reason for d in proposer.dropped] == ["rule-overlap"]
        assert app.review.model_status == "model: done, 1 edits"


@pytest.mark.asyncio
async def test_a_failing_model_is_shown_and_the_review_goes_on(tmp_path, engine):
    class Broken:
        batch_size = 1

        def iter_propose(self, segments, rule_edits=()):
            raise RuntimeError("CUDA out of memory\nmore detail")
            yield []

    s = state(tmp_path, engine)
    app = ReviewApp([s], model=Broken())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.model_error is not None)
        await pilot.pause()
        assert app.model_error == "CUDA out of memory"
        assert app.review.model_status == "model: failed"
        await pilot.press("y", "s")
        await pilot.pause()
    assert (
        (tmp_path / "a.repaired.txt")
        .read_text(encoding="utf-8")
        .startswith("At present, the country is resuming work and production.\n")
    )


def test_review_with_an_uncached_model_fails_before_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    started = time.monotonic()
    proc = run_repair("review", "--model", "not/cached-model", str(tmp_path / "a.txt"), stdin=b"")
    assert time.monotonic() - started < 15
    assert (proc.returncode, proc.stdout, proc.stderr.decode()) == (
        2,
        b"",
        (
            "repair: error: not/cached-model: not in the local Hugging Face cache and HF_HUB_OFFLINE is set; "
            "on a connected machine run `hf download not/cached-model --local-dir cached-model`, copy the folder "
            "here and pass --model ./cached-model\n"
        ),
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no corrected copy, no sidecar


@pytest.mark.asyncio
async def test_model_edits_reach_every_file_and_their_decisions_resume(tmp_path, engine):
    a = state(tmp_path, engine)
    src = tmp_path / "b.txt"
    src.write_text("Li Keqiang gave instructions.\n", encoding="utf-8")
    doc = formats.read(src)
    b = ReviewState.open(doc, engine.check(doc), tmp_path / "b.repaired.txt", mode_from=src)
    fake_b = {0: [model_edit(0, 11, 15, "issued", 0.75)]}  # b's one segment: "gave" -> "issued"

    class TwoFiles(FakeProposer):  # a's edits for a's three segments, b's for b's one
        def iter_propose(self, segments, rule_edits=()):
            self.edits = dict(EDITS) if len(segments) == 3 else fake_b
            yield from super().iter_propose(segments, rule_edits)

    fake = TwoFiles({}, batch_size=2)
    app = ReviewApp([a, b], model=fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.model_done.is_set() and app.review.model_status.startswith("model: done"))
        await pilot.pause()
        assert (app.model_total, app.model_segments, app.model_batches, app.review.model_status) == (
            4,
            4,
            3,
            "model: done, 3 edits",
        )
        assert [b.items[i].edit.replacement for i in b.ordered] == ["issued"]
        await pilot.press("right_square_bracket", "y", "q")  # accept b's model edit, quit without saving
        await pilot.pause()
        await pilot.press("d")  # discard: the sidecar keeps the decision
        await pilot.pause()
    assert not (tmp_path / "b.repaired.txt").exists()
    # Reopened: the decision waits in the sidecar until the model proposes the same edit again.
    b2 = ReviewState.open(doc, engine.check(doc), tmp_path / "b.repaired.txt", mode_from=src)
    assert (len(b2.items), len(b2.stale)) == (0, 1)
    app = ReviewApp([b2], model=FakeProposer(fake_b))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.model_done.is_set() and app.review.model_status.startswith("model: done"))
        await pilot.pause()
        assert (len(b2.stale), b2.verdict(b2.ordered[0]).decision, b2.dirty) == (0, Decision.ACCEPT, True)
        assert app.review.check_action("save", ()) is True
        await pilot.press("s")
        await pilot.pause()
    assert src.with_name("b.repaired.txt").read_text(encoding="utf-8") == "Li Keqiang issued instructions.\n"


@pytest.mark.asyncio
async def test_progress_counts_segments_as_the_batches_come(tmp_path, engine):
    class Steps:
        """A gate that lets through as many batches as were released."""

        def __init__(self) -> None:
            self.sem = threading.Semaphore(0)

        def wait(self) -> bool:
            return self.sem.acquire(timeout=10)

    steps = Steps()
    text = "".join(f"Line {n} reads well.\n" for n in range(40))
    s = state(tmp_path, engine, text)
    fake = FakeProposer({n: [model_edit(n, 0, 4, "Row", 0.6)] for n in (3, 20, 39)}, gate=steps)
    app = ReviewApp([s], model=fake)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.review.model_status == "model: 0/40 segments, 0 edits"
        for _ in range(16):  # the first chunk of 16 segments, one batch each
            steps.sem.release()
        await settle(pilot, lambda: app.model_segments == 16)
        await pilot.pause()
        assert (fake.batches, app.review.model_status, len(s.items)) == (16, "model: 16/40 segments, 1 edits", 1)
        for _ in range(24):
            steps.sem.release()
        await settle(pilot, lambda: app.model_done.is_set() and app.review.model_status.startswith("model: done"))
        await pilot.pause()
        assert (fake.batches, app.model_segments, app.review.model_status) == (40, 40, "model: done, 3 edits")
        assert [s.items[i].edit.segment for i in s.ordered] == [3, 20, 39]


def test_a_pre_accepted_model_edit_after_a_save_makes_the_review_unsaved(tmp_path, engine):
    src = tmp_path / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    doc = formats.read(src)
    s = ReviewState.open(doc, engine.check(doc), tmp_path / "a.repaired.txt", unsafe=True, mode_from=src)
    s.save()
    assert s.dirty is False
    s.add_edits([model_edit(2, 11, 15, "issued", 0.75)])  # display: not pre-accepted, nothing changes
    assert s.dirty is False
    unsafe = Edit(
        0,
        2,
        "We",
        "model/demo",
        origin=Origin.MODEL,
        applicability=Applicability.UNSAFE,
        confidence=0.95,
        segment=1,
        message="demo rewrite",
    )
    s.add_edits([unsafe])  # an opted-in model edit (--accept-model) with --unsafe-fixes: pre-accepted
    assert s.dirty is True
    s.save()
    assert (tmp_path / "a.repaired.txt").read_text(encoding="utf-8") == (
        "At present, the country is resuming work and production.\n"
        "We must strengthen work safety supervision and work safety.\n"
        "Li Keqiang gave instructions on work safety.\n"
    )
