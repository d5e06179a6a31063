"""Plain-text and Markdown files: decode to a :class:`Document` and encode it back.

What is kept exactly: every byte outside accepted edits, the line count, each line's
ending (LF, CRLF or CR, even mixed), a UTF-8 byte-order mark and the presence or absence
of a final newline.
"""

from __future__ import annotations

import re
from pathlib import Path

from repair.document import Document, Segment, article_parts, split_lines
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.lazy_regex import LazyPattern

BOM = "\ufeff"
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES = frozenset({".txt", ".text"}) | MARKDOWN_SUFFIXES

#: Characters no URL or e-mail address runs into: CJK scripts and punctuation (U+2E80-U+33FF,
#: U+3400-U+9FFF, Hangul, compatibility ideographs, CJK compatibility forms), full-width and
#: half-width forms (U+FF00-U+FFEF: "）", "，"), the CJK extension planes, curly quotes and
#: the ellipsis: "www.mohrss.gov.cn）查询" ends at "cn" (RFC 3986 allows none of them unencoded).
_WIDE = "\u2018-\u201f\u2026\u2e80-\u33ff\u3400-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
_URL_CHAR = rf"[^\s<>\"')\]{_WIDE}]"
_NAME_CHAR = rf"[^\W{_WIDE}]"  # a letter, digit or _ outside the CJK ranges
#: Web addresses: never edited in any format.
_WEB = LazyPattern(rf"(?:https?|ftp)://{_URL_CHAR}+|www\.{_URL_CHAR}+")
#: The domain of an e-mail address, after its "@".
_EMAIL_DOMAIN = LazyPattern(rf"(?:{_NAME_CHAR}|-)+\.(?:{_NAME_CHAR}|[.-])+")
#: The local part of an e-mail address, matched on the reversed text before its "@".
_EMAIL_LOCAL = LazyPattern(rf"(?:{_NAME_CHAR}|[.+-])+")
_LOCAL_MAX = 64  # characters in the local part of an address at most (RFC 5321, 4.5.3.1.1)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans of URLs (``http://``, ``https://``, ``ftp://``, ``www.``) and e-mail
    addresses in ``text``, sorted by start (an address inside a URL overlaps it).

    Each address is found from its "@" (the local part read backwards, at most 64
    characters), so the cost is one pass over ``text`` however long its lines.
    """
    spans = [m.span() for m in _WEB.finditer(text)]
    at = text.find("@")
    while at >= 0:
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        local = _EMAIL_LOCAL.match(text[max(0, at - _LOCAL_MAX) : at][::-1]) if domain else None
        if domain and local:
            spans.append((at - local.end(), domain.end()))
        at = text.find("@", domain.end() if domain else at + 1)
    return sorted(spans)


#: Markdown inline spans that are code or link targets.
_MD_INLINE = re.compile(
    r"(`+)(?:.+?)\1"  # inline code
    r"|\]\([^)]*\)"  # link / image target
    r"|\]\[[^\]]*\]"  # reference link label
    r"|^\s{0,3}\[[^\]]+\]:\s.*$"  # reference definition
    r"|<[A-Za-z][A-Za-z0-9+.-]*:[^>\s]*>"  # autolink
    r"|</?[A-Za-z][^<>]*>"  # HTML tag, attributes included
)
_MD_BLOCK_PREFIX = re.compile(r"^\s{0,3}(?:(?:#{1,6}|>|[-*+]|\d{1,9}[.)])(?:\s+|$))*")


def decode(data: bytes, path: str) -> tuple[str, bool]:
    """Decode file bytes as UTF-8 text.

    Args:
        data: the raw bytes of the file.
        path: the name used in error messages.

    Returns:
        ``(text, bom)``: the text without a leading BOM, and whether one was there.

    Raises:
        InputError: on an empty file, a binary file (NUL bytes), or bytes that are not UTF-8.
    """
    if not data:
        raise InputError(path, "empty file: nothing to repair")
    for mark, name in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if data.startswith(mark):
            raise InputError(
                path, f"{name} text (byte-order mark), not UTF-8; convert it with `iconv -f {name} -t UTF-8`"
            )
    if b"\x00" in data:  # anywhere: one memchr over the file
        raise InputError(path, "binary file (NUL bytes): not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte {exc.start}); convert it with iconv first"
        ) from None
    bom = text.startswith(BOM)
    return (text[1:] if bom else text), bom


def _protected_spans(text: str, markdown: bool) -> tuple[tuple[int, int], ...]:
    # each branch of _WEB needs one of these; without them the regex can only fail, slowly
    spans = url_spans(text) if "://" in text or "www." in text or "@" in text else []
    if markdown:
        spans += [m.span() for m in _MD_INLINE.finditer(text)]
        prefix = _MD_BLOCK_PREFIX.match(text)
        if prefix and prefix.end():
            spans.append((0, prefix.end()))
    return tuple(sorted(spans))


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


def _markdown_structure(text: str) -> tuple[set[int], dict[int, list[tuple[int, int]]]]:
    """What Markdown makes off-limits beyond one line's inline markup.

    Returns:
        ``(skip, spans)``: 0-based line numbers that are code, HTML blocks or YAML front
        matter; and, per line, the parts of code spans that run over a line break
        (```like\nthis```), which markdown-it renders as code but a one-line look misses.
    """
    skip: set[int] = set()
    spans: dict[int, list[tuple[int, int]]] = {}
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                skip.update(range(0, i + 1))
                break
    from markdown_it import MarkdownIt  # only Markdown files need it

    for tok in MarkdownIt("commonmark").parse("\n".join(lines)):
        if tok.type in ("fence", "code_block", "html_block") and tok.map:
            skip.update(range(tok.map[0], tok.map[1]))
        elif tok.type == "inline" and tok.map and tok.map[1] - tok.map[0] > 1 and "`" in tok.content:
            first = tok.map[0]
            block = "\n".join(lines[first : tok.map[1]])
            starts = [0]
            for line in lines[first : tok.map[1]]:
                starts.append(starts[-1] + len(line) + 1)
            for m in _CODE_SPAN.finditer(block):
                if "\n" not in m.group():
                    continue  # one-line spans are found line by line
                for k in range(len(starts) - 1):
                    lo, hi = max(m.start(), starts[k]), min(m.end(), starts[k + 1] - 1)
                    if lo < hi:
                        spans.setdefault(first + k, []).append((lo - starts[k], hi - starts[k]))
    return skip, spans


def parse_text(text: str, path: str, markdown: bool = False, bom: bool = False, first_line: int = 0) -> Document:
    """Build a :class:`Document` from decoded text, one segment per line.

    Args:
        text: the decoded text (no BOM).
        path: the path as the user gave it.
        markdown: protect code, link targets and markup; skip code blocks.
        bom: whether the file had a BOM (kept on writing).
        first_line: the lines of the file before ``text`` (a chunk of it: :mod:`repair.pipeline.chunks`),
            added to each segment's line number and id; its index still counts from 0.
    """
    lines, endings = split_lines(text)
    code, multiline = _markdown_structure(text) if markdown else (set(), {})
    segs = []
    # no line of a plain-text file without these has a protected span: spare each line the look
    plain = not markdown and "://" not in text and "www." not in text and "@" not in text
    for i, (line, part) in enumerate(zip(lines, article_parts(lines))):
        if plain:
            n = i + 1 + first_line
            segs.append(Segment(line, i, n, str(n), None, (), 0, i in code, part))
            continue
        prefix = _MD_BLOCK_PREFIX.match(line) if markdown else None
        segs.append(
            Segment(
                text=line,
                index=i,
                line=i + 1 + first_line,
                id=str(i + 1 + first_line),
                protected=_protected_spans(line, markdown) + tuple(multiline.get(i, ())),
                content_start=prefix.end() if prefix else 0,
                skip=i in code,
                part=part,
            )
        )
    return Document(path, segs, endings, bom, "markdown" if markdown else "text")


def is_markdown(path: str | Path) -> bool:
    """Whether a path names a Markdown file (by suffix)."""
    return Path(path).suffix.lower() in MARKDOWN_SUFFIXES


def read_document(path: str | Path, data: bytes | None = None) -> Document:
    """Read a plain-text or Markdown file (or given bytes, e.g. stdin) into a Document.

    Args:
        path: the file; ``"-"`` names stdin and then ``data`` must be given.
        data: the bytes to use instead of reading ``path``.

    Raises:
        InputError: see :func:`read_bytes` and :func:`decode`.
    """
    name = str(path)
    raw = data if data is not None else read_bytes(path)
    text, bom = decode(raw, "<stdin>" if name == "-" else name)
    return parse_text(text, name, markdown=is_markdown(name), bom=bom)


def encode(doc: Document) -> bytes:
    """The document's bytes: UTF-8, with its BOM if it had one, every line ending as read."""
    return ((BOM if doc.bom else "") + doc.render()).encode("utf-8")
