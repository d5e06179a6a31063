"""Term lists of Chinese official and news language, and the English they take: reading them,
finding a rendering in a target (case and inflection tolerant), and repairing an "X and X"
doubling from the source.

A term list is a tab-separated file with a header: ``source`` and ``target`` (approved
renderings, ``|`` between them) are required; ``calques`` (literal renderings to point at,
``|`` between them), ``use`` (``flag``: report the term when no rendering is there, the
default; ``pair``: only repair an "X and X" of it) and ``reference`` (where the rendering
comes from) are optional. Blank lines and lines starting with ``#`` are skipped. The shipped
list is ``repair/data/zh-en-terms.tsv``.

English inflection: lemmas from lemminflect (MIT; loaded only when the crude stem of
:func:`repair.rules.kinds.glossary.stem` does not already match).
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from repair.errors import InputError
from repair.lexicon import FUNCTION_WORDS
from repair.rules.kinds.glossary import _WORD, stem


@dataclass(frozen=True)
class Term:
    """One entry of a term list.

    Attributes:
        source: the Chinese term.
        targets: approved renderings, the first is the one proposed.
        calques: literal renderings to point at.
        use: ``flag`` or ``pair``.
        reference: where the rendering comes from.
        line: its line in the file (1-based).
    """

    source: str
    targets: tuple[str, ...]
    calques: tuple[str, ...] = ()
    use: str = "flag"
    reference: str = ""
    line: int = 0


def parse_term_list(text: str, path: str) -> tuple[Term, ...]:
    """The terms of a term list's ``text`` (``path`` names it in errors).

    Raises:
        InputError: ``path:line`` and the cause, for a header without ``source`` and
            ``target``, a line with more or fewer cells than the header, an empty source or
            target, a ``use`` other than flag or pair, a file with no term.
    """
    header: list[str] | None = None
    terms: list[Term] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if header is None:
            header = [c.lower() for c in cells]
            if "source" not in header or "target" not in header:
                raise InputError(path, "a term list needs a tab-separated header with 'source' and 'target' columns", n)
            continue
        if len(cells) != len(header):
            raise InputError(path, f"{len(cells)} tab-separated cells; the header has {len(header)}", n)
        row = dict(zip(header, cells))
        targets = tuple(t.strip() for t in row["target"].split("|") if t.strip())
        if not row["source"] or not targets:
            raise InputError(path, "a term needs a source and a target", n)
        use = row.get("use") or "flag"
        if use not in ("flag", "pair"):
            raise InputError(path, f"use {use!r} is neither 'flag' nor 'pair'", n)
        calques = tuple(t.strip() for t in row.get("calques", "").split("|") if t.strip())
        terms.append(Term(row["source"], targets, calques, use, row.get("reference", ""), n))
    if not terms:
        raise InputError(path, "no terms")
    return tuple(terms)


@cache
def shipped_terms(name: str = "zh-en-terms.tsv") -> tuple[Term, ...]:
    """A term list shipped in ``repair/data``."""
    data = pkgutil.get_data("repair.data", name)  # cheaper to import than importlib.resources
    if data is None:  # pragma: no cover - a loader that cannot read package data
        raise InputError(f"repair/data/{name}", "cannot read the shipped term list")
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it
    return parse_term_list(text, f"repair/data/{name}")


def _is_shipped(name: str) -> bool:
    """Whether ``repair/data`` holds a file ``name``."""
    try:
        return pkgutil.get_data("repair.data", name) is not None
    except OSError:  # missing, or a folder
        return False


def load_term_list(name: str, relative_to: str = "") -> tuple[Term, ...]:
    """A term list by name: a file in ``repair/data``, else a path (relative to the folder of
    ``relative_to``, the pack that names it).

    Raises:
        InputError: the file cannot be read, or a line of it is malformed.
    """
    if _is_shipped(name):
        return shipped_terms(name)
    path = Path(name)
    if not path.is_absolute() and relative_to:
        path = Path(relative_to).parent / path
    from repair.fileio import read_bytes
    from repair.formats.splice import decode_bytes

    text, _, _ = decode_bytes(read_bytes(str(path)), str(path))
    return parse_term_list(text, str(path))


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """The crude stem of ``word`` and its lemmas by lemminflect ("children" -> "child")."""
    low = word.lower().replace("’", "'")
    out = {stem(low)}
    from lemminflect import getAllLemmas

    for forms in getAllLemmas(low).values():
        out.update(forms)
    return frozenset(out)


def find_phrase(words: list[tuple[int, int, str]], phrase: str) -> tuple[int, int] | None:
    """Where ``phrase`` occurs in ``words`` (``(start, end, word)`` of the target, in order),
    compared word by word by stem, else by lemma: ``(start, end)`` offsets, or ``None``."""
    want_words = _WORD.findall(phrase)
    want = [stem(w) for w in want_words]
    n = len(want)
    if not n:
        return None
    got = [stem(w) for _, _, w in words]
    for i in range(len(got) - n + 1):
        if got[i : i + n] == want:
            return words[i][0], words[i + n - 1][1]
    for i in range(len(got) - n + 1):  # the lemma pass ("children" for "child", "took" for "take")
        if all(
            want[k] == got[i + k] or (want[k][:1] == got[i + k][:1] and lemmas(want_words[k]) & lemmas(words[i + k][2]))
            for k in range(n)
        ):
            return words[i][0], words[i + n - 1][1]
    return None


def target_words(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` for each word of ``text``."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


# English words a dictionary gloss is made of that say nothing of the term (CC-CEDICT's
# "to", "sb", "sth", articles, prepositions): left out of the alignment.
_GLOSS_STOP = frozenset(
    "a an the of to in on at for and or with by from as is be are sb sth one's oneself etc "
    "also used has have not no its it this that into out up off over about make put get take give "
    "very within among".split()
)


def _gloss_words(glosses: list[str]) -> frozenset[str]:
    """The lower-cased words (3 letters or more, or a capitalised word of 2, not in
    :data:`_GLOSS_STOP`) of ``glosses``."""
    out = set()
    for g in glosses:
        for w in _WORD.findall(g):
            low = w.lower()
            if (len(w) > 2 or (len(w) == 2 and w[0].isupper())) and low not in _GLOSS_STOP and w.isascii():
                out.add(low)  # (two letters only for a capitalised name: "Xi Jinping")
    return frozenset(out)


@lru_cache(maxsize=8192)
def part_words(part: str) -> frozenset[str]:
    """English words a literal rendering of the Chinese ``part`` may use: the words of its
    CC-CEDICT glosses, for a word of two characters also those of its characters' first six
    glosses (新冠 "novel coronavirus", and 新 "new", 冠 "crown"; longer words are glossed whole:
    a character of 社会主义 says little of it), and its toneless pinyin written as one word
    ("xinguan")."""
    from repair.zhsource import char_pinyin, glosses

    words = set(_gloss_words(glosses(part)))
    if len(part) == 2:
        for ch in part:
            words |= _gloss_words(glosses(ch)[:6])
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
    lemma (lemminflect) or stem, or a shared prefix (:func:`_prefix_match`)."""
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    if len(low) < 2 or low in _GLOSS_STOP or low in FUNCTION_WORDS:
        return False
    if low in english or stem(low) in english:
        return True
    if len(low) < 3:
        return False
    lw = lemmas(low)
    return any(lw & lemmas(e) or _prefix_match(low, e) for e in english if e[:1] == low[:1])


def term_parts(term: str) -> tuple[str, ...]:
    """The parts of a Chinese ``term`` that a literal rendering renders one by one: its words by
    rjieba, or, for a term that is one word, its characters (两会: 两, 会)."""
    from repair.zhsource import cut

    parts = tuple(w for w in cut(term) if w.strip())
    return parts if len(parts) > 1 else tuple(term)


def locate_literal(words: list[tuple[int, int, str]], term: str) -> tuple[int, int] | None:
    """Where the target renders ``term`` word for word: the shortest run of target words that
    covers the most parts of the term (:func:`term_parts`) through their dictionary words
    (:func:`part_words`), at least two parts in two words or more and at least half of the
    parts, a run of at most three words per part, widened over the words right beside it that
    render a part too; "two national meetings" for 两会 (两 two, 会 meeting), "socialist ideas with
    Chinese characteristics" for 中国特色社会主义. A term of one character is looked for as one
    word. ``words`` are ``(start, end, word)`` of the target in order; returns ``(start, end)``
    character offsets (half-open), or ``None``."""
    parts = term_parts(term)
    keys = [part_words(p) for p in parts]
    hits = [(i, k) for i, (_, _, w) in enumerate(words) for k, ks in enumerate(keys) if word_matches(w, ks)]
    need = 1 if len(parts) == 1 else max(2, (len(parts) + 1) // 2)
    span_max = 3 * len(parts)
    best: tuple[int, int, int] | None = None  # (parts covered, -width, first index)
    best_span = None
    for a in range(len(hits)):
        seen: set[int] = set()
        for b in range(a, len(hits)):
            if hits[b][0] - hits[a][0] >= span_max:
                break
            seen.add(hits[b][1])
            if len(seen) >= need and (need == 1 or hits[b][0] > hits[a][0]):
                score = (len(seen), -(hits[b][0] - hits[a][0]), -hits[a][0])
                if best is None or score > best:
                    best, best_span = score, (hits[a][0], hits[b][0])
    if best_span is None:
        return None
    first, last = best_span
    matched = {i for i, _ in hits}
    while first - 1 in matched:  # the words right beside it that render a part too ("new crown pneumonia")
        first -= 1
    while last + 1 in matched:
        last += 1
    return words[first][0], words[last][1]


_GLUE = frozenset("the a an of and to for in on with".split())


def rendered(words: list[tuple[int, int, str]], rendering: str) -> bool:
    """Whether ``rendering`` is in the target, word for word (:func:`find_phrase`), or with its
    content words in another order or inflection ("alleviate poverty" for "poverty alleviation",
    "resuming work and production" for "resumption of work and production"): a run of target
    words, at most two longer than ``rendering``, in which each of its words of 3 letters or more
    is matched (:func:`word_matches`) and every other word is an article, "of", "and", "to",
    "for", "in", "on" or "with" ("One Belt One Road" does not render "Belt and Road")."""
    if find_phrase(words, rendering):
        return True
    want = [w.lower() for w in _WORD.findall(rendering) if len(w) > 2 and w.lower() not in _GLOSS_STOP]
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


# --- "X and X" from the source -------------------------------------------------------------


def _inflect_like(word: str, like: str) -> str:
    """``word`` inflected as ``like`` is: plural for a plural noun, -ing, -ed; else as it is."""
    from lemminflect import getAllLemmas, getInflection

    if word.lower() != like.lower() and stem(word) != word.lower():
        base = getAllLemmas(word.lower())
        word = next(iter(base.get("NOUN", base.get("VERB", (word,)))), word)
    low = like.lower()
    tag = None
    if low.endswith("ing"):
        tag = "VBG"
    elif low.endswith("ed"):
        tag = "VBD"
    elif "NOUN" in getAllLemmas(low) and low not in getAllLemmas(low)["NOUN"]:
        tag = "NNS"
    if tag:
        forms = getInflection(word, tag=tag)
        if forms:
            word = forms[0]
    return word


def coordination_repair(x: str, source: str) -> tuple[str, str] | None:
    """The pair an "``x`` and ``x``" doubling stands for, read from ``source``:
    ``(replacement for the whole "x and x", the source words)``, or ``None``.

    First the shipped term list: a term of the source with a rendering "A and B" in which
    ``x`` is A or B ("control and control" for 防控 -> "prevention and control"). Then
    CC-CEDICT: a source word of four characters (not itself in the dictionary), or two adjacent
    two-character words of one part of speech, whose halves
    gloss as ``x`` and as another single word ("suggestions and suggestions" for 意见建议 ->
    "ideas and suggestions"); that word is inflected as ``x`` is.
    """
    xs = lemmas(x)
    for term in shipped_terms():
        if term.source not in source:
            continue
        for t in term.targets:
            a, sep, b = t.partition(" and ")
            if not sep or " " in a or " " in b:
                continue
            if x.lower() in (a.lower(), b.lower()) and a.lower() != b.lower():
                return t, term.source
            if lemmas(a) & xs and not lemmas(b) & xs:
                return f"{x} and {_inflect_like(b, x)}", term.source
            if lemmas(b) & xs and not lemmas(a) & xs:
                return f"{_inflect_like(a, x)} and {x}", term.source
    from repair.zhsource import cedict, glosses, tag

    tagged = [(w, p) for w, p in tag(source) if w.strip()]
    # a four-character word's halves (意见建议), two adjacent two-character words of one part of
    # speech (意见 建议, both nouns); not a two-character word's characters: single characters
    # gloss too loosely (会见 is no 会 + 见: "meetings and meets"), so 防控 and its like come
    # from the term list
    halves: list[tuple[str, str]] = [(w[:2], w[2:]) for w, _ in tagged if len(w) == 4 and w not in cedict()]
    halves += [(a, b) for (a, pa), (b, pb) in zip(tagged, tagged[1:]) if len(a) == 2 and len(b) == 2 and pa == pb]
    from lemminflect import getAllLemmas

    x_pos = set(getAllLemmas(x.lower()))
    for a, b in halves:
        ga, gb = _single_words(glosses(a)), _single_words(glosses(b))

        def partner(gl: list[str]) -> str | None:  # the first gloss of x's part of speech
            return next((g for g in gl if not lemmas(g) & xs and (not x_pos or x_pos & set(getAllLemmas(g)))), None)

        if any(lemmas(g) & xs for g in gb) and (other := partner(ga)):
            return f"{_inflect_like(other, x)} and {x}", a + b
        if any(lemmas(g) & xs for g in ga) and (other := partner(gb)):
            return f"{x} and {_inflect_like(other, x)}", a + b
    return None


def _single_words(gl: list[str]) -> list[str]:
    return [g for g in gl if g.isalpha() and g.islower() and len(g) > 2]
