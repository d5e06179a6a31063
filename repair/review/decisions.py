"""Decisions on the queue's edits, the rules that keep them consistent, and the undo journal.

- :class:`Decisions` holds one :class:`Verdict` per decided (or pre-accepted) item of a
  :class:`~repair.review.index.QueueIndex`, with the counts the screen asks for on every key
  (pending per rule, per segment) and, per segment, a count of the changes to what save writes
  in it (the re-check checks only the segments whose count moved).
- Consistency: an accepted edit may not overlap another accepted one, except a re-check edit
  and the accepted edits whose text lies inside its span (it *includes* them, see
  :meth:`repair.review.index.QueueIndex.includes`); :meth:`Decisions.check` refuses the rest.
- :class:`Journal`: every decision is a list of :class:`Change` records (item, old verdict,
  new verdict) pushed as one undo step; undo and redo replay a step backwards or forwards.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from repair.edits import Edit, Origin
from repair.errors import RepairError

if TYPE_CHECKING:
    from repair.review.index import Item, QueueIndex


class ReviewError(RepairError):
    """A decision that cannot be taken (e.g. it overlaps an accepted edit), or a bad sidecar."""


class Decision(str, enum.Enum):
    """What a person decided about one edit."""

    ACCEPT = "accept"
    REJECT = "reject"
    REWRITE = "rewrite"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A decision and, for a rewrite, the person's text for the span.

    Attributes:
        decision: accept, reject or rewrite.
        text: the replacement typed by the person (rewrite only; may be '').
        auto: pre-accepted by the fix tier, not yet confirmed by a person.
    """

    decision: Decision
    text: str | None = None
    auto: bool = False


class Change(NamedTuple):
    """One item's decision changed from ``old`` to ``new`` (``None``: no decision); an undo
    step is a list of them."""

    item: int
    old: Verdict | None
    new: Verdict | None


def writes(verdict: Verdict | None) -> tuple | None:
    """What a verdict makes save write over its span: ``None`` (the original), ``()`` (the
    proposal), or ``(text,)`` (a rewrite's text); two verdicts with the same value write the same."""
    if verdict is None or verdict.decision is Decision.REJECT:
        return None
    return (verdict.text,) if verdict.decision is Decision.REWRITE else ()


class Decisions:
    """The verdicts on the items of ``index``.

    Args:
        index: the queue whose items are decided on (read: spans, rules, inclusions).
        where: the name errors are reported under (the document's path).
    """

    def __init__(self, index: QueueIndex, where: str) -> None:
        self.index = index
        self.where = where
        self._verdicts: dict[int, Verdict] = {}
        self.decided: set[int] = set()  # ids a person decided on (not pre-accepted)
        self._decided_by_rule: dict[str, int] = {}  # rule id -> number decided by a person
        self._decided_in: dict[int, int] = {}  # segment -> items a person decided on in it
        #: Per segment, a count of the changes to what save writes in it (absent: 0).
        self.versions: dict[int, int] = {}

    def get(self, item_id: int) -> Verdict | None:
        """The verdict on ``item_id`` (pre-accepted ones have ``auto=True``), or ``None``."""
        return self._verdicts.get(item_id)

    def values(self) -> Iterable[Verdict]:
        """Every verdict, pre-accepted ones too."""
        return self._verdicts.values()

    def is_pending(self, item_id: int) -> bool:
        """Whether no person has decided on ``item_id`` yet (pre-accepted ones are pending)."""
        v = self._verdicts.get(item_id)
        return v is None or v.auto

    def segment_pending(self, segment: int) -> bool:
        """Whether ``segment`` has an edit no person has decided on yet."""
        return self.index.segment_count(segment) > self._decided_in.get(segment, 0)

    def rule_pending(self, rule_id: str) -> bool:
        """Whether rule ``rule_id`` has edits no person has decided on yet."""
        return self.index.rule_count(rule_id) > self._decided_by_rule.get(rule_id, 0)

    def put(self, item_id: int, verdict: Verdict | None) -> None:
        """Record ``verdict`` (``None``: none) on ``item_id``, with no check (see :meth:`check`)."""
        old = self._verdicts.get(item_id)
        if old is verdict:
            return
        if writes(verdict) != writes(old):
            segment = self.index.items[item_id].edit.segment  # what save writes in it changes
            self.versions[segment] = self.versions.get(segment, 0) + 1
        if verdict is None:
            del self._verdicts[item_id]
        else:
            self._verdicts[item_id] = verdict
        decided = verdict is not None and not verdict.auto
        if decided != (old is not None and not old.auto):
            edit = self.index.items[item_id].edit
            self._decided_by_rule[edit.rule_id] = self._decided_by_rule.get(edit.rule_id, 0) + (1 if decided else -1)
            self._decided_in[edit.segment] = self._decided_in.get(edit.segment, 0) + (1 if decided else -1)
            (self.decided.add if decided else self.decided.discard)(item_id)

    def applied_edit(self, item_id: int) -> Edit | None:
        """The edit as it will be applied (a rewrite as a manual edit), or ``None`` if not accepted."""
        v = self._verdicts.get(item_id)
        e = self.index.items[item_id].edit
        if v is None or v.decision is Decision.REJECT:
            return None
        if v.decision is Decision.REWRITE:
            return replace(e, replacement=v.text or "", origin=Origin.MANUAL, rule_id="manual")
        return e

    def saved_edit(self, item_id: int) -> Edit | None:
        """The edit of ``item_id`` as save applies it, or ``None``: an accepted edit inside
        the span of an accepted re-check edit that includes it is left out (the outer edit's
        text already holds its change)."""
        e = self.applied_edit(item_id)
        if e is None or any(self.applied_edit(o) is not None for o in self.index.included_in(item_id)):
            return None
        return e

    def conflict(self, item_id: int, also: frozenset[int] | set[int] = frozenset()) -> Item | None:
        """The accepted item (or one of ``also``, being accepted with it) that overlaps ``item_id``."""
        index = self.index
        e = index.items[item_id].edit
        inner, outer = index.includes(item_id), index.included_in(item_id)
        for start, end, other in index.near(e.segment, e.start, e.end):
            if other == item_id or start > e.end or end < e.start or other in inner or other in outer:
                continue  # elsewhere, or nested: the outer edit's text includes the inner one's and wins
            if (other in also or self.applied_edit(other) is not None) and index.items[other].edit.overlaps(e):
                return index.items[other]
        return None

    def may_pre_accept(self, item_id: int) -> bool:
        """Whether a fix may start pre-accepted: not when it overlaps an accepted edit (other
        than those it includes) or an edit a person rejected. A re-check can find, over text a
        person turned down, the same fix again on a longer span; it waits for the person."""
        index = self.index
        e = index.items[item_id].edit
        if self.conflict(item_id) is not None:
            return False
        return not any(
            other != item_id
            and (v := self._verdicts.get(other)) is not None
            and v.decision is Decision.REJECT
            and index.items[other].edit.overlaps(e)
            for _, _, other in index.near(e.segment, e.start, e.end)
        )

    def check(self, item_id: int, verdict: Verdict, also: frozenset[int] | set[int] = frozenset()) -> None:
        """Raise when ``verdict`` cannot be taken on ``item_id`` (``also``: ids accepted with it).

        Raises:
            ReviewError: an accept of an edit that proposes no change, or an accept or
                rewrite that overlaps an accepted edit.
        """
        if verdict.decision is Decision.REJECT:
            return
        e = self.index.items[item_id].edit
        if verdict.decision is Decision.ACCEPT and e.replacement == e.original:
            raise ReviewError(self.where, f"{e.rule_id} proposes no fix here: press e to rewrite it by hand")
        other = self.conflict(item_id, also)
        if other is not None:
            raise ReviewError(
                self.where, f"overlaps the accepted edit of {other.edit.rule_id}: reject or undo that first"
            )

    def outer_changes(
        self, item_id: int, old: Verdict | None, new: Verdict | None, skip: set[int] | frozenset[int] = frozenset()
    ) -> list[Change]:
        """What goes with changing ``item_id``'s decision from ``old`` to ``new``: a re-check
        edit that includes it (its text was found with ``item_id``'s fix applied) and was only
        pre-accepted goes back to pending when what ``item_id`` writes changes, so the decision
        shows in the saved copy. Edits in ``skip`` (changed with it) are left alone.

        Raises:
            ReviewError: when such an edit was accepted by a person (it would hide the decision).
        """
        if writes(new) == writes(old):
            return []
        out = []
        for outer in sorted(self.index.included_in(item_id)):
            v = self._verdicts.get(outer)
            if outer in skip or v is None or writes(v) is None:
                continue
            if not v.auto:
                raise ReviewError(
                    self.where,
                    f"inside the accepted edit of {self.index.items[outer].edit.rule_id}: reject or undo that first",
                )
            out.append(Change(outer, v, None))
        return out

    def rule_changes(self, rule_id: str, verdict: Verdict) -> list[Change]:
        """The changes that give ``verdict`` to every pending edit of ``rule_id``, in document
        order; edits it cannot be taken on (no fix, overlapping an accepted edit, inside a
        person's) are left pending."""
        changes: list[Change] = []
        taken: set[int] = set()  # accepted here, so later edits of the rule see them as accepted
        items = self.index.items
        for item_id in self.index.ordered:
            if items[item_id].edit.rule_id != rule_id:
                continue
            old = self._verdicts.get(item_id)
            if old is not None and not old.auto:
                continue  # decided by a person
            if old is None or verdict.decision is not Decision.ACCEPT:  # a confirmed fix is applied already
                try:
                    self.check(item_id, verdict, taken)
                    outers = self.outer_changes(item_id, old, verdict)
                except ReviewError:
                    continue
                changes += outers
            changes.append(Change(item_id, old, verdict))
            if verdict.decision is not Decision.REJECT:
                taken.add(item_id)
        return changes


class Journal:
    """The undo and redo stacks of one review: each step a list of :class:`Change` records.

    Args:
        decisions: the verdicts the steps change.
    """

    def __init__(self, decisions: Decisions) -> None:
        self.decisions = decisions
        self._undo: list[list[Change]] = []
        self._redo: list[list[Change]] = []

    @property
    def can_undo(self) -> bool:
        """Whether there is a step to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone step to redo."""
        return bool(self._redo)

    def commit(self, changes: list[Change]) -> list[Change]:
        """Take ``changes`` (those that change nothing are dropped) as one undo step; the
        redo stack is cleared. Returns the changes taken ([] when none)."""
        changes = [c for c in changes if c.old != c.new]
        if not changes:
            return []
        for c in changes:
            self.decisions.put(c.item, c.new)
        self._undo.append(changes)
        self._redo.clear()
        return changes

    def undo(self) -> list[Change]:
        """Undo the last step; see :meth:`_step`. Returns its changes ([] when none)."""
        return self._step(self._undo, self._redo, undo=True)

    def redo(self) -> list[Change]:
        """Redo the last undone step; see :meth:`_step`."""
        return self._step(self._redo, self._undo, undo=False)

    def _step(self, source: list[list[Change]], target: list[list[Change]], undo: bool) -> list[Change]:
        """Replay the last step of ``source`` (backwards for an undo) and push it on ``target``.

        A decision it brings back that overlaps a fix pre-accepted since (by a re-check), or
        that changes what a pre-accepted re-check edit including it was built on, puts that fix
        back to pending, in the same step (the returned changes, after the step's own).

        Raises:
            ReviewError: when a decision it brings back would overlap an edit a person
                accepted, or lie inside one; nothing changes.
        """
        if not source:
            return []
        d = self.decisions
        changes = source.pop()

        def to(c: Change) -> Verdict | None:  # the side of each change that the step restores
            return c.old if undo else c.new

        def back(c: Change) -> Verdict | None:  # ... and the side it leaves
            return c.new if undo else c.old

        for c in changes:
            d.put(c.item, to(c))
        extra: list[Change] = []
        stepped = {c.item for c in changes}

        def release(item_id: int, v: Verdict) -> None:
            extra.append(Change(item_id, None, v) if undo else Change(item_id, v, None))
            d.put(item_id, None)

        try:
            for c in changes:
                if writes(to(c)) == writes(back(c)):
                    continue  # writes the same as before the step (a confirmed fix)
                for outer in d.outer_changes(c.item, back(c), to(c), stepped):
                    release(outer.item, outer.old)  # type: ignore[arg-type]
                if writes(to(c)) is None:
                    continue
                while (other := d.conflict(c.item)) is not None:
                    v = d.get(other.id)
                    if v is None or not v.auto:
                        raise ReviewError(
                            d.where,
                            f"{'undo' if undo else 'redo'} would overlap the"
                            f" accepted edit of {other.edit.rule_id}: reject that first",
                        )
                    release(other.id, v)
        except ReviewError:
            for e in reversed(extra):
                d.put(e.item, e.new if undo else e.old)
            for c in changes:
                d.put(c.item, back(c))
            source.append(changes)
            raise
        target.append(changes + extra)
        return changes + extra
