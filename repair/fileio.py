"""File input and output shared by every format: reading with clear errors, atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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


def atomic_write(path: str | Path, data: bytes, mode_from: str | Path | None = None) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, rename).

    Args:
        path: target file; its folder is created when missing.
        data: the bytes to write.
        mode_from: copy permission bits from this file (e.g. the original).

    Raises:
        OutputError: when the folder cannot be created or the file cannot be written.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode_from is not None:
            os.chmod(tmp, os.stat(mode_from).st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(str(path), f"cannot write: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
