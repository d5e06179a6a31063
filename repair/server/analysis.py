"""One check of one version of an open document, and the next version's check built on it.

An editor holds the text; :func:`analyse` turns it into the bytes of its file format,
reads them with the reader of :mod:`repair.formats` and checks them with the
:class:`~repair.engine.Engine`. A later version re-checks only the segments that differ
from the earlier one (the engine's ``check_steps`` with the earlier document states), so
a keystroke in a long document costs the changed lines, not the whole file; when a change
alters what the rules read from the whole document (a name introduced in full, a house
style of capitals, the apostrophe in use), the engine checks every segment again.

Offsets are character offsets into the editor's text (a leading byte-order mark counted).
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from repair import formats
from repair.document import Document
from repair.edits import Edit
from repair.engine import Engine, apply_to_document
from repair.errors import InputError, RepairError
from repair.formats.locate import Locator
from repair.formats.splice import annotate
from repair.steps import run_steps

BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line breaks of the Language Server Protocol
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_PO_CHARSET = re.compile(rb"charset=([A-Za-z0-9._-]+)")
#: Editor language ids read as plain text or Markdown when the file name has no known suffix.
LANGUAGE_FORMATS = {"plaintext": "text", "markdown": "markdown", "po": "po", "xliff": "xliff"}


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 code units each
_NON_ASCII = re.compile("[^\x00-\x7f]")  # two to four UTF-8 bytes each


def format_of(path: str, language_id: str | None) -> formats.Format | None:
    """The format of an open document: by its file suffix, else by the editor's language
    id (an unsaved buffer); ``None`` for a document `repair` does not read."""
    suffix = Path(path).suffix.lower()
    for fmt in formats.FORMATS.values():
        if suffix in fmt.suffixes:
            return formats.format_for(path)
    name = LANGUAGE_FORMATS.get(language_id or "")
    return formats.FORMATS.get(name) if name else None


def encode_source(fmt: formats.Format, path: str, text: str) -> bytes:
    """The bytes the file would hold: UTF-8, or the encoding an XML declaration or a PO
    ``charset`` names.

    Raises:
        InputError: when the text holds a character the declared encoding cannot write, or
            a lone surrogate (JSON can carry one; no file can hold it).
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise InputError(
            path, f"not valid Unicode: a lone surrogate U+{ord(text[exc.start]):04X} on line {line}", line
        ) from None
    m = (
        _XML_ENCODING.match(data.lstrip(codecs.BOM_UTF8))
        if fmt.name in ("xliff", "tmx")
        else (_PO_CHARSET.search(data[:4096]) if fmt.name == "po" else None)
    )
    if m is None:
        return data
    try:
        codec = codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return data  # the reader names the unknown encoding
    if codec == "utf-8":
        return data
    try:
        return text.encode(codec)
    except UnicodeEncodeError as exc:
        raise InputError(path, f"{text[exc.start]!r} cannot be written in the declared encoding {codec}") from None


@dataclass
class Analysis:
    """What one check of one version of a document found.

    Attributes:
        path: the file's path (or a name for an unsaved buffer).
        source: the text checked, as the editor holds it.
        version: the editor's version number of that text.
        engine: the engine that checked it (``None`` when the settings are bad).
        doc: the document read from ``source`` (``None`` when it cannot be read).
        edits: the findings, sorted by ``(segment, start)``.
        states: the kinds' document states (for the next version's check).
        error: why the document, or the settings, could not be read.
    """

    path: str
    source: str
    version: int | None
    engine: Engine | None = None
    doc: Document | None = None
    edits: list[Edit] = field(default_factory=list)
    states: list[Any] | None = None
    error: RepairError | None = None

    def __post_init__(self) -> None:
        self.base = 1 if self.source.startswith(BOM) else 0
        #: the analysis this one was built on, and the segments whose findings are the same
        #: objects at the same places of the text as there: ``[0, a)`` and ``[b, end)``
        #: (the server reuses their diagnostics; it drops the link once it has)
        self.previous: Analysis | None = None
        self.unchanged: tuple[int, int] = (0, 0) if self.doc is None else (0, len(self.doc.segments))
        self.diagnostics: list | None = None
        self.locator = Locator(self.doc) if self.doc is not None else None
        self._lines: list[int] | None = None
        self._wide: dict[str, tuple[list[int], list[int]]] = {}

    def span(self, edit: Edit) -> tuple[int, int]:
        """The half-open span of an edit in :attr:`source`."""
        assert self.locator is not None
        start, end = self.locator.span(edit.segment, edit.start, edit.end)
        return start + self.base, end + self.base

    def segment_span(self, index: int) -> tuple[int, int]:
        """The span in :attr:`source` of segment ``index``'s text (a line, a unit's target)."""
        assert self.locator is not None
        where = self.locator.offsets(index)
        return where[0] + self.base, where[-1] + self.base

    def line_starts(self) -> list[int]:
        """The offset of each line of :attr:`source` (LSP line breaks: CRLF, CR, LF)."""
        if self._lines is None:
            self._lines = [0] + [m.end() for m in _LINE_BREAK.finditer(self.source)]
        return self._lines

    def line_col(self, offset: int) -> tuple[int, int]:
        """0-based ``(line, column)`` of an offset, the column in characters."""
        starts = self.line_starts()
        line = bisect.bisect_right(starts, offset) - 1
        return line, offset - starts[line]

    def units(self, start: int, end: int, encoding: str) -> int:
        """The length of ``source[start:end]`` (character offsets) in LSP position units:
        ``"utf-16"`` code units (a character above U+FFFF is two), ``"utf-8"`` bytes,
        ``"utf-32"`` characters. The characters wider than one unit are indexed once per
        encoding, so that each call costs a logarithm, not the length of the line (one
        diagnostic per finding on a 2 MB line)."""
        if encoding == "utf-32":
            return end - start
        index = self._wide.get(encoding)
        if index is None:
            utf16 = encoding == "utf-16"
            offsets: list[int] = []
            extra = [0]
            for m in (_ASTRAL if utf16 else _NON_ASCII).finditer(self.source):
                offsets.append(m.start())
                extra.append(extra[-1] + (1 if utf16 else len(m.group().encode("utf-8", "surrogatepass")) - 1))
            index = self._wide[encoding] = (offsets, extra)
        offsets, extra = index
        return end - start + extra[bisect.bisect_left(offsets, end)] - extra[bisect.bisect_left(offsets, start)]

    def segment_at(self, offset: int) -> int | None:
        """The segment whose line or unit holds ``offset`` (see :meth:`Locator.segment_at`)."""
        return None if self.locator is None else self.locator.segment_at(offset - self.base)

    def fixed_source(self, edits: list[Edit] | None = None) -> str:
        """The text with ``edits`` applied (``None``: every safe fix, to a fixpoint as
        ``repair fix`` does), written by the format's writer; bilingual units are not marked
        (a person applies the change in the editor).

        Raises:
            OutputError: when the writer refuses (an inline tag edited away).
        """
        assert self.doc is not None and self.engine is not None
        if edits is None:
            fixed, _ = self.engine.fix(self.doc, unsafe=False)
        else:
            fixed, _ = apply_to_document(self.doc, edits)
        text = formats.render_text(annotate(fixed, {}, marking=False))
        return BOM + text if self.base else text

    def safe_count(self) -> int:
        """Findings with a safe fix."""
        return sum(e.applicability.applies() and e.replacement != e.original for e in self.edits)


def _key(seg) -> tuple:
    return (seg.text, seg.source, seg.protected, seg.content_start, seg.skip)


def _check(engine: Engine, doc: Document, previous: Analysis | None) -> tuple[list[Edit], list[Any], tuple[int, int]]:
    """Every finding of ``doc``; with the analysis of an earlier version by the same engine,
    only the segments between the unchanged head and tail are checked again. Also returns
    the segments whose findings are the earlier ones in place (see :attr:`Analysis.unchanged`)."""
    old = previous.doc if previous is not None and previous.engine is engine and previous.states is not None else None
    everything = (0, len(doc.segments))
    if old is None or old.format != doc.format:
        run = run_steps(engine.check_steps(doc))
        return run.edits, run.states, everything
    assert previous is not None  # old is set only from it
    a, b = old.segments, doc.segments
    head = 0
    while head < min(len(a), len(b)) and _key(a[head]) == _key(b[head]):
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and _key(a[-1 - tail]) == _key(b[-1 - tail]):
        tail += 1
    shift = len(b) - len(a)

    def moved(i: int) -> int | None:
        return i if i < head else i + shift if i >= len(a) - tail else None

    run = run_steps(engine.check_steps(doc, range(head, len(b) - tail), previous.states, moved=moved))
    if run.checked is None:  # document-level context changed: every segment was checked
        return run.edits, run.states, everything
    # the segments checked: the changed ones, and any where a change of document-level context
    # (a name introduced in full) can change a finding
    checked = set(run.checked)
    kept = [e for e in previous.edits if e.segment < head and e.segment not in checked]
    tail_edits = [
        e if not shift else replace(e, segment=e.segment + shift)
        for e in previous.edits
        if e.segment >= len(a) - tail and e.segment + shift not in checked
    ]
    edits = kept + run.edits + tail_edits
    if len(checked) != len(b) - tail - head:  # segments outside the changed range were checked again
        edits.sort(key=lambda e: e.segment)  # stable: a segment's edits keep their order
    # a line's findings after the change stay in place when no line was added or removed; in
    # bilingual files a unit after the change may move (the changed unit's length)
    in_place = len(b) - tail if not shift and getattr(doc.meta, "units", None) is None else len(b)
    return edits, run.states, (head, in_place)


def analyse(
    path: str, source: str, version: int | None, fmt: formats.Format, engine: Engine, previous: Analysis | None = None
) -> Analysis:
    """Read and check one version of a document.

    Args:
        path: the file's path (names it in messages; its suffix chose ``fmt``).
        source: the text as the editor holds it.
        version: the editor's version number.
        fmt: the format to read it with (see :func:`format_of`).
        engine: the rules to check it with.
        previous: the analysis of an earlier version of the same document, if any.

    Returns:
        an :class:`Analysis`; a text that cannot be read has ``error`` set and no findings.
        An empty text has neither (nothing to check is no error in an editor).
    """
    if not source.strip(BOM).strip():
        return Analysis(path, source, version, engine)
    try:
        doc = fmt.read(path, encode_source(fmt, path, source))
    except RepairError as exc:
        return Analysis(path, source, version, engine, error=exc)
    edits, states, unchanged = _check(engine, doc, previous)
    found = Analysis(path, source, version, engine, doc, edits, states)
    found.previous, found.unchanged = previous, unchanged
    return found
