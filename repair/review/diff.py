"""Word-level diffs of one edit in its context, without any UI.

A diff is a list of ``(op, text)`` pieces (:data:`repair.words.Piece`), ``op`` one of
``"equal"``, ``"delete"`` and ``"insert"``; joining the ``equal`` and ``delete`` texts gives
the old text, joining the ``equal`` and ``insert`` texts gives the new one. The tokens and the
diff are :mod:`repair.words`', shared with the HTML report and the model's alignment.
"""

from __future__ import annotations

from repair.words import Piece, tokens, word_diff

__all__ = ["Piece", "context_diff", "markers", "tokens", "word_diff"]


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
