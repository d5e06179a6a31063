"""Check every output of a run before the run starts, so that a run that would fail to write
fails before it has written anything (and before its slow part)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from repair import commit, interrupts
from repair.errors import OutputError


@dataclass(frozen=True)
class Output:
    """One file a run will write.

    Attributes:
        path: the path as the user named it (or as derived from an input).
        what: what it is, for messages: ``the report``, ``the corrected copy of a.txt``.
        replaces_input: it may be an input (``fix --in-place``).
    """

    path: str | Path
    what: str
    replaces_input: bool = False


def check(outputs: Sequence[Output], inputs: Iterable[str | Path] = ()) -> list[str]:
    """Refuse outputs that cannot all be written: two at one file (symbolic links followed),
    one at an input (unless it replaces it), one that is a folder, or one whose folder is a
    file or cannot be written in (a file is created and removed there to know). Then finish
    what an earlier run killed while writing to these folders left (:func:`repair.commit.recover`).

    Args:
        outputs: every file the run will write.
        inputs: the input files (``-`` for stdin is ignored).

    Returns:
        Lines saying what was done for an earlier, interrupted run (usually none).

    Raises:
        OutputError: naming the output path and the cause.
    """
    sources = {commit.target_of(p) for p in inputs if str(p) != "-"}
    seen: dict[Path, Output] = {}
    probed: set[Path] = set()
    for out in outputs:
        target = commit.target_of(out.path)
        if target in seen:
            raise OutputError(str(out.path), f"{seen[target].what} and {out.what} would both be written here")
        seen[target] = out
        if target in sources and not out.replaces_input:
            raise OutputError(str(out.path), f"{out.what} would overwrite an input file")
        if target.is_dir():
            raise OutputError(str(out.path), "is a folder")
        folder = next(p for p in target.parents if p.exists() or p.is_symlink())
        if folder not in probed:
            probed.add(folder)
            _probe(folder, str(out.path))
    return commit.recover(commit.journal_folders(seen))


def _probe(folder: Path, shown: str) -> None:
    """Create and remove a file in ``folder``.

    Raises:
        OutputError: naming ``shown`` when ``folder`` is no folder or takes no file.
    """
    if not folder.is_dir():
        raise OutputError(shown, f"cannot write: {folder} is a file, not a folder")
    probe = folder / f".repair-probe-{secrets.token_hex(6)}.tmp"
    with interrupts.deferred():  # the probe never stays behind
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise OutputError(shown, f"cannot write in {folder}: {exc.strerror or exc}") from None
        os.close(fd)
        probe.unlink(missing_ok=True)
