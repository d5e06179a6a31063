"""A backend from dictionaries, for tests and for the review UI's tests: no model, no torch.

``FakeBackend({"He go home.": "He goes home."}, {("He go home.", "He goes home."): -0.1})``
rewrites by lookup (unknown inputs come back unchanged) and scores by lookup (unknown pairs
score ``default`` nats per token). An optional :class:`threading.Event` holds every
``generate`` call until it is set, to prove a caller stays responsive meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from repair.model.base import Score


class FakeBackend:
    """A dictionary that behaves like a model.

    Args:
        rewrites: input -> output; inputs not in it are returned unchanged.
        scores: ``(input, output)`` -> mean log-probability per token (nats).
        default: the per-token score of pairs not in ``scores``.
        gate: when given, :meth:`generate` waits until it is set.

    Attributes:
        calls: the inputs of every :meth:`generate` call, in order.
    """

    name = "fake"

    def __init__(
        self,
        rewrites: Mapping[str, str],
        scores: Mapping[tuple[str, str], float] | None = None,
        default: float = -1.0,
        gate: threading.Event | None = None,
    ) -> None:
        self.rewrites = dict(rewrites)
        self.scores = dict(scores or {})
        self.default = default
        self.gate = gate
        self.calls: list[list[str]] = []

    def generate(self, inputs: Sequence[str]) -> list[str]:
        """The rewrite of each input (the input itself when unknown)."""
        if self.gate is not None:
            self.gate.wait()
        self.calls.append(list(inputs))
        return [self.rewrites.get(i, i) for i in inputs]

    def score(self, inputs: Sequence[str], outputs: Sequence[str]) -> list[Score]:
        """Each pair's per-token score, as a :class:`Score` over 10 tokens."""
        return [Score(10 * self.scores.get((i, o), self.default), 10) for i, o in zip(inputs, outputs)]


class FakeProposer:
    """A proposer that hands out given edits, batch by batch, optionally held on an event.

    For UI tests: ``FakeProposer({0: [edit]}, gate=event)`` yields nothing until ``event`` is
    set, then one list per ``batch_size`` segments (the edits of those segments).

    Args:
        edits: segment index -> the edits to propose for it.
        gate: when given, every batch waits until it is set.
        batch_size: segments per yielded list.

    Attributes:
        batches: how many lists have been yielded so far.
    """

    def __init__(self, edits: Mapping[int, list], gate: threading.Event | None = None, batch_size: int = 1) -> None:
        self.edits = {k: list(v) for k, v in edits.items()}
        self.gate = gate
        self.batch_size = batch_size
        self.batches = 0
        self.dropped: list = []

    def iter_propose(self, segments: Sequence, rule_edits: Sequence = ()):
        """One list of edits per ``batch_size`` segments (rule overlaps are not checked)."""
        for i in range(0, len(segments), self.batch_size):
            if self.gate is not None:
                self.gate.wait()
            self.batches += 1
            yield [e for s in segments[i : i + self.batch_size] for e in self.edits.get(s.index, [])]

    def propose(self, segments: Sequence, rule_edits: Sequence = ()) -> list:
        """Every edit of :meth:`iter_propose`, sorted by ``(segment, start)``."""
        return sorted(
            (e for b in self.iter_propose(segments, rule_edits) for e in b), key=lambda e: (e.segment, e.start)
        )
