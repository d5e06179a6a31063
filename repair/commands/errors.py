"""Errors as one line on stderr: a :class:`~repair.errors.RepairError` exits 2, an interrupt
says whether anything was written."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

from repair.commands.console import err
from repair.console import escape
from repair.errors import RepairError
from repair.report import plural


def handle_errors(f: Callable) -> Callable:
    """Print a :class:`RepairError` as one line on stderr and exit 2; on Ctrl-C (or SIGTERM/SIGHUP
    where :func:`repair.interrupts.install` ran) say what was written and exit as interrupted."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except RepairError as exc:
            err.print(f"repair: error: {escape(str(exc))}")
            sys.exit(2)
        except KeyboardInterrupt as exc:
            from repair import commit, interrupts  # not before: a run that writes nothing never loads them

            done = (
                "nothing was written (every output is as it was)"
                if not commit.committed
                else f"it came after every output was written ({plural(commit.committed, 'file')})"
            )
            err.print(f"repair: {interrupts.describe(exc)}; {done}")
            sys.exit(interrupts.exit_status(exc))

    return wrapper
