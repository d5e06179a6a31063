"""Words: the one tokenizer and word diff of the review, the HTML report, the model's
alignment and ``repair learn``.

A *word* is a run of letters, digits and ``_`` with inner apostrophes, straight or curly
(``don't``, ``Xi’s``, ``Jinping's``: one token each); every other non-space character is a
token of its own, and a run of whitespace is one token where the caller keeps whitespace
(:func:`tokens`). ``repair learn`` also joins inner hyphens (``well-off``, ``COVID-19``:
:data:`COMPOUND_TOKEN`), since the phrases it mines start and end with whole words; the
model's guards count number words inside ``twenty-five``, so the rest keep hyphens apart.

Diffs are :class:`difflib.SequenceMatcher`'s over these tokens, without its junk heuristic.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

#: A word: letters, digits or ``_``, with inner apostrophes (``'`` or ``’``).
WORD = r"\w+(?:['’]\w+)*"
#: Words, runs of whitespace and single other characters: ``"".join`` of the matches gives the text.
TOKEN = re.compile(rf"{WORD}|\s+|[^\w\s]")
#: Words with inner apostrophes or hyphens, and single other non-space characters (``repair learn``).
COMPOUND_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]")

#: One piece of a word diff: ``(op, text)``, ``op`` one of ``"equal"``, ``"delete"``, ``"insert"``.
Piece = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Token:
    """A token and its half-open character span in the text it came from."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[str]:
    """Word, whitespace and punctuation tokens of ``text``; ``"".join`` of them is ``text``.

    ``tokens("Xi’s  work,")`` is ``["Xi’s", "  ", "work", ","]``.
    """
    return TOKEN.findall(text)


def spans(text: str) -> list[Token]:
    """The word and punctuation tokens of ``text`` (whitespace left out) with their
    character spans: ``spans("Xi’s 3.5")`` is ``[Token("Xi’s", 0, 4), Token("3", 5, 6),
    Token(".", 6, 7), Token("5", 7, 8)]``."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text) if not m.group().isspace()]


#: One :meth:`difflib.SequenceMatcher.get_opcodes` step: ``(tag, i1, i2, j1, j2)``.
Opcode = tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """:meth:`difflib.SequenceMatcher.get_opcodes` of two token lists (no junk heuristic)."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def word_diff(old: str, new: str) -> list[Piece]:
    """The word-level diff of ``old`` and ``new`` as ``(op, text)`` pieces.

    Joining the ``equal`` and ``delete`` texts gives ``old``; joining the ``equal`` and
    ``insert`` texts gives ``new``. A replaced run of tokens is a ``delete`` piece followed by
    an ``insert`` piece; two changes separated only by whitespace are one change
    (``"of safe production."`` -> ``"of work safety."``: delete ``"safe production"``,
    insert ``"work safety"``).
    """
    a, b = tokens(old), tokens(new)
    # (equal?, old text, new text) runs
    runs: list[tuple[bool, str, str]] = []
    for op, i1, i2, j1, j2 in opcodes(a, b):
        runs.append((op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[tuple[bool, str, str]] = []
    for run in runs:
        if not run[0] and len(merged) >= 2 and merged[-1][0] and not merged[-1][1].strip() and not merged[-2][0]:
            space = merged.pop()[1]
            prev = merged.pop()
            run = (False, prev[1] + space + run[1], prev[2] + space + run[2])
        merged.append(run)
    out: list[Piece] = []
    for equal, old_part, new_part in merged:
        if equal:
            out.append(("equal", old_part))
            continue
        if old_part:
            out.append(("delete", old_part))
        if new_part:
            out.append(("insert", new_part))
    return out
