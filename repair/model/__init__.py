"""The optional seq2seq layer: sentence rewrites from a model, turned into guarded edits.

Public face (nothing here imports torch, transformers or CTranslate2; the backends do,
lazily, when a model is loaded):

* :class:`~repair.model.base.Proposer` — ``propose(segments) -> list[Edit]`` and
  ``iter_propose(segments) -> Iterator[list[Edit]]`` (one list per batch, for a UI worker);
* :class:`~repair.model.proposer.ModelProposer` — a backend + a preset + guards;
* :func:`~repair.model.loader.load_proposer` — from ``--model NAME_OR_PATH``;
* :class:`~repair.model.fake.FakeBackend` — a backend from a dict, for tests;
  :class:`~repair.model.fake.FakeProposer` — given edits, batch by batch, held on an event;
* :class:`~repair.model.base.ModelError` — every failure to load or run a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from repair.model.base import Backend, ModelError, Proposer, Score

__all__ = ["Backend", "ModelError", "Proposer", "Score"]


def __getattr__(name: str) -> Any:
    """The names of :mod:`repair.model.base`, imported when first asked for: a run without a
    model imports ``repair.model.runner`` (its options) but never the protocols of base."""
    if name in __all__:
        from repair.model import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
