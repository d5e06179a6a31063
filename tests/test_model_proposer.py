"""The proposer with a fake backend: teacher-forcing margin, tiers, batches, units, drops."""

from __future__ import annotations

import math
import threading

import pytest
from repair.document import Segment
from repair.edits import Applicability, Origin, apply_edits
from repair.model.fake import FakeBackend
from repair.model.presets import Preset, load_presets
from repair.model.proposer import ModelProposer

S1, R1 = "He have went home.", "He has gone home."
S2, R2 = "They was late.", "They were late."


def scored(new: float, old: float, pairs=((S1, R1), (S2, R2))) -> dict:
    out = {}
    for s, r in pairs:
        out[(s, r)] = new
        out[(s, s)] = old
    return out


# binary-exact values: a rewrite exactly `margin` better is kept
@pytest.mark.parametrize(
    ("new", "old", "kept"), [(-0.5, -0.75, True), (-0.5, -0.625, True), (-0.5, -0.5625, False), (-0.75, -0.5, False)]
)
def test_margin(new: float, old: float, kept: bool) -> None:
    proposer = ModelProposer(FakeBackend({S1: R1}, scored(new, old)), margin=0.125)
    edits = proposer.propose([Segment(S1, 0, 1)])
    assert len(edits) == (1 if kept else 0)
    assert proposer.counts() == ({} if kept else {"margin": 1})


def test_edit_fields_and_confidence() -> None:
    proposer = ModelProposer(FakeBackend({S1: R1}, scored(-0.25, -2.0)))
    [edit] = proposer.propose([Segment("Note. " + S1, 3, 4)])
    assert (edit.segment, edit.start, edit.end, edit.original, edit.replacement) == (3, 9, 18, "have went", "has gone")
    assert edit.origin is Origin.MODEL and edit.rule_id == "model/plain"
    assert edit.applicability is Applicability.DISPLAY
    assert edit.confidence == pytest.approx(math.exp(-0.25))
    assert edit.message == "fake rewrite (-0.25 vs -2.00 nats/token, confidence 0.78)"


def test_accept_threshold_marks_unsafe() -> None:
    backend = FakeBackend({S1: R1, S2: R2}, {(S1, R1): -0.05, (S1, S1): -1.0, (S2, R2): -0.5, (S2, S2): -1.0})
    edits = ModelProposer(backend, accept=0.9).propose([Segment(S1 + " " + S2, 0, 1)])
    assert [(e.replacement, e.applicability) for e in edits] == [
        ("has gone", Applicability.UNSAFE),  # exp(-0.05) = 0.951
        ("were", Applicability.DISPLAY),  # exp(-0.5) = 0.607
    ]


def test_applied_edits_give_the_rewrite() -> None:
    text = f"{S1} {S2}"
    edits = ModelProposer(FakeBackend({S1: R1, S2: R2}, scored(-0.1, -1.0))).propose([Segment(text, 0, 1)])
    assert apply_edits(text, edits)[0] == f"{R1} {R2}"


def test_iter_propose_yields_per_batch_and_is_lazy() -> None:
    segs = [Segment(S1, 0, 1), Segment(S2, 1, 2), Segment("Fine.", 2, 3)]
    backend = FakeBackend({S1: R1, S2: R2}, scored(-0.1, -1.0))
    it = ModelProposer(backend, batch_size=2).iter_propose(segs)
    assert backend.calls == []
    first = next(it)
    assert backend.calls == [[S1, S2]]
    assert [e.replacement for e in first] == ["has gone", "were"]
    assert next(it) == [] and backend.calls[-1] == ["Fine."]
    assert list(it) == []


def test_gate_holds_generation_until_set() -> None:
    gate = threading.Event()
    backend = FakeBackend({S1: R1}, scored(-0.1, -1.0), gate=gate)
    result: list = []
    worker = threading.Thread(target=lambda: result.extend(ModelProposer(backend).propose([Segment(S1, 0, 1)])))
    worker.start()
    worker.join(0.2)
    assert worker.is_alive() and result == []
    gate.set()
    worker.join(5)
    assert [e.replacement for e in result] == ["has gone"]


def test_protected_span_and_skipped_segments() -> None:
    seg = Segment(S1, 0, 1, protected=((3, 7),))
    proposer = ModelProposer(FakeBackend({S1: R1}, scored(-0.1, -1.0)))
    assert proposer.propose([seg, Segment("code", 1, 2, skip=True), Segment("   ", 2, 3)]) == []
    assert proposer.counts() == {"protected": 1}


def test_segment_unit_with_source_and_missing_source() -> None:
    preset = Preset(name="ape", hub_id="", prompt="{source} </s> {target}", unit="segment", needs_source=True)
    text = f"{S1} {S2}"
    prompt = f"他回家了。 </s> {text}"
    backend = FakeBackend({prompt: f"{R1} {S2}"}, {(prompt, f"{R1} {S2}"): -0.1, (prompt, text): -1.0})
    proposer = ModelProposer(backend, preset)
    edits = proposer.propose([Segment(text, 0, 1, source="他回家了。"), Segment(text, 1, 2)])
    assert [(e.segment, e.replacement, e.rule_id) for e in edits] == [(0, "has gone", "model/ape")]
    assert backend.calls == [[prompt]]
    assert proposer.counts() == {"no-source": 1}


def test_shipped_presets() -> None:
    presets = load_presets()
    assert list(presets) == ["opus-mt-zh-en", "coedit-large", "t5-gec", "ape"]
    assert presets["opus-mt-zh-en"].hub_id == "Helsinki-NLP/opus-mt-zh-en" and presets["opus-mt-zh-en"].commercial
    assert presets["coedit-large"].render("It go.", None) == "Fix grammatical errors in this sentence: It go."
    assert not presets["coedit-large"].commercial and not presets["t5-gec"].commercial
    assert presets["ape"].render("MT", "源") == "源 </s> MT"


def test_accepted_model_edits_are_applied_by_fix_and_rules_win(engine) -> None:
    from repair.document import Document

    text = "At present, the country is resuming production and production. He have went home."
    doc = Document("a.txt", [Segment(text, 0, 1)], ["\n"])
    sentence = "At present, the country is resuming production and production."
    rewrites = {sentence: "At present, the country is resuming work and production.", S1: R1}
    backend = FakeBackend(
        rewrites, {(sentence, rewrites[sentence]): -0.01, (sentence, sentence): -1.0, (S1, R1): -0.01, (S1, S1): -1.0}
    )
    proposer = ModelProposer(backend, accept=0.9)
    extra = proposer.propose(doc.segments, engine.check(doc))
    assert [e.replacement for e in extra] == ["has gone"]
    assert proposer.counts() == {"rule-overlap": 1}  # the rules own "production and production"
    fixed, rounds = engine.fix(doc, extra=extra)
    assert fixed.segments[0].text == "At present, the country is resuming work and production. He has gone home."


def test_fake_proposer_holds_batches_on_its_gate() -> None:
    from repair.edits import Edit
    from repair.model.fake import FakeProposer

    gate = threading.Event()
    edit = Edit(3, 7, "has", "model/fake", origin=Origin.MODEL, segment=1)
    proposer = FakeProposer({1: [edit]}, gate=gate)
    it = proposer.iter_propose([Segment("a", 0, 1), Segment(S1, 1, 2)])
    got: list = []
    worker = threading.Thread(target=lambda: got.extend(it))
    worker.start()
    worker.join(0.2)
    assert got == [] and proposer.batches == 0
    gate.set()
    worker.join(5)
    assert got == [[], [edit]] and proposer.batches == 2


class _LimitedBackend(FakeBackend):
    """A fake model that takes at most 5 words in and writes at most 5 words out (a word a token)."""

    max_input_tokens = 5
    max_output_tokens = 5

    def count_tokens(self, texts, target=False):
        return [len(t.split()) for t in texts]


def test_units_longer_than_the_model_takes_are_skipped_and_cut_off_rewrites_dropped() -> None:
    long_in = "One two three four five six."
    cut = "They was late to go."
    backend = _LimitedBackend({S2: R2, cut: "They were late to go home now."}, scored(-0.1, -1.0, [(S2, R2)]))
    proposer = ModelProposer(backend)
    text = f"{long_in} {S2} {cut}"
    [edit] = proposer.propose([Segment(text, 0, 1)])
    assert edit.replacement == "were"
    assert backend.calls == [[S2, cut]]  # the six-word sentence never reached the model
    assert [(d.reason, d.start, d.end, d.rewrite) for d in proposer.dropped] == [
        ("too-long", 0, len(long_in), ""),
        ("too-long", len(text) - len(cut), len(text), "They were late to go home now."),
    ]
    assert proposer.counts() == {"too-long": 2}


def test_a_backend_failure_while_proposing_is_one_model_error() -> None:
    from repair.model.base import ModelError

    class Broken(FakeBackend):
        def generate(self, inputs):
            raise RuntimeError("No position encodings are defined for positions >= 128\nmore detail")

    proposer = ModelProposer(Broken({}), name="./my-model")
    with pytest.raises(ModelError) as err:
        proposer.propose([Segment(S1, 0, 1)])
    assert str(err.value) == (
        "./my-model: failed while proposing (RuntimeError: No position encodings are defined for positions >= 128)"
    )
    with pytest.raises(ModelError, match=r"^fake: failed while proposing \(IndexError: index out of range in self\)$"):

        class Indexed(FakeBackend):
            def score(self, inputs, outputs):
                raise IndexError("index out of range in self")

        ModelProposer(Indexed({S1: R1})).propose([Segment(S1, 0, 1)])
