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
from functools import lru_cache
from typing import Any, Iterable

from repair.edits import Edit
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import HAN, SourceMatcher, unprotected

_KINDS = frozenset({"nr", "ns", "nsf", "nt"})
_CAP_RUN = re.compile(r"(?<![\w'’-])[A-Z][A-Za-zü]*(?:['’-][A-Za-zü]+)*(?:[ ][A-Z][A-Za-zü]*(?:['’-][A-Za-zü]+)*)*")
_SEP = r"[-'’]?"


def _squash(s: str) -> str:
    return re.sub(r"[^a-zü]", "", s.lower())


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
        given = syllables[len(sur):]
        if sur:
            alts.append(_SEP.join(map(_syl, sur)) + r"\s+" + _SEP.join(map(_syl, given)))
        else:
            alts.append(_SEP.join(map(_syl, syllables)))
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alts) + r")" + _END, re.IGNORECASE)


#: the end of a name: no letter, hyphen or apostrophe follows, except a possessive ('s)
_END = r"(?:(?=['’]s\b)|(?![\w'’-]))"


def _surname_count(surname: str, syllables: tuple[str, ...]) -> tuple[str, ...]:
    """The syllables of ``syllables`` that spell ``surname`` ("Ouyang" -> ("ou", "yang"))."""
    target, out = surname.lower(), []
    for s in syllables:
        if "".join(out) == target:
            break
        out.append(s)
    return tuple(out) if "".join(out) == target else syllables[:1]


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
        keys={"check": "spelling, order or given-alone",
              "min_similarity": "for spelling: the least rapidfuzz ratio (0-100) of a near miss; default 85"},
        fixes="unsafe: the tagger can take a word for a name, and a person may write their name otherwise",
        example="- id: house/names/spelling\n  kind: romanisation\n  check: spelling\n"
                "  category: accuracy/mistranslation\n  severity: major\n  applicability: unsafe\n"
                "  message: \"a source name is misspelt\"\n  examples:\n"
                "    - bad: \"He lives in Zianjin.\"\n      source: \"他住在天津。\"\n"
                "      fixed: \"He lives in Tianjin.\"\n      unsafe: true\n",
    )

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        if not HAN.search(source):
            return
        from repair.zhsource import source_names

        names = source_names(source, _KINDS)
        if not names:
            return
        target = unprotected(view)
        missing = [n for n in names if not _accepted_regex(n.accepted, n.syllables, n.surname).search(target)]
        if not missing:
            return
        known = {_squash(f) for n in names for f in n.accepted}
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
            yield from _near_misses(n, target, known, float(rule.params.get("min_similarity", 85)))
        elif n.pos == "nr" and n.given and n.syllables:
            sur = _surname_count(n.surname, n.syllables)
            given = n.syllables[len(sur):]
            if check == "order":
                everything = re.compile(r"(?<![\w'’-])" + r"[\s'’-]*".join(map(_syl, n.syllables)) + _END, re.I)
                for m in everything.finditer(target):
                    # more words than surname + given name: the given name (or a compound
                    # surname) cut into syllables; one word may be a place ("Jiangkou")
                    if len(m.group().split()) > 2:
                        yield m.start(), m.end(), n.canonical, f"{m.group()!r} splits the name"
                reverse = re.compile(r"(?<![\w'’-])" + r"[\s'’-]*".join(map(_syl, given)) + r"\s+"
                                     + r"[\s'’-]*".join(map(_syl, sur)) + _END, re.I)
                for m in reverse.finditer(target):
                    yield m.start(), m.end(), n.canonical, f"{m.group()!r} puts the given name first"
            elif check == "given-alone" and len(given) >= 2:
                if re.search(r"(?<![\w'’-])" + _SEP.join(map(_syl, sur)) + _END, target, re.I):
                    return
                alone = re.compile(r"(?<![\w'’-])" + _SEP.join(map(_syl, given)) + _END, re.I)
                for m in alone.finditer(target):
                    # a hyphenated given name ("Chun-shan") follows Wade-Giles or Cantonese
                    # conventions, whose surname ("Chao" for 赵) pinyin cannot tell
                    if m.group()[:1].isupper() and "-" not in m.group():
                        yield m.start(), m.end(), n.canonical, f"{m.group()!r} is the given name alone"


def _syllable_added(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ only by one inserted run of two or more letters (a
    pinyin syllable: "zhangjike"/"zhangji", "huaiheriver"/"huairiver") or one contains the other."""
    from difflib import SequenceMatcher

    if (a in b or b in a) and abs(len(a) - len(b)) >= 2:
        return True
    ops = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    return len(ops) == 1 and ops[0][0] in ("insert", "delete") and max(ops[0][2] - ops[0][1], ops[0][4] - ops[0][3]) >= 2


def _near_misses(n, target: str, known: set[str], threshold: float):
    """Capitalised runs of ``target`` as many words long as the name's form, close to it."""
    from rapidfuzz.fuzz import ratio

    from repair.lexicon import is_english_word

    want = _squash(n.canonical)
    words = len(n.canonical.split())
    if len(want) < 4:
        return
    for m in _CAP_RUN.finditer(target):
        run = m.group()
        parts = [(p.start(), p.end()) for p in re.finditer(r"\S+", run)]
        for i in range(len(parts) - words + 1):
            s, e = m.start() + parts[i][0], m.start() + parts[i + words - 1][1]
            cand = re.sub(r"['’]s$", "", target[s:e])
            e = s + len(cand)
            sq = _squash(cand)
            if sq == want or sq in known or abs(len(sq) - len(want)) > 2:
                continue
            if all(is_english_word(w) for w in cand.split()):
                continue  # "South African" for 南非, "Norwegian": English words, a derived form
            if _syllable_added(sq, want) or ratio(sq, want) < threshold:
                continue  # a syllable more or less: the tagger cut the name (张继|科), or 河 as -he
            yield s, e, n.canonical, f"{cand!r} looks like a misspelling"
