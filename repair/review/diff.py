"""Word-level diffs of one edit in its context (difflib over word tokens), without any UI.

A diff is a list of ``(op, text)`` pieces, ``op`` one of ``"equal"``, ``"delete"`` and
``"insert"``; joining the ``equal`` and ``delete`` texts gives the old text, joining the
``equal`` and ``insert`` texts gives the new one.
"""

from __future__ import annotations

import difflib
import re

#: Words, runs of whitespace and single other characters: the tokens the diff aligns.
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]", re.UNICODE)

Piece = tuple[str, str]


def tokens(text: str) -> list[str]:
    """Split ``text`` into word, whitespace and punctuation tokens; ``"".join`` gives it back."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Piece]:
    """The word-level diff of ``old`` and ``new`` as ``(op, text)`` pieces (see module docstring).

    A replaced run of tokens becomes a ``delete`` piece followed by an ``insert`` piece.
    """
    a, b = tokens(old), tokens(new)
    # (old text, new text) runs; equal runs have old == new and are marked by a flag
    runs: list[tuple[bool, str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        runs.append((op == "equal", old_part, new_part))
    # a change, whitespace, a change: one change ("[-safe production-]{+work safety+}")
    merged: list[tuple[bool, str, str]] = []
    for run in runs:
        if (not run[0] and len(merged) >= 2 and merged[-1][0] and not merged[-1][1].strip()
                and not merged[-2][0]):
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


def markers(pieces: list[Piece]) -> str:
    """The diff as plain text with ``[-old-]`` and ``{+new+}`` markers (as ``git diff --word-diff``)."""
    parts = []
    for op, text in pieces:
        if op == "delete":
            parts.append(f"[-{text}-]")
        elif op == "insert":
            parts.append(f"{{+{text}+}}")
        else:
            parts.append(text)
    return "".join(parts)


def context_diff(text: str, start: int, end: int, replacement: str, width: int = 60) -> list[Piece]:
    """The diff of replacing ``text[start:end]`` by ``replacement``, with about ``width``
    characters of context on each side (cut at a word boundary, ``…`` where cut).

    Args:
        text: the segment text; ``start``/``end`` a half-open character span into it.
        replacement: the new text of the span.
        width: characters of context to keep before and after the span.
    """
    left_cut = max(0, start - width)
    if left_cut > 0:
        space = text.find(" ", left_cut, start)
        left_cut = space + 1 if space != -1 else left_cut
    right_cut = min(len(text), end + width)
    if right_cut < len(text):
        space = text.rfind(" ", end, right_cut)
        right_cut = space if space != -1 else right_cut
    before = ("…" if left_cut > 0 else "") + text[left_cut:start]
    after = text[end:right_cut] + ("…" if right_cut < len(text) else "")
    return word_diff(before + text[start:end] + after, before + replacement + after)
