"""``pattern``: a regular expression with a replacement template (``\\1``, ``\\g<name>``).

A rule without ``replacement`` only flags its matches (display). A rule may list
``requires``: plain strings (no regex) of which one must occur in the segment, in any case and
with ’ and ' alike, for the regex to be tried at all, a cheap filter that spares most segments
the regex scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from repair.edits import Applicability, Edit
from repair.rules.blocks import Block
from repair.rules.kinds.base import KindDoc, Matcher, Problem, SegmentView
from repair.rules.regexes import matches_empty
from repair.rules.schema import STR_LIST


class PatternMatcher(Matcher):
    """Regex rules, each compiled once."""

    kind = "pattern"

    keys = {
        "pattern": {"type": "string", "minLength": 1},
        "replacement": {"type": "string"},
        "ignore_case": {"type": "boolean"},
        "requires": STR_LIST,
    }
    required = ("pattern",)
    doc = KindDoc(
        finds="What a regular expression (Python `re` syntax) matches, replaced through a template "
        "(`\\1`, `\\g<name>`); without a template the matches are only flagged.",
        keys={
            "pattern": "the regex; it may not match the empty string",
            "replacement": "the replacement template (absent: flag only)",
            "ignore_case": "match in any case",
            "requires": "plain strings (no regex) of which one must occur in the segment, in any case and with "
            "’ and ' alike, before the regex is tried: a cheap filter",
        },
        fixes="The rule's own tier; a rule without `replacement` is display only. A regex sees only its "
        "match, not the sentence, so most pattern rules are unsafe.",
        example="""\
id: house/calque/new-crown-epidemic
kind: pattern
category: terminology/wrong-term
severity: major
applicability: unsafe
message: "新冠 calque: 'new crown' before a disease word is COVID-19"
ignore_case: true
requires: [crown]
pattern: "\\\\bnew crown(?= (?:epidemic|cases?)\\\\b)"
replacement: "COVID-19"
examples:
  - bad: "the new crown epidemic has eased"
    fixed: "the COVID-19 epidemic has eased"
    unsafe: true
  - good: "The king wore a new crown."
""",
    )

    @classmethod
    def validate_rule(cls, raw):
        """The pattern compiles, cannot match the empty string (a fix would insert its text
        wherever it matches, again in every round), and the template's group references exist."""
        flags = re.IGNORECASE if raw.get("ignore_case") else 0
        try:
            compiled = re.compile(raw["pattern"], flags)
        except (re.error, OverflowError, RecursionError, ValueError) as exc:
            yield Problem(f"bad regex in 'pattern': {str(exc) or type(exc).__name__}", ("pattern",))
            return
        if matches_empty(raw["pattern"], flags):
            yield Problem(
                f"pattern {raw['pattern']!r} can match the empty string (a fix would insert text "
                "wherever it matches, again in every round): make it match at least one character",
                ("pattern",),
            )
            return
        if "replacement" in raw:
            try:  # sub() parses the template (group references) even with nothing to replace
                compiled.sub(raw["replacement"], "")
            except (re.error, IndexError) as exc:
                yield Problem(f"bad replacement template: {exc}", ("replacement",))

    def __init__(self, rules):
        super().__init__(rules)
        self._compiled = [
            (
                r,
                re.compile(r.params["pattern"], re.IGNORECASE if r.params.get("ignore_case") else 0),
                re.compile("|".join(re.escape(x.replace("’", "'").lower()) for x in r.params["requires"]))
                if r.params.get("requires")
                else None,
            )
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
