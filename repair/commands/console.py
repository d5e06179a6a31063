"""The consoles every command prints on (rich, loaded on first print: see :class:`repair.console.LazyConsole`)."""

from __future__ import annotations

import sys

from repair.console import LazyConsole

#: stdout; when it is no terminal (a pipe, a log) tables get 200 columns instead of rich's 80
out = LazyConsole(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
#: stderr: errors, per-file lines, progress
err = LazyConsole(stderr=True, highlight=False, soft_wrap=True)
