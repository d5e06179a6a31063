"""``characters``: character-level artifacts: full-width punctuation, untranslated CJK,
stray spaces before a comma or a possessive.

Each rule uses exactly one mode:
- ``map``: replace characters (full-width "，" -> ","); a mapped comma, full stop, colon,
  semicolon, "!" or "?" takes the space before it away and gets one after it when a word
  follows; a mapped opening bracket gets a space before it after a word.
- ``script: han``: flag runs of Chinese characters left in English text (display: a person
  must translate them).
- ``space_before``: remove spaces between a word and one of the listed strings (",", "’s");
  a possessive takes the apostrophe the document part mostly uses ("Xi Jinping ’s" -> "Xi
  Jinping's" in an article that writes "people's").
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from repair.document import Document
from repair.edits import Applicability, Edit
from repair.lazy_regex import LazyPattern
from repair.rules.kinds.base import Matcher, SegmentView, is_word_char
from repair.steps import Steps, run_steps

_HAN = LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_APOS = re.compile(r"(?<=[^\W\d_])(['’])(?=[^\W\d_])")
_AFTER_SPACE = ",.;:!?"
#: Segments counted per step of :meth:`Apostrophes.count_steps` (about 2 ms of possessives).
COUNT_STEP = 500


def _literal(s: str) -> str:
    """Regex for a ``space_before`` string: either apostrophe; a word end after a final letter."""
    body = "".join("['’]" if c in "'’" else re.escape(c) for c in s)
    return body + (r"(?![\w-])" if s[-1].isalnum() else "")


class Apostrophes:
    """The apostrophe each document part (:attr:`repair.document.Segment.part`) mostly writes
    between letters: ``'`` unless ``’`` is more frequent. Counted when first asked (calling
    the object), at once or in steps.

    Args:
        doc: the document.
    """

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._value: dict[int, str] | None = None

    def __call__(self, part: int | None = None) -> Any:
        """The apostrophe of ``part`` (counted now if it was not); with no part, the
        apostrophe of every part as a sorted tuple of ``(part, apostrophe)``."""
        values = self._value if self._value is not None else run_steps(self.count_steps())
        return tuple(sorted(values.items())) if part is None else values.get(part, "'")

    def count_steps(self, step: int = COUNT_STEP) -> Steps[dict[int, str]]:
        """Count in steps of ``step`` segments; returns ``{part: apostrophe}`` (and keeps it)."""
        if self._value is not None:
            return self._value
        counts: dict[int, list[int]] = {}
        for n, seg in enumerate(self._doc.segments, 1):
            c = counts.setdefault(seg.part, [0, 0])
            if "'" in seg.text or "’" in seg.text:
                for m in _APOS.finditer(seg.text):
                    c[m.group(1) != "'"] += 1
            if n % step == 0:
                yield f"apostrophes ({n}/{len(self._doc.segments)} segments)"
        self._value = {part: "’" if curly > straight else "'" for part, (straight, curly) in counts.items()}
        return self._value


class CharactersMatcher(Matcher):
    """Character-level rules."""

    kind = "characters"

    def __init__(self, rules):
        super().__init__(rules)
        self._maps = [(r, r.params["map"]) for r in self.rules if "map" in r.params]
        self._map_re = [(r, re.compile("[" + re.escape("".join(m)) + "]")) for r, m in self._maps]
        self._ascii_keys = [any(c.isascii() for c in m) for _, m in self._maps]
        self._scripts = [r for r in self.rules if "script" in r.params]
        self._spaces = []
        for r in self.rules:
            if "space_before" in r.params:
                alts = "|".join(_literal(s) for s in r.params["space_before"])
                firsts = "".join(sorted({c for x in r.params["space_before"] for c in ("'’" if x[0] in "'’" else x[0])}))
                self._spaces.append((r, re.compile(r"([ \t\u00a0\u3000]+)(" + alts + ")"), firsts))

    def prepare(self, doc: Document) -> "Apostrophes":
        """The apostrophe the document mostly writes between letters (' unless ’ is more
        frequent), counted only when first needed (see :class:`Apostrophes`)."""
        return Apostrophes(doc)

    def context_key(self, state: Any) -> tuple | None:
        """The apostrophe in use in each part (counted only where a possessive rule needs it)."""
        return state() if self._spaces else None

    def context_key_steps(self, state: Any) -> Steps[tuple | None]:
        """:meth:`context_key`, the count in steps."""
        if self._spaces:
            yield from state.count_steps()
        return self.context_key(state)

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        text = view.text
        n = len(text)
        ascii_only = text.isascii()  # no full-width or Han characters: only spacing to check
        for (rule, mapping), (_, regex), ascii_keys in zip(self._maps, self._map_re, self._ascii_keys):
            if ascii_only and not ascii_keys:
                continue
            for m in regex.finditer(text):
                start, end = m.span()
                new = mapping[m.group()]
                if new and new[-1] in _AFTER_SPACE:
                    while start > 0 and text[start - 1] in " \t\u3000":
                        start -= 1
                    if end < n and (text[end].isalnum() or text[end] in "\"“(‘"):
                        new += " "
                elif new in ("(", "[") and start > 0 and text[start - 1].isalnum():
                    new = " " + new
                if not self.excepted(rule, text, m.start(), m.end()):
                    yield self.edit(rule, view, start, end, new)
        han = self._scripts and not ascii_only and max(text, default="") >= "\u3400"  # else no Han: skip the regex
        for rule in self._scripts if han else []:
            for m in _HAN.finditer(text):
                yield self.edit(rule, view, m.start(), m.end(), m.group(), applicability=Applicability.DISPLAY)
        other_blanks = not ascii_only or "\t" in text
        for rule, regex, firsts in self._spaces:
            if not any(" " + c in text for c in firsts) and not (
                other_blanks and any(ws + c in text for ws in "\t\u00a0\u3000" for c in firsts)
            ):
                continue  # no blank before the string at all: skip the regex
            for m in regex.finditer(text):
                if not m.start() or not is_word_char(text[m.start() - 1]):
                    continue
                target = m.group(2)
                if target[0] in "'’":
                    target = state(view.seg.part) + target[1:]
                elif target == "," and m.end() < n and text[m.end()].isalnum():
                    target = ", "  # "epidemic ,which" -> "epidemic, which": the space moves, not vanishes
                if not self.excepted(rule, text, m.start(), m.end()):
                    yield self.edit(rule, view, m.start(), m.end(), target)
