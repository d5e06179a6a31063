"""The review of one document in plain Python: the facade the app, the CLI and the tests drive.

No UI here. :class:`ReviewState` puts together the parts, each in its own module and each
given its inputs explicitly:

- :mod:`repair.review.index`: the queue, every proposed edit in document order (segment,
  then start offset), each an :class:`Item` with a stable integer id; edits that arrive later
  (a model) are inserted in order by :meth:`ReviewState.add_edits`.
- :mod:`repair.review.decisions`: a decision per item (accept, reject, or rewrite: the
  person's own text for the span) and the undo journal of :class:`Change` records. Safe
  fixes (and with ``unsafe=True`` also unsafe ones) start *pre-accepted*: they are applied on
  save, as ``repair fix`` would, but still count as pending until a person confirms or
  rejects them.
- :mod:`repair.review.sidecar`: every decision (and every undo or redo) is written at once to
  a JSON sidecar next to the output, so that nothing is lost on a crash; opening the same
  file again (:meth:`ReviewState.open`) resumes. A decision whose key matches no current edit
  is *stale*: it is reported in :attr:`ReviewState.stale` and kept in the sidecar, never applied.
- :mod:`repair.review.recheck`: :meth:`ReviewState.recheck` runs the engine (``checker``)
  again on the corrected text and queues the edits that only match once others are applied
  (``repair fix``'s later rounds), mapped back onto the original text.
- :mod:`repair.review.view`: the filter, the rows it keeps and the cursor.

Saving writes the corrected copy: the original document with the accepted edits applied
by :func:`repair.engine.apply_to_document`, written by the document's own format, so every
byte outside the accepted spans is the original's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import cast

from repair import formats
from repair.document import Document
from repair.edits import Edit
from repair.engine import Engine, apply_to_document
from repair.errors import OutputError
from repair.fileio import atomic_write
from repair.review import sidecar as sidecars
from repair.review.decisions import Change, Decision, Decisions, Journal, ReviewError, Verdict
from repair.review.index import Item, QueueIndex
from repair.review.recheck import Checked, Recheck, recheck_steps
from repair.review.sidecar import SIDECAR_SUFFIX, SIDECAR_VERSION, sidecar_path
from repair.review.view import View, parse_filter
from repair.review.writer import SidecarWriter
from repair.steps import Steps, run_steps

__all__ = [
    "Decision",
    "Item",
    "Recheck",
    "ReviewError",
    "ReviewState",
    "SIDECAR_SUFFIX",
    "Verdict",
    "file_digest",
    "parse_filter",
    "sidecar_path",
]

#: Re-check rounds run on opening to find again the edits that sidecar decisions were taken on.
RESUME_ROUNDS = 3


def file_digest(path: str | Path) -> str | None:
    """SHA-256 (hex) of a file's bytes; ``None`` when there is no such file or it cannot be read."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


class ReviewState:
    """The review of one document: queue, decisions, undo/redo, filter, sidecar and save.

    The constructor reads no file and runs no re-check: it queues ``edits`` (safe fixes
    pre-accepted) and puts the cursor on the first. :meth:`open` is how a review starts: it
    also resumes the sidecar's decisions and notes what is on disk.

    Args:
        doc: the document as read (never modified).
        edits: the proposed edits (spans into ``doc``'s segment texts), any order.
        output: where :meth:`save` writes the corrected copy.
        unsafe: pre-accept unsafe fixes too (safe fixes are always pre-accepted).
        sidecar: the sidecar path (default: :func:`sidecar_path` of ``output``).
        persist: write the sidecar after every decision (and :meth:`open` reads it); off,
            decisions are kept in memory only.
        mode_from: copy permission bits from this file when saving (the input).
        checker: the engine whose ``check`` of ``doc`` found the rule edits among ``edits``;
            with it :meth:`recheck` finds the edits that only apply once the accepted ones
            are (``repair fix``'s later rounds).
        input_digest: SHA-256 (hex) of the input's bytes as read; save refuses when the file differs.

    Raises:
        ReviewError: when an edit's span lies outside its segment.
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
        #: The queue (:class:`~repair.review.index.QueueIndex`).
        self.index = QueueIndex(doc)
        self.items: dict[int, Item] = self.index.items
        #: The verdicts (:class:`~repair.review.decisions.Decisions`).
        self.decisions = Decisions(self.index, doc.path)
        self.journal = Journal(self.decisions)
        self._view = View()
        self._unmatched: list[dict] = []  # sidecar decisions not matched (yet) to an edit
        self._checked = Checked()  # what the last re-check checked
        self.dirty = False
        #: Why the sidecar could not be written last time (``None`` when it was): decisions
        #: are then only in memory.
        self.sidecar_error: str | None = None
        #: Whether a re-check has run: recorded in the sidecar, so that opening runs it again.
        self.rechecked = False
        #: Writes the sidecar off the caller's thread when set (the app sets one); ``None``:
        #: each decision writes it before it returns.
        self.writer: SidecarWriter | None = None
        #: SHA-256 (hex) of the output as this review last saw it (``None``: no file);
        #: save refuses to write over a copy that another program wrote since.
        self.output_digest: str | None = None
        self._queue(list(edits))
        self._refilter()
        self._view.cursor = self._first_pending(0)

    @classmethod
    def open(cls, doc: Document, edits: Iterable[Edit], output: str | Path, **options) -> ReviewState:
        """Start (or resume) the review of ``doc``: a :class:`ReviewState` (same arguments),
        then :meth:`resume`."""
        state = cls(doc, edits, output, **options)
        state.resume()
        return state

    def resume(self) -> None:
        """Take up the decisions of the sidecar (when ``persist``) and note the output on disk.

        With a checker, the re-check runs again (up to :data:`RESUME_ROUNDS` times) while
        sidecar decisions are left unmatched, or when the sidecar says one had run, so that
        decisions on the edits it found resume too. The review is unsaved when the saved copy
        differs from what save would write (opening re-checks may pre-accept fixes it lacks)
        or, with no copy yet, when a person decided something. The cursor goes to the first
        pending edit.

        Raises:
            ReviewError: when the sidecar is not valid JSON of the expected layout.
        """
        rechecked = False
        if self.persist:
            self._unmatched, rechecked = sidecars.read_sidecar(self.sidecar)
            self._match_unmatched(self.index.ordered)
        self._refilter()
        for _ in range(RESUME_ROUNDS if self.checker is not None else 0):
            if not (self._unmatched or rechecked) or not self.recheck()[0]:
                break
        self.output_digest = file_digest(self.output)
        if self.output.exists():
            self.dirty = not self._output_matches()
        else:
            self.dirty = bool(self.decisions.decided)
        self._view.cursor = self._first_pending(0)

    # ----- queue -----------------------------------------------------------------------

    def _queue(self, edits: list[Edit], includes: Sequence[tuple[int, ...]] = ()) -> list[int]:
        """Add ``edits`` to the index and pre-accept the fixes that :attr:`unsafe` lets apply, where they may be."""
        new = self.index.add(edits, includes)
        items, decisions = self.items, self.decisions
        for item_id in new:
            e = items[item_id].edit
            if (
                e.applicability.applies(self.unsafe)
                and e.replacement != e.original
                and decisions.may_pre_accept(item_id)
            ):
                decisions.put(item_id, Verdict(Decision.ACCEPT, auto=True))
        return new

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
        current = self._view.current
        new = self._queue(list(edits))
        self._match_unmatched(new)
        if not self.dirty and any(self.decisions.get(i) is not None for i in new) and not self._output_matches():
            self.dirty = True
        self._refilter()
        self._view.follow(current)
        return new

    @property
    def ordered(self) -> list[int]:
        """Every item id in document order."""
        return self.index.ordered

    def items_of_segment(self, segment: int) -> list[int]:
        """The ids of the items of one segment, by start offset."""
        return self.index.items_of_segment(segment)

    def near(self, segment: int, start: int, end: int) -> list[tuple[int, int, int]]:
        """See :meth:`repair.review.index.QueueIndex.near`."""
        return self.index.near(segment, start, end)

    def segment_pending(self, segment: int) -> bool:
        """Whether ``segment`` has an edit no person has decided on yet."""
        return self.decisions.segment_pending(segment)

    # ----- view ------------------------------------------------------------------------

    @property
    def view(self) -> list[int]:
        """The item ids shown, in document order (a new list whenever the view changes)."""
        return self._view.rows

    @property
    def cursor(self) -> int:
        """The row of :attr:`view` under the cursor."""
        return self._view.cursor

    @property
    def filter_text(self) -> str:
        """The filter query as typed ('' for none)."""
        return self._view.filter_text

    def _refilter(self) -> None:
        self._view.refilter(self.index.ordered, self.items, self.decisions.is_pending)

    def _first_pending(self, start: int) -> int:
        return self._view.first_pending(start, self.decisions.is_pending)

    def set_filter(self, query: str) -> None:
        """Show only the edits matching ``query`` (see :func:`parse_filter`; '' shows all).

        The cursor moves to the first pending edit of the new view (or its first edit).

        Raises:
            ReviewError: on a malformed query (the old filter stays).
        """
        terms = parse_filter(query)
        current = self._view.current
        self._view.set_terms(terms, query)
        self._refilter()
        if not self._view.follow(current):
            self._view.cursor = self._first_pending(0)

    @property
    def current(self) -> Item | None:
        """The item under the cursor, or ``None`` when the view is empty."""
        item_id = self._view.current
        return None if item_id is None else self.items[item_id]

    def position(self, item_id: int) -> int | None:
        """The index of ``item_id`` in the current view, or ``None`` when filtered out."""
        return self._view.position(item_id)

    def move(self, delta: int) -> None:
        """Move the cursor by ``delta`` rows of the view, clamped to its ends."""
        self._view.move(delta)

    def goto(self, index: int) -> None:
        """Put the cursor on row ``index`` of the view (clamped)."""
        self._view.goto(index)

    # ----- decisions -------------------------------------------------------------------

    def verdict(self, item_id: int) -> Verdict | None:
        """The decision on ``item_id`` (pre-accepted ones have ``auto=True``), or ``None``."""
        return self.decisions.get(item_id)

    @property
    def pending_count(self) -> int:
        """Items no person has decided on yet."""
        return len(self.items) - len(self.decisions.decided)

    @property
    def can_undo(self) -> bool:
        """Whether there is a decision to undo."""
        return self.journal.can_undo

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone decision to redo."""
        return self.journal.can_redo

    def applied_edit(self, item_id: int) -> Edit | None:
        """The edit as it will be applied (a rewrite as a manual edit), or ``None`` if not accepted."""
        return self.decisions.applied_edit(item_id)

    def _commit(self, changes: list[Change]) -> list[int]:
        taken = self.journal.commit(changes)
        if taken:
            self._after_change()
        return [c.item for c in taken]

    def _after_change(self) -> None:
        self.dirty = True
        self._keep()

    def _decide(self, verdict: Verdict, advance: bool, item_id: int | None = None) -> list[int]:
        view = self._view
        if item_id is not None:
            if item_id not in self.items:
                raise ReviewError(self.doc.path, f"no edit {item_id} to decide on")
            view.follow(item_id)  # decide (and advance) from that row
        item = self.current if item_id is None else self.items[item_id]
        if item is None:
            raise ReviewError(self.doc.path, "no edit to decide on")
        self.decisions.check(item.id, verdict)
        old = self.decisions.get(item.id)
        changed = self._commit([Change(item.id, old, verdict)] + self.decisions.outer_changes(item.id, old, verdict))
        if view.pending_only:
            self._refilter()  # the decided row left the view: the cursor is on the next one
            if advance:
                view.cursor = self._first_pending(view.cursor)
        elif advance:
            view.cursor = self._first_pending(min(view.cursor + 1, len(view.rows) - 1) if view.rows else 0)
        return changed or [item.id]

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
        changed = self._commit(self.decisions.rule_changes(item.edit.rule_id, verdict))
        if self._view.pending_only:
            self._refilter()
        self._view.cursor = self._first_pending(self._view.cursor)
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
        return item is not None and self.decisions.rule_pending(item.edit.rule_id)

    def _step(self, changes: list[Change]) -> list[int]:
        if not changes:
            return []
        self._after_change()
        if self._view.pending_only:
            self._refilter()
        self._view.follow(changes[0].item)
        return [c.item for c in changes]

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
        return self._step(self.journal.undo())

    def redo(self) -> list[int]:
        """Redo the last undone decision; see :meth:`undo`."""
        return self._step(self.journal.redo())

    # ----- re-check --------------------------------------------------------------------

    def recheck(self, full: bool = False) -> tuple[list[int], int]:
        """Check the corrected text again and queue the edits that are new there (see
        :mod:`repair.review.recheck`); safe fixes among them are pre-accepted, and save,
        undo and the sidecar treat them as usual.

        Only the segments whose accepted edits changed since the last re-check (since
        opening, for the first) are checked again; ``full`` checks every segment. A queued
        re-check edit stays when the decision it depended on is undone later: it is still a
        well-defined change of the original text, to accept or reject.

        Returns:
            ``(new ids, skipped)``: the ids of the queued edits, and how many edits were not
            offered because they touch text written by an applied edit.

        Raises:
            ReviewError: when the state has no checker.
        """
        done = run_steps(self.recheck_steps(full))
        return done.ids, done.skipped

    def recheck_steps(self, full: bool = False) -> Steps[Recheck]:
        """:meth:`recheck` cut into short steps, for the screen to run between key presses
        (each step yields a line of progress; see :func:`repair.steps.run_steps`).

        Decisions may change between the steps. A segment whose accepted edits changed
        while it was being checked gets none of the edits found in it; it is counted in
        :attr:`Recheck.outdated` and checked by the next re-check.

        Raises:
            ReviewError: at once, when the state has no checker.
        """
        if self.checker is None:
            raise ReviewError(self.doc.path, "no checker: re-checking needs the engine")
        return self._recheck_steps(self.checker, full)

    def _recheck_steps(self, engine: Engine, full: bool) -> Steps[Recheck]:
        done = yield from recheck_steps(self.doc, engine, self.index, self.decisions, self._checked, self._queue, full)
        ids = done.ids
        first, self.rechecked = not self.rechecked, True
        if ids and first:
            self._keep()  # recorded: opening runs the re-check again, so that its fixes are there
        if ids:
            self._match_unmatched(ids)
            current = self._view.current  # the view is the old one until here: the cursor stays on its edit
            self._refilter()
            self._view.follow(current)
            if any(self.decisions.get(i) is not None for i in ids):
                self.dirty = True  # a pre-accepted or resumed new fix changes what save writes
        return done

    # ----- result ----------------------------------------------------------------------

    def accepted_edits(self) -> list[Edit]:
        """The edits that save applies, in document order (rewrites as manual edits).

        An accepted edit inside the span of an accepted re-check edit that includes it (see
        :meth:`recheck`) is left out: the outer edit's text already holds its change.
        """
        saved = self.decisions.saved_edit
        return [e for i in self.index.ordered if (e := saved(i)) is not None]

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
                raise ReviewError(
                    self.doc.path,
                    f"{what} since the review opened it (another program wrote it, e.g."
                    f" `repair fix --in-place`); not saved: quit and run `repair review`"
                    f" again to review the file as it is now (your decisions are kept"
                    f" in {self.sidecar.name})",
                )
        if (now := file_digest(self.output)) is not None and now != self.output_digest:  # gone: nothing to lose
            raise ReviewError(
                str(self.output),
                "changed on disk since this review opened or saved it (another program"
                " wrote it); not saved: move it away, or quit and run `repair review`"
                f" again (your decisions are kept in {self.sidecar.name})",
            )

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
        function that makes its text, on any thread (:class:`SidecarWriter` calls it on its own)."""
        head = {
            "version": SIDECAR_VERSION,
            "input": self.doc.path,
            "output": str(self.output),
            "saved": not self.dirty,
            "rechecked": self.rechecked,
        }
        get = self.decisions.get
        # every id a person decided on has its verdict
        decided = cast(list[tuple[int, Verdict]], [(i, get(i)) for i in self.decisions.decided])
        return sidecars.snapshot(head, decided, list(self._unmatched), self.index.heads, self.index.place)

    def write_sidecar(self) -> None:
        """Write the sidecar (:meth:`sidecar_text`) atomically; nothing when ``persist`` is off.

        Raises:
            OutputError: when it cannot be written.
        """
        if self.persist:
            atomic_write(self.sidecar, self.sidecar_text().encode("utf-8"))

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

    def _match_unmatched(self, item_ids: Sequence[int]) -> None:
        """Give sidecar decisions to the pending items among ``item_ids`` with the same key
        (see :func:`repair.review.sidecar.match`)."""
        if not self._unmatched:
            return
        place, is_pending = self.index.place, self.decisions.is_pending
        candidates = [self.items[i] for i in sorted(item_ids, key=place.__getitem__) if is_pending(i)]
        matched, self._unmatched = sidecars.match(self._unmatched, candidates)
        for item_id, verdict in matched:
            self.decisions.put(item_id, verdict)
