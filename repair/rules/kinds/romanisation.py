"""``romanisation``: a person, place or organisation name of the Chinese source written wrong
in the target.

The source is cut and tagged by rjieba (``nr``/``nrfg`` person, ``ns`` place, ``nsf`` foreign
place, ``nt`` organisation); each name's English forms come from :mod:`repair.zhsource`
(``zh-names.yaml``, CC-CEDICT, else pinyin with the conventions of English news: surname first,
the given name one word). A name written in one of its accepted forms (case ignored; a hyphen or
apostrophe between syllables allowed: "Zhou Ming-hua", "Xian" for "Xi'an") is left alone.
Otherwise, by the rule's ``check``:

- ``spelling``: a capitalised word (or words, as many as the form has) within
  ``min_similarity`` (rapidfuzz ratio, 0-100) of the form but not equal to it, and not a form
  of another name of the source: "Zianjin" for 天津, "Hhangzhou" for 杭州. The fix writes the form.
- ``order``: a person's pinyin written given name first ("Minghua Zhou" for 周明华) or the given
  name cut into syllables ("Zhou Ming Hua", "Ou Yang Xia" for 欧阳夏): rewritten as "Zhou Minghua".
- ``given-alone``: a person's given name of two or more syllables with no surname in the
  segment ("Minghua said" for 周明华说): the full name is written.

Findings name the source term. Fixes are as sure as the tagger: a word tagged as a name that
is none, or a name whose holder writes it otherwise in English, makes a wrong fix, so a pack
gives them ``unsafe``. A name that is simply absent is not reported (a translator may write
"he" or a title).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from repair.edits import Edit
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import HAN, SourceMatcher, unprotected

_KINDS = frozenset({"nr", "ns", "nsf", "nt"})
_CAP_RUN = re.compile(r"(?<![\w'’-])[A-Z][A-Za-zü]*(?:['’-][A-Za-zü]+)*(?:[ ][A-Z][A-Za-zü]*(?:['’-][A-Za-zü]+)*)*")
_SEP = r"[-'’]?"


def _squash(s: str) -> str:
    return _NON_LETTER.sub("", s.lower())


def _syl(s: str) -> str:
    return re.escape(s).replace("ü", "(?:ü|u|v|yu)")


@lru_cache(maxsize=65536)
def _accepted_regex(accepted: tuple[str, ...], syllables: tuple[str, ...], surname: str) -> re.Pattern[str]:
    """One case-insensitive regex for every accepted form, as whole words; a pinyin person or
    place also with a hyphen or apostrophe (or nothing) between its given syllables."""
    alts = []
    for form in accepted:
        words = [re.escape(w).replace("'", "['’]?").replace("\\-", "[- ]?") for w in form.split()]
        alts.append(r"\s+".join(words))
    if syllables:
        sur = _surname_count(surname, syllables) if surname else ()
        given = syllables[len(sur) :]
        if sur:
            alts.append(_SEP.join(map(_syl, sur)) + r"\s+" + _SEP.join(map(_syl, given)))
        else:
            alts.append(_SEP.join(map(_syl, syllables)))
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alts) + r")" + _END, re.IGNORECASE)


#: the end of a name: no letter, hyphen or apostrophe follows, except a possessive ('s)
_END = r"(?:(?=['’]s\b)|(?![\w'’-]))"


def _surname_count(surname: str, syllables: tuple[str, ...]) -> tuple[str, ...]:
    """The syllables of ``syllables`` that spell ``surname`` ("Ouyang" -> ("ou", "yang"))."""
    target, out = surname.lower(), list[str]()
    for s in syllables:
        if "".join(out) == target:
            break
        out.append(s)
    return tuple(out) if "".join(out) == target else syllables[:1]


@lru_cache(maxsize=65536)
def _first_words(accepted: tuple[str, ...]) -> tuple[str, ...] | None:
    """The first word of each accepted form, lower case, apostrophes and hyphens cut off
    (what any match of the accepted regex starts with); ``None`` when a form has a ü."""
    if any("ü" in f for f in accepted):
        return None
    return tuple(re.split(r"[-'’ ]", f.lower())[0] for f in accepted)


@lru_cache(maxsize=4096)
def _source_side(source: str):
    """The names of ``source`` read once per source text: ``(names, tests, known)``, where
    ``tests`` holds for each name its first words (:func:`_first_words`) and its accepted
    regex, and ``known`` every accepted form squashed; ``None`` when there is no name."""
    if not HAN.search(source):
        return None
    from repair.zhsource import source_names

    names = source_names(source, _KINDS)
    if not names:
        return None
    tests = tuple((n, _first_words(n.accepted), _accepted_regex(n.accepted, n.syllables, n.surname)) for n in names)
    return names, tests, frozenset(_squash(f) for n in names for f in n.accepted)


class RomanisationMatcher(SourceMatcher):
    """Names of the Chinese source misspelt, reordered or cut in the target."""

    kind = "romanisation"
    keys = {
        "check": {"enum": ["spelling", "order", "given-alone"]},
        "min_similarity": {"type": "number", "minimum": 50, "maximum": 100},
    }
    required = ("check",)
    doc = KindDoc(
        finds="a person, place or organisation name of the Chinese source (rjieba's tags) that the target "
        "misspells (spelling), writes given name first or cut into syllables (order), or cuts to the "
        "given name (given-alone); forms from repair/data/zh-names.yaml, CC-CEDICT, else pinyin",
        keys={
            "check": "spelling, order or given-alone",
            "min_similarity": "for spelling: the least rapidfuzz ratio (0-100) of a near miss; default 85",
        },
        fixes="unsafe: the tagger can take a word for a name, and a person may write their name otherwise",
        example="""\
id: house/names/spelling
kind: romanisation
check: spelling
category: accuracy/mistranslation
severity: major
applicability: unsafe
message: "a source name is misspelt"
examples:
  - bad: "He lives in Zianjin."
    source: "他住在天津。"
    fixed: "He lives in Tianjin."
    unsafe: true
  - good: "He lives in Tianjin."
    source: "他住在天津。"
""",
    )

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        side = _source_side(source)
        if side is None:
            return
        names, tests, known = side
        target = unprotected(view)
        folded = view.folded
        missing = [
            n
            for n, firsts, regex in tests
            if not ((firsts is None or any(w in folded for w in firsts)) and regex.search(target))
        ]
        if not missing:
            return
        self._runs_of: tuple[str, tuple[tuple[tuple[int, int], ...], ...] | None] = (target, None)
        taken: list[tuple[int, int]] = []
        for rule in self.rules:
            check = rule.params["check"]
            for n in missing:
                for start, end, repl, why in self._candidates(check, rule, n, target, known):
                    if any(s < end and start < e for s, e in taken) or self.excepted(rule, view.text, start, end):
                        continue
                    taken.append((start, end))
                    msg = f"{rule.message}: source {n.hanzi} is {n.canonical!r} ({n.source}); {why}"
                    yield self.edit(rule, view, start, end, repl, message=msg)

    def _candidates(self, check: str, rule, n, target: str, known: set[str]):
        if check == "spelling":
            runs = self._runs_of[1]
            if runs is None:
                runs = _runs(target)
                self._runs_of = (target, runs)
            yield from _near_misses(n, target, runs, known, float(rule.params.get("min_similarity", 85)))
        elif n.pos == "nr" and n.given and n.syllables:
            everything, reverse, surname, alone = _person_regexes(n.surname, n.syllables)
            if check == "order":
                for m in everything.finditer(target):
                    # more words than surname + given name: the given name (or a compound
                    # surname) cut into syllables; one word may be a place ("Jiangkou")
                    if len(m.group().split()) > 2:
                        yield m.start(), m.end(), n.canonical, f"{m.group()!r} splits the name"
                for m in reverse.finditer(target):
                    yield m.start(), m.end(), n.canonical, f"{m.group()!r} puts the given name first"
            elif check == "given-alone" and alone is not None:
                if surname.search(target):
                    return
                for m in alone.finditer(target):
                    # a hyphenated given name ("Chun-shan") follows Wade-Giles or Cantonese
                    # conventions, whose surname ("Chao" for 赵) pinyin cannot tell
                    if m.group()[:1].isupper() and "-" not in m.group():
                        yield m.start(), m.end(), n.canonical, f"{m.group()!r} is the given name alone"


@lru_cache(maxsize=65536)
def _person_regexes(surname: str, syllables: tuple[str, ...]):
    """For a person: the whole name with any separators, given name then surname, the
    surname alone, the given name alone (``None`` for a given name of one syllable)."""
    sur = _surname_count(surname, syllables)
    given = syllables[len(sur) :]
    start = r"(?<![\w'’-])"
    everything = re.compile(start + r"[\s'’-]*".join(map(_syl, syllables)) + _END, re.I)
    reverse = re.compile(
        start + r"[\s'’-]*".join(map(_syl, given)) + r"\s+" + r"[\s'’-]*".join(map(_syl, sur)) + _END, re.I
    )
    alone_surname = re.compile(start + _SEP.join(map(_syl, sur)) + _END, re.I)
    alone = re.compile(start + _SEP.join(map(_syl, given)) + _END, re.I) if len(given) >= 2 else None
    return everything, reverse, alone_surname, alone


def _syllable_added(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ only by one inserted run of two or more letters (a
    pinyin syllable: "zhangjike"/"zhangji", "huaiheriver"/"huairiver") or one contains the other."""
    from difflib import SequenceMatcher

    if (a in b or b in a) and abs(len(a) - len(b)) >= 2:
        return True
    ops = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    return (
        len(ops) == 1 and ops[0][0] in ("insert", "delete") and max(ops[0][2] - ops[0][1], ops[0][4] - ops[0][3]) >= 2
    )


_NON_LETTER = re.compile(r"[^a-zü]")
_WORDS = re.compile(r"\S+")


def _runs(target: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The capitalised runs of ``target``, each as the ``(start, end)`` of its words."""
    return tuple(
        tuple((m.start() + p.start(), m.start() + p.end()) for p in _WORDS.finditer(m.group()))
        for m in _CAP_RUN.finditer(target)
    )


@lru_cache(maxsize=64)
def _all_windows(target: str, runs: tuple[tuple[tuple[int, int], ...], ...], words: int):
    """Every stretch of ``words`` capitalised words of ``target`` (``runs``: :func:`_runs`), read
    once per target for all the names of its source, by the length of its squashed text:
    ``{length: [(start, width, end, text, squashed, order)]}``, ``end`` before a possessive
    's, ``width`` the span's length with it, ``order`` its place among all stretches."""
    out: dict[int, list[tuple[int, int, int, str, str, int]]] = {}
    k = 0
    for parts in runs:
        for i in range(len(parts) - words + 1):
            s, e = parts[i][0], parts[i + words - 1][1]
            width = e - s
            if target.endswith(("'s", "’s"), s, e):
                e -= 2
            cand = target[s:e]
            sq = _squash(cand)
            out.setdefault(len(sq), []).append((s, width, e, cand, sq, k))
            k += 1
    return out


def _windows(target: str, runs, words: int, length: int):
    """The stretches of :func:`_all_windows` whose squashed text is within 2 letters of
    ``length`` long (no other can be a near miss), in the order of the text."""
    by_length = _all_windows(target, runs, words)
    found = [w for n in range(length - 2, length + 3) for w in by_length.get(n, ())]
    found.sort(key=lambda w: w[5])
    return [w[:5] for w in found]


def _near_misses(n, target: str, runs: tuple[tuple[tuple[int, int], ...], ...], known: set[str], threshold: float):
    """Stretches of capitalised words (``runs``, from :func:`_runs`) as many words long as
    the name's form and about as long, close to it but not it (a possessive 's left out)."""
    from rapidfuzz.fuzz import ratio

    from repair.lexicon import is_english_word

    want = _squash(n.canonical)
    words = len(n.canonical.split())
    if len(want) < 4:
        return
    longest = len(n.canonical) + 6
    for s, width, e, cand, sq in _windows(target, runs, words, len(want)):
        if width > longest:
            continue
        if sq == want or sq in known or abs(len(sq) - len(want)) > 2 or sq in n.readings:
            continue  # another reading of a polyphonic character (隽: Junyi, not Juanyi)
        if sq.startswith(want) or want.startswith(sq) or any(_squash(p) == want for p in cand.split("-")):
            continue  # a derived form: "Mountains", "China-US" for China-USA, "R-Alabama"
        if ratio(sq, want) < threshold or _syllable_added(sq, want):
            continue  # a syllable more or less: the tagger cut the name (张继|科), or 河 as -he
        if all(is_english_word(w) for w in cand.split()):
            continue  # "South African" for 南非, "Norwegian": English words, a derived form
        yield s, e, n.canonical, f"{cand!r} looks like a misspelling"
