"""Guards: reasons to drop a model's proposal before anyone sees it.

A *proposal* is one sentence's rewrite. :func:`content_guard` drops a proposal that changes
what must not change; :func:`edit_guard` drops single edits that touch a protected span or a
rule's edit (rules are checked by hand and win over the model). Every drop is recorded as a
:class:`Dropped` with its reason; ``repair check --verbose`` lists them.

Reasons, in the order :func:`content_guard` checks them:

``url``       a URL or e-mail address is added, dropped or changed;
``date``      a (capitalised) month or weekday name, or a numeric date (2020-04-10, 10/04/2020), changes;
``number``    a number (digits, or a number word such as "three", "million") changes;
``name``      a capitalised token of the original (not its first word) is missing from the rewrite;
``negation``  the count of negations (not, n't, no, never, none, nobody, nothing, nowhere,
              neither, nor, cannot, without) changes;
``share``     the rewrite changes more than ``max_share`` of the sentence's tokens
              (:func:`repair.model.align.changed_share`).

Per edit: ``protected`` (touches a protected span) and ``rule-overlap`` (overlaps a rule edit).
Outside the guards, the proposer records ``margin`` (the model does not prefer its rewrite to
the original by the margin), ``no-source`` (a preset needs the source and there is none) and
``too-long`` (the sentence, or its prompt, is longer than the model takes, or the rewrite was
cut off at the model's output limit).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from repair.edits import Edit
from repair.model.align import changed_share, tokenize

#: Default largest share of a sentence a rewrite may change (see :func:`changed_share`).
MAX_SHARE = 0.5

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b", re.IGNORECASE)
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
# Capitalised only, so that the modal "may" and the verb "march" are not dates.
_DATE_WORD = re.compile(r"\b(?:%s)\b\.?" % "|".join(w.capitalize() for w in _MONTHS + _DAYS))
_DATE_NUM = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_NUMBER_WORDS = set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion dozen half percent first second third fourth fifth "
    "sixth seventh eighth ninth tenth twice thrice".split()
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATIONS = set("not no never none nobody nothing nowhere neither nor cannot without".split())


@dataclass(frozen=True, slots=True)
class Dropped:
    """A proposal or edit a guard dropped.

    Attributes:
        reason: one of the reasons in the module docstring.
        segment: the segment index.
        start, end: half-open character span in the segment text (the sentence for a
            proposal, the edit's span for an edit).
        original: the text of that span.
        rewrite: the model's text for it.
    """

    reason: str
    segment: int
    start: int
    end: int
    original: str
    rewrite: str

    def line(self) -> str:
        """One line for ``--verbose``: ``segment 3 [12, 40) number: 'a' -> 'b'``."""
        return f"segment {self.segment} [{self.start}, {self.end}) {self.reason}: {self.original!r} -> {self.rewrite!r}"


def _words(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def _negations(text: str) -> int:
    return sum(1 for w in _words(text) if w.lower() in _NEGATIONS or w.lower().endswith(("n't", "n’t")))


def _numbers(text: str) -> Counter:
    found = Counter(m.group().replace(",", "") for m in _DIGITS.finditer(text))
    found.update(w.lower() for w in _words(text) if w.lower() in _NUMBER_WORDS)
    return found


def _dates(text: str) -> Counter:
    found = Counter(m.group().lower().rstrip(".")[:3] for m in _DATE_WORD.finditer(text))
    found.update(m.group() for m in _DATE_NUM.finditer(text))
    return found


def names(text: str) -> list[str]:
    """Capitalised word tokens of ``text`` except its first word and words after . ! ? (names)."""
    out, after_end = [], True
    for t in tokenize(text):
        if t.text in ".!?":
            after_end = True
            continue
        if not after_end and t.text[:1].isupper():
            out.append(t.text)
        after_end = False
    return out


def content_guard(original: str, rewrite: str, max_share: float = MAX_SHARE) -> str | None:
    """The first reason to drop the rewrite of one sentence, or ``None`` to keep it.

    Args:
        original: the sentence as it is.
        rewrite: the model's version of it.
        max_share: the largest share of tokens the rewrite may change.
    """
    if Counter(_URL.findall(original)) != Counter(_URL.findall(rewrite)):
        return "url"
    if _dates(original) != _dates(rewrite):
        return "date"
    if _numbers(original) != _numbers(rewrite):
        return "number"
    kept = Counter(t.text for t in tokenize(rewrite))
    if any(kept[n] < c for n, c in Counter(names(original)).items()):
        return "name"
    if _negations(original) != _negations(rewrite):
        return "negation"
    if changed_share(original, rewrite) > max_share:
        return "share"
    return None


def edit_guard(edit: Edit, protected: Sequence[tuple[int, int]], rule_edits: Sequence[Edit]) -> str | None:
    """The reason to drop one model edit, or ``None``.

    Args:
        edit: a model edit (span into its segment text).
        protected: the segment's protected half-open spans.
        rule_edits: rule edits of the same segment.
    """
    for ps, pe in protected:
        if edit.start < pe and ps < edit.end or (edit.start == edit.end and ps < edit.start < pe):
            return "protected"
    if any(edit.overlaps(r) for r in rule_edits):
        return "rule-overlap"
    return None
