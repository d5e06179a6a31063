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

This is what ``repair learn`` mines from post-edits beside their sources
(:mod:`repair.learn.edges`): "a source wholly in quotation marks, a target with none: the
post-editor puts the target in quotation marks". A segment without a letter or digit has no
edges and is skipped, and so is one without a source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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


class EdgesMatcher(SourceMatcher):
    """Edge rules: each rule's regexes compiled once (see the module's docstring)."""

    kind = "edges"
    keys: ClassVar[Mapping[str, Any]] = {
        **{k: {"type": "string"} for k in CONDITIONS},
        "target_lacks": {"type": "string", "minLength": 1},
        "start": {"type": "string"},
        "end": {"type": "string"},
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
        """Every regex compiles, and the rule writes at least one edge."""
        for key in (*CONDITIONS, "target_lacks"):
            if key in raw:
                try:
                    re.compile(raw[key])
                except (re.error, OverflowError, RecursionError, ValueError) as exc:
                    yield Problem(f"bad regex in {key!r}: {str(exc) or type(exc).__name__}", (key,))
                    return
        if not any(k in raw for k in ACTIONS):
            yield "an edges rule needs 'start' or 'end' (the edge it writes)"

    def __init__(self, rules):
        super().__init__(rules)

        def opt(rule, key):
            return re.compile(rule.params[key]) if key in rule.params else None

        self._compiled = [(r, {k: opt(r, k) for k in (*CONDITIONS, "target_lacks")}) for r in self.rules]

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
            for key, start, end, edge, source_edge in (("start", s, i, lead, src[0]), ("end", j, e, trail, src[1])):
                new = rule.params.get(key)
                if new is None:
                    continue
                new = new.replace(SOURCE_EDGE, source_edge)
                if new != edge and not self.excepted(rule, text, start, end):
                    yield self.edit(rule, view, start, end, new)
