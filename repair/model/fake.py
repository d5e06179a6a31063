"""A backend from dictionaries, for tests and for the review UI's tests: no model, no torch.

``FakeBackend({"He go home.": "He goes home."}, {("He go home.", "He goes home."): -0.1})``
rewrites by lookup (unknown inputs come back unchanged) and scores by lookup (unknown pairs
score ``default`` nats per token). An optional :class:`threading.Event` holds every
``generate`` call until it is set, to prove a caller stays responsive meanwhile.
"""

from __future__ import annotations

import threading
from typing import Mapping, Sequence

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
