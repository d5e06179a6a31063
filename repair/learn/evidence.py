"""The evidence a learned rule rests on: the same counts for a phrase rule
(:class:`repair.learn.mine.Candidate`) and an edge rule (:class:`repair.learn.edges.EdgeCandidate`),
read by the same filters."""

from __future__ import annotations

from dataclasses import dataclass, field


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
