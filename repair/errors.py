"""One tree of exceptions for everything `repair` raises on purpose.

Every error carries the path it concerns (or ``"<stdin>"``) and renders as one line (line
breaks in a message become spaces):
``path[:line]: cause``. The CLI prints that line and exits with code 2.
"""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


class RepairError(Exception):
    """Base of every error `repair` raises on bad input, packs or settings.

    Args:
        path: the file the error concerns, as the user named it.
        message: the cause, one line, no trailing full stop needed.
        line: 1-based line in ``path`` when known.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        # one line, whatever a library's own message holds (lxml ends some with "\n, line 3")
        self.message = _LINE_BREAKS.sub(lambda m: "" if message.startswith(",", m.end()) else " ", message).strip()
        self.line = line
        super().__init__(str(self))

    def __reduce__(self):
        """Pickled as its parts, so that it crosses a process pool whole (``-j``)."""
        return (self.__class__, (self.path, self.message, self.line))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class InputError(RepairError):
    """An input file cannot be read as text: missing, a folder, binary, not UTF-8, empty."""


class PackError(RepairError):
    """A rule pack is malformed: YAML syntax, a schema violation or a failing data check."""


class ConfigError(RepairError):
    """The ``[tool.repair]`` table of a ``pyproject.toml`` (or a CLI setting) is invalid."""


class OutputError(RepairError):
    """A corrected copy cannot be written (e.g. the target folder is a file)."""


class FixLoopError(RepairError):
    """Fixing a document does not settle: rules undo each other's fixes (the text comes back
    to an earlier state) or keep changing it for :data:`repair.engine.MAX_ROUNDS` rounds."""
