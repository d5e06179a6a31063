"""The progress bar of a batch (``check``, ``fix``): bytes and files done, on stderr, only
when stderr is a terminal and the batch is long (several files, or one of at least
:data:`LONG_BYTES`), never with ``--quiet``. Rich is imported only when the bar is drawn, so
that a one-line ``repair check`` stays light. While the bar is up, what the command writes to
stdout goes above it (rich's redirection of ``sys.stdout``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from repair.inputs import InputFile
from repair.pipeline.work import Unit

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

#: a single input at least this long (bytes) gets a bar
LONG_BYTES = 4 << 20


def _size(item: InputFile) -> int:
    try:
        return 0 if item.path == "-" else os.path.getsize(item.path)
    except OSError:
        return 0


class BatchProgress:
    """A transient bar over the inputs of a run, advanced as each unit is done.

    Args:
        items: the run's inputs.
        verb: the label left of the bar (``"checking"``).
        quiet: draw nothing (``--quiet``).
        enabled: draw it even if stderr is no terminal (tests); ``None``: decide as above.
    """

    def __init__(self, items: Sequence[InputFile], verb: str, quiet: bool = False, enabled: bool | None = None) -> None:
        self.sizes = [_size(item) for item in items]
        self.verb = verb
        total = sum(self.sizes)
        if enabled is None:
            enabled = not quiet and sys.stderr.isatty() and (len(items) > 1 or total >= LONG_BYTES)
        self.enabled = enabled
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self.files_done = 0

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TextColumn("{task.fields[files]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.verb, total=sum(self.sizes) or None, files=self._files())
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()

    def _files(self) -> str:
        return f"{self.files_done}/{len(self.sizes)} files"

    def done(self, unit: Unit) -> None:
        """Count ``unit`` as done: its bytes, and its file once its last chunk is."""
        size = self.sizes[unit.index]
        last = unit.chunk is None or unit.chunk.end >= size
        self.files_done += last
        if self._bar is not None and self._task is not None:
            done = unit.chunk.end - unit.chunk.start if unit.chunk is not None else size
            self._bar.update(self._task, advance=done, files=self._files())

    def write(self, text: str) -> None:
        """Write ``text`` to stdout now (above the bar while it is drawn)."""
        sys.stdout.write(text)
        sys.stdout.flush()
