"""Sentence spans inside a segment, with pysbd (Sadvilkar and Neumann, *PySBD: Pragmatic
Sentence Boundary Disambiguation*, NLP-OSS 2020), the model's unit of rewriting."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def sentence_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Half-open character spans of the sentences of ``text[start:]``, without surrounding spaces.

    Args:
        text: one segment's text.
        start: where prose begins (e.g. after a Markdown ``# ``).

    Returns:
        spans into ``text``, in order, each non-empty and stripped of leading and trailing
        whitespace; ``[]`` for blank text. Every non-space character of ``text[start:]`` lies in
        exactly one span.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    body = text[start:]
    if not body.strip():
        return spans
    for sent in _segmenter().segment(body):
        core = sent.strip()
        if not core:
            continue
        s = text.find(core, pos)
        if s < 0:  # pysbd changed the text (it should not with clean=False): keep the rest whole
            rest = text[pos:]
            lead = len(rest) - len(rest.lstrip())
            spans.append((pos + lead, pos + len(rest.rstrip())))
            return spans
        spans.append((s, s + len(core)))
        pos = s + len(core)
    return spans
