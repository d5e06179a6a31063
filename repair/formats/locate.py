"""Where a segment's characters lie in the file text: segment offsets to file offsets.

Rules report spans into a segment's text (character offsets, half-open); an editor wants
them in the file. For plain text and Markdown a segment is a line, so the map is a shift.
In bilingual files a segment's text is the unescaped target of a unit
(:class:`repair.formats.splice.Unit` records where its raw content lies): a PO ``msgstr``
is quoted, escaped and may be wrapped over several lines; an XLIFF or TMX target holds
entities (``&amp;`` is one character of the segment). :meth:`Locator.offsets` walks the raw content
and checks that what it walked spells the segment's text; where it does not (a format it
does not know, a raw form it cannot follow), every character maps onto the whole unit, so a
finding still points at the right unit, never at the wrong characters.

File offsets are character offsets into the decoded file text without a byte-order mark.
"""

from __future__ import annotations

import bisect
import html
import re

from repair.document import Document

_PO_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}
_XML_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<[^>]*>", re.S)
_XML_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);")


def _po_walk(raw: str) -> tuple[str, list[int]]:
    """The text a PO ``msgstr`` field spells (polib's unescaping) and the offset in ``raw``
    (the ``msgstr "..."`` lines as written) of each of its characters and of its end."""
    chars: list[str] = []
    where: list[int] = []
    end = 0
    for m in _PO_STRING.finditer(raw):
        i, end = m.start(1), m.end(1)
        while i < end:
            escaped = raw[i] == "\\" and i + 1 < end and raw[i + 1] in _PO_ESCAPES
            chars.append(_PO_ESCAPES[raw[i + 1]] if escaped else raw[i])
            where.append(i)
            i += 2 if escaped else 1
    return "".join(chars), where + [end]


def _xml_walk(raw: str, text: str) -> tuple[str, list[int]]:
    """The text an XML target's raw content spells when markup stays as written and an
    entity in character data is one character, and the offset in ``raw`` of each of its
    characters and of its end. An entity that the segment's ``text`` holds as written
    (inside native code, kept raw) is followed as written."""
    chars: list[str] = []
    where: list[int] = []
    pos = 0
    for t_start, t_end in [m.span() for m in _XML_TOKEN.finditer(raw)] + [(len(raw), len(raw))]:
        i = pos
        while i < t_start:
            m = _XML_ENTITY.match(raw, i) if raw[i] == "&" else None
            if m and not text.startswith(m.group(), len(where)):  # len(where): characters so far
                chars.append(html.unescape(m.group()))
                where.append(i)
                i = m.end()
            else:
                chars.append(raw[i])
                where.append(i)
                i += 1
        chars.append(raw[t_start:t_end])
        where.extend(range(t_start, t_end))
        pos = t_end
    return "".join(chars), where + [len(raw)]


class Locator:
    """Segment spans of one parsed document as file offsets.

    Args:
        doc: a document read by :mod:`repair.formats`.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.units = getattr(doc.meta, "units", None)
        self._starts: list[int] | None = None
        self._cache: dict[int, list[int]] = {}
        self._whole: set[int] = set()  # segments whose raw form was not followed

    def line_starts(self) -> list[int]:
        """Plain text and Markdown: the offset of each line (segment), and of the end."""
        if self._starts is None:
            starts = [0]
            for seg, ending in zip(self.doc.segments, self.doc.endings):
                starts.append(starts[-1] + len(seg.text) + len(ending))
            self._starts = starts
        return self._starts

    def offsets(self, index: int) -> list[int]:
        """File offsets of the characters of segment ``index``, plus one for its end.

        Returns:
            ``len(text) + 1`` non-decreasing offsets: a span ``[s, e)`` of the segment's
            text is ``[offsets[s], offsets[e])`` in the file.
        """
        found = self._cache.get(index)
        if found is None:
            found = self._cache[index] = self._offsets(index)
        return found

    def _offsets(self, index: int) -> list[int]:
        seg = self.doc.segments[index]
        if self.units is None:  # plain text, Markdown: a segment is a line
            start = self.line_starts()[index]
            return list(range(start, start + len(seg.text) + 1))
        unit = self.units[index]
        if unit.raw == seg.text:
            return list(range(unit.start, unit.end + 1))
        if self.doc.format == "po":
            spelled, where = _po_walk(unit.raw)
        elif self.doc.format in ("xliff", "tmx"):
            spelled, where = _xml_walk(unit.raw, seg.text)
        else:
            spelled, where = None, []
        if spelled != seg.text:  # a raw form not followed: the whole unit (see span)
            self._whole.add(index)
            return [unit.start] * len(seg.text) + [unit.end]
        return [unit.start + w for w in where]

    def span(self, index: int, start: int, end: int) -> tuple[int, int]:
        """The file span ``[start, end)`` of a half-open span of segment ``index`` (the
        whole unit where the unit's raw form was not followed)."""
        where = self.offsets(index)
        if index in self._whole:
            return where[0], where[-1]
        return where[start], max(where[end], where[start])

    def segment_at(self, offset: int) -> int | None:
        """The index of the segment whose line (plain text) or unit (bilingual files) holds
        the file offset ``offset`` (its end included), or ``None``."""
        if self.units is None:
            i = bisect.bisect_right(self.line_starts(), offset) - 1
            return i if 0 <= i < len(self.doc.segments) else None
        for i, unit in enumerate(self.units):
            if unit.start <= offset <= unit.end:
                return i
        return None
