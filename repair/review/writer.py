"""The review's sidecar writer: sidecars written on a thread of their own, newest text only.

A decision writes the whole sidecar atomically (temp file, fsync, rename). The fsync and the
making of the text of thousands of decisions would be inside a key's time if the screen
waited for them (figures: docs/performance.md); :class:`SidecarWriter` takes a snapshot and
makes and writes the text while the screen goes on. Only the newest text of each sidecar
matters: one handed over while an older one waits replaces it. ``flush`` waits until everything handed over is on disk; the app closes the writer
when it ends, and a process that ends otherwise (an error) closes it on exit, so only a killed
process can lose a decision: the last one handed over.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from repair.errors import OutputError
from repair.fileio import atomic_write


class Keeps(Protocol):
    """What the writer reports to: the review state whose sidecar it writes."""

    sidecar_error: str | None


class SidecarWriter:
    """A thread that writes sidecars handed to it by :meth:`put`.

    Args:
        on_error: called on the writer's thread after a write fails (and again after the
            next write that works), e.g. to have the screen show it; it must be thread-safe.
    """

    def __init__(self, on_error: Callable[[], object] | None = None) -> None:
        self._on_error = on_error
        self._cond = threading.Condition()
        self._pending: dict[Path, tuple[Keeps, str | Callable[[], str]]] = {}
        self._busy = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="repair-sidecar-writer", daemon=True)
        self._thread.start()
        atexit.register(self.close)  # a process ending without closing it still writes what it holds

    def put(self, owner: Keeps, path: Path, text: str | Callable[[], str]) -> None:
        """Write ``text`` to ``path`` soon (UTF-8, atomically); a failure goes to
        ``owner.sidecar_error``, and a later write that works clears it.

        Args:
            owner: the review state the sidecar is of.
            path: the sidecar.
            text: the text, or a function that makes it (called on the writer's thread, so
                it must read only what does not change meanwhile).

        Raises:
            RuntimeError: when the writer is closed.
        """
        with self._cond:
            if self._closed:
                raise RuntimeError("the sidecar writer is closed")
            self._pending[path] = (owner, text)
            self._cond.notify_all()

    def flush(self) -> None:
        """Wait until every text handed over is written (or has failed)."""
        with self._cond:
            while self._pending or self._busy:
                self._cond.wait()

    def close(self) -> None:
        """Write what is left, then stop the thread; :meth:`put` is refused after. Closing
        again does nothing."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join()
        atexit.unregister(self.close)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if not self._pending:
                    return  # closed, and everything written
                path, (owner, text) = next(iter(self._pending.items()))
                del self._pending[path]
                self._busy = True
            before = owner.sidecar_error
            try:
                atomic_write(path, (text if isinstance(text, str) else text()).encode("utf-8"))
                owner.sidecar_error = None
            except OutputError as exc:
                owner.sidecar_error = str(exc)
            except Exception as exc:  # anything else must not end the thread: flush() would wait for ever
                owner.sidecar_error = f"{path}: cannot write: {type(exc).__name__}: {exc}"
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
            if owner.sidecar_error != before and self._on_error is not None:
                try:
                    self._on_error()
                except Exception:  # the screen is gone (closing): nothing to tell
                    pass
