"""The language of a document's source: declared by the file, else read from its script.

The source-aware checks of ``repair`` read a Chinese source (names by pinyin, terms,
numerals with measure words, negations). A source in another language gives them nothing to
compare but noise, so a segment whose source is known not to be Chinese is skipped by every
source-aware kind except those that read any language (``placeholders``: codes are the same
in every language); the run says so in one line (:func:`note`).

The language is what the file declares (TMX ``xml:lang`` of the source variant, XLIFF 1.2
``<file source-language>``, XLIFF 2.0 ``<xliff srcLang>``), else what the script of the
source text shows (:func:`detect`): BCP 47 tags, ``und-Latn`` for "a language in Latin
script" (BCP 47 ``und`` is "undetermined"; ISO 15924 script codes).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace

from repair.document import Document, Segment

#: Primary subtags of Chinese (ISO 639-1 ``zh``; ISO 639-2 ``chi``/``zho``; ISO 639-3 Mandarin
#: ``cmn``, Cantonese ``yue``, Wu ``wuu``, Hakka ``hak``, Min Nan ``nan``, Literary Chinese ``lzh``).
CHINESE = frozenset({"zh", "chi", "zho", "cmn", "yue", "wuu", "hak", "nan", "lzh"})
#: Characters of source text read by :func:`detect` (the start of the file is enough to tell a script).
SAMPLE = 8192
#: Fewer letters than this: too little to tell (``detect`` returns '').
MIN_LETTERS = 20

_SCRIPTS = (
    ("Hani", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")),
    ("Kana", re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")),
    ("Hang", re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")),
    ("Latn", re.compile(r"[A-Za-z\u00c0-\u024f]")),
    ("Cyrl", re.compile(r"[\u0400-\u04ff]")),
    ("Grek", re.compile(r"[\u0370-\u03ff]")),
    ("Arab", re.compile(r"[\u0600-\u06ff]")),
    ("Hebr", re.compile(r"[\u0590-\u05ff]")),
    ("Thai", re.compile(r"[\u0e00-\u0e7f]")),
    ("Deva", re.compile(r"[\u0900-\u097f]")),
)
_SCRIPT_NAMES = {
    "Latn": "Latin",
    "Cyrl": "Cyrillic",
    "Grek": "Greek",
    "Arab": "Arabic",
    "Hebr": "Hebrew",
    "Thai": "Thai",
    "Deva": "Devanagari",
}


def is_chinese(tag: str) -> bool:
    """Whether a language tag is Chinese (by its primary subtag); '' (unknown) counts as Chinese,
    so that a file that declares nothing is checked as before."""
    return not tag or tag.lower().replace("_", "-").split("-")[0] in CHINESE


def detect(texts: Iterable[str]) -> str:
    """The language of source text as its script shows it, from its first :data:`SAMPLE` characters.

    Returns:
        ``zh`` when Han characters make at least 30% of the letters and kana under a tenth
        of Han and kana together (a Chinese text with English names in it stays Chinese);
        ``ja`` when kana make a tenth or more; ``ko`` for Hangul first; else ``und-<Script>``
        for the most frequent other script (``und-Latn``); '' when the text holds fewer than
        :data:`MIN_LETTERS` letters.
    """
    parts: list[str] = []
    size = 0
    for t in texts:
        parts.append(t)
        size += len(t)
        if size >= SAMPLE:
            break
    sample = "\n".join(parts)[:SAMPLE]
    counts = {name: len(rx.findall(sample)) for name, rx in _SCRIPTS}
    total = sum(counts.values())
    if total < MIN_LETTERS:
        return ""
    han, kana = counts["Hani"], counts["Kana"]
    if kana and kana * 10 >= han + kana:
        return "ja"
    if han * 10 >= total * 3:
        return "zh"
    top = max(counts, key=lambda k: counts[k])
    return "ko" if top == "Hang" else f"und-{top}"


def describe(tag: str) -> str:
    """``de`` -> ``de``; ``und-Latn`` -> ``Latin script``."""
    if tag.startswith("und-"):
        return f"{_SCRIPT_NAMES.get(tag[4:], tag[4:])} script"
    return tag


def with_languages(segments: Sequence[Segment], declared: Sequence[str] | None = None) -> list[Segment]:
    """``segments`` with :attr:`Segment.source_lang` set: each one's declared tag (``declared``,
    one per segment, '' where the file says nothing), else the language :func:`detect` reads
    from the sources of the segments that declare nothing.

    Segments without a source keep ``source_lang`` ''.
    """
    tags = list(declared) if declared is not None else [""] * len(segments)
    undeclared = [s.source for s, t in zip(segments, tags) if not t and s.source]
    guess = detect(undeclared) if undeclared else ""
    out = []
    for seg, tag in zip(segments, tags):
        lang = (tag or guess) if seg.source is not None else ""
        out.append(seg if seg.source_lang == lang else replace(seg, source_lang=lang))
    return out


def note(doc: Document, source_path: str | None = None) -> str | None:
    """One line for a document whose source is not Chinese, or ``None``.

    Args:
        source_path: the ``--source`` file, named instead of the document when given.

    Returns:
        ``repair: note: <file>: the source is not Chinese (<language>): the checks that read a
        Chinese source are skipped (placeholders, tags and glossary terms are still compared)``, the
        language as :func:`describe` gives it (``de``, ``Latin script``).
    """
    langs = sorted({s.source_lang for s in doc.segments if s.source is not None and not is_chinese(s.source_lang)})
    if not langs:
        return None
    what = ", ".join(describe(t) for t in langs)
    return (
        f"repair: note: {source_path or doc.path}: the source is not Chinese ({what}): the checks that "
        "read a Chinese source are skipped (placeholders, tags and glossary terms are still compared)"
    )


def announce(doc: Document, source_path: str | None = None) -> None:
    """Write :func:`note` to stderr when there is one."""
    line = note(doc, source_path)
    if line:
        print(line, file=sys.stderr)
