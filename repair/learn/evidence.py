"""The evidence a learned rule rests on: the same counts for a phrase rule
(:class:`repair.learn.mine.Candidate`) and an edge rule (:class:`repair.learn.edges.EdgeCandidate`),
read by the same filters."""

from __future__ import annotations

from dataclasses import dataclass, field

#: why a candidate is dropped, the same for every kind of learned rule
CONTRADICTED = "contradicted (post-edit kept it)"
HUMAN = "would change a human line"


@dataclass(kw_only=True)
class Evidence:
    """What a learned rule of any kind rests on, counted the same way for all of them.

    Attributes:
        support: ids of the human segments it was seen in.
        in_mt: human segments whose MT it would change (matched as the rule would).
        contradictions: of those, segments whose post-edit kept what the MT had.
        human_lines: distinct post-edits the rule would change.
        dropped: why it was dropped (one of the miners' reasons), ``None`` while kept.
    """

    support: set[int] = field(default_factory=set)
    in_mt: int = 0
    contradictions: int = 0
    human_lines: int = 0
    dropped: str | None = None

    @property
    def consistency(self) -> float:
        """Share of the human segments whose MT it would change in which the post-editor changed it."""
        return min(1.0, len(self.support) / self.in_mt) if self.in_mt else 1.0

    def judge(self, min_consistency: float, inconsistent: str) -> None:
        """Drop the candidate for the first of the shared filters its counts fail: contradicted
        (:data:`CONTRADICTED`), it would change a human line (:data:`HUMAN`), or its support is
        under ``min_consistency`` (0..1) of ``in_mt`` (``inconsistent``, the miner's own wording);
        ``dropped`` is left as it is when all pass."""
        if self.contradictions:
            self.dropped = CONTRADICTED
        elif self.human_lines:
            self.dropped = HUMAN
        elif len(self.support) < min_consistency * self.in_mt:
            self.dropped = inconsistent
