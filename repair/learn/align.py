"""Word alignment of an MT segment with its post-edit, and the changes it shows.

Both texts are cut into tokens (:mod:`repair.words`' words with inner hyphens joined too, or
single punctuation marks) and compared case-insensitively with ’ as ', token for token, by the
Levenshtein alignment of RapidFuzz (``rapidfuzz.distance.Levenshtein.opcodes``, a C++ word
diff; docs/learn.md compares it with :mod:`difflib`); neighbouring differences separated by
at most :data:`MAX_GAP` equal tokens are merged into one change ("safety production" -> "work safety" is an insertion, one
equal word and a deletion to the aligner). A pure deletion takes one word of context, the
next word when there is one ("important instructions" -> "instructions"), else the word before;
a pure insertion takes the words on both sides ("to Ministry" -> "to the Ministry"), so that every
change replaces a phrase that starts and ends with a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from repair import words

#: A word (letters/digits with inner apostrophes and hyphens) or one other non-space character:
#: :data:`repair.words.COMPOUND_TOKEN`, the words of the review and the model with hyphens joined.
TOKEN = words.COMPOUND_TOKEN
#: Equal tokens allowed between two differences that are merged into one change.
MAX_GAP = 1
#: Longest phrase (in tokens) kept as a change, on the MT side and on the post-edit side.
MAX_MT_TOKENS = 6
MAX_PE_TOKENS = 8
_SENTENCE_END = frozenset(".!?。！？")


@dataclass(frozen=True, slots=True)
class Change:
    """One phrase of the MT that the post-edit replaced.

    Attributes:
        phrase: the MT text, ``mt[mt_start:mt_end]`` (character offsets, half-open).
        replacement: the post-edit's text for it, with a capital at a sentence start lowered
            when the rest of its first word is lower case ("Work safety" -> "work safety").
        mt_start / mt_end: the phrase's span in the MT segment.
    """

    phrase: str
    replacement: str
    mt_start: int
    mt_end: int


def fold(text: str) -> str:
    """``text`` lower-cased with ’ as ', character for character (same length)."""
    t = text.replace("’", "'")
    low = t.lower()
    return low if len(low) == len(t) else "".join(c.lower() if len(c.lower()) == 1 else c for c in t)


def tokens(text: str) -> tuple[list[str], list[re.Match]]:
    """The folded tokens of ``text`` and their matches (``.start()``, ``.end()``: half-open
    character offsets into ``text``)."""
    found = list(TOKEN.finditer(fold(text)))
    return [m.group() for m in found], found


def _is_word(tok: str) -> bool:
    return tok[0].isalnum() or tok[0] == "_"


def _clusters(ops) -> list[tuple[int, int, int, int]]:
    """Non-equal opcodes merged across equal runs of at most :data:`MAX_GAP` tokens."""
    out: list[list[int]] = []
    gap = 0  # equal tokens since the last difference
    for op in ops:
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            gap += i2 - i1
            continue
        if out and gap <= MAX_GAP:
            out[-1][1], out[-1][3] = i2, j2
        else:
            out.append([i1, i2, j1, j2])
        gap = 0
    return [tuple(c) for c in out]  # type: ignore[misc]


def _lower_first(text: str) -> str:
    """\"Work safety" -> "work safety"; "COVID-19", "Xi" and "US" stay as they are."""
    m = re.match(r"\w+", text)
    if not m or len(m.group()) < 2 or not m.group()[0].isupper() or not m.group()[1:].islower():
        return text
    return text[0].lower() + text[1:]


def changes(mt: str, pe: str, tokenize: Callable[[str], tuple[list[str], list[re.Match]]] = tokens) -> list[Change]:
    """The changes that turn ``mt`` into ``pe``, phrase by phrase.

    Args:
        mt: one MT segment.
        pe: its post-edit (or reference).
        tokenize: :func:`tokens`, or a cached version of it (a post-edit or reference shared by
            many MT outputs is cut once).

    Returns:
        the changes in MT order; none when the texts are equal but for case. A change whose
        phrase would not start and end with a word, or is longer than :data:`MAX_MT_TOKENS`
        (:data:`MAX_PE_TOKENS` for the replacement), is left out.
    """
    if mt == pe:
        return []
    a, a_spans = tokenize(mt)
    b, b_spans = tokenize(pe)
    if a == b:
        return []
    ops = Levenshtein.opcodes(a, b)
    out = []
    for i1, i2, j1, j2 in _clusters(ops):
        if i1 == i2:  # pure insertion: the words on both sides (the phrase must not recur in the replacement)
            if i1 == 0 or i2 == len(a) or not _is_word(a[i1 - 1]) or not _is_word(a[i2]):
                continue
            i1, j1, i2, j2 = i1 - 1, j1 - 1, i2 + 1, j2 + 1
        elif j1 == j2:  # pure deletion: one word of context
            if i2 < len(a) and j2 < len(b) and _is_word(a[i2]):
                i2, j2 = i2 + 1, j2 + 1
            elif i1 > 0 and j1 > 0 and _is_word(a[i1 - 1]):
                i1, j1 = i1 - 1, j1 - 1
            else:
                continue
        if i2 - i1 > MAX_MT_TOKENS or j2 - j1 > MAX_PE_TOKENS:
            continue
        if not (_is_word(a[i1]) and _is_word(a[i2 - 1])):
            continue
        start, end = a_spans[i1].start(), a_spans[i2 - 1].end()
        pstart, pend = b_spans[j1].start(), b_spans[j2 - 1].end()
        replacement = pe[pstart:pend]
        at_start = j1 == 0 or b[j1 - 1] in _SENTENCE_END
        if at_start:
            replacement = _lower_first(replacement)
        out.append(Change(mt[start:end], replacement, start, end))
    return out
