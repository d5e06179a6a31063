"""A cache of derived data in the user's cache folder, so that a start of ``repair`` does
not parse again what it parsed before (the shipped packs' YAML).

Where: ``$XDG_CACHE_HOME/repair`` (the XDG Base Directory specification), else
``~/.cache/repair``. One file per name, holding the key the value was derived from (the
source bytes themselves, so a changed source never gets a stale value), the marshalled value
and a CRC-32 of both. A value is served only when the key is the same, byte for byte, and
the checksum matches, so a file that is truncated, corrupt, written by another version of
Python or ``repair``, or derived from other source is not used: the value is computed again
and the file replaced
(written to a temporary file and renamed, so readers never see half a file). Every error
of the cache folder (unwritable, missing, no home folder) is ignored: the cache only saves
time, it never changes a result or fails a run.

Values are what :mod:`marshal` writes (``None``, bools, numbers, strings, bytes, tuples,
lists, dicts, sets, frozensets); a value it cannot write is not cached. (A large set is a poor
value: marshal sorts its elements to write it, and reading it hashes them all again.)
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from repair import __version__

#: The first bytes of every cache file: the format, this Python's bytecode tag (marshal's
#: format may change between Pythons) and the version of ``repair``.
_MAGIC = f"repair-cache 1 {sys.implementation.cache_tag} {__version__}\n".encode()
_HEAD = len(_MAGIC) + 12  # the magic, the key's length (8 bytes) and the CRC-32 (4 bytes)


def cache_dir() -> Path | None:
    """The cache folder (not created here), or ``None`` when there is no home folder to hold it."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: ignored, as the specification says
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home folder
            return None
    return Path(base) / "repair"


def _crc(key: bytes, payload: bytes | memoryview) -> bytes:
    return zlib.crc32(payload, zlib.crc32(key)).to_bytes(4, "little")


def load(name: str, key: bytes) -> tuple[bool, Any]:
    """``(True, value)`` for the value cached under ``name`` and derived from ``key``,
    ``(False, None)`` when there is none (or it is unreadable, corrupt or from other ``key``)."""
    folder = cache_dir()
    if folder is None:
        return False, None
    try:
        data = (folder / f"{name}.marshal").read_bytes()
    except OSError:
        return False, None
    if not data.startswith(_MAGIC) or len(data) < _HEAD:
        return False, None
    size = int.from_bytes(data[len(_MAGIC) : len(_MAGIC) + 8], "little")
    view = memoryview(data)
    if size != len(key) or view[_HEAD : _HEAD + size] != key:
        return False, None
    payload = view[_HEAD + size :]
    if _crc(key, payload) != data[_HEAD - 4 : _HEAD]:
        return False, None
    try:
        return True, marshal.loads(payload)
    except (EOFError, ValueError, TypeError):  # pragma: no cover - the checksum matched
        return False, None


def store(name: str, key: bytes, value: Any) -> None:
    """Cache ``value`` under ``name`` as derived from ``key``; silently nothing when the
    value cannot be marshalled or the folder cannot be written."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        payload = marshal.dumps(value)
    except ValueError:  # a type marshal cannot write (a date from YAML, ...)
        return
    import tempfile

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(b"".join([_MAGIC, len(key).to_bytes(8, "little"), _crc(key, payload), key, payload]))
        os.replace(tmp, folder / f"{name}.marshal")
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def cached(name: str, key: bytes, compute: Callable[[], Any]) -> Any:
    """The value cached under ``name`` for ``key``, else ``compute()`` (stored for next time).

    Exceptions of ``compute`` propagate; nothing is stored then.
    """
    found, value = load(name, key)
    if found:
        return value
    value = compute()
    store(name, key, value)
    return value
