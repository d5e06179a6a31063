"""``substitution``: known wrong phrases and their replacements, found with Aho-Corasick.

All entries of all substitution rules go into one automaton (pyahocorasick), so the cost
per segment barely grows with the number of entries. Matching is case-insensitive and
treats ’ and ' alike; hits must start and end at word boundaries. Overlapping hits are all
proposed and the engine keeps one by the overlap priority of :mod:`repair.edits` (a safe
fix first, then the longer phrase), so a safe fix is never hidden by a longer unsafe one. An entry with several candidate replacements is
reported with its candidates and never applied unattended (after codespell's rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import ahocorasick

from repair.edits import Applicability, Edit
from repair.rules.blocks import Block
from repair.rules.kinds.base import KindDoc, Matcher, Problem, SegmentView, is_word_char
from repair.rules.kinds.casing import keep_case
from repair.rules.regexes import exceptions_pattern
from repair.rules.schema import REPLACEMENT


def _fold(phrase: str) -> str:
    return phrase.replace("’", "'").lower()


class SubstitutionMatcher(Matcher):
    """Phrase -> replacement rules, all in one automaton."""

    kind = "substitution"

    keys = {
        "entries": {"type": "object", "minProperties": 1, "additionalProperties": REPLACEMENT},
        "case_sensitive": {"type": "boolean"},
    }
    required = ("entries",)
    doc = KindDoc(
        finds='Known wrong phrases (calques such as "safety production" for 安全生产), each replaced by '
        "the phrase the pack gives. Matching ignores case and treats ’ and ' alike, at word boundaries; "
        'the replacement takes the case of the text it replaces ("Safety production" -> '
        '"Work safety", "NEW CROWN" -> "COVID-19").',
        keys={
            "entries": "phrase -> replacement, or phrase -> a list of candidate replacements (shown to a "
            "person, never applied)",
            "case_sensitive": "match the phrases only as written (default: in any case)",
        },
        fixes="The rule's own tier: a phrase that is wrong wherever it stands may be safe. An entry with "
        "several candidates is display only, since the fix cannot know which one is meant (after "
        "codespell). The loader refuses a replacement that is itself an entry, or that holds its "
        "phrase and more (every fix would be fixed again).",
        example="""\
id: house/term/teleconference
kind: substitution
category: terminology/wrong-term
severity: minor
applicability: unsafe
message: "电视电话会议 is a teleconference"
entries:
  TV and telephone conference: teleconference
examples:
  - bad: "A TV and telephone conference was held."
    fixed: "A teleconference was held."
    unsafe: true
  - good: "A teleconference was held."
""",
    )

    @classmethod
    def validate_rule(cls, raw):
        """No empty phrase, no entry whose replacement is another entry (chained fixes), and no
        replacement that holds its phrase and more ("production" -> "production production":
        every fix would be fixed again); a change of case only settles, and so does a phrase an
        exception covers inside its replacement."""
        entries = raw["entries"]
        keys = {k.lower() for k in entries}
        exceptions = raw.get("exceptions")
        excepting = re.compile(exceptions_pattern(exceptions), re.IGNORECASE) if exceptions else None
        for k, v in entries.items():
            if not k.strip():
                yield Problem("an empty phrase in 'entries'", ("entries", k))
                return
            for cand in [v] if isinstance(v, str) else v:
                if cand.lower() in keys and cand.lower() != k.lower():
                    yield Problem(f"entry '{k}' corrects to '{cand}', itself an entry", ("entries", k))
                    return
                span = _has_phrase(cand, k, bool(raw.get("case_sensitive")))
                if (
                    span
                    and span != (0, len(cand))
                    and not (
                        excepting and any(m.start() <= span[0] and m.end() >= span[1] for m in excepting.finditer(cand))
                    )
                ):
                    yield Problem(
                        f"entry '{k}' -> '{cand}': the replacement holds the phrase again, "
                        "so each fix would be fixed again",
                        ("entries", k),
                    )
                    return

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


def _has_phrase(text: str, phrase: str, case_sensitive: bool) -> tuple[int, int] | None:
    """The first span of ``phrase`` in ``text`` between word boundaries, as the matcher finds
    it (case-insensitive unless ``case_sensitive``; ’ and ' alike), or ``None``."""
    fold = (lambda t: t.replace("’", "'")) if case_sensitive else (lambda t: t.replace("’", "'").lower())
    hay, needle = fold(text), fold(phrase)
    pos = hay.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        if not (pos and is_word_char(hay[pos - 1])) and not (end < len(hay) and is_word_char(hay[end])):
            return pos, end
        pos = hay.find(needle, pos + 1)
    return None
