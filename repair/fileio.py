"""File input and output shared by every format: reading with clear errors, atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Sequence

from repair.errors import InputError, OutputError


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


def _stage(path: Path, data: bytes, mode_from: str | Path | None, created: list[Path]) -> str:
    """Write ``data`` to a temp file beside ``path`` (fsynced, permissions set); return its name.

    Folders made on the way are appended to ``created`` (outermost first).
    """
    missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
    try:
        for folder in reversed(missing):
            folder.mkdir()
            created.append(folder)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, os.stat(mode_from).st_mode & 0o7777 if mode_from is not None else 0o666 & ~_umask())
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from None
    return tmp


def atomic_write_all(writes: Sequence[tuple[str | Path, bytes, str | Path | None]]) -> None:
    """Write several files all or nothing: every file is staged as a temp file beside its
    target first, and only when all are staged are they renamed into place.

    Args:
        writes: ``(path, data, mode_from)`` per file; ``mode_from`` names a file whose
            permission bits the new file takes (e.g. the original), or ``None``.

    Raises:
        OutputError: when a folder cannot be made or a file cannot be staged; then no target
            is changed and the temp files and folders made on the way are removed.
    """
    staged: list[tuple[str, Path]] = []
    created: list[Path] = []
    try:
        for path, data, mode_from in writes:
            staged.append((_stage(Path(path), data, mode_from, created), Path(path)))
    except OutputError:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    for tmp, target in staged:
        try:
            os.replace(tmp, target)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise OutputError(str(target), f"cannot write: {exc.strerror or exc}") from None


def atomic_write(path: str | Path, data: bytes, mode_from: str | Path | None = None) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, rename).

    Args:
        path: target file; its folder is created when missing.
        data: the bytes to write.
        mode_from: copy permission bits from this file (e.g. the original).

    Raises:
        OutputError: when the folder cannot be created or the file cannot be written.
    """
    atomic_write_all([(path, data, mode_from)])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
