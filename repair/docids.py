"""Documents declared by the user: ``--doc-ids FILE`` for line-per-segment input.

A file of one segment per line (WMT news, a corpus dump) holds many articles, and nothing in
it says where one ends. ``--doc-ids`` names a file with one document id per line of the input
(the form of WMT's ``*.docids`` files): lines whose id equals the one before belong to the
same document, so the document-level rules (a name introduced in full, a house style of
capitals, the apostrophe in use) read context only within it. Without it, a plain-text file
is cut into articles by :func:`repair.document.article_parts`.
"""

from __future__ import annotations

from repair.document import Document, parts_from_ids, with_parts
from repair.errors import InputError
from repair.formats.text import read_document as read_text


def declare_documents(doc: Document, ids_path: str, data: bytes | None = None) -> Document:
    """``doc`` with :attr:`repair.document.Segment.part` set from the ids in ``ids_path``.

    Args:
        doc: a plain-text document (one segment per line).
        ids_path: the id file, one id per line of ``doc`` (surrounding blanks ignored).
        data: the bytes of the id file, instead of reading ``ids_path``.

    Raises:
        InputError: when ``doc`` is no plain-text file, the id file cannot be read (missing,
            not UTF-8, empty), its line count differs from the input's, or a line has no id.
    """
    if doc.format not in ("text", "markdown"):
        raise InputError(
            doc.path,
            f"--doc-ids goes with plain text, one segment a line; a {doc.format} file "
            "has its own documents (XLIFF: each <file>)",
        )
    ids = [s.text.strip() for s in read_text(ids_path, data).segments]
    if len(ids) != len(doc.segments):
        raise InputError(
            ids_path, f"{len(ids)} document ids for the {len(doc.segments)} lines of {doc.path}: give one id per line"
        )
    for n, value in enumerate(ids, 1):
        if not value:
            raise InputError(ids_path, f"line {n} holds no document id")
    return with_parts(doc, parts_from_ids(ids))
