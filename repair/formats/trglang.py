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


def refuse_other(path: str, declared: str, wanted: str | None, where: str, line: int | None = None) -> None:
    """Raise when ``wanted`` (``--target-lang``; ``None``: not given) names another language than
    ``declared`` (what the file says; '' when it says nothing), compared by primary subtag
    (``en-GB`` asked of a file in ``en-US`` is the same language).

    Args:
        where: how the file declares it, for the message (``<file target-language>``).
        line: the 1-based line of the declaration, if known.

    Raises:
        InputError: ``declares target language fr (<file target-language>), not en (--target-lang)``.
    """
    if not wanted or not declared.strip() or primary(declared) == primary(wanted):
        return
    raise InputError(
        path,
        f"declares target language {declared.strip()} ({where}), not {wanted} (--target-lang): "
        "only a multilingual TMX holds several",
        line,
    )
