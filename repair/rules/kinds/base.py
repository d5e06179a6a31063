"""The matcher interface every rule kind implements, and helpers they share.

A matcher is built once from all rules of its kind (so one pass over a segment serves
every rule), may look at the whole document once (:meth:`Matcher.prepare`), then
proposes :class:`~repair.edits.Edit` objects segment by segment (:meth:`Matcher.find`).

A kind is one module of :mod:`repair.rules.kinds` holding one :class:`Matcher` subclass
that declares everything about the kind: ``kind`` (its name), ``needs_source``, ``keys``
and ``required`` (its part of the pack schema), :meth:`Matcher.validate_rule` (checks the
schema cannot express), ``doc`` (a :class:`KindDoc`) and the matching itself. The registry
(:data:`repair.rules.kinds.KINDS`) finds it there; nothing else names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from repair.document import Document, Segment
from repair.edits import Applicability, Edit, Origin
from repair.lazy_regex import LazyPattern
from repair.rules.blocks import Block, fold
from repair.rules.regexes import exceptions_pattern
from repair.rules.rule import Rule
from repair.steps import Steps


class SegmentView:
    """A segment plus the per-segment work shared by all kinds (done once).

    Attributes:
        seg: the segment.
        text: its text.
        folded: the text lower-cased and with ’ as ', character for character (same length),
            for case-insensitive literal matching.
    """

    __slots__ = ("seg", "text", "folded")

    def __init__(self, seg: Segment) -> None:
        self.seg = seg
        self.text = seg.text
        self.folded = fold(seg.text)


_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]|()]")


@dataclass(frozen=True)
class Exceptions:
    """A rule's exceptions compiled once: one case-insensitive regex (each pattern bounded by
    non-word characters) and, when every pattern is a plain phrase, those phrases lower-cased,
    so that most spans are cleared by a substring test without running the regex."""

    regex: re.Pattern[str] | LazyPattern  # compiled when a span is first tested against it
    literals: tuple[str, ...] | None
    #: when every exception is a single word: those words, lower-cased (an exact test)
    words: frozenset[str] | None = None


def compile_exceptions(patterns: Sequence[str]) -> Exceptions | None:
    """Compile a rule's ``exceptions`` (regexes); ``None`` when there are none."""
    if not patterns:
        return None
    regex = LazyPattern(exceptions_pattern(patterns), re.IGNORECASE)  # most rules never need it in a run
    plain = all(not _REGEX_SYNTAX.search(p) for p in patterns)
    single = plain and all(p.isalnum() for p in patterns)
    return Exceptions(
        regex,
        tuple(p.lower() for p in patterns) if plain else None,
        frozenset(p.lower() for p in patterns) if single else None,
    )


def excepted(exceptions: Exceptions | None, text: str, start: int, end: int) -> bool:
    """Whether an exception match covers the span ``[start, end)`` of ``text``."""
    if exceptions is None:
        return False
    if exceptions.words is not None:
        # single-word exceptions can only cover a span inside one word: the word around it
        ws, we = start, end
        while ws > 0 and is_word_char(text[ws - 1]):
            ws -= 1
        while we < len(text) and is_word_char(text[we]):
            we += 1
        return all(is_word_char(c) for c in text[start:end]) and text[ws:we].lower() in exceptions.words
    lo, hi = max(0, start - 80), min(len(text), end + 80)
    if exceptions.literals is not None:
        window = text[lo:hi].lower()
        if not any(lit in window for lit in exceptions.literals):
            return False
    for m in exceptions.regex.finditer(text, lo, hi):
        if m.start() <= start and m.end() >= end:
            return True
    return False


def is_word_char(ch: str) -> bool:
    """Letters, digits and underscore (what ``\\w`` matches)."""
    return ch.isalnum() or ch == "_"


def is_name_char(c: str) -> bool:
    """Characters of a word with its inner apostrophes and hyphens."""
    return c.isalnum() or c in "_'’-"


_TRAILING_WORD = re.compile(r"[\w'’-]+$")
_WORD = re.compile(r"[\w'’-]+")


def word_before(text: str, pos: int) -> tuple[int, str, bool] | None:
    """The word ending before ``pos`` (over spaces and tabs): ``(start, word, spaced)``.

    ``spaced`` tells whether blanks stood between it and ``pos``; ``None`` when punctuation
    (or the start of the text) comes first. A word may hold inner apostrophes and hyphens.
    """
    end = pos
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end == 0:
        return None
    lo = end - 64 if end > 64 else 0  # a bounded look back: a word is shorter, and text may be one huge line
    space, tab = text.rfind(" ", lo, end), text.rfind("\t", lo, end)
    start = (space if space > tab else tab if tab >= lo else lo - 1) + 1
    m = _WORD.fullmatch(text, start, end)  # most often the whole stretch is the word
    if m is None:
        m = _TRAILING_WORD.search(text, start, end)
        if m is None:
            return None
    return m.start(), m.group(), end < pos


@dataclass(frozen=True)
class Problem:
    """One problem :meth:`Matcher.validate_rule` finds in a rule.

    Attributes:
        message: what is wrong, one line (the loader prefixes the file, line and rule id).
        at: the path of the offending value inside the rule (``("map", "ab")``,
            ``("exceptions", 0)``), whose line the error names; ``()``: the rule's own line.
    """

    message: str
    at: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class KindDoc:
    """What a rule kind documents about itself (rendered by ``repair rules --kinds`` and docs).

    Attributes:
        finds: what the kind finds, one or two sentences.
        keys: each kind-specific key -> what it means.
        fixes: why its fixes are safe, unsafe or display-only.
        example: one rule of the kind, as YAML text.
    """

    finds: str
    keys: Mapping[str, str]
    fixes: str
    example: str


class Matcher:
    """Base of all rule kinds.

    Args:
        rules: every enabled rule of this kind.

    A kind's class, alone in its module ``repair/rules/kinds/<kind>.py``, sets ``kind`` (that
    module's name), ``keys``, ``required``, ``doc`` (and ``needs_source``, or subclasses
    :class:`~repair.rules.kinds.source.SourceMatcher`), may override :meth:`validate_rule`, and
    implements :meth:`find` (and :meth:`prepare` if it needs the whole document).
    """

    kind = ""
    #: a kind that compares the target with its source; skipped for segments without one
    needs_source = False
    #: JSON Schema ``properties`` of the kind's own keys (the common keys are in rules/schema.py)
    keys: ClassVar[Mapping[str, Any]] = {}
    #: which of :attr:`keys` a rule of this kind must have
    required: ClassVar[tuple[str, ...]] = ()
    #: the kind's documentation
    doc: ClassVar[KindDoc | None] = None

    @classmethod
    def validate_rule(cls, raw: Mapping[str, Any]) -> Iterable[str | Problem]:
        """Checks beyond the schema for one rule as written (``raw``: the YAML mapping, which
        has passed the schema and the common checks, e.g. its ``exceptions`` compile): one
        message per problem, a :class:`Problem` to name the line of a key; none when the rule
        is valid. The loader reports the first as ``file:line: rule 'id': message``."""
        return ()

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self._exceptions = {r.id: compile_exceptions(r.exceptions) for r in self.rules}

    def prepare(self, doc: Document) -> Any:
        """Per-document state (e.g. names introduced in full); ``None`` by default."""
        return None

    def context_key(self, state: Any) -> Any:
        """What of the document-level ``state`` can change findings in other segments (names
        introduced in full, a house style of capitals, the apostrophe in use); when it changes
        between rounds of fixes, every segment is checked again. ``None``: no such context."""
        return None

    def context_recheck(
        self, doc: Document, key: Any, old_key: Any, moved: Callable[[int], int | None]
    ) -> Collection[int] | None:
        """The segments of ``doc`` to check again because the document-level context went from
        ``old_key`` (the :meth:`context_key` of an earlier version of the document) to ``key``:
        ``()`` when no finding outside the changed segments can differ, ``None`` for every
        segment. ``moved`` maps a segment index of the earlier version to its index now
        (``None``: the segment changed or is gone). By default: none when the keys are equal,
        else every segment; a kind whose key holds segment indices maps them with ``moved``."""
        return () if key == old_key else None

    def context_key_steps(self, state: Any) -> Steps[Any]:
        """:meth:`context_key` in steps of a few milliseconds; one step by default."""
        if False:  # a generator of no step
            yield ""
        return self.context_key(state)

    def context_parts(self, new_key: Any, old_key: Any) -> set[int] | None:
        """The document parts (:attr:`repair.document.Segment.part`) whose findings the change
        of context between two :meth:`context_key` values can touch: ``None`` for every part
        (the default, whenever the keys differ), an empty set when they are equal. A kind whose
        context is read per part names the parts that differ."""
        return None if new_key != old_key else set()

    def refresh(self, doc: Document, previous: Any) -> Any:
        """The state for ``doc`` after a round of fixes, given the state of the text before
        (``previous``); a kind whose state is costly reuses what the fixes did not touch.
        By default the state is prepared anew."""
        return self.prepare(doc)

    def state_steps(self, doc: Document, previous: Any | None) -> Steps[Any]:
        """The document state in steps of a few milliseconds (see :mod:`repair.steps`):
        :meth:`prepare`, or with ``previous`` :meth:`refresh`. One step by default; a kind
        whose state costs more than that on a long document cuts it."""
        if False:  # a generator of no step
            yield ""
        return self.prepare(doc) if previous is None else self.refresh(doc, previous)

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        """Edits for one segment; spans are offsets into ``view.text``."""
        raise NotImplementedError

    def may_find(self, block: Block, state: Any) -> Collection[int] | None:
        """The segments of ``block`` (indices into ``block.segments``) for which :meth:`find`
        may propose an edit, found with a scan of the block's joined text; :meth:`find` is
        called for these alone. A superset is fine, a segment left out must get no edit from
        :meth:`find`. ``None`` (the default): every segment."""
        return None

    def excepted(self, rule: Rule, text: str, start: int, end: int) -> bool:
        """Whether one of ``rule``'s exceptions covers ``[start, end)``."""
        return excepted(self._exceptions[rule.id], text, start, end)

    @staticmethod
    def edit(
        rule: Rule,
        view: SegmentView,
        start: int,
        end: int,
        replacement: str,
        *,
        applicability: Applicability | None = None,
        message: str | None = None,
    ) -> Edit:
        """An :class:`Edit` of ``rule`` over ``view.text[start:end]``."""
        return Edit(
            start=start,
            end=end,
            replacement=replacement,
            rule_id=rule.id,
            origin=Origin.RULE,
            category=rule.category,
            severity=rule.severity,
            applicability=applicability or rule.applicability,
            message=message or rule.message,
            confidence=1.0,
            segment=view.seg.index,
            original=view.text[start:end],
            priority=rule.priority,
        )
