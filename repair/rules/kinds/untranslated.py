"""``untranslated``: a target left in the source language.

Flags the whole target (display) when it is identical to the source (ignoring case,
width and spacing) and the source has at least ``min_letters`` (default 2) letters outside
ASCII (so "COVID-19" or a product name copied as is passes), or when at least
``cjk_share`` (a fraction, default 0.5) of the target's letters are Han, kana or
Hangul while the source is written in them too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from repair.edits import Edit
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import CJK_RUN, SourceMatcher


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@lru_cache(maxsize=4096)
def _source_norm(source: str) -> str:
    """:func:`_norm` of a source, once per source text."""
    return _norm(source)


class UntranslatedMatcher(SourceMatcher):
    """Targets identical to their source, or still in the source's script."""

    kind = "untranslated"

    keys = {
        "min_letters": {"type": "integer", "minimum": 1},
        "cjk_share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
    }
    doc = KindDoc(
        finds="A target left in the source language: identical to its source (ignoring case, width and "
        'spacing) when the source has letters outside ASCII (so "COVID-19" copied as is passes), or '
        "mostly Han, kana or Hangul while the source is written in them too.",
        keys={
            "min_letters": "letters outside ASCII the source needs for an identical target to count (default 2)",
            "cjk_share": "the share of the target's letters in CJK script that flags it (default 0.5)",
        },
        fixes="None: the finding spans the whole target and proposes it unchanged (a person translates), so "
        "it changes nothing whatever the tier; packs give display.",
        example="""\
id: house/untranslated/segment
kind: untranslated
category: accuracy/untranslated
severity: critical
applicability: display
message: "the segment is not translated"
examples:
  - bad: "复工复产"
    source: "复工复产"
    flagged: "复工复产"
  - good: "COVID-19"
    source: "COVID-19"
""",
    )

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        text = view.text
        runs = CJK_RUN.findall(text)
        letters = sum(c.isalpha() for c in text) if runs else 0  # no CJK run: only the identity test applies
        src = _source_norm(source)
        # NFKC and casefold keep ASCII text ASCII: an ASCII target equals no other source
        same = (src.isascii() or not text.isascii()) and _norm(text) == src
        for rule in self.rules:
            if same:
                if sum(c.isalpha() and not c.isascii() for c in source) >= rule.params.get("min_letters", 2):
                    yield self.edit(rule, view, 0, len(text), text, message=f"{rule.message}: the target is the source")
                continue
            share = rule.params.get("cjk_share", 0.5)
            cjk = sum(1 for run in runs for c in run if c.isalpha())
            if letters and cjk / letters >= share and CJK_RUN.search(source):
                yield self.edit(
                    rule,
                    view,
                    0,
                    len(text),
                    text,
                    message=f"{rule.message}: {cjk} of its {letters} letters are Chinese, Japanese or Korean",
                )
