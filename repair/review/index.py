"""The review queue's index: every proposed edit of one document, in document order.

Each entry is an :class:`Item` with a stable integer id (insertion order); edits that arrive
later (a model's, a re-check's) are inserted in order. The index answers, by bisection, the
questions asked on every key: the items of a segment, the items near a span (overlap tests),
whether an edit is queued already. It holds no decisions (:mod:`repair.review.decisions`).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from repair.document import Document
from repair.edits import Edit
from repair.review.decisions import ReviewError
from repair.review.sidecar import EditKey, edit_key, entry_head

#: Spans longer than this (characters) are kept apart per segment: the overlap tests look at
#: them all, and at the others only in a window this wide before a span (see
#: :meth:`QueueIndex.near`), so a line of megabytes with thousands of edits stays linear.
LONG_SPAN = 256


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of the queue.

    Attributes:
        id: stable id within this queue (insertion order; not document order).
        edit: the proposed edit (span into the original text of ``edit.segment``).
        key: the sidecar key of the edit.
        segment_hash: first 16 hex digits of the SHA-256 of the segment's text.
    """

    id: int
    edit: Edit
    key: EditKey
    segment_hash: str


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _insort(entries: list, entry: tuple) -> None:
    """Put ``entry`` into the sorted list ``entries``: appended when it goes last (edits come in
    document order: no bisection, no moving of the list's tail), else by bisection."""
    if not entries or entries[-1] <= entry:
        entries.append(entry)
    else:
        bisect.insort(entries, entry)


class QueueIndex:
    """The items of one document's review, indexed by place, segment and rule.

    Args:
        doc: the document whose segment texts the edits' spans point into (never modified).
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.items: dict[int, Item] = {}
        self._order: list[tuple[int, int, int, int]] = []  # (segment, start, end, id), sorted
        self._of_segment: dict[int, list[tuple[int, int, int]]] = {}  # segment -> (start, end, id), sorted
        self._long: dict[int, list[tuple[int, int, int]]] = {}  # segment -> those of its spans over LONG_SPAN
        self._known: set[tuple] = set()  # (segment, start, end, rule id, replacement) of every item
        self._segment_hashes: dict[int, str] = {}  # segment -> _hash of its text (computed once)
        self.place: dict[int, tuple[int, int, int, int]] = {}  # id -> its entry of the document order
        #: id -> its sidecar entry's JSON up to the decision (see :func:`repair.review.sidecar.entry_head`).
        self.heads: dict[int, str] = {}
        self._by_rule: dict[str, int] = {}  # rule id -> number of items
        # re-check edits whose span holds the text of accepted edits: outer id -> inner ids
        self._includes: dict[int, tuple[int, ...]] = {}
        self._included_in: dict[int, set[int]] = {}  # inner id -> outer ids
        self._next_id = 0

    def add(self, edits: Iterable[Edit], includes: Sequence[tuple[int, ...]] = ()) -> list[int]:
        """Queue ``edits`` (any order; an empty ``original`` is filled from the text).

        Args:
            edits: spans into the original segment texts.
            includes: per edit, the ids of the queued edits whose written text lies inside its
                span (a re-check edit found with them applied); missing: none.

        Returns:
            the new items' ids, in the order of ``edits``.

        Raises:
            ReviewError: when a span ends past its segment's text.
        """
        new = []
        for n, e in enumerate(edits):
            text = self.doc.segments[e.segment].text
            if e.end > len(text):
                raise ReviewError(
                    self.doc.path, f"edit {e.rule_id} span [{e.start}, {e.end}) outside segment {e.segment}"
                )
            if not e.original:
                e = replace(e, original=text[e.start : e.end])
            digest = self._segment_hashes.get(e.segment)
            if digest is None:  # once per segment: hashing a line of megabytes per edit was quadratic
                digest = self._segment_hashes[e.segment] = _hash(text)
            item = Item(self._next_id, e, edit_key(text, e), digest)
            self._next_id += 1
            self.items[item.id] = item
            self._known.add((e.segment, e.start, e.end, e.rule_id, e.replacement))
            self.place[item.id] = place = (e.segment, e.start, e.end, item.id)
            _insort(self._order, place)
            _insort(self._of_segment.setdefault(e.segment, []), (e.start, e.end, item.id))
            if e.end - e.start > LONG_SPAN:
                _insort(self._long.setdefault(e.segment, []), (e.start, e.end, item.id))
            self.heads[item.id] = entry_head(item)
            self._by_rule[e.rule_id] = self._by_rule.get(e.rule_id, 0) + 1
            if n < len(includes) and includes[n]:
                self._includes[item.id] = includes[n]
                for inner in includes[n]:
                    self._included_in.setdefault(inner, set()).add(item.id)
            new.append(item.id)
        return new

    def __len__(self) -> int:
        return len(self.items)

    @property
    def ordered(self) -> list[int]:
        """Every item id in document order."""
        return [t[3] for t in self._order]

    def known(self, edit: Edit) -> bool:
        """Whether an item with ``edit``'s segment, span, rule and replacement is queued."""
        return (edit.segment, edit.start, edit.end, edit.rule_id, edit.replacement) in self._known

    def items_of_segment(self, segment: int) -> list[int]:
        """The ids of the items of one segment, by start offset."""
        return [t[2] for t in self._of_segment.get(segment, ())]

    def segment_count(self, segment: int) -> int:
        """How many items ``segment`` has."""
        return len(self._of_segment.get(segment, ()))

    def rule_count(self, rule_id: str) -> int:
        """How many items rule ``rule_id`` has."""
        return self._by_rule.get(rule_id, 0)

    def includes(self, item_id: int) -> tuple[int, ...]:
        """The ids of the items whose written text lies inside ``item_id``'s span (a re-check
        edit found with them applied); ``()`` for most."""
        return self._includes.get(item_id, ())

    def included_in(self, item_id: int) -> set[int] | tuple[()]:
        """The ids of the re-check items that include ``item_id`` (see :meth:`includes`)."""
        return self._included_in.get(item_id, ())

    def near(self, segment: int, start: int, end: int) -> list[tuple[int, int, int]]:
        """The items of ``segment`` whose spans meet the closed range ``[start, end]`` of its
        text (character offsets), and perhaps a few more near it, as ``(start, end, id)``.

        Found by bisection: the spans of up to :data:`LONG_SPAN` characters that start in
        ``[start - LONG_SPAN, end]``, and every longer span of the segment; so the cost depends
        on the edits near the range, not on the segment's length or its number of edits.
        """
        spans = self._of_segment.get(segment)
        if not spans:
            return []
        lo = bisect.bisect_left(spans, (start - LONG_SPAN,))
        hi = bisect.bisect_right(spans, (end, float("inf")))
        found = [t for t in spans[lo:hi] if t[1] >= start]
        long = self._long.get(segment)
        if long:
            found += [t for t in long if t[0] < start - LONG_SPAN and t[1] >= start]
        return found
