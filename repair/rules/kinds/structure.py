"""``structure``: structure of the source the target lost, or text the source does not hold.

One rule names one ``check``:

- ``loop``: a phrase of at least three words (and ``min_letters`` letters, default 12) that the
  target says twice or more in a row ("if the universe is empty, if the universe is empty"),
  or of two words said three times or more (:func:`loops`),
  while the source repeats nothing in a row (no run of two or more Han characters followed,
  after punctuation at most, by itself: 宇宙，宇宙 is a repeat the translation may keep).
  A pair of copies is flagged only when no two Han characters stand twice anywhere in the
  source (不要惹麻烦，不要去惹事 may be rendered "don't make trouble, don't make trouble"),
  and the last copy must end a clause (punctuation or the end follows: "collection of
  personal information, collection of personal information beyond the scope" is a list).
  The span is each repeat after the first, with the punctuation before it; the fix
  (unsafe) deletes it.
- ``extra``: text the source does not hold at all: an LLM's preamble ("Here is the
  translation:", "Sure! Translation:") or an engine's error string ("MYMEMORY WARNING",
  "QUERY LENGTH LIMIT EXCEEDED"). A preamble before the translation is deleted (unsafe:
  the text after it is the translation); an error string is flagged (display).
- ``quotes``: the source quotes a passage of ``min_chars`` (default 6) or more characters
  in “…” or 「…」, the target renders it (:func:`repair.align_zh.locate`, with confidence)
  without a quotation mark near it and not in capitals (a name needs no quotation marks).
  The span is the rendering; when every content word of a quotation is found the fix
  (unsafe at most) puts it in quotation marks.
- ``titles``: the same for a title in 《…》 (``min_chars`` default 2), also left alone in
  italics (``*``, ``_``) or with a capitalised word; display.
- ``brackets``: the same for a bracketed passage （…） with a Han character, left alone
  near a bracket or dash; display.
  These three skip a target with as many marks as the source's passages need (a wrong
  alignment must not flag a passage the target does mark).
- ``sentences``: the source has at least ``min_sentences`` (default 2) sentences (ended by
  。！？), the target fewer, and one source sentence of four or more content words is
  hardly rendered (:func:`missing_sentences`): a zero-width finding where it belongs.

A source without Han characters is skipped. Chinese is read a character at a time (no segmenter): reduplication of single characters
(看看, 常常) is not a repeat, a repeated run of two or more is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, ClassVar

from repair.edits import Applicability, Edit, weaker
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import HAN, SourceMatcher

CHECKS = ("loop", "extra", "quotes", "titles", "brackets", "sentences")

#: A run of two or more Han characters followed by itself, punctuation at most between.
_SOURCE_REPEAT = re.compile(r"([\u3400-\u9fff]{2,}?)[\s，、,。；;：:！!？?…—\-·\"“”]*\1")

#: LLM preambles: what a chat model says before the translation. Case-insensitive, at the start.
_PREAMBLE = re.compile(
    r"^\s*(?:(?:sure|certainly|of course|okay|ok)\b[!,.]?\s*)?"
    r"(?:here(?:'s| is) (?:the|a|my|your) (?:english |possible )?translation(?: of [^:\n]{0,80})?"
    r"|(?:the )?(?:english )?translation(?: in english| into english)?(?: is)?|translated text)"
    r"\s*[:：]\s*(?:\n\s*)?",
    re.IGNORECASE,
)
#: Error strings of translation engines and refusals of chat models (the whole text or a part).
_ENGINE_ERROR = re.compile(
    r"MYMEMORY WARNING[^\n]*|QUERY LENGTH LIMIT EXCEEDED[^\n]*|PLEASE SELECT TWO DISTINCT LANGUAGES"
    r"|INVALID LANGUAGE PAIR SPECIFIED[^\n]*|\bAs an AI language model\b[^\n]*"
    r"|\bI(?:'m| am) sorry, but I (?:can(?:not|'t)|am unable to) (?:translate|help|provide)[^\n]*"
    r"|\[(?:translation (?:error|failed)|untranslated)\]",
    re.IGNORECASE,
)
#: one of these (lower case) is in every match of :data:`_ENGINE_ERROR`: a quick test first
_ERROR_KEYS = ("mymemory", "query length", "distinct languages", "language pair", "language model", "sorry", "[")
#: Source words that mean translation or apology: then a "Translation:" or "sorry" may be the source's own.
_SOURCE_META = re.compile(r"翻译|译文|译|抱歉|对不起|人工智能")

_ZH_QUOTED = re.compile(r"[“「『]([^”」』]+)[”」』]")
_ZH_TITLE = re.compile(r"《[^》]+》")
_ZH_BRACKETED = re.compile(r"[（(]([^）)]+)[）)]")
_ZH_SENTENCE_END = re.compile(r"[。！？!?]+[”」』）)]*")
_EN_QUOTE = re.compile(r"[\"“”«»「」]|(?<!\w)'|'(?!\w)|‘|’(?!\w)")
_EN_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9]|\s*$)")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]")


_WORD = re.compile(r"\w[\w'’-]*")
#: what may stand between two copies of a phrase in a loop
_LOOP_GAP = re.compile(r"(?:[,;.]?[ ]+|[,;.])")


def loops(text: str, min_letters: int = 12) -> Iterable[tuple[int, int, str, int]]:
    """Phrases said again right after themselves: ``(start, end, phrase, times)``, where
    ``[start, end)`` spans the repeats after the first copy (with the gap before each).

    A loop is a phrase of three or more words and ``min_letters`` letters said twice or more
    in a row, or a phrase of two words said three times or more; copies are compared
    without case and may be parted by a space and a comma, semicolon or full stop.
    Words are scanned once per phrase length (up to 12 words), so a long line costs linear time.
    """
    low = text.lower()
    if text.isascii():  # lower() keeps every offset and every word
        words = None
        lw = _WORD.findall(low)
        if len(lw) < 2 or len(set(zip(lw, lw[1:]))) == len(lw) - 1:
            return  # no pair of words said twice: no loop
    else:
        words = [m.span() for m in _WORD.finditer(text)]
        lw = [low[a:b] for a, b in words]
    n = len(lw)
    # a loop of ``size`` words at ``i`` says the pair of words at ``i`` again at ``i + size``
    pairs = list(zip(lw, lw[1:]))
    counts = Counter(pairs)
    seen: dict[tuple[str, str], int] = {}
    sizes: dict[int, list[int]] = {}
    for k, pair in enumerate(pairs):
        if counts[pair] < 2:
            continue  # a pair said once starts no loop
        last = seen.get(pair)
        if last is not None and 2 <= k - last <= 12:
            sizes.setdefault(last, []).append(k - last)
        seen[pair] = k
    if not sizes:
        return
    if words is None:
        words = [m.span() for m in _WORD.finditer(text)]
    i = 0
    for start in sorted(sizes):  # only a word that opens a pair said again can open a loop
        if start < i:
            continue  # inside the loop found last
        i = start
        best = None
        for size in sizes[i]:
            if i + 2 * size > n or lw[i : i + size] != lw[i + size : i + 2 * size]:
                continue
            copies, j = 1, i + size
            while (
                j + size <= n
                and lw[j : j + size] == lw[i : i + size]
                and _LOOP_GAP.fullmatch(text, words[j - 1][1], words[j][0])
            ):
                copies += 1
                j += size
            if copies < 2:
                continue
            phrase = text[words[i][0] : words[i + size - 1][1]]
            letters = sum(c.isalpha() for c in phrase)
            after = text[words[j - 1][1] : words[j - 1][1] + 2].lstrip(" ")
            if after[:1].isalnum():
                continue  # the last copy opens a longer phrase: a list ("collection of X, collection of X beyond ...")
            if (size >= 3 and letters >= min_letters) or (copies >= 3 and letters >= 6):
                best = (words[i + size - 1][1], words[j - 1][1], phrase, copies, j)
                break
        if best:
            yield best[:4]
            i = best[4]


@lru_cache(maxsize=4096)
def source_says_twice(source: str) -> bool:
    """Whether some two Han characters stand twice anywhere in the source (不要…，不要…)."""
    seen = set()
    for m in re.finditer(r"[\u3400-\u9fff]+", source):
        run = m.group(0)
        for k in range(len(run) - 1):
            pair = run[k : k + 2]
            if pair in seen:
                return True
            seen.add(pair)
    return False


@lru_cache(maxsize=4096)
def source_repeats(source: str) -> bool:
    """Whether the source says a run of two or more Han characters twice in a row."""
    return _SOURCE_REPEAT.search(source) is not None


def sentence_count(text: str, ends: re.Pattern[str]) -> int:
    """Sentences of ``text``: ends of sentence found, plus one for trailing text without one."""
    text = text.strip()
    if not text:
        return 0
    n = 0
    last = 0
    for m in ends.finditer(text):
        n += 1
        last = m.end()
    return n + (1 if text[last:].strip() else 0)


@lru_cache(maxsize=4096)
def _chinese(source: str) -> bool:
    return HAN.search(source) is not None


_MARKS = {"quotes": ("“", "”"), "titles": ("《", "》"), "brackets": ("（", "）")}
_SOURCE_MARKED = {"quotes": _ZH_QUOTED, "titles": re.compile(r"《([^》]+)》"), "brackets": _ZH_BRACKETED}
#: what marks a rendering as quoted, titled or bracketed in English, near its span
_EN_MARKED = {
    "quotes": _EN_QUOTE,
    "titles": re.compile(r"[\"“”«»*_]|(?<!\w)'|'(?!\w)|‘|’(?!\w)"),
    "brackets": re.compile(r"[()\[\]—–]|\s-\s|--"),
}
#: characters either side of an aligned span searched for the target's own marks (an
#: alignment may cover part of a rendering only)
_NEAR = 24


@lru_cache(maxsize=4096)
def _marked(source: str, check: str, least: int) -> tuple[str, ...]:
    """The passages of ``source`` in quotation marks, 《》 or brackets (``check``) of ``least``
    or more characters with a Han character in them."""
    return tuple(
        m.group(1).strip()
        for m in _SOURCE_MARKED[check].finditer(source)
        if len(m.group(1).strip()) >= least and HAN.search(m.group(1))
    )


def marked_rendering(inside: str, text: str, check: str) -> tuple[int, int, str | None] | None:
    """Where ``text`` renders the source passage ``inside`` without the marks of ``check``:
    ``(start, end, fix)`` with ``fix`` the span in quotation marks when the passage is a quotation
    of two or more content words that are all found in the span, else ``None`` (a title's
    rendering may be partial: "dream of the red" for 红楼梦); ``None`` for the whole when the
    rendering is not found with confidence (:func:`repair.align_zh.locate`) or is marked
    (a mark within :data:`_NEAR` characters; for titles also a capitalised word in the span)."""
    from repair.align_zh import locate

    found = locate(inside, text)
    if found is None or not found.confident:
        return None
    start, end = found.start, found.end
    if _EN_MARKED[check].search(text, max(0, start - _NEAR), min(len(text), end + _NEAR)):
        return None
    if check in ("quotes", "titles") and _CAPITALISED_WORD.search(text, start, end) and start > 0:
        return None  # a name or title in capitals ("the World Values Survey") needs no quotation marks
    if check == "quotes" and text[start:end][:1].isupper() and start == 0:
        return None  # the whole sentence opens with it: a quoted sentence rendered as reported speech
    fix = None
    if check == "quotes" and len(found.content) >= 2 and found.anchored == found.content:
        q = ("\u201c", "\u201d") if any(c in text for c in "“”‘’") else ('"', '"')
        fix = q[0] + text[start:end] + q[1]
    return start, end, fix


@lru_cache(maxsize=4096)
def _zh_sentences(source: str) -> int:
    return sentence_count(source, _ZH_SENTENCE_END)


@lru_cache(maxsize=4096)
def _zh_sentence_list(source: str) -> tuple[str, ...]:
    """The sentences of ``source``, each with its end (。！？ and closing marks)."""
    out, last = [], 0
    for m in _ZH_SENTENCE_END.finditer(source):
        out.append(source[last : m.end()].strip())
        last = m.end()
    if source[last:].strip():
        out.append(source[last:].strip())
    return tuple(s for s in out if s)


def missing_sentences(sentences: tuple[str, ...], text: str) -> Iterable[tuple[int, str]]:
    """``(offset, sentence)`` for each of ``sentences`` (a source's, in order) with four or more
    content words of which ``text`` renders under a quarter (:func:`repair.align_zh.locate`,
    best window), while the target has fewer sentences than the source: the offset is the end
    of the rendering of the sentence before it, else the start of the one after it (both found
    with confidence); a sentence whose neighbours are not found is not reported."""
    from repair.align_zh import locate

    if sentence_count(text, _EN_SENTENCE_END) >= len(sentences):
        return
    found = [locate(s, text) for s in sentences]
    for i, (sentence, f) in enumerate(zip(sentences, found)):
        if f is not None and 4 * len(f.anchored) >= len(f.content):
            continue
        if f is None and len(content_words_of(sentence)) < 4 or f is not None and len(f.content) < 4:
            continue
        before = found[i - 1] if i > 0 else None
        after = found[i + 1] if i + 1 < len(found) else None
        if before is not None and before.confident:
            yield before.end, sentence
        elif after is not None and after.confident:
            yield after.start, sentence


def content_words_of(sentence: str) -> tuple[str, ...]:
    """:func:`repair.align_zh.content_words`, imported late (it loads rjieba)."""
    from repair.align_zh import content_words

    return content_words(sentence)


@lru_cache(maxsize=4096)
def _source_meta(source: str) -> bool:
    return _SOURCE_META.search(source) is not None


class StructureMatcher(SourceMatcher):
    """Repeats, extra text and dropped quotes, titles, brackets and sentences (see module doc)."""

    kind = "structure"
    keys: ClassVar[Mapping[str, Any]] = {
        "check": {"enum": list(CHECKS)},
        "min_letters": {"type": "integer", "minimum": 1},
        "min_chars": {"type": "integer", "minimum": 1},
        "min_sentences": {"type": "integer", "minimum": 2},
    }
    required: ClassVar[tuple[str, ...]] = ("check",)
    doc = KindDoc(
        finds="Structure of the Chinese source the target lost (quotations, book titles, brackets, sentences), "
        "pointed at the words that render it (a lexical alignment: repair.align_zh), "
        "a phrase the target repeats in a loop while the source repeats nothing, and text the source does "
        "not hold at all (an LLM's preamble, an engine's error string).",
        keys={
            "check": "one of loop, extra, quotes, titles, brackets, sentences",
            "min_letters": "loop: letters a repeated phrase of three or more words has at least (default 12)",
            "min_chars": "quotes, brackets: characters a quoted or bracketed source passage has at least (default 6)",
            "min_sentences": "sentences: source sentences at least (default 2)",
        },
        fixes="A loop's repeat and an LLM's preamble are deleted (unsafe: the text left is the MT's own, "
        "but a person should look); a quotation whose every content word is found in the target is put "
        "in quotation marks (the rule's tier); everything else is display: the words to add are not known.",
        example="""\
id: bilingual/structure/loop
kind: structure
check: loop
category: accuracy/addition
severity: major
applicability: unsafe
message: "a phrase repeated that the source says once"
examples:
  - bad: "We saw the red star of Tianjin, the red star of Tianjin."
    source: "我们看到了天津的红星。"
    fixed: "We saw the red star of Tianjin."
    unsafe: true
  - good: "We saw the red star of Tianjin."
    source: "我们看到了天津的红星。"
""",
    )

    @classmethod
    def validate_rule(cls, raw: Mapping[str, Any]) -> Iterable[str]:
        own = {
            "loop": {"min_letters"},
            "quotes": {"min_chars"},
            "brackets": {"min_chars"},
            "sentences": {"min_sentences"},
        }
        allowed = own.get(raw.get("check", ""), set())
        for key in ("min_letters", "min_chars", "min_sentences"):
            if key in raw and key not in allowed:
                yield f"'{key}' does not apply to check {raw.get('check')!r}"

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        if not _chinese(source):
            return  # the checks read a Chinese source; another language is skipped
        for rule in self.rules:
            check = rule.params["check"]
            if check == "loop":
                yield from self._loops(rule, view, source)
            elif check == "extra":
                yield from self._extra(rule, view, source)
            elif check in ("quotes", "titles", "brackets"):
                yield from self._marks(rule, view, source, check)
            else:  # sentences
                yield from self._sentences(rule, view, source)

    def _sentences(self, rule, view: SegmentView, source: str) -> Iterable[Edit]:
        """A source sentence the target lacks, flagged where it belongs (see :func:`missing_sentences`)."""
        text = view.text
        if _zh_sentences(source) < rule.params.get("min_sentences", 2):
            return
        for at, sentence in missing_sentences(_zh_sentence_list(source), text):
            yield self.edit(rule, view, at, at, "", message=f"{rule.message}: the source's {sentence}")

    def _loops(self, rule, view: SegmentView, source: str) -> Iterable[Edit]:
        text = view.text
        least = rule.params.get("min_letters", 12)
        found = list(loops(text, least))
        if not found or source_repeats(source):
            return
        for start, end, phrase, times in found:
            if times == 2 and source_says_twice(source):
                continue  # 不要惹麻烦，不要去惹事: a source that varies a repeat may be rendered with one
            if not self.excepted(rule, text, start, end):
                yield self.edit(
                    rule,
                    view,
                    start,
                    end,
                    "",
                    message=f"{rule.message}: {phrase!r} is said {times} times; the source says it once",
                )

    def _marks(self, rule, view: SegmentView, source: str, check: str) -> Iterable[Edit]:
        """Quoted, titled or bracketed source passages whose rendering the target leaves unmarked."""
        text = view.text
        least = rule.params.get("min_chars", 2 if check == "titles" else 6)
        if len(_EN_MARKED[check].findall(text)) >= 2 * len(_marked(source, check, 1)):
            return  # as many marked passages as the source has: none is lost, whatever the alignment says
        for inside in _marked(source, check, least):
            found = marked_rendering(inside, text, check)
            if found is None:
                continue
            start, end, fix = found
            if self.excepted(rule, text, start, end):
                continue
            opening, closing = _MARKS[check]
            yield self.edit(
                rule,
                view,
                start,
                end,
                fix if fix is not None else text[start:end],
                applicability=weaker(Applicability.UNSAFE, rule.applicability)
                if fix is not None
                else Applicability.DISPLAY,
                message=f"{rule.message}: the source's {opening}{inside}{closing}",
            )

    def _extra(self, rule, view: SegmentView, source: str) -> Iterable[Edit]:
        text = view.text
        if _source_meta(source):
            return
        m = _PREAMBLE.match(text)
        if m and m.end() < len(text) and _chinese(source):
            yield self.edit(
                rule,
                view,
                m.start(),
                m.end(),
                "",
                applicability=weaker(Applicability.UNSAFE, rule.applicability),
                message=f"{rule.message}: {m.group(0).strip()!r} is no part of the source",
            )
        low = text.lower()
        if not any(k in low for k in _ERROR_KEYS):
            return
        for m in _ENGINE_ERROR.finditer(text):
            yield self.edit(
                rule,
                view,
                m.start(),
                m.end(),
                m.group(0),
                applicability=Applicability.DISPLAY,
                message=f"{rule.message}: {m.group(0)[:60]!r} is an engine's or a model's message, not a translation",
            )
