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
from dataclasses import dataclass

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_LARGE = {"万": 10**4, "亿": 10**8}
CN_UNITS = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2}

_ZH_ARABIC = re.compile(r"(?<![A-Za-z\d.])(\d+(?:,\d{3})*(?:\.\d+)?)(?![A-Za-z\d])\s*多?(万亿|亿|万|千(?!米|克|瓦)|百(?!分))?")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")

SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
WORDS.update({w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())})
WORDS.update({"dozen": 12, "half": 0.5, "a": 1, "an": 1, "noon": 12, "midnight": 24})
UNITS = {w: v for w, v in WORDS.items() if 1 <= v <= 9}
TENS = {w: v for w, v in WORDS.items() if v in (20, 30, 40, 50, 60, 70, 80, 90)}
ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12})

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
        value = bare * CN_UNITS[m.group(2)] if m.group(2) else bare
        if value:  # "0—24时" (the whole day) is no figure to keep
            required.append(value)
        allowed.update({value, bare})
    allowed.update(float(d) for d in re.findall(r"\d+", norm))  # model names too: 737NG, G20
    if "半" in norm:
        allowed.add(0.5)
    for m in _ZH_NUMERAL.finditer(norm):
        v = cn_numeral(m.group(0))
        if v is not None:
            allowed.add(v)
            for part in re.split(r"[万亿]", m.group(0)):  # 三万五千 also allows 3 and 5000
                pv = cn_numeral(part) if part else None
                if pv is not None:
                    allowed.add(pv)
    return required, allowed


def en_numbers(text: str) -> list[Number]:
    """Numbers written in digits in English text, with their scale word applied."""
    out = []
    for m in _EN_DIGITS.finditer(text):
        bare = float(re.sub(r"[, \u00a0\u202f]", "", m.group(1) + (m.group(2) or "")))
        scale = (m.group(4) or "").lower()
        value = bare * (10**8 if scale == "hundred million" else SCALES.get(scale, 1))
        end = m.end() if scale else m.end(1) + len(m.group(2) or "")
        out.append(Number(value, bare, m.start(), end, text[m.start():end]))
    return out


def en_values(text: str) -> set[float]:
    """Every value English text shows: digits (with and without scale), number words
    (``twenty-five``, ``two million``), ordinals and month numbers."""
    values: set[float] = set()
    for n in en_numbers(text):
        values.update({n.value, n.bare})
    words = [w.lower() for w in _EN_WORD.findall(text)]
    values.update(float(d) for d in _ANY_DIGITS.findall(text))
    for i, w in enumerate(words):
        parts = w.split("-")
        if w in TENS and i + 1 < len(words) and words[i + 1] in UNITS:  # "thirty two"
            values.add(float(TENS[w] + UNITS[words[i + 1]]))
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


def same(a: float, b: float) -> bool:
    """Whether two values agree: equal, or (both at least 10,000) within 1%, as a rounded
    figure ("about 350 million" for 3.52亿)."""
    if a == b:
        return True
    return min(a, b) >= 10**4 and abs(a - b) <= 0.01 * max(a, b)
