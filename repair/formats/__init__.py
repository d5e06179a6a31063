"""Readers and writers, chosen by file suffix: the only code that knows a file format.

A format registers ``read(path, data) -> Document`` and ``write(doc) -> bytes``; a writer
replaces target text and nothing else, so every format round-trips by construction.
Plain text and Markdown are built in; bilingual formats register themselves here too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from repair.document import Document
from repair.formats import text


@dataclass(frozen=True)
class Format:
    """A file format: its name, suffixes, reader and writer."""

    name: str
    suffixes: frozenset[str]
    read: Callable[[str, bytes | None], Document]
    write: Callable[[Document], bytes]
    #: picked up when walking a folder; tables (.csv, .tsv) are often data of another kind,
    #: so they are read only when named
    walk: bool = True
    #: the keyword options its reader takes (see :func:`read`)
    options: frozenset[str] = frozenset()


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> None:
    """Add a format; a later registration of a suffix wins."""
    FORMATS[fmt.name] = fmt


register(Format("markdown", text.MARKDOWN_SUFFIXES, text.read_document, text.encode))
register(Format("text", frozenset({".txt", ".text"}), text.read_document, text.encode))


def _reader(module: str) -> Callable[..., Document]:
    """The ``read_document`` of ``repair.formats.<module>``, imported when a file of the format is
    first read: a check of plain text does not load the XML, PO and table readers."""

    def read_document(*args, **kwargs) -> Document:
        return importlib.import_module(f"repair.formats.{module}").read_document(*args, **kwargs)

    read_document.__qualname__ = f"{module}.read_document"
    return read_document


# Bilingual formats: each unit a segment with its source; written back by splicing changed targets.
# The suffixes are each module's SUFFIXES (tests/test_startup.py checks that they agree).
from repair.formats import splice  # noqa: E402

# XLIFF and PO take ``target_lang`` only to refuse a file that declares another (repair.formats.trglang).
register(
    Format("xliff", frozenset({".xlf", ".xliff"}), _reader("xliff"), splice.write, options=frozenset({"target_lang"}))
)
register(Format("po", frozenset({".po", ".pot"}), _reader("po"), splice.write, options=frozenset({"target_lang"})))
register(Format("tmx", frozenset({".tmx"}), _reader("tmx"), splice.write, options=frozenset({"target_lang"})))
register(Format("tsv", frozenset({".tsv"}), _reader("table"), splice.write, walk=False))
register(Format("csv", frozenset({".csv"}), _reader("table"), splice.write, walk=False))


def format_for(path: str | Path) -> Format:
    """The format of a path by suffix; plain text for unknown suffixes and stdin."""
    suffix = Path(str(path)).suffix.lower()
    for fmt in reversed(list(FORMATS.values())):
        if suffix in fmt.suffixes:
            return fmt
    return FORMATS["text"]


def known_suffixes() -> frozenset[str]:
    """Every suffix a folder walk picks up (tables only when named, see :attr:`Format.walk`)."""
    return frozenset().union(*(f.suffixes for f in FORMATS.values() if f.walk))


def read(path: str | Path, data: bytes | None = None, target_lang: str | None = None) -> Document:
    """Read a file (or ``data`` for it, e.g. stdin as ``"-"``) with the reader of its format.

    Args:
        target_lang: the language to check in a file of several (a multilingual TMX), a
            BCP 47 tag (``en``, ``en-GB``); XLIFF and PO refuse a file that declares another
            target language; the other formats ignore it.

    Raises:
        InputError: when the file is missing, a folder, binary, not UTF-8 or empty.
    """
    fmt = format_for(path)
    options = {"target_lang": target_lang} if target_lang and "target_lang" in fmt.options else {}
    return fmt.read(str(path), data, **options)


def render_text(doc: Document) -> str:
    """The file text of ``doc`` as its writer would write it, decoded from the file's own
    encoding (for diffs); a byte-order mark is dropped."""
    encoding = getattr(doc.meta, "encoding", None) or "utf-8"
    return write_bytes(doc).decode(encoding).lstrip("\ufeff")


def write_bytes(doc: Document) -> bytes:
    """The bytes of ``doc`` in its own format."""
    return FORMATS[doc.format].write(doc)
