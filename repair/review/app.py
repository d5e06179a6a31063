"""The Textual app of `repair review`: it draws a :class:`ReviewState` and sends it keys.

Every decision goes through the state (which writes the sidecar); this module only keeps the
widgets in step: the file list (several files), the whole article (:class:`~repair.review.article.ArticleView`,
which draws only its visible lines), the current
edit as a word diff, and the queue (Textual's ``OptionList``, one option per edit; see
:mod:`repair.review.queue`).

Edits that arrive later are passed as ``extra``: an iterable or async iterable of
``(file_index, edits)`` pairs, consumed by a worker while the person reviews. A model
(``model=``, anything with ``iter_propose(segments, rule_edits)``, see
:class:`repair.model.base.Proposer`) runs in a thread worker: its inference blocks, so it
runs off the event loop, and each batch's edits are handed to the screen with
``call_from_thread`` as soon as they are computed. The header shows its progress
("model: 32/120 segments"); quitting cancels the worker, which stops before the next batch.

The re-check (``c``) is pure Python, so a thread would hold the interpreter lock against the
keys; it runs instead as a worker on the event loop, in slices of its steps with pauses for
the keys between them (:meth:`ReviewScreen.action_recheck`). The sidecars are written on a
thread of their own (:mod:`repair.review.writer`): a key hands over a snapshot and goes on.

SIGTERM and SIGHUP close the app as a quit without saving does (it returns ``None``): the
terminal is restored, the sidecars written, and the CLI prints the closing lines (status 1).
"""

from __future__ import annotations

import asyncio
import gc
import signal
import threading
import time
from dataclasses import dataclass
from typing import AsyncIterable, Iterable, Sequence, Union

from rich.text import Text
from textual import on, work
from textual.worker import Worker, get_current_worker
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList, Static

from repair.edits import Edit
from repair.errors import RepairError
from repair.model.base import Proposer, first_line
from repair.review import queue, render
from repair.review.article import ArticleView
from repair.review.diff import context_diff
from repair.review.keybar import KeyBar
from repair.review.screens import EditScreen, FilterScreen, HelpScreen, QuitScreen
from repair.review.state import Decision, Recheck, ReviewState
from repair.review.writer import SidecarWriter
from repair.steps import Steps, T

#: Segments handed to the model's proposer at a time (its batches form within a chunk).
CHUNK = 16
#: Seconds of re-check work between two turns of the event loop, and the pause after each
#: for keys and drawing. A key goes from the terminal to its action through several widgets,
#: one turn of the loop each: without a pause each would wait a slice.
RECHECK_SLICE = 0.004
RECHECK_PAUSE = 0.002
#: Seconds between two updates of the re-check's progress in the header.
STATUS_EVERY = 0.1
#: Rounds a re-check runs while decisions taken meanwhile outdate what it checked.
RECHECK_ROUNDS = 3

#: Signals that close the review as a quit without saving does (see :meth:`ReviewApp.on_mount`).
CLOSING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

#: Later edits: ``(file index, edits)`` pairs, as an iterable or an async iterable.
ExtraEdits = Union[Iterable[tuple[int, Sequence[Edit]]], AsyncIterable[tuple[int, Sequence[Edit]]]]

#: Actions of the review screen: (action, title for the command palette, help).
ACTIONS = (
    ("accept", "Accept edit", "Accept the current edit (y)"),
    ("reject", "Reject edit", "Reject the current edit (n)"),
    ("rewrite", "Rewrite span", "Rewrite the span by hand (e)"),
    ("accept_rule", "Accept rule", "Accept every pending edit of this rule (A)"),
    ("reject_rule", "Reject rule", "Reject every pending edit of this rule (R)"),
    ("undo", "Undo", "Undo the last decision (u)"),
    ("redo", "Redo", "Redo the last undone decision (ctrl+r)"),
    ("next", "Next edit", "Go to the next edit (j)"),
    ("previous", "Previous edit", "Go to the previous edit (k)"),
    ("filter", "Filter", "Filter by rule, category or origin (/)"),
    ("recheck", "Re-check", "Check the corrected text again and queue the edits it uncovers (c)"),
    ("markers", "Toggle diff markers", "Show [-old-]{+new+} markers instead of colours (m)"),
    ("save", "Save", "Write the corrected copy (s)"),
    ("next_file", "Next file", "Review the next file (])"),
    ("previous_file", "Previous file", "Review the previous file ([)"),
    ("help", "Help", "Every key (?)"),
    ("quit_review", "Quit review", "Quit; asks when decisions are unsaved (q)"),
)


@dataclass
class Outcome:
    """What one file's review came to, for the CLI's closing lines."""

    path: str
    output: str
    accepted: int
    rejected: int
    rewritten: int
    pending: int
    saved: bool
    stale: int
    sidecar_error: str | None = None


def outcome(state: ReviewState) -> Outcome:
    """Count the decisions of ``state`` (pre-accepted ones count as pending)."""
    counts = {d: 0 for d in Decision}
    for item_id in state.items:
        v = state.verdict(item_id)
        if v is not None and not v.auto:
            counts[v.decision] += 1
    return Outcome(state.doc.path, str(state.output), counts[Decision.ACCEPT], counts[Decision.REJECT],
                   counts[Decision.REWRITE], state.pending_count, not state.dirty and state.output.exists(),
                   len(state.stale), state.sidecar_error)


def closing_line(o: Outcome) -> tuple[str, bool]:
    """The line printed for one file when the app closes, and whether decisions were lost
    (not saved, and the sidecar could not be written)."""
    decided = o.accepted + o.rejected + o.rewritten
    lost = not o.saved and bool(decided) and o.sidecar_error is not None
    if o.saved:
        result = f"saved -> {o.output}"
    elif lost:
        result = f"not saved, and the decisions are lost: {o.sidecar_error}"
    elif decided:
        result = f"not saved (decisions kept in {o.output}.review.json)"
    else:
        result = "nothing decided, nothing written"
    line = f"{o.path}: {o.accepted} accepted, {o.rejected} rejected, {o.rewritten} rewritten, {o.pending} pending; {result}"
    if o.stale:
        line += f"; {o.stale} stale decisions kept in the sidecar"
    return line, lost



def closing_report(outcomes: list[Outcome] | None, states: Sequence[ReviewState],
                   closed_by: str | None = None) -> tuple[list[str], int]:
    """The lines printed when the app closes and the exit status.

    Args:
        outcomes: what the app returned: one :class:`Outcome` per file, or ``None`` when it
            was closed otherwise (a signal, an error); the files are then counted from ``states``.
        states: the review states.
        closed_by: what closed it otherwise (``"SIGTERM"``), named in the first line.

    Returns:
        ``(lines, status)``: 0 after a quit, 1 when the app was closed otherwise, 2 when
        decisions were lost (not saved, and the sidecar could not be written).
    """
    interrupted = outcomes is None
    if interrupted:
        outcomes = [outcome(s) for s in states]
    by = f" by {closed_by}" if closed_by else ""
    lines = [f"repair review: closed{by} before quitting"] if interrupted else []
    results = [closing_line(o) for o in outcomes]
    lines += [line for line, _ in results]
    return lines, 2 if any(lost for _, lost in results) else 1 if interrupted else 0


class ReviewScreen(Screen[None]):
    """The main screen: file list, article, current edit, queue, footer.

    Args:
        states: one review state per file, in the order they are reviewed.
    """

    BINDINGS = [
        Binding("y", "accept", "Accept"),
        Binding("a", "accept", "Accept", show=False),
        Binding("n", "reject", "Reject"),
        Binding("r", "reject", "Reject", show=False),
        Binding("e", "rewrite", "Rewrite"),
        Binding("A", "accept_rule", "Accept rule"),
        Binding("R", "reject_rule", "Reject rule"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo"),
        Binding("j", "next", "Next", show=False),
        Binding("k", "previous", "Prev", show=False),
        Binding("slash", "filter", "Filter"),
        Binding("m", "markers", "Markers", show=False),  # in the help and the palette; the footer is full
        Binding("c", "recheck", "Re-check", show=False),
        Binding("s", "save", "Save"),
        Binding("right_square_bracket", "next_file", "Next file"),
        Binding("left_square_bracket", "previous_file", "Prev file"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit_review", "Quit"),
    ]

    def __init__(self, states: Sequence[ReviewState]) -> None:
        super().__init__()
        self.states = list(states)
        self.file = 0
        self.use_markers = False
        self._view: list[int] | None = None  # the state's view that the queue's options show
        self._palette: render.Palette | None = None  # the colours of those lines
        self.model_status = ""  # "model: 32/120 segments, 5 edits" while a model runs, in the header
        self.recheck_status = ""  # "re-check: checking 800/5000 segments" while one runs, in the header
        #: The worker running a re-check (``c``), ``None`` when none runs.
        self.recheck_worker: Worker[None] | None = None
        self._recheck_file = 0  # the file it re-checks
        self._sidecar_error: str | None = None  # the last failure to write a sidecar shown

    @property
    def state(self) -> ReviewState:
        """The state of the file under review."""
        return self.states[self.file]

    # ----- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Horizontal(id="top"):
            if len(self.states) > 1:
                files = OptionList(*[s.doc.path for s in self.states], id="files")
                files.border_title = "Files"
                yield files
            yield ArticleView(id="article")
            with VerticalScroll(id="current-pane"):
                yield Static(id="current")
        with Vertical(id="queue"):
            yield Static(id="queue-header")
            yield queue.QueueList(id="queue-list", markup=False)
        yield KeyBar(self.BINDINGS, id="keys")

    def on_mount(self) -> None:
        self.query_one("#article").border_title = "Article"
        self.query_one("#current-pane").border_title = "Edit"
        self.load_file(0)
        self.table.focus()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        stale = sum(len(s.stale) for s in self.states)
        if stale:
            self.notify(f"{stale} earlier decisions no longer match the text (stale): kept in the sidecar, not applied",
                        severity="warning", timeout=8)

    @property
    def palette(self) -> render.Palette:
        """Diff and decision colours from the app's theme."""
        theme = self.app.current_theme
        return render.Palette(error=theme.error or "red", success=theme.success or "green",
                              warning=theme.warning or "yellow", muted="grey50",
                              highlight=self.app.theme_variables.get("primary-background", "grey23"))

    def load_file(self, index: int) -> None:
        """Show file ``index``: fill the queue and put the cursor on its first pending edit."""
        self.file = index
        if len(self.states) > 1:
            self.query_one("#files", OptionList).highlighted = index
        self.fill_queue()

    @property
    def article(self) -> ArticleView:
        """The article pane."""
        return self.query_one("#article", ArticleView)

    @property
    def table(self) -> queue.QueueList:
        """The queue: one option per edit of the state's view."""
        return self.query_one("#queue-list", queue.QueueList)

    def fill_queue(self) -> None:
        """Fill the queue from the state's view and redraw the panes (after loading, filtering,
        new edits)."""
        state, palette = self.state, self.palette
        rows = queue.Rows(state, palette)
        self.query_one("#queue-header", Static).update(rows.header())
        self._view, self._palette = state.view, palette
        self.table.set_options(rows.lines())
        self.sync_cursor()

    def sync_cursor(self) -> None:
        """Put the queue's highlight on the state's cursor (refilling the queue when the view
        changed), and redraw the panes."""
        state = self.state
        if state.view is not self._view:
            self.fill_queue()
            return
        self.table.highlighted = state.cursor if state.view else None
        self.redraw()

    def move(self, delta: int) -> None:
        """Move the review's cursor by ``delta`` rows of the view (j, k)."""
        self.state.move(delta)
        self.sync_cursor()

    def redraw(self) -> None:
        """Redraw the article and current-edit panes, the counters and the footer."""
        state, palette = self.state, self.palette
        current = self.query_one("#current", Static)
        # A layout of the screen costs 7-10 ms of a key. The pane is at least as tall as its
        # scroll view (CSS min-height), so a layout is needed only when the new text is taller
        # than the pane, or was: it is asked for only then.
        current.update(render.current_text(state, palette, self.use_markers), layout=False)
        width, height = current.content_size
        view = current.parent.scrollable_content_region.height if isinstance(current.parent, Widget) else 0
        if not width or max(view, current.visual.get_height(current.styles, width)) != height:
            current.refresh(layout=True)
        self.article.show(state, palette)
        position = f"({state.cursor + 1}/{len(state.view)})" if state.view else "(0/0)"
        filt = f" · filter: {state.filter_text}" if state.filter_text else ""
        self.query_one("#queue").border_title = f"Queue {position} · {state.pending_count} pending of {len(state.items)}{filt}"
        self._show_status()
        self.query_one("#keys", KeyBar).update_keys()  # one line redrawn, and only when it changed
        if state.sidecar_error != self._sidecar_error:
            self._sidecar_error = state.sidecar_error
            if state.sidecar_error:
                self.notify(f"decisions are not being kept: {state.sidecar_error}", severity="error", timeout=10)

    def _theme_changed(self, _theme) -> None:
        if self.palette != self._palette:  # the decisions' colours in the queue's options
            self.fill_queue()

    @on(OptionList.OptionHighlighted, "#queue-list")
    def _row_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # The queue's own keys and clicks move its highlight; the review's cursor follows. A
        # late message for an older highlight is ignored.
        if event.option_index == self.table.highlighted and event.option_index != self.state.cursor:
            self.state.goto(event.option_index)
            self.redraw()

    @on(OptionList.OptionHighlighted, "#files")
    def _file_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # As for the queue: a late message for an older highlight is ignored (two quick ] [
        # otherwise answered each other's messages for ever).
        if event.option_index == self.query_one("#files", OptionList).highlighted and event.option_index != self.file:
            self.load_file(event.option_index)

    # ----- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that apply now show in the footer and run."""
        state = self.state
        item = state.current
        if action in ("accept", "reject", "rewrite"):
            return item is not None
        if action in ("accept_rule", "reject_rule"):
            return item is not None and state.has_pending_of_rule()
        if action == "undo":
            return state.can_undo
        if action == "redo":
            return state.can_redo
        if action in ("next", "previous", "markers"):
            return item is not None
        if action == "save":
            return state.dirty or not state.output.exists()
        if action in ("next_file", "previous_file"):
            return len(self.states) > 1
        if action == "recheck":
            return state.checker is not None
        return True

    def _run(self, fn, *args) -> None:
        try:
            changed = fn(*args)
        except RepairError as exc:
            self.notify(exc.message, severity="warning")
            return
        if changed and self.state.view is self._view:
            self.table.redraw_lines()  # the lines on screen show the new decisions
        self.sync_cursor()

    def action_accept(self) -> None:
        """Accept the current edit (y, a)."""
        self._run(self.state.accept)

    def action_reject(self) -> None:
        """Reject the current edit (n, r)."""
        self._run(self.state.reject)

    def action_accept_rule(self) -> None:
        """Accept every pending edit of the current rule (A)."""
        self._run(self.state.accept_rule)

    def action_reject_rule(self) -> None:
        """Reject every pending edit of the current rule (R)."""
        self._run(self.state.reject_rule)

    def action_undo(self) -> None:
        """Undo the last decision (u)."""
        self._run(self.state.undo)

    def action_redo(self) -> None:
        """Redo the last undone decision (ctrl+r)."""
        self._run(self.state.redo)

    def action_next(self) -> None:
        """Next edit (j)."""
        self.move(1)

    def action_previous(self) -> None:
        """Previous edit (k)."""
        self.move(-1)

    def action_markers(self) -> None:
        """Toggle ``[-old-]{+new+}`` markers in the diff (m)."""
        self.use_markers = not self.use_markers
        self.redraw()

    def action_rewrite(self) -> None:
        """Open the inline editor on the current span (e)."""
        state = self.state
        item = state.current
        if item is None:
            return
        e = item.edit
        seg = state.doc.segments[e.segment]
        value = render.proposed_text(state, item)
        context = render.diff_text(context_diff(seg.text, e.start, e.end, value), self.palette, self.use_markers)

        def done(text: str | None) -> None:
            if text is not None:
                self._run(state.rewrite, text, True, item.id)  # the edit the editor was opened on

        self.app.push_screen(EditScreen(f"{e.rule_id}, line {seg.line}", context, value), done)

    def action_filter(self) -> None:
        """Ask for a filter query (/)."""

        def done(query: str | None) -> None:
            if query is None:
                return
            try:
                self.state.set_filter(query)
            except RepairError as exc:
                self.notify(exc.message, severity="warning")
                return
            self.fill_queue()

        self.app.push_screen(FilterScreen(self.state.filter_text), done)

    def action_save(self) -> None:
        """Write the corrected copy of this file (s)."""
        try:
            path = self.state.save()
        except RepairError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"saved {path}" + ("; c re-checks it for edits the fixes uncovered" if self.state.checker else ""))
        self.redraw()

    def action_recheck(self) -> None:
        """Check the corrected text again and queue the edits it uncovers (c).

        The re-check runs in a worker on the event loop, a slice of steps of at most
        :data:`RECHECK_SLICE` seconds between key presses (see
        :meth:`~repair.review.state.ReviewState.recheck_steps`), with its progress in the
        header; keys work while it runs. A segment whose decisions changed while it was
        checked is checked again by a further round, up to :data:`RECHECK_ROUNDS` rounds.
        When it ends, the cursor goes to the first new edit if it is still where it was and
        no dialog (the editor) is open.
        """
        if self.recheck_worker is not None:
            self.notify(f"a {self._recheck_name()} is running; its edits join the queue when it ends")
            return
        try:
            steps = self.state.recheck_steps()
        except RepairError as exc:
            self.notify(exc.message, severity="warning")
            return
        self._recheck_file = self.file
        self.recheck_worker = self.run_worker(self._recheck(self.file, steps), name="recheck", group="recheck",
                                              exclusive=True, exit_on_error=False)

    async def _recheck(self, file_index: int, steps: Steps[Recheck]) -> None:
        state = self.states[file_index]
        where = state.current
        ids: list[int] = []
        skipped = 0
        try:
            for round_ in range(RECHECK_ROUNDS):
                done = await self._run_steps(steps)
                ids += done.ids
                skipped += done.skipped
                if not done.outdated or round_ == RECHECK_ROUNDS - 1:
                    break
                steps = state.recheck_steps()  # the segments decided on meanwhile, again
        except Exception as exc:  # shown, never raised: the review goes on without the re-check
            self.notify(f"re-check failed: {exc.message if isinstance(exc, RepairError) else first_line(exc)}",
                        severity="error", timeout=10)
            return
        finally:
            self.recheck_worker = None
            self.recheck_status = ""
            self._show_status()
        message = f"re-check: {len(ids)} new edit{'s' if len(ids) != 1 else ''}"
        if done.outdated:
            message += f"; {done.outdated} segments changed while they were checked: press c again"
        if skipped:
            message += (f"; {skipped} more touch only part of a fix's text, not offered here"
                        " (run repair check on the saved copy)")
        self.notify(message)
        if file_index != self.file:
            return
        await asyncio.sleep(RECHECK_PAUSE)  # a key waiting since the last step goes before the queue is filled
        rows = [row for i in ids if (row := state.position(i)) is not None]
        if rows and state.current is where and self.app.screen is self:  # not under the editor
            state.goto(min(rows))  # the first new edit in the view
        if ids or state.view is not self._view:
            self.fill_queue()
        else:
            self.redraw()

    def _recheck_name(self) -> str:
        """'re-check', and the file it is of when several are reviewed."""
        return f"re-check of {self.states[self._recheck_file].doc.path}" if len(self.states) > 1 else "re-check"

    async def _run_steps(self, steps: Steps[T]) -> T:
        """Run ``steps`` in slices of about :data:`RECHECK_SLICE` seconds, each followed by a
        pause of :data:`RECHECK_PAUSE` seconds in which the event loop handles keys and draws;
        the header shows the progress (at most every :data:`STATUS_EVERY` seconds)."""
        shown = 0.0
        while True:
            deadline = time.perf_counter() + RECHECK_SLICE
            try:
                while True:
                    progress = next(steps)
                    if time.perf_counter() >= deadline:
                        break
            except StopIteration as done:
                return done.value
            if deadline - shown >= STATUS_EVERY:
                shown = deadline
                self.recheck_status = f"{self._recheck_name()}: {progress}"
                self._show_status()
            await asyncio.sleep(RECHECK_PAUSE)

    def action_next_file(self) -> None:
        """Review the next file (])."""
        self.load_file((self.file + 1) % len(self.states))

    def action_previous_file(self) -> None:
        """Review the previous file ([)."""
        self.load_file((self.file - 1) % len(self.states))

    def action_help(self) -> None:
        """Show every key (?)."""
        self.app.push_screen(HelpScreen())

    def action_quit_review(self) -> None:
        """Quit; when decisions are unsaved, ask whether to save first (q).

        The sidecars in flight are written first, so that the dialog and the closing lines
        know whether the decisions are kept.
        """
        self._flush_sidecars()
        unsaved = [s for s in self.states if s.dirty]
        if not unsaved:
            self.app.exit([outcome(s) for s in self.states])
            return

        def done(choice: str | None) -> None:
            if choice == "save":
                try:
                    for s in unsaved:
                        s.save()
                except RepairError as exc:
                    self.notify(str(exc), severity="error")
                    return
            if choice in ("save", "discard"):
                self._flush_sidecars()
                self.app.exit([outcome(s) for s in self.states])

        self.app.push_screen(QuitScreen([s.doc.path for s in unsaved], [s.doc.path for s in unsaved if s.sidecar_error]),
                             done)

    def _flush_sidecars(self) -> None:
        writer = getattr(self.app, "sidecar_writer", None)
        if writer is not None:
            writer.flush()

    def add_edits(self, file_index: int, edits: Sequence[Edit]) -> None:
        """Append later edits (e.g. a model's) to file ``file_index`` and redraw if it is shown.

        An empty list changes nothing (the queue is not refilled).
        """
        if not edits:
            return
        self.states[file_index].add_edits(edits)
        if file_index == self.file:
            self.fill_queue()

    def set_model_status(self, text: str) -> None:
        """Show ``text`` (e.g. "model: 32/120 segments, 5 edits") in the header; '' hides it."""
        self.model_status = text
        self._show_status()

    def _show_status(self) -> None:
        """The header's second line: file, output, unsaved, the model's and the re-check's progress."""
        state = self.state
        parts = [f"{state.doc.path} -> {state.output}"]
        parts += [text for text in ("unsaved" if state.dirty else "", self.model_status, self.recheck_status) if text]
        self.sub_title = " · ".join(parts)


class ReviewApp(App[list[Outcome]]):
    """`repair review`: one :class:`ReviewScreen` over the states of every file.

    Args:
        states: one review state per file.
        extra: later edits as ``(file index, edits)`` pairs (see the module docstring).
        theme: the Textual theme name (pinned in tests for stable snapshots).
        model: a proposer run in a thread worker while the person reviews (see the module
            docstring); its edits join the queue batch by batch.

    The app's return value (``App.run()``) is one :class:`Outcome` per file, or ``None``
    when it was closed otherwise (e.g. ctrl+c).
    """

    TITLE = "repair review"
    #: Below 100 columns the edit pane takes the whole width, above the article (or, below 32
    #: rows too, instead of it); below 32 rows the queue keeps 8 rows and the panes take the
    #: rest, so that at 80x24 the diff is on screen (see the snapshot test at 80x24).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    CSS = """
    #top { height: 45%; }
    .-short #top { height: 1fr; }
    .-short #queue { height: 8; }
    .-narrow #top { layout: vertical; }
    .-narrow #files { display: none; }
    .-narrow #article { width: 100%; height: 1fr; }
    .-narrow #current-pane { width: 100%; height: auto; max-height: 70%; }
    .-narrow.-short #article { display: none; }
    .-narrow.-short #current-pane { height: 1fr; max-height: 100%; }
    #files { width: 28; height: 100%; border: round $primary-darken-2; }
    #article { width: 1fr; border: round $primary-darken-2; }
    #current-pane { width: 1fr; border: round $primary; padding: 0 1; }
    #current { min-height: 100%; }
    #queue { height: 1fr; border: round $primary-darken-2; }
    #queue-header { height: 1; padding: 0 1; background: $panel; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    #queue-list { height: 1fr; max-height: 100%; border: none; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    ModalScreen { align: center middle; }
    #dialog { width: 90; max-width: 95%; height: auto; max-height: 90%; border: thick $primary; background: $surface; padding: 1 2; }
    #dialog-title { text-style: bold; margin-bottom: 1; }
    #edit-context { margin-bottom: 1; }
    .hint { color: $text-muted; margin-top: 1; }
    """
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, states: Sequence[ReviewState], extra: ExtraEdits | None = None, theme: str = "textual-dark",
                 model: Proposer | None = None) -> None:
        super().__init__()
        self.review = ReviewScreen(states)
        self._extra = extra
        self._theme_name = theme
        self.model = model
        #: The thread worker running :attr:`model` (``None`` without a model).
        self.model_worker: Worker[None] | None = None
        #: Set when the model's thread has finished: done, failed or stopped after a cancel.
        self.model_done = threading.Event()
        self.model_batches = 0  # batches whose edits reached the queue
        self.model_segments = 0  # segments the model has gone through
        self.model_total = sum(len(st.doc.segments) for st in states) if model is not None else 0
        self.model_edits = 0  # model edits queued
        self.model_error: str | None = None  # the first line of a failure of the model
        #: Writes the states' sidecars while the app runs (made on mount, closed on unmount).
        self.sidecar_writer: SidecarWriter | None = None
        #: The signal that closed the app (``"SIGTERM"``, ``"SIGHUP"``), ``None`` otherwise.
        self.closed_by: str | None = None
        self._signals: list[int] = []  # the signals whose handlers on_mount installed

    async def on_mount(self) -> None:
        self.theme = self._theme_name
        loop = asyncio.get_running_loop()
        # SIGTERM and SIGHUP (the terminal closed) end the app as a quit does, but return
        # None: the terminal is restored (alternate screen left, mouse reporting off) by the
        # driver on the way out, the sidecars are written (on_unmount), and the CLI prints the
        # closing lines with status 1. Without a handler Python dies at once and does none of it.
        for signum in CLOSING_SIGNALS:
            try:
                loop.add_signal_handler(signum, self._closed_by_signal, signum)
            except (ValueError, RuntimeError, NotImplementedError):  # not the main thread, or no such signal
                continue
            self._signals.append(signum)
        # A key does not wait for the disk: the sidecars are written on a thread (see
        # repair.review.writer); a failure is shown by the screen's next redraw, asked for here.
        self.sidecar_writer = SidecarWriter(on_error=lambda: loop.call_soon_threadsafe(self._sidecar_failed))
        for state in self.review.states:
            state.writer = self.sidecar_writer
        await self.push_screen(self.review)
        # The review states (10,000 edits and their keys) live as long as the app: keep them
        # out of the cyclic garbage collector's full passes, which otherwise cost 30-35 ms on
        # an occasional key of a large article. Undone on unmount.
        gc.freeze()
        if self._extra is not None:
            self._consume_extra()
        if self.model is not None:
            states = self.review.states
            # The rules' edits as they are now, read here on the event loop: the worker's
            # thread never touches a review state.
            jobs = [(n, s.doc.segments, [i.edit for i in s.items.values()]) for n, s in enumerate(states)]
            self.review.set_model_status(self._model_progress())
            self.model_worker = self._run_model(jobs)

    def _closed_by_signal(self, signum: int) -> None:
        """On the event loop: a signal of :data:`CLOSING_SIGNALS` arrived; close without asking."""
        if self.closed_by is None:
            self.closed_by = signal.Signals(signum).name
            self.exit(None)

    def on_unmount(self) -> None:
        """Write the sidecars still in flight, then give the objects frozen on mount back to
        the garbage collector."""
        loop = asyncio.get_running_loop()
        for signum in self._signals:
            loop.remove_signal_handler(signum)
        self._signals = []
        if self.sidecar_writer is not None:
            self.sidecar_writer.close()
            for state in self.review.states:
                state.writer = None
        gc.unfreeze()

    def _sidecar_failed(self) -> None:
        """On the event loop: a sidecar write failed or worked again; the screen says so."""
        if self.is_running and self.screen_stack and self.review.is_mounted:
            self.review.redraw()

    @work(exclusive=True, group="extra")
    async def _consume_extra(self) -> None:
        extra = self._extra
        if hasattr(extra, "__aiter__"):
            async for file_index, edits in extra:  # type: ignore[union-attr]
                self.review.add_edits(file_index, edits)
        else:
            for file_index, edits in extra:  # type: ignore[union-attr]
                self.review.add_edits(file_index, edits)

    @work(thread=True, exclusive=True, group="model", exit_on_error=False)
    def _run_model(self, jobs: list[tuple[int, Sequence, list[Edit]]]) -> None:
        """The model's thread: propose file after file, batch by batch, until done or cancelled.

        The segments go to the proposer :data:`CHUNK` at a time: splitting text into
        sentences is pure Python, which holds the interpreter lock, and a whole 5,000-segment
        article split at once froze the keys for 3 s; a chunk takes tens of milliseconds.
        Each batch's edits go to the screen through ``call_from_thread``; the cancel flag is
        read before each batch is handed over, so after a quit no further batch is consumed.
        A failure of the model (any exception) is shown, never raised: the review goes on.
        """
        worker = get_current_worker()
        try:
            for file_index, segments, rule_edits in jobs:
                by_segment: dict[int, list[Edit]] = {}
                for e in rule_edits:
                    by_segment.setdefault(e.segment, []).append(e)
                for start in range(0, len(segments), CHUNK):
                    chunk = segments[start:start + CHUNK]
                    if worker.is_cancelled:
                        return
                    rules = [e for seg in chunk for e in by_segment.get(seg.index, ())]
                    batches = self.model.iter_propose(chunk, rules)
                    try:
                        for edits in batches:
                            if worker.is_cancelled:
                                return
                            self.call_from_thread(self._model_batch, file_index, list(edits))
                    finally:
                        close = getattr(batches, "close", None)
                        if close is not None:
                            close()
                    if worker.is_cancelled:
                        return
                    self.call_from_thread(self._model_progressed, len(chunk))
            if not worker.is_cancelled:
                self.call_from_thread(self._model_finished, None)
        except Exception as exc:  # a backend failure, or the app gone while handing over
            if not worker.is_cancelled:
                try:
                    self.call_from_thread(self._model_finished, first_line(exc))
                except Exception:
                    pass
        finally:
            self.model_done.set()

    def _model_progress(self) -> str:
        return f"model: {self.model_segments}/{self.model_total} segments, {self.model_edits} edits"

    def _model_progressed(self, segments: int) -> None:
        """On the event loop: the model went through ``segments`` more segments."""
        self.model_segments += segments
        self.review.set_model_status(self._model_progress())

    def _model_batch(self, file_index: int, edits: list[Edit]) -> None:
        """On the event loop: queue one batch's edits and update the progress."""
        worker = self.model_worker
        if worker is not None and worker.is_cancelled:
            return
        self.model_batches += 1
        self.model_edits += len(edits)
        self.review.add_edits(file_index, edits)
        self.review.set_model_status(self._model_progress())

    def _model_finished(self, error: str | None) -> None:
        """On the event loop: the model is done (``error`` None) or failed with ``error``."""
        if error is None:
            self.review.set_model_status(f"model: done, {self.model_edits} edits")
            self.notify(f"model: {self.model_edits} edit{'s' if self.model_edits != 1 else ''} added to the queue")
        else:
            self.model_error = error
            self.review.set_model_status("model: failed")
            self.notify(f"model failed: {error}; the rule edits are all here", severity="error", timeout=10)

    def cancel_model(self) -> None:
        """Stop the model's worker: it consumes no further batch (the one in progress ends first)."""
        if self.model_worker is not None:
            self.model_worker.cancel()

    def exit(self, result: list[Outcome] | None = None, return_code: int = 0, message=None) -> None:
        """Quit (see ``App.exit``), cancelling the model's worker first.

        A batch being computed cannot be interrupted (inference blocks its thread) and the
        process waits for it before ending, so a line on stderr says so when the screen closes.
        """
        if self.model_worker is not None and not self.model_done.is_set():
            self.cancel_model()
            if message is None:
                message = Text("model: stopping; the batch in progress ends first (its edits are discarded)")
        super().exit(result, return_code, message)

    async def action_quit(self) -> None:
        """ctrl+q quits as q does: asking when decisions are unsaved."""
        self.review.action_quit_review()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette: the review's actions that apply now, then Textual's own."""
        if screen is self.review:
            for action, title, help_text in ACTIONS:
                if self.review.check_action(action, ()):
                    yield SystemCommand(title, help_text, getattr(self.review, f"action_{action}"))
        yield from super().get_system_commands(screen)
