"""The model on one run: what the user asked (:class:`ModelOptions`, from ``--model`` and
friends) and :class:`ModelRun`, which loads the proposer on first use, proposes guarded edits
and reports what the guards dropped. Nothing heavy is imported until a model is loaded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from repair.console import LazyConsole, escape
from repair.document import Document
from repair.edits import Edit


@dataclass(frozen=True)
class ModelOptions:
    """What the user asked of the model on one command line.

    Attributes:
        model: a preset, hub id or folder (``--model``); ``None``: no model.
        device: ``cpu``, ``cuda``, ``cuda:1`` (``None``: cuda when present).
        preset: the preset whose prompt to use for a folder of one's own.
        accept: model edits with confidence at least this (0..1) become unsafe fixes.
        beams: beam size (1: greedy).
        verbose: list every dropped proposal.
    """

    model: str | None = None
    device: str | None = None
    preset: str | None = None
    accept: float | None = None
    beams: int = 1
    verbose: bool = False


class ModelRun:
    """The model of one run: loaded on first use, kept for every document of the run.

    Args:
        options: what the user asked.
        err: where :meth:`report_dropped` writes (stderr by default).
    """

    def __init__(self, options: ModelOptions = ModelOptions(), err: LazyConsole | None = None) -> None:
        self.options = options
        self.err = err or LazyConsole(stderr=True, highlight=False, soft_wrap=True)
        self._proposer = None

    @property
    def wanted(self) -> bool:
        """Whether a model was asked for."""
        return bool(self.options.model)

    @property
    def accepting(self) -> bool:
        """Whether ``fix`` applies model edits (``--model`` with ``--accept-model``)."""
        return bool(self.options.model) and self.options.accept is not None

    def proposer(self):
        """The proposer, loaded now; ``None`` without ``--model``.

        Raises:
            ModelError: when the model cannot be found or loaded.
        """
        if not self.options.model:
            return None
        if self._proposer is None:
            from repair.model.loader import load_proposer  # torch and friends only when a model is used

            o = self.options
            self._proposer = load_proposer(
                o.model, device=o.device, preset=o.preset, accept=o.accept, num_beams=o.beams
            )
        return self._proposer

    def dropped_count(self) -> int:
        """How many proposals the guards dropped so far in this run."""
        return len(self._proposer.dropped) if self._proposer is not None else 0

    def edits(self, doc: Document, rule_edits: Sequence[Edit]) -> list[Edit]:
        """The guarded model edits for ``doc`` (``[]`` without ``--model``).

        Raises:
            ModelError: when the model cannot be found, loaded or run.
        """
        proposer = self.proposer()
        return [] if proposer is None else proposer.propose(doc.segments, rule_edits)

    def merged(self, doc: Document, rule_edits: list[Edit]) -> list[Edit]:
        """``rule_edits`` with the model's merged in, in document order (unchanged without ``--model``)."""
        if not self.wanted:
            return rule_edits
        return sorted(rule_edits + self.edits(doc, rule_edits), key=lambda e: (e.segment, e.start, e.end))

    def accepted(self, doc: Document, rule_edits: Sequence[Edit]) -> list[Edit]:
        """For ``fix``: the model edits the user opted into with ``--accept-model`` (else ``[]``),
        proposed on the original document and guarded against ``rule_edits`` (its findings);
        the dropped ones are reported under ``doc.path``."""
        if not self.accepting:
            return []
        since = self.dropped_count()
        edits = [e for e in self.edits(doc, rule_edits) if e.applicability.applies(unsafe=True)]
        self.report_dropped(since, doc.path)
        return edits

    def report_dropped(self, since: int = 0, path: str = "") -> None:
        """On stderr: one line of dropped counts; with ``verbose`` every dropped proposal too.

        Args:
            since: report only ``proposer.dropped[since:]`` (one document's drops).
            path: the document, to name in the lines.
        """
        p = self._proposer
        if p is None:
            return
        new = p.dropped[since:]
        where = f"{path}: " if path else ""
        if self.options.verbose:
            for d in new:
                self.err.print(escape(f"{where}model: dropped {d.line()}"))
        counts: dict[str, int] = {}
        for d in new:
            counts[d.reason] = counts.get(d.reason, 0) + 1
        counts = dict(sorted(counts.items()))
        detail = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
        self.err.print(
            escape(
                f"{where}model {p.preset.name} ({p.backend.name}): {sum(counts.values())} proposals dropped by"
                f" the guards ({detail})" + ("" if self.options.verbose or not counts else "; --verbose lists them")
            )
        )
