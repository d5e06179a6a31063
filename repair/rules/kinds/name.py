"""``name``: a person introduced in full, later called by the given name alone.

Chinese names are written surname first ("Xi Jinping"); MT sometimes drops the surname
on a later mention ("Jinping's important instructions"), which English never does. The rule
lists the surnames it knows; after a full mention "<Surname> <Given>", a later lone
"<Given>" becomes "<Surname> <Given>". Left alone: the surname alone ("Xi's"), Western
names ("Smith's"), a given name that is also an English word or shorter than
``min_given_length`` ("Liu He" ... "He said"), a given name shared by two people, and a
word followed by another capitalised word (the singer "Jike Junyi" after the player
"Zhang Jike"), and a word that the document uses alone more than twice as often as after the
surname (a name of its own:
MT once wrote 富宁夏 as "Fu Ningxia" in an article that says "Ningxia" throughout).

Only the possessive ("Jinping's"), where MT truncation is the usual cause, gets the rule's
own fix tier; any other lone mention is an unsafe fix, since it may be another person
whose surname happens to equal the given name (WMT21 ref.A.en: "Zhang Jike" and the singer
Jike Junyi, 吉克隽逸, called "Jike").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from repair.document import Document
from repair.edits import Applicability, Edit
from repair.lexicon import is_english_word
from repair.rules.kinds.base import Matcher, SegmentView, is_name_char, weaker, word_before
from repair.steps import Steps, run_steps

#: Segments looked through per step of :meth:`NameMatcher.state_steps` (about 2 ms).
STATE_STEP = 1000

_NAME_AFTER = re.compile(r"[ \u00a0][A-Z][a-z]")


class NameMatcher(Matcher):
    """Given names used without the surname after a full mention."""

    kind = "name"

    def __init__(self, rules):
        super().__init__(rules)
        self._surnames = {s: r for r in self.rules for s in r.params["surnames"]}
        # "<Surname> <Given>": the surnames first (the regex engine scans for their letters),
        # the given name in a look-ahead so that "Mr Xi Jinping" still yields "Xi Jinping"
        alts = "|".join(sorted(map(re.escape, self._surnames), key=len, reverse=True))
        self._full = re.compile(rf"({alts})[ \u00a0](?=([A-Z][a-z]+(?:-[a-z]+)?)(?![\w-]))") if alts else None

    def prepare(self, doc: Document) -> tuple[dict, re.Pattern[str]] | None:
        """The names introduced in full: ``({given: (surname, rule, segment, end of first full
        mention)}, regex finding the given names)``, or ``None`` when there are none."""
        return run_steps(self.state_steps(doc, None))

    def state_steps(self, doc: Document, previous: Any | None) -> Steps[tuple[dict, re.Pattern[str]] | None]:
        """:meth:`prepare` in steps of :data:`STATE_STEP` segments (the state has nothing to
        reuse from ``previous``)."""
        found: dict[str, tuple] = {}
        full: Counter[str] = Counter()
        ambiguous: set[str] = set()
        for n, seg in enumerate(doc.segments, 1):
            if n % STATE_STEP == 0:
                yield f"names introduced in full ({n}/{len(doc.segments)} segments)"
            if seg.skip:
                continue
            if self._full is None:
                break
            for m in self._full.finditer(seg.text):
                if m.start() and is_name_char(seg.text[m.start() - 1]):
                    continue
                surname, given = m.group(1), m.group(2)
                rule = self._surnames.get(surname)
                if rule is None or given in self._surnames:
                    continue
                if len(given) < rule.params.get("min_given_length", 3) or is_english_word(given):
                    continue
                full[given] += 1
                prev = found.get(given)
                if prev and prev[0] != surname:
                    ambiguous.add(given)
                elif not prev:
                    found[given] = (surname, rule, seg.index, m.end() + len(given))
        names = {g: v for g, v in found.items() if g not in ambiguous}
        if not names:
            return None
        alts = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
        # (no look-behind in front: the regex engine then scans for the names' letters, ~8x
        # faster; the character before a hit is checked by hand)
        regex = re.compile(rf"({alts})(['’]s)?(?![\w'’-])")
        # a word used alone more than twice as often as in the "full name" is a name of its own
        # (a place, "Ningxia", after MT wrote 富宁夏 as "Fu Ningxia"), not a truncated one
        joined = "\n".join(seg.text for seg in doc.segments)
        total = Counter(m.group(1) for m in regex.finditer(joined) if not (m.start() and is_name_char(joined[m.start() - 1])))
        names = {g: v for g, v in names.items() if total[g] - full[g] <= 2 * full[g]}
        return (names, regex) if names else None

    def context_key(self, state: Any) -> Any:
        """The names introduced in full and the segment of their first mention (offsets move
        with every fix before them, which changes no finding elsewhere)."""
        return None if not state else tuple(sorted((g, v[0], v[2]) for g, v in state[0].items()))

    @staticmethod
    def _name_part_before(view: SegmentView, start: int, surname: str) -> bool:
        """Whether the word at ``start`` follows its surname, in any case ("zhang Xiaoliang":
        adding the surname again would double it), or another capitalised name part ("Peng
        Liyuan"); a capitalised word that only starts the sentence ("Then Keqiang's") is none."""
        prev = word_before(view.text, start)
        if not prev or view.text[prev[0] + len(prev[1]):start] not in (" ", "\u00a0"):
            return False
        return prev[1].lower() == surname.lower() or (prev[1][:1].isupper() and not view.seg.is_sentence_start(prev[0]))

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        if not state:
            return
        names, regex = state
        text = view.text
        for m in regex.finditer(text):
            given, start = m.group(1), m.start()
            if start and is_name_char(text[start - 1]) or given not in names:
                continue  # inside a word, or a word the document mostly uses alone (see prepare)
            if _NAME_AFTER.match(text, m.end()):
                continue  # followed by another capitalised word: "Jike Junyi" (吉克隽逸) is someone else
            surname, rule, seg_index, first_end = names[given]
            if (view.seg.index, start) < (seg_index, first_end) or self._name_part_before(view, start, surname):
                continue
            tier = rule.applicability if m.group(2) else weaker(rule.applicability, Applicability.UNSAFE)
            yield self.edit(rule, view, start, start + len(given), f"{surname} {given}", applicability=tier,
                            message=f"{rule.message}: '{surname} {given}' was named in full earlier")
