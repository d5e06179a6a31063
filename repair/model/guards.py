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

With the sentence's Chinese ``source``, the ``number`` and ``negation`` guards judge the
rewrite against the source instead of against the MT (issue 13): a rewrite that restores a
number the source holds, or removes one copy of a number repeated in a loop, is kept; one that
writes a number the source does not hold, or drops every mention of one it holds, is dropped.
A rewrite that adds a negation the source has (or drops one while the source negates
nothing) is kept; any other change of negation is dropped. Numbers are read with
:mod:`repair.numerals`, negations with :mod:`repair.rules.kinds.polarity`.

Per edit: ``protected`` (touches a protected span) and ``rule-overlap`` (overlaps a rule edit).
Outside the guards, the proposer records ``margin`` (the model does not prefer its rewrite to
the original by the margin), ``no-source`` (a preset needs the source and there is none) and
``too-long`` (the sentence, or its prompt, is longer than the model takes, or the rewrite was
cut off at the model's output limit).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from repair.edits import Edit
from repair.model.align import changed_share, tokenize

#: Default largest share of a sentence a rewrite may change (see :func:`changed_share`).
MAX_SHARE = 0.5

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b", re.IGNORECASE)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
# Capitalised only, so that the modal "may" and the verb "march" are not dates.
_DATE_WORD = re.compile(r"\b(?:" + "|".join(w.capitalize() for w in _MONTHS + _DAYS) + r")\b\.?")
_DATE_NUM = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_NUMBER_WORDS = set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion trillion dozen half percent first second third fourth fifth "
    "sixth seventh eighth ninth tenth twice thrice".split()
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATIONS = set("not no never none nobody nothing nowhere neither nor cannot without".split())
_HAN = re.compile(r"[\u3400-\u9fff]")


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


def _figures(text: str) -> set[float]:
    """The values ``text`` shows (digits with their scale, number words), without the pieces
    of a figure ("1" and "200" of "1,200") and without "a", "an" and "half"."""
    from repair.numerals import en_numbers, en_values

    values = {v for n in en_numbers(text) for v in (n.value, n.bare)}
    values.update(en_values(_DIGITS.sub(" ", text)))
    return values - {0.5, 1.0} if not re.search(r"\b(?:one|1)\b", text, re.IGNORECASE) else values - {0.5}


def _numbers_agree(original: str, rewrite: str, source: str) -> bool:
    """Whether the rewrite's numbers agree with the source at least as the original's do: it
    shows no value the original does not show unless the source holds it, and keeps showing
    every value of the original the source holds (a repeated copy may go)."""
    from repair.numerals import same, zh_numbers

    required, allowed = zh_numbers(source)
    held = set(allowed) | set(required)
    old, new = _figures(original), _figures(rewrite)
    for v in new:
        if not any(same(v, o) for o in old) and not any(same(v, h) for h in held):
            return False
    for v in old:
        if not any(same(v, n) for n in new) and any(same(v, h) for h in held):
            return False
    return True


def _negation_repaired(original: str, rewrite: str, source: str) -> bool:
    """Whether a change of negation brings the rewrite into line with the source: it adds a
    negation to an original that has none while the source negates, or removes every
    negation while the source holds nothing that negates."""
    from repair.rules.kinds.polarity import SOURCE_NEGATIVE_CHARS, source_negations

    before, after = _negations(original), _negations(rewrite)
    if before == 0 and after > 0:
        return bool(source_negations(source))
    if before > 0 and after == 0:
        return not SOURCE_NEGATIVE_CHARS.intersection(source)
    return False


def content_guard(original: str, rewrite: str, max_share: float = MAX_SHARE, source: str | None = None) -> str | None:
    """The first reason to drop the rewrite of one sentence, or ``None`` to keep it.

    Args:
        original: the sentence as it is.
        rewrite: the model's version of it.
        max_share: the largest share of tokens the rewrite may change.
        source: the sentence's source (Chinese), or ``None``: with a source that holds Han
            characters, numbers and negations are judged against it (module docstring).
    """
    judged = source is not None and _HAN.search(source) is not None
    src = source or ""  # read only when judged
    if Counter(_URL.findall(original)) != Counter(_URL.findall(rewrite)):
        return "url"
    if _dates(original) != _dates(rewrite):
        return "date"
    if _numbers(original) != _numbers(rewrite) and not (judged and _numbers_agree(original, rewrite, src)):
        return "number"
    if judged and not _numbers_agree(original, rewrite, src):
        return "number"
    kept = Counter(t.text for t in tokenize(rewrite))
    if any(kept[n] < c for n, c in Counter(names(original)).items()):
        return "name"
    if _negations(original) != _negations(rewrite) and not (judged and _negation_repaired(original, rewrite, src)):
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
