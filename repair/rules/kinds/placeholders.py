"""``placeholders``: placeholders and inline tags of the source kept, unchanged, in the target.

A *code* is a printf placeholder (``%s``, ``%1$d``, ``%(name)s``), a brace placeholder
(``{0}``, ``{name}``, ``{{var}}``; :data:`repair.formats.splice.PLACEHOLDER`) or an inline
tag as XLIFF and TMX write them (``<x id="1"/>``, ``<g id="2">``, ``<ph>``, ``<bpt>``,
``<ept>``, ``<it>``, ``<ut>``, ``<ex/>``, ``<bx/>``, ``<sc/>``, ``<ec/>``, ``<pc>``, ``<hi>``,
``<mrk>``). The XLIFF and TMX readers give the source with its tags as written
(``Segment.source_markup``) and keep the target's tags in its text as protected spans, so
both sides are read the same way. A placeholder is known by its text; a tag by its element
and id (``id``, TMX ``i`` or ``x``, ``rid``, ``startRef``, ``mid``), so ``<g id="1"
ctype="bold">`` in the source and ``<g id="1">`` in the target are the same code; a closing
tag (``</g>``) is not a code of its own (its start tag stands for the element).

Checks (one rule each):

- ``missing``: a code of the source the target lacks. When the target holds it *garbled*
  (the same characters with spaces inside, or in another case: ``% 1 $ s``, ``{ name }``,
  ``{Name}``, ``{{ var }}``), the garbled text is replaced by the source's code (safe: the
  right text is the source's own); where the garbled text is a protected span (``{Name}`` in
  XLIFF is a placeholder itself), a zero-width finding at the end names it instead; a tag of
  an XLIFF or TMX source is never restored from text (text that looks like a tag there is
  character data, and would be written as such); a code missing altogether is a zero-width finding at the end of the target (display).
- ``invented``: a code of the target the source does not hold (and that restores nothing).
- ``duplicated``: a code of the source that the target holds more often than the source.
- ``order``: only where the format says order matters: printf conversions without a
  position (``%s``, ``%d``: C and gettext's ``msgfmt --check-format`` bind them to arguments
  in order, so their sequence must be the source's); an end code before its start (TMX
  ``<ept i>`` before ``<bpt i>``, XLIFF 2.0 ``<ec startRef>`` before ``<sc id>``, XLIFF 1.2
  ``<ex rid>`` before ``<bx rid>``); XLIFF 2.0 codes marked ``canReorder="no"`` or
  ``"firstNo"`` in another order than the source's. Other codes may move: XLIFF lets a
  translator reorder inline codes.

A finding on a code that is a protected span (a tag) is zero-width at the code's start (no
edit may touch the span). Segments whose source holds no code are not checked. The kind
reads a source in any language (:attr:`SourceMatcher.any_language`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

from repair.edits import Applicability, Edit
from repair.formats.splice import PLACEHOLDER
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import SourceMatcher

CHECKS = ("missing", "invented", "duplicated", "order")

_INLINE_TAG = re.compile(r"</?(?:x|g|ph|bpt|ept|it|ut|ex|bx|sc|ec|pc|sm|em|mrk|hi)\b[^<>]*>")
CODE = re.compile(PLACEHOLDER.pattern + r"|" + _INLINE_TAG.pattern)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG_NAME = re.compile(r"<([\w.-]+)")
#: attributes that identify a code, in order of preference (XLIFF ``id``, TMX ``i``/``x``...)
_ID_ATTRS = ("id", "i", "x", "rid", "startRef", "mid")
#: start and end codes of a pair, and the attribute that pairs them: TMX ``bpt``/``ept`` by
#: ``i``; XLIFF 2.0 ``sc``/``ec`` by ``id``/``startRef``; XLIFF 1.2 ``bx``/``ex`` by ``rid``
_STARTS = {"bpt": ("i",), "sc": ("id",), "bx": ("rid", "id")}
_ENDS = {"ept": ("i",), "ec": ("startRef",), "ex": ("rid", "id")}
_PRINTF_PLAIN = re.compile(r"%[-+#0]*\d*(?:\.\d+)?[sdifuxXoeEgGc@]$")


@dataclass(frozen=True, slots=True)
class Code:
    """One code of a text.

    Attributes:
        key: what makes two codes the same: a placeholder's text; a tag's element and id
            (``g#1``), or its element and attributes when it has no id.
        text: the code as written.
        start: offset in the text; ``end``: one past it (half-open).
        pair: for a start or end code of a pair, ``("start"|"end", pairing id)``; else ``None``.
        fixed: an XLIFF 2.0 code that may not be reordered (``canReorder="no"``/``"firstNo"``).
        plain: a printf conversion without a position (``%s``, ``%d``).
    """

    key: str
    text: str
    start: int
    end: int
    pair: tuple[str, str] | None = None
    fixed: bool = False
    plain: bool = False


def _tag_code(text: str, start: int, end: int) -> Code | None:
    """The :class:`Code` of a tag; ``None`` for a closing tag."""
    if text.startswith("</"):
        return None
    name_m = _TAG_NAME.match(text)
    name = name_m.group(1) if name_m else text
    attrs = {
        m.group(1).split(":")[-1]: m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(text)
    }
    ident = next((attrs[a] for a in _ID_ATTRS if a in attrs), None)
    key = f"{name}#{ident}" if ident is not None else f"{name}{sorted(attrs.items())}"
    pair = None
    for table, role in ((_STARTS, "start"), (_ENDS, "end")):
        if name in table:
            pid = next((attrs[a] for a in table[name] if a in attrs), None)
            if pid is not None:
                pair = (role, f"{name if role == 'start' else _partner(name)}#{pid}")
    return Code(key, text, start, end, pair, attrs.get("canReorder") in ("no", "firstNo"))


def _partner(end_name: str) -> str:
    return {"ept": "bpt", "ec": "sc", "ex": "bx"}[end_name]


def codes(text: str) -> list[re.Match[str]]:
    """The codes of ``text`` in order (matches of :data:`CODE`, closing tags included)."""
    return list(CODE.finditer(text))


def parse_codes(text: str) -> list[Code]:
    """The codes of ``text`` in order, closing tags left out (see :class:`Code`)."""
    out: list[Code] = []
    for m in CODE.finditer(text):
        tok = m.group(0)
        if tok.startswith("<"):
            code = _tag_code(tok, m.start(), m.end())
            if code is not None:
                out.append(code)
        else:
            out.append(Code(tok, tok, m.start(), m.end(), plain=bool(_PRINTF_PLAIN.match(tok))))
    return out


@lru_cache(maxsize=4096)
def _source_codes(source: str) -> tuple[Code, ...]:
    """The codes of a source, read once per source text."""
    return tuple(parse_codes(source))


def garbled_pattern(code: str) -> re.Pattern[str]:
    """A pattern for ``code`` with optional spaces between its characters, any case.

    ``%1$d`` -> ``%\\s*1\\s*\\$\\s*d``; matches ``% 1 $ d`` and ``%1$D``.
    """
    chars = [re.escape(c) for c in code if not c.isspace()]
    return re.compile(r"\s*".join(chars), re.IGNORECASE)


def order_breaks(src: tuple[Code, ...] | list[Code], tgt: list[Code]) -> list[tuple[Code, str]]:
    """The target codes out of the order the format requires (see the module doc), each with
    why: ``[(code, reason)]`` in target order."""
    out: list[tuple[Code, str]] = []
    s_plain = [c.text for c in src if c.plain]
    t_plain = [c for c in tgt if c.plain]
    if len(s_plain) > 1 and Counter(s_plain) == Counter(c.text for c in t_plain):
        for want, got in zip(s_plain, t_plain):
            if want != got.text:
                out.append((got, f"{got.text!r} stands where the source has {want!r} (printf fills them in order)"))
                break
    starts: dict[str, int] = {}
    for i, c in enumerate(tgt):
        if c.pair and c.pair[0] == "start":
            starts.setdefault(c.pair[1], i)
    for i, c in enumerate(tgt):
        if c.pair and c.pair[0] == "end" and starts.get(c.pair[1], -1) > i:
            out.append((c, f"{c.text!r} ends a code before its start"))
    s_fixed = [c.key for c in src if c.fixed]
    if len(s_fixed) > 1:
        t_fixed = [c for c in tgt if c.key in set(s_fixed)]
        if sorted(s_fixed) == sorted(c.key for c in t_fixed):
            for want, got in zip(s_fixed, t_fixed):
                if want != got.key:
                    out.append((got, f"{got.text!r} moved, and the source does not let it (canReorder)"))
                    break
    return sorted(out, key=lambda x: x[0].start)


class PlaceholdersMatcher(SourceMatcher):
    """Codes of the source missing, garbled, invented, duplicated or out of order in the target (see module doc)."""

    kind = "placeholders"
    any_language = True
    keys: ClassVar[Mapping[str, Any]] = {"check": {"enum": list(CHECKS)}}
    required: ClassVar[tuple[str, ...]] = ("check",)
    doc = KindDoc(
        finds="Placeholders (%s, %1$d, {name}, {{var}}) and XLIFF/TMX inline tags (compared by element and id) of "
        'the source that the target lacks, holds garbled ("% 1 $ d", "{Name}"), holds though the source does not, '
        "holds more often than the source, or holds out of the order the format requires (printf conversions "
        'without a position, a pair\'s end before its start, XLIFF 2.0 canReorder="no").',
        keys={
            "check": "missing (a code of the source lacking or garbled), invented (a code the source lacks), "
            "duplicated (a code held more often than in the source) or order (out of the order the format requires)"
        },
        fixes="A garbled code is replaced by the source's own (safe: the right text is known); a code missing "
        "altogether, invented, duplicated or out of order is display: where it belongs is for a person.",
        example="""\
id: bilingual/placeholders/missing
kind: placeholders
check: missing
category: accuracy/omission/placeholder
severity: critical
applicability: safe
message: "a placeholder of the source is missing or garbled"
examples:
  - bad: "Deleted % 1 $ d files."
    source: "已删除%1$d个文件。"
    fixed: "Deleted %1$d files."
  - good: "Deleted %1$d files."
    source: "已删除%1$d个文件。"
""",
    )

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        src = _source_codes(view.seg.source_markup or source)
        if not src:
            return
        text = view.text
        tgt = parse_codes(text)
        want = Counter(c.key for c in src)
        have = Counter(c.key for c in tgt)
        first: dict[str, str] = {}
        for c in src:
            first.setdefault(c.key, c.text)
        lacking = list((want - have).elements())
        restored: list[tuple[int, int, str]] = []
        xml = view.seg.source_markup is not None  # tags are elements: text that looks like one is no tag
        for key in lacking:
            code = first[key]
            if xml and code.startswith("<"):
                continue
            hit = next(
                (
                    m
                    for m in garbled_pattern(code).finditer(text)
                    if m.group(0) != code and not any(m.start() < e and s < m.end() for s, e, _ in restored)
                ),
                None,
            )
            if hit is not None:
                restored.append((hit.start(), hit.end(), key))
        in_restored = [c for c in tgt if any(s <= c.start and c.end <= e for s, e, _ in restored)]
        for rule in self.rules:
            check = rule.params["check"]
            if check == "missing":
                yield from self._missing(rule, view, restored, first, lacking)
            elif check == "order":
                for c, why in order_breaks(src, tgt):
                    yield self._at(rule, view, c, f"{rule.message}: {why}")
            else:
                seen: Counter[str] = Counter()
                for c in tgt:
                    seen[c.key] += 1
                    if c in in_restored or seen[c.key] <= want[c.key]:
                        continue
                    if check == "invented" and want[c.key] == 0:
                        yield self._at(rule, view, c, f"{rule.message}: {c.text!r} is not in the source")
                    elif check == "duplicated" and want[c.key] > 0:
                        yield self._at(
                            rule,
                            view,
                            c,
                            f"{rule.message}: {c.text!r} is in the source {want[c.key]} time(s), "
                            f"in the target {have[c.key]}",
                        )

    def _missing(self, rule, view: SegmentView, restored, first: dict[str, str], lacking: list[str]) -> Iterable[Edit]:
        text = view.text
        for s, e, key in restored:
            code = first[key]
            if self.excepted(rule, text, s, e):
                continue
            message = f"{rule.message}: {text[s:e]!r} is the source's {code!r}"
            if view.seg.is_protected(s, e):  # "{Name}" is a placeholder itself: no edit may touch it
                yield self.edit(
                    rule, view, len(text), len(text), "", applicability=Applicability.DISPLAY, message=message
                )
            else:
                yield self.edit(rule, view, s, e, code, message=message)
        gone = list((Counter(lacking) - Counter(k for _, _, k in restored)).elements())
        if gone:
            end = len(text)
            yield self.edit(
                rule,
                view,
                end,
                end,
                "",
                applicability=Applicability.DISPLAY,
                message=f"{rule.message}: the source's {', '.join(first[k] for k in gone)} not in the target",
            )

    def _at(self, rule, view: SegmentView, code: Code, message: str) -> Edit:
        """A display finding on ``code``: over it, or zero-width at the start of the protected
        span that holds it (a tag: no edit may touch it)."""
        if not view.seg.is_protected(code.start, code.end):
            return self.edit(
                rule, view, code.start, code.end, code.text, applicability=Applicability.DISPLAY, message=message
            )
        pos = code.start
        for s, e in view.seg.protected:
            if s < pos < e:
                pos = s
        return self.edit(rule, view, pos, pos, "", applicability=Applicability.DISPLAY, message=message)
