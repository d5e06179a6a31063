"""A changed text as a few small text edits (what an editor applies and can undo)."""

from __future__ import annotations

import difflib
import itertools


def text_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """Edits that turn ``old`` into ``new``: lines compared with :mod:`difflib`, then each
    changed block trimmed to the characters that differ.

    Returns:
        ``(start, end, replacement)`` per edit: half-open character offsets into ``old``,
        in order, not overlapping; none when the texts are equal.
    """
    if old == new:
        return []
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    starts = [0, *itertools.accumulate(len(line) for line in a)]
    out: list[tuple[int, int, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        before, after = old[starts[i1] : starts[i2]], "".join(b[j1:j2])
        head = 0
        while head < min(len(before), len(after)) and before[head] == after[head]:
            head += 1
        tail = 0
        while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
            tail += 1
        out.append((starts[i1] + head, starts[i2] - tail, after[head : len(after) - tail]))
    return out


def apply_text_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with ``edits`` (as :func:`text_edits` gives them) applied."""
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text
