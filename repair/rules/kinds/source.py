"""What the source-aware kinds share: they need ``Segment.source`` and skip segments without it.

A source-aware kind (every kind whose ``needs_source`` is true: ``cjk``, ``glossary``,
``length``, ``numbers``, ``placeholders``, ``polarity``, ``romanisation``, ``structure``,
``terms``, ``untranslated``) subclasses :class:`SourceMatcher` and implements
:meth:`SourceMatcher.find_with_source`.
A segment whose source is known not to be Chinese (:attr:`Segment.source_lang`) is skipped
unless the kind sets :attr:`SourceMatcher.any_language`.
Findings about the segment as a whole (a number missing, a length ratio) are zero-width
edits at the end of the target: they overlap no other edit and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from repair.edits import Edit
from repair.formats.splice import PLACEHOLDER
from repair.formats.srclang import is_chinese
from repair.lazy_regex import LazyPattern
from repair.rules.kinds.base import Matcher, SegmentView

#: Han ideographs (CJK Unified Ideographs, extension A and B+, compatibility ideographs).
HAN = LazyPattern(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
#: Runs of Chinese, Japanese or Korean script, with CJK punctuation inside a run.
CJK_RUN = LazyPattern(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3040-\u30ff\uac00-\ud7af]"
    r"(?:[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\U00020000-\U0002ffff\u3040-\u30ff\uac00-\ud7af]*[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\U00020000-\U0002ffff\u3040-\u30ff\uac00-\ud7af])?"
)


def unprotected(view: SegmentView) -> str:
    """The target text with its protected spans (tags, placeholders, URLs) blanked out
    (same length, so offsets still hold), and any placeholder not protected too (``%1$d``
    that a fix has just restored: its digit is no number of the text)."""
    text = view.text
    spans = list(view.seg.protected)
    if "%" in text or "{" in text:
        spans += [m.span() for m in PLACEHOLDER.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


class SourceMatcher(Matcher):
    """Base of the kinds that compare a target with its source; ``needs_source`` is true."""

    needs_source = True
    #: whether the kind reads a source in any language; the others skip a segment whose
    #: source is known not to be Chinese (:mod:`repair.formats.srclang`)
    any_language: ClassVar[bool] = False

    def find(self, view: SegmentView, state: Any) -> Iterable[Edit]:
        seg = view.seg
        source = seg.source
        if source is None or not source.strip():
            return ()
        if seg.source_lang and not self.any_language and not is_chinese(seg.source_lang):
            return ()
        return self.find_with_source(view, source, state)

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        """Edits for one segment whose source is ``source``."""
        raise NotImplementedError

    def flag_segment(self, rule, view: SegmentView, message: str) -> Edit:
        """A display-only zero-width finding at the end of the target, with ``message``."""
        end = len(view.text)
        return self.edit(rule, view, end, end, "", message=message)
