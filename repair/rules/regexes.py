"""The regular expressions of rule packs: how a rule's exceptions combine into one regex, and
whether a regex can match the empty string (checked when a pack is loaded).

Both the loader (:mod:`repair.rules.pack`, which refuses what would fail or run away later)
and the matchers (:mod:`repair.rules.kinds`) build regexes here, so that what the loader
checks is exactly what runs.
"""

from __future__ import annotations

from collections.abc import Sequence

try:  # the parser behind re.compile (Python 3.11+; sre_parse before)
    from re import _parser as _sre_parse  # type: ignore[attr-defined]  # private module, not in typeshed
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse  # type: ignore[no-redef]


def exceptions_pattern(patterns: Sequence[str]) -> str:
    """One regex for a rule's ``exceptions``: each pattern between non-word characters.

    Compile it with ``re.IGNORECASE``; it may fail even when each pattern compiles alone (a
    group name used twice, ``(?i)`` inside a pattern).
    """
    return "|".join(f"(?<!\\w)(?:{p})(?!\\w)" for p in patterns)


def matches_empty(pattern: str, flags: int = 0) -> bool:
    """Whether ``pattern`` (which compiles) can match the empty string somewhere: its shortest
    match is zero characters wide (``x*``, ``\\b``, ``(?=a)``, ``a|``).

    A replacement at an empty match inserts text at every position where it matches, and
    inserts it again in every later round of fixes.
    """
    return _sre_parse.parse(pattern, flags).getwidth()[0] == 0
