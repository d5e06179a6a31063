"""The completion record of a batch ``fix`` (``--engine ray``): which outputs are finished, so that
a run started again with ``--resume`` skips them.

The record is ``<out-dir>/.repair-finished.jsonl``: one JSON object per finished output,
appended (and fsynced) only after the output was renamed into place, with the SHA-256 of the
input and of the output, the findings left, and the fingerprint of the run (repair's version,
the options, the settings, the fix tier and the bytes of the user's own packs). An input counts
as finished when an entry for it has this run's fingerprint, the input's current hash, and the
output file on disk has the recorded hash: an output written halfway (never at its name: writes
are atomic) or changed since, a line cut short by a crash, an input edited since, or a run with
other rules is done again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from repair import __version__
from repair.errors import OutputError

RECORD_NAME = ".repair-finished.jsonl"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha(path: str | Path) -> str | None:
    try:
        return sha256_of(Path(path).read_bytes())
    except OSError:
        return None


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def fingerprint(options: Any, settings: Any, unsafe: bool, packs: Iterable[str] = ()) -> str:
    """The run's identity: SHA-256 of repair's version, ``options`` and ``settings`` (dataclasses),
    ``unsafe`` and the bytes of each of the user's ``packs`` (a missing one counts as absent)."""
    state = {
        "repair": __version__,
        "options": _plain(options),
        "settings": _plain(settings),
        "unsafe": unsafe,
        "packs": {p: _file_sha(p) for p in packs},
    }
    return sha256_of(json.dumps(state, sort_keys=True, ensure_ascii=False).encode("utf-8"))


class Record:
    """The completion record of one output folder.

    Args:
        folder: the output folder (``--out-dir``).
        run: this run's :func:`fingerprint`.
    """

    def __init__(self, folder: str | Path, run: str) -> None:
        self.path = Path(folder) / RECORD_NAME
        self.run = run
        self._fh: BinaryIO | None = None

    def entries(self) -> dict[str, dict]:
        """The well-formed entries of this run, by input path (the last one wins); a line cut
        short or not JSON is skipped."""
        found: dict[str, dict] = {}
        try:
            lines = self.path.read_bytes().splitlines()
        except OSError:
            return found
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and entry.get("run") == self.run and isinstance(entry.get("input"), str):
                found[entry["input"]] = entry
        return found

    def finished(self, entries: dict[str, dict], input_path: str, target: str | Path) -> dict | None:
        """The entry of ``input_path`` if its output ``target`` is finished (see the module), else ``None``."""
        entry = entries.get(input_path)
        if entry is None or entry.get("output") != str(target):
            return None
        if entry.get("input_sha256") != _file_sha(input_path) or entry.get("output_sha256") != _file_sha(target):
            return None
        return entry

    def add(self, input_path: str, input_bytes_sha: str, target: str | Path, output: bytes, left: int) -> None:
        """Append the entry of an output already renamed into place, and fsync it.

        Raises:
            OutputError: when the record cannot be written.
        """
        line = json.dumps(
            {
                "run": self.run,
                "input": input_path,
                "input_sha256": input_bytes_sha,
                "output": str(target),
                "output_sha256": sha256_of(output),
                "left": left,
            },
            ensure_ascii=False,
        )
        try:
            if self._fh is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fh = open(self.path, "ab")
                if self._fh.tell() and not self.path.read_bytes().endswith(b"\n"):
                    self._fh.write(b"\n")  # after a line cut short, start afresh
            self._fh.write(line.encode("utf-8") + b"\n")
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise OutputError(str(self.path), f"cannot write the completion record: {exc.strerror or exc}") from None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
