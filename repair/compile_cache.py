"""What Python compiles at every start of ``repair`` (regular expressions and the methods
of dataclasses), kept in the user cache so that the next start does not compile it again.

Python keeps compiled modules (``.pyc``) across processes, but not compiled patterns nor
the code that :mod:`dataclasses` writes for each class (``__init__``, ``__repr__``,
``__eq__``...: source text handed to :func:`exec`, parsed and compiled at every import).
Together they were the largest part of the start of a ``repair check`` on a one-line file
(``benchmarks/startup.py``; figures in docs/editors.md). Both results are plain data:

- a pattern: :func:`re._compiler.compile` parses the pattern, turns the tree into a list of
  opcodes (``_code``) and hands them, with the group names, to ``_sre.compile``, which checks
  the opcodes (an invalid list raises, it never runs) and builds the pattern object;
- a dataclass method: the code object that ``compile(text, "<string>", "exec")`` returns,
  which :mod:`marshal` writes as it writes ``.pyc`` files.

While :func:`active` is in force, ``re._compiler.compile`` is replaced by a function that
looks the pattern up in the table ``(pattern, flags) -> (final flags, opcodes, groups,
groupindex, indexgroup)`` and calls ``_sre.compile`` with the stored values, and the
:mod:`dataclasses` module's ``exec`` by one that looks the text up in the table ``text ->
code`` and runs the stored code. The results are the objects they would otherwise be (a
pattern equal under ``==``, which compares the opcodes; the same code, compiled with the
flags :mod:`dataclasses` compiles with). What is not in the tables is compiled as usual and
added, and the tables are written back (:mod:`repair.usercache`) when the block ends.

The tables are keyed by the full Python version and ``_sre.MAGIC`` (besides the cache file's
own Python tag and ``repair`` version), so nothing is ever served to another interpreter than
the one that produced it. On a Python whose internals this module does not know (other than
CPython 3.11 to 3.13) it does nothing. The code read back runs as the user: the cache folder
must be as private as the user's own ``site-packages`` (``~/.cache`` is); a file whose
checksum does not match what was written is not used.
"""

from __future__ import annotations

import builtins
import contextlib
import re
import sys
from array import array
from collections.abc import Iterator
from typing import Any

from repair import usercache

#: the Python versions whose ``re._compiler.compile`` and ``dataclasses`` this module knows
_KNOWN = ((3, 11), (3, 12), (3, 13))
#: the most entries a table keeps; past it, only those used in the last run are kept
#: (patterns built from input text would otherwise grow it without end)
LIMIT = 2000
_NAME = "compiled"

_compiler: Any = getattr(re, "_compiler", None)
_parser: Any = getattr(re, "_parser", None)
try:
    import _sre
except ImportError:  # pragma: no cover - every CPython has it
    _sre = None


def _usable() -> bool:
    return (
        sys.implementation.name == "cpython"
        and sys.version_info[:2] in _KNOWN
        and _sre is not None
        and _compiler is not None
        and _parser is not None
        and hasattr(_compiler, "_code")
        and array("I").itemsize == _sre.CODESIZE
    )


def _key() -> bytes:
    return f"{sys.version}\n{_sre.MAGIC}\n".encode()


class _Tables:
    """The cached results of one run: those read at the start, those compiled since, and
    the keys used (served or compiled) in this run."""

    def __init__(self, patterns: dict, code: dict) -> None:
        self.patterns = patterns
        self.code = code
        self.used: set = set()
        self.added = False

    def compile(self, p: Any, flags: int = 0) -> re.Pattern:
        """What ``re._compiler.compile(p, flags)`` returns, served from the table when it
        holds ``(p, flags)``."""
        if not isinstance(p, (str, bytes)) or flags & re.DEBUG:
            return _ORIGINAL(p, flags)
        key = (p, int(flags))
        entry = self.patterns.get(key)
        if entry is None:
            tree = _parser.parse(p, flags)
            code = _compiler._code(tree, flags)
            groupindex = tree.state.groupdict
            indexgroup: list = [None] * tree.state.groups
            for name, index in groupindex.items():
                indexgroup[index] = name
            entry = (
                int(flags | tree.state.flags),
                array("I", code).tobytes(),
                tree.state.groups - 1,
                dict(groupindex),
                tuple(indexgroup),
            )
            self.patterns[key] = entry
            self.added = True
        self.used.add(key)
        final, raw, groups, names, by_index = entry
        opcodes = array("I")
        opcodes.frombytes(raw)
        return _sre.compile(p, final, opcodes.tolist(), groups, names, by_index)

    def exec(self, source: Any, globals: dict | None = None, locals: Any = None) -> None:  # noqa: A002
        """What :func:`exec` does in :mod:`dataclasses` (which has no ``__future__`` flags to
        pass on), with the code of a source text served from the table."""
        if globals is None:
            globals = sys._getframe(1).f_globals  # noqa: A001  (exec's own default)
        if not isinstance(source, str):
            return builtins.exec(source, globals, locals)
        code = self.code.get(source)
        if code is None:
            code = self.code[source] = compile(source, "<string>", "exec", dont_inherit=True)
            self.added = True
        self.used.add(source)
        return builtins.exec(code, globals, locals)

    def to_store(self) -> dict:
        patterns, code = self.patterns, self.code
        if len(patterns) + len(code) > LIMIT:
            patterns = {k: v for k, v in patterns.items() if k in self.used}
            code = {k: v for k, v in code.items() if k in self.used}
        return {"patterns": patterns, "code": code}


_ORIGINAL: Any = _compiler.compile if _compiler is not None else None
_active: _Tables | None = None
#: ``(cache folder, tables)`` left by a block with ``keep=True`` for the next block
_kept: tuple[Any, _Tables] | None = None


def _load() -> _Tables:
    global _kept
    kept, _kept = _kept, None
    if kept is not None and kept[0] == usercache.cache_dir():
        return kept[1]  # read by the block before, in this process, from the same folder
    found, value = usercache.load(_NAME, _key())
    if found and isinstance(value, dict) and isinstance(value.get("patterns"), dict):
        return _Tables(value["patterns"], value.get("code") or {})
    return _Tables({}, {})


@contextlib.contextmanager
def active(keep: bool = False) -> Iterator[None]:
    """Serve and record compiled patterns and dataclass methods from the user cache while the
    block runs (for the whole process's :mod:`re` and :mod:`dataclasses`), then write the
    tables back if they gained entries. Nested uses and unknown Pythons do nothing more.
    Errors of the cache folder are ignored, as :mod:`repair.usercache` does.

    Args:
        keep: hand the tables of this block, with what it added, to the next block of this
            process (when the cache folder is still the same), which then neither reads the
            file again nor writes it twice: :mod:`repair.cli` imports click and the commands'
            group in one block, and the group runs the command line in another (a start reads
            the file once and writes it at most once). Without a next block, what this one
            added is not written.
    """
    global _active, _kept
    if _active is not None or not _usable():
        yield
        return
    import dataclasses

    tables = _active = _load()
    _compiler.compile = tables.compile
    dataclasses.exec = tables.exec  # type: ignore[attr-defined]  # shadows the builtin there
    try:
        yield
    finally:
        _compiler.compile = _ORIGINAL
        del dataclasses.exec  # type: ignore[attr-defined]
        _active = None
        if keep:
            _kept = (usercache.cache_dir(), tables)  # the next block writes what was added
        elif tables.added:
            usercache.store(_NAME, _key(), tables.to_store())
