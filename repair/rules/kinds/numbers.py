"""``numbers``: numbers and dates of the source kept in the target (Chinese sources).

Two modes (the rule's ``mode`` key):

- ``changed``: a number the target writes in digits whose value the source does not hold
  in any form (``3.5 billion`` for ``3.5亿``, which is 350 million). The span is the number.
- ``missing``: a number the source writes in Arabic digits that the target shows in no
  form (digits with or without scale, number words, ordinals, month names), or a figure it
  writes in Chinese numerals before a measure word (十九世纪, 三成, 两倍, 五十岁, 第十五届,
  百分之五十: :func:`repair.numerals.zh_measured`) that the target shows in none of its
  renderings (``三成``: 30 or 3; ``两倍``: 2, "twice", "double", or 3). A zero-width finding
  at the end of the target names it.

Values are compared after normalisation (:mod:`repair.numerals`): ``3.5亿元`` and
``350 million yuan`` agree; figures of 10,000 and more also agree when rounded to within 1%.
When the source says a figure is approximate (约, 近, 多, 余, 左右 ...) and the target puts
"about", "nearly", "some", "over" ... before its number, they agree within 10% ("about 30,000"
for 约3.2万). A source figure the target states as a multiple of a number it said before
("from eight percent up to three times that" for 从8%到24%) is not missing, nor is a day of the
month (23日) where the target dates by the day of the week ("on Wednesday", as English news
does for the days around the story). Protected spans (tags, placeholders) are not read on either side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from repair.edits import Edit
from repair.formats.splice import PLACEHOLDER
from repair.numerals import (
    EN_APPROX,
    ORDINALS,
    SCALES,
    TENS,
    UNITS,
    WORDS,
    ZH_APPROX,
    en_numbers,
    en_values,
    same,
    zh_measured,
    zh_numbers,
)
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import SourceMatcher, unprotected


def is_year(v: float) -> bool:
    """A whole number from 1900 to 2099."""
    return v == int(v) and 1900 <= v <= 2099


def exempt(text: str, start: int, value: float, source_years: bool) -> bool:
    """Target numbers a translator adds on purpose: minutes of a clock time ("9:30" for
    9点半), a figure in brackets (a unit conversion: "6,000 mu (400 hectares)"), a year in
    a dateline when the source names no year."""
    before = text[max(0, start - 64) : start].rstrip(" ")
    if len(before) >= 2 and before[-1] in ":：" and before[-2].isdigit():  # "9:30", MT's "9: 30"
        return True
    lo = max(0, start - 200)  # a bracket further back is no unit conversion of this figure
    opened = text.rfind("(", lo, start)
    if opened >= 0 and text.rfind(")", lo, start) < opened:
        return True
    return is_year(value) and not source_years


class SourceNumbers(NamedTuple):
    """What a Chinese source says about numbers, read once per source text (the same source
    is checked against every system's target).

    Attributes:
        required: values written in Arabic digits (:func:`repair.numerals.zh_numbers`).
        allowed: every value a translation may show.
        approx: whether the source says a figure is approximate (:data:`ZH_APPROX`).
        years: whether a required value is a year (1900-2099).
        measured: figures in Chinese numerals before a measure word (:func:`zh_measured`).
    """

    required: tuple[float, ...]
    allowed: frozenset[float]
    approx: bool
    years: bool
    measured: tuple[tuple[str, tuple[float, ...]], ...]
    half_year: bool = False  #: the source says 半年 (half a year: "six months")
    #: days of the month the source dates by (25 of 25日, 7月25日, 25号), which an English news
    #: text may give as the day of the week instead (see :data:`WEEKDAY`)
    days: frozenset[float] = frozenset()


#: a day of the month in a Chinese date: 1-31 in digits before 日 or 号, not part of a longer
#: number or a decimal (25日, 7月25日; not 2.5日, 125号)
_ZH_DAY = re.compile(r"(?<![\d.．])(?:[12]\d|3[01]|0?[1-9])\s*[日号]")
#: the "1" of an exchange rate (1美元兑人民币7.0元, 1欧元合7.8元): English states a rate per one unit
#: of the other currency without the figure ("7.0 yuan to the dollar", "7.8 yuan per euro")
_ZH_RATE_ONE = re.compile(
    r"(?<![\d.．])1\s*(?:美元|欧元|英镑|日元|港元|港币|澳元|加元|瑞郎|卢布|韩元|新台币|人民币|元)\s*(?:可)?(?:兑换|兑|折合|合|=|＝)"
)
#: a day of the week: English news dates an event within a week of the story by its weekday,
#: not its date ("on Wednesday" for 23日; AP Stylebook, "dates"; Reuters does the same)
WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


@lru_cache(maxsize=4096)
def source_numbers(source: str) -> SourceNumbers:
    """:class:`SourceNumbers` of ``source`` (placeholders blanked out first)."""
    source = PLACEHOLDER.sub(" ", source)
    required, allowed = zh_numbers(source)
    required = list(required)
    for _ in _ZH_RATE_ONE.finditer(source):
        if 1.0 in required:
            required.remove(1.0)  # "7.0 yuan to the dollar" for 1美元兑7.0元: the one is the rate's unit
    return SourceNumbers(
        tuple(required),
        frozenset(allowed),
        ZH_APPROX.search(source) is not None,
        any(is_year(v) for v in required),
        tuple(zh_measured(source)),
        "半年" in source,
        frozenset(float(m.group()[:-1].strip()) for m in _ZH_DAY.finditer(source)),
    )


#: number words a ``words`` rule reads: cardinals from three and ordinals from third ("one",
#: "two", "first", "second" are idioms and function words as often as figures: "one of",
#: "the two sides", "first of all", "a second"; "dozen", "noon" and "midnight" render 十余,
#: 十几 and 零点 loosely)
_CARDINALS = {w: v for w, v in WORDS.items() if 3 <= v < 100 and v == int(v) and w not in ("dozen", "noon", "midnight")}
_ORDINAL_WORDS = {w: v for w, v in ORDINALS.items() if v >= 3}
_EN_NUMBER_WORD = re.compile(
    r"(?<![\w-])(?:(?P<tens>"
    + "|".join(TENS)
    + r")[- ](?P<unit>"
    + "|".join(UNITS)
    + r")|(?P<word>"
    + "|".join(sorted([*_CARDINALS, *_ORDINAL_WORDS], key=len, reverse=True))
    + r"))(?![\w-])(?:\s+(?P<scale>hundred|thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
#: the words any match of :data:`_EN_NUMBER_WORD` is or starts with, lower case
_NUMBER_WORD_HEADS = frozenset([*TENS, *_CARDINALS, *_ORDINAL_WORDS])
_ASCII_LETTERS = re.compile(r"[a-z]+")
_ASCII_WORDS = re.compile(r"[A-Za-z]+")


def _number_word_matches(text: str) -> Iterable[re.Match[str]]:
    """The matches of :data:`_EN_NUMBER_WORD` in the ASCII ``text``, as ``finditer`` finds
    them. A match opens with a whole run of letters (no letter may stand before or after its
    first word) that is one of :data:`_NUMBER_WORD_HEADS`, so only such runs are tried, with
    ``match`` (whose look-behind still sees the text before); a text without any (most
    targets) is not scanned at all."""
    if _NUMBER_WORD_HEADS.isdisjoint(_ASCII_LETTERS.findall(text.lower())):
        return
    end = 0
    for w in _ASCII_WORDS.finditer(text):
        if w.start() < end or w.group().lower() not in _NUMBER_WORD_HEADS:
            continue
        m = _EN_NUMBER_WORD.match(text, w.start())
        if m is not None:
            end = m.end()
            yield m


#: "three times that", "twice this", "half that": a quantity said as a multiple of one named
#: before it (English "N times that (amount)"; translators turn 从8%到24% into "from eight percent
#: up to three times that")
_TIMES_THAT = re.compile(
    r"\b(twice|double|half|(\d+(?:\.\d+)?|[a-z]+) times) (?:that|this|it|as (?:much|many|high|large))\b",
    re.IGNORECASE,
)


def _multiples_said(text: str) -> set[float]:
    """The values ``text`` states as a multiple of a number said before the multiple ("from
    eight percent up to three times that": 24): each multiplier times each value of the text
    before it (:func:`repair.numerals.en_values`). Empty when the text says no such multiple."""
    return {v for _, _, values in _multiples(text) for v in values}


def _multiples(text: str) -> list[tuple[int, int, set[float]]]:
    """``(start, end, values)`` of each multiplier of ``text`` ("three" in "three times that",
    character offsets, half-open) with the values it states (see :func:`_multiples_said`)."""
    out: list[tuple[int, int, set[float]]] = []
    for m in _TIMES_THAT.finditer(text):
        word = m.group(1).casefold()
        if word in ("twice", "double"):
            factor: float | None = 2.0
        elif word == "half":
            factor = 0.5
        else:
            n = m.group(2).casefold()
            factor = float(n) if n[:1].isdigit() else WORDS.get(n)
        if factor is None or factor < 0.5:
            continue
        out.append((m.start(1), m.end(1), {factor * v for v in en_values(text[: m.start()]) if v}))
    return out


def number_words(text: str) -> Iterable[tuple[int, int, float]]:
    """``(start, end, value)`` of the number words of ``text`` from three (cardinals "three" to
    "ninety-nine", ordinals "third" to "ninetieth"), with a scale word after them applied
    ("three million": 3,000,000); "twenty-one", "thirty two" read as one number."""
    for m in _number_word_matches(text) if text.isascii() else _EN_NUMBER_WORD.finditer(text):
        if m.group("tens"):
            v = float(TENS[m.group("tens").casefold()] + UNITS[m.group("unit").casefold()])
        else:
            w = m.group("word").casefold()
            v = float(_CARDINALS.get(w) or _ORDINAL_WORDS[w])
        if m.group("scale"):
            v *= SCALES[m.group("scale").casefold()]
        yield m.start(), m.end(), v


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,}"


class NumbersMatcher(SourceMatcher):
    """Numbers changed or dropped between source and target."""

    kind = "numbers"
    keys = {"mode": {"enum": ["changed", "missing"]}, "words": {"type": "boolean"}}
    required = ("mode",)
    doc = KindDoc(
        finds="Numbers and dates of a Chinese source that the target changes or drops. Values are compared "
        "after normalisation (万, 亿, 万亿, Chinese numerals, also before a measure word: 三成, 两倍, "
        "十九世纪; ranges; thousands separators, scale words: "
        '3.5亿元 = "350 million yuan"); figures of 10,000 and more agree within 1% (rounding). A '
        "time's minutes, a figure in brackets (a unit conversion) and a dateline year the source does "
        "not give are not flagged.",
        keys={
            "mode": "`changed`: a number the target writes in digits whose value the source does not hold "
            '("3.5 billion" for 3.5亿), or with `words: true` a number word from three ("four", '
            '"fourth", "twenty-five") whose value the source does not hold; `missing`: a number the source writes in digits that the '
            "target shows in no form (digits, words, ordinals, months), a zero-width finding at the "
            "end of the target",
            "words": "changed: read the target's number words from three instead of its digits (default false)",
        },
        fixes="None: a finding proposes no text (the right figure needs a person), so it changes nothing "
        "whatever the tier; packs give display.",
        example="""\
id: house/numbers/changed
kind: numbers
mode: changed
category: accuracy/mistranslation
severity: major
applicability: display
message: "a number the source does not have"
examples:
  - bad: "Revenue reached 3.5 billion yuan."
    source: "收入达3.5亿元。"
    flagged: "3.5 billion"
  - good: "Revenue reached 350 million yuan."
    source: "收入达3.5亿元。"
""",
    )

    @classmethod
    def validate_rule(cls, raw) -> Iterable[str]:
        if raw.get("words") and raw.get("mode") != "changed":
            yield "'words' applies to mode 'changed' only"

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        src = source_numbers(source)
        required, allowed = src.required, src.allowed
        target = unprotected(view)
        for rule in self.rules:
            if rule.params.get("mode", "changed") == "changed" and rule.params.get("words"):
                yield from self._changed_words(rule, view, target, src)
            elif rule.params.get("mode", "changed") == "changed":
                for n in en_numbers(target):
                    if n.value in allowed:
                        continue  # the common case: the value itself is in the source
                    approx = src.approx and EN_APPROX.search(target, max(0, n.start - 24), n.start) is not None
                    if any(same(n.value, a, approx) for a in allowed) or self.excepted(rule, view.text, n.start, n.end):
                        continue
                    if exempt(target, n.start, n.value, src.years):
                        continue
                    yield self.edit(
                        rule,
                        view,
                        n.start,
                        n.end,
                        n.text,
                        message=f"{rule.message}: {n.text!r} ({_fmt(n.value)}) is not in the source",
                    )
            else:
                measured = src.measured
                if not required and not measured:
                    continue
                shown = en_values(target) | _multiples_said(target)
                if src.days and WEEKDAY.search(target):
                    shown |= src.days  # "on Wednesday" for 23日: dated by the weekday
                missing = [
                    _fmt(v) for v in dict.fromkeys(required) if v not in shown and not any(same(v, s) for s in shown)
                ]
                missing += [
                    text
                    for text, values in measured
                    if not any(v in shown or any(same(v, s) for s in shown) for v in values)
                ]
                if missing:
                    yield self.flag_segment(
                        rule,
                        view,
                        f"{rule.message}: the source's {', '.join(dict.fromkeys(missing))} not found in the target",
                    )

    def _changed_words(self, rule, view: SegmentView, target: str, src: SourceNumbers) -> Iterable[Edit]:
        """Number words of the target whose value the source does not hold (see :func:`number_words`)."""
        if not src.allowed:
            return  # a source without any figure: an English number word is the translator's own
        # "three" of "three times that" when three times a number said before is the source's
        said = [(a, b) for a, b, values in _multiples(target) if values & src.allowed]
        for start, end, value in number_words(target):
            if value in src.allowed or (value == 6 and src.half_year):
                continue
            if any(a <= start < b for a, b in said):
                continue
            approx = src.approx and EN_APPROX.search(target, max(0, start - 24), start) is not None
            if any(same(value, a, approx) for a in src.allowed) or exempt(target, start, value, True):
                continue
            if self.excepted(rule, view.text, start, end):
                continue
            yield self.edit(
                rule,
                view,
                start,
                end,
                target[start:end],
                message=f"{rule.message}: {target[start:end]!r} ({_fmt(value)}) is not in the source",
            )
