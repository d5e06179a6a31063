"""XML helpers for bilingual formats (XLIFF, TMX): find elements in the file text, turn a
target's raw content into segment text with its inline tags protected, set attributes.

lxml parses and validates the file; these helpers only locate what lxml found in the
original text, so that a writer can splice new target text in without re-serialising.
Offsets are character offsets into the decoded file; spans are half-open.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Iterable, Sequence

from repair.document import Segment
from repair.errors import InputError
from repair.formats.splice import LineIndex, Unit, default_render, placeholder_spans

_NAME = r"(?:[\w.-]+:)?"
_ATTRS = r"""(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*"""
#: Comments, CDATA sections and processing instructions: no element starts inside them.
_OPAQUE = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>", re.S)
_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<[^>]*>", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);")
_TAG_NAME = re.compile(r"</?(?:[\w.-]+:)?([\w.-]+)")
#: Above this many changed characters (old and new, between the common prefix and suffix)
#: a changed stretch of text is rewritten whole instead of diffed character by character.
DIFF_LIMIT = 5000


def local_name(tag: str) -> str:
    """``{ns}target`` -> ``target``."""
    return tag.rsplit("}", 1)[-1]


def locate(
    text: str, elements: Sequence, name: str, path: str, lines: LineIndex | None = None
) -> list[tuple[int, int, int]]:
    """Find each of ``elements`` (lxml elements named ``name``, in document order, all of
    them) in the file text.

    Args:
        lines: the line index of ``text``, when the caller has one (else one is made).

    Returns:
        one ``(tag_start, content_start, content_end)`` per element; for an empty element
        (``<target/>``) ``content_start == content_end`` is the end of the tag.

    Raises:
        InputError: when an element cannot be found where lxml saw it (an input this
            module does not understand; nothing is written).
    """
    opaque = [m.span() for m in _OPAQUE.finditer(text)]
    line_of = lines or LineIndex(text)
    patterns: dict[str | None, re.Pattern[str]] = {}
    out = []
    pos = 0
    k = 0
    for el in elements:
        prefix = getattr(el, "prefix", None)  # the element's own prefix: same-named elements of other namespaces differ
        if prefix not in patterns:
            qname = (re.escape(prefix) + ":" if prefix else "") + re.escape(name)
            patterns[prefix] = re.compile(rf"<{qname}{_ATTRS}(/?)>")
        start_re = patterns[prefix]
        while True:
            m = start_re.search(text, pos)
            if m is None:
                raise InputError(path, f"cannot locate <{name}> of line {el.sourceline}", el.sourceline)
            while k < len(opaque) and opaque[k][1] <= m.start():
                k += 1
            if k < len(opaque) and opaque[k][0] <= m.start() < opaque[k][1]:
                pos = opaque[k][1]
                continue
            break
        if el.sourceline is not None and line_of(m.start()) != el.sourceline:
            raise InputError(path, f"cannot locate <{name}> of line {el.sourceline}", el.sourceline)
        if m.group(1):
            out.append((m.start(), m.end(), m.end()))
            pos = m.end()
            continue
        qname = (prefix + ":" if prefix else "") + name
        close = re.compile(rf"</{re.escape(qname)}\s*>").search(text, m.end())
        if close is None:
            raise InputError(path, f"no </{name}> for the element of line {el.sourceline}", el.sourceline)
        out.append((m.start(), m.end(), close.start()))
        pos = m.end()
    return out


def _unescape(raw: str) -> str:
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), raw)


def inline(
    raw: str, code_tags: Iterable[str]
) -> tuple[str, tuple[tuple[int, int], ...], frozenset[int], tuple[str, ...]]:
    """Segment text of a target's raw content, its protected spans and which are markup.

    Tags, comments and CDATA stay in the text as they are written, protected; a code
    element with content (``<ph>&lt;b&gt;</ph>`` in XLIFF 1.2, ``<bpt>`` in TMX) is one
    protected span, its content kept raw. Character data between them is unescaped;
    placeholders and URLs in it are protected too.

    Args:
        raw: the element content as written in the file.
        code_tags: local names of inline elements whose content is native code.

    Returns:
        ``(text, protected, markup, pieces)``: ``protected`` sorted half-open spans into
        ``text``; ``markup`` the indices of the spans to write back verbatim; ``pieces`` the
        raw character data before, between and after the markup spans (one more than them),
        entities as written.
    """
    code = set(code_tags)
    parts: list[str] = []
    pieces: list[str] = []
    markup_spans: list[tuple[int, int]] = []
    other: list[tuple[int, int]] = []
    length = 0
    pos = 0
    depth = 0
    open_start = 0
    for m in _TOKEN.finditer(raw):
        tok = m.group(0)
        name_m = _TAG_NAME.match(tok)
        name = name_m.group(1) if name_m else ""
        if depth:
            if name in code and not tok.endswith("/>"):
                depth += -1 if tok.startswith("</") else 1
            if depth == 0:
                chunk = raw[open_start : m.end()]
                markup_spans.append((length, length + len(chunk)))
                parts.append(chunk)
                length += len(chunk)
                pos = m.end()
            continue
        pieces.append(raw[pos : m.start()])
        piece = _unescape(pieces[-1])
        other += [(length + s, length + e) for s, e in placeholder_spans(piece)]
        parts.append(piece)
        length += len(piece)
        if name in code and not tok.startswith("</") and not tok.endswith("/>"):
            depth = 1
            open_start = m.start()
            continue
        markup_spans.append((length, length + len(tok)))
        parts.append(tok)
        length += len(tok)
        pos = m.end()
    if depth:  # unbalanced code element: keep the rest raw
        chunk = raw[open_start:]
        markup_spans.append((length, length + len(chunk)))
        parts.append(chunk)
        pieces.append("")
    else:
        pieces.append(raw[pos:])
        piece = _unescape(pieces[-1])
        other += [(length + s, length + e) for s, e in placeholder_spans(piece)]
        parts.append(piece)
    spans = sorted(set(markup_spans) | set(other))
    marked = set(markup_spans)
    return "".join(parts), tuple(spans), frozenset(i for i, s in enumerate(spans) if s in marked), tuple(pieces)


def unescape_map(raw: str) -> tuple[str, list[int]]:
    """Character data as written (``raw``, no markup) and where each of its characters begins.

    Returns:
        ``(text, starts)``: the unescaped text and, for each offset ``i`` in ``0..len(text)``,
        the offset in ``raw`` where character ``i`` is written (``starts[len(text)] ==
        len(raw)``), so that ``raw[starts[i]:starts[j]]`` writes ``text[i:j]`` as it was.
    """
    out: list[str] = []
    starts: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(raw):
        out.append(raw[pos : m.start()])
        starts.extend(range(pos, m.start()))
        char = html.unescape(m.group(0))
        out.append(char)
        starts.extend([m.start()] * len(char))
        pos = m.end()
    out.append(raw[pos:])
    starts.extend(range(pos, len(raw) + 1))
    return "".join(out), starts


def plain_text(el, code_tags: Iterable[str]) -> str:
    """The character data of an lxml element, without the content of code elements."""
    code = set(code_tags)
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and local_name(child.tag) not in code:
            out.append(plain_text(child, code))
        out.append(child.tail or "")
    return "".join(out)


def without_markup(text: str, spans: Sequence[tuple[int, int]], markup: frozenset[int]) -> str:
    """``text`` with its markup spans removed (what :func:`plain_text` gives for the element)."""
    out, pos = [], 0
    for i, (s, e) in enumerate(spans):
        if i in markup:
            out.append(text[pos:s])
            pos = e
    out.append(text[pos:])
    return "".join(out)


def set_attributes(text: str, tag_start: int, values: dict[str, str]) -> list[tuple[int, int, str]]:
    """Splices that set attributes on the start tag at ``tag_start`` (replace or append).

    Returns:
        ``[(start, end, replacement)]`` for :func:`repair.formats.splice.write`.
    """
    m = re.compile(rf"<{_NAME}[\w.-]+{_ATTRS}/?>").match(text, tag_start)
    assert m is not None, "a located start tag"
    tag = m.group(0)
    for name, value in values.items():
        value = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        a = re.search(rf"""(\s{re.escape(name)}\s*=\s*)(["'])(.*?)\2""", tag, re.S)
        if a:
            tag = tag[: a.start(3)] + value + tag[a.end(3) :]
        else:
            cut = len(tag) - (2 if tag.endswith("/>") else 1)
            tag = tag[:cut].rstrip() + f' {name}="{value}"' + tag[len(tag[:cut].rstrip()) :]
    return [(m.start(), m.end(), tag)]


def make_unit(text: str, span: tuple[int, int, int], code_tags: Iterable[str], mark_at: int = -1):
    """A :class:`Unit` and the segment fields for a located element.

    Returns:
        ``(unit, seg_text, protected)``.
    """
    tag_start, start, end = span
    raw = text[start:end]
    seg_text, protected, markup, pieces = inline(raw, code_tags)
    tags = tuple(seg_text[s:e] for i, (s, e) in enumerate(protected) if i in markup)
    return Unit(start, end, raw, markup, mark_at, tags, pieces), seg_text, protected


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix (binary search over slice comparisons)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def splice_text(raw: str, new: str, escape: Callable[[str], str]) -> str:
    """``new`` written as character data, keeping every untouched character as ``raw`` wrote
    it (``&#x4E2D;``, ``&apos;``, ``&#10;`` stay entities); only changed text is escaped.

    Args:
        raw: character data as written in the file (entities, no markup).
        new: the new text.
        escape: writes changed text (:func:`repair.formats.splice.xml_escape`).

    The untouched text is what lies outside the changed stretch between the common prefix
    and suffix of the old and new text; within that stretch, the characters
    :class:`difflib.SequenceMatcher` finds unchanged are kept too, unless the stretch has
    more than :data:`DIFF_LIMIT` characters (then it is escaped whole).
    """
    old, starts = unescape_map(raw)
    if old == new:
        return raw
    p = _common_prefix(old, new)
    q = _common_prefix(old[p:][::-1], new[p:][::-1])
    old_mid, new_mid = old[p : len(old) - q], new[p : len(new) - q]
    out = [raw[: starts[p]]]
    if len(old_mid) + len(new_mid) > DIFF_LIMIT:
        out.append(escape(new_mid))
    else:
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_mid, new_mid, autojunk=False).get_opcodes():
            out.append(raw[starts[p + i1] : starts[p + i2]] if op == "equal" else escape(new_mid[j1:j2]))
    out.append(raw[starts[len(old) - q] :])
    return "".join(out)


def render_unit(seg: Segment, unit: Unit, escape: Callable[[str], str]) -> str:
    """A changed unit's new raw content: markup verbatim, character data spliced by
    :func:`splice_text` (a ``SpliceMeta.render`` for XLIFF and TMX)."""
    if len(unit.pieces) != len(unit.tags) + 1:
        return default_render(seg, unit, escape)
    return default_render(seg, unit, escape, lambda k, text: splice_text(unit.pieces[k], text, escape))
