"""Commit every write of a run as a whole: each file is staged beside its target, then all are
renamed into place under a journal, so that an interrupted run leaves every output old or new.

:func:`commit` works in four steps:

1. the folders on the way are made;
2. (more than one file) a journal, ``.repair-journal.json`` in the deepest folder common to the
   targets, is created with state ``staging`` and lists every temp name and its target;
3. every file is written to its temp name (``.NAME.repair-TOKEN.tmp`` beside the target),
   fsynced and given its permission bits;
4. the journal is rewritten with state ``renaming``; every temp file is renamed onto its target
   with SIGINT/SIGTERM/SIGHUP held until the last rename; the folders are fsynced and the
   journal is removed.

An exception or a signal during steps 1-3 removes the temp files, the folders made and the
journal: no output changed. A SIGKILL or a power cut leaves the journal behind; the next run
that writes into that folder calls :func:`recover`, which removes the temp files of a
``staging`` journal (every output old) or finishes the renames of a ``renaming`` one (every
output new).

Symbolic links are written through: a target that is a link keeps being the link, and its
file gets the new bytes (as ``>`` in a shell does).
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from repair import interrupts
from repair.errors import OutputError

#: the journal's file name (hidden: folder walks skip it)
JOURNAL = ".repair-journal.json"

#: the name of a temp file (``.NAME.repair-TOKEN.tmp``)
_TEMP = re.compile(r"\..+\.repair-[0-9a-f]{12}\.tmp")

#: files renamed into place by :func:`commit` in this process (for the message of an interrupted run)
committed = 0


def target_of(path: str | Path) -> Path:
    """The file a write to ``path`` changes: ``path`` with every symbolic link on the way
    followed (absolute)."""
    return Path(os.path.realpath(path))


def journal_folders(targets: Iterable[Path]) -> list[Path]:
    """Where a journal for writes to ``targets`` (as :func:`target_of` gives them) can lie:
    the deepest folder common to all, then each target's folder."""
    parents = list(dict.fromkeys(t.parent for t in targets))
    if not parents:
        return []
    common = Path(os.path.commonpath([str(p) for p in parents]))
    return list(dict.fromkeys([common, *parents]))


def commit(writes: Sequence[tuple[str | Path, bytes, str | Path | None]]) -> None:
    """Write several files all or nothing (see the module's description).

    Args:
        writes: ``(path, data, mode_from)`` per file; ``mode_from`` names a file whose
            permission bits the new file takes (e.g. the original), or ``None`` (the umask's).

    Raises:
        OutputError: when a folder cannot be made, a file cannot be staged (nothing changed
            then), another run's journal is in the way, or a rename fails (the journal then
            stays, and the message says how many outputs were written).
        KeyboardInterrupt: on a signal before the renames (nothing changed), or after them.
    """
    with Staging([(path, mode_from) for path, _, mode_from in writes]) as staging:
        for i, (_, data, _) in enumerate(writes):
            staging.stage(i, data)
        staging.finish()


class Staging:
    """:func:`commit` for outputs produced one at a time: every planned output is named when
    the staging opens (folders made, journal created), each file is staged as soon as its
    bytes exist (so a run holds one output in memory, not all), and :meth:`finish` renames
    every staged file into place. Use it as a context manager: an exception or a signal
    before :meth:`finish` removes the temp files, the folders made and the journal.

    Args:
        planned: ``(path, mode_from)`` per output that may be written; one left unstaged
            (an ``--in-place`` file that did not change) is simply not written.

    Raises:
        OutputError: when a folder cannot be made or another run's journal is in the way.
    """

    def __init__(self, planned: Sequence[tuple[str | Path, str | Path | None]]) -> None:
        self.shown = [str(p) for p, _ in planned]
        self.modes = [m for _, m in planned]
        self.targets = [target_of(p) for p, _ in planned]
        token = os.urandom(6).hex()  # what secrets.token_hex(6) returns, without importing hashlib and random
        self.temps = [t.with_name(f".{t.name[:200]}.repair-{token}.tmp") for t in self.targets]  # within NAME_MAX (255)
        self.created: list[Path] = []
        self.journal: Path | None = None
        self.done: list[int] = []
        self._open: dict[int, BinaryIO] = {}
        try:
            with interrupts.deferred():  # a folder made or a journal created is always on record
                for target, name in zip(self.targets, self.shown):
                    _make_folders(target.parent, name, self.created)
                if len(planned) > 1:
                    self.journal = _open_journal(self.targets, self.temps, self.created)
        except BaseException:
            self.abort()
            raise

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if exc is not None and self.done is not None:
            self.abort()

    def stage(self, index: int, data: bytes) -> None:
        """Write the bytes of planned output ``index`` to its temp file (fsynced, permission bits set).

        Raises:
            OutputError: when the file cannot be written (call :meth:`abort`, or leave the ``with``).
        """
        self.write(index, data)
        self.close(index)

    def write(self, index: int, data: bytes) -> None:
        """Append ``data`` to the temp file of planned output ``index`` (created on the first
        write), so that an output made of parts (the chunks of a big file) is never whole in memory.

        Raises:
            OutputError: when the file cannot be written.
        """
        fh = self._open.get(index)
        if fh is None:
            fh = self._open[index] = _create(self.temps[index], self.shown[index])
        try:
            fh.write(data)
        except OSError as exc:
            raise OutputError(self.shown[index], f"cannot write: {exc.strerror or exc}") from None

    def close(self, index: int) -> None:
        """The temp file of planned output ``index`` is whole: fsync it and set its permission bits.

        Raises:
            OutputError: when the file cannot be written.
        """
        if index not in self._open:
            self.write(index, b"")
        _close(self._open.pop(index), self.temps[index], self.modes[index], self.shown[index])
        self.done.append(index)
        _test_hook("staged", len(self.done))

    def is_open(self, index: int) -> bool:
        """Whether planned output ``index`` has been written to and not yet closed."""
        return index in self._open

    def drop(self, index: int) -> None:
        """Give up planned output ``index`` (written to, or staged): its temp file is removed
        and its target left as it is."""
        fh = self._open.pop(index, None)
        if fh is not None:
            fh.close()
        if index in self.done:
            self.done.remove(index)
        self.temps[index].unlink(missing_ok=True)

    def abort(self) -> None:
        """Remove the temp files, the folders made and the journal: no output changed."""
        with interrupts.deferred():
            for fh in self._open.values():
                fh.close()
            self._open.clear()
            _discard(self.temps, self.created, self.journal)
        self.done = None  # type: ignore[assignment]  # closed

    def finish(self) -> None:
        """Rename every staged file into place (signals held until the last rename).

        Raises:
            OutputError: when a rename fails (the journal then stays, and the message says how
                many outputs were written).
        """
        global committed
        order = sorted(self.done)
        targets = [self.targets[i] for i in order]
        staged = [self.temps[i] for i in order]
        shown = [self.shown[i] for i in order]
        journal = self.journal
        if journal is not None:
            _write_journal(journal, "renaming", targets, staged, self.created)
        self.done = None  # type: ignore[assignment]  # from here on, a failure keeps what is renamed
        with interrupts.deferred():
            for i, (tmp, target, name) in enumerate(zip(staged, targets, shown)):
                try:
                    os.replace(tmp, target)
                except OSError as exc:
                    left = (
                        f"; {i} of {len(staged)} outputs were written, run again to finish ({journal})"
                        if journal and i
                        else ""
                    )
                    if journal is None or not i:
                        _discard(staged, self.created, journal)
                    raise OutputError(name, f"cannot write: {exc.strerror or exc}{left}") from None
                committed += 1
                _test_hook("renamed", i + 1)
            _fsync_folders(t.parent for t in targets)
            if journal is not None:
                try:
                    journal.unlink()
                except OSError:
                    pass  # every output is new: a journal left behind finds nothing to do
                _fsync_folders([journal.parent])


def recover(folders: Iterable[Path]) -> list[str]:
    """Finish what a run killed while writing left behind in ``folders``: the temp files of a
    journal in state ``staging`` are removed (its outputs stay old), the renames of one in
    state ``renaming`` are completed (its outputs all new).

    Returns:
        One line per journal handled, saying what was done (for stderr).

    Raises:
        OutputError: naming the journal, when its run is still going (its process lives) or a
            file cannot be moved.
    """
    notes = []
    for folder in dict.fromkeys(folders):
        journal = folder / JOURNAL
        if not journal.is_file():
            continue
        try:
            data = json.loads(journal.read_text("utf-8"))
            state, pid = data["state"], int(data["pid"])
            files = [(Path(f["staged"]), Path(f["target"])) for f in data["files"]]
            created = [Path(f) for f in data["folders"]]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):  # nested too deep: RecursionError
            state, pid, files, created = "incomplete", 0, [], []
        for tmp, target in files:  # only ever move or remove this module's own temp files
            if not (
                target.is_absolute()
                and tmp.parent == target.parent
                and _TEMP.fullmatch(tmp.name)
                and tmp.name.startswith(f".{target.name[:200]}.repair-")
            ):
                raise OutputError(str(journal), f"not a journal that repair wrote (it names {tmp}); remove it")
        if pid and pid != os.getpid() and _alive(pid):
            raise OutputError(
                str(journal),
                f"another repair run (process {pid}) is writing here; wait for it to end "
                "(or, if there is no such run, remove this file)",
            )
        try:
            with interrupts.deferred():
                if state == "renaming":
                    moved = 0
                    for tmp, target in files:
                        if tmp.exists():
                            os.replace(tmp, target)
                            moved += 1
                    _fsync_folders(t.parent for _, t in files)
                    notes.append(
                        f"{journal}: an earlier run was stopped while it renamed its outputs into place; "
                        f"the last {moved} of {len(files)} were renamed now, so all of them are new"
                    )
                else:
                    removed = _discard([t for t, _ in files], created, journal)
                    notes.append(
                        f"{journal}: an earlier run was stopped before it wrote any output; "
                        f"its {removed} temp files were removed, so all of its outputs are as they were"
                    )
                journal.with_name(JOURNAL + ".tmp").unlink(missing_ok=True)
                journal.unlink(missing_ok=True)
                _fsync_folders([folder])
        except OSError as exc:
            raise OutputError(str(journal), f"cannot finish an interrupted run: {exc.strerror or exc}") from None
    return notes


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but belongs to someone else
    return True


def _make_folders(folder: Path, shown: str, created: list[Path]) -> None:
    """Make ``folder`` and the folders above it that are missing; append them to ``created``
    (outermost first)."""
    missing = [p for p in [folder, *folder.parents] if not p.exists() and not p.is_symlink()]
    try:
        for p in reversed(missing):
            p.mkdir()
            created.append(p)
    except OSError as exc:
        raise OutputError(shown, f"cannot write: {exc.strerror or exc}") from None


def _open_journal(targets: list[Path], staged: list[Path], created: list[Path]) -> Path:
    """Create the journal (state ``staging``) in the first writable folder of
    :func:`journal_folders`; returns its path.

    Raises:
        OutputError: when another run's journal is there, or no folder takes one.
    """
    error: OSError | None = None
    for folder in journal_folders(targets):
        journal = folder / JOURNAL
        try:
            fd = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            raise OutputError(
                str(journal),
                "another repair run is writing here (its journal exists); wait for it to end "
                "(or, if there is no such run, run again to finish what it left)",
            ) from None
        except OSError as exc:
            error = exc
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_journal_text("staging", targets, staged, created))
            fh.flush()
            os.fsync(fh.fileno())
        _fsync_folders([folder])
        return journal
    raise OutputError(str(targets[0].parent / JOURNAL), f"cannot write: {error.strerror if error else 'no folder'}")


def _journal_text(state: str, targets: list[Path], staged: list[Path], created: list[Path]) -> str:
    return (
        json.dumps(
            {
                "repair": "journal 1",
                "pid": os.getpid(),
                "state": state,
                "folders": [str(f) for f in created],
                "files": [{"staged": str(s), "target": str(t)} for s, t in zip(staged, targets)],
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )


def _write_journal(journal: Path, state: str, targets: list[Path], staged: list[Path], created: list[Path]) -> None:
    """Replace the journal's text atomically (its temp file, fsync, rename)."""
    tmp = journal.with_name(JOURNAL + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(_journal_text(state, targets, staged, created))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, journal)
        _fsync_folders([journal.parent])
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(str(journal), f"cannot write: {exc.strerror or exc}") from None


def _create(tmp: Path, shown: str) -> BinaryIO:
    """Create the new file ``tmp`` (refused if it exists) and return it open for writing."""
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise OutputError(shown, f"cannot write: {exc.strerror or exc}") from None
    return os.fdopen(fd, "wb")


def _close(fh, tmp: Path, mode_from: str | Path | None, shown: str) -> None:
    """Flush, fsync and close ``fh`` (the file ``tmp``) and set its permission bits."""
    try:
        with fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, os.stat(mode_from).st_mode & 0o7777 if mode_from is not None else 0o666 & ~_umask())
    except OSError as exc:
        raise OutputError(shown, f"cannot write: {exc.strerror or exc}") from None


def _discard(staged: Iterable[Path], created: list[Path], journal: Path | None) -> int:
    """Remove the temp files, the folders made (when empty, innermost first) and the journal;
    returns how many temp files there were."""
    removed = 0
    for tmp in staged:
        try:
            tmp.unlink()
            removed += 1
        except FileNotFoundError:
            pass
        except OSError:
            pass
    if journal is not None:
        journal.with_name(JOURNAL + ".tmp").unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
    for folder in reversed(created):
        try:
            folder.rmdir()
        except OSError:
            pass
    return removed


def _fsync_folders(folders: Iterable[Path]) -> None:
    """fsync each folder, so that the renames in it reach the disk (where folders can be opened)."""
    for folder in dict.fromkeys(folders):
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _test_hook(phase: str, count: int) -> None:
    """For the test suite only: ``REPAIR_TEST_HOOK=PHASE:N:ACTION[:FOLDER]`` acts when the
    ``N``-th file is ``staged`` or ``renamed`` (PHASE). ACTION ``kill`` sends this process
    SIGKILL; ``wait`` creates ``FOLDER/ready`` and waits until ``FOLDER/go`` exists (at most
    120 s), so that a test can send a signal at a known point."""
    spec = os.environ.get("REPAIR_TEST_HOOK")
    if not spec:
        return
    want, n, action, *rest = spec.split(":", 3) + [""]
    if want != phase or int(n) != count:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "wait":
        folder = Path(rest[0])
        (folder / "ready").touch()
        deadline = time.monotonic() + 120
        while not (folder / "go").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
