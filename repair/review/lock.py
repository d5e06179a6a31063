"""The review's lock: one `repair review` at a time on an output and its sidecar.

Two reviews of one output would each save their own copy over the other's and write their
own decisions over the other's sidecar. So `repair review` takes, before it reads the
sidecar, an exclusive lock on ``OUTPUT.review.lock`` (beside the sidecar), and a second review
of the same output is refused with one line that names the holder (its process id, host and
start time, which the lock file holds as JSON).

The lock is an ``flock`` on that file (POSIX), which the kernel releases when its process
ends, however it ends: a lock file left by a killed review is not held, and the next review
takes it over (and says whose it was). A review that ends normally removes the file.
Opening read-only instead of refusing was rejected: a second screen whose keys do nothing
(or decide without keeping) is a trap; the holder's line says how to go on.
"""

from __future__ import annotations

import datetime
import errno
import fcntl
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from repair.errors import RepairError

#: Suffix added to the output path to name the lock file.
LOCK_SUFFIX = ".review.lock"


class ReviewLocked(RepairError):
    """The output is being reviewed by another process."""


def lock_path(output: str | Path) -> Path:
    """``dir/article.repaired.txt`` -> ``dir/article.repaired.txt.review.lock``."""
    output = Path(output)
    return output.with_name(output.name + LOCK_SUFFIX)


def describe(holder: dict) -> str:
    """``process 1234 on host, since 2026-12-01 23:40:12 UTC`` from a lock file's JSON (parts
    that are missing are left out)."""
    parts = [f"process {holder['pid']}" if isinstance(holder.get("pid"), int) else "another process"]
    if isinstance(holder.get("host"), str):
        parts.append(f"on {holder['host']}")
    text = " ".join(parts)
    if isinstance(holder.get("started"), str):
        text += f", since {holder['started']}"
    return text


def _holder(fd: int) -> dict:
    """The JSON a lock file holds ({} when empty or not JSON)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 4096).decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):  # nested too deep: RecursionError
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class ReviewLock:
    """A lock held on one output (see the module docstring); :meth:`release` ends it.

    Attributes:
        output: the output path it protects (with its sidecar).
        path: the lock file.
        taken_over: the holder's JSON of a lock file left by a process that ended without
            removing it (``None`` when there was none).
    """

    output: Path
    path: Path
    fd: int | None
    taken_over: dict | None = None
    created: tuple[Path, ...] = ()  # folders made for the lock file (outermost first), removed when left empty

    @classmethod
    def acquire(cls, output: str | Path) -> ReviewLock:
        """Take the lock of ``output``.

        Raises:
            ReviewLocked: when another process holds it: ``OUTPUT: being reviewed by process
                1234 on host, since ...``.
            RepairError: when the lock file cannot be made (e.g. a read-only folder).
        """
        output = Path(output)
        path = lock_path(output)
        created = tuple(reversed([p for p in [path.parent, *path.parent.parents] if not p.exists()]))
        while True:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise RepairError(str(path), f"cannot make the review lock: {exc.strerror or exc}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                holder = _holder(fd)
                os.close(fd)
                _remove_empty(created)
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise RepairError(str(path), f"cannot lock: {exc.strerror or exc}") from None
                raise ReviewLocked(
                    str(output),
                    f"being reviewed by {describe(holder)} (lock {path}); quit that"
                    f" review first, or review into another copy with -o",
                ) from None
            try:  # a holder that was ending removed the file after we opened it: lock the new one
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            previous = _holder(fd) or None
            started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            me = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started": started})
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, me.encode("utf-8") + b"\n")
            return cls(output, path, fd, previous, created)

    def release(self) -> None:
        """Remove the lock file and unlock; releasing again does nothing."""
        if self.fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass  # the kernel lock ends with the close below; a file left behind is taken over
        os.close(self.fd)
        self.fd = None
        _remove_empty(self.created)


def _remove_empty(folders: tuple[Path, ...]) -> None:
    """Remove ``folders`` (outermost first) that are empty, innermost first."""
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (the saved copy is there), or gone
