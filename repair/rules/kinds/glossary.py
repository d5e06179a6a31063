"""``glossary``: a source term is present but none of its approved target terms is.

The rule's ``terms`` map a source term to one approved target term or a list of them (a
``--glossary`` file becomes such a rule: :mod:`repair.glossary`). A source term with CJK
characters is found as a substring; any other as a whole word, ignoring case. Target terms
are found ignoring case and inflection: both sides are compared word by word after a crude
English stemming (plural -s/-es/-ies, -ed, -ing, possessive 's), so "policies" matches
"policy" and "Belt and Road initiatives" matches "Belt and Road Initiative"; for a Chinese
term also with lemmas and in another order (:func:`repair.zhterms.rendered`). A finding over
a Chinese term points at the target's literal rendering of it, found through CC-CEDICT
(:func:`repair.zhterms.locate_literal`: "revival of villages" for 乡村振兴), and proposes the
first approved term (display); when nothing in the target renders the term (or the term is
not Chinese), it is a zero-width edit at the end of the target naming the term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from repair.align_zh import _WORD, stem
from repair.edits import Edit
from repair.rules.kinds.base import KindDoc, Problem, SegmentView
from repair.rules.kinds.source import HAN, SourceMatcher
from repair.rules.schema import REPLACEMENT


def stems(text: str) -> list[str]:
    """The stems of the words of ``text``, in order."""
    return [stem(w) for w in _WORD.findall(text)]


def contains(haystack: list[str], needle: list[str]) -> bool:
    """Whether ``needle`` occurs as a contiguous run of ``haystack``."""
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


class GlossaryMatcher(SourceMatcher):
    """Glossary terms whose approved rendering is missing."""

    kind = "glossary"
    any_language = True  # a user's glossary may be de-en or en-fr: its terms say which language it reads

    keys = {"terms": {"type": "object", "minProperties": 1, "additionalProperties": REPLACEMENT}}
    required = ("terms",)
    doc = KindDoc(
        finds="A source term present while none of its approved target terms is (`--glossary` files become "
        "such rules). A source term in CJK script is found as a substring, any other as a whole word in "
        'any case; target terms are found ignoring case and inflection ("policies" matches '
        '"policy").',
        keys={"terms": "source term -> its approved target term, or a list of them"},
        fixes="Display: over the target's literal rendering of a Chinese term (CC-CEDICT glosses of its words), "
        "proposing the first approved term; else a zero-width mark at the end of the target naming the term, "
        "which changes nothing whatever the tier. Packs give display.",
        example="""\
id: house/glossary/belt-and-road
kind: glossary
category: terminology/wrong-term
severity: minor
applicability: display
message: "the glossary's term is not used"
terms:
  一带一路: Belt and Road Initiative
examples:
  - bad: "The One Belt One Road plan grew."
    source: "一带一路倡议发展了。"
    flagged: "One Belt One Road"
  - good: "The Belt and Road initiatives grew."
    source: "一带一路倡议发展了。"
""",
    )

    @classmethod
    def validate_rule(cls, raw):
        """No empty source term."""
        for k in raw["terms"]:
            if not k.strip():
                yield Problem("an empty term in 'terms'", ("terms", k))
                return

    def __init__(self, rules):
        super().__init__(rules)
        self._terms = []
        for r in self.rules:
            entries = []
            for src, tgts in r.params["terms"].items():
                tgts = [tgts] if isinstance(tgts, str) else list(tgts)
                finder = None if HAN.search(src) else re.compile(rf"(?<!\w){re.escape(src)}(?!\w)", re.IGNORECASE)
                entries.append((src, finder, tgts, [stems(t) for t in tgts]))
            self._terms.append((r, entries))

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        target = None
        for rule, entries in self._terms:
            for src, finder, tgts, tgt_stems in entries:
                if (src not in source) if finder is None else not finder.search(source):
                    continue
                target = stems(view.text) if target is None else target
                if any(contains(target, t) for t in tgt_stems):
                    continue
                shown = " or ".join(repr(t) for t in tgts)
                span = None
                if finder is None:  # a Chinese term: the target's literal rendering of it
                    from repair.align_zh import approved_words, locate_literal, rendered, target_words

                    words = target_words(view.text)
                    if any(rendered(words, t) for t in tgts):
                        continue
                    span = locate_literal(words, src, approved_words(tgts))
                if span is None:
                    yield self.flag_segment(
                        rule, view, f"{rule.message}: {src!r} is {shown}; nothing in the target renders it"
                    )
                else:
                    start, end = span
                    original = view.text[start:end]
                    msg = f"{rule.message}: {src!r} is {shown}, not {original!r}"
                    yield self.edit(rule, view, start, end, tgts[0], message=msg)
