"""Keep the case of matched text when substituting a phrase."""

from __future__ import annotations


def keep_case(matched: str, replacement: str, sentence_start: bool) -> str:
    """Give ``replacement`` the case pattern of ``matched``.

    Args:
        matched: the text that was found (any case).
        replacement: the replacement as the pack writes it; its own capitals ("COVID-19",
            "Work Safety Committee of the State Council") are kept.
        sentence_start: whether ``matched`` begins a sentence.

    Returns:
        upper case when ``matched`` is all capitals (more than one letter); a capital first
        letter when ``matched`` starts a sentence with a capital ("Safety production" ->
        "Work safety"); otherwise ``replacement`` as written, so a Title Case calque in
        mid-sentence ("the National TV Conference") takes the pack's case ("national
        teleconference").
    """
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if sentence_start and matched[:1].isupper() and replacement:
        return replacement[0].upper() + replacement[1:]
    return replacement
