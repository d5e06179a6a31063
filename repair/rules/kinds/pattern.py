"""``pattern``: a regular expression with a replacement template (``\\1``, ``\\g<name>``).

A rule without ``replacement`` only flags its matches (display). A rule may list
``requires``: plain strings (no regex) of which one must occur in the segment, in any case and
with ’ and ' alike, for the regex to be tried at all, a cheap filter that spares most segments
the regex scan.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from repair.edits import Applicability, Edit
from repair.rules.blocks import Block
from repair.rules.kinds.base import Matcher, SegmentView


class PatternMatcher(Matcher):
    """Regex rules, each compiled once."""

    kind = "pattern"

    def __init__(self, rules):
        super().__init__(rules)
        self._compiled = [
            (r, re.compile(r.params["pattern"], re.IGNORECASE if r.params.get("ignore_case") else 0),
             re.compile("|".join(re.escape(x.replace("’", "'").lower()) for x in r.params["requires"])) if r.params.get("requires") else None)
            for r in self.rules
        ]

    def may_find(self, block: Block, state: Any) -> set[int] | None:
        """The segments holding one of ``requires`` of some rule; every segment when a rule
        has none."""
        out: set[int] = set()
        for _, _, requires in self._compiled:
            if requires is None:
                return None
            out |= block.at_all(m.start() for m in requires.finditer(block.folded))
        return out

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        text = view.text
        for rule, regex, requires in self._compiled:
            if requires is not None and not requires.search(view.folded):
                continue
            template = rule.params.get("replacement")
            for m in regex.finditer(text):
                if m.start() == m.end() and template is None:
                    continue
                if self.excepted(rule, text, m.start(), m.end()):
                    continue
                if template is None:
                    yield self.edit(rule, view, m.start(), m.end(), m.group(), applicability=Applicability.DISPLAY)
                else:
                    new = m.expand(template)
                    if new != m.group():
                        yield self.edit(rule, view, m.start(), m.end(), new)
