"""Progress bars (rich) for runs over many files, on stderr, only where a person watches."""

from __future__ import annotations

from typing import Iterable, Iterator, TypeVar

from rich.console import Console
from rich.progress import track

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
