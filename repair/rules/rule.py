"""A rule as data (:class:`Rule`) and its examples (:class:`Example`), as a pack gives them.

Kept apart from the pack loader (:mod:`repair.rules.pack`) so that the rule kinds, which the
loader consults, can name a rule without importing the loader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from repair.edits import Applicability, Severity


@dataclass(frozen=True)
class Example:
    """One example of a rule: ``bad`` -> ``fixed`` (a fix), ``bad`` flagged (no fix), or ``good``.

    ``unsafe`` marks a fix expected only with ``--unsafe-fixes``; ``flagged`` names text
    that ``check`` must report without ``fix`` changing anything.
    """

    bad: str | None = None
    fixed: str | None = None
    good: str | None = None
    flagged: str | None = None
    unsafe: bool = False
    line: int = 0
    source: str | None = None  # the source text, for rules of source-aware kinds


@dataclass(frozen=True)
class Rule:
    """A rule as data: its common fields plus the kind's own ``params``.

    Attributes:
        id: slash-separated id, e.g. ``zh-en/calque/covid``; selection is by id prefix.
        kind: the matcher kind (``substitution``, ``pattern``, ...).
        category: MQM category path.
        severity / applicability: MQM severity and fix tier.
        message: one line for a person.
        params: the kind-specific keys as written in the pack.
        examples: the rule's own test cases.
        pack: the pack's name; path/line: where the rule is defined.
    """

    id: str
    kind: str
    category: str
    severity: Severity
    applicability: Applicability
    message: str
    params: dict[str, Any]
    examples: tuple[Example, ...]
    priority: int = 0
    exceptions: tuple[str, ...] = ()
    source: str = ""
    pack: str = ""
    path: str = ""
    line: int = 0
