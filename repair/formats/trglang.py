"""``--target-lang`` against the target language a bilingual file declares.

A multilingual TMX holds several target languages and ``--target-lang`` picks one
(:mod:`repair.formats.tmx`). XLIFF and PO hold one, and say which: XLIFF 1.2
``<file target-language>``, XLIFF 2.0 ``<xliff trgLang>``, PO the ``Language:`` header
field (GNU gettext manual, "Header Entry"). Asked for another language than the one declared,
a reader refuses the file (:func:`refuse_other`) rather than check text in a language that
was not asked for. A file that declares nothing is read as before.
"""

from __future__ import annotations

from repair.errors import InputError


def primary(tag: str) -> str:
    """The primary language subtag of a BCP 47 tag (or a POSIX locale), lower-cased:
    ``en-GB`` -> ``en``, ``pt_BR`` -> ``pt``, ``fr_FR.UTF-8`` -> ``fr``; '' for ''."""
    return tag.strip().lower().replace("_", "-").split(".")[0].split("@")[0].split("-")[0]


def _comparable(a: str, b: str) -> bool:
    """Whether two primary subtags are codes of the same ISO 639 part: both two letters (639-1)
    or both three (639-2/3); a name ("English") or a two- against a three-letter code is not
    compared (BCP 47 uses the two-letter code where one exists, but files declare either)."""
    return a.isascii() and b.isascii() and a.isalpha() and b.isalpha() and len(a) == len(b) and len(a) in (2, 3)


def refuse_other(path: str, declared: str, wanted: str | None, where: str, line: int | None = None) -> None:
    """Raise when ``wanted`` (``--target-lang``; ``None``: not given) names another language than
    ``declared`` (what the file says; '' when it says nothing), compared by primary subtag
    (``en-GB`` asked of a file in ``en-US`` is the same language); a declaration that is not a
    code of the same kind ("English", ``eng`` against ``en``) is never refused.

    Args:
        where: how the file declares it, for the message (``<file target-language>``).
        line: the 1-based line of the declaration, if known.

    Raises:
        InputError: ``declares target language fr (<file target-language>), not en (--target-lang)``.
    """
    have, want = primary(declared), primary(wanted or "")
    if not want or not have or have == want:
        return
    if not _comparable(have, want):
        return  # "English", "eng" against "en": not two codes of one standard, so no telling
    raise InputError(
        path,
        f"declares target language {declared.strip()} ({where}), not {wanted} (--target-lang): "
        "only a multilingual TMX holds several",
        line,
    )
