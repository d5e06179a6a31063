"""Numbers in Chinese sources and English targets, normalised to values for comparison.

Chinese: Arabic digits (also full-width) with an optional unit 万 (10^4), 亿 (10^8), 万亿
(10^12), 千 or 百 (``3.5亿`` = 350,000,000), and Chinese numerals (``三千五百`` = 3500,
``两`` = 2, ``十五`` = 15). English: digits with thousands commas and decimals, with an
optional scale word (``350 million``, ``1.2 billion``, ``3.5 hundred million``), number
words (``three``, ``twenty-five``, ``two million``), ordinals (``10th``, ``first``) and
month names (``April`` = 4). Values are floats; units follow the usual definitions (short
scale in English: billion = 10^9).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_LARGE = {"万": 10**4, "亿": 10**8}
CN_UNITS = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2}

_ZH_ARABIC = re.compile(
    r"(?<![A-Za-z\d.])(\d+(?:,\d{3})*(?:\.\d+)?)(?![A-Za-z\d])\s*[多余]?(万亿|亿|万|千(?!米|克|瓦)|百(?!分))?"
)
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")

SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
WORDS: dict[str, float] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
}
WORDS.update({w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())})
WORDS.update({"dozen": 12, "half": 0.5, "a": 1, "an": 1, "noon": 12, "midnight": 24})
#: words for a multiple: ``两倍`` is "twice", "double", "two times", "two-fold"
MULTIPLES = {
    "twice": 2,
    "double": 2,
    "doubled": 2,
    "doubling": 2,
    "twofold": 2,
    "triple": 3,
    "tripled": 3,
    "tripling": 3,
    "thrice": 3,
    "threefold": 3,
    "quadruple": 4,
    "quadrupled": 4,
    "fourfold": 4,
    "fivefold": 5,
    "tenfold": 10,
    "hundredfold": 100,
}
UNITS = {w: v for w, v in WORDS.items() if 1 <= v <= 9}
TENS = {w: v for w, v in WORDS.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)}
ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
ORDINALS.update(
    {
        w: 10 * (i + 3)
        for i, w in enumerate("thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split())
    }
)
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
MONTHS.update(
    {
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)

#: An English number in digits: not glued to a word before it ("COVID-19", "G20", "5G").
_EN_DIGITS = re.compile(
    r"(?<![\w.,])(?<![A-Za-z]-)(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+)(\.\d+)?(?:st|nd|rd|th|s)?"
    r"(?:\s*(%|percent|per cent)|\s+(hundred million|hundred|thousand|million|billion|trillion)\b)?(?![A-Za-z\d])",
    re.IGNORECASE,
)
_EN_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?")
_ANY_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Number:
    """A number found in text.

    Attributes:
        value: the value with its unit or scale applied (``3.5亿`` -> 3.5e8).
        bare: the value as written, without unit or scale (3.5).
        start / end: half-open character span in the text.
        text: the text of the span.
    """

    value: float
    bare: float
    start: int
    end: int
    text: str


def cn_numeral(s: str) -> float | None:
    """Value of a run of Chinese numerals, or ``None`` when it holds another character.

    ``三千五百`` -> 3500, ``十五`` -> 15, ``一百零五`` -> 105, ``一亿二千万`` -> 120,000,000,
    ``二〇二〇`` (digits only) -> 2020.
    """
    if not s or any(ch not in CN_DIGITS and ch not in CN_SMALL and ch not in CN_LARGE for ch in s):
        return None
    if len(s) > 1 and all(ch in CN_DIGITS for ch in s):
        return float("".join(str(CN_DIGITS[ch]) for ch in s))
    result = section = number = 0
    for ch in s:
        if ch in CN_DIGITS:
            number = CN_DIGITS[ch]
        elif ch in CN_SMALL:
            section += (number or 1) * CN_SMALL[ch]
            number = 0
        elif ch == "亿":
            result = (result + section + number or 1) * 10**8
            section = number = 0
        else:  # 万
            result += (section + number or 1) * 10**4
            section = number = 0
    return float(result + section + number)


#: Chinese numerals (not digits) before a measure word whose figure a translation shows:
#: 十九世纪 "19th century", 三成 "30%" ("three in ten"), 两倍 "twice", 五十岁 "50 years old",
#: 七十周年 "70th anniversary", 第十五届 "15th"; 百分之五十 "50%".
_ZH_MEASURED = re.compile(
    r"(第)?([零〇一二两三四五六七八九十百千]+)(世纪|成(?![为功立员长本果就绩熟都])|倍|岁|周年|届|季度)"
)
_ZH_PERCENT = re.compile(r"百分之([零〇一二两三四五六七八九十百点]+)")
#: two numerals of a range written together: 三四个 (3 or 4), 十五六岁 (15 or 16), 二三十 (20 to 30)
#: (一万六七千: 16,000 or 17,000)
_ZH_RANGE = re.compile(
    r"(?:(十)|([一二两三四五六七八九])(万|千))?([一二三四五六七八])([二三四五六七八九])(十|百|千|万)?"
)
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10**4}
#: 二十世纪八十年代, 20世纪80年代: the 1980s
_ZH_DECADE = re.compile(r"(二十|十九|二十一|20|19|21|上个?)世纪([一二三四五六七八九]十|\d0)年代")
#: words of a source that make the year before or after its own a translator's addition
_ZH_RELATIVE_YEAR = re.compile(r"同比|去年|上年|前一年|今年|明年|次年|翌年|前年")
#: words of an approximate figure, either side
ZH_APPROX = re.compile(r"约|近|多|余|左右|上下|大约|大概|差不多|将近|逾|超过")
EN_APPROX = re.compile(
    r"\b(?:about|around|nearly|almost|approximately|roughly|some|over|more than|less than|"
    r"close to|up to|under|at least|an estimated|estimated|upwards of)\s+$",
    re.IGNORECASE,
)


def zh_measured(text: str) -> list[tuple[str, tuple[float, ...]]]:
    """Figures a Chinese source writes in Chinese numerals before a measure word, or as a
    percentage, that a translation should show: ``(source text, values that render it)``.

    ``三成`` -> ``("三成", (30.0, 3.0))`` (30 percent, or three in ten); ``两倍`` -> ``(2.0, 3.0)``
    ("twice", or "three times" for an increase by two times); ``十九世纪`` -> ``(19.0,)``;
    ``百分之五十`` -> ``(50.0,)``. Figures below 2 (一倍, 一岁) and ordinals below 3 (第二届:
    "second", often "next") are left out; ``一成`` (10%) is kept.
    """
    out: list[tuple[str, tuple[float, ...]]] = []
    for m in _ZH_MEASURED.finditer(text):
        v = cn_numeral(m.group(2))
        if v is None:
            continue
        unit = m.group(3)
        if unit == "成":
            if v <= 10:
                out.append((m.group(0), (v * 10, v)))
        elif unit == "倍":
            if v >= 2:
                out.append((m.group(0), (v, v + 1)))
        elif (m.group(1) and v >= 3) or (not m.group(1) and v >= 2):
            out.append((m.group(0), (v,)))
    for m in _ZH_PERCENT.finditer(text):
        num = m.group(1)
        whole, _, frac = num.partition("点")
        v = cn_numeral(whole)
        if v is not None:
            if frac and all(c in CN_DIGITS for c in frac):
                v += float("0." + "".join(str(CN_DIGITS[c]) for c in frac))
            out.append((m.group(0), (v,)))
    return out


def zh_numbers(text: str) -> tuple[list[float], set[float]]:
    """Numbers of a Chinese source.

    Returns:
        ``(required, allowed)``: ``required`` the values written in Arabic digits (with
        their unit applied), which a translation should keep; ``allowed`` every value a
        translation may show (``required``, the digits without their unit, and every run
        of Chinese numerals, which is often part of a word such as 一些 "some").
    """
    norm = unicodedata.normalize("NFKC", text)
    required: list[float] = []
    allowed: set[float] = set()
    for m in _ZH_ARABIC.finditer(norm):
        bare = float(m.group(1).replace(",", ""))
        value = round(bare * CN_UNITS[m.group(2)], 6) if m.group(2) else bare  # 18.9亿: 1,890,000,000
        if not m.group(2) and value < 100 and value % 10 == 0 and norm.startswith("年代", m.end()):
            allowed.update({value, 1900 + value})  # 80年代: the 1980s (or "the eighties")
            continue
        if value:  # "0—24时" (the whole day) is no figure to keep
            required.append(value)
        allowed.update({value, bare})
    allowed.update(float(d) for d in re.findall(r"\d+", norm))  # model names too: 737NG, G20
    if "半" in norm:
        allowed.add(0.5)
    for _, values in zh_measured(norm):
        allowed.update(values)
    for m in _ZH_RANGE.finditer(norm):  # 三四 -> 3, 4; 十五六 -> 15, 16; 二三十 -> 20, 30; 一万六七千
        a, b = CN_DIGITS[m.group(4)], CN_DIGITS[m.group(5)]
        if b == a + 1:
            if m.group(1):
                base = 10
            elif m.group(2):
                base = CN_DIGITS[m.group(2)] * _ZH_UNIT[m.group(3)]
            else:
                base = 0
            mul = _ZH_UNIT[m.group(6)] if m.group(6) else (_ZH_UNIT[m.group(3)] // 10 if m.group(3) else 1)
            allowed.update({float(base + a * mul), float(base + b * mul)})
    if "半" in norm:
        allowed.add(50.0)  # 近半 "nearly 50%", 一半 "half"
    for m in _ZH_DECADE.finditer(norm):
        century = (
            20.0
            if m.group(1).startswith("上")
            else cn_numeral(m.group(1))
            if not m.group(1).isdigit()
            else float(m.group(1))
        )
        decade = cn_numeral(m.group(2)) if not m.group(2).isdigit() else float(m.group(2))
        if century and decade is not None:
            allowed.add((century - 1) * 100 + decade)
    if _ZH_RELATIVE_YEAR.search(norm):
        years = [v for v in required if v == int(v) and 1900 <= v <= 2099]
        allowed.update(y + d for y in years for d in (-1, 1))
    for m in _ZH_NUMERAL.finditer(norm):
        v = cn_numeral(m.group(0))
        if v is not None:
            allowed.add(v)
            for part in re.split(r"[万亿]", m.group(0)):  # 三万五千 also allows 3 and 5000
                pv = cn_numeral(part) if part else None
                if pv is not None:
                    allowed.add(pv)
    return required, allowed


#: the rest of a range whose scale the first number shares: "12 to 14 million", "4-6 billion"
_EN_RANGE_SCALE = re.compile(
    r"\s*(?:to|-|–|—|and|or)\s*(\d[\d,]*(?:\.\d+)?)\s+(hundred million|thousand|million|billion|trillion)\b",
    re.IGNORECASE,
)


#: the thousands separators :data:`_EN_DIGITS` takes
_SEPARATORS = re.compile(r"[, \u00a0\u202f]")


def _digit_matches(text: str) -> Iterable[re.Match[str]]:
    """The matches of :data:`_EN_DIGITS` in ``text``, as ``finditer`` finds them: a match opens
    a run of digits (no word character may stand before it), so only the start of each run
    is tried, with ``match`` (whose look-behind still sees the text before the run)."""
    end = 0
    for d in _ANY_DIGITS.finditer(text):
        if d.start() < end:
            continue  # inside the number found last ("1,000", "1 000")
        m = _EN_DIGITS.match(text, d.start())
        if m is not None:
            end = m.end()
            yield m


def en_numbers(text: str) -> list[Number]:
    """Numbers written in digits in English text, with their scale word applied; the first
    number of a range takes the scale of the second ("12 to 14 million": 12 million)."""
    return list(_en_numbers(text))


@lru_cache(maxsize=16)
def _en_numbers(text: str) -> tuple[Number, ...]:
    """:func:`en_numbers`, kept for the last few texts (a check reads a target's numbers,
    then :func:`en_values` reads them again)."""
    out: list[Number] = []
    for m in _digit_matches(text):
        bare = float(_SEPARATORS.sub("", m.group(1) + (m.group(2) or "")))
        scale = (m.group(4) or "").casefold()
        if not scale and not m.group(3):
            shared = _EN_RANGE_SCALE.match(text, m.end())
            if shared and bare < float(
                shared.group(1).replace(",", "")
            ):  # "from 33.06 million in 2021 to 6.3 million": no range
                value = bare * (
                    10**8 if shared.group(2).casefold() == "hundred million" else SCALES[shared.group(2).casefold()]
                )
                end = m.end(1) + len(m.group(2) or "")
                out.append(Number(value, bare, m.start(), end, text[m.start() : end]))
                continue
        value = bare * (10**8 if scale == "hundred million" else SCALES.get(scale, 1))
        end = m.end() if scale else m.end(1) + len(m.group(2) or "")
        out.append(Number(value, bare, m.start(), end, text[m.start() : end]))
    return tuple(out)


_EN_FRACTION = re.compile(
    r"\b(?:(half)|(?:a|one) (quarter)|(three) quarters) (?:of )?an? (hundred|thousand|million|billion|trillion|dozen)\b"
    r"|\b([a-z]+|\d+) and a (half|quarter)\b",
    re.IGNORECASE,
)
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "three": 0.75}


_NUMERIC_WORDS = frozenset(WORDS) | frozenset(ORDINALS) | frozenset(MONTHS) | frozenset(MULTIPLES)


def en_values(text: str) -> set[float]:
    """Every value English text shows: digits (with and without scale), number words
    (``twenty-five``, ``two million``), multiples (``twice``, ``tripled``, ``two-fold``),
    fractions of a scale (``half a million``, ``a quarter of a million``) and whole numbers
    with a fraction (``three and a half``, ``2 and a half``), ordinals and month numbers."""
    values: set[float] = set()
    lower = text.lower()
    # every match of _EN_FRACTION holds "half" or "quarter", case ignored (no letter outside
    # ASCII lowers to, or matches case-blind, one of their letters)
    for m in _EN_FRACTION.finditer(text) if "half" in lower or "quarter" in lower else ():
        if m.group(4):
            part = _FRACTIONS[(m.group(1) or m.group(2) or m.group(3)).casefold()]
            values.add(part * (12 if m.group(4).casefold() == "dozen" else SCALES[m.group(4).casefold()]))
        else:
            whole = m.group(5).casefold()
            v = float(whole) if whole.isdigit() else WORDS.get(whole)
            if v is not None and v >= 1:
                values.add(v + _FRACTIONS[m.group(6).casefold()])
    for n in en_numbers(text):
        values.update({n.value, n.bare})
    # ASCII text: lower() keeps every letter where it is; other text may hold a letter that
    # lowers to ASCII (the Kelvin sign), so words are lowered one by one there
    words = _EN_WORD.findall(lower) if text.isascii() else [w.lower() for w in _EN_WORD.findall(text)]
    values.update(float(d) for d in _ANY_DIGITS.findall(text))
    # most words: no number, no month
    for i in [i for i, w in enumerate(words) if w in _NUMERIC_WORDS or "-" in w]:
        w = words[i]
        parts = w.split("-")
        if w in TENS and i + 1 < len(words) and words[i + 1] in UNITS:  # "thirty two"
            values.add(float(TENS[w] + UNITS[words[i + 1]]))
        if w in MULTIPLES:
            values.add(float(MULTIPLES[w]))
            continue
        if len(parts) == 2 and parts[1] == "fold" and parts[0] in WORDS:  # "two-fold"
            values.add(float(WORDS[parts[0]]))
            continue
        if all(p in WORDS for p in parts) and len(parts) <= 2:
            v = float(sum(WORDS[p] for p in parts))
        elif w in ORDINALS:
            v = float(ORDINALS[w])
        elif any(p in MONTHS for p in parts):  # "April", "mid-August"
            values.update(float(MONTHS[p]) for p in parts if p in MONTHS)
            continue
        else:
            continue
        values.add(v)
        if i + 1 < len(words) and words[i + 1] in SCALES:
            values.add(v * SCALES[words[i + 1]])
    return values


def same(a: float, b: float, approximate: bool = False) -> bool:
    """Whether two values agree: equal, or (both at least 10,000) within 1%, as a rounded
    figure ("about 350 million" for 3.52亿). With ``approximate`` (both sides say the figure
    is approximate: 约3.2万, "about 30,000"), within 10% and at any size of at least 10."""
    if a == b:
        return True
    if approximate and min(a, b) >= 10:
        return abs(a - b) <= 0.1 * max(a, b)
    return min(a, b) >= 10**4 and abs(a - b) <= 0.01 * max(a, b)
