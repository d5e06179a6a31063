"""Segments checked together as one text: what lets a rule kind find the few segments worth
its per-segment look with one scan of their texts joined (see
:meth:`repair.rules.kinds.base.Matcher.may_find`)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence

from repair.document import Segment


def fold(text: str) -> str:
    """``text`` lower-cased and with ’ as ', character for character (same length), for
    case-insensitive literal matching; a character whose lower case is longer ("İ") stays."""
    t = text.replace("’", "'")
    low = t.lower()
    return low if len(low) == len(t) else "".join(c.lower() if len(c.lower()) == 1 else c for c in t)


class Block:
    """Segments and their texts joined by ``\\n``.

    A scan of :attr:`text` finds what a scan of each text would, for a pattern that matches
    no ``\\n`` and takes a ``\\n`` before or after a text as it takes the text's start or end
    (not ``^``, ``$``, ``\\A``, ``\\Z``: a line break is no word character nor blank). A
    segment's text may hold line breaks of its own; :attr:`line_per_segment` tells when none does.

    Args:
        segments: the segments, in order.

    Attributes:
        segments: the segments.
        texts: their texts.
        text: the texts joined by ``\\n``.
    """

    __slots__ = ("segments", "texts", "text", "_ends", "_folded", "_non_ascii")

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments = list(segments)
        self.texts = [s.text for s in self.segments]
        self.text = "\n".join(self.texts)
        self._ends: list[int] | None = None
        self._folded: str | None = None
        self._non_ascii: list[int] | None = None

    @property
    def ends(self) -> list[int]:
        """Per segment, the offset in :attr:`text` one past its text (where its ``\\n`` stands)."""
        if self._ends is None:
            self._ends = [end - 1 for end in itertools.accumulate(len(t) + 1 for t in self.texts)]
        return self._ends

    @property
    def folded(self) -> str:
        """:attr:`text` folded as :func:`fold` folds each segment's text (same offsets)."""
        if self._folded is None:
            text = self.text
            if text.isascii():
                self._folded = text.encode("ascii").lower().decode("ascii")
            elif self.line_per_segment:
                # the ASCII letters of all texts at once (bytes), then the texts with others one by one
                folded = text.encode("utf-8").lower().decode("utf-8").split("\n")
                for i in self.non_ascii:
                    folded[i] = fold(self.texts[i])
                self._folded = "\n".join(folded)
            else:
                self._folded = "\n".join(map(fold, self.texts))
        return self._folded

    @property
    def non_ascii(self) -> list[int]:
        """The indices of the segments whose text is not all ASCII."""
        if self._non_ascii is None:
            self._non_ascii = [] if self.text.isascii() else [i for i, t in enumerate(self.texts) if not t.isascii()]
        return self._non_ascii

    @property
    def line_per_segment(self) -> bool:
        """Whether no segment's text holds a ``\\n`` of its own."""
        return self.text.count("\n") == len(self.texts) - 1

    def at(self, offset: int) -> int:
        """The index (in :attr:`segments`) of the segment whose text holds ``offset``."""
        return bisect.bisect_left(self.ends, offset)

    def at_all(self, offsets: Iterable[int]) -> set[int]:
        """:meth:`at` of each of ``offsets``."""
        ends = self.ends
        return set(map(bisect.bisect_left, itertools.repeat(ends), offsets))

    def where(self, needle: str, text: str | None = None) -> set[int]:
        """The segments whose text holds ``needle`` (a literal without ``\\n``), searched in
        :attr:`text` or in ``text`` (of the same length: :attr:`folded`)."""
        hay = self.text if text is None else text
        found = []
        find = hay.find
        pos = find(needle)
        ends = self.ends
        while pos >= 0:
            k = bisect.bisect_left(ends, pos)
            found.append(k)
            if k >= len(ends):
                break
            pos = find(needle, ends[k] + 1)  # the next segment on
        return set(found)
