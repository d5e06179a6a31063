"""``coordination``: "X and X", the doubled coordination MT makes of Chinese pairs (复工复产).

Found with one regex for up to three-word X, case-insensitively. Kept on purpose:
- a rule's ``exceptions`` ("more and more", "again and again");
- comparatives when ``keep_comparatives`` ("better and better": single-word X ending in -er);
- a compound: the second X followed by a lower-case content word ("production and production
  capacity", "the military and military institutions"); only punctuation, the end of the
  segment, a capitalised word or a function word after it marks a duplication (and a
  function word X, "its and its", never starts a compound);
- for the generic rule, a capitalised X in mid-sentence: a title or a name ("Best Actor and
  Actor" is 最佳男主角和女主角, where dropping the repeat loses the actress).

With a Chinese source, a generic rule repairs the doubling from the source's two-word
coordination (意见建议, 防控): "control and control" -> "prevention and control" from the term
list, "suggestions and suggestions" -> "ideas and suggestions" from CC-CEDICT's glosses of the
halves (unsafe: the gloss is a dictionary's first choice, not the translator's).

A rule with ``word`` and ``replacement`` knows the intended pair for that word, optionally
only after one of ``preceded_by`` ("resuming production and production" -> "resuming work
and production"); it outranks the generic rules. A generic rule only flags the doubling
(display, whatever tier its pack gives): it cannot know which word the repeat stands for
(WMT21 dev: dropping the repeat moved 74 segments away from the reference and 22 towards it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from repair import compiled
from repair.edits import Applicability, Edit
from repair.lexicon import FUNCTION_WORDS
from repair.rules.blocks import Block
from repair.rules.kinds.base import KindDoc, Matcher, Problem, SegmentView
from repair.rules.schema import STR_LIST

_AND = re.compile(r" and ", re.IGNORECASE)
_AND_FOLDED = re.compile(r" and ")  # on lower-cased text, what _AND finds
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def from_source(source: str | None, x: str) -> tuple[str, str] | None:
    """The pair "X and X" stands for, read from a Chinese ``source`` (the term list, then
    CC-CEDICT: :func:`repair.zhterms.coordination_repair`): ``(replacement, source words)``,
    or ``None`` (no Chinese source, or no pair found). Loads the dictionaries lazily."""
    if not source or not _HAN.search(source):
        return None
    from repair.zhterms import coordination_repair

    return coordination_repair(x, source)


_FIRST_WORD = re.compile(r"\w+")
_XX_AT = {
    n: re.compile(r"(?<![\w'’-])([^\W\d_]\w*" + r"(?: [^\W\d_]\w*)" * (n - 1) + r") and (\1)(?![\w'’-])", re.IGNORECASE)
    for n in (3, 2, 1)
}


def doubled(text: str, folded: str | None = None):
    """Yield ``(start, end, end_of_first_x, x)`` for each "X and X" (X of one to three words).

    Anchored on each " and ": only the one to three words just before it are tried as X,
    longest first, so the cost is one short match per "and", not a regex scan of the text.
    ``folded`` is ``text`` lower-cased (same length), when the caller has it already.
    """
    low = folded if folded is not None else text.lower()
    last = 0
    for a in _AND.finditer(text):
        if a.start() < last:
            continue
        # cheap filter: the word after "and" must be one of the three words before it
        after = _FIRST_WORD.match(text, a.end())
        if not after or after.group().lower() not in low[max(0, a.start() - 80) : a.start()]:
            continue
        for n, regex in _XX_AT.items():
            start = _word_start(text, a.start(), n)
            if start is None:
                continue
            m = regex.match(text, start)
            if m and m.end(1) == a.start():
                yield m.start(), m.end(), m.end(1), m.group(1)
                last = m.end()
                break


def _word_start(text: str, end: int, n: int) -> int | None:
    """Start of the ``n`` space-separated words that end at ``end`` (leading punctuation
    skipped), or ``None`` when there are fewer."""
    pos, lo = end, max(0, end - 200)  # bounded: the text may be one huge line
    for _ in range(n):
        pos = text.rfind(" ", lo, pos)
        if pos < 0:
            if lo:
                return None
            break
    start = pos + 1
    if text[start:end].count(" ") != n - 1:
        return None
    while start < end and not text[start].isalnum():
        start += 1
    return start if start < end else None


def _x_repeated(text: str, low: str, end: int) -> bool:
    """Whether one of the stretches of one to three words that end at ``end`` (before " and ")
    in the line of ``text`` (texts joined by ``\\n``, none holding one; ``low``: it folded),
    as :func:`_word_start` finds them in the line alone, stands again right after " and "
    (lower case): what :func:`doubled`'s regex needs to match that stretch as X."""
    line_start = text.rfind("\n", 0, end) + 1
    pos, lo = end, max(line_start, end - 200)
    for _ in range(3):
        pos = text.rfind(" ", lo, pos)
        if pos < 0:
            if lo > line_start:
                return False  # _word_start finds no more words in its window
            pos = line_start - 1
        start = pos + 1
        while start < end and not text[start].isalnum():
            start += 1
        again = end + 5 + end - start  # where the repeat would end (" and " is 5 long)
        if start < end and low.startswith(low[start:end], end + 5):
            after = text[again : again + 1]
            if not after or not (after.isalnum() or after in "_'’-"):
                return True  # the regex's (?![\w'’-]) after the repeat holds too
        if pos < lo:
            return False
    return False


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")


def starts_compound(text: str, end: int) -> bool:
    """Whether the word after ``end`` is a lower-case content word (the repeat begins a compound)."""
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    word = m.group(1)
    return word[0].islower() and word.lower() not in FUNCTION_WORDS


class CoordinationMatcher(Matcher):
    """Doubled coordination."""

    kind = "coordination"

    keys = {
        "word": {"type": "string", "minLength": 1},
        "preceded_by": STR_LIST,
        "replacement": {"type": "string"},
        "keep_comparatives": {"type": "boolean"},
    }
    doc = KindDoc(
        finds='"X and X" (X of one to three words), the doubled coordination MT makes of Chinese pairs '
        '(复工复产 -> "production and production"). Kept: the rule\'s `exceptions` ("more and '
        'more"), comparatives with `keep_comparatives`, compounds ("production and production '
        'capacity") and, for a generic rule, a capitalised X in mid-sentence (a title: "Best Actor '
        'and Actor").',
        keys={
            "word": "the doubled word this rule knows (given with `replacement`)",
            "replacement": 'the intended pair for `word` ("work and production")',
            "preceded_by": 'only after one of these words or phrases ("resuming")',
            "keep_comparatives": 'leave a single-word X in -er alone ("better and better")',
        },
        fixes="A rule with `word` and `replacement` knows the intended pair and fixes at its own tier. A "
        "generic rule (no `word`) only flags, display whatever its tier: which word the repeat stands "
        "for is unknown (WMT21 dev: dropping the repeat moved 74 segments away from the reference and "
        "22 towards it).",
        example="""\
id: house/coordination/work-and-production
kind: coordination
category: accuracy/mistranslation
severity: major
applicability: safe
message: "复工复产 is 'work and production', not 'production and production'"
word: production
replacement: work and production
preceded_by: [resuming, resumption of]
examples:
  - bad: "At present, the country is resuming production and production."
    fixed: "At present, the country is resuming work and production."
  - good: "resuming production and production capacity"
""",
    )

    @classmethod
    def validate_rule(cls, raw):
        """``word`` and ``replacement`` come together (a known pair) or not at all (a generic rule)."""
        if ("replacement" in raw) != ("word" in raw):
            yield Problem("a coordination rule gives 'word' and 'replacement' together, or neither", ("kind",))

    def __init__(self, rules):
        super().__init__(rules)
        self._specific: dict[str, list] = {}
        for r in self.rules:
            if "word" in r.params:
                self._specific.setdefault(r.params["word"].lower(), []).append(r)
        self._generic = [r for r in self.rules if "word" not in r.params]

    @staticmethod
    def _preceded(rule, text: str, start: int) -> bool:
        before = text[max(0, start - 200) : start].rstrip().lower().replace("’", "'")
        options = rule.params.get("preceded_by")
        if not options:
            return True
        return any(
            before.endswith(p.lower()) and (len(before) == len(p) or not before[-len(p) - 1].isalnum()) for p in options
        )

    def may_find(self, block: Block, state: Any) -> set[int]:
        """The segments where :func:`doubled`'s cheap filter lets an " and " through (the
        window before it may reach into the text before: a superset)."""
        text, low = block.text, block.folded
        lines = block.line_per_segment
        if compiled.scan is not None:  # the same scan, compiled (repair/csrc/scan.c)
            return block.at_all(compiled.scan.and_ends(text, low, lines))
        starts = []
        for a in _AND_FOLDED.finditer(low):
            after = _FIRST_WORD.match(text, a.end())
            if not after:
                continue
            end = a.start()
            if after.group().lower() in low[max(0, end - 80) : end] and (not lines or _x_repeated(text, low, end)):
                starts.append(end)
        return block.at_all(starts)

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        text = view.text
        for start, end, x_end, x in doubled(text, view.folded):
            if x.lower() not in FUNCTION_WORDS and starts_compound(text, end):
                continue
            for rule in self._specific.get(x.lower(), ()):
                if self._preceded(rule, text, start) and not self.excepted(rule, text, start, end):
                    repl = rule.params["replacement"]
                    if x[0].isupper():
                        repl = repl[:1].upper() + repl[1:]  # (an empty replacement deletes the pair)
                    yield self.edit(rule, view, start, end, repl)
                    break
            else:
                if x[0].isupper() and not view.seg.is_sentence_start(start):
                    continue  # a title or a name ("Best Actor and Actor"): not for the generic fix
                for rule in self._generic:
                    if rule.params.get("keep_comparatives", True) and " " not in x and x.lower().endswith("er"):
                        continue
                    if self.excepted(rule, text, start, end):
                        continue
                    pair = from_source(view.seg.source, x)
                    if pair is not None:
                        repl, words = pair
                        repl = repl[:1].upper() + repl[1:] if x[0].isupper() else repl
                        yield self.edit(
                            rule,
                            view,
                            start,
                            end,
                            repl,
                            applicability=Applicability.UNSAFE,
                            message=f"{rule.message}; the source's {words} is {repl!r}",
                        )
                        break
                    # which two words the source held is unknown: dropping the repeat loses one
                    # ("opinions and suggestions and suggestions"), so a person decides
                    yield self.edit(
                        rule,
                        view,
                        x_end,
                        end,
                        "",
                        applicability=Applicability.DISPLAY,
                        message=f"{rule.message}; which word the repeat stands for is unknown: rewrite by hand",
                    )
                    break
