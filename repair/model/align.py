"""Rewrite to edits: a word-level alignment (difflib) of a sentence and the model's rewrite.

Tokens are :mod:`repair.words`' (words with inner apostrophes: ``don't``, ``Xi’s``, and single
punctuation marks; shared with the review's diff and the HTML report); whitespace is not a
token, so a rewrite that only changes spacing yields no edit. Changes separated by at most ``merge_gap`` unchanged tokens become one edit, so that a
reviewer sees "a big house" -> "the big houses" as one change (as ERRANT merges adjacent edits:
Bryant et al., *Automatic Annotation and Evaluation of Error Types for GEC*, ACL 2017).
"""

from __future__ import annotations

from dataclasses import dataclass

from repair import words
from repair.words import Token


@dataclass(frozen=True, slots=True)
class Change:
    """One aligned change: ``original[start:end]`` becomes ``replacement``.

    Attributes:
        start, end: half-open character span in the original text.
        replacement: the rewrite's text for that span.
        a_tokens, b_tokens: how many original / rewrite tokens the change covers.
    """

    start: int
    end: int
    replacement: str
    a_tokens: int
    b_tokens: int


def tokenize(text: str) -> list[Token]:
    """Word and punctuation tokens of ``text`` with their character spans (:func:`repair.words.spans`)."""
    return words.spans(text)


def opcodes(a: list[Token], b: list[Token]) -> list[words.Opcode]:
    """difflib opcodes between two token lists (compared by text; no junk heuristic)."""
    return words.opcodes([t.text for t in a], [t.text for t in b])


def changed_share(original: str, rewrite: str) -> float:
    """The share of the original that a rewrite changes, in tokens (0.0 .. unbounded).

    ``sum(max(replaced original tokens, inserted tokens))`` over the changes, divided by the
    number of original tokens (at least 1): an insertion of three words into a ten-word
    sentence is 0.3, a rewrite of every word is 1.0.
    """
    a, b = tokenize(original), tokenize(rewrite)
    changed = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in opcodes(a, b) if op != "equal")
    return changed / max(1, len(a))


def align(original: str, rewrite: str, merge_gap: int = 1) -> list[Change]:
    """The minimal word-level changes that turn ``original`` into ``rewrite``.

    Args:
        original: the sentence as it is.
        rewrite: the model's version.
        merge_gap: changes separated by at most this many unchanged tokens are merged (0: only
            difflib's own grouping).

    Returns:
        changes sorted by start, non-overlapping, spans into ``original``. Applying all of them
        (right to left) gives ``rewrite`` up to whitespace between unchanged tokens; exactly
        ``rewrite`` when both use the same spacing around those tokens. A deletion takes the
        whitespace after the deleted words (before them at the end of the text), an insertion
        brings its own.
    """
    a, b = tokenize(original), tokenize(rewrite)
    groups: list[list[int]] = []  # [i1, i2, j1, j2]
    for op, i1, i2, j1, j2 in opcodes(a, b):
        if op == "equal":
            continue
        if groups and i1 - groups[-1][1] <= merge_gap and j1 - groups[-1][3] <= merge_gap:
            groups[-1][1], groups[-1][3] = i2, j2
        else:
            groups.append([i1, i2, j1, j2])
    return [_change(original, rewrite, a, b, *g) for g in groups]


def _change(original: str, rewrite: str, a: list[Token], b: list[Token], i1: int, i2: int, j1: int, j2: int) -> Change:
    if i1 < i2 and j1 < j2:  # replace
        return Change(a[i1].start, a[i2 - 1].end, rewrite[b[j1].start : b[j2 - 1].end], i2 - i1, j2 - j1)
    if i1 < i2:  # delete, with the whitespace on one side
        if i2 < len(a):
            return Change(a[i1].start, a[i2].start, "", i2 - i1, 0)
        start = a[i1 - 1].end if i1 > 0 else a[i1].start
        return Change(start, a[i2 - 1].end if i1 > 0 else len(original), "", i2 - i1, 0)
    # insert before a[i1] (or after the last token), with the rewrite's spacing
    if i1 < len(a):
        end = b[j2].start if j2 < len(b) else len(rewrite)
        return Change(a[i1].start, a[i1].start, rewrite[b[j1].start : end], 0, j2 - j1)
    start = b[j1 - 1].end if j1 > 0 else 0
    point = a[-1].end if a else len(original)
    return Change(point, point, rewrite[start : b[j2 - 1].end], 0, j2 - j1)
