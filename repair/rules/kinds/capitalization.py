"""``capitalization``: a capitalised common word in mid-sentence (", Strengthen the ...").

A word is flagged only when all of these hold:
- it is Capitalised (not an acronym or CamelCase) and not at a sentence start, nor right
  after a quote, bracket, colon, dash or slash (datelines: "July 26 (Xinhua) According");
- it is not one of the rule's ``exceptions`` (titles and institutions that house styles
  capitalise: "Party member", "the Premier");
- its lower-case form is a common English word that the word list never capitalises
  (:func:`repair.lexicon.common_words`), so names, months and places are never touched;
- it is not part of a multi-word name: no capitalised neighbour, also across connectors
  ("Chairman of the Central Military Commission");
- it does not follow a word in ``skip_after_words`` ("the Party", "the State");
- the segment is not a headline (at least half of four or more words capitalised);
- the document does not capitalise the same word in mid-sentence elsewhere while never
  writing it in lower case (a house style, not an error).

Fix tier by context: after ``safe_after`` punctuation (a comma: MT broke a sentence there)
following a clause of at least three words, the rule's own tier (after a shorter clause it
is more often a form of address or a title, "Ding Dong! Hello, Teacher" in WMT21 ref.A.en:
display only); after anything else, a semicolon (where a full stop may be meant) or a
word: unsafe; before punctuation that ends a clause ("to ensure that
Effectiveness;") display only, since the sentence around it is garbled.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from repair.document import Document, Segment
from repair.edits import Applicability, Edit
from repair.lexicon import NAME_CONNECTORS, common_words
from repair.rules.kinds.base import Matcher, SegmentView, is_name_char, weaker, word_before
from repair.steps import Steps, run_steps

#: Segments whose candidates :meth:`CapitalizationMatcher.state_steps` finds per step.
STATE_STEP = 250

_CLAUSE_END = ";:.,!?)"
#: A Capitalised word (not an acronym or CamelCase) after a word, a comma or a semicolon and
#: blanks: the only places a mid-sentence capital is looked for. Consuming the character before
#: it skips the second of two adjacent capitalised words, which is part of a name anyway.
_CAPITALISED = re.compile(r"[\w,;][ \t]+([A-Z][a-z]+)")
_WORD_AFTER = re.compile(r"([ \t]*)([\w'’-]+)")


def _written_lower(text: str, word: str) -> bool:
    """Whether ``word`` (lower case) stands as a word of its own in ``text``. The pattern
    begins with the word itself, so the regex engine scans for it as a literal."""
    for m in re.finditer(re.escape(word) + r"(?![\w'’-])", text):
        if not m.start() or not is_name_char(text[m.start() - 1]):
            return True
    return False


class CapitalizationMatcher(Matcher):
    """Capitals in mid-sentence that are no proper noun or acronym."""

    kind = "capitalization"

    def __init__(self, rules):
        super().__init__(rules)
        self._common = common_words()
        # several capitalization rules would all flag the same words: the first one decides
        self._rule = self.rules[0] if self.rules else None
        params = self._rule.params if self._rule else {}
        self._safe_after = tuple(params.get("safe_after", [","]))
        self._skip_after = frozenset(w.lower() for w in params.get("skip_after_words", ["the"]))

    @staticmethod
    def _headline(text: str) -> bool:
        """At least four words and as many capitals at word starts (after a space, hyphen or
        full stop: "U.S.-China" counts three) as half the words: a title, left alone."""
        words = len(text.split())
        if words < 4:
            return False
        parts = text.replace("-", " ").replace(".", " ").split()
        return 2 * sum(1 for w in parts if w[:1].isupper()) >= words

    def _candidates(self, seg: Segment):
        """Yield ``(start, end, core)`` for capitalised common words in mid-sentence, outside names.

        ``end`` includes a possessive 's; ``core`` is the word without it.
        """
        text = seg.text
        n = len(text)
        headline = None
        for m in _CAPITALISED.finditer(text):
            start, end = m.span(1)
            core = m.group(1)
            if core.lower() not in self._common:
                continue
            if start and is_name_char(text[start - 1]):
                continue
            if end < n and text[end] in "'’" and text[end + 1:end + 2] == "s":
                end += 2
            if end < n and is_name_char(text[end]):
                continue
            # the regex put a word, comma or semicolon and blanks before it: no sentence start
            # (but the start of a Markdown line's prose), no quote, bracket or dash
            if start <= seg.content_start or self._in_name(text, start, end):
                continue
            if headline is None:
                headline = self._headline(text)
            if headline:
                return
            yield start, end, core

    @staticmethod
    def _in_name(text: str, start: int, end: int) -> bool:
        """A capitalised neighbour in the same clause, directly or across connectors ("Chairman of the Central ...")."""
        pos = start
        while True:
            w = word_before(text, pos)
            if not w or not w[2]:
                break
            if w[1][:1].isupper():
                return True
            if w[1].lower() not in NAME_CONNECTORS:
                break
            pos = w[0]
        pos = end
        while True:
            m = _WORD_AFTER.match(text, pos)
            if not m or not m.group(1):
                break
            if m.group(2)[:1].isupper():
                return True
            if m.group(2).lower() not in NAME_CONNECTORS:
                break
            pos = m.end()
        return False

    @staticmethod
    def _clause_words(text: str, view: SegmentView, start: int) -> int:
        """Words between the sentence start and ``start`` (counted up to 3)."""
        count, pos = 0, start
        while count < 3 and pos > 0:
            while pos > 0 and not is_name_char(text[pos - 1]):
                pos -= 1
            w = word_before(text, pos)
            if not w:
                break
            count += 1
            if view.seg.is_sentence_start(w[0]):
                break
            pos = w[0]
        return count

    def prepare(self, doc: Document) -> tuple[set[str], dict[int, tuple[str, list]]]:
        """``(styled, candidates)``: words the document capitalises in mid-sentence at least twice
        and never writes in lower case (a house style, left alone), and the candidates of each
        segment with the text they were found in (found once here, reused by :meth:`find`)."""
        return self.refresh(doc, None)

    def context_key(self, state: Any) -> frozenset[str]:
        """The house-style words: when they change, another segment's capital may become a finding."""
        return frozenset(state[0])

    def refresh(self, doc: Document, previous: Any) -> tuple[set[str], dict[int, tuple[str, list]]]:
        """As :meth:`prepare`, reusing the candidates of segments whose text is unchanged."""
        return run_steps(self.state_steps(doc, previous))

    def state_steps(self, doc: Document, previous: Any | None) -> Steps[tuple[set[str], dict[int, tuple[str, list]]]]:
        """:meth:`refresh` in steps of :data:`STATE_STEP` segments (about 2 ms)."""
        before = previous[1] if previous else {}
        capital: Counter[str] = Counter()
        candidates: dict[int, list] = {}
        for n, seg in enumerate(doc.segments, 1):
            if not seg.skip:
                cached = before.get(seg.index)
                found = cached[1] if cached and cached[0] == seg.text else list(self._candidates(seg))
                candidates[seg.index] = (seg.text, found)
                for _, _, core in found:
                    capital[core.lower()] += 1
            if n % STATE_STEP == 0:
                yield f"capitals in mid-sentence ({n}/{len(doc.segments)} segments)"
        repeated = {w for w, n in capital.items() if n >= 2}
        if not repeated:
            return set(), candidates
        joined = "\n".join(s.text for s in doc.segments)
        return {w for w in repeated if not _written_lower(joined, w)}, candidates

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        rule = self._rule
        if rule is None:
            return
        text = view.text
        n = len(text)
        styled, candidates = state
        cached = candidates.get(view.seg.index)
        found = cached[1] if cached and cached[0] == text else self._candidates(view.seg)
        for start, end, core in found:
            if core.lower() in styled or self.excepted(rule, text, start, start + len(core)):
                continue
            before = text[max(0, start - 64):start].rstrip()
            prev = word_before(text, start)
            if prev and prev[1].lower() in self._skip_after:
                continue
            nxt = end
            while nxt < n and text[nxt].isspace():  # a bounded look ahead, not a copy of the rest
                nxt += 1
            if nxt == n or text[nxt] in _CLAUSE_END:
                msg = f"{rule.message}; the clause around it looks garbled: rewrite by hand"
                yield self.edit(rule, view, start, start + len(core), core, applicability=Applicability.DISPLAY, message=msg)
                continue
            if before.endswith(self._safe_after):
                if self._clause_words(text, view, start) < 3:
                    msg = f"{rule.message}; after a short clause it may be a form of address or a title"
                    yield self.edit(rule, view, start, start + len(core), core, applicability=Applicability.DISPLAY, message=msg)
                    continue
                tier = rule.applicability
            else:
                # after a semicolon (a full stop may be meant) or a word: a person should look
                tier = weaker(rule.applicability, Applicability.UNSAFE)
            yield self.edit(rule, view, start, start + 1, core[0].lower(), applicability=tier)
