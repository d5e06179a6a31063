"""Work cut into steps: a generator that yields a line of progress after each step of a few
milliseconds and returns its result, so that a screen can run it between key presses (the
review's re-check) while a script runs it at once (:func:`run_steps`)."""

from __future__ import annotations

from collections.abc import Generator
from typing import TypeVar

T = TypeVar("T")
#: Work cut into steps: yields a line of progress after each step, returns its result.
Steps = Generator[str, None, T]


def run_steps(steps: Steps[T]) -> T:
    """Run every step of ``steps`` at once and return its result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
