"""File input and output shared by every format: reading with clear errors, atomic writes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from repair.errors import InputError


def read_bytes(path: str | Path) -> bytes:
    """Read a file's bytes, turning OS errors into one-line :class:`InputError`.

    Raises:
        InputError: when the path is missing, a folder or unreadable.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(str(path), "no such file")
    if p.is_dir():
        raise InputError(str(path), "is a folder, expected a file")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def atomic_write_all(writes: Sequence[tuple[str | Path, bytes, str | Path | None]]) -> None:
    """Write several files all or nothing (staged beside their targets, then renamed together
    under a journal; see :func:`repair.commit.commit`).

    Args:
        writes: ``(path, data, mode_from)`` per file; ``mode_from`` names a file whose
            permission bits the new file takes (e.g. the original), or ``None``.

    Raises:
        OutputError: when a folder cannot be made or a file cannot be staged; then no target
            is changed and the temp files and folders made on the way are removed.
    """
    from repair.commit import commit  # with json and signal: only a run that writes loads them

    commit(writes)


def atomic_write(path: str | Path, data: bytes, mode_from: str | Path | None = None) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, rename); a
    symbolic link is written through (it stays a link).

    Args:
        path: target file; its folder is created when missing.
        data: the bytes to write.
        mode_from: copy permission bits from this file (e.g. the original).

    Raises:
        OutputError: when the folder cannot be created or the file cannot be written.
    """
    from repair.commit import commit

    commit([(path, data, mode_from)])
