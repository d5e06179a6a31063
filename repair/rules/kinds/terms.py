"""``terms``: a term of the Chinese source from a term list whose approved English rendering is
absent from the target.

The rule's ``list`` names a term list (:mod:`repair.zhterms`): a file shipped in
``repair/data`` (``zh-en-terms.tsv``) or a path relative to the pack. A term whose source
occurs in the segment's source (a substring; a term of three characters or fewer must also
start or end where rjieba cuts the source) and whose ``use`` is ``flag`` is checked. When no
rendering of it is in the target (:func:`repair.zhterms.rendered`: word by word, case and
inflection ignored, or its content words in another order nearby: "alleviate poverty" for
"poverty alleviation"), the finding points at a listed calque when the target has one ("safety
production"), else at the target's word-for-word rendering found through CC-CEDICT glosses and
the pinyin of the term's parts ("two national meetings" for 两会, "Xinguan pneumonia" for
新冠肺炎: :func:`repair.zhterms.locate_literal`), and proposes the first approved rendering
(display). When nothing in the target renders the term (the translator left it out or wrote
something the dictionary does not know), the finding is zero-width at the end of the target
and says so, unless the rule says ``missing: false`` (the shipped rule does: such findings
were mostly paraphrases on the references, see docs/source-checks.md). Its message names the
source term, the rendering, the target's words and where the rendering comes from. A longer
term of the list that the target renders, or whose literal rendering is found, hides the
shorter ones inside it (新冠 inside 新冠肺炎 is looked for when nothing renders 新冠肺炎).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from repair.edits import Edit
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import HAN, SourceMatcher


class TermsMatcher(SourceMatcher):
    """Source terms whose approved rendering is missing."""

    kind = "terms"
    keys = {"list": {"type": "string", "minLength": 1}, "missing": {"type": "boolean"}}
    required = ("list",)
    doc = KindDoc(
        finds="a term of the Chinese source listed in a term list (source, target, calques, use, reference) "
        "whose approved rendering is not in the target; it points at a listed calque, else at the target's "
        "literal rendering found through CC-CEDICT glosses and pinyin of the term's parts, else (unless "
        "`missing: false`) it is a zero-width finding at the end of the target",
        keys={
            "list": "a term list: a file in repair/data (zh-en-terms.tsv) or a path relative to the pack",
            "missing": "report a term nothing in the target renders, zero-width at the end (default true)",
        },
        fixes="display: the finding over the literal rendering proposes the approved rendering (it must fit "
        "the sentence, so a person applies it); a missing term's message names it",
        example="""\
id: house/terms
kind: terms
list: zh-en-terms.tsv
category: terminology/wrong-term
severity: major
applicability: display
message: "an official term is not rendered as usual"
examples:
  - bad: "The two meetings opened."
    source: "两会开幕。"
    flagged: "two meetings"
  - good: "The two sessions opened."
    source: "两会开幕。"
""",
    )

    def __init__(self, rules):
        """Reads every rule's term list (small files; no dictionary is loaded).

        Raises:
            InputError: ``file:line: cause`` for a malformed line of a term list.
        """
        super().__init__(rules)
        from repair.zhterms import load_term_list

        self._lists = {
            r.id: sorted(
                (t for t in load_term_list(r.params["list"], r.path) if t.use == "flag"), key=lambda t: -len(t.source)
            )
            for r in self.rules
        }
        self._found: dict[tuple[str, str], tuple] = {}

    def _in_source(self, rule_id: str, source: str) -> tuple:
        """The terms of rule ``rule_id``'s list that ``source`` holds, longest first, each with
        the longer ones found that hold it (``(term, sources of the longer terms)``); read once
        per source text."""
        key = (rule_id, source)
        found = self._found.get(key)
        if found is None:
            seen: list[str] = []
            terms = []
            for term in self._lists[rule_id]:
                if term.source not in source:
                    continue
                if len(term.source) <= 3 and not _a_word_of(term.source, source):
                    continue
                terms.append((term, tuple(s for s in seen if term.source in s)))
                seen.append(term.source)
            if len(self._found) >= 4096:
                self._found.clear()
            found = self._found[key] = tuple(terms)
        return found

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        if not HAN.search(source):
            return
        from repair.align_zh import find_phrase, locate_literal, rendered, target_words

        words = None
        for rule in self.rules:
            done: set[str] = set()  # terms rendered or reported: the shorter ones inside them are not checked
            for term, longer in self._in_source(rule.id, source):
                if any(s in done for s in longer):
                    done.add(term.source)
                    continue
                words = target_words(view.text) if words is None else words
                if any(rendered(words, t) for t in term.targets):
                    done.add(term.source)
                    continue
                for edit in term_finding(self, rule, view, words, term, find_phrase, locate_literal):
                    if edit.end > edit.start:
                        done.add(term.source)
                    yield edit


def _a_word_of(term: str, source: str) -> bool:
    """Whether a short ``term`` occurs in ``source`` as words of it, not across two: some
    occurrence starts or ends where rjieba cuts the source (高考 in 参加高考, not in 提高考试,
    cut 提高 考试; 人社 not in 个人社保)."""
    from repair.zhsource import cut

    bounds = {0}
    pos = 0
    for w in cut(source):
        pos += len(w)
        bounds.add(pos)
    i = source.find(term)
    while i >= 0:
        if i in bounds or i + len(term) in bounds:
            return True
        i = source.find(term, i + 1)
    return False


def term_finding(matcher, rule, view: SegmentView, words, term, find_phrase, locate_literal) -> Iterable[Edit]:
    """The finding for ``term`` (a :class:`repair.zhterms.Term`) whose renderings the target
    lacks: over a listed calque or the literal rendering, proposing ``term.targets[0]`` (its
    capital kept when the literal starts a sentence with one); else, unless the rule says
    ``missing: false``, a zero-width finding at the end of the target. The literal rendering
    may join approved words (:func:`repair.align_zh.approved_words`: "Health And Wellness
    Commission" for 卫健委)."""
    from repair.align_zh import approved_words

    span = next((sp for c in term.calques if (sp := find_phrase(words, c))), None) or locate_literal(
        words, term.source, approved_words(term.targets)
    )
    where = f" ({term.reference})" if term.reference else ""
    want = term.targets[0]
    if span:
        start, end = span
        original = view.text[start:end]
        repl = want[:1].upper() + want[1:] if original[:1].isupper() and want[:1].islower() and start == 0 else want
        msg = f"{rule.message}: source {term.source} is {want!r}, not {original!r}{where}"
        yield matcher.edit(rule, view, start, end, repl, message=msg)
    elif rule.params.get("missing", True):
        end = len(view.text)
        msg = f"{rule.message}: source {term.source} is {want!r}{where}; nothing in the target renders it"
        yield matcher.edit(rule, view, end, end, "", message=msg)
