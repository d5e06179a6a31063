"""The edit model: one proposed change to a segment, and how edits are applied.

An :class:`Edit` is the single currency of `repair`: rules, the model and a person's
hand rewrite all produce edits; ``check``, ``fix`` and ``review`` all consume them.

Spans are half-open ``[start, end)`` character offsets (Python ``str`` indices, i.e.
code points, never bytes) into the *original* text of one segment.

Overlap priority (documented contract, used by :func:`resolve_overlaps`): when two
edits overlap, the one that sorts first by this key is kept, the other dropped:

1. origin: ``manual`` before ``rule`` before ``model`` (a person beats a rule beats a model);
2. applicability: ``safe`` before ``unsafe`` before ``display`` (certain fixes first; what
   they unblock is found again by the next round of :meth:`repair.engine.Engine.fix`);
3. the rule's ``priority`` (higher first; a pack entry that knows the intended text
   outranks a generic one);
4. the longer span first;
5. the earlier start first; then the rule id, for determinism.

Two spans overlap when they share a character; an insertion (``start == end``) overlaps
a span that strictly contains its point and another insertion at the same point.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace


class Origin(str, enum.Enum):
    """Who proposed an edit."""

    RULE = "rule"
    MODEL = "model"
    MANUAL = "manual"


class Severity(str, enum.Enum):
    """MQM severity (Lommel et al., *Multidimensional Quality Metrics*, 2014; WMT MQM guidelines)."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class Applicability(str, enum.Enum):
    """Fix tier, after ruff's fix safety: who may apply the edit without a person.

    The tiers are ordered from the most automatic to the least, ``SAFE < UNSAFE < DISPLAY``
    (``<``, ``max`` and ``sorted`` use this order, not the strings'); :meth:`applies` is the
    one test of whether an edit is applied unattended.
    """

    SAFE = "safe"  # applied by `repair fix`
    UNSAFE = "unsafe"  # applied with --unsafe-fixes, or when a person accepts it
    DISPLAY = "display"  # shown only; never applied unattended

    @property
    def rank(self) -> int:
        """The tier's place in the order: 0 safe, 1 unsafe, 2 display."""
        return _TIER_RANK[self]

    def __lt__(self, other: object) -> bool:
        return self.rank < other.rank if isinstance(other, Applicability) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.rank <= other.rank if isinstance(other, Applicability) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.rank > other.rank if isinstance(other, Applicability) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.rank >= other.rank if isinstance(other, Applicability) else NotImplemented

    def applies(self, unsafe: bool = False) -> bool:
        """Whether an edit of this tier is applied without asking: a safe one always, an unsafe
        one when unsafe fixes are on (``--unsafe-fixes``, or a person's accepting it), a
        display one never."""
        return self <= (Applicability.UNSAFE if unsafe else Applicability.SAFE)

    def demoted(self) -> Applicability:
        """One tier down: safe -> unsafe -> display (display stays)."""
        return _TIERS[min(self.rank + 1, len(_TIERS) - 1)]

    def weaker(self, other: Applicability) -> Applicability:
        """The less automatic of this tier and ``other``."""
        return max(self, other)


#: MQM top-level dimensions accepted as the first part of a category path.
MQM_DIMENSIONS = ("accuracy", "fluency", "terminology", "style", "locale-convention")

_ORIGIN_RANK = {Origin.MANUAL: 0, Origin.RULE: 1, Origin.MODEL: 2}
#: the fix tiers from the most automatic to the least, and each one's rank in that order
_TIERS = (Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY)
_TIER_RANK = {tier: rank for rank, tier in enumerate(_TIERS)}


def weaker(a: Applicability, b: Applicability) -> Applicability:
    """The less automatic of two fix tiers (safe < unsafe < display): :meth:`Applicability.weaker`."""
    return a.weaker(b)


@dataclass(frozen=True, slots=True)
class Edit:
    """One proposed change: replace ``text[start:end]`` of one segment by ``replacement``.

    Attributes:
        start: first character of the span (0-based, inclusive), in the segment's original text.
        end: one past the last character (exclusive); ``start <= end``.
        replacement: the new text for the span ('' deletes it).
        rule_id: the rule that proposed it (``model/...`` or ``manual`` for other origins).
        origin: rule, model or manual.
        category: MQM category path, e.g. ``accuracy/mistranslation`` or ``fluency/punctuation``.
        severity: MQM severity.
        applicability: fix tier (safe, unsafe, display).
        message: one line for a person: what is wrong and why the fix.
        confidence: 0..1; 1.0 for rules, the model's probability for model edits.
        segment: index of the segment in its document (0 for a bare string).
        original: the text of the span when proposed (``text[start:end]``), for display and
            for checking that the edit still applies.
        priority: tie-breaker among overlapping edits (see the module docstring).

    Raises:
        ValueError: on a negative or reversed span, or a confidence outside 0..1.
    """

    start: int
    end: int
    replacement: str
    rule_id: str
    origin: Origin = Origin.RULE
    category: str = "fluency/grammar"
    severity: Severity = Severity.MINOR
    applicability: Applicability = Applicability.UNSAFE
    message: str = ""
    confidence: float = 1.0
    segment: int = 0
    original: str = ""
    priority: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0..1")

    @property
    def span(self) -> tuple[int, int]:
        """The half-open span ``(start, end)``."""
        return (self.start, self.end)

    def overlaps(self, other: Edit) -> bool:
        """Whether two edits of the same segment touch the same text (see module docstring)."""
        if self.segment != other.segment:
            return False
        if self.start == self.end or other.start == other.end:
            if self.start == self.end and other.start == other.end:
                return self.start == other.start
            point, span = (self, other) if self.start == self.end else (other, self)
            return span.start < point.start < span.end
        return self.start < other.end and other.start < self.end

    def shifted(self, delta: int) -> Edit:
        """The same edit with its span moved by ``delta`` characters."""
        return replace(self, start=self.start + delta, end=self.end + delta)

    def with_tier(self, applicability: Applicability) -> Edit:
        """The same edit with another fix tier."""
        return replace(self, applicability=applicability)

    def to_dict(self) -> dict:
        """A JSON-ready dict of every field (enums as their string values)."""
        return {
            "segment": self.segment,
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "rule": self.rule_id,
            "origin": self.origin.value,
            "category": self.category,
            "severity": self.severity.value,
            "applicability": self.applicability.value,
            "message": self.message,
            "confidence": self.confidence,
        }


def priority_key(edit: Edit) -> tuple:
    """Sort key implementing the documented overlap priority (smaller sorts first, wins)."""
    return (
        _ORIGIN_RANK[edit.origin],
        edit.applicability.rank,
        -edit.priority,
        -(edit.end - edit.start),
        edit.start,
        edit.rule_id,
    )


def resolve_overlaps(edits: Iterable[Edit]) -> tuple[list[Edit], list[Edit]]:
    """Choose a non-overlapping subset of ``edits`` by the documented priority.

    Args:
        edits: edits of one segment (spans into the same original text).

    Returns:
        ``(kept, dropped)``: ``kept`` sorted by start offset, ``dropped`` in priority order.
        Exact duplicates (same span and replacement) are dropped silently after the first.

    The kept spans are held sorted, so each edit is compared with its neighbours only:
    O(n log n) for n edits, even on a single line of megabytes.
    """
    kept: list[Edit] = []  # sorted by (start, end); pairwise non-overlapping
    starts: list[int] = []
    dropped: list[Edit] = []
    seen: set[tuple[int, int, int, str]] = set()
    for e in sorted(edits, key=priority_key):
        key = (e.segment, e.start, e.end, e.replacement)
        if key in seen:
            continue
        i = bisect.bisect_left(starts, e.start)
        j = max(0, i - 2)
        clash = False
        while j < len(kept) and kept[j].start <= e.end:
            if e.overlaps(kept[j]):
                clash = True
                break
            j += 1
        if clash:
            dropped.append(e)
            continue
        seen.add(key)
        pos = i
        while pos < len(kept) and (kept[pos].start, kept[pos].end) < (e.start, e.end):
            pos += 1
        kept.insert(pos, e)
        starts.insert(pos, e.start)
    return kept, dropped


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, list[Edit]]:
    """Apply edits to ``text`` after resolving overlaps (as if right to left: every span
    points into the original text; the result is built in one pass).

    Args:
        text: the original segment text the edits' spans point into.
        edits: edits of this segment; overlapping ones are resolved by priority.

    Returns:
        ``(new_text, applied)``: the corrected text and the edits that were applied
        (sorted by start). Edits whose replacement equals the spanned text are skipped.

    Raises:
        ValueError: when an edit's span lies outside ``text``, or when its recorded
            ``original`` no longer matches ``text[start:end]`` (a stale edit).
    """
    kept, _ = resolve_overlaps(edits)
    applied: list[Edit] = []
    for e in kept:
        if e.end > len(text):
            raise ValueError(f"edit {e.rule_id} span [{e.start}, {e.end}) outside text of length {len(text)}")
        current = text[e.start : e.end]
        if e.original and e.original != current:
            raise ValueError(f"stale edit {e.rule_id}: expected {e.original!r} at {e.start}, found {current!r}")
        if current != e.replacement:
            applied.append(e)
    # the pieces between the spans, joined once (equivalent to replacing right to left)
    pieces, pos = [], 0
    for e in applied:
        pieces += [text[pos : e.start], e.replacement]
        pos = e.end
    pieces.append(text[pos:])
    return "".join(pieces), applied
