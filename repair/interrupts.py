"""Signals in a run that writes files: SIGTERM and SIGHUP end it as Ctrl-C does (by an
exception, so that ``finally`` blocks remove staged files), and a critical section (the renames
of a commit, the clean-up after a failure) finishes before any signal is acted on.

Python runs signal handlers only in the main thread; code on other threads is never
interrupted, so :func:`deferred` does nothing there.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: the signals that end a run: Ctrl-C, ``kill``, a closed terminal
SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupted(KeyboardInterrupt):
    """A run ended by a signal (a :class:`KeyboardInterrupt`, so code that handles Ctrl-C
    handles SIGTERM and SIGHUP too).

    Args:
        signum: the signal's number.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def install() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` (main thread only; elsewhere
    nothing is changed)."""
    if threading.current_thread() is threading.main_thread():
        for signum in SIGNALS:
            signal.signal(signum, _raise)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP while the block runs; one that arrived meanwhile is
    acted on (by the handler that was in place) when the block ends.

    On a thread other than the main thread this does nothing (signals never interrupt it).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    held = [
        signum for signum in SIGNALS if signal.getsignal(signum) is not None
    ]  # None: set outside Python, left alone
    previous = {signum: signal.signal(signum, lambda s, _f: pending.append(s)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if pending:
            handler = previous[pending[0]]
            if callable(handler):
                handler(pending[0], None)
            elif handler != signal.SIG_IGN:
                signal.raise_signal(pending[0])


def exit_status(exc: KeyboardInterrupt) -> int:
    """The shell's status for a run ended by ``exc``: 128 + the signal's number (130 for Ctrl-C)."""
    return 128 + getattr(exc, "signum", signal.SIGINT)


def describe(exc: KeyboardInterrupt) -> str:
    """``interrupted`` (Ctrl-C) or ``stopped by SIGTERM`` (another signal)."""
    signum = getattr(exc, "signum", signal.SIGINT)
    return "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
