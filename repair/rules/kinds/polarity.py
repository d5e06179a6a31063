"""``polarity``: a negation of the source the target lost, one the target added, or a yes/no flipped.

One rule names one ``check``:

- ``added``: the target negates ("not", "n't", "no", "never", "nothing", "nobody", "none",
  "nowhere", "neither", "nor", "cannot") while the source holds no character that negates
  or restricts at all (:data:`SOURCE_NEGATIVE_CHARS`: 不 没 未 无 非 否 别 勿 莫 and the
  words English renders with a negation: 少 "little", 只 "nothing but", 难 "not easy", 才
  "not until", 缺 "lack", 拒 "refuse", 禁 "ban", 免 "free of", 停 "stop" ...). The span is the
  target's negation.
- ``dropped``: the source negates a verb (不 没 没有 未 别 勿 并非 无法 before what follows,
  with the words that hold these characters without negating removed first: 无论, 非常,
  不仅, 不断, 不少, 未来, 别人, 特别, 否则, 是否 ... :data:`NOT_NEGATIONS`) and the target holds
  no negation at all, no word with a negative prefix or suffix (un-, in-, im-, il-, ir-,
  dis-, non-, mis-, -less) and no word that carries a negation (fail, lack, refuse, avoid,
  prevent, stop, deny, only, instead, rather, without, until, unless, few, little, hardly,
  barely, ...). The span is the target's rendering of what the source negates (the words
  after the negator in its clause, at most two, found by :func:`repair.align_zh.locate`); a
  negation whose words are not found with confidence is not reported.
- ``answer``: the source opens with a yes (是的, 对, 没错, 当然) and the target with "No", or
  the source with a no (不, 不是, 没有, 不对) and the target with "Yes". The span is the
  target's first word.

A source without Han characters is skipped. Chinese is read a character at a time (no
segmenter); every finding is display-only: a
person decides which side is right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, ClassVar, NamedTuple

from repair.edits import Edit
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import HAN, SourceMatcher

CHECKS = ("added", "dropped", "answer")

#: Characters whose presence anywhere in the source may explain a negation in English.
SOURCE_NEGATIVE_CHARS = frozenset("不没未无非否别勿莫毫甭休少只仅难才缺拒禁免停止失忘避防除反空零缺弗欠漏误错差")

#: Words that hold a negating character without negating a verb (removed before ``dropped``
#: looks for a negation).
NOT_NEGATIONS = tuple(
    sorted(
        """
无论 非常 不仅 不但 不过 不断 不少 不久 不同 不管 不然 不如 不错 不得不 未来 非洲 除非 是否 否则 与否
别人 特别 分别 区别 告别 级别 类别 别的 个别 差别 性别 识别 派别 辨别 鉴别 别墅 别名 别处 无数 无限 无比
无人机 无线 无疑 毫无疑问 莫名 不安 不满 不良 不禁 不由得 不停 非凡 无私 无穷 无所不 不可思议 不知不觉
不约而同 不可避免 无与伦比 不得了 了不起 不止 不仅仅 要不 要不然 不妨 何不 没错 不用谢 不客气 差不多 不好意思
忍不住 对不起 非得 无非 莫过于 不时 不免 无意间 无意中 不一会 不至于 并不是说 非但 不外乎 说不定 不亚于 不可或缺
不只 未必不 无时无刻 大不了 不见不散 不言而喻 不同寻常 无处不在 非比寻常 莫大 不屈不挠 不计其数 无可厚非
""".split(),
        key=len,
        reverse=True,
    )
)

_NEGATORS = re.compile(r"并非|无法|没有|不|没|未|别|勿")
_EN_NEGATION = re.compile(
    r"\b(?:no\b(?!\.?\s*\d)|not|never|nothing|nobody|none|nowhere|neither|nor|cannot|can't|won't|don't|doesn't|didn't|isn't|"
    r"aren't|wasn't|weren't|haven't|hasn't|hadn't|shouldn't|wouldn't|couldn't|mustn't|needn't|ain't)\b|\w+n[’']t\b",
    re.IGNORECASE,
)
#: :data:`_EN_NEGATION` without the words that hold an apostrophe: the same matches in a text
#: that has none, found faster
_EN_NEGATION_PLAIN = re.compile(
    r"\b(?:no\b(?!\.?\s*\d)|not|never|nothing|nobody|none|nowhere|neither|nor|cannot)\b", re.IGNORECASE
)


def _negation(text: str) -> re.Pattern[str]:
    """The pattern of the target's negations to run on ``text``."""
    return _EN_NEGATION if "'" in text or "’" in text else _EN_NEGATION_PLAIN


_EN_NEGATIVE_WORD = re.compile(
    r"\b(?:un|in|im|il|ir|dis|non|mis|anti)[a-z]{3,}|\b[a-z]{3,}less(?:ly|ness)?\b|\b(?:fail|lack|refus|avoid|prevent|"
    r"stop|den[iy]|only|instead|rather|without|until|unless|few|little|hardly|barely|scarcely|seldom|rarely|absen|"
    r"free|beyond|ignor|neglect|miss|lose|lost|los|forbid|ban|prohibit|halt|cease|quit|resist|reject|decline|"
    r"impossib|unable|against|except|besides|other|differ|same|alone|yet|before|too|nor|negative|zero|short|"
    r"limit|wrong|mistak|false|doubt|exclud|escap|spar|keep|stay|hold|remain|still|but|away|off|out|less)\w*",
    re.IGNORECASE,
)
_ZH_YES = re.compile(r"^[\s“「\"]*(?:是的|是啊|对的|对啊|对|没错|当然|好的)(?=[，,。！!\s]|$)")
_ZH_NO = re.compile(r"^[\s“「\"]*(?:不是|不对|没有|不)(?=[，,。！!\s]|$)")
_EN_FIRST = re.compile(r"^[\s\"“‘']*(Yes|Yeah|No|Nope)\b", re.IGNORECASE)


#: :data:`NOT_NEGATIONS` as one pattern; 不同 only when no 意 follows (不同意 "disagree" negates)
#: A-not-A questions (会不会 "will it", 是不是, 有没有, 能不能): they ask, they do not negate
_A_NOT_A = r"([\u4e00-\u9fff])(?<![不没])[不没]\1"
_NOT_NEGATION = re.compile(_A_NOT_A + "|" + "|".join(w + "(?!意)" if w == "不同" else w for w in NOT_NEGATIONS))


def source_negations(source: str) -> list[str]:
    """The negators of ``source`` that negate (after :data:`NOT_NEGATIONS` and A-not-A
    questions such as 会不会 are blanked out)."""
    return _NEGATORS.findall(_NOT_NEGATION.sub(lambda m: "　" * len(m.group(0)), source))


class SourcePolarity(NamedTuple):
    """What a source says about negation, read once per source text."""

    chinese: bool  #: it holds a Han character (else every check skips it)
    negative_chars: bool  #: it holds a character of :data:`SOURCE_NEGATIVE_CHARS`
    negations: tuple[str, ...]  #: :func:`source_negations`
    says_yes: bool  #: it opens with a yes (:data:`_ZH_YES`)
    says_no: bool  #: it opens with a no (:data:`_ZH_NO`)


@lru_cache(maxsize=4096)
def source_polarity(source: str) -> SourcePolarity:
    """:class:`SourcePolarity` of ``source``."""
    return SourcePolarity(
        HAN.search(source) is not None,
        bool(SOURCE_NEGATIVE_CHARS.intersection(source)),
        tuple(source_negations(source)),
        _ZH_YES.match(source) is not None,
        _ZH_NO.match(source) is not None,
    )


#: a negator at the start of a word of the source as rjieba cuts it (不去, 没有, 无法, 未能)
_NEGATOR_START = re.compile(r"^(?:并非|无法|没有|不|没|未|别|勿)")
_ZH_CLAUSE_END = re.compile(r"[，,。；;：:！!？?、“”「」（）()]")


@lru_cache(maxsize=4096)
def negated_phrases(source: str) -> tuple[tuple[str, str], ...]:
    """``(negator, what it negates)`` for each negation of ``source`` (after :data:`NOT_NEGATIONS`
    are blanked out): the rest of the word the negator opens (不去 -> 去) and the words after
    it up to the end of the clause, at most two content words (:func:`repair.align_zh.content_words`)."""
    from repair.align_zh import FUNCTION_WORDS
    from repair.zhsource import cut

    blanked = _NOT_NEGATION.sub(lambda m: "　" * len(m.group(0)), source)
    tokens = [t for t in cut(blanked) if t.strip("　 ")]
    out = []
    for i, tok in enumerate(tokens):
        m = _NEGATOR_START.match(tok)
        if m is None:
            continue
        rest = [tok[m.end() :]] if tok[m.end() :] else []
        for nxt in tokens[i + 1 :]:
            if _ZH_CLAUSE_END.search(nxt) or len(rest) >= 2:
                break
            if HAN.search(nxt) and nxt not in FUNCTION_WORDS and not _NEGATOR_START.match(nxt):
                rest.append(nxt)
        if rest:
            out.append((m.group(0), "".join(rest)))
    return tuple(out)


def negated_renderings(source: str, text: str) -> Iterable[tuple[str, str, int, int]]:
    """``(negator, negated words, start, end)``: the spans of ``text`` that render what a
    negation of ``source`` negates (:func:`negated_phrases`, found with confidence by
    :func:`repair.align_zh.locate`)."""
    from repair.align_zh import locate

    seen = set()
    for negator, words in negated_phrases(source):
        found = locate(words, text)
        if found is None or not found.confident or (found.start, found.end) in seen:
            continue
        seen.add((found.start, found.end))
        yield negator, words, found.start, found.end


class PolarityMatcher(SourceMatcher):
    """Negations and yes/no answers that disagree with the source (see module doc)."""

    kind = "polarity"
    keys: ClassVar[Mapping[str, Any]] = {"check": {"enum": list(CHECKS)}}
    required: ClassVar[tuple[str, ...]] = ("check",)
    doc = KindDoc(
        finds="A negation the target adds while the source negates nothing, a negation of the source the target "
        "drops, a yes answered no (or a no answered yes).",
        keys={"check": "added, dropped or answer"},
        fixes="Display only: which side is right, and how to say it, is for a person.",
        example="""\
id: bilingual/polarity/added
kind: polarity
check: added
category: accuracy/mistranslation
severity: major
applicability: display
message: "a negation the source does not have"
examples:
  - bad: "He did not agree."
    source: "他同意了。"
    flagged: "not"
  - good: "He agreed."
    source: "他同意了。"
""",
    )

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        text = view.text
        src = source_polarity(source)
        if not src.chinese:
            return  # a source in another language than Chinese is skipped
        for rule in self.rules:
            check = rule.params["check"]
            if check == "added":
                if src.negative_chars:
                    continue
                for m in _negation(text).finditer(text):
                    if not self.excepted(rule, text, m.start(), m.end()):
                        yield self.edit(
                            rule,
                            view,
                            m.start(),
                            m.end(),
                            m.group(0),
                            message=f"{rule.message}: {m.group(0)!r}, and the source negates nothing",
                        )
            elif check == "dropped":
                if not src.negations or _negation(text).search(text) or _EN_NEGATIVE_WORD.search(text):
                    continue
                for negator, words, start, end in negated_renderings(source, text):
                    if not self.excepted(rule, text, start, end):
                        yield self.edit(
                            rule,
                            view,
                            start,
                            end,
                            text[start:end],
                            message=f"{rule.message}: the source says {negator}{words}; this renders it without a negation",
                        )
            else:  # answer
                if not (src.says_yes or src.says_no):
                    continue
                first = _EN_FIRST.match(text)
                if first is None:
                    continue
                said_yes = first.group(1).lower() in ("yes", "yeah")
                if (said_yes and src.says_no) or (not said_yes and src.says_yes):
                    yield self.edit(
                        rule,
                        view,
                        first.start(1),
                        first.end(1),
                        first.group(1),
                        message=f"{rule.message}: {first.group(1)!r} answers {source[:4]!r}",
                    )
