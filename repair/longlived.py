"""Objects made at start that live as long as the process (modules, classes, compiled rules):
no garbage collection while they are made, then out of the collector's sight."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def made_to_last() -> Iterator[None]:
    """No garbage collection while the block runs (imports, which make objects that live as
    long as the process: collections would trace them again and again), then every object
    made so far moved out of the collector's sight (:func:`gc.freeze`), as the :mod:`gc`
    documentation advises for long-lived objects made at start (figures: docs/editors.md).
    Nothing changes when collection was off already (an enclosing block, or the caller's
    choice)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
