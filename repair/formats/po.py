"""Gettext PO files (parsed with polib): each translated entry's ``msgstr`` is a segment,
its ``msgid`` the source, its id ``msgctxt\\x04msgid`` shortened to the first 60 characters.

The header, obsolete (``#~``) and plural entries are not segments. Writing back replaces
only the ``msgstr`` lines of changed entries, as polib writes them (one line when the
original was one line, else wrapped at 78 columns and after each ``\\n``). A changed entry
is marked (unless marking is off) with a translator comment ``# repair: <rule ids>`` as
its first line. ``Document.endings`` are ``\\n`` (``render()`` shows one target per line).
"""

from __future__ import annotations

import re
from typing import Sequence

from repair.document import Document, Segment
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.formats.splice import SpliceMeta, Unit, decode_bytes, placeholder_spans

SUFFIXES = frozenset({".po", ".pot"})
_CHARSET = re.compile(rb"charset=([A-Za-z0-9._-]+)")
_MSGSTR = re.compile(r'^msgstr[ \t]*"')
_CONT = re.compile(r'^[ \t]*"')
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
MARK_PREFIX = "# repair: "


def _escape(text: str) -> str:
    import polib

    return polib.escape(text)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _render(seg: Segment, unit: Unit, escape) -> str:
    """The new ``msgstr`` lines, shaped by polib as it writes them: one line when the
    original was one line, else wrapped at polib's 78 columns and after each ``\n``."""
    import polib

    nl = "\r\n" if "\r\n" in unit.raw else "\n"
    width = 78 if "\n" in unit.raw else 10**9
    lines = polib.POEntry(msgid="", msgstr=seg.text)._str_field("msgstr", "", "", seg.text, width)
    return nl.join(lines)


def _mark(text: str, unit: Unit, rules: Sequence[str]) -> list[tuple[int, int, str]]:
    line_end = text.find("\n", unit.mark_at)
    line_end = len(text) if line_end < 0 else line_end
    first = text[unit.mark_at:line_end].rstrip("\r")
    nl = _newline(text)
    comment = MARK_PREFIX + (", ".join(rules) if rules else "changed")
    if first.startswith(MARK_PREFIX):
        return [(unit.mark_at, unit.mark_at + len(first), comment)]
    return [(unit.mark_at, unit.mark_at, comment + nl)]


def read_document(path: str, data: bytes | None = None) -> Document:
    """Read a PO file: one segment per translated, non-plural, non-obsolete entry.

    Raises:
        InputError: ``path:line: PO syntax error`` (polib's line), an unknown charset,
            bytes not valid in it, or an entry whose ``msgstr`` cannot be found.
    """
    try:
        import polib
    except ImportError:  # pragma: no cover - polib is in the `formats` extra
        raise InputError(path, "reading PO files needs polib: pip install 'repair[formats]'") from None
    raw = data if data is not None else read_bytes(path)
    m = _CHARSET.search(raw[:4096])
    declared = m.group(1).decode("ascii") if m and m.group(1).upper() != b"CHARSET" else None
    text, codec, bom = decode_bytes(raw, path, declared)
    try:
        po = polib.pofile(text if "\n" in text else text + "\n", wrapwidth=0)
    except (OSError, ValueError) as exc:
        line = _SYNTAX_LINE.search(str(exc))
        raise InputError(path, "PO syntax error", int(line.group(1)) if line else None) from None
    lines = text.splitlines(keepends=True)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    segs: list[Segment] = []
    units: list[Unit] = []
    for entry in po:
        if entry.obsolete or entry.msgid_plural or not entry.msgid:
            continue
        i = entry.linenum - 1
        while i < len(lines) and not _MSGSTR.match(lines[i]):
            i += 1
        if i == len(lines):
            raise InputError(path, f"cannot find the msgstr of the entry of line {entry.linenum}", entry.linenum)
        j = i + 1
        while j < len(lines) and _CONT.match(lines[j]):
            j += 1
        start = starts[i]
        end = starts[j - 1] + len(lines[j - 1].rstrip("\r\n"))
        uid = (entry.msgctxt + "\x04" if entry.msgctxt else "") + entry.msgid
        units.append(Unit(start, end, text[start:end], frozenset(), starts[entry.linenum - 1]))
        segs.append(Segment(text=entry.msgstr, index=len(segs), line=i + 1, id=uid[:60], source=entry.msgid,
                            protected=tuple(sorted(placeholder_spans(entry.msgstr)))))
    meta = SpliceMeta(raw, text, codec, bom, tuple(units), tuple(s.text for s in segs), _escape,
                      render=_render, mark=_mark)
    return Document(path, segs, ["\n"] * len(segs), bool(bom), "po", meta)
