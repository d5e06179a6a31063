"""A big plain-text file cut into chunks of whole articles, so that it is checked and fixed a
part at a time (in constant memory, or on several cores) with the same findings and the same
output bytes as the whole file at once.

Why cutting between articles changes nothing: every document-level state a rule kind keeps
(names introduced in full, a house style of capitals, the apostrophe in use) is kept per
document part (:attr:`repair.document.Segment.part`: an article of a plain-text file, see
:func:`repair.document.article_parts`), and a part is never split. :func:`plan` cuts only
where :func:`~repair.document.article_parts` starts a new part, with the blank lines before
it, as that function assigns them; each chunk then reads as a file of its own whose parts
group the same lines. Line numbers, segment ids and the byte-order mark are those of the
whole file (:func:`read_chunk`), and the chunks' bytes written one after another are the
file's bytes. Only ``.txt``/``.text`` files are cut (not Markdown, whose code blocks span
lines, nor structured formats, nor stdin), and only without ``--source`` and ``--doc-ids``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# the headline test of article_parts, line by line
from repair.document import BLANK, HEADLINE, Document, line_classes
from repair.errors import InputError
from repair.formats import text as text_format

#: the smallest chunk, in bytes: a file under twice this size is never cut
CHUNK_BYTES = 4 << 20

_ENDING = re.compile(rb"\r\n|\n|\r")  # found, not matched from each start: a long line stays linear
_BLOCK = 1 << 20
_BATCH = 4096  # lines decoded and sorted at once by plan


@dataclass(frozen=True)
class Chunk:
    """Lines ``first_line`` (0-based) on of a file, bytes ``[start, end)`` (half-open)."""

    start: int
    end: int
    first_line: int


def can_cut(path: str) -> bool:
    """Whether a file may be cut into chunks: a plain-text (not Markdown) file, not stdin."""
    return path != "-" and Path(path).suffix.lower() in text_format.TEXT_SUFFIXES - text_format.MARKDOWN_SUFFIXES


def _lines(path: str) -> Iterator[tuple[int, bytes]]:
    """``(byte offset, line without its ending)`` for every line of the file, read a block at a time."""
    offset, buf = 0, b""
    with open(path, "rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            buf += block
            if block and b"\r" not in buf:  # LF only: the whole lines of the buffer in one split
                cut = buf.rfind(b"\n") + 1
                for line in buf[:cut].split(b"\n")[:-1]:
                    yield offset, line
                    offset += len(line) + 1
                buf = buf[cut:]
                continue
            pos = 0
            for m in _ENDING.finditer(buf):
                if block and m.end() == len(buf) and buf.endswith(b"\r"):
                    break  # maybe the first half of a CRLF: wait for the next block
                yield offset + pos, buf[pos : m.start()]
                pos = m.end()
            offset += pos
            buf = buf[pos:]
            if not block:
                if buf:
                    yield offset, buf
                return


def plan(path: str, size: int, chunk_bytes: int = CHUNK_BYTES) -> list[Chunk] | None:
    """Where to cut the file at ``path`` (``size`` bytes): chunks of at least ``chunk_bytes``
    that start where a part starts; ``None`` when it is not cut (too small, one part, or bytes
    that are not UTF-8 text: reading it whole then reports them as usual).

    Reads the file once, a block at a time (constant memory), and follows
    :func:`repair.document.article_parts` line by line.
    """
    if size < 2 * chunk_bytes or not can_cut(path):
        return None
    cuts: list[Chunk] = []
    start, first = 0, 0
    blanks, prev_ends, lines = 0, False, 0
    blank_from = (0, 0)  # byte offset and line index of the first blank line of the current run
    n = 0  # the index of the line
    try:
        found = _lines(path)
        while batch := list(itertools.islice(found, _BATCH)):
            # the lines of a batch decoded and sorted (blank, headline) at once; no line holds a "\n"
            data = b"\n".join([raw for _, raw in batch])
            if b"\x00" in data:
                return None
            texts = data.decode("utf-8").split("\n")
            if n == 0 and texts[0].startswith(text_format.BOM):
                texts[0] = texts[0][1:]
            for (offset, _), code in zip(batch, line_classes(texts)):
                if code == BLANK:
                    if blanks == 0:
                        blank_from = (offset, n)
                    blanks += 1
                    lines += 1
                    n += 1
                    continue
                headline = code == HEADLINE
                if lines and (blanks >= 2 or (headline and prev_ends)):
                    cut_at, cut_line = blank_from if blanks else (offset, n)
                    if cut_at - start >= chunk_bytes:
                        cuts.append(Chunk(start, cut_at, first))
                        start, first = cut_at, cut_line
                lines += 1
                n += 1
                blanks, prev_ends = 0, not headline
    except (UnicodeDecodeError, OSError):
        return None
    if not cuts:
        return None
    return cuts + [Chunk(start, size, first)]


def read_chunk(path: str, chunk: Chunk) -> Document:
    """The lines of ``chunk`` as a document whose line numbers and segment ids are the file's.

    Raises:
        InputError: for bytes that are not UTF-8 text (the byte offset counted in the file).
    """
    with open(path, "rb") as fh:
        fh.seek(chunk.start)
        data = fh.read(chunk.end - chunk.start)
    if chunk.start == 0:
        text, bom = text_format.decode(data, path)
    else:
        if b"\x00" in data:
            raise InputError(path, "binary file (NUL bytes): not text")
        try:
            text, bom = data.decode("utf-8"), False
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte {chunk.start + exc.start});"
                " convert it with iconv first",
            ) from None
    return text_format.parse_text(text, path, bom=bom, first_line=chunk.first_line)
