"""Line-aligned plain files: a target text file and its source, line for line.

``repair check --source article.zh.txt article.en.txt``: line *n* of the source is the
source of line *n* of the target. The target is read as plain text (and written back as
plain text); only ``Segment.source`` is added, and ``Segment.source_lang`` as the source's
script shows it (:func:`repair.formats.srclang.detect`).
"""

from __future__ import annotations

from dataclasses import replace

from repair.document import Document
from repair.errors import InputError
from repair.formats.srclang import detect
from repair.formats.text import read_document as read_text


def attach_source(doc: Document, source_path: str, data: bytes | None = None) -> Document:
    """``doc`` with each segment's source taken from the same line of ``source_path``.

    Args:
        doc: a plain-text document (one segment per line).
        source_path: the source-language file, one line per target line.
        data: the source bytes, instead of reading ``source_path``.

    Raises:
        InputError: when the source cannot be read (missing, not UTF-8, empty), or when the
            two files have different line counts (named with both counts).
    """
    if doc.format not in ("text", "markdown"):
        raise InputError(
            doc.path, f"--source pairs plain text files; this is a {doc.format} file (it holds its own source)"
        )
    src = read_text(source_path, data)
    if len(src.segments) != len(doc.segments):
        first = min(len(src.segments), len(doc.segments)) + 1
        raise InputError(
            doc.path,
            f"misaligned with the source {source_path}: {len(doc.segments)} lines against "
            f"{len(src.segments)} (no line {first} in the shorter file)",
        )
    lang = detect(s.text for s in src.segments)
    segments = [replace(t, source=s.text, source_lang=lang) for t, s in zip(doc.segments, src.segments)]
    return Document(doc.path, segments, list(doc.endings), doc.bom, doc.format, doc.meta)
