"""Progress bars (rich) for runs over many files, on stderr, only where a person watches."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn, track

T = TypeVar("T")


def progress(items: Iterable[T], description: str, total: int, console: Console, quiet: bool = False) -> Iterator[T]:
    """Yield ``items``, drawing a transient progress bar on ``console``.

    Args:
        items: what to iterate.
        description: the label left of the bar, e.g. ``"fixing"``.
        total: how many items there are (for the bar).
        console: where to draw (the CLI passes its stderr console).
        quiet: draw nothing (``--quiet``).

    The bar is drawn only when ``console`` is a terminal, not ``quiet``, and ``total > 1``.
    """
    enabled = not quiet and console.is_terminal and total > 1
    yield from track(items, description=description, total=total, console=console, disable=not enabled, transient=True)


@contextmanager
def counter(description: str, total: int, console: Console, quiet: bool = False) -> Iterator[Callable[[int], None]]:
    """A transient progress bar over ``total`` units (e.g. segments); yields ``advance(n)``.

    Drawn under the same conditions as :func:`progress`; otherwise ``advance`` does nothing.
    """
    enabled = not quiet and console.is_terminal and total > 1
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, disable=not enabled) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)
