"""Gettext PO files (parsed with polib): each translated entry's ``msgstr`` is a segment,
its ``msgid`` the source, its id ``msgctxt\\x04msgid`` shortened to the first 60 characters.

polib is lenient (an unterminated string reads as empty, a msgid without msgstr is taken
as untranslated), so the text is first checked against the PO grammar as msgfmt reads it
(:func:`check_syntax`): a file that fails is an error, never repaired.

The header, obsolete (``#~``) and plural entries are not segments. Writing back replaces
only the ``msgstr`` lines of changed entries, as polib writes them (one line when the
original was one line, else wrapped at 78 columns and after each ``\\n``). A changed entry
is marked (unless marking is off) with a translator comment ``# repair: <rule ids>`` as
its first line. ``Document.endings`` are ``\\n`` (``render()`` shows one target per line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NoReturn

from repair.document import Document, Segment
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.formats.splice import SpliceMeta, Unit, decode_bytes, physical_lines, placeholder_spans
from repair.formats.srclang import with_languages
from repair.formats.trglang import refuse_other

SUFFIXES = frozenset({".po", ".pot"})
_CHARSET = re.compile(rb"charset=([A-Za-z0-9._-]+)")
_MSGSTR = re.compile(r'^([ \t]*)msgstr[ \t]*"')
_CONT = re.compile(r'^[ \t]*"')
_SYNTAX_LINE = re.compile(r"\(line (\d+)\)")
MARK_PREFIX = "# repair: "

# The line grammar of PO files (gettext manual, "The Format of PO Files"), checked before
# polib parses: polib accepts an unterminated string as an empty one, and a msgid without a
# msgstr, silently shifting or dropping entries.
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)(?=[\s"]|\Z)\s*(.*)\Z')
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)(")?(.*)\Z')
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPE = re.compile(r'\\(?:[ntbrfva\\"]|[0-7]|x[0-9A-Fa-f])')
_PREVIOUS = ("msgctxt", "msgid", "msgid_plural")
_MARKERS = ("#", "#.", "#:", "#,", "#|", "#~", "#~|")  # the comment markers polib reads


def _string_error(s: str) -> str | None:
    """Why ``s`` (a line's text after its keyword) is not one C string as gettext reads it."""
    if not s.startswith('"'):
        return f"expected a quoted string, found {s[:20]!r}"
    m = _STRING.match(s)
    assert m is not None  # the pattern matches any text that starts with a quote
    body, close, tail = m.groups()
    if not close:
        return "unterminated string"
    if tail.strip():
        return f"text after the closing quote: {tail.strip()[:20]!r}"
    for esc in _ESCAPE.finditer(body):
        if not _VALID_ESCAPE.match(body, esc.start()):
            return f'invalid escape sequence "{esc.group(0)}"'
    return None


# The entry grammar: which line may follow which. A state is the last keyword read ('' between
# entries, after a comment); "|" marks a previous (#|) line. An entry may end in an END state.
_END = ("", "msgstr", "msgstr[N]")
_AFTER: dict[str, tuple[str, ...]] = {
    "|msgctxt": _END,
    "|msgid": _END + ("|msgctxt",),
    "|msgid_plural": ("|msgid",),
    "msgctxt": _END + ("|msgid", "|msgid_plural"),
    "msgid": _END + ("|msgid", "|msgid_plural", "msgctxt"),
    "msgid_plural": ("msgid",),
    "msgstr": ("msgid",),
    "msgstr[N]": ("msgid_plural", "msgstr[N]"),
}
_WITHOUT = {
    "|msgctxt": "#| msgctxt without #| msgid",
    "|msgid": "#| msgid without the entry's msgid",
    "|msgid_plural": "#| msgid_plural without the entry's msgid",
    "msgctxt": "msgctxt without msgid",
    "msgid": "msgid without msgstr",
    "msgid_plural": "msgid_plural without msgstr[N]",
}
_OPENS = ("|msgctxt", "|msgid", "msgctxt", "msgid")  # may begin an entry (or follow an incomplete one)


def check_syntax(path: str, text: str) -> None:
    """Check ``text`` against the PO grammar as msgfmt reads it, where polib is lenient.

    Every non-blank line is a comment (``#``…), a keyword (``msgctxt``, ``msgid``,
    ``msgid_plural``, ``msgstr``, ``msgstr[N]``) followed by white space and one string, or
    a continuation string; ``#~`` (obsolete) lines hold the same, ``#|`` (previous) lines a
    ``msgctxt``, ``msgid`` or ``msgid_plural`` or a string. A string is terminated on its
    line and uses only gettext's escapes (``\\n \\t \\b \\r \\f \\v \\a \\\\ \\"``,
    octal, ``\\x`` hex). An entry is ``[#| [msgctxt] msgid [msgid_plural]] [msgctxt] msgid
    (msgstr | msgid_plural msgstr[N]…)``, each keyword with its continuation strings, no
    comment between them, all of its lines obsolete or none. Only ``\\n``, ``\\r\\n`` and
    ``\\r`` end a line (a form feed, U+0085 or U+2028 in a string is text).

    Raises:
        InputError: ``path:line: PO syntax error: <what>``, at the first offending line (for
            an entry left incomplete, the line of its last keyword).
    """

    def fail(line: int, what: str) -> NoReturn:
        raise InputError(path, f"PO syntax error: {what}", line)

    state, opened, dead = "", 0, False  # the last keyword ('' between entries), its line, #~ or not
    for n, raw in enumerate(physical_lines(text), 1):
        line = raw.strip(" \t\r\n\f\v")
        if not line:
            continue
        previous = obsolete = False
        if line.startswith("#"):
            marker = line.split(None, 1)[0]
            if marker not in _MARKERS and not marker.startswith("##"):
                fail(n, f"a comment marked {marker[:20]!r}, not '# ', '#.', '#:', '#,', '#|' or '#~'")
            if marker in ("#~", "#~|", "#|"):
                obsolete, previous, line = marker != "#|", marker != "#~", line[len(marker) :].strip()
                if not line:
                    fail(n, f"an empty {marker} line")
                if line.startswith(("#~", "#|")):
                    fail(n, f"{line[:2]} after {marker}")
        if line.startswith("#") and not previous:  # a comment (#~ # too) comes between entries
            if state not in _END:
                fail(opened, _WITHOUT[state])
            state = ""
            continue
        m = _KEYWORD.match(line)
        keyword, rest = m.groups() if m else ("", line)
        if not keyword and not line.startswith('"'):
            fail(n, f"expected a keyword, a string or a comment, found {line[:20]!r}")
        if keyword and rest and not line[len(keyword)].isspace() and not keyword.startswith("msgstr["):
            fail(n, f"expected a space between {keyword} and its string")
        error = f"expected a quoted string after {keyword}" if keyword and not rest else _string_error(rest)
        if error:
            fail(n, error)
        if not keyword:  # a continuation string: of the last keyword, previous or not as it is
            if not state:
                fail(n, "a string outside an entry")
            if previous != state.startswith("|"):
                fail(n, f"a {'#| ' if previous else ''}string after {state.replace('|', '#| ')}")
        else:
            symbol = ("|" if previous else "") + ("msgstr[N]" if keyword.startswith("msgstr[") else keyword)
            shown = ("#| " if previous else "") + keyword
            if previous and keyword not in _PREVIOUS:
                fail(n, f"{keyword} in a #| (previous) line")
            if state not in _AFTER[symbol]:
                if symbol in _OPENS and state not in _END:
                    fail(opened, _WITHOUT[state])
                needs = {"msgstr[N]": "msgid_plural", "|msgid_plural": "#| msgid"}.get(symbol, "msgid")
                fail(n, f"{shown} after {state.replace('|', '#| ')}" if state else f"{shown} without {needs}")
            if state in _END and symbol in _OPENS:  # a new entry
                dead = obsolete
            state, opened = symbol, n
        if obsolete != dead:
            fail(n, "an entry with both obsolete (#~) and live lines")
    if state not in _END:
        fail(opened, _WITHOUT[state])


#: What :meth:`str.splitlines` (and so polib, which splits a PO text with it) takes for a line
#: end besides ``\n`` and ``\r``: in a PO file they are text.
_SPLITLINES_ONLY = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: How :func:`_render` writes each back (polib escapes a vertical tab and a form feed).
_WRITTEN = {"\x0b": "\\v", "\x0c": "\\f"}


def _stand_ins(text: str) -> dict[str, str]:
    """For each character of :data:`_SPLITLINES_ONLY` in ``text``, a private-use character
    that is not in ``text`` (empty when there is none: the common case)."""
    present = [c for c in _SPLITLINES_ONLY if c in text]
    if not present:
        return {}
    free = (chr(k) for k in range(0xE000, 0xF900) if chr(k) not in text)
    return dict(zip(present, free))


def _swap(text: str, table: dict[str, str]) -> str:
    return text.translate(str.maketrans(table)) if table else text  # type: ignore[arg-type]  # typeshed: dict invariance; str -> str is accepted


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
    stand_ins = _stand_ins(seg.text)  # polib wraps at every str.splitlines break: only at \n here
    value = _swap(seg.text, stand_ins)
    lines = polib.POEntry(msgid="", msgstr=value)._str_field("msgstr", "", "", value, width)
    back = {v: _WRITTEN.get(k, k) for k, v in stand_ins.items()}
    return nl.join(_swap(line, back) for line in lines)


def _mark(text: str, unit: Unit, rules: Sequence[str]) -> list[tuple[int, int, str]]:
    line_end = text.find("\n", unit.mark_at)
    line_end = len(text) if line_end < 0 else line_end
    first = text[unit.mark_at : line_end].rstrip("\r")
    nl = _newline(text)
    comment = MARK_PREFIX + (", ".join(rules) if rules else "changed")
    if first.startswith(MARK_PREFIX):
        return [(unit.mark_at, unit.mark_at + len(first), comment)]
    return [(unit.mark_at, unit.mark_at, comment + nl)]


def read_document(path: str, data: bytes | None = None, target_lang: str | None = None) -> Document:
    """Read a PO file: one segment per translated, non-plural, non-obsolete entry.

    Args:
        target_lang: ``--target-lang`` (a BCP 47 tag), or ``None``; it must agree with the
            header's ``Language:`` field, if the file has one.

    Raises:
        InputError: ``path:line: PO syntax error: <what>`` (see :func:`check_syntax`, else
            polib's complaint and line), an unknown charset, bytes not valid in it, or an
            entry whose ``msgstr`` cannot be found, or a ``Language:`` other than
            ``target_lang`` (see :func:`repair.formats.trglang.refuse_other`).
    """
    import polib  # a dependency; imported on first use, so plain-text runs start faster

    raw = data if data is not None else read_bytes(path)
    m = _CHARSET.search(raw[:4096])
    declared = m.group(1).decode("ascii") if m and m.group(1).upper() != b"CHARSET" else None
    text, codec, bom = decode_bytes(raw, path, declared)
    check_syntax(path, text)
    stand_ins = _stand_ins(text)  # polib splits the text with str.splitlines: keep those breaks out of its way
    back = {v: k for k, v in stand_ins.items()}
    try:
        po = polib.pofile(_swap(text if "\n" in text else text + "\n", stand_ins), wrapwidth=0)
    except (OSError, ValueError) as exc:  # what the line grammar lets through and polib does not
        line = _SYNTAX_LINE.search(str(exc))
        detail = str(exc).rpartition("): ")[2] if "): " in str(exc) else "polib cannot read this line"
        raise InputError(path, f"PO syntax error: {detail}", int(line.group(1)) if line else None) from None
    lines = physical_lines(text)
    if target_lang:
        language = po.metadata.get("Language", "")
        at = next((k + 1 for k, ln in enumerate(lines) if ln.lstrip().startswith('"Language:')), None)
        refuse_other(path, language, target_lang, "the header's Language:", at)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    # polib numbers an entry by its first line, except the file's first entry, which it
    # numbers 0 (its leading comments become the file's header comment): that entry starts
    # at the first non-blank line, where gettext reads those comments as the entry's own.
    first = next((k + 1 for k, ln in enumerate(lines) if ln.strip()), 1)
    segs: list[Segment] = []
    units: list[Unit] = []
    for entry in po:
        if entry.obsolete or entry.msgid_plural or not entry.msgid:
            continue
        linenum = entry.linenum or first
        i = linenum - 1
        while i < len(lines) and not _MSGSTR.match(lines[i]):
            i += 1
        if i == len(lines):
            raise InputError(path, f"cannot find the msgstr of the entry of line {linenum}", linenum)
        j = k = i + 1  # one past the last continuation string, blank lines between them included
        while k < len(lines) and (not lines[k].strip() or _CONT.match(lines[k])):
            k += 1
            j = k if lines[k - 1].strip() else j
        start = starts[i] + len(_MSGSTR.match(lines[i]).group(1))  # type: ignore[union-attr]
        end = starts[j - 1] + len(lines[j - 1].rstrip("\r\n"))
        msgid, msgstr = _swap(entry.msgid, back), _swap(entry.msgstr, back)
        uid = (_swap(entry.msgctxt, back) + "\x04" if entry.msgctxt else "") + msgid
        units.append(Unit(start, end, text[start:end], frozenset(), starts[linenum - 1]))
        segs.append(
            Segment(
                text=msgstr,
                index=len(segs),
                line=i + 1,
                id=uid[:60],
                source=msgid,
                protected=tuple(sorted(placeholder_spans(msgstr))),
            )
        )
    segs = with_languages(segs)  # the source language read from its script (no file declares it)
    meta = SpliceMeta(
        raw, text, codec, bom, tuple(units), tuple(s.text for s in segs), _escape, render=_render, mark=_mark
    )
    return Document(path, segs, ["\n"] * len(segs), bool(bom), "po", meta)
