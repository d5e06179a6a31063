"""What the review shows of its queue: the filter, the rows it keeps, and the cursor.

A :class:`View` is a list of item ids (the queue's document order, filtered) and a cursor
(an index into that list). It does not own the items or the decisions: the caller passes
what a filter needs to read (the items, whether an item is pending).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

from repair.engine import matches_prefix
from repair.review.decisions import ReviewError
from repair.review.index import Item


def parse_filter(query: str) -> list[tuple[str, str]]:
    """Parse a filter query into ``(field, value)`` terms, all of which must match.

    Terms are separated by spaces: ``rule:PREFIX``, ``cat:PREFIX`` (MQM category),
    ``origin:rule|model|manual``, or a bare word that matches a rule-id prefix, a
    category prefix or an origin. ``pending`` keeps only undecided edits.

    Raises:
        ReviewError: on an unknown field name.
    """
    terms = []
    for word in query.split():
        name, sep, value = word.partition(":")
        if not sep:
            terms.append(("pending", "") if word == "pending" else ("any", word))
        elif name in ("rule", "cat", "category", "origin"):
            terms.append(("cat" if name == "category" else name, value))
        else:
            raise ReviewError("filter", f"unknown field '{name}' (use rule:, cat:, origin: or a bare prefix)")
    return terms


def matches(item: Item, terms: Sequence[tuple[str, str]], is_pending: Callable[[int], bool]) -> bool:
    """Whether ``item`` passes every term of :func:`parse_filter`'s ``terms``."""
    e = item.edit
    for name, value in terms:
        if name == "rule" and not matches_prefix(e.rule_id, value):
            return False
        if name == "cat" and not matches_prefix(e.category, value):
            return False
        if name == "origin" and e.origin.value != value:
            return False
        if name == "pending" and not is_pending(item.id):
            return False
        if name == "any" and not (
            matches_prefix(e.rule_id, value) or matches_prefix(e.category, value) or e.origin.value == value
        ):
            return False
    return True


class View:
    """The filtered rows of the queue and the cursor on them.

    Attributes:
        rows: the item ids shown, in document order (a new list after each :meth:`refilter`:
            the screen tells a changed view by identity).
        cursor: the row under the cursor (0 when there are none).
        filter_text: the query as typed (stripped).
    """

    def __init__(self) -> None:
        self.terms: list[tuple[str, str]] = []
        self.filter_text = ""
        self.rows: list[int] = []
        self._pos: dict[int, int] = {}
        self.cursor = 0

    @property
    def pending_only(self) -> bool:
        """Whether the filter keeps only pending edits (decided rows leave the view)."""
        return any(t[0] == "pending" for t in self.terms)

    def set_terms(self, terms: list[tuple[str, str]], text: str) -> None:
        """Use the filter ``terms`` (from :func:`parse_filter` of ``text``); :meth:`refilter` applies them."""
        self.terms = terms
        self.filter_text = text.strip()

    def refilter(self, ordered: Sequence[int], items: Mapping[int, Item], is_pending: Callable[[int], bool]) -> None:
        """Rebuild :attr:`rows` from the queue's ids in document order; the cursor is clamped."""
        terms = self.terms
        self.rows = [i for i in ordered if matches(items[i], terms, is_pending)]
        self._pos = {item_id: n for n, item_id in enumerate(self.rows)}
        self.cursor = min(self.cursor, max(0, len(self.rows) - 1))

    @property
    def current(self) -> int | None:
        """The id under the cursor, or ``None`` when the view is empty."""
        return self.rows[self.cursor] if self.rows else None

    def position(self, item_id: int) -> int | None:
        """The row of ``item_id``, or ``None`` when filtered out."""
        return self._pos.get(item_id)

    def follow(self, item_id: int | None) -> bool:
        """Put the cursor on ``item_id``'s row; returns whether it is in the view."""
        if item_id is not None and item_id in self._pos:
            self.cursor = self._pos[item_id]
            return True
        return False

    def move(self, delta: int) -> None:
        """Move the cursor by ``delta`` rows, clamped to the ends."""
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def goto(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped)."""
        self.cursor = 0
        self.move(index)

    def first_pending(self, start: int, is_pending: Callable[[int], bool]) -> int:
        """The first pending row at or after ``start``, else before it, else ``start`` clamped."""
        rows = self.rows
        n = len(rows)
        for i in itertools.chain(range(start, n), range(0, min(start, n))):  # no list of the whole view
            if is_pending(rows[i]):
                return i
        return max(0, min(start, n - 1))
