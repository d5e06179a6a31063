"""The review state in plain Python: queue, decisions, undo and redo, filter, sidecar, save.

No UI here: the Textual app (:mod:`repair.review.app`), the CLI and the tests drive the
same :class:`ReviewState`.

- The *queue* holds every proposed edit of one document in document order (segment, then
  start offset). Each entry is an :class:`Item` with a stable integer id; edits that arrive
  later (a model) are inserted in order by :meth:`ReviewState.add_edits`.
- A *decision* per item: accept, reject, or rewrite (the person's own text for the span).
  Safe fixes (and with ``unsafe=True`` also unsafe ones) start *pre-accepted*: they are
  applied on save, as ``repair fix`` would, but still count as pending until a person
  confirms or rejects them.
- Every decision (and every undo or redo) is written at once to a JSON *sidecar* next to the
  output (``article.repaired.txt.review.json``), atomically, so that nothing is lost on a
  crash; opening the same file again resumes. A decision is keyed by the rule id, the
  original span text, the proposed replacement and up to :data:`CONTEXT` characters on each
  side of the span, so it survives edits elsewhere in the article (lines added or changed
  elsewhere). A decision whose key matches no current edit is *stale*: it is reported in
  :attr:`ReviewState.stale` and kept in the sidecar, never applied.
- :meth:`ReviewState.recheck` runs the engine (``checker``) again on the corrected text and
  queues the edits that only match once others are applied (``repair fix``'s later rounds),
  mapped back onto the original text; opening re-checks while sidecar decisions are unmatched.
  It checks only the segments whose accepted edits changed since the last re-check (each
  segment keeps a count of such changes), and :meth:`ReviewState.recheck_steps` cuts it into
  steps of a few milliseconds that the screen runs between key presses.
- Saving writes the corrected copy: the original document with the accepted edits applied
  by :func:`repair.engine.apply_to_document`, written by the document's own format, so every
  byte outside the accepted spans is the original's.
"""

from __future__ import annotations

import bisect
import enum
import hashlib
import itertools
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from repair import formats
from repair.document import Document
from repair.edits import Edit, Origin
from repair.engine import Engine, apply_steps, apply_to_document, matches_prefix
from repair.errors import OutputError, RepairError
from repair.fileio import atomic_write, read_bytes
from repair.review.writer import SidecarWriter
from repair.steps import Steps, run_steps

#: Characters of context on each side of a span that, with the rule id and the span text,
#: identify a decision across runs.
CONTEXT = 24
#: Version of the sidecar's JSON layout.
SIDECAR_VERSION = 1
#: Suffix added to the output path to name the sidecar.
SIDECAR_SUFFIX = ".review.json"
#: Re-check rounds run on opening to find again the edits that sidecar decisions were taken on.
RESUME_ROUNDS = 3

#: JSON of one sidecar entry (one encoder for all: ``json.dumps`` with options makes one per call).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode

#: Found edits mapped back onto the original text per step of a re-check.
MAP_STEP = 400
#: New edits queued per step of a re-check (about 2 ms).
ADD_STEP = 200
#: Queued edits looked at per step of a re-check's collection of the accepted ones (about 2 ms).
COLLECT_STEP = 2000
#: Spans longer than this (characters) are kept apart per segment: the overlap tests look at
#: them all, and at the others only in a window this wide before a span (see
#: :meth:`ReviewState.near`), so a line of megabytes with thousands of edits stays linear.
LONG_SPAN = 256


@dataclass(frozen=True)
class Recheck:
    """What a re-check (:meth:`ReviewState.recheck_steps`) came to.

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


@dataclass(frozen=True, slots=True)
class EditKey:
    """What identifies an edit across runs: rule, span text, proposal and context.

    ``before``/``after`` are up to :data:`CONTEXT` characters of the segment around the span.
    """

    rule_id: str
    original: str
    replacement: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of the queue.

    Attributes:
        id: stable id within this state (insertion order; not document order).
        edit: the proposed edit (span into the original text of ``edit.segment``).
        key: the sidecar key of the edit.
        segment_hash: first 16 hex digits of the SHA-256 of the segment's text.
    """

    id: int
    edit: Edit
    key: EditKey
    segment_hash: str


def sidecar_path(output: str | Path) -> Path:
    """``dir/article.repaired.txt`` -> ``dir/article.repaired.txt.review.json``."""
    output = Path(output)
    return output.with_name(output.name + SIDECAR_SUFFIX)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def file_digest(path: str | Path) -> str | None:
    """SHA-256 (hex) of a file's bytes; ``None`` when there is no such file or it cannot be read."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def _applies(verdict: Verdict | None) -> tuple | None:
    """What a verdict makes save write over its span: ``None`` (the original), the proposal, or
    a rewrite's text; two verdicts with the same value write the same."""
    if verdict is None or verdict.decision is Decision.REJECT:
        return None
    return (verdict.text,) if verdict.decision is Decision.REWRITE else ()


def _encodable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (JSON lets lone surrogates through)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _entry(head: str, v: Verdict) -> str:
    """The JSON of one decision in the sidecar: the edit's part (:func:`_entry_head`) and the verdict."""
    text = f', "text": {_ENCODE(v.text)}' if v.decision is Decision.REWRITE else ""
    return f'{head}, "decision": "{v.decision.value}"{text}}}'


def _entry_head(item: Item) -> str:
    """The JSON of an item's sidecar entry without its decision and closing brace:
    ``{"rule": ..., "original": ..., "replacement": ..., "before": ..., "after": ...,
    "segment": n, "segment_hash": ...``."""
    k = item.key
    return _ENCODE({"rule": k.rule_id, "original": k.original, "replacement": k.replacement, "before": k.before,
                    "after": k.after, "segment": item.edit.segment, "segment_hash": item.segment_hash})[:-1]


def edit_key(text: str, edit: Edit) -> EditKey:
    """The sidecar key of ``edit``, whose span points into the segment text ``text``."""
    return EditKey(
        edit.rule_id,
        text[edit.start:edit.end],
        edit.replacement,
        text[max(0, edit.start - CONTEXT):edit.start],
        text[edit.end:edit.end + CONTEXT],
    )


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


class ReviewState:
    """The review of one document: queue, decisions, undo/redo, filter, sidecar and save.

    Args:
        doc: the document as read (never modified).
        edits: the proposed edits (spans into ``doc``'s segment texts), any order.
        output: where :meth:`save` writes the corrected copy.
        unsafe: pre-accept unsafe fixes too (safe fixes are always pre-accepted).
        sidecar: the sidecar path (default: :func:`sidecar_path` of ``output``); ``None``
            with ``persist=False`` keeps decisions in memory only.
        persist: write the sidecar after every decision and read it on creation.
        mode_from: copy permission bits from this file when saving (the input).
        checker: the engine whose ``check`` of ``doc`` found the rule edits among ``edits``;
            with it :meth:`recheck` finds the edits that only apply once the accepted ones
            are (``repair fix``'s later rounds), and opening runs it again (up to
            :data:`RESUME_ROUNDS` times) while sidecar decisions are left unmatched, so
            decisions on such edits resume too.

    Raises:
        ReviewError: when an existing sidecar is not valid JSON of the expected layout.
    """

    def __init__(
        self,
        doc: Document,
        edits: Iterable[Edit],
        output: str | Path,
        unsafe: bool = False,
        sidecar: str | Path | None = None,
        persist: bool = True,
        mode_from: str | Path | None = None,
        checker: Engine | None = None,
        input_digest: str | None = None,
    ) -> None:
        self.doc = doc
        self.output = Path(output)
        self.sidecar = Path(sidecar) if sidecar is not None else sidecar_path(self.output)
        self.persist = persist
        self.mode_from = mode_from
        self.checker = checker
        #: SHA-256 (hex) of the input's bytes as read; save refuses when the file differs.
        self.input_digest = input_digest
        #: whether unsafe fixes are pre-accepted (``--unsafe-fixes``); safe ones always are
        self.unsafe = unsafe
        self.items: dict[int, Item] = {}
        self._order: list[tuple[int, int, int, int]] = []  # (segment, start, end, id), sorted
        self._of_segment: dict[int, list[tuple[int, int, int]]] = {}  # segment -> (start, end, id), sorted
        self._long: dict[int, list[tuple[int, int, int]]] = {}  # segment -> those of its spans over LONG_SPAN
        self._known: set[tuple] = set()  # (segment, start, end, rule id, replacement) of every item
        self._segment_hashes: dict[int, str] = {}  # segment -> _hash of its text (computed once)
        self._decided_in: dict[int, int] = {}  # segment -> items a person decided on in it
        self._place: dict[int, tuple[int, int, int, int]] = {}  # id -> its entry of _order
        self._verdicts: dict[int, Verdict] = {}
        self._heads: dict[int, str] = {}  # id -> its sidecar entry's JSON up to the decision
        self._decided: set[int] = set()  # ids a person decided on (not pre-accepted)
        self._by_rule: dict[str, int] = {}  # rule id -> number of items
        self._decided_by_rule: dict[str, int] = {}  # rule id -> number decided by a person
        self._undo: list[list[tuple[int, Verdict | None, Verdict | None]]] = []
        self._redo: list[list[tuple[int, Verdict | None, Verdict | None]]] = []
        self._unmatched: list[dict] = []  # sidecar decisions not matched (yet) to an edit
        # re-check edits whose span holds the text of accepted edits: outer id -> inner ids
        self._includes: dict[int, tuple[int, ...]] = {}
        self._included_in: dict[int, set[int]] = {}  # inner id -> outer ids
        self._filter: list[tuple[str, str]] = []
        self.filter_text = ""
        self.view: list[int] = []
        self.cursor = 0
        self.dirty = False
        #: Why the sidecar could not be written last time (``None`` when it was): decisions
        #: are then only in memory.
        self.sidecar_error: str | None = None
        #: Whether a re-check has run: recorded in the sidecar, so that opening runs it again.
        self.rechecked = False
        #: Writes the sidecar off the caller's thread when set (the app sets one); ``None``:
        #: each decision writes it before it returns.
        self.writer: SidecarWriter | None = None
        self._next_id = 0
        # per segment, a count of the changes to what save applies in it (absent: 0); for the
        # re-check, the count its text was last checked at (absent: 0, the original text, which
        # the queue's edits come from) and the kinds' document states of that check
        self._version: dict[int, int] = {}
        self._checked_version: dict[int, int] = {}
        self._check_states: list | None = None
        self._add(edits)
        rechecked = False
        if persist:
            self._unmatched, rechecked = self._read_sidecar()
            self._match_unmatched(list(self.items))
        self._refilter()
        for _ in range(RESUME_ROUNDS if checker is not None else 0):
            if not (self._unmatched or rechecked) or not self.recheck()[0]:
                break
        #: SHA-256 (hex) of the output as this review last saw it (``None``: no file);
        #: save refuses to write over a copy that another program wrote since.
        self.output_digest = file_digest(self.output)
        # unsaved: the saved copy differs from what save would write (opening re-checks may
        # pre-accept fixes it lacks); with no copy yet, when a person decided something
        if self.output.exists():
            self.dirty = not self._output_matches()
        else:
            self.dirty = any(not v.auto for v in self._verdicts.values())
        self.cursor = self._first_pending(0)

    # ----- queue -----------------------------------------------------------------------

    def _add(self, edits: Iterable[Edit], includes: Sequence[tuple[int, ...]] = ()) -> list[int]:
        new = []
        for n, e in enumerate(edits):
            text = self.doc.segments[e.segment].text
            if e.end > len(text):
                raise ReviewError(self.doc.path, f"edit {e.rule_id} span [{e.start}, {e.end}) outside segment {e.segment}")
            if not e.original:
                e = replace(e, original=text[e.start:e.end])
            digest = self._segment_hashes.get(e.segment)
            if digest is None:  # once per segment: hashing a line of megabytes per edit was quadratic
                digest = self._segment_hashes[e.segment] = _hash(text)
            item = Item(self._next_id, e, edit_key(text, e), digest)
            self._next_id += 1
            self.items[item.id] = item
            self._known.add((e.segment, e.start, e.end, e.rule_id, e.replacement))
            self._place[item.id] = place = (e.segment, e.start, e.end, item.id)
            _insort(self._order, place)
            _insort(self._of_segment.setdefault(e.segment, []), (e.start, e.end, item.id))
            if e.end - e.start > LONG_SPAN:
                _insort(self._long.setdefault(e.segment, []), (e.start, e.end, item.id))
            self._heads[item.id] = _entry_head(item)
            self._by_rule[e.rule_id] = self._by_rule.get(e.rule_id, 0) + 1
            if n < len(includes) and includes[n]:
                self._includes[item.id] = includes[n]
                for inner in includes[n]:
                    self._included_in.setdefault(inner, set()).add(item.id)
            if e.applicability.applies(self.unsafe) and e.replacement != e.original and self._may_pre_accept(item.id):
                self._set(item.id, Verdict(Decision.ACCEPT, auto=True))
            new.append(item.id)
        return new

    def _may_pre_accept(self, item_id: int) -> bool:
        """Whether a fix may start pre-accepted: not when it overlaps an accepted edit (other
        than those it includes) or an edit a person rejected. A re-check can find, over text a
        person turned down, the same fix again on a longer span; it waits for the person."""
        e = self.items[item_id].edit
        if self._conflict(item_id) is not None:
            return False
        return not any(other != item_id and (v := self._verdicts.get(other)) is not None
                       and v.decision is Decision.REJECT and self.items[other].edit.overlaps(e)
                       for _, _, other in self.near(e.segment, e.start, e.end))

    def add_edits(self, edits: Iterable[Edit]) -> list[int]:
        """Add edits that arrive while reviewing (e.g. from a model), in document order.

        Sidecar decisions not matched so far are matched against them. The filter is
        applied again; the cursor stays on the same item. When a new edit comes with a
        decision (pre-accepted by its tier, or resumed from the sidecar) that the saved copy
        does not hold yet, the review becomes unsaved.

        Returns:
            the ids of the new items.

        Raises:
            ReviewError: when an edit's span lies outside its segment.
        """
        current = self.current
        new = self._add(edits)
        self._match_unmatched(new)
        if not self.dirty and any(self._verdicts.get(i) is not None for i in new) and not self._output_matches():
            self.dirty = True
        self._refilter()
        if current is not None and current.id in self._pos:
            self.cursor = self._pos[current.id]
        return new

    @property
    def ordered(self) -> list[int]:
        """Every item id in document order."""
        return [t[3] for t in self._order]

    def items_of_segment(self, segment: int) -> list[int]:
        """The ids of the items of one segment, by start offset."""
        return [t[2] for t in self._of_segment.get(segment, ())]

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

    def segment_pending(self, segment: int) -> bool:
        """Whether ``segment`` has an edit no person has decided on yet."""
        return len(self._of_segment.get(segment, ())) > self._decided_in.get(segment, 0)

    def _matches(self, item: Item) -> bool:
        e = item.edit
        for name, value in self._filter:
            if name == "rule" and not matches_prefix(e.rule_id, value):
                return False
            if name == "cat" and not matches_prefix(e.category, value):
                return False
            if name == "origin" and e.origin.value != value:
                return False
            if name == "pending" and not self.is_pending(item.id):
                return False
            if name == "any" and not (
                matches_prefix(e.rule_id, value) or matches_prefix(e.category, value) or e.origin.value == value
            ):
                return False
        return True

    def _refilter(self) -> None:
        self.view = [i for i in self.ordered if self._matches(self.items[i])]
        self._pos = {item_id: n for n, item_id in enumerate(self.view)}
        self.cursor = min(self.cursor, max(0, len(self.view) - 1))

    def set_filter(self, query: str) -> None:
        """Show only the edits matching ``query`` (see :func:`parse_filter`; '' shows all).

        The cursor moves to the first pending edit of the new view (or its first edit).

        Raises:
            ReviewError: on a malformed query (the old filter stays).
        """
        terms = parse_filter(query)
        current = self.current
        self._filter = terms
        self.filter_text = query.strip()
        self._refilter()
        if current is not None and current.id in self._pos:
            self.cursor = self._pos[current.id]
        else:
            self.cursor = self._first_pending(0)

    @property
    def current(self) -> Item | None:
        """The item under the cursor, or ``None`` when the view is empty."""
        return self.items[self.view[self.cursor]] if self.view else None

    def position(self, item_id: int) -> int | None:
        """The index of ``item_id`` in the current view, or ``None`` when filtered out."""
        return self._pos.get(item_id)

    def move(self, delta: int) -> None:
        """Move the cursor by ``delta`` rows of the view, clamped to its ends."""
        if self.view:
            self.cursor = max(0, min(len(self.view) - 1, self.cursor + delta))

    def goto(self, index: int) -> None:
        """Put the cursor on row ``index`` of the view (clamped)."""
        self.cursor = 0
        self.move(index)

    def _first_pending(self, start: int) -> int:
        """The first pending row at or after ``start``, else before it, else ``start`` clamped."""
        n = len(self.view)
        for i in itertools.chain(range(start, n), range(0, min(start, n))):  # no list of the whole view
            if self.is_pending(self.view[i]):
                return i
        return max(0, min(start, n - 1))

    # ----- decisions -------------------------------------------------------------------

    def verdict(self, item_id: int) -> Verdict | None:
        """The decision on ``item_id`` (pre-accepted ones have ``auto=True``), or ``None``."""
        return self._verdicts.get(item_id)

    def is_pending(self, item_id: int) -> bool:
        """Whether no person has decided on ``item_id`` yet (pre-accepted ones are pending)."""
        v = self._verdicts.get(item_id)
        return v is None or v.auto

    @property
    def pending_count(self) -> int:
        """Items no person has decided on yet."""
        return len(self.items) - len(self._decided)

    @property
    def can_undo(self) -> bool:
        """Whether there is a decision to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone decision to redo."""
        return bool(self._redo)

    def applied_edit(self, item_id: int) -> Edit | None:
        """The edit as it will be applied (a rewrite as a manual edit), or ``None`` if not accepted."""
        v = self._verdicts.get(item_id)
        e = self.items[item_id].edit
        if v is None or v.decision is Decision.REJECT:
            return None
        if v.decision is Decision.REWRITE:
            return replace(e, replacement=v.text or "", origin=Origin.MANUAL, rule_id="manual")
        return e

    def _conflict(self, item_id: int, also: frozenset[int] | set[int] = frozenset()) -> Item | None:
        """The accepted item (or one of ``also``, being accepted with it) that overlaps ``item_id``."""
        e = self.items[item_id].edit
        inner, outer = self._includes.get(item_id, ()), self._included_in.get(item_id, ())
        for start, end, other in self.near(e.segment, e.start, e.end):
            if other == item_id or start > e.end or end < e.start or other in inner or other in outer:
                continue  # elsewhere, or nested: the outer edit's text includes the inner one's and wins
            if (other in also or self.applied_edit(other) is not None) and self.items[other].edit.overlaps(e):
                return self.items[other]
        return None

    def _check_apply(self, item_id: int, verdict: Verdict, also: frozenset[int] | set[int] = frozenset()) -> None:
        """Raise when ``verdict`` cannot be taken on ``item_id`` (``also``: ids accepted with it)."""
        if verdict.decision is Decision.REJECT:
            return
        e = self.items[item_id].edit
        if verdict.decision is Decision.ACCEPT and e.replacement == e.original:
            raise ReviewError(self.doc.path, f"{e.rule_id} proposes no fix here: press e to rewrite it by hand")
        other = self._conflict(item_id, also)
        if other is not None:
            raise ReviewError(self.doc.path, f"overlaps the accepted edit of {other.edit.rule_id}: reject or undo that first")

    def _commit(self, changes: list[tuple[int, Verdict | None, Verdict | None]]) -> list[int]:
        changes = [c for c in changes if c[1] != c[2]]
        if not changes:
            return []
        for item_id, _old, new in changes:
            self._set(item_id, new)
        self._undo.append(changes)
        self._redo.clear()
        self._after_change()
        return [c[0] for c in changes]

    def _set(self, item_id: int, verdict: Verdict | None) -> None:
        old = self._verdicts.get(item_id)
        if old is verdict:
            return
        if _applies(verdict) != _applies(old):
            segment = self.items[item_id].edit.segment  # what save writes in it changes
            self._version[segment] = self._version.get(segment, 0) + 1
        if verdict is None:
            del self._verdicts[item_id]
        else:
            self._verdicts[item_id] = verdict
        decided = verdict is not None and not verdict.auto
        if decided != (old is not None and not old.auto):
            edit = self.items[item_id].edit
            self._decided_by_rule[edit.rule_id] = self._decided_by_rule.get(edit.rule_id, 0) + (1 if decided else -1)
            self._decided_in[edit.segment] = self._decided_in.get(edit.segment, 0) + (1 if decided else -1)
            (self._decided.add if decided else self._decided.discard)(item_id)

    def _after_change(self) -> None:
        self.dirty = True
        self._keep()

    def _keep(self) -> None:
        """Write the sidecar (through :attr:`writer` when there is one). A failure does not undo
        the decision: it is kept in :attr:`sidecar_error` for the screen to show, and cleared by
        the next write that works."""
        if self.writer is not None:
            if self.persist:
                self.writer.put(self, self.sidecar, self._sidecar_snapshot())
            return
        try:
            self.write_sidecar()
        except OutputError as exc:
            self.sidecar_error = str(exc)
        else:
            self.sidecar_error = None

    def _decide(self, verdict: Verdict, advance: bool, item_id: int | None = None) -> list[int]:
        if item_id is not None:
            if item_id not in self.items:
                raise ReviewError(self.doc.path, f"no edit {item_id} to decide on")
            if item_id in self._pos:
                self.cursor = self._pos[item_id]  # decide (and advance) from that row
        item = self.current if item_id is None else self.items[item_id]
        if item is None:
            raise ReviewError(self.doc.path, "no edit to decide on")
        self._check_apply(item.id, verdict)
        old = self._verdicts.get(item.id)
        changed = self._commit([(item.id, old, verdict)] + self._outer_changes(item.id, old, verdict))
        if self._pending_filter():
            self._refilter()  # the decided row left the view: the cursor is on the next one
            if advance:
                self.cursor = self._first_pending(self.cursor)
        elif advance:
            self.cursor = self._first_pending(min(self.cursor + 1, len(self.view) - 1) if self.view else 0)
        return changed or [item.id]

    def _outer_changes(self, item_id: int, old: Verdict | None, new: Verdict | None,
                       skip: set[int] | frozenset[int] = frozenset()) -> list[tuple[int, Verdict | None, Verdict | None]]:
        """What goes with changing ``item_id``'s decision from ``old`` to ``new``: a re-check
        edit that includes it (its text was found with ``item_id``'s fix applied) and was only
        pre-accepted goes back to pending when what ``item_id`` writes changes, so the decision
        shows in the saved copy. Edits in ``skip`` (changed with it) are left alone.

        Raises:
            ReviewError: when such an edit was accepted by a person (it would hide the decision).
        """
        if _applies(new) == _applies(old):
            return []
        out = []
        for outer in sorted(self._included_in.get(item_id, ())):
            v = self._verdicts.get(outer)
            if outer in skip or _applies(v) is None:
                continue
            if not v.auto:
                raise ReviewError(self.doc.path, f"inside the accepted edit of {self.items[outer].edit.rule_id}:"
                                                 f" reject or undo that first")
            out.append((outer, v, None))
        return out

    def _pending_filter(self) -> bool:
        return any(t[0] == "pending" for t in self._filter)

    @property
    def pending_only(self) -> bool:
        """Whether the filter keeps only pending edits (decided rows leave the view)."""
        return self._pending_filter()

    def accept(self, advance: bool = True) -> list[int]:
        """Accept the edit under the cursor, then move to the next pending edit.

        Returns:
            the ids whose decision changed.

        Raises:
            ReviewError: when the view is empty, the edit proposes no change (a
                display-only finding: rewrite it instead) or it overlaps an accepted edit.
        """
        return self._decide(Verdict(Decision.ACCEPT), advance)

    def reject(self, advance: bool = True) -> list[int]:
        """Reject the edit under the cursor, then move to the next pending edit.

        Raises:
            ReviewError: when the view is empty.
        """
        return self._decide(Verdict(Decision.REJECT), advance)

    def rewrite(self, text: str, advance: bool = True, item_id: int | None = None) -> list[int]:
        """Replace the span of an edit by ``text`` (the person's own words).

        Args:
            text: the new text of the span ('' deletes it).
            advance: move on to the next pending edit.
            item_id: the edit (default: the one under the cursor). The screen passes the one
                its editor was opened on: the cursor may move while the person types (a
                re-check ending puts it on the first new edit).

        Raises:
            ReviewError: when there is no such edit or the span overlaps another accepted edit.
        """
        return self._decide(Verdict(Decision.REWRITE, text), advance, item_id)

    def _bulk(self, verdict: Verdict) -> list[int]:
        item = self.current
        if item is None:
            raise ReviewError(self.doc.path, "no edit to decide on")
        rule = item.edit.rule_id
        changes = []
        taken: set[int] = set()  # accepted here, so later edits of the rule see them as accepted
        for _, _, _, item_id in self._order:
            if self.items[item_id].edit.rule_id != rule:
                continue
            old = self._verdicts.get(item_id)
            if old is not None and not old.auto:
                continue  # decided by a person
            if old is None or verdict.decision is not Decision.ACCEPT:  # a confirmed fix is applied already
                try:
                    self._check_apply(item_id, verdict, taken)
                    outers = self._outer_changes(item_id, old, verdict)
                except ReviewError:
                    continue  # no fix, overlapping an accepted edit, inside a person's: left pending
                changes += outers
            changes.append((item_id, old, verdict))
            if verdict.decision is not Decision.REJECT:
                taken.add(item_id)
        changed = self._commit(changes)
        if self._pending_filter():
            self._refilter()
        self.cursor = self._first_pending(self.cursor)
        return changed

    def accept_rule(self) -> list[int]:
        """Accept every pending edit of the current edit's rule (all of the document's).

        Edits without a fix, or overlapping an accepted edit, stay pending.

        Returns:
            the ids whose decision changed (one undo step undoes them all).
        """
        return self._bulk(Verdict(Decision.ACCEPT))

    def reject_rule(self) -> list[int]:
        """Reject every pending edit of the current edit's rule; see :meth:`accept_rule`."""
        return self._bulk(Verdict(Decision.REJECT))

    def has_pending_of_rule(self) -> bool:
        """Whether the current edit's rule has pending edits (for the bulk keys)."""
        item = self.current
        if item is None:
            return False
        rule = item.edit.rule_id
        return self._by_rule[rule] > self._decided_by_rule.get(rule, 0)

    def _step(self, source: list, target: list, index: int) -> list[int]:
        if not source:
            return []
        changes = source.pop()
        back = 3 - index  # the side of each change that the step leaves
        for change in changes:
            self._set(change[0], change[index])
        # A decision restored here can overlap a fix that a re-check pre-accepted since, or
        # change what a pre-accepted re-check edit that includes it was built on: such a fix
        # goes back to pending, in the same step; a person's refuses the step.
        extra: list[tuple[int, Verdict | None, Verdict | None]] = []
        stepped = {c[0] for c in changes}

        def release(item_id: int, v: Verdict) -> None:
            extra.append((item_id, None, v) if index == 1 else (item_id, v, None))
            self._set(item_id, None)

        try:
            for change in changes:
                if _applies(change[index]) == _applies(change[back]):
                    continue  # writes the same as before the step (a confirmed fix)
                for outer, v, _ in self._outer_changes(change[0], change[back], change[index], stepped):
                    release(outer, v)
                if _applies(change[index]) is None:
                    continue
                while (other := self._conflict(change[0])) is not None:
                    v = self._verdicts.get(other.id)
                    if v is None or not v.auto:
                        raise ReviewError(self.doc.path, f"{'undo' if index == 1 else 'redo'} would overlap the"
                                                         f" accepted edit of {other.edit.rule_id}: reject that first")
                    release(other.id, v)
        except ReviewError:
            for item_id, old, new in reversed(extra):
                self._set(item_id, new if index == 1 else old)
            for change in changes:
                self._set(change[0], change[back])
            source.append(changes)
            raise
        target.append(changes + extra)
        self._after_change()
        if self._pending_filter():
            self._refilter()
        first = changes[0][0]
        if first in self._pos:
            self.cursor = self._pos[first]
        return [c[0] for c in changes + extra]

    def undo(self) -> list[int]:
        """Undo the last decision (a bulk decision as one step); the cursor returns to it.

        A decision it brings back that overlaps a fix pre-accepted since (by a re-check), or
        that changes what a pre-accepted re-check edit including it was built on, puts that
        fix back to pending, in the same step.

        Returns:
            the ids whose decision changed ([] when there is nothing to undo).

        Raises:
            ReviewError: when a decision it brings back would overlap an edit a person
                accepted, or lie inside one; nothing changes.
        """
        return self._step(self._undo, self._redo, 1)

    def redo(self) -> list[int]:
        """Redo the last undone decision; see :meth:`undo`."""
        return self._step(self._redo, self._undo, 2)

    # ----- re-check --------------------------------------------------------------------

    def recheck(self, full: bool = False) -> tuple[list[int], int]:
        """Check the corrected text again and queue the edits that are new there.

        Some edits only match once others are applied (``repair fix`` runs rounds for
        them): e.g. ``Xi Jinping ’s socialist thinking`` is only recognised as the official
        name of the theory once the space before the possessive is gone. This applies the
        accepted edits (as :meth:`save` would), runs :attr:`checker` on the result and maps
        every edit found back onto the original text (a shift by the applied edits before
        it); new ones are queued like any other edit (safe fixes pre-accepted), so save,
        undo and the sidecar treat them as usual. Edits already in the queue (the rejected
        and pending ones are found again) are skipped, and so are edits whose span touches
        text that an applied edit wrote: they cannot be expressed on the original text
        without overlapping that edit (run ``repair check`` on the saved copy for those).

        Only the segments whose accepted edits changed since the last re-check (since
        opening, for the first: the queue holds what ``checker`` found on the original text)
        are checked again, unless the document-level context changed (see
        :meth:`repair.engine.Engine.check_steps`); ``full`` checks every segment.

        A queued re-check edit stays when the decision it depended on is undone later: it is
        still a well-defined change of the original text, to accept or reject.

        Returns:
            ``(new ids, skipped)``: the ids of the queued edits, and how many edits were not
            offered because they touch text written by an applied edit.

        Raises:
            ReviewError: when the state has no checker.
        """
        done = run_steps(self.recheck_steps(full))
        return done.ids, done.skipped

    def recheck_steps(self, full: bool = False) -> Steps["Recheck"]:
        """:meth:`recheck` cut into steps of a few milliseconds, for the screen to run between
        key presses (each step yields a line of progress; see :func:`repair.steps.run_steps`).

        Decisions may change between the steps. A segment whose accepted edits changed
        while it was being checked gets none of the edits found in it (they were found in
        text it no longer has); it is counted in :attr:`Recheck.outdated` and checked by the
        next re-check.

        Raises:
            ReviewError: at once, when the state has no checker.
        """
        if self.checker is None:
            raise ReviewError(self.doc.path, "no checker: re-checking needs the engine")
        return self._recheck_steps(self.checker, full)

    def _recheck_steps(self, engine: Engine, full: bool) -> Steps[Recheck]:
        # A segment decided on from here on changes its version: what is found in it is dropped.
        versions = dict(self._version)
        changed = None if full else [i for i, v in versions.items() if v != self._checked_version.get(i, 0)]
        accepted: list[Edit] = []
        accepted_ids: dict[tuple[int, int, int], int] = {}
        for n, i in enumerate(self.ordered, 1):
            if (e := self._saved_edit(i)) is not None:
                accepted.append(e)
                accepted_ids[(e.segment, e.start, e.end)] = i
            if n % COLLECT_STEP == 0:
                yield f"collecting the accepted edits ({n}/{len(self.items)})"
        yield "collecting the accepted edits"
        corrected, applied = yield from apply_steps(self.doc, accepted)
        by_segment: dict[int, list[Edit]] = {}
        for a in applied:
            by_segment.setdefault(a.segment, []).append(a)
        previous = self._check_states
        if previous is None:  # the context the queue's edits were found in: the original text's
            previous = (yield from engine.check_steps(self.doc, [])).states
        run = yield from engine.check_steps(corrected, changed, previous)
        found: list[tuple[Edit, tuple[int, ...]]] = []
        skipped = 0
        indexes: dict[int, _Applied] = {}
        for n, e in enumerate(run.edits, 1):
            if n % MAP_STEP == 0:
                yield f"mapping {n}/{len(run.edits)} edits onto the original text"
            index = indexes.get(e.segment)
            if index is None:
                index = indexes[e.segment] = _Applied(sorted(by_segment.get(e.segment, []), key=lambda a: a.start))
            moved = index.map_back(e)
            if moved is None:
                skipped += 1
                continue
            mapped, inside = moved
            text = self.doc.segments[e.segment].text
            rebuilt, pos = [], mapped.start  # the original span with the applied edits inside it
            for a in inside:
                rebuilt += [text[pos:a.start], a.replacement]
                pos = a.end
            rebuilt.append(text[pos:mapped.end])
            if "".join(rebuilt) != corrected.segments[e.segment].text[e.start:e.end]:
                skipped += 1  # cannot happen for edits of the corrected text; kept as a guard
                continue
            found.append((replace(mapped, original=text[mapped.start:mapped.end]),
                          tuple(accepted_ids[(a.segment, a.start, a.end)] for a in inside)))
        # Queue what is new, a batch per step. A segment decided on since its text was taken
        # (decisions go on between the steps) gets none: it was checked in text it no longer has.
        ids: list[int] = []
        outdated: set[int] = set()
        ours: dict[int, int] = {}  # segment -> its version after this re-check's own pre-accepted edits

        def decided_meanwhile(segment: int) -> bool:
            return self._version.get(segment, 0) not in (versions.get(segment, 0), ours.get(segment))

        for start in range(0, len(found), ADD_STEP):
            if start:
                yield f"queueing {start}/{len(found)} edits"
            batch = found[start:start + ADD_STEP]
            known = self._known  # the queue's, as it is now
            new: list[Edit] = []
            includes: list[tuple[int, ...]] = []
            batch_keys: set[tuple] = set()
            for mapped, inner in batch:
                key = (mapped.segment, mapped.start, mapped.end, mapped.rule_id, mapped.replacement)
                if decided_meanwhile(mapped.segment):
                    outdated.add(mapped.segment)
                elif key not in known and key not in batch_keys:
                    batch_keys.add(key)
                    new.append(mapped)
                    includes.append(inner)
            ids += self._add(new, includes)
            ours.update((e.segment, self._version.get(e.segment, 0)) for e in new)
        checked = range(len(self.doc.segments)) if run.checked is None else run.checked
        for i in checked:
            if self._version.get(i, 0) == versions.get(i, 0):
                self._checked_version[i] = versions.get(i, 0)
            elif decided_meanwhile(i):
                outdated.add(i)
            # else: changed only by the fixes queued here, pre-accepted: the next re-check checks it
        self._check_states = run.states
        first, self.rechecked = not self.rechecked, True
        if ids and first:
            self._keep()  # recorded: opening runs the re-check again, so that its fixes are there
        if ids:
            self._match_unmatched(ids)
            current = self.current  # the view is the old one until here: the cursor stays on its edit
            self._refilter()
            if current is not None and current.id in self._pos:
                self.cursor = self._pos[current.id]
            if any(self._verdicts.get(i) is not None for i in ids):
                self.dirty = True  # a pre-accepted or resumed new fix changes what save writes
        return Recheck(ids, skipped, len(outdated), len(checked))

    # ----- result ----------------------------------------------------------------------

    def accepted_edits(self) -> list[Edit]:
        """The edits that save applies, in document order (rewrites as manual edits).

        An accepted edit inside the span of an accepted re-check edit that includes it (see
        :meth:`recheck`) is left out: the outer edit's text already holds its change.
        """
        return [e for i in self.ordered if (e := self._saved_edit(i)) is not None]

    def _saved_edit(self, item_id: int) -> Edit | None:
        """The edit of ``item_id`` as save applies it (see :meth:`accepted_edits`), or ``None``."""
        e = self.applied_edit(item_id)
        if e is None or any(self.applied_edit(o) is not None for o in self._included_in.get(item_id, ())):
            return None
        return e

    def corrected(self) -> Document:
        """The original document with the accepted edits applied."""
        doc, _ = apply_to_document(self.doc, self.accepted_edits())
        return doc

    def corrected_bytes(self) -> bytes:
        """The corrected copy as its format writes it (same encoding and line endings)."""
        return formats.write_bytes(self.corrected())

    def _output_matches(self) -> bool:
        try:
            return self.output.exists() and self.output.read_bytes() == self.corrected_bytes()
        except OSError:
            return False

    def check_unchanged(self) -> None:
        """Refuse when the input or the output changed on disk since this review read them.

        The corrected copy is the input *as read* with the accepted edits applied: written
        after the input changed (``repair fix --in-place`` while the review is open), it
        would silently undo that change. A copy another program wrote since the review
        opened it (or last saved it) would be silently lost; one moved away is not.

        Raises:
            ReviewError: naming the file that changed and what to do.
        """
        if self.input_digest is not None:
            now = file_digest(self.doc.path)
            if now != self.input_digest:
                what = "changed on disk" if now is not None else "is gone or unreadable"
                raise ReviewError(self.doc.path, f"{what} since the review opened it (another program wrote it, e.g."
                                                 f" `repair fix --in-place`); not saved: quit and run `repair review`"
                                                 f" again to review the file as it is now (your decisions are kept"
                                                 f" in {self.sidecar.name})")
        if (now := file_digest(self.output)) is not None and now != self.output_digest:  # gone: nothing to lose
            raise ReviewError(str(self.output), "changed on disk since this review opened or saved it (another program"
                                                " wrote it); not saved: move it away, or quit and run `repair review`"
                                                f" again (your decisions are kept in {self.sidecar.name})")

    def save(self) -> Path:
        """Write the corrected copy to :attr:`output` atomically; returns its path.

        Raises:
            ReviewError: when the input or the output changed on disk since the review read
                them (see :meth:`check_unchanged`); nothing is written.
            OutputError: when the file cannot be written.
        """
        self.check_unchanged()
        data = self.corrected_bytes()
        atomic_write(self.output, data, mode_from=self.mode_from)
        self.output_digest = hashlib.sha256(data).hexdigest()
        self.dirty = False
        self._keep()
        return self.output

    # ----- sidecar ---------------------------------------------------------------------

    @property
    def stale(self) -> list[dict]:
        """Sidecar decisions that match no current edit (kept in the sidecar, not applied)."""
        return list(self._unmatched)

    def sidecar_data(self) -> dict:
        """The sidecar as a JSON-ready dict: every decision a person took, plus stale ones."""
        return json.loads(self.sidecar_text())

    def sidecar_text(self) -> str:
        """The sidecar as written: :meth:`sidecar_data` as JSON, one decision per line, in
        document order."""
        return self._sidecar_snapshot()()

    def _sidecar_snapshot(self) -> Callable[[], str]:
        """What the sidecar holds now, taken in a moment (no encoding, no sorting), as a
        function that makes its text, on any thread (:class:`SidecarWriter` calls it on its own).

        Each edit's part of its entry is encoded once, when it joins the queue (encoding 5,000
        entries took 30-45 ms), and the parts it reads never change.
        """
        head = {"version": SIDECAR_VERSION, "input": self.doc.path, "output": str(self.output), "saved": not self.dirty,
                "rechecked": self.rechecked}
        decided = [(i, self._verdicts[i]) for i in self._decided]
        stale = list(self._unmatched)
        heads, place = self._heads, self._place

        def text() -> str:
            decided.sort(key=lambda d: place[d[0]])
            lines = ",\n".join(_entry(heads[i], v) for i, v in decided)
            stale_lines = ",\n".join(_ENCODE(e) for e in stale)
            return f'{_ENCODE(head)[:-1]},\n"decisions": [\n{lines}\n],\n"stale": [\n{stale_lines}\n]}}\n'

        return text

    def write_sidecar(self) -> None:
        """Write the sidecar (:meth:`sidecar_text`) atomically; nothing when ``persist`` is off.

        Raises:
            OutputError: when it cannot be written.
        """
        if self.persist:
            atomic_write(self.sidecar, self.sidecar_text().encode("utf-8"))

    def _read_sidecar(self) -> tuple[list[dict], bool]:
        """The sidecar's decisions (stale ones too) and whether a re-check had run."""
        if not self.sidecar.exists():
            return [], False
        where = str(self.sidecar)
        try:
            data = json.loads(read_bytes(self.sidecar).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # nested too deep: RecursionError
            raise ReviewError(where, f"not a review sidecar ({exc}); move it away to start afresh") from None
        if not isinstance(data, dict) or type(data.get("version")) is not int or data["version"] != SIDECAR_VERSION:
            raise ReviewError(where, f"not a version {SIDECAR_VERSION} review sidecar; move it away to start afresh")
        for name in ("decisions", "stale"):
            if not isinstance(data.get(name, []), list):
                raise ReviewError(where, f"'{name}' is not a list; move it away to start afresh")
        if not isinstance(data.get("rechecked", False), bool):
            raise ReviewError(where, "'rechecked' is not true or false; move it away to start afresh")
        entries = data.get("decisions", []) + data.get("stale", [])
        for n, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("decision"), str) \
                    or entry["decision"] not in {d.value for d in Decision}:
                raise ReviewError(where, f"decision {n + 1}: bad entry {entry!r}")
            for name in ("rule", "original", "replacement", "before", "after"):
                if not isinstance(entry.get(name), str):
                    raise ReviewError(where, f"decision {n + 1}: missing '{name}'")
            if entry["decision"] == Decision.REWRITE.value and not isinstance(entry.get("text"), str):
                raise ReviewError(where, f"decision {n + 1}: a rewrite without its 'text'")
            if type(entry.get("segment", 0)) is not int or not isinstance(entry.get("segment_hash", ""), str):
                raise ReviewError(where, f"decision {n + 1}: bad 'segment' or 'segment_hash'")
            if not all(_encodable(v) for v in entry.values() if isinstance(v, str)):
                raise ReviewError(where, f"decision {n + 1}: text that is not valid Unicode (a lone surrogate)")
        return entries, data.get("rechecked", False)

    def _match_unmatched(self, item_ids: Sequence[int]) -> None:
        """Give sidecar decisions to the pending items among ``item_ids`` with the same key.

        Among several items with one key, the one in a segment with the same text hash and
        the nearest segment index wins (the first in document order on a tie). Each key's
        candidates are kept sorted by place, so a decision finds its item by bisection: an
        article that repeats one sentence thousands of times opens in linear time.
        """
        if not self._unmatched:
            return
        # key -> segment hash (None: any) -> pending candidates as sorted (segment, start, id)
        groups: dict[EditKey, dict[str | None, list[tuple[int, int, int]]]] = {}
        for item_id in sorted(item_ids, key=self._place.__getitem__):
            if self.is_pending(item_id):
                item = self.items[item_id]
                by_hash = groups.setdefault(item.key, {})
                place = (item.edit.segment, item.edit.start, item_id)
                by_hash.setdefault(item.segment_hash, []).append(place)
                by_hash.setdefault(None, []).append(place)
        left = []
        for entry in self._unmatched:
            key = EditKey(entry["rule"], entry["original"], entry["replacement"], entry["before"], entry["after"])
            by_hash = groups.get(key)
            if not by_hash or not by_hash[None]:
                left.append(entry)
                continue
            item_hash = entry.get("segment_hash")
            places = by_hash.get(item_hash) or by_hash[None]
            best = _nearest(places, entry.get("segment", 0))
            best_id = best[2]
            by_hash[self.items[best_id].segment_hash].remove(best)
            by_hash[None].remove(best)
            decision = Decision(entry["decision"])
            self._set(best_id, Verdict(decision, entry.get("text") if decision is Decision.REWRITE else None))
        self._unmatched = left


def _insort(entries: list, entry: tuple) -> None:
    """Put ``entry`` into the sorted list ``entries``: appended when it goes last (edits come in
    document order: no bisection, no moving of the list's tail), else by bisection."""
    if not entries or entries[-1] <= entry:
        entries.append(entry)
    else:
        bisect.insort(entries, entry)


def _nearest(places: list[tuple[int, int, int]], segment: int) -> tuple[int, int, int]:
    """The entry of ``places`` (sorted ``(segment, start, id)``, not empty) whose segment is
    nearest ``segment``; on a tie the first."""
    n = bisect.bisect_left(places, (segment,))
    after = places[n] if n < len(places) else None
    if n == 0 or after is not None and after[0] - segment < segment - places[n - 1][0]:
        return after  # type: ignore[return-value]
    first = bisect.bisect_left(places, (places[n - 1][0],))  # the first of the segment before
    return places[first]


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
