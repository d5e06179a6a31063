"""Documents and segments: the unit every reader produces and every rule sees.

A :class:`Document` is a list of :class:`Segment` objects plus what is needed to write it
back byte for byte. For plain text and Markdown one line is one segment; its text carries
no line ending. Offsets are character offsets (code points) into ``Segment.text``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from repair import compiled

#: Sentence-final punctuation, after which a capital letter starts a new sentence.
SENTENCE_END = ".!?。！？"
#: Characters skipped when looking back for a sentence boundary (closing quotes, brackets).
_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{*_"


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of text that rules look at.

    Attributes:
        text: the target (MT output) text, without line ending.
        index: position in the document (0-based).
        line: 1-based line of the segment's first character in the file.
        id: a stable id (the line number for text files; the unit id for bilingual files).
        source: the source-language text when known, else ``None``.
        protected: half-open spans of ``text`` that no edit may touch (code, URLs, markup).
        content_start: offset where prose begins (after Markdown block markers such as ``# ``).
        skip: the whole segment is code or markup and is never checked.
        part: the document part (an article) the segment belongs to, counted from 0: rules
            that read context from the whole document (names introduced in full, a house
            style of capitals, the apostrophe in use) read it only within the segment's part
            (see :func:`article_parts` and :func:`parts`).
        source_markup: the source read the way ``text`` is read, inline tags of XLIFF and TMX
            kept as written (``<g id="1">``, ``<x id="2"/>``), for the checks that compare
            codes (``placeholders``); ``None`` when it equals ``source`` (no inline tag).
        source_lang: the source language as the file declares it (a BCP 47 tag: TMX
            ``xml:lang``, XLIFF ``source-language``/``srcLang``) or as its script shows it
            (``zh``, ``ja``, ``und-Latn``; :mod:`repair.formats.srclang`); '' when unknown.
    """

    text: str
    index: int
    line: int
    id: str = ""
    source: str | None = None
    protected: tuple[tuple[int, int], ...] = ()
    content_start: int = 0
    skip: bool = False
    part: int = 0
    source_markup: str | None = None
    source_lang: str = ""

    def __post_init__(self) -> None:
        # protected spans sorted and merged, so that is_protected can bisect
        if self.protected:
            merged: list[tuple[int, int]] = []
            for ps, pe in sorted(self.protected):
                if merged and ps < merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], pe))
                else:
                    merged.append((ps, pe))
            object.__setattr__(self, "protected", tuple(merged))

    def is_protected(self, start: int, end: int) -> bool:
        """Whether the half-open span ``[start, end)`` touches a protected span (an insertion,
        ``start == end``, when it falls strictly inside one). O(log n) in the number of spans."""
        spans = self.protected
        if not spans:
            return False
        i = bisect.bisect_right(spans, (start, float("inf")))  # spans beginning at or before start
        if i and spans[i - 1][1] > start and (start < end or spans[i - 1][0] < start):
            return True
        return i < len(spans) and spans[i][0] < end

    def after_edits(self, new_text: str, applied: Sequence[Any]) -> Segment:
        """This segment with ``new_text``, its protected spans moved past the applied edits.

        Args:
            new_text: the text after applying ``applied``.
            applied: the edits applied (objects with ``start``, ``end``, ``replacement``);
                none of them touches a protected span.
        """

        ends = sorted((e.end, len(e.replacement) - (e.end - e.start)) for e in applied)
        cumulative = list(itertools.accumulate(d for _, d in ends))
        keys = [end for end, _ in ends]

        def moved(pos: int) -> int:
            i = bisect.bisect_right(keys, pos)  # edits ending at or before pos
            return pos + (cumulative[i - 1] if i else 0)

        spans = tuple((moved(s), moved(s) + (e - s)) for s, e in self.protected)
        return replace(self, text=new_text, protected=spans, content_start=moved(self.content_start))

    def is_sentence_start(self, pos: int) -> bool:
        """Whether a word at ``pos`` begins a sentence (or the segment's prose).

        Looks back over spaces, opening quotes and brackets; a sentence starts at the
        segment's ``content_start`` or after ``.``, ``!``, ``?`` (also behind a closing quote).
        """
        if pos <= self.content_start:
            return True
        text = self.text
        if pos >= 2 and text[pos - 1] == " " and text[pos - 2] in SENTENCE_END:
            return True  # the common case, decided without a loop
        i = pos - 1
        while i >= self.content_start and (text[i].isspace() or text[i] in _OPENERS):
            i -= 1
        if i < self.content_start:
            return True
        while i >= self.content_start and text[i] in _CLOSERS:
            i -= 1
        return i >= self.content_start and text[i] in SENTENCE_END


@dataclass(slots=True)
class Document:
    """A sequence of segments and how to write them back.

    Attributes:
        path: the path as the user gave it (``"-"`` for stdin).
        segments: the segments, in order.
        endings: the line ending after each segment ('' for a last line without one).
        bom: whether the file began with a UTF-8 byte-order mark.
        format: the name of the format that reads and writes it (``"text"``, ``"markdown"``...).
        meta: whatever the format's writer needs besides the segments (e.g. a parsed tree).
    """

    path: str
    segments: list[Segment]
    endings: list[str] = field(default_factory=list)
    bom: bool = False
    format: str = "text"
    meta: Any = None

    @property
    def texts(self) -> list[str]:
        """The target text of every segment."""
        return [s.text for s in self.segments]

    def with_texts(self, texts: Sequence[str]) -> Document:
        """A copy with new segment texts (same count); protected spans are recomputed by the caller."""
        if len(texts) != len(self.segments):
            raise ValueError("segment count changed")
        segs = [replace(s, text=t) for s, t in zip(self.segments, texts)]
        return Document(self.path, segs, list(self.endings), self.bom, self.format, self.meta)

    def render(self) -> str:
        """The document as text: each segment followed by its original line ending."""
        return "".join(s.text + e for s, e in zip(self.segments, self.endings))

    def word_count(self) -> int:
        """Whitespace-separated words over all segments."""
        return sum(len(s.text.split()) for s in self.segments)


_LINE = re.compile(r"([^\r\n]*)(\r\n|\n|\r|$)")


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Split text into lines and their endings (``\\r\\n``, ``\\n``, ``\\r`` or '').

    Unlike :meth:`str.splitlines`, only real line breaks split (not form feeds or U+2028),
    so that joining ``line + ending`` gives back the text exactly.

    Returns:
        ``(lines, endings)`` of equal length; the last ending is '' when the text does
        not end with a line break (and no empty last line is produced when it does).
    """
    if "\r" not in text:  # only LF: one split
        lines = text.split("\n")
        if lines[-1]:
            return lines, ["\n"] * (len(lines) - 1) + [""]
        lines.pop()  # the text ends with a line break (or is empty): no empty last line
        return lines, ["\n"] * len(lines)
    lines = []
    endings = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _LINE.match(text, pos)
        assert m is not None
        lines.append(m.group(1))
        endings.append(m.group(2))
        pos = m.end()
    return lines, endings


_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+")


def physical_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its ending: only ``\\n``, ``\\r\\n`` and ``\\r`` end a
    line (as in a file read with universal newlines), unlike :meth:`str.splitlines`, for which
    a form feed, U+0085, U+2028 or U+2029 inside a cell or string ends it too.

    ``"".join(physical_lines(text)) == text``.
    """
    return _PHYSICAL_LINE.findall(text)


#: Most words a line without sentence-final punctuation may have to count as a headline.
HEADLINE_WORDS = 30
_FINAL_PUNCTUATION = frozenset(".!?。！？:;：；…")
_CLOSERS = "\"'”’»)]"


def ends_sentence(text: str) -> bool:
    r"""Whether ``text`` ends in sentence-final punctuation (``.``, ``!``, ``?``, ``:``, ``;``,
    their full-width forms or ``…``), before any closing quotes or brackets and trailing
    blanks: what the regex ``[.!?。！？:;：；…]["'”’»)\]]*\s*$`` finds, read from the end
    only (the regex engine would scan the whole line for the punctuation)."""
    tail = text.rstrip().rstrip(_CLOSERS)
    return bool(tail) and tail[-1] in _FINAL_PUNCTUATION


#: What :func:`line_classes` gives a line: blank, a headline, any other.
BLANK, HEADLINE, OTHER = 0, 1, 2


def line_class(text: str) -> int:
    """:data:`BLANK` for a line of blanks only, :data:`HEADLINE` for a line of at most
    :data:`HEADLINE_WORDS` words that does not end a sentence (:func:`ends_sentence`), else
    :data:`OTHER`."""
    if not text.strip():
        return BLANK
    return HEADLINE if not ends_sentence(text) and len(text.split()) <= HEADLINE_WORDS else OTHER


def line_classes(texts: Sequence[str]) -> bytes:
    """:func:`line_class` of each of ``texts``, one byte each; the compiled scan
    (:data:`repair.compiled.scan`) when built, else the Python code."""
    if compiled.scan is not None:
        return compiled.scan.line_classes(list(texts), HEADLINE_WORDS)
    return bytes(map(line_class, texts))


def article_parts(texts: Sequence[str]) -> list[int]:
    """The article each line of a plain-text file belongs to (see :attr:`Segment.part`).

    A new article starts after a run of two or more blank lines (one blank line separates
    paragraphs), and at a headline: a line of at most :data:`HEADLINE_WORDS` words that does
    not end a sentence (no final ``.``, ``!``, ``?``, ``:`` or ``;``, before closing quotes)
    and follows a line that does. Headlines in a row (a title, a subtitle, a dateline) stay in
    one article. So a file of one segment per line (WMT news) is cut at each article's
    headline; a subheading inside an article starts a part too, which only narrows what the
    document-level rules read. Use :func:`parts_from_ids` when the documents are known.

    Args:
        texts: the text of each line, without line endings.

    Returns:
        one part number per line, from 0, never decreasing.
    """
    out: list[int] = []
    part, blanks, prev_ends = 0, 0, False
    for code in line_classes(texts):
        if code == BLANK:
            blanks += 1
            out.append(part)
            continue
        headline = code == HEADLINE
        if out and (blanks >= 2 or (headline and prev_ends)):
            part += 1
            # blank lines just before the boundary belong to the new part (they hold no text)
            for k in range(len(out) - blanks, len(out)):
                out[k] = part
        out.append(part)
        blanks, prev_ends = 0, not headline
    return out


def parts_from_ids(ids: Sequence[str]) -> list[int]:
    """Parts from a document id per segment (WMT's ``docids``): a new part wherever the id
    differs from the one before (an id that comes back later is another part)."""
    out: list[int] = []
    for i, value in enumerate(ids):
        out.append(0 if i == 0 else out[-1] + (value != ids[i - 1]))
    return out


def with_parts(doc: Document, parts: Sequence[int]) -> Document:
    """``doc`` with :attr:`Segment.part` set from ``parts`` (one per segment).

    Raises:
        ValueError: when the counts differ.
    """
    if len(parts) != len(doc.segments):
        raise ValueError(f"{len(parts)} parts for {len(doc.segments)} segments")
    segs = [s if s.part == p else replace(s, part=p) for s, p in zip(doc.segments, parts)]
    return Document(doc.path, segs, list(doc.endings), doc.bom, doc.format, doc.meta)


def parts(segments: Sequence[Segment]) -> list[list[Segment]]:
    """The segments grouped by :attr:`Segment.part`, in document order (a part's segments
    need not be contiguous)."""
    groups: dict[int, list[Segment]] = {}
    for s in segments:
        groups.setdefault(s.part, []).append(s)
    return list(groups.values())
