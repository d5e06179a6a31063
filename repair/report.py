"""Render findings for people and programs: text lines, JSON, JSON lines, unified diffs."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from repair import __version__
from repair.document import Document, physical_lines
from repair.edits import Applicability, Edit


class Locator:
    """Line and column of offsets in one document's segments.

    Each segment's line breaks (``\\n``) are found once, on its first look-up (one pass over
    its text); every look-up after that is a binary search, so locating all findings of a
    long segment costs its length once, not once per finding.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._breaks: dict[int, list[int]] = {}

    def __call__(self, segment: int, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of character ``offset`` of segment ``segment``;
        columns count characters, not bytes."""
        seg = self.doc.segments[segment]
        breaks = self._breaks.get(segment)
        if breaks is None:
            breaks = self._breaks[segment] = [m.start() for m in re.finditer("\n", seg.text)]
        k = bisect.bisect_left(breaks, offset)  # line breaks before the offset
        return seg.line + k, offset - (breaks[k - 1] + 1 if k else 0) + 1


def location(doc: Document, edit: Edit, locator: Locator | None = None) -> tuple[int, int]:
    """1-based ``(line, column)`` of an edit's start; columns count characters, not bytes.

    Pass one ``locator`` for all findings of ``doc`` (see :class:`Locator`); without one,
    each call indexes the segment again.
    """
    return (locator or Locator(doc))(edit.segment, edit.start)


#: GitHub workflow command per MQM severity.
GITHUB_LEVELS = {"critical": "error", "major": "warning", "minor": "notice"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _github_escape(text: str, prop: bool = False) -> str:
    """Escape a workflow command's data (``%``, CR, LF) or property value (also ``:`` ``,``),
    as GitHub's toolkit does (``@actions/core``, ``command.ts``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_lines(doc: Document, edits: Sequence[Edit]) -> list[str]:
    """Findings as GitHub Actions workflow annotations, one line each: ``::warning
    file=...,line=...,col=...,endLine=...,endColumn=...,title=<rule> [...]::<message>``
    (level by MQM severity: critical error, major warning, minor notice). Lines and columns
    are the finding's place in the file (1-based; columns count characters, the end one past
    the finding), in bilingual files too (inside a PO ``msgstr``, an XLIFF ``<target>``):
    see :mod:`repair.formats.locate`."""
    from repair.formats.locate import Locator

    locator = Locator(doc)
    text = doc.meta.text if locator.units is not None else doc.render()
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def line_col(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    out = []
    for edit in edits:
        start, end = locator.span(edit.segment, edit.start, edit.end)
        (line, col), (end_line, end_col) = line_col(start), line_col(end)
        props = {
            "file": doc.path,
            "line": line,
            "col": col,
            "endLine": end_line,
            "endColumn": end_col,
            "title": f"{edit.rule_id} [{edit.category}, {edit.severity.value}]",
        }
        head = ",".join(f"{k}={_github_escape(str(v), prop=True)}" for k, v in props.items())
        out.append(
            f"::{GITHUB_LEVELS[edit.severity.value]} {head}::{_github_escape(f'{edit.message}: {fix_text(edit)}')}"
        )
    return out


def fix_text(edit: Edit) -> str:
    """How a finding's fix reads: ``'old' -> 'new' (safe)`` or ``no fix``."""
    if edit.replacement == edit.original:
        return "no automatic fix"
    return f"{edit.original!r} -> {edit.replacement!r} ({edit.applicability.value})"


def text_line(doc: Document, edit: Edit, locator: Locator | None = None) -> str:
    """``path:line:col: rule [category, severity] message: fix``."""
    line, col = location(doc, edit, locator)
    return (
        f"{doc.path}:{line}:{col}: {edit.rule_id} [{edit.category}, {edit.severity.value}] "
        f"{edit.message}: {fix_text(edit)}"
    )


def finding_dict(doc: Document, edit: Edit, locator: Locator | None = None) -> dict:
    """A finding as JSON: location, the edit's fields, and the segment id."""
    line, col = location(doc, edit, locator)
    return {
        "path": doc.path,
        "line": line,
        "column": col,
        "segment_id": doc.segments[edit.segment].id,
        **edit.to_dict(),
    }


def text_lines(doc: Document, edits: Iterable[Edit]) -> Iterator[str]:
    """:func:`text_line` of each of ``edits`` (findings of ``doc``), sharing one :class:`Locator`."""
    locator = Locator(doc)
    return (text_line(doc, e, locator) for e in edits)


def finding_dicts(doc: Document, edits: Iterable[Edit]) -> list[dict]:
    """:func:`finding_dict` of each of ``edits`` (findings of ``doc``), sharing one :class:`Locator`."""
    locator = Locator(doc)
    return [finding_dict(doc, e, locator) for e in edits]


def summary(edits: Sequence[Edit], files: int) -> dict:
    """Counts by fix tier and by rule."""
    return summary_of(
        Counter(e.applicability.value for e in edits), Counter(e.rule_id for e in edits), len(edits), files
    )


def summary_of(tiers: Counter, by_rule: Counter, findings: int, files: int) -> dict:
    """:func:`summary` from counts gathered as a run goes: findings per fix tier value
    (``safe``, ``unsafe``, ``display``) and per rule id."""
    return {
        "findings": findings,
        "files": files,
        "safe": tiers.get(Applicability.SAFE.value, 0),
        "unsafe": tiers.get(Applicability.UNSAFE.value, 0),
        "display": tiers.get(Applicability.DISPLAY.value, 0),
        "by_rule": dict(sorted(by_rule.items())),
    }


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 finding``, ``2 findings`` (``many`` for irregular plurals: ``fix``/``fixes``)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def summary_line(s: dict) -> str:
    """One line: ``28 findings in 1 file: 7 safe fixes, 20 unsafe fixes, 1 to review by hand``."""
    files = plural(s["files"], "file")
    if not s["findings"]:
        return f"no findings in {files}"
    return (
        f"{plural(s['findings'], 'finding')} in {files}: {plural(s['safe'], 'safe fix', 'safe fixes')} (`repair fix`), "
        f"{plural(s['unsafe'], 'unsafe fix', 'unsafe fixes')} (`--unsafe-fixes`), {s['display']} to review by hand"
    )


def json_report(
    results: Iterable[tuple[Document, list[Edit]]], file_extra: Sequence[dict] = (), summary_extra: dict | None = None
) -> str:
    """The whole check as one JSON document: version, files with findings, summary.

    Args:
        results: ``(document, findings)`` per file.
        file_extra: per file (aligned with ``results``), keys added to its entry (e.g. ``mqm``).
        summary_extra: keys added to the summary.
    """
    files, all_edits = [], []
    for i, (doc, edits) in enumerate(results):
        files.append(
            {
                "path": doc.path,
                "words": doc.word_count(),
                "findings": finding_dicts(doc, edits),
                **(file_extra[i] if i < len(file_extra) else {}),
            }
        )
        all_edits.extend(edits)
    import json  # here: the text report of a check does not load it

    return json.dumps(
        {"repair": __version__, "files": files, "summary": {**summary(all_edits, len(files)), **(summary_extra or {})}},
        ensure_ascii=False,
        indent=1,
    )


def unified_diff(before: str, after: str, path: str) -> str:
    """A unified diff (difflib) of two versions of a file, ``a/path`` -> ``b/path``."""
    a = physical_lines(before)  # lines as in the file: a form feed or U+2028 ends none
    b = physical_lines(after)
    name = path.lstrip("/")
    import difflib  # here: only --diff needs it

    lines = difflib.unified_diff(a, b, fromfile=f"a/{name}", tofile=f"b/{name}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
