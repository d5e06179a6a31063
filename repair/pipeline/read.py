"""Inputs read into documents: files, folders or stdin, with ``--source`` and ``--doc-ids`` attached."""

from __future__ import annotations

import sys
from typing import NamedTuple

from repair import bilingual, formats
from repair.bilingual import BilingualOptions
from repair.document import Document
from repair.fileio import read_bytes
from repair.formats import srclang
from repair.inputs import InputFile, expand, require_text


class Input(NamedTuple):
    """One input as read.

    Attributes:
        item: where it came from (path, and its root when found by walking a folder).
        doc: the document.
        digest: the SHA-256 (hex) of the bytes as read, so a writer can refuse when the file
            changed since (review's save).
    """

    item: InputFile
    doc: Document
    digest: str


def parse_document(item: InputFile, opts: BilingualOptions) -> tuple[Document, bytes]:
    """Read and parse one input (``-``: stdin).

    Returns:
        ``(document, the bytes as read)``.

    Raises:
        InputError: for an unreadable input or one with nothing to check.
    """
    data = sys.stdin.buffer.read() if item.path == "-" else read_bytes(item.path)
    doc = formats.read(item.path, data, target_lang=opts.target_lang)
    require_text(doc)
    if doc.format not in ("text", "markdown"):  # a bilingual file: say so when its source is not Chinese
        srclang.announce(doc)
    return doc, data


def read_document(item: InputFile, opts: BilingualOptions) -> tuple[Document, str]:
    """Read and parse one input (``-``: stdin), with the digest a writer checks.

    Returns:
        ``(document, digest)``: see :class:`Input`.

    Raises:
        InputError: for an unreadable input or one with nothing to check.
    """
    import hashlib  # here: a check, which keeps no digest (:func:`parse_document`), never loads OpenSSL

    doc, data = parse_document(item, opts)
    return doc, hashlib.sha256(data).hexdigest()


def read_documents(paths: list[str], opts: BilingualOptions, exclude: str | None = None) -> list[Input]:
    """Read every input before anything is written (a bad file stops the run cleanly);
    folder walks leave out ``exclude`` (the output folder).

    Returns:
        the inputs in order, with ``opts.source`` and ``opts.doc_ids`` attached (to a single input).

    Raises:
        InputError: for an unreadable input, one with nothing to check, or a source or
            document ids that do not fit (see :func:`repair.bilingual.with_sources`).
    """
    read = [(item, *read_document(item, opts)) for item in expand(list(paths), exclude)]
    docs = bilingual.with_sources([(item, doc) for item, doc, _ in read], opts)
    return [Input(item, doc, digest) for (item, doc), (_, _, digest) in zip(docs, read)]
