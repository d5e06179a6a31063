"""The model proposer: sentences -> backend rewrites -> margin test -> guards -> edits.

For each sentence (or segment, for presets whose unit is ``segment``) the backend proposes a
rewrite. The rewrite is kept only when the model prefers it to the untouched text: both are
scored as forced outputs for the same input (teacher forcing) and the rewrite's mean
log-probability per token must exceed the original's by ``margin`` nats, the choice the best
WMT automatic post-editing systems make between their output and the unchanged MT (e.g.
Chatterjee et al., *Findings of the WMT 2019 Shared Task on Automatic Post-Editing*). Kept
rewrites are aligned into word-level edits (:mod:`repair.model.align`) and guarded
(:mod:`repair.model.guards`).

Units longer than the model takes (its input limit, or as an output its output limit) are
skipped, and rewrites cut off at the output limit are dropped, both with the reason
``too-long``: the model would see (or write) only part of the sentence. Any failure of the
backend while proposing is raised as a :class:`~repair.model.base.ModelError` naming the model.

Confidence of an edit: ``exp(mean log-probability per token)`` of the sentence's rewrite, the
geometric mean of its token probabilities, in 0..1.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from repair.document import Segment
from repair.edits import Applicability, Edit, Origin, Severity
from repair.model.align import align
from repair.model.base import Backend, ModelError, first_line
from repair.model.guards import MAX_SHARE, Dropped, content_guard, edit_guard
from repair.model.presets import PLAIN, Preset
from repair.model.sentences import sentence_spans

#: Default margin (nats per token) by which a rewrite must beat the original.
MARGIN = 0.1


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of text the model rewrites: ``segment.text[start:end]``."""

    segment: int
    start: int
    end: int
    text: str
    source: str | None


class ModelProposer:
    """Proposes guarded model edits for segments.

    Args:
        backend: generates and scores text.
        preset: the prompt and unit (default: the bare sentence).
        margin: nats per token by which a rewrite must beat the original (may be negative
            to keep rewrites the model likes less, e.g. in tests).
        max_share: the share guard's limit (see :func:`repair.model.guards.content_guard`).
        accept: confidence from which edits are marked ``unsafe`` (applied by ``repair fix``);
            below it, and when ``None``, edits are ``display``.
        batch_size: units per backend call (and per list yielded by :meth:`iter_propose`).
        guards: apply the content guards and drop cut-off rewrites (off only to test alignment
            end to end; units too long for the model are skipped either way).
        name: the model as the user named it, for errors (default: the backend's name).

    Attributes:
        dropped: every proposal or edit dropped so far, with its reason.
    """

    def __init__(
        self,
        backend: Backend,
        preset: Preset = PLAIN,
        margin: float = MARGIN,
        max_share: float = MAX_SHARE,
        accept: float | None = None,
        batch_size: int = 16,
        guards: bool = True,
        name: str | None = None,
    ) -> None:
        self.backend = backend
        self.preset = preset
        self.margin = margin
        self.max_share = max_share
        self.accept = accept
        self.batch_size = batch_size
        self.guards = guards
        self.name = name or backend.name
        self.dropped: list[Dropped] = []

    def counts(self) -> dict[str, int]:
        """Dropped proposals and edits by reason, sorted by reason."""
        return dict(sorted(Counter(d.reason for d in self.dropped).items()))

    def units(self, segments: Sequence[Segment]) -> list[Unit]:
        """The sentences (or segments) to rewrite, skipping code and blank segments."""
        out: list[Unit] = []
        for seg in segments:
            if seg.skip or not seg.text.strip():
                continue
            if self.preset.needs_source and not seg.source:
                body = seg.text[seg.content_start :]
                lead = len(body) - len(body.lstrip())
                self.dropped.append(
                    Dropped("no-source", seg.index, seg.content_start + lead, len(seg.text.rstrip()), body.strip(), "")
                )
                continue
            if self.preset.unit == "segment":
                body = seg.text[seg.content_start :]
                lead = len(body) - len(body.lstrip())
                spans = [(seg.content_start + lead, len(seg.text.rstrip()))]
            else:
                spans = sentence_spans(seg.text, seg.content_start)
            out.extend(Unit(seg.index, s, e, seg.text[s:e], seg.source) for s, e in spans)
        return out

    def iter_propose(self, segments: Sequence[Segment], rule_edits: Sequence[Edit] = ()) -> Iterator[list[Edit]]:
        """Edits for ``segments``, one list per batch of units (possibly empty), as computed.

        Args:
            segments: segments of one document (``Segment.index`` is the edits' ``segment``).
            rule_edits: the rules' edits for these segments; model edits overlapping one are
                dropped (``rule-overlap``).

        Yields:
            the kept edits of each batch, sorted by ``(segment, start)``.

        Raises:
            ModelError: when the backend fails (any exception it raises, as one line).
        """
        by_index = {s.index: s for s in segments}
        rules_by_seg: dict[int, list[Edit]] = {}
        for e in rule_edits:
            rules_by_seg.setdefault(e.segment, []).append(e)
        units = self.units(segments)
        for i in range(0, len(units), self.batch_size):
            batch = units[i : i + self.batch_size]
            yield self._batch(batch, by_index, rules_by_seg)

    def propose(self, segments: Sequence[Segment], rule_edits: Sequence[Edit] = ()) -> list[Edit]:
        """Every edit of :meth:`iter_propose`, sorted by ``(segment, start)``."""
        edits = [e for batch in self.iter_propose(segments, rule_edits) for e in batch]
        return sorted(edits, key=lambda e: (e.segment, e.start, e.end))

    def _batch(self, batch: list[Unit], segs: dict[int, Segment], rules: dict[int, list[Edit]]) -> list[Edit]:
        try:
            return self._run(batch, segs, rules)
        except ModelError:
            raise
        except Exception as exc:  # RuntimeError, IndexError, CUDA out of memory...: one line, exit 2
            raise ModelError(self.name, f"failed while proposing ({type(exc).__name__}: {first_line(exc)})") from exc

    def _fitting(self, units: list[Unit], inputs: list[str]) -> list[int]:
        """Positions in ``units`` the backend can take whole (the others are dropped, ``too-long``)."""
        count = getattr(self.backend, "count_tokens", None)
        max_in = getattr(self.backend, "max_input_tokens", None)
        max_out = getattr(self.backend, "max_output_tokens", None)
        if count is None or (max_in is None and max_out is None):
            return list(range(len(units)))
        n_in = count(inputs) if max_in else [0] * len(units)
        n_out = count([u.text for u in units], target=True) if max_out else [0] * len(units)
        fits = []
        for k, u in enumerate(units):
            if (max_in and n_in[k] > max_in) or (max_out and n_out[k] > max_out):
                self.dropped.append(Dropped("too-long", u.segment, u.start, u.end, u.text, ""))
            else:
                fits.append(k)
        return fits

    def _cut_off(self, rewrites: list[str]) -> list[bool]:
        """Whether each rewrite is longer than the backend writes, i.e. cut off at its length limit."""
        count = getattr(self.backend, "count_tokens", None)
        max_out = getattr(self.backend, "max_output_tokens", None)
        if count is None or not max_out or not rewrites or not self.guards:
            return [False] * len(rewrites)
        return [n > max_out for n in count(rewrites, target=True)]

    def _run(self, batch: list[Unit], segs: dict[int, Segment], rules: dict[int, list[Edit]]) -> list[Edit]:
        inputs = [self.preset.render(u.text, u.source) for u in batch]
        fits = self._fitting(batch, inputs)
        batch, inputs = [batch[k] for k in fits], [inputs[k] for k in fits]
        if not batch:
            return []
        rewrites = [r.strip() for r in self.backend.generate(inputs)]
        changed = [k for k, (u, r) in enumerate(zip(batch, rewrites)) if r and r != u.text]
        for k, cut in zip(list(changed), self._cut_off([rewrites[k] for k in changed])):
            if cut:
                unit = batch[k]
                self.dropped.append(Dropped("too-long", unit.segment, unit.start, unit.end, unit.text, rewrites[k]))
                changed.remove(k)
        if not changed:
            return []
        scores = self.backend.score(
            [inputs[k] for k in changed] * 2,
            [rewrites[k] for k in changed] + [batch[k].text for k in changed],
        )
        n = len(changed)
        out: list[Edit] = []
        for pos, k in enumerate(changed):
            unit, rewrite = batch[k], rewrites[k]
            new, old = scores[pos].per_token, scores[n + pos].per_token
            if new - old < self.margin:
                self.dropped.append(Dropped("margin", unit.segment, unit.start, unit.end, unit.text, rewrite))
                continue
            reason = content_guard(unit.text, rewrite, self.max_share, unit.source) if self.guards else None
            if reason:
                self.dropped.append(Dropped(reason, unit.segment, unit.start, unit.end, unit.text, rewrite))
                continue
            out.extend(self._edits(unit, rewrite, new, old, segs[unit.segment], rules.get(unit.segment, [])))
        return sorted(out, key=lambda e: (e.segment, e.start, e.end))

    def _edits(self, unit: Unit, rewrite: str, new: float, old: float, seg: Segment, rules: list[Edit]) -> list[Edit]:
        confidence = min(1.0, max(0.0, math.exp(new)))
        tier = Applicability.UNSAFE if self.accept is not None and confidence >= self.accept else Applicability.DISPLAY
        out = []
        for c in align(unit.text, rewrite):
            start, end = unit.start + c.start, unit.start + c.end
            edit = Edit(
                start=start,
                end=end,
                replacement=c.replacement,
                rule_id=f"model/{self.preset.name}",
                origin=Origin.MODEL,
                category=self.preset.category,
                severity=Severity.MINOR,
                applicability=tier,
                confidence=confidence,
                segment=unit.segment,
                original=seg.text[start:end],
                message=f"{self.backend.name} rewrite ({new:.2f} vs {old:.2f} nats/token, confidence {confidence:.2f})",
            )
            reason = edit_guard(edit, seg.protected, rules)
            if reason:
                self.dropped.append(Dropped(reason, unit.segment, start, end, edit.original, c.replacement))
                continue
            out.append(edit)
        return out
