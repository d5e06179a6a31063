"""An MQM-style score per document, computed from findings with Google's WMT weights.

Weights (Freitag et al., 2021, "Experts, Errors, and Context: A Large-Scale Study of Human
Evaluation for Machine Translation", TACL 9, Table 3; the scheme of the WMT MQM annotations):

============================  ==========  ======
error                         severity    weight
============================  ==========  ======
non-translation               major       25
any other category            major       5
fluency/punctuation           minor       0.1
any other category            minor       1
============================  ==========  ======

Mapping to our categories: ``accuracy/untranslated`` (and ``accuracy/non-translation``) at
major or critical severity is the paper's non-translation (25). The paper has no critical
severity; a critical finding weighs as major (5). The score is the summed weight per 1,000
words of the document (whitespace-separated words), so it is a penalty: lower is better,
0 is a document with no findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from repair.edits import Edit, Severity

#: Weight of a minor error (Freitag et al., 2021, Table 3).
MINOR = 1.0
#: Weight of a major error.
MAJOR = 5.0
#: Weight of a minor fluency/punctuation error.
MINOR_PUNCTUATION = 0.1
#: Weight of a non-translation.
NON_TRANSLATION = 25.0
#: Categories scored as the paper's non-translation when major or critical.
NON_TRANSLATION_CATEGORIES = ("accuracy/untranslated", "accuracy/non-translation")
#: Words per score unit.
PER_WORDS = 1000


def _is(category: str, prefix: str) -> bool:
    return category == prefix or category.startswith(prefix + "/")


def weight(category: str, severity: Severity) -> float:
    """The MQM weight of one error.

    Args:
        category: MQM category path, e.g. ``fluency/punctuation``.
        severity: minor, major or critical (critical weighs as major).

    Returns:
        25, 5, 1 or 0.1 (see the module docstring for the source).
    """
    if severity is Severity.MINOR:
        return MINOR_PUNCTUATION if _is(category, "fluency/punctuation") else MINOR
    if any(_is(category, c) for c in NON_TRANSLATION_CATEGORIES):
        return NON_TRANSLATION
    return MAJOR


@dataclass(frozen=True)
class MqmScore:
    """The MQM-style penalty of one document.

    Attributes:
        penalty: summed weights of the findings (no unit).
        words: whitespace-separated words of the document.
        errors: number of findings counted.
    """

    penalty: float
    words: int
    errors: int

    @property
    def score(self) -> float:
        """Penalty per 1,000 words (0.0 for a document without words)."""
        return self.penalty / self.words * PER_WORDS if self.words else 0.0

    def to_dict(self) -> dict:
        """``{"score", "penalty", "words", "errors"}``, score and penalty rounded to 4 places."""
        return {
            "score": round(self.score, 4),
            "penalty": round(self.penalty, 4),
            "words": self.words,
            "errors": self.errors,
        }


def mqm_score(findings: Iterable[Edit], words: int) -> MqmScore:
    """Score a document from its findings.

    Args:
        findings: the edits ``check`` reports for the document (every tier counts: a
            display-only finding is an error too).
        words: the document's word count (:meth:`repair.document.Document.word_count`).

    Raises:
        ValueError: when ``words`` is negative.
    """
    if words < 0:
        raise ValueError(f"negative word count {words}")
    found = list(findings)
    return MqmScore(sum(weight(e.category, e.severity) for e in found), words, len(found))


def combine(scores: Iterable[MqmScore]) -> MqmScore:
    """One score for several documents: penalties, words and errors summed."""
    items = list(scores)
    return MqmScore(sum(s.penalty for s in items), sum(s.words for s in items), sum(s.errors for s in items))
