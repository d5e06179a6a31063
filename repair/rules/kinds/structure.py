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
  in “…” or 「…」, and the target has no quotation mark at all. Segment-level.
- ``titles``: the source has a book-title mark 《…》 and the target has no quotation mark,
  no italics mark (``*`` or ``_``) and no capitalised word after its first. Segment-level.
- ``brackets``: the source has a bracketed passage （…） of ``min_chars`` or more characters
  with a Han character in it, and the target has no bracket or dash. Segment-level.
- ``sentences``: the source has at least ``min_sentences`` (default 3) sentences (ended by
  。！？) and the target fewer than half as many. Segment-level.

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
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][a-z]")


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


@lru_cache(maxsize=4096)
def _quoted(source: str, least: int) -> str | None:
    """The first passage of ``least`` or more characters the source quotes, or ``None``."""
    return next((m.group(1) for m in _ZH_QUOTED.finditer(source) if len(m.group(1).strip()) >= least), None)


@lru_cache(maxsize=4096)
def _bracketed(source: str, least: int) -> str | None:
    """The first bracketed passage of ``least`` or more characters with a Han character, or ``None``."""
    return next(
        (m.group(1) for m in _ZH_BRACKETED.finditer(source) if len(m.group(1)) >= least and HAN.search(m.group(1))),
        None,
    )


@lru_cache(maxsize=4096)
def _title(source: str) -> str | None:
    m = _ZH_TITLE.search(source)
    return None if m is None else m.group(0)


@lru_cache(maxsize=4096)
def _zh_sentences(source: str) -> int:
    return sentence_count(source, _ZH_SENTENCE_END)


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
        "a phrase the target repeats in a loop while the source repeats nothing, and text the source does "
        "not hold at all (an LLM's preamble, an engine's error string).",
        keys={
            "check": "one of loop, extra, quotes, titles, brackets, sentences",
            "min_letters": "loop: letters a repeated phrase of three or more words has at least (default 12)",
            "min_chars": "quotes, brackets: characters a quoted or bracketed source passage has at least (default 6)",
            "min_sentences": "sentences: source sentences at least (default 3)",
        },
        fixes="A loop's repeat and an LLM's preamble are deleted (unsafe: the text left is the MT's own, "
        "but a person should look); everything else is display: the words to add are not known.",
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
        text = view.text
        if not _chinese(source):
            return  # the checks read a Chinese source; another language is skipped
        for rule in self.rules:
            check = rule.params["check"]
            if check == "loop":
                yield from self._loops(rule, view, source)
            elif check == "extra":
                yield from self._extra(rule, view, source)
            elif check == "quotes":
                quoted = _quoted(source, rule.params.get("min_chars", 6))
                if quoted is not None and not _EN_QUOTE.search(text):
                    yield self.flag_segment(rule, view, f"{rule.message}: the source quotes “{quoted}”")
            elif check == "titles":
                title = _title(source)
                if (
                    title is not None
                    and not _EN_QUOTE.search(text)
                    and not re.search(r"[*_]", text)
                    and not _CAPITALISED.search(text)
                ):
                    yield self.flag_segment(rule, view, f"{rule.message}: the source names the title {title}")
            elif check == "brackets":
                inside = _bracketed(source, rule.params.get("min_chars", 6))
                if inside is not None and not re.search(r"[()\[\]—–]|\s-\s|--", text):
                    yield self.flag_segment(rule, view, f"{rule.message}: the source's bracket （{inside}）")
            else:  # sentences
                ns = _zh_sentences(source)
                if ns < rule.params.get("min_sentences", 3):
                    continue
                nt = sentence_count(text, _EN_SENTENCE_END)
                if 2 * nt < ns:
                    yield self.flag_segment(
                        rule, view, f"{rule.message}: {ns} sentences in the source, {nt} in the target"
                    )

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
