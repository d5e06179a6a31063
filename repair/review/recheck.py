"""The review's re-check: the edits that only match once the accepted ones are applied.

Some edits only match once others are applied (``repair fix`` runs rounds for them): e.g.
``Xi Jinping ’s socialist thinking`` is only recognised as the official name of the theory
once the space before the possessive is gone. :func:`recheck_steps` applies the accepted
edits (as save would), runs the engine on the result and maps every edit found back onto the
original text (a shift by the applied edits before it); the caller queues the new ones.

It checks only the segments whose accepted edits changed since the last re-check (each
segment keeps a count of such changes, :attr:`repair.review.decisions.Decisions.versions`),
and it is cut into short steps that the screen runs between key presses.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from repair.document import Document
from repair.edits import Edit
from repair.engine import Engine, apply_steps
from repair.review.decisions import Decisions
from repair.review.index import QueueIndex
from repair.steps import Steps

#: Found edits mapped back onto the original text per step of a re-check.
MAP_STEP = 400
#: New edits queued per step of a re-check.
ADD_STEP = 200
#: Queued edits looked at per step of a re-check's collection of the accepted ones.
COLLECT_STEP = 2000


@dataclass(frozen=True)
class Recheck:
    """What a re-check (:func:`recheck_steps`) came to.

    Attributes:
        ids: the ids of the edits it queued.
        skipped: edits not offered: they touch only part of the text an applied edit wrote.
        outdated: segments whose accepted edits changed while they were checked (checked
            again by the next re-check).
        checked: segments checked (those whose accepted edits changed since the last
            re-check, or all of them).
    """

    ids: list[int]
    skipped: int
    outdated: int
    checked: int


@dataclass
class Checked:
    """What the last re-check of a review checked, for the next one to start from.

    Attributes:
        versions: segment -> the count of changes (:attr:`Decisions.versions`) its text was
            last checked at (absent: 0, the original text, which the queue's edits come from).
        states: the kinds' document states of that check (``None``: none yet).
    """

    versions: dict[int, int] = field(default_factory=dict)
    states: list | None = None


#: Queues edits found by a re-check: ``(edits, includes)`` -> their new ids (see
#: :meth:`repair.review.index.QueueIndex.add`; the caller pre-accepts by tier).
Queue = Callable[[list[Edit], list[tuple[int, ...]]], list[int]]


def recheck_steps(
    doc: Document,
    engine: Engine,
    index: QueueIndex,
    decisions: Decisions,
    checked: Checked,
    queue: Queue,
    full: bool = False,
) -> Steps[Recheck]:
    """Check the corrected text again and queue the edits that are new there, in steps.

    Edits already in the queue (the rejected and pending ones are found again) are skipped,
    and so are edits whose span touches text that an applied edit wrote: they cannot be
    expressed on the original text without overlapping that edit. Only the segments whose
    accepted edits changed since ``checked`` are checked, unless the document-level context
    changed (see :meth:`repair.engine.Engine.check_steps`); ``full`` checks every segment.

    Decisions may change between the steps. A segment whose accepted edits changed while it
    was being checked gets none of the edits found in it (they were found in text it no longer
    has); it is counted in :attr:`Recheck.outdated` and checked by the next re-check.

    Args:
        doc: the original document; ``engine``: the checker that found the queue's rule edits.
        index, decisions: the queue and its verdicts, read between the steps as they are then.
        checked: updated at the end (the segments checked, the kinds' states).
        queue: queues a batch of found edits, returns their ids.
    """
    # A segment decided on from here on changes its version: what is found in it is dropped.
    versions = dict(decisions.versions)
    changed = None if full else [i for i, v in versions.items() if v != checked.versions.get(i, 0)]
    accepted: list[Edit] = []
    accepted_ids: dict[tuple[int, int, int], int] = {}
    for n, i in enumerate(index.ordered, 1):
        if (e := decisions.saved_edit(i)) is not None:
            accepted.append(e)
            accepted_ids[(e.segment, e.start, e.end)] = i
        if n % COLLECT_STEP == 0:
            yield f"collecting the accepted edits ({n}/{len(index)})"
    yield "collecting the accepted edits"
    corrected, applied = yield from apply_steps(doc, accepted)
    by_segment: dict[int, list[Edit]] = {}
    for a in applied:
        by_segment.setdefault(a.segment, []).append(a)
    previous = checked.states
    if previous is None:  # the context the queue's edits were found in: the original text's
        previous = (yield from engine.check_steps(doc, [])).states
    run = yield from engine.check_steps(corrected, changed, previous)
    found: list[tuple[Edit, tuple[int, ...]]] = []
    skipped = 0
    indexes: dict[int, _Applied] = {}
    for n, e in enumerate(run.edits, 1):
        if n % MAP_STEP == 0:
            yield f"mapping {n}/{len(run.edits)} edits onto the original text"
        applied_here = indexes.get(e.segment)
        if applied_here is None:
            applied_here = indexes[e.segment] = _Applied(sorted(by_segment.get(e.segment, []), key=lambda a: a.start))
        moved = applied_here.map_back(e)
        if moved is None:
            skipped += 1
            continue
        mapped, inside = moved
        text = doc.segments[e.segment].text
        rebuilt, pos = [], mapped.start  # the original span with the applied edits inside it
        for a in inside:
            rebuilt += [text[pos : a.start], a.replacement]
            pos = a.end
        rebuilt.append(text[pos : mapped.end])
        if "".join(rebuilt) != corrected.segments[e.segment].text[e.start : e.end]:
            skipped += 1  # cannot happen for edits of the corrected text; kept as a guard
            continue
        found.append(
            (
                replace(mapped, original=text[mapped.start : mapped.end]),
                tuple(accepted_ids[(a.segment, a.start, a.end)] for a in inside),
            )
        )
    # Queue what is new, a batch per step. A segment decided on since its text was taken
    # (decisions go on between the steps) gets none: it was checked in text it no longer has.
    ids: list[int] = []
    outdated: set[int] = set()
    ours: dict[int, int] = {}  # segment -> its version after this re-check's own pre-accepted edits
    now = decisions.versions

    def decided_meanwhile(segment: int) -> bool:
        return now.get(segment, 0) not in (versions.get(segment, 0), ours.get(segment))

    for start in range(0, len(found), ADD_STEP):
        if start:
            yield f"queueing {start}/{len(found)} edits"
        batch = found[start : start + ADD_STEP]
        new: list[Edit] = []
        includes: list[tuple[int, ...]] = []
        batch_keys: set[tuple] = set()
        for mapped, inner in batch:
            key = (mapped.segment, mapped.start, mapped.end, mapped.rule_id, mapped.replacement)
            if decided_meanwhile(mapped.segment):
                outdated.add(mapped.segment)
            elif not index.known(mapped) and key not in batch_keys:  # the queue as it is now
                batch_keys.add(key)
                new.append(mapped)
                includes.append(inner)
        ids += queue(new, includes)
        ours.update((e.segment, now.get(e.segment, 0)) for e in new)
    segments = range(len(doc.segments)) if run.checked is None else run.checked
    for i in segments:
        if now.get(i, 0) == versions.get(i, 0):
            checked.versions[i] = versions.get(i, 0)
        elif decided_meanwhile(i):
            outdated.add(i)
        # else: changed only by the fixes queued here, pre-accepted: the next re-check checks it
    checked.states = run.states
    return Recheck(ids, skipped, len(outdated), len(segments))


def _map_back(edit: Edit, applied: Sequence[Edit]) -> tuple[Edit, list[Edit]] | None:
    """``edit``, found in a segment after ``applied`` were applied, moved back onto the
    segment's original text (see :meth:`_Applied.map_back`).

    Args:
        edit: an edit whose span points into the corrected segment text.
        applied: the edits applied to that segment, sorted by start, spans into its original text.
    """
    return _Applied(applied).map_back(edit)


class _Applied:
    """The edits applied to one segment, indexed by where their text lies in the corrected
    segment, so that mapping a found edit back costs a bisection plus the applied edits inside
    its span (one pass over them all per found edit was quadratic on a line of megabytes).

    Args:
        applied: the edits applied to the segment, sorted by start, spans into its original text.
    """

    def __init__(self, applied: Sequence[Edit]) -> None:
        self.applied = list(applied)
        self.shift = [0]  # shift[k]: length change of applied[:k]
        self.starts: list[int] = []  # where applied[k]'s text starts in the corrected segment
        self.ends: list[int] = []  # ... and ends (non-decreasing: the applied edits do not overlap)
        for a in self.applied:
            self.starts.append(a.start + self.shift[-1])
            self.ends.append(self.starts[-1] + len(a.replacement))
            self.shift.append(self.shift[-1] + len(a.replacement) - (a.end - a.start))

    def map_back(self, edit: Edit) -> tuple[Edit, list[Edit]] | None:
        """``edit``, found in the corrected segment, moved back onto the original text.

        Returns:
            ``(edit, inside)``: the edit with its span on the original text, and the applied
            edits whose written text lies wholly inside its span (the edit's replacement
            supersedes them); ``None`` when the span covers only part of an applied edit's text.
        """
        k = bisect.bisect_right(self.ends, edit.start)  # applied[:k] end before the span
        before = self.shift[k]
        inside: list[Edit] = []
        while k < len(self.applied) and self.starts[k] < edit.end:
            if self.starts[k] < edit.start or self.ends[k] > edit.end:
                return None
            inside.append(self.applied[k])
            k += 1
        within = self.shift[k] - before
        return replace(edit, start=edit.start - before, end=edit.end - before - within), inside
