"""A progress bar (rich) over units of work (segments, pairs), on stderr, only where a person
watches (``eval``, ``learn``; batches of files: :mod:`repair.commands.progress`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:
    from repair.console import LazyConsole


@contextmanager
def counter(
    description: str, total: int, console: Console | LazyConsole, quiet: bool = False
) -> Iterator[Callable[[int], None]]:
    """A transient progress bar over ``total`` units (e.g. segments); yields ``advance(n)``.

    Drawn only when ``console`` is a terminal, not ``quiet``, and ``total > 1``; otherwise
    ``advance`` does nothing.
    """
    enabled = not quiet and console.is_terminal and total > 1
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # a LazyConsole stands for its Console (it forwards every attribute)
    with Progress(*columns, console=console, transient=True, disable=not enabled) as bar:  # type: ignore[arg-type]
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)
