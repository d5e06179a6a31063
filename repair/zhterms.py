"""Term lists of Chinese official and news language, and the English they take: reading them,
and repairing an "X and X" doubling from the source. Finding a rendering in a target (case and
inflection tolerant) is :mod:`repair.align_zh`'s: :func:`rendered`, :func:`locate_literal`.

A term list is a tab-separated file with a header: ``source`` and ``target`` (approved
renderings, ``|`` between them) are required; ``calques`` (literal renderings to point at,
``|`` between them), ``use`` (``flag``: report the term when no rendering is there, the
default; ``pair``: only repair an "X and X" of it) and ``reference`` (where the rendering
comes from) are optional. Blank lines and lines starting with ``#`` are skipped. The shipped
list is ``repair/data/zh-en-terms.tsv``.

English inflection: lemmas from lemminflect (MIT; :func:`repair.align_zh.lemmas`).
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from repair.align_zh import find_phrase, lemmas, locate_literal, rendered, stem, target_words
from repair.errors import InputError

__all__ = [
    "Term",
    "coordination_repair",
    "load_term_list",
    "parse_term_list",
    "shipped_terms",
    # the aligner's, held here before; still importable from here
    "find_phrase",
    "lemmas",
    "locate_literal",
    "rendered",
    "target_words",
]


@dataclass(frozen=True)
class Term:
    """One entry of a term list.

    Attributes:
        source: the Chinese term.
        targets: approved renderings, the first is the one proposed.
        calques: literal renderings to point at.
        use: ``flag`` or ``pair``.
        reference: where the rendering comes from.
        line: its line in the file (1-based).
    """

    source: str
    targets: tuple[str, ...]
    calques: tuple[str, ...] = ()
    use: str = "flag"
    reference: str = ""
    line: int = 0


def parse_term_list(text: str, path: str) -> tuple[Term, ...]:
    """The terms of a term list's ``text`` (``path`` names it in errors).

    Raises:
        InputError: ``path:line`` and the cause, for a header without ``source`` and
            ``target``, a line with more or fewer cells than the header, an empty source or
            target, a ``use`` other than flag or pair, a file with no term.
    """
    header: list[str] | None = None
    terms: list[Term] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if header is None:
            header = [c.lower() for c in cells]
            if "source" not in header or "target" not in header:
                raise InputError(path, "a term list needs a tab-separated header with 'source' and 'target' columns", n)
            continue
        if len(cells) != len(header):
            raise InputError(path, f"{len(cells)} tab-separated cells; the header has {len(header)}", n)
        row = dict(zip(header, cells))
        targets = tuple(t.strip() for t in row["target"].split("|") if t.strip())
        if not row["source"] or not targets:
            raise InputError(path, "a term needs a source and a target", n)
        use = row.get("use") or "flag"
        if use not in ("flag", "pair"):
            raise InputError(path, f"use {use!r} is neither 'flag' nor 'pair'", n)
        calques = tuple(t.strip() for t in row.get("calques", "").split("|") if t.strip())
        terms.append(Term(row["source"], targets, calques, use, row.get("reference", ""), n))
    if not terms:
        raise InputError(path, "no terms")
    return tuple(terms)


@cache
def shipped_terms(name: str = "zh-en-terms.tsv") -> tuple[Term, ...]:
    """A term list shipped in ``repair/data``."""
    data = pkgutil.get_data("repair.data", name)  # cheaper to import than importlib.resources
    if data is None:  # pragma: no cover - a loader that cannot read package data
        raise InputError(f"repair/data/{name}", "cannot read the shipped term list")
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it
    return parse_term_list(text, f"repair/data/{name}")


def _is_shipped(name: str) -> bool:
    """Whether ``repair/data`` holds a file ``name``."""
    try:
        return pkgutil.get_data("repair.data", name) is not None
    except OSError:  # missing, or a folder
        return False


def load_term_list(name: str, relative_to: str = "") -> tuple[Term, ...]:
    """A term list by name: a file in ``repair/data``, else a path (relative to the folder of
    ``relative_to``, the pack that names it).

    Raises:
        InputError: the file cannot be read, or a line of it is malformed.
    """
    if _is_shipped(name):
        return shipped_terms(name)
    path = Path(name)
    if not path.is_absolute() and relative_to:
        path = Path(relative_to).parent / path
    from repair.fileio import read_bytes
    from repair.formats.splice import decode_bytes

    text, _, _ = decode_bytes(read_bytes(str(path)), str(path))
    return parse_term_list(text, str(path))


# --- "X and X" from the source -------------------------------------------------------------


def _inflect_like(word: str, like: str) -> str:
    """``word`` inflected as ``like`` is: plural for a plural noun, -ing, -ed; else as it is."""
    from lemminflect import getAllLemmas, getInflection

    if word.lower() != like.lower() and stem(word) != word.lower():
        base = getAllLemmas(word.lower())
        word = next(iter(base.get("NOUN", base.get("VERB", (word,)))), word)
    low = like.lower()
    tag = None
    if low.endswith("ing"):
        tag = "VBG"
    elif low.endswith("ed"):
        tag = "VBD"
    elif "NOUN" in getAllLemmas(low) and low not in getAllLemmas(low)["NOUN"]:
        tag = "NNS"
    if tag:
        forms = getInflection(word, tag=tag)
        if forms:
            word = forms[0]
    return word


def coordination_repair(x: str, source: str) -> tuple[str, str] | None:
    """The pair an "``x`` and ``x``" doubling stands for, read from ``source``:
    ``(replacement for the whole "x and x", the source words)``, or ``None``.

    First the shipped term list: a term of the source with a rendering "A and B" in which
    ``x`` is A or B ("control and control" for 防控 -> "prevention and control"). Then
    CC-CEDICT: a source word of four characters (not itself in the dictionary), or two adjacent
    two-character words of one part of speech, whose halves
    gloss as ``x`` and as another single word ("suggestions and suggestions" for 意见建议 ->
    "ideas and suggestions"); that word is inflected as ``x`` is.
    """
    xs = lemmas(x)
    for term in shipped_terms():
        if term.source not in source:
            continue
        for t in term.targets:
            a, sep, b = t.partition(" and ")
            if not sep or " " in a or " " in b:
                continue
            if x.lower() in (a.lower(), b.lower()) and a.lower() != b.lower():
                return t, term.source
            if lemmas(a) & xs and not lemmas(b) & xs:
                return f"{x} and {_inflect_like(b, x)}", term.source
            if lemmas(b) & xs and not lemmas(a) & xs:
                return f"{_inflect_like(a, x)} and {x}", term.source
    from repair.zhsource import cedict, glosses, tag

    tagged = [(w, p) for w, p in tag(source) if w.strip()]
    # a four-character word's halves (意见建议), two adjacent two-character words of one part of
    # speech (意见 建议, both nouns); not a two-character word's characters: single characters
    # gloss too loosely (会见 is no 会 + 见: "meetings and meets"), so 防控 and its like come
    # from the term list
    halves: list[tuple[str, str]] = [(w[:2], w[2:]) for w, _ in tagged if len(w) == 4 and w not in cedict()]
    halves += [(a, b) for (a, pa), (b, pb) in zip(tagged, tagged[1:]) if len(a) == 2 and len(b) == 2 and pa == pb]
    from lemminflect import getAllLemmas

    x_pos = set(getAllLemmas(x.lower()))
    for a, b in halves:
        ga, gb = _single_words(glosses(a)), _single_words(glosses(b))

        def partner(gl: list[str]) -> str | None:  # the first gloss of x's part of speech
            return next((g for g in gl if not lemmas(g) & xs and (not x_pos or x_pos & set(getAllLemmas(g)))), None)

        if any(lemmas(g) & xs for g in gb) and (other := partner(ga)):
            return f"{_inflect_like(other, x)} and {x}", a + b
        if any(lemmas(g) & xs for g in ga) and (other := partner(gb)):
            return f"{x} and {_inflect_like(other, x)}", a + b
    return None


def _single_words(gl: list[str]) -> list[str]:
    return [g for g in gl if g.isalpha() and g.islower() and len(g) > 2]
