"""``substitution``: known wrong phrases and their replacements, found with Aho-Corasick.

All entries of all substitution rules go into one automaton (pyahocorasick), so the cost
per segment barely grows with the number of entries. Matching is case-insensitive and
treats ’ and ' alike; hits must start and end at word boundaries. Overlapping hits are all
proposed and the engine keeps one by the overlap priority of :mod:`repair.edits` (a safe
fix first, then the longer phrase), so a safe fix is never hidden by a longer unsafe one. An entry with several candidate replacements is
reported with its candidates and never applied unattended (after codespell's rule).
"""

from __future__ import annotations

from typing import Any, Iterable

import ahocorasick

from repair.edits import Applicability, Edit
from repair.rules.blocks import Block
from repair.rules.kinds.base import Matcher, SegmentView, is_word_char
from repair.rules.kinds.casing import keep_case


def _fold(phrase: str) -> str:
    return phrase.replace("’", "'").lower()


class SubstitutionMatcher(Matcher):
    """Phrase -> replacement rules, all in one automaton."""

    kind = "substitution"

    def __init__(self, rules):
        super().__init__(rules)
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list] = {}
        for rule in self.rules:
            for phrase, repl in rule.params["entries"].items():
                cands = [repl] if isinstance(repl, str) else list(repl)
                table.setdefault(_fold(phrase), []).append((rule, phrase, cands))
        for key, entries in table.items():
            self._automaton.add_word(key, (len(key), entries))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def _hits(self, view: SegmentView) -> list[tuple[int, int, list]]:
        text, folded = view.text, view.folded
        n = len(text)
        hits = []
        for end_idx, (length, entries) in self._automaton.iter(folded):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and is_word_char(text[start - 1]) or end < n and is_word_char(text[end]):
                continue
            hits.append((start, end, entries))
        return hits

    def may_find(self, block: Block, state: Any) -> set[int]:
        """The segments with an entry between word boundaries (one run of the automaton)."""
        if self._empty:
            return set()
        text = block.text
        n = len(text)
        starts = []
        for end_idx, (length, _) in self._automaton.iter(block.folded):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and is_word_char(text[start - 1]) or end < n and is_word_char(text[end]):
                continue
            starts.append(start)
        return block.at_all(starts)

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        if self._empty:
            return
        text = view.text
        for start, end, entries in self._hits(view):
            matched = text[start:end]
            for rule, phrase, cands in entries:
                if rule.params.get("case_sensitive") and matched.replace("’", "'") != phrase.replace("’", "'"):
                    continue
                if self.excepted(rule, text, start, end):
                    continue
                at_start = view.seg.is_sentence_start(start)
                fixes = [keep_case(matched, c, at_start) for c in cands]
                if fixes[0] == matched and len(fixes) == 1:
                    continue
                if len(fixes) > 1:
                    msg = f"{rule.message} (candidates: {', '.join(repr(f) for f in fixes)})"
                    yield self.edit(rule, view, start, end, fixes[0], applicability=Applicability.DISPLAY, message=msg)
                else:
                    yield self.edit(rule, view, start, end, fixes[0])
                break
