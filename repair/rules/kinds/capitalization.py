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
- it does not follow a word in ``skip_after_words`` ("the Party", "the State") or a word
  that gives a name ("called Obsidian", "named", "titled", "dubbed");
- it is no possessive ("Macron’s"), no part of a numbered designation ("Article 37", "Phase
  II", "1992 Consensus") and not inside a short quotation (a title: "Make a Home");
- the segment is not a headline (at least half of four or more words capitalised);
- the document part (an article, see :attr:`repair.document.Segment.part`) does not write
  the word inside a multi-word name elsewhere ("Wind Information" ... "Wind"), nor
  capitalise it in mid-sentence at least twice and at least as often as in lower case (a
  house style, not an error; never a function word: "; There" twice is MT's).

Fix tier by context: after ``safe_after`` punctuation (a comma: MT broke a sentence there)
following a clause of at least three words, the rule's own tier (after a shorter clause it
is more often a form of address or a title, "Ding Dong! Hello, Teacher" in WMT21 ref.A.en:
display only); after anything else, a semicolon (where a full stop may be meant) or a
word: unsafe; before punctuation that ends a clause ("to ensure that
Effectiveness;") display only, since the sentence around it is garbled.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from repair import compiled
from repair.document import Document, Segment
from repair.edits import Applicability, Edit, weaker
from repair.lexicon import FUNCTION_WORDS, NAME_CONNECTORS, common_words
from repair.rules.blocks import Block
from repair.rules.kinds.base import KindDoc, Matcher, SegmentView, is_name_char, word_before
from repair.rules.schema import STR_LIST
from repair.steps import Steps, run_steps

#: Segments whose candidates :meth:`CapitalizationMatcher.state_steps` finds per step.
STATE_STEP = 250

_CLAUSE_END = ";:.,!?)"
#: The candidates and the name words of a segment with none (shared: never changed).
_NONE_FOUND: tuple[tuple[int, int, str], ...] = ()
_NONE_NAMED: frozenset[str] = frozenset()
#: A Capitalised word (not an acronym or CamelCase) after a word, a comma or a semicolon and
#: blanks: the only places a mid-sentence capital is looked for. Consuming the character before
#: it skips the second of two adjacent capitalised words, which is part of a name anyway.
_CAPITALISED = re.compile(r"[\w,;][ \t]+([A-Z][a-z]+)")
_WORD_AFTER = re.compile(r"([ \t]*[\"“‘«]?)([\w'’-]+)")
#: A number or a Roman numeral of two or more letters (or "I" after a word such as "Phase").
#: Words after which a capitalised word is a name being given ("It is called Obsidian").
_NAMING = frozenset({"called", "named", "titled", "entitled", "dubbed", "nicknamed", "codenamed"})
_NOT_DESIGNATIONS = FUNCTION_WORDS | {"about", "around", "nearly", "almost", "approximately", "roughly", "only", "just"}
_DESIGNATION = re.compile(r"[ \t\u00a0]+(?:No\.?\s*)?(?:\d|[IVXLC]+(?![\w'’-]))")
#: A quotation of at most 12 words (a title, a slogan): straight, curly, or Chinese title marks.
_QUOTED = re.compile(r"\"[^\"]{1,120}\"|“[^“”]{1,120}”|‘[^‘’]{1,120}’|《[^《》]{1,120}》|«[^«»]{1,120}»")


def _numbered(text: str, start: int, end: int) -> bool:
    """Whether the word ``text[start:end]`` is part of a numbered designation: a number or a
    Roman numeral follows it ("Article 37", "Phase II"; not a function word or an adverb of
    quantity: "About 240"), or the token before it holds a digit ("1992 Consensus", "No.1
    Farm", "July 26th According")."""
    if _DESIGNATION.match(text, end) and text[start:end].lower() not in _NOT_DESIGNATIONS:
        return True
    prev = word_before(text, start)
    if prev is not None:
        return any(map(str.isdigit, prev[1]))
    # a token such as "No.1" ends in a digit after punctuation that word_before stops at
    i = start
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    return i > 0 and text[i - 1].isdigit()


#: A blank and a capitalised word: where a match of :data:`_CAPITALISED` can end (a space
#: first, a literal the regex engine scans for quickly; a text with tabs takes the slower scan).
_SITE = re.compile(r" ([A-Z][a-z]+)")
_SITE_TAB = re.compile(r"[ \t]([A-Z][a-z]+)")


class CommonCapitals:
    """Which capitalised words are in a set of common words (lower-cased), each word looked up
    once: the words seen so far and those of them that are common, kept as two sets so that
    the words of a text are sorted out with set operations (names repeat: most are seen before).

    Args:
        common: the common words, lower case.
    """

    __slots__ = ("common", "seen", "capitals")

    def __init__(self, common: frozenset[str]) -> None:
        self.common = common
        self.seen: set[str] = set()
        self.capitals: set[str] = set()

    def among(self, words: Iterable[str]) -> set[str]:
        """Those of ``words`` whose lower case is a common word."""
        distinct = set(words)
        new = distinct - self.seen
        if new:  # capitals first: a word in ``seen`` is always sorted (a check on another thread)
            self.capitals.update(w for w in new if w.lower() in self.common)
            self.seen |= new
        return distinct & self.capitals


def common_sites(
    texts: list[str], common: frozenset[str], known: CommonCapitals | None = None
) -> dict[int, list[tuple[int, int, str]]]:
    """The matches of :data:`_CAPITALISED` in each of ``texts`` whose word is in ``common``
    (lower-cased), as ``(start, end, word)`` per text index (texts without any left out): what
    ``[m for m in _CAPITALISED.finditer(text) if m.group(1).lower() in common]`` gives, found
    with one split of the texts joined, the common words picked out all at once.

    A capitalised word behind blanks is a match when a word character, a comma or a
    semicolon stands before the blanks and no match took that character: a match consumes it,
    so a capitalised word right behind a matched one is none ("the Yellow River": "Yellow"
    is a match, "River" is not; "Yellow River" at the start: "River" is one).

    ``known``: the capitalised words of ``common`` found by earlier calls (updated here).

    The compiled scan (:data:`repair.compiled.scan`), when built, gives the same result with a
    pass over each text's characters; the code below is its reference.
    """
    if compiled.scan is not None:
        known = known or CommonCapitals(common)
        return compiled.scan.capital_sites(texts, known.common, known.seen, known.capitals)
    joined = "\n".join(texts)
    tabs = "\t" in joined
    pieces = (_SITE_TAB if tabs else _SITE).split(joined)
    # pieces: [before_0, word_0, before_1, word_1, ..., rest]; one blank between each before and word
    words = pieces[1::2]
    if not words:
        return {}
    # each distinct word lower-cased and looked up once (names repeat: most words are theirs)
    kept = (known or CommonCapitals(common)).among(words)
    if not kept:
        return {}
    befores = pieces[0::2]
    ends = list(itertools.accumulate(len(t) + 1 for t in texts))  # one past each text's end
    blanks = " \t" if tabs else " "
    matched: dict[int, bool] = {}

    def is_match(j: int) -> bool:
        chain = []
        while j not in matched:
            before = befores[j].rstrip(blanks)
            if before:  # the character before the blanks decides
                matched[j] = before[-1].isalnum() or before[-1] in "_,;"
                break
            if j == 0:  # blanks at the very start
                matched[j] = False
                break
            chain.append(j)  # right behind capitalised word j - 1: a match unless that one was
            j -= 1
        result = matched[j]
        for t in reversed(chain):
            result = matched[t] = not result
        return result

    out: dict[int, list[tuple[int, int, str]]] = {}
    k = 0
    done, through = -1, 0  # pieces[: done + 1] are ``through`` characters long
    for j in itertools.compress(range(len(words)), map(kept.__contains__, words)):
        last = befores[j][-1:]
        if not last or last in blanks:
            if not is_match(j):
                continue
        elif not (last.isalnum() or last in "_,;"):
            continue
        through += sum(map(len, pieces[done + 1 : 2 * j + 1]))  # the pieces up to before_j
        done = 2 * j
        s = through + j + 1  # one blank for each word split off before
        while ends[k] <= s:
            k += 1
        base = ends[k] - len(texts[k]) - 1
        out.setdefault(k, []).append((s - base, s - base + len(words[j]), words[j]))
    return out


def _lower_count(text: str, word: str) -> int:
    """How often ``word`` (lower case) stands as a word of its own in ``text``. The pattern
    begins with the word itself, so the regex engine scans for it as a literal."""
    return sum(
        1
        for m in re.finditer(re.escape(word) + r"(?![\w'’-])", text)
        if not m.start() or not is_name_char(text[m.start() - 1])
    )


class CapitalizationMatcher(Matcher):
    """Capitals in mid-sentence that are no proper noun or acronym."""

    kind = "capitalization"

    keys = {"safe_after": STR_LIST, "skip_after_words": STR_LIST}
    doc = KindDoc(
        finds='A capitalised common word in mid-sentence ("supervision, Strengthen the ..."). Never a '
        'name, an acronym, a word of a multi-word name, a numbered designation ("Article 37"), a '
        "word after a quote, bracket, colon or dash, a headline, nor a word the document part "
        "capitalises as a house style.",
        keys={
            "safe_after": 'punctuation after which the rule\'s own tier applies (",": MT broke a sentence there)',
            "skip_after_words": 'words after which a capital is left alone ("the": "the Party")',
        },
        fixes="The rule's own tier after `safe_after` punctuation that follows a clause of three words or "
        "more; unsafe at most after anything else (a semicolon, a word); display only after a shorter "
        'clause (a form of address: "Hello, Teacher") or before punctuation that ends a clause (the '
        "sentence around it is garbled).",
        example="""\
id: house/capitalization/mid-sentence
kind: capitalization
category: fluency/spelling
severity: minor
applicability: safe
message: "a capital letter in mid-sentence on a common word"
safe_after: [","]
skip_after_words: [the]
exceptions: ["Party", "State"]
examples:
  - bad: "It is necessary to strengthen supervision, Strengthen the implementation of responsibility."
    fixed: "It is necessary to strengthen supervision, strengthen the implementation of responsibility."
  - good: "He met the State Council and the Party in April."
""",
    )

    def __init__(self, rules):
        super().__init__(rules)
        self._common = common_words()
        self._known = CommonCapitals(self._common)
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
        return 2 * sum(map(str.isupper, [w[0] for w in parts])) >= words

    def _candidates(self, seg: Segment, named: set[str] | None = None, sites: list[tuple[int, int, str]] | None = None):
        """Yield ``(start, end, core)`` for capitalised common words in mid-sentence, outside names.

        ``end`` includes a possessive 's; ``core`` is the word without it. Kept out (never
        candidates): a possessive ("Macron’s", "United's": names own things), a numbered
        designation (a number or Roman numeral after the word, "Article 37", "Phase II", or
        a token with digits before it, "1992 Consensus", "737 Classic", "No.1 Farm"), a word
        inside a short quotation (a title: "Make a Home", “two Maintenance”), and a word in a
        multi-word name; the words of the last kind but function words are added to ``named``
        (lower case), when given, so that the document part keeps them capitalised elsewhere too.

        ``sites``: the matches of :data:`_CAPITALISED` in the text whose word is common, as
        ``(start, end, word)``, when the caller found them already (:func:`common_sites`).
        """
        text = seg.text
        n = len(text)
        headline = None
        quotes = None
        if sites is None:
            sites = [
                (*m.span(1), m.group(1)) for m in _CAPITALISED.finditer(text) if m.group(1).lower() in self._common
            ]
        for start, end, core in sites:
            if start and is_name_char(text[start - 1]):
                continue
            if end < n and text[end] in "'’" and text[end + 1 : end + 2] == "s":
                continue  # a possessive: a name or a title owns something
            if end < n and is_name_char(text[end]):
                continue
            # the regex put a word, comma or semicolon and blanks before it: no sentence start
            # (but the start of a Markdown line's prose), no quote, bracket or dash
            if start <= seg.content_start:
                continue
            if self._in_name(text, start, end):
                if named is not None and core.lower() not in FUNCTION_WORDS:
                    named.add(core.lower())
                continue
            if _numbered(text, start, end):
                continue
            if quotes is None:  # non-overlapping, in order: the one opening last before the word decides
                quotes = [q.span() for q in _QUOTED.finditer(text)]
            k = bisect.bisect_left(quotes, (start,)) - 1
            if k >= 0 and end < quotes[k][1]:
                continue
            if headline is None:
                headline = self._headline(text)
            if headline:
                return
            yield start, end, core

    @staticmethod
    def _in_name(text: str, start: int, end: int) -> bool:
        """A capitalised neighbour in the same clause, directly or across connectors ("Chairman of the Central ...")."""
        nxt = text[end + 1 : end + 2]
        if "A" <= nxt <= "Z" and text[end] == " ":
            return True  # the common case, a capitalised word right after ("Yellow River"), without a regex
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

    def prepare(self, doc: Document) -> tuple[dict[int, set[str]], dict[int, tuple], dict[int, Counter[str]]]:
        """``(kept, candidates, offered)``: per document part (:attr:`repair.document.Segment.part`),
        the words it keeps capitalised: those it capitalises in mid-sentence at least twice and
        at least as often as it writes them in lower case (a house style), and those it writes
        inside a multi-word name ("Wind" of "Wind Information"); and the candidates of each
        segment with the text they were found in (found once here, reused by :meth:`find`), and
        per part how often each word stands as a candidate."""
        return self.refresh(doc, None)

    def context_key(self, state: Any) -> frozenset[tuple[int, str]]:
        """The kept words of each part that stand as candidates in it: when they change, another
        segment's capital may become a finding (a kept word no segment offers changes nothing)."""
        kept, _, offered = state
        return frozenset((p, w) for p, words in kept.items() for w in words if w in offered.get(p, ()))

    def context_parts(self, new_key: Any, old_key: Any) -> set[int]:
        """The parts whose kept words that stand as candidates differ."""
        return {part for part, _ in new_key ^ old_key}

    def refresh(
        self, doc: Document, previous: Any
    ) -> tuple[dict[int, set[str]], dict[int, tuple], dict[int, Counter[str]]]:
        """As :meth:`prepare`, reusing the candidates of segments whose text is unchanged."""
        return run_steps(self.state_steps(doc, previous))

    def state_steps(
        self, doc: Document, previous: Any | None
    ) -> Steps[tuple[dict[int, set[str]], dict[int, tuple], dict[int, Counter[str]]]]:
        """:meth:`refresh` in steps of :data:`STATE_STEP` segments (a few milliseconds each)."""
        before = previous[1] if previous else {}
        capital: dict[int, Counter[str]] = {}
        kept: dict[int, set[str]] = {}
        candidates: dict[int, tuple] = {}
        by_text: dict[tuple[str, int], tuple] | None = None  # the earlier ones by text: lines added above moved them

        def earlier(seg: Segment) -> tuple | None:
            """The earlier candidates of a segment of the same text and content start, wherever it was."""
            nonlocal by_text
            cached = before.get(seg.index)
            if cached and cached[0] == seg.text and cached[3] == seg.content_start:
                return cached
            if not before:
                return None
            if by_text is None:
                by_text = {(c[0], c[3]): c for c in before.values()}
            return by_text.get((seg.text, seg.content_start))

        segments = doc.segments
        for first in range(0, len(segments), STATE_STEP):
            chunk = segments[first : first + STATE_STEP]
            if before:
                reused = {seg.index: c for seg in chunk if not seg.skip and (c := earlier(seg)) is not None}
                fresh = [seg for seg in chunk if not seg.skip and seg.index not in reused]
            else:  # a first check: nothing to reuse
                reused, fresh = {}, [seg for seg in chunk if not seg.skip]
            sites = common_sites([seg.text for seg in fresh], self._common, self._known) if fresh else {}
            sites_of = {fresh[k].index: v for k, v in sites.items()}
            for seg in chunk:
                if seg.skip:
                    continue
                cached = reused.get(seg.index) if reused else None
                if cached is not None:
                    candidates[seg.index] = cached  # same text and content start: the same entry
                    found, named = cached[1], cached[2]
                    if not found and not named:
                        continue
                else:
                    seg_sites = sites_of.get(seg.index)
                    if seg_sites is None:  # no capitalised common word in mid-sentence at all
                        candidates[seg.index] = (seg.text, _NONE_FOUND, _NONE_NAMED, seg.content_start)
                        continue
                    named = set()
                    found = list(self._candidates(seg, named, seg_sites))
                    candidates[seg.index] = (seg.text, found, named, seg.content_start)
                if found:
                    counts = capital.get(seg.part)
                    if counts is None:
                        counts = capital[seg.part] = Counter()
                    for _, _, core in found:
                        counts[core.lower()] += 1
                if named:
                    kept.setdefault(seg.part, set()).update(named)
            if (first + len(chunk)) % STATE_STEP == 0:
                yield f"capitals in mid-sentence ({first + len(chunk)}/{len(segments)} segments)"
        repeated_in = {
            part: r for part, counts in capital.items() if (r := {w: c for w, c in counts.items() if c >= 2})
        }
        texts: dict[int, list[str]] = {part: [] for part in repeated_in}  # part -> the texts of its segments
        for seg in segments:
            if seg.part in texts:
                texts[seg.part].append(seg.text)
        for part, repeated in repeated_in.items():
            joined = "\n".join(texts[part])
            styled = {w for w, c in repeated.items() if w not in FUNCTION_WORDS and _lower_count(joined, w) <= c}
            if styled:
                kept.setdefault(part, set()).update(styled)
        return kept, candidates, capital

    def may_find(self, block: Block, state: Any) -> set[int]:
        """The segments with candidates (found by :meth:`state_steps`), or not seen by it."""
        if self._rule is None:
            return set()
        candidates = state[1]
        out = set()
        for i, seg in enumerate(block.segments):
            cached = candidates.get(seg.index)
            if cached is None or cached[1] or cached[0] != seg.text:
                out.add(i)
        return out

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        rule = self._rule
        if rule is None:
            return
        text = view.text
        n = len(text)
        kept, candidates, _ = state
        styled = kept.get(view.seg.part, ())
        cached = candidates.get(view.seg.index)
        found = cached[1] if cached and cached[0] == text else self._candidates(view.seg)
        for start, end, core in found:
            if core.lower() in styled or self.excepted(rule, text, start, start + len(core)):
                continue
            before = text[max(0, start - 64) : start].rstrip()
            prev = word_before(text, start)
            if prev and (prev[1].lower() in self._skip_after or prev[1].lower() in _NAMING):
                continue
            nxt = end
            while nxt < n and text[nxt].isspace():  # a bounded look ahead, not a copy of the rest
                nxt += 1
            if nxt == n or text[nxt] in _CLAUSE_END:
                msg = f"{rule.message}; the clause around it looks garbled: rewrite by hand"
                yield self.edit(
                    rule, view, start, start + len(core), core, applicability=Applicability.DISPLAY, message=msg
                )
                continue
            if before.endswith(self._safe_after):
                if self._clause_words(text, view, start) < 3:
                    msg = f"{rule.message}; after a short clause it may be a form of address or a title"
                    yield self.edit(
                        rule, view, start, start + len(core), core, applicability=Applicability.DISPLAY, message=msg
                    )
                    continue
                tier = rule.applicability
            else:
                # after a semicolon (a full stop may be meant) or a word: a person should look
                tier = weaker(rule.applicability, Applicability.UNSAFE)
            yield self.edit(rule, view, start, start + 1, core[0].lower(), applicability=tier)
