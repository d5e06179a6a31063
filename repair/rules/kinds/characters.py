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
from collections.abc import Iterable
from typing import Any

from repair import compiled
from repair.document import Document
from repair.edits import Applicability, Edit
from repair.lazy_regex import LazyPattern
from repair.rules.blocks import Block
from repair.rules.kinds.base import KindDoc, Matcher, Problem, SegmentView, is_word_char
from repair.rules.schema import STR_LIST
from repair.steps import Steps, run_steps

_HAN = LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
#: An apostrophe between letters (the apostrophe first, which the regex engine scans for quickly).
_APOS = re.compile(r"(['’])(?<=[^\W\d_]['’])(?=[^\W\d_])")
_AFTER_SPACE = ",.;:!?"
#: Segments counted per step of :meth:`Apostrophes.count_steps` (a few milliseconds of possessives).
COUNT_STEP = 500


def _literal(s: str) -> str:
    """Regex for a ``space_before`` string: either apostrophe; a word end after a final letter."""
    body = "".join("['’]" if c in "'’" else re.escape(c) for c in s)
    return body + (r"(?![\w-])" if s[-1].isalnum() else "")


def count_apostrophes(texts: list[str]) -> tuple[int, int]:
    """``(straight, curly)``: the apostrophes between letters in ``texts`` (:data:`_APOS`); the
    compiled scan (:data:`repair.compiled.scan`) when built."""
    if compiled.scan is not None:
        return compiled.scan.apostrophes(texts)
    # joined by line breaks, which are no letters: the same apostrophes as text by text
    found = _APOS.findall("\n".join(texts))
    straight = found.count("'")
    return straight, len(found) - straight


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
        segments = self._doc.segments
        for first in range(0, len(segments), step):
            texts: dict[int, list[str]] = {}  # part -> its texts in this step
            for seg in segments[first : first + step]:
                counts.setdefault(seg.part, [0, 0])
                texts.setdefault(seg.part, []).append(seg.text)
            for part, group in texts.items():
                straight, curly = count_apostrophes(group)
                counts[part][0] += straight
                counts[part][1] += curly
            if first + step <= len(segments):
                yield f"apostrophes ({first + step}/{len(segments)} segments)"
        self._value = {part: "’" if curly > straight else "'" for part, (straight, curly) in counts.items()}
        return self._value


class CharactersMatcher(Matcher):
    """Character-level rules."""

    kind = "characters"

    keys = {
        "map": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
        "script": {"enum": ["han"]},
        "space_before": STR_LIST,
    }
    #: a rule gives exactly one of these keys
    modes = ("map", "script", "space_before")
    doc = KindDoc(
        finds="Character-level artifacts, one mode per rule: `map` replaces characters (full-width "
        '"，" -> ",", with the spaces around punctuation put right); `script: han` flags runs of '
        "Chinese characters left in English text; `space_before` removes the spaces before the "
        'listed strings ("Tianjin , Anhui", "Xi Jinping ’s"; a possessive takes the apostrophe '
        "the document part mostly writes).",
        keys={
            "map": "character -> its replacement (each key one character)",
            "script": "`han`: flag untranslated Chinese",
            "space_before": "strings that take no space before them",
        },
        fixes="`map` and `space_before` change only characters and spacing, so they suit safe; "
        "`script` is display only (a person must translate).",
        example="""\
id: house/characters/space-before-comma
kind: characters
category: fluency/punctuation
severity: minor
applicability: safe
message: "a space before a comma"
space_before: [","]
examples:
  - bad: "Tianjin , Anhui and Guangdong"
    fixed: "Tianjin, Anhui and Guangdong"
  - good: "Tianjin, Anhui and Guangdong"
""",
    )

    @classmethod
    def validate_rule(cls, raw):
        """Exactly one mode, and a ``map`` of single characters."""
        if sum(m in raw for m in cls.modes) != 1:
            yield Problem(f"a characters rule needs exactly one of {', '.join(cls.modes)}", ("kind",))
            return
        for key in raw.get("map", {}):
            if len(key) != 1:
                yield Problem(
                    f"map key {key!r} is not one character (a map replaces single characters; "
                    "use a substitution rule for longer text)",
                    ("map", key),
                )
                return

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
                firsts = "".join(
                    sorted({c for x in r.params["space_before"] for c in ("'’" if x[0] in "'’" else x[0])})
                )
                self._spaces.append((r, re.compile(r"([ \t\u00a0\u3000]+)(" + alts + ")"), firsts))

    def prepare(self, doc: Document) -> Apostrophes:
        """The apostrophe the document mostly writes between letters (' unless ’ is more
        frequent), counted only when first needed (see :class:`Apostrophes`)."""
        return Apostrophes(doc)

    def context_key(self, state: Any) -> tuple | None:
        """The apostrophe in use in each part (counted only where a possessive rule needs it)."""
        return state() if self._spaces else None

    def context_parts(self, new_key: Any, old_key: Any) -> set[int]:
        """The parts whose apostrophe in use differs."""
        return {part for part, _ in set(new_key or ()) ^ set(old_key or ())}

    def context_key_steps(self, state: Any) -> Steps[tuple | None]:
        """:meth:`context_key`, the count in steps."""
        if self._spaces:
            yield from state.count_steps()
        return self.context_key(state)

    def may_find(self, block: Block, state: Any) -> set[int]:
        """The segments with a mapped character, Chinese characters (for a ``script`` rule)
        or a blank before a ``space_before`` string."""
        text = block.text
        wide = block.non_ascii  # only these can hold a full-width or Chinese character
        out: set[int] = set()
        for (_, regex), ascii_keys in zip(self._map_re, self._ascii_keys):
            if ascii_keys:
                out |= block.at_all(m.start() for m in regex.finditer(text))
            else:
                out.update(i for i in wide if regex.search(block.texts[i]))
        if self._scripts:
            out.update(i for i in wide if _HAN.search(block.texts[i]))
        blanks = " " + "".join(ws for ws in "\t\u00a0\u3000" if ws in text)
        for _, _, firsts in self._spaces:
            for ws in blanks:
                for c in firsts:
                    out |= block.where(ws + c)
        return out

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
                    if end < n and (text[end].isalnum() or text[end] in '"“(‘'):
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
