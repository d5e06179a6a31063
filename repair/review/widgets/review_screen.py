"""The main screen of the review: file list, article, current edit, queue and key bar.

Every decision goes through the state (which writes the sidecar); the screen only keeps the
widgets in step: the file list (several files), the whole article
(:class:`~repair.review.widgets.article.ArticleView`, which draws only its visible lines),
the current edit as a word diff, and the queue (Textual's ``OptionList``, one option per
edit; see :mod:`repair.review.widgets.queue`). Its keys, footer, help and command-palette
entries come from :data:`repair.review.actions.ACTIONS`.

The re-check (``c``) is pure Python, so a thread would hold the interpreter lock against the
keys; it runs instead as a worker on the event loop, in slices of its steps with pauses for
the keys between them (:meth:`ReviewScreen.action_recheck`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, OptionList, Static
from textual.worker import Worker

from repair.edits import Edit
from repair.errors import RepairError
from repair.model.base import first_line
from repair.review import actions, render
from repair.review.diff import context_diff
from repair.review.outcome import outcome
from repair.review.recheck import Recheck
from repair.review.state import ReviewState
from repair.review.widgets import queue
from repair.review.widgets.article import ArticleView
from repair.review.widgets.keybar import KeyBar
from repair.review.widgets.screens import EditScreen, FilterScreen, HelpScreen, QuitScreen
from repair.steps import Steps, T

#: Seconds of re-check work between two turns of the event loop, and the pause after each
#: for keys and drawing. A key goes from the terminal to its action through several widgets,
#: one turn of the loop each: without a pause each would wait a slice.
RECHECK_SLICE = 0.004
RECHECK_PAUSE = 0.002
#: Seconds between two updates of the re-check's progress in the header.
STATUS_EVERY = 0.1
#: Rounds a re-check runs while decisions taken meanwhile outdate what it checked.
RECHECK_ROUNDS = 3
#: The screen's key bindings, built from :data:`repair.review.actions.ACTIONS` (the key bar lists them too).
_BINDINGS = actions.bindings()


class ReviewScreen(Screen[None]):
    """The main screen: file list, article, current edit, queue, footer.

    Args:
        states: one review state per file, in the order they are reviewed.
    """

    BINDINGS: ClassVar[list[BindingType]] = list(_BINDINGS)

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
        yield KeyBar(_BINDINGS, id="keys")

    def on_mount(self) -> None:
        self.query_one("#article").border_title = "Article"
        self.query_one("#current-pane").border_title = "Edit"
        self.load_file(0)
        self.table.focus()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        stale = sum(len(s.stale) for s in self.states)
        if stale:
            self.notify(
                f"{stale} earlier decisions no longer match the text (stale): kept in the sidecar, not applied",
                severity="warning",
                timeout=8,
            )

    @property
    def palette(self) -> render.Palette:
        """Diff and decision colours from the app's theme."""
        theme = self.app.current_theme
        return render.Palette(
            error=theme.error or "red",
            success=theme.success or "green",
            warning=theme.warning or "yellow",
            muted="grey50",
            highlight=self.app.theme_variables.get("primary-background", "grey23"),
        )

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
        # A layout of the screen is a large share of a key. The pane is at least as tall as its
        # scroll view (CSS min-height), so a layout is needed only when the new text is taller
        # than the pane, or was: it is asked for only then.
        current.update(render.current_text(state, palette, self.use_markers), layout=False)
        width, height = current.content_size
        view = current.parent.scrollable_content_region.height if isinstance(current.parent, Widget) else 0
        if not width or max(view, current.visual.get_height(current.styles, width)) != height:  # type: ignore[arg-type]  # as Textual's Widget does; it annotates RulesMap
            current.refresh(layout=True)
        self.article.show(state, palette)
        position = f"({state.cursor + 1}/{len(state.view)})" if state.view else "(0/0)"
        filt = f" · filter: {state.filter_text}" if state.filter_text else ""
        self.query_one(
            "#queue"
        ).border_title = f"Queue {position} · {state.pending_count} pending of {len(state.items)}{filt}"
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
        self.recheck_worker = self.run_worker(
            self._recheck(self.file, steps), name="recheck", group="recheck", exclusive=True, exit_on_error=False
        )

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
            self.notify(
                f"re-check failed: {exc.message if isinstance(exc, RepairError) else first_line(exc)}",
                severity="error",
                timeout=10,
            )
            return
        finally:
            self.recheck_worker = None
            self.recheck_status = ""
            self._show_status()
        message = f"re-check: {len(ids)} new edit{'s' if len(ids) != 1 else ''}"
        if done.outdated:
            message += f"; {done.outdated} segments changed while they were checked: press c again"
        if skipped:
            message += (
                f"; {skipped} more touch only part of a fix's text, not offered here"
                " (run repair check on the saved copy)"
            )
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

        self.app.push_screen(
            QuitScreen([s.doc.path for s in unsaved], [s.doc.path for s in unsaved if s.sidecar_error]), done
        )

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
