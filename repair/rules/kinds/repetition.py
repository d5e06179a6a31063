"""``repetition``: a word written twice in a row ("the the").

A rule with ``words`` covers only those words (so a pack can make "the the" safe while
other doublings stay unsafe); a rule without covers every word but its ``exceptions``
("had had", "that that"). The fix deletes the second occurrence and the space before it.
"""

from __future__ import annotations

import operator
import re
from typing import Any, Iterable

from repair.edits import Edit
from repair.rules.kinds.base import Matcher, SegmentView

_PUNCTUATION = re.compile(r"[^\w\s'-]")
_DOUBLE = re.compile(r"(?<![\w'’-])([^\W\d_][\w]*)([ \t]+)(\1)(?![\w'’-])", re.IGNORECASE)


class RepetitionMatcher(Matcher):
    """Doubled words."""

    kind = "repetition"

    def __init__(self, rules):
        super().__init__(rules)
        self._specific = {w.lower(): r for r in self.rules for w in r.params.get("words", ())}
        self._generic = [r for r in self.rules if not r.params.get("words")]

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        # cheap pre-filter, a superset of what the back-reference regex finds: two equal words
        # in a row once punctuation is blanked (lower case, ’ as ')
        words = _PUNCTUATION.sub(" ", view.folded).split()
        if not any(map(operator.eq, words, words[1:])):
            return
        text = view.text
        for m in _DOUBLE.finditer(text):
            word = m.group(1).lower()
            candidates = [self._specific[word]] if word in self._specific else self._generic
            for rule in candidates:
                if not self.excepted(rule, text, m.start(), m.end()):
                    yield self.edit(rule, view, m.end(1), m.end(3), "")
                    break
