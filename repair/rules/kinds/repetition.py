"""``repetition``: a word written twice in a row ("the the").

A rule with ``words`` covers only those words (so a pack can make "the the" safe while
other doublings stay unsafe); a rule without covers every word but its ``exceptions``
("had had", "that that"). The fix deletes the second occurrence and the space before it.

Left alone, since the doubling is meant or the fix cannot know the right text:
- a word written three or more times in a row ("La la la, la la la", "no no no");
- a doubled word that is no English word ("ylang ylang", an onomatopoeia "Shua Shua"), and
  a doubling of a Pinyin syllable with either half capitalised ("Yang Yang", "Yang yang",
  "Lang lang", "Li Li", "Ni Ni"): reduplicated given names and foreign words, not slips
  (:func:`is_reduplication`);
- a doubling the segment's source writes too: the same word twice in the source, or, for a
  capitalised doubling, a doubled Chinese character (莉莉, a name), or two Chinese characters
  in a row whose pinyin is the doubled syllable (杨洋 for "yang yang", 郎朗 for "lang lang":
  a name whatever its case);
- without a Chinese source, a lower-case doubling of a Pinyin syllable that is no function word
  ("yang yang", "lang lang"): it may be a name the MT lower-cased, so it is flagged for a
  person (display), never cut; "the the", "a a", "he he" stay fixable;
- a doubled preposition that is also a phrasal verb's particle (in, on, up, off, ...) after a
  verb form in -ed, -en, -wn or -ing: "was taken in in the church" is English;
- a doubled "a" or "an" after a word that cannot stand before an article (anything but a
  function word, a verb form in -ed/-ing, a placeholder or a number): "policeman an an
  enchanting" is a typo for "and an", and dropping a word leaves "policeman an enchanting";
  such a doubling is flagged for a person instead (display). "the the" is the classic
  stutter and is fixed wherever it stands.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterable
from typing import Any

from repair import compiled
from repair.edits import Applicability, Edit
from repair.lazy_regex import LazyPattern
from repair.lexicon import FUNCTION_WORDS, is_english_word
from repair.rules.blocks import Block, fold
from repair.rules.kinds.base import KindDoc, Matcher, SegmentView, word_before
from repair.rules.schema import STR_LIST
from repair.zhsource import pinyin_syllables

_PUNCTUATION = re.compile(r"[^\w\s'-]")
_DOUBLE = re.compile(r"(?<![\w'’-])([^\W\d_][\w]*)([ \t]+)(\1)(?![\w'’-])", re.IGNORECASE)
_NEXT = re.compile(r"[ \t]+([^\W\d_][\w]*)(?![\w'’-])")
#: Articles whose doubling is as often a slip for another word ("an an" for "and an", "a a"
#: for "as a", "at a"): removed only where an article fits the word before.
_ARTICLES = frozenset({"a", "an"})
#: Prepositions that also end phrasal verbs ("taken in", "signed up"): doubled after a verb
#: form, the first is the verb's particle and the second a preposition ("was taken in in the
#: church"), which is English; dropping one changes the meaning.
_PARTICLES = frozenset({"in", "on", "up", "down", "out", "off", "over", "by", "through", "about", "around"})
#: Han ideographs written twice in a row (a reduplicated name: 莉莉, 妮妮).
_HAN_DOUBLE = LazyPattern(r"([\u3400-\u4dbf\u4e00-\u9fff])\1")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def is_pinyin_syllable(word: str) -> bool:
    """Whether ``word`` (any case) is one toneless Hanyu Pinyin syllable and no English function
    word ("yang", "lang", "li"; not "a", "an", "he", "me")."""
    low = word.lower()
    return low in pinyin_syllables() and low not in FUNCTION_WORDS


def is_reduplication(first: str, second: str) -> bool:
    """Whether "``first`` ``second``" (the same word twice) is a reduplicated name or foreign
    word rather than a slip: the word is no English word (SCOWL, :mod:`repair.lexicon`), or
    either half is capitalised and the word is a Pinyin syllable ("Yang Yang", "Yang yang",
    "Li Li"; "The the" and "A a" are no names)."""
    if not is_english_word(first):
        return True
    return (first[:1].isupper() or second[:1].isupper()) and is_pinyin_syllable(first)


def source_romanises(source: str | None, word: str) -> bool:
    """Whether two Chinese characters in a row of ``source`` read as ``word`` twice in pinyin
    (杨洋 for "yang yang"): the doubling is that name. Loads pypinyin (lazily) only for a
    source with Chinese characters."""
    if not source or not _HAN.search(source) or not is_pinyin_syllable(word):
        return False
    from repair.zhsource import char_pinyin

    low = word.lower()
    for run in _HAN_RUN.findall(source):
        syl = char_pinyin(run)
        if any(a == low and b == low for a, b in zip(syl, syl[1:])):
            return True
    return False


def source_repeats(source: str | None, word: str, capitalised: bool) -> bool:
    """Whether the source writes the doubling too: ``word`` twice in a row, or (for a
    capitalised doubling, a name) a Chinese character twice in a row."""
    if not source:
        return False
    if re.search(rf"(?<!\w){re.escape(word)}\s+{re.escape(word)}(?!\w)", source, re.IGNORECASE):
        return True
    return capitalised and _HAN_DOUBLE.search(source) is not None


def after_verb_form(text: str, start: int) -> bool:
    """Whether the word before ``start`` looks like a participle or gerund (-ed, -en, -wn, -ing)."""
    prev = word_before(text, start)
    return prev is not None and prev[2] and prev[1].lower().endswith(("ed", "en", "wn", "ing"))


def article_fits(text: str, start: int) -> bool:
    """Whether an article may follow what stands before ``start``: nothing, punctuation, a
    token that is no plain word (a placeholder ``%s``, a number), a function word ("is the",
    "of a") or a verb form in -ed/-ing ("opened the")."""
    prev = word_before(text, start)
    if prev is None or (prev[0] and not text[prev[0] - 1].isspace()):
        return True
    word = prev[1].lower().replace("’", "'")
    return word in FUNCTION_WORDS or word.endswith(("ed", "ing")) or word.endswith("n't")


def _doubled_word(folded: str) -> bool:
    """Whether two equal words stand in a row in ``folded`` once punctuation is blanked."""
    words = _PUNCTUATION.sub(" ", folded).split()
    return any(map(operator.eq, words, words[1:]))


#: bytes.translate table: an ASCII character that :data:`_PUNCTUATION` blanks, or a blank
#: that :meth:`str.split` splits on and :meth:`bytes.split` does not (U+001C-U+001F), as a space
_ASCII_BLANKED = bytes(32 if b < 128 and (_PUNCTUATION.match(chr(b)) or 0x1C <= b <= 0x1F) else b for b in range(256))


class RepetitionMatcher(Matcher):
    """Doubled words."""

    kind = "repetition"

    keys = {"words": STR_LIST}
    doc = KindDoc(
        finds='A word written twice in a row ("the the"); the fix deletes the second and the space before '
        'it. Left alone: three or more in a row ("la la la"), a doubling that is no English word or a '
        'capitalised Chinese syllable ("ylang ylang", "Yang Yang"), a doubling the source writes '
        'too, and a doubled particle after a verb ("was taken in in the church").',
        keys={
            "words": "the only words this rule covers (absent: every word but the rule's `exceptions`, "
            'e.g. "had had", "that that")'
        },
        fixes='The rule\'s own tier: "the the" is a slip wherever it stands, so a rule limited to function '
        "words may be safe; a rule over every word should be unsafe, since some doublings are meant. A "
        'doubled "a" or "an" after a word that cannot stand before an article is display only: it '
        'is as often a typo for another word ("an an" for "and an").',
        example="""\
id: house/repetition/article
kind: repetition
category: fluency/grammar
severity: minor
applicability: safe
message: "an article written twice"
words: [the, a, an]
examples:
  - bad: "Safety is the the priority."
    fixed: "Safety is the priority."
  - bad: "A policeman an an enchanting policewoman."
    flagged: "an an"
  - good: "What he had had was enough."
""",
    )

    def __init__(self, rules):
        super().__init__(rules)
        self._specific = {w.lower(): r for r in self.rules for w in r.params.get("words", ())}
        self._generic = [r for r in self.rules if not r.params.get("words")]

    def may_find(self, block: Block, state: Any) -> set[int]:
        """The segments with two equal words in a row once punctuation is blanked (lower case,
        ’ as '): a superset of what the back-reference regex of :meth:`find` finds. The
        one-line ASCII texts of the block are blanked and split all at once (bytes), the others
        one by one."""
        out = set()
        plain = []  # indices of one-line ASCII texts
        for i, text in enumerate(block.texts):
            if text.isascii() and "\n" not in text:
                plain.append(i)
            elif _doubled_word(fold(text)):
                out.add(i)
        if plain:
            data = block.text if len(plain) == len(block.texts) else "\n".join([block.texts[i] for i in plain])
            if compiled.scan is not None:  # the same scan, compiled (repair/csrc/scan.c)
                out.update(plain[k] for k in compiled.scan.doubled_lines(data, _ASCII_BLANKED))
                return out
            words = data.lower().encode("ascii").translate(_ASCII_BLANKED).replace(b"\n", b" \0 ").split()
            marks = None
            for k in itertools.compress(
                range(len(words) - 1), map(operator.eq, words, itertools.islice(words, 1, None))
            ):
                if words[k] == b"\0":
                    continue  # two line ends: an empty text between
                if marks is None:
                    marks = list(
                        itertools.compress(range(len(words)), map(operator.eq, words, itertools.repeat(b"\0")))
                    )
                out.add(plain[bisect.bisect_right(marks, k)])
        return out

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        # cheap pre-filter, a superset of what the back-reference regex finds: two equal words
        # in a row once punctuation is blanked (lower case, ’ as ')
        if not _doubled_word(view.folded):
            return
        text = view.text
        for m in _DOUBLE.finditer(text):
            first, second = m.group(1), m.group(3)
            word = first.lower()
            prev = word_before(text, m.start())
            after = _NEXT.match(text, m.end())
            if (prev and prev[2] and prev[1].lower() == word) or (after and after.group(1).lower() == word):
                continue  # three or more in a row: meant ("la la la")
            if is_reduplication(first, second) or source_repeats(view.seg.source, first, second[:1].isupper()):
                continue
            if source_romanises(view.seg.source, first):
                continue  # 杨洋 "yang yang": a name the MT lower-cased
            # without a Chinese source to tell, a lower-case pinyin doubling may be a name
            name_like = is_pinyin_syllable(first) and not (view.seg.source and _HAN.search(view.seg.source))
            if word in _PARTICLES and after_verb_form(text, m.start()):
                continue  # a phrasal verb's particle, then a preposition: "taken in in the church"
            candidates = [self._specific[word]] if word in self._specific else self._generic
            for rule in candidates:
                if not self.excepted(rule, text, m.start(), m.end()):
                    msg = None
                    if name_like:
                        msg = f"{rule.message}; '{m.group(0)}' may be a Chinese name (杨洋 is 'Yang Yang'): check the source"
                    elif word in _ARTICLES and not article_fits(text, m.start()):
                        msg = f"{rule.message}; the first may be a typo for another word ('and an'): rewrite by hand"
                    if msg is not None:  # flagged, never cut
                        yield self.edit(
                            rule,
                            view,
                            m.start(),
                            m.end(3),
                            m.group(0),
                            applicability=Applicability.DISPLAY,
                            message=msg,
                        )
                    else:
                        yield self.edit(rule, view, m.end(1), m.end(3), "")
                    break
