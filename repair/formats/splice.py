"""What every bilingual format shares: decoding, inline spans and byte-level splicing.

A bilingual reader records, for each unit it turns into a :class:`~repair.document.Segment`,
where the unit's target text lies in the decoded file (a :class:`Unit`). The writer then
replaces only the targets whose text changed, leaving every other character of the file
exactly as read (structure, notes, attributes, declaration, whitespace), and encodes the
result in the file's own encoding. Nothing changed: the original bytes come back as they were.

Offsets are character offsets into the decoded file text; spans are half-open.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from repair.document import Document, Segment, physical_lines  # noqa: F401  (formats import it from here)
from repair.errors import InputError, OutputError
from repair.formats.text import url_spans

#: Placeholders of software strings, never edited: printf (``%s``, ``%1$d``, ``%(name)s``),
#: .NET / ICU / Python braces (``{0}``, ``{name}``, ``{{var}}``).
PLACEHOLDER = re.compile(
    r"%(?:\d+\$|\(\w+\))?[-+#0]*\d*(?:\.\d+)?[sdifuxXoeEgGc@]"
    r"|\{\{\s*\w+\s*\}\}|\{\d+(?:,[^{}]*)?\}|\{[A-Za-z_]\w*\}"
)


@dataclass(frozen=True)
class Unit:
    """Where one segment's target lives in the file.

    Attributes:
        start: offset of the first character of the target's raw content.
        end: offset one past its last character (``start == end`` for an empty target).
        raw: the raw content as read (``text[start:end]``), escapes and markup included.
        markup: indices into the segment's ``protected`` spans that are raw markup (inline
            tags, comments): written back verbatim. Other pieces are escaped with the
            format's escape function.
        mark_at: offset of a start tag whose attributes mark a changed unit (XLIFF), or -1.
        tags: the text of the markup spans, in order (to check them on writing).
        pieces: the raw content before, between and after the markup spans, as written (one
            more than ``tags``), for writers that keep untouched text as written; or ``()``.
    """

    start: int
    end: int
    raw: str
    markup: frozenset[int] = frozenset()
    mark_at: int = -1
    tags: tuple[str, ...] = ()
    pieces: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpliceMeta:
    """A bilingual document's writer state (``Document.meta``).

    Attributes:
        data: the file's original bytes.
        text: the decoded file text (without a BOM).
        encoding: the Python codec used to decode it.
        bom: the BOM bytes the file began with (b'' when none).
        units: one :class:`Unit` per segment, in segment order.
        originals: each segment's text as read (a changed text is one that differs).
        escape: turns plain target text into the format's raw form (XML escaping, PO quoting).
        render: builds a unit's raw replacement from its new text and segment (defaults to
            escaping the pieces between markup spans).
        mark: ``(text, unit, rule_ids) -> [(start, end, replacement)]``: extra splices that
            mark a changed unit, or ``None`` when the format does not mark units.
        rules: rule ids applied per segment index (filled by :func:`annotate`).
        marking: whether to mark changed units when writing.
    """

    data: bytes
    text: str
    encoding: str
    bom: bytes
    units: tuple[Unit, ...]
    originals: tuple[str, ...]
    escape: Callable[[str], str]
    render: Callable[[Segment, Unit, Callable[[str], str]], str] | None = None
    mark: Callable[[str, Unit, Sequence[str]], list[tuple[int, int, str]]] | None = None
    rules: dict[int, tuple[str, ...]] = field(default_factory=dict)
    marking: bool = True


_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def decode_bytes(data: bytes, path: str, declared: str | None = None) -> tuple[str, str, bytes]:
    """Decode a file by its BOM, else the encoding it declares, else UTF-8.

    Args:
        data: the raw bytes.
        path: the name for error messages.
        declared: the encoding the file names (XML declaration, PO charset), if any.

    Returns:
        ``(text, codec, bom)``: the text without BOM, the Python codec name, the BOM bytes.

    Raises:
        InputError: on an empty file, an encoding Python does not know, bytes that are
            not valid in the encoding, or a NUL character anywhere (a binary file).
    """
    if not data.strip():
        raise InputError(path, "empty file: nothing to repair")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            body, used = data[len(bom) :], enc
            break
    else:
        bom, body, used = b"", data, declared or "utf-8"
        if declared is None:
            m = _DECL_ENCODING.match(data)
            used = m.group(1).decode("ascii") if m else "utf-8"
    try:
        codec = codecs.lookup(used).name
    except LookupError:
        raise InputError(path, f"unknown encoding '{used}'") from None
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not valid {used} (invalid byte 0x{body[exc.start]:02x} at byte {exc.start + len(bom)})"
        ) from None
    if "\x00" in text:  # anywhere in the file, in any encoding
        raise InputError(path, "binary file (NUL bytes): not text")
    return text, codec, bom


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset (one count over the text before it: for
    many offsets into one text use a :class:`LineIndex`)."""
    return text.count("\n", 0, offset) + 1


class LineIndex:
    """1-based line numbers of character offsets in one text, as :func:`line_of` counts them:
    the line breaks are found once, each look-up is a binary search (a file of many units is
    read in time linear in its size, not its size times its units)."""

    def __init__(self, text: str) -> None:
        self._breaks = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_left(self._breaks, offset) + 1


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans of placeholders and URLs in plain target text (never edited)."""
    return [m.span() for m in PLACEHOLDER.finditer(text)] + url_spans(text)


def default_render(
    seg: Segment, unit: Unit, escape: Callable[[str], str], piece: Callable[[int, str], str] | None = None
) -> str:
    """A unit's new raw content: markup spans verbatim, the text between them escaped.

    Args:
        piece: ``(k, text) -> raw``: writes the ``k``-th text between markup spans (0 before
            the first); default: ``escape(text)``.

    Raises:
        ValueError: when an inline tag of the unit is no longer in the text (an edit from
            outside the engine that ignored the protected spans).
    """
    marks = [(s, e) for i, (s, e) in enumerate(seg.protected) if i in unit.markup]
    if [seg.text[s:e] for s, e in marks] != list(unit.tags):  # spans recomputed elsewhere: find the tags
        marks, pos = [], 0
        for tag in unit.tags:
            k = seg.text.find(tag, pos)
            if k < 0:
                raise ValueError(f"segment {seg.id}: the inline tag {tag!r} was edited away")
            marks.append((k, k + len(tag)))
            pos = k + len(tag)
    write_piece = piece or (lambda k, text: escape(text))
    out: list[str] = []
    pos = 0
    for k, (s, e) in enumerate(marks):
        out.append(write_piece(k, seg.text[pos:s]))
        out.append(seg.text[s:e])
        pos = e
    out.append(write_piece(len(marks), seg.text[pos:]))
    return "".join(out)


def write(doc: Document) -> bytes:
    """The bytes of a bilingual document: the original with changed targets spliced in.

    Units whose text equals the text as read keep their raw bytes (entities, CDATA and
    line wrapping included); a document with no change returns the original bytes.

    Raises:
        OutputError: when an inline tag of a changed unit is gone (see :func:`default_render`).
    """
    meta: SpliceMeta = doc.meta
    splices: list[tuple[int, int, str]] = []
    for seg, unit, old in zip(doc.segments, meta.units, meta.originals):
        if seg.text == old:
            continue
        render = meta.render or default_render
        try:
            splices.append((unit.start, unit.end, render(seg, unit, meta.escape)))
        except ValueError as exc:
            raise OutputError(doc.path, str(exc)) from None
        if meta.marking and meta.mark is not None:
            splices.extend(meta.mark(meta.text, unit, meta.rules.get(seg.index, ())))
    if not splices:
        return meta.data
    text = meta.text
    out: list[str] = []
    pos = 0
    for start, end, new in sorted(splices, key=lambda s: (s[0], s[1])):  # one pass: linear in the file
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    text = "".join(out)
    errors = "xmlcharrefreplace" if meta.escape is xml_escape else "strict"
    return meta.bom + text.encode(meta.encoding, errors=errors)


def annotate(doc: Document, rule_ids: Mapping[int, Sequence[str]], marking: bool) -> Document:
    """``doc`` with the rule ids applied per segment and whether to mark changed units.

    Args:
        doc: a document whose ``meta`` is a :class:`SpliceMeta` (others are returned as is).
        rule_ids: segment index -> ids of the rules whose edits were applied to it.
        marking: mark changed units on writing (XLIFF ``state``, a PO comment).
    """
    if not isinstance(doc.meta, SpliceMeta):
        return doc
    ids = {i: tuple(dict.fromkeys(r)) for i, r in rule_ids.items()}
    meta = replace(doc.meta, rules=ids, marking=marking)
    return Document(doc.path, list(doc.segments), list(doc.endings), doc.bom, doc.format, meta)


def xml_escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
