"""One document before and after fixing, with everything a measurement or a report needs about it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from repair.document import Document
from repair.edits import Edit, apply_edits
from repair.mqm import MqmScore, mqm_score


@dataclass
class Repaired:
    """One document before and after ``Engine.fix``.

    Attributes:
        doc: the document as read.
        fixed: the document after fixing (same segment count).
        applied: every edit applied, all rounds flattened (each names its segment).
        before: the findings of ``check`` on ``doc`` (all tiers); ``[]`` when the run did not
            need them (``repair fix`` without ``--report`` or ``--accept-model``).
        after: the findings of ``check`` on ``fixed`` (what is left).
        name: a short display name (e.g. the MT system); defaults to ``doc.path``.
        rounds: the edits applied in each round of ``Engine.fix`` (spans into the text as it
            was at that round), when known: they let :meth:`rule_steps` tell each rule's own
            effect on a segment that several rules edited.
    """

    doc: Document
    fixed: Document
    applied: list[Edit]
    before: list[Edit]
    after: list[Edit]
    name: str = ""
    rounds: list[list[Edit]] = field(default_factory=list)
    _rules: dict[int, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.name:
            self.name = self.doc.path
        for e in self.applied:
            rules = self._rules.setdefault(e.segment, [])
            if e.rule_id not in rules:
                rules.append(e.rule_id)

    @cached_property
    def changed(self) -> list[int]:
        """Indices of the segments whose text the fix changed, in order."""
        return [i for i, (a, b) in enumerate(zip(self.doc.segments, self.fixed.segments)) if a.text != b.text]

    def rules_of(self, segment: int) -> list[str]:
        """Rule ids of the edits applied to one segment, in order of application, no repeats."""
        return list(self._rules.get(segment, []))

    def rule_steps(self, segment: int) -> dict[str, list[tuple[str, str]]] | None:
        """Each rule's own changes to one segment: ``{rule: [(text before the round, that
        text with only this rule's edits of the round applied), ...]}``, one pair per round in
        which the rule edited the segment; ``None`` when :attr:`rounds` is unknown."""
        if not self.rounds:
            return None
        text = self.doc.segments[segment].text
        out: dict[str, list[tuple[str, str]]] = {}
        for edits in self.rounds:
            mine = [e for e in edits if e.segment == segment]
            if not mine:
                continue
            for rule in dict.fromkeys(e.rule_id for e in mine):
                out.setdefault(rule, []).append((text, apply_edits(text, [e for e in mine if e.rule_id == rule])[0]))
            text = apply_edits(text, mine)[0]
        return out

    @property
    def by_rule(self) -> Counter:
        """Applied edits per rule id."""
        return Counter(e.rule_id for e in self.applied)

    @property
    def by_category(self) -> Counter:
        """Applied edits per MQM category path."""
        return Counter(e.category for e in self.applied)

    @cached_property
    def mqm_before(self) -> MqmScore:
        """MQM-style score of ``doc`` from ``before`` (see :mod:`repair.mqm`)."""
        return mqm_score(self.before, self.doc.word_count())

    @cached_property
    def mqm_after(self) -> MqmScore:
        """MQM-style score of ``fixed`` from ``after``."""
        return mqm_score(self.after, self.fixed.word_count())
