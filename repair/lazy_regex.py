"""Regular expressions compiled on first use, for module-level patterns that are costly to
compile and that most runs never need.

Compiling a character class costs time in proportion to the characters it covers: a class
of the CJK ranges (tens of thousands of code points, some past U+FFFF) takes milliseconds,
which every start of ``repair`` paid at import although English text without a URL or a
Chinese source never runs those patterns (``benchmarks/startup.py``).
"""

from __future__ import annotations

import re
from typing import Any

#: The methods of a compiled pattern that a :class:`LazyPattern` forwards.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``, compiled the first time one of its methods
    or attributes is used; afterwards each method is the compiled pattern's own bound method,
    stored on the instance, so a call costs what it costs on the compiled pattern.

    Raises what :func:`re.compile` raises, at first use.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        pattern = re.compile(*self._source)
        for name in _METHODS:
            setattr(self, name, getattr(pattern, name))
        self.__dict__["_compiled"] = pattern
        return pattern

    def __getattr__(self, name: str) -> Any:  # called only for what is not set on the instance yet
        if name.startswith("__") or name in ("_source", "_compiled"):
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled") or self.compiled()
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r}, {self._source[1]!r})"
