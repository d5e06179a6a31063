"""The Textual app of `repair review`: one :class:`~repair.review.widgets.review_screen.ReviewScreen`
over the :class:`~repair.review.state.ReviewState` of every file.

Edits that arrive later are passed as ``extra``: an iterable or async iterable of
``(file_index, edits)`` pairs, consumed by a worker while the person reviews. A model
(``model=``, anything with ``iter_propose(segments, rule_edits)``, see
:class:`repair.model.base.Proposer`) runs in a thread worker: its inference blocks, so it
runs off the event loop, and each batch's edits are handed to the screen with
``call_from_thread`` as soon as they are computed. The header shows its progress
("model: 32/120 segments"); quitting cancels the worker, which stops before the next batch.
The sidecars are written on a thread of their own (:mod:`repair.review.writer`): a key hands
over a snapshot and goes on.

The layout and colours are in ``app.tcss`` beside this module; the screen's keys, footer,
help and command palette come from one table, :data:`repair.review.actions.ACTIONS`.

SIGTERM and SIGHUP close the app as a quit without saving does (it returns ``None``): the
terminal is restored, the sidecars written, and the CLI prints the closing lines (status 1).
"""

from __future__ import annotations

import asyncio
import gc
import signal
import threading
from collections.abc import AsyncIterable, Iterable, Sequence

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from repair.edits import Edit
from repair.model.base import Proposer, first_line
from repair.review import actions
from repair.review.outcome import Outcome, closing_line, closing_report, outcome
from repair.review.state import ReviewState
from repair.review.widgets.review_screen import ReviewScreen
from repair.review.writer import SidecarWriter

__all__ = ["ExtraEdits", "Outcome", "ReviewApp", "ReviewScreen", "closing_line", "closing_report", "outcome"]

#: Segments handed to the model's proposer at a time (its batches form within a chunk).
CHUNK = 16

#: Signals that close the review as a quit without saving does (see :meth:`ReviewApp.on_mount`).
CLOSING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))

#: Later edits: ``(file index, edits)`` pairs, as an iterable or an async iterable.
ExtraEdits = Iterable[tuple[int, Sequence[Edit]]] | AsyncIterable[tuple[int, Sequence[Edit]]]


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
    #: The layout and colours (package data beside this module).
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        states: Sequence[ReviewState],
        extra: ExtraEdits | None = None,
        theme: str = "textual-dark",
        model: Proposer | None = None,
    ) -> None:
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
        # out of the cyclic garbage collector's full passes, which otherwise slow an occasional
        # key of a large article (docs/performance.md). Undone on unmount.
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
        sentences is pure Python, which holds the interpreter lock, and a whole large article
        split at once froze the keys (docs/performance.md); a chunk is short.
        Each batch's edits go to the screen through ``call_from_thread``; the cancel flag is
        read before each batch is handed over, so after a quit no further batch is consumed.
        A failure of the model (any exception) is shown, never raised: the review goes on.
        """
        worker = get_current_worker()
        model = self.model
        assert model is not None  # the worker is started only with a model
        try:
            for file_index, segments, rule_edits in jobs:
                by_segment: dict[int, list[Edit]] = {}
                for e in rule_edits:
                    by_segment.setdefault(e.segment, []).append(e)
                for start in range(0, len(segments), CHUNK):
                    chunk = segments[start : start + CHUNK]
                    if worker.is_cancelled:
                        return
                    rules = [e for seg in chunk for e in by_segment.get(seg.index, ())]
                    batches = model.iter_propose(chunk, rules)
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
            for action, title, help_text in actions.palette():
                if self.review.check_action(action, ()):
                    yield SystemCommand(title, help_text, getattr(self.review, f"action_{action}"))
        yield from super().get_system_commands(screen)
