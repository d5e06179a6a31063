"""``cjk``: Chinese, Japanese or Korean text left in an English target, seen beside the source.

Each run of Han, kana or Hangul in the target is flagged (display: a person translates
it). With ``copied_only: true`` (the default) only runs that occur verbatim in the source
are flagged, i.e. text the translation copied instead of translating. A run in brackets
right after a word (a gloss, as in "the character fu (福)") is left alone unless
``glosses: true``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from repair.edits import Edit
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import CJK_RUN, SourceMatcher, unprotected

_OPEN = "(（[“\"'‘"
_CLOSE = ")）]”\"'’"


def _is_gloss(text: str, start: int, end: int) -> bool:
    i = start - 1
    if i < 0 or text[i] not in _OPEN:
        return False
    j = end
    if j >= len(text) or text[j] not in _CLOSE:
        return False
    k = i - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    return k >= 0 and (text[k].isalnum() and text[k].isascii())


class CjkMatcher(SourceMatcher):
    """CJK runs left in the target."""

    kind = "cjk"

    keys = {"copied_only": {"type": "boolean"}, "glosses": {"type": "boolean"}}
    doc = KindDoc(
        finds="Runs of Chinese, Japanese or Korean text left in an English target, read beside the source.",
        keys={
            "copied_only": "only runs that occur verbatim in the source, i.e. copied instead of translated "
            "(default true)",
            "glosses": 'also a run in brackets right after a word, a gloss as in "the character fu (福)" '
            "(default false)",
        },
        fixes="None: each run is proposed unchanged (a person translates it), so it changes nothing whatever "
        "the tier; packs give display.",
        example="""\
id: house/untranslated/cjk
kind: cjk
category: accuracy/untranslated
severity: major
applicability: display
message: "source text left untranslated"
examples:
  - bad: "The 复工复产 campaign began."
    source: "复工复产运动开始了。"
    flagged: "复工复产"
  - good: "The character fu (福) means good fortune."
    source: "福字寓意好运。"
""",
    )

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        text = unprotected(view)
        if text.isascii():
            return
        for m in CJK_RUN.finditer(text):
            run = m.group(0)
            copied = run in source
            for rule in self.rules:
                if rule.params.get("copied_only", True) and not copied:
                    continue
                if not rule.params.get("glosses", False) and _is_gloss(text, m.start(), m.end()):
                    continue
                if self.excepted(rule, view.text, m.start(), m.end()):
                    continue
                why = "copied from the source" if copied else "not in the source"
                yield self.edit(rule, view, m.start(), m.end(), run, message=f"{rule.message} ({why})")
