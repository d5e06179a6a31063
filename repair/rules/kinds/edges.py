"""``edges``: the marks at the two ends of a segment, set from the shape of its source's ends.

A segment's *edges* are its characters before the first letter or digit (the leading edge)
and after the last (the trailing edge), from the first and to the last non-space character:
in ``« Dear sir »`` they are ``« `` and `` »``; in ``Dear sir .`` the leading edge is empty and
the trailing one is `` .``. A rule says, with regular expressions full-matched against edges
with their spaces taken out, what the source's edges look like (``source_start``,
``source_end``) and, optionally, the target's (``target_start``, ``target_end``, and
``target_lacks``: a regex that must occur nowhere in the target); when all hold, the target's
leading edge is replaced by ``start`` and/or its trailing edge by ``end``, in which
``{source}`` stands for the source's own edge as written (emoji or a dash copied over).

A rule may instead *restore* the source's outermost marks that the target dropped
(:func:`restorable`, :func:`restore`): ``restore_pairs`` (regexes, one per kind of paired
mark, e.g. quotation marks, brackets) are restored on both ends when the source's first and
last marks both match one of them, the source holds no other such mark between its edges (it
is *wholly* quoted or bracketed) and the target holds none anywhere; ``restore_marks`` (a
regex of unpaired marks, e.g. emoji) are restored on an end where the source's outermost mark
matches it and the target holds none. The restored run of marks is written outermost on the
target's edge (after the target's own final punctuation: ``Dear sir .`` under ``« Уважаемый »``
becomes ``" Dear sir . "``), spaced from its neighbour as the source spaces it, each mark
mapped through ``restore_as`` (regex -> mark: ``«`` and ``»`` written as ``"``) or copied.

This is what ``repair learn`` mines from post-edits beside their sources
(:mod:`repair.learn.edges`): "a source wholly in quotation marks, a target with none: the
post-editor puts the target in quotation marks". A segment without a letter or digit has no
edges and is skipped, and so is one without a source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, ClassVar

from repair.edits import Edit
from repair.rules.kinds.base import KindDoc, Problem, SegmentView
from repair.rules.kinds.source import SourceMatcher

#: The edge conditions: regexes full-matched against an edge with its spaces taken out.
CONDITIONS = ("source_start", "source_end", "target_start", "target_end")
#: What the rule writes: the new leading and trailing edge.
ACTIONS = ("start", "end")
#: In ``start``/``end``: the source's edge as written.
SOURCE_EDGE = "{source}"
#: The keys of a rule that restores the source's marks (exclusive with ``start``/``end``).
RESTORE = ("restore_pairs", "restore_marks")

_WORD = re.compile(r"\w")


def edges(text: str) -> tuple[int, int, int, int] | None:
    """The edges of ``text``: ``(s, i, j, e)``, the leading edge ``text[s:i]`` and the
    trailing edge ``text[j:e]`` (half-open character offsets; ``s`` the first non-space
    character, ``i`` the first letter or digit, ``j`` the end of the last, ``e`` the end of the
    last non-space character); ``None`` when ``text`` holds no letter or digit."""
    first = _WORD.search(text)
    if first is None:
        return None
    s = len(text) - len(text.lstrip())
    e = len(text.rstrip())
    j = e
    while not (text[j - 1].isalnum() or text[j - 1] == "_"):
        j -= 1
    return s, first.start(), j, e


def squeeze(edge: str) -> str:
    """``edge`` with its whitespace taken out (what the conditions are matched against)."""
    return "".join(edge.split())


@lru_cache(maxsize=4096)
def _source_edges(source: str) -> tuple[str, str] | None:
    """The source's leading and trailing edges as written, read once per source text."""
    found = edges(source)
    if found is None:
        return None
    s, i, j, e = found
    return source[s:i], source[j:e]


def outer_run(edge: str, regex: re.Pattern[str], side: int) -> tuple[str, str] | None:
    """The outermost run of marks of an edge that match ``regex``: for the leading edge
    (``side`` 0) the marks from its first one on, for the trailing edge (``side`` 1) those up
    to its last one, spaces between them kept. Returns ``(run, space)``: the run as written and
    the whitespace that separates it from its neighbour inside the edge (the next mark or the
    word); ``None`` when the outermost mark does not match."""
    body = edge.strip()
    if not body:
        return None
    chars = body if side == 0 else body[::-1]
    n = 0
    end = 0
    while n < len(chars) and (chars[n].isspace() or regex.fullmatch(chars[n])):
        if not chars[n].isspace():
            end = n + 1
        n += 1
    if end == 0:
        return None
    run = chars[:end] if side == 0 else chars[:end][::-1]
    rest = edge[edge.index(body) + len(run) :] if side == 0 else edge[: edge.index(body) + len(body) - len(run)]
    space = rest[: len(rest) - len(rest.lstrip())] if side == 0 else rest[len(rest.rstrip()) :]
    return run, space


def restorable(
    source: str,
    target: str,
    pairs: Iterable[re.Pattern[str]],
    marks: re.Pattern[str] | None,
) -> list[tuple[int, str, str, re.Pattern[str]]]:
    """What a restoring rule would write: ``(side, run, space, regex)`` for each end (0 leading,
    1 trailing) whose source marks the target dropped (see the module's docstring), the run
    and space as :func:`outer_run` returns them, ``regex`` the one the run matched. Empty when
    the source or the target holds no letter or digit."""
    src = edges(source)
    if src is None or edges(target) is None:
        return []
    s, i, j, e = src
    lead, trail = source[s:i], source[j:e]
    out: list[tuple[int, str, str, re.Pattern[str]]] = []
    for regex in pairs:
        first, last = outer_run(lead, regex, 0), outer_run(trail, regex, 1)
        if first and last and not regex.search(source, i, j) and not regex.search(target):
            out += [(0, *first, regex), (1, *last, regex)]
            break
    if marks is not None and not marks.search(target):
        done = {side for side, *_ in out}
        for side, edge in ((0, lead), (1, trail)):
            found = outer_run(edge, marks, side)
            if found and side not in done:
                out.append((side, *found, marks))
    return out


def restore(edge: str, side: int, run: str, space: str, mapping: Sequence[tuple[re.Pattern[str], str]]) -> str:
    """``edge`` (the target's leading edge for ``side`` 0, trailing for 1) with ``run`` (a
    source's marks, each mapped through the first regex of ``mapping`` that full-matches it,
    else copied) put outermost, ``space`` between it and the edge."""
    written = "".join(next((to for regex, to in mapping if regex.fullmatch(ch)), ch) for ch in run)
    return written + space + edge if side == 0 else edge + space + written


class EdgesMatcher(SourceMatcher):
    """Edge rules: each rule's regexes compiled once (see the module's docstring)."""

    kind = "edges"
    keys: ClassVar[Mapping[str, Any]] = {
        **{k: {"type": "string"} for k in CONDITIONS},
        "target_lacks": {"type": "string", "minLength": 1},
        "start": {"type": "string"},
        "end": {"type": "string"},
        "restore_pairs": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "restore_marks": {"type": "string", "minLength": 1},
        "restore_as": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
    }
    required: ClassVar[tuple[str, ...]] = ()
    doc = KindDoc(
        finds="A segment whose ends (the marks before its first and after its last letter or digit) do not "
        "have the shape a source with such ends calls for: a target with no quotation mark where the whole "
        "source is quoted, emoji of the source dropped at the end. The rules are mined by `repair learn` "
        "from post-edits beside their sources, or written by hand.",
        keys={
            "source_start": "regex full-matched against the source's leading edge, spaces taken out (absent: any)",
            "source_end": "regex full-matched against the source's trailing edge, spaces taken out (absent: any)",
            "target_start": "regex full-matched against the target's leading edge, spaces taken out (absent: any)",
            "target_end": "regex full-matched against the target's trailing edge, spaces taken out (absent: any)",
            "target_lacks": "regex that must occur nowhere in the target (e.g. any quotation mark)",
            "start": "the target's new leading edge ({source}: the source's leading edge as written)",
            "end": "the target's new trailing edge ({source}: the source's trailing edge as written)",
            "restore_pairs": "regexes of paired marks (one per kind: quotation marks, brackets) restored on both ends "
            "when they wholly enclose the source and the target has none",
            "restore_marks": "regex of unpaired marks (emoji, symbols) restored on an end where they are the source's "
            "outermost marks and the target has none",
            "restore_as": "regex -> mark (no letter, digit or space): how a restored mark is written (e.g. any quotation mark as a straight double quote); others are copied",
        },
        fixes="The rule's own tier: a learned rule is unsafe (the edge it writes is the post-editors' habit, "
        "which another text may not share).",
        example="""\
id: house/edges/quoted-source
kind: edges
category: fluency/punctuation
severity: minor
applicability: unsafe
message: "the whole source is quoted and the translation has no quotation mark"
source_start: "[«“„\\"]"
source_end: "[»”\\"]"
target_lacks: "[«»“”„\\"]"
start: "\\""
end: "\\""
examples:
  - bad: "Dear entrepreneur"
    source: "«Уважаемый предприниматель»"
    fixed: "\\"Dear entrepreneur\\""
    unsafe: true
  - good: "\\"Dear entrepreneur\\""
    source: "«Уважаемый предприниматель»"
  - good: "Dear entrepreneur:"
    source: "«Уважаемый предприниматель»:"
""",
    )

    @classmethod
    def validate_rule(cls, raw: Mapping[str, Any]) -> Iterable[str | Problem]:
        """Every regex compiles, each ``restore_as`` value is a mark (non-empty, no letter, digit,
        underscore or whitespace: an empty one writes nothing, and the others are read as part
        of the word, so the rule would restore again every round), and the rule writes at least
        one edge: by ``start``/``end`` or by restoring (not both)."""
        regexes: list[tuple[tuple[str | int, ...], Any]] = [
            ((k,), raw[k]) for k in (*CONDITIONS, "target_lacks", "restore_marks") if k in raw
        ]
        regexes += [(("restore_pairs", n), r) for n, r in enumerate(raw.get("restore_pairs") or ())]
        regexes += [(("restore_as", r), r) for r in raw.get("restore_as") or {}]
        for path, regex in regexes:
            try:
                re.compile(regex)
            except (re.error, OverflowError, RecursionError, ValueError, TypeError) as exc:
                yield Problem(f"bad regex in {path[0]!r}: {str(exc) or type(exc).__name__}", path)
                return
        writes = any(k in raw for k in ACTIONS)
        restores = any(k in raw for k in RESTORE)
        if writes and restores:
            yield "an edges rule writes its edges by 'start'/'end' or restores the source's marks, not both"
        elif not writes and not restores:
            yield "an edges rule needs 'start' or 'end' (the edge it writes), or 'restore_pairs'/'restore_marks'"
        elif "restore_as" in raw and not restores:
            yield "'restore_as' needs 'restore_pairs' or 'restore_marks'"
        else:
            for key, mark in (raw.get("restore_as") or {}).items():
                if isinstance(mark, str) and (not mark or _WORD.search(mark) or any(c.isspace() for c in mark)):
                    yield Problem(
                        f"'restore_as' writes {mark!r} for {key!r}: a mark is needed (no letter, digit or space)",
                        ("restore_as", key),
                    )

    def __init__(self, rules):
        super().__init__(rules)

        def opt(rule, key):
            return re.compile(rule.params[key]) if key in rule.params else None

        self._compiled = [
            (r, {k: opt(r, k) for k in (*CONDITIONS, "target_lacks", "restore_marks")}) for r in self.rules
        ]
        self._pairs = {r.id: [re.compile(x) for x in r.params.get("restore_pairs") or ()] for r in self.rules}
        self._as = {
            r.id: [(re.compile(k), v) for k, v in (r.params.get("restore_as") or {}).items()] for r in self.rules
        }

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        src = _source_edges(source)
        found = edges(view.text)
        if src is None or found is None:
            return
        text = view.text
        s, i, j, e = found
        lead, trail = text[s:i], text[j:e]
        shapes = {
            "source_start": squeeze(src[0]),
            "source_end": squeeze(src[1]),
            "target_start": squeeze(lead),
            "target_end": squeeze(trail),
        }
        for rule, regexes in self._compiled:
            if any(regexes[k] is not None and not regexes[k].fullmatch(shapes[k]) for k in CONDITIONS):
                continue
            lacks = regexes["target_lacks"]
            if lacks is not None and lacks.search(text):
                continue
            if self._pairs[rule.id] or regexes["restore_marks"] is not None:
                for side, run, space, _ in restorable(source, text, self._pairs[rule.id], regexes["restore_marks"]):
                    start, end, edge = (s, i, lead) if side == 0 else (j, e, trail)
                    if not self.excepted(rule, text, start, end):
                        yield self.edit(rule, view, start, end, restore(edge, side, run, space, self._as[rule.id]))
                continue
            for key, start, end, edge, source_edge in (("start", s, i, lead, src[0]), ("end", j, e, trail, src[1])):
                new = rule.params.get(key)
                if new is None:
                    continue
                new = new.replace(SOURCE_EDGE, source_edge)
                if new != edge and not self.excepted(rule, text, start, end):
                    yield self.edit(rule, view, start, end, new)
