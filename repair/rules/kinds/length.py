"""``length``: a target suspiciously short or long for its source (likely omission or addition).

The ratio is the target's characters over the source's, spaces and protected spans not
counted. A rule gives ``min_ratio`` and/or ``max_ratio`` and ``min_source`` (sources
shorter than this many characters are not judged: short strings vary too much). For
Chinese into English the ratio of human translations centres near 3 (measured on the
WMT21 zh-en reference: see the pack's comment for the figures); a rule whose bounds hold
for a Chinese source only gives ``chinese_source: true``, and a source without Han
characters is then not judged (a French source runs near 1: below the zh-en floor).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from repair.edits import Edit
from repair.formats.splice import PLACEHOLDER
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import HAN, SourceMatcher, unprotected


def visible_length(text: str) -> int:
    """Characters that are not whitespace."""
    return len("".join(text.split()))


@lru_cache(maxsize=4096)
def _source_length(source: str) -> int:
    """:func:`visible_length` of a source without its placeholders, once per source text."""
    return visible_length(PLACEHOLDER.sub("", source))


class LengthMatcher(SourceMatcher):
    """Length ratio outside a rule's bounds."""

    kind = "length"

    keys = {
        "min_ratio": {"type": "number", "minimum": 0},
        "max_ratio": {"type": "number", "minimum": 0},
        "min_source": {"type": "integer", "minimum": 1},
        "chinese_source": {"type": "boolean"},
    }
    doc = KindDoc(
        finds="A target suspiciously short or long for its source (an omission or an addition): the ratio of "
        "the target's characters to the source's, spaces and protected spans not counted. For Chinese "
        "into English the ratio of human translations centres near 3 (WMT21 zh-en reference).",
        keys={
            "min_ratio": "flag a ratio below this",
            "max_ratio": "flag a ratio above this",
            "min_source": "sources shorter than this many characters are not judged (default 10)",
            "chinese_source": "true: judge only sources with Han characters (bounds measured on zh-en)",
        },
        fixes="None: the finding is a zero-width mark at the end of the target, so it changes nothing whatever "
        "the tier; packs give display.",
        example="""\
id: house/length/short
kind: length
category: accuracy/omission
severity: major
applicability: display
message: "the target is short for its source"
min_ratio: 1.3
min_source: 15
chinese_source: true
examples:
  - bad: "The meeting was held."
    source: "全国安全生产电视电话会议4月10日在北京召开，国务院副总理刘鹤出席会议并讲话。"
    flagged: ""
  - good: "The national work safety teleconference was held in Beijing on April 10; Vice Premier Liu He attended and spoke."
    source: "全国安全生产电视电话会议4月10日在北京召开，国务院副总理刘鹤出席会议并讲话。"
""",
    )

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        src = _source_length(source)
        tgt = visible_length(unprotected(view))
        chinese = HAN.search(source) is not None
        for rule in self.rules:
            if src < rule.params.get("min_source", 10) or (rule.params.get("chinese_source") and not chinese):
                continue
            ratio = tgt / src
            low, high = rule.params.get("min_ratio"), rule.params.get("max_ratio")
            if low is not None and ratio < low:
                yield self.flag_segment(
                    rule,
                    view,
                    f"{rule.message}: {tgt} characters for a source of {src} "
                    f"(ratio {ratio:.2f}, below {low}): something may be left out",
                )
            elif high is not None and ratio > high:
                yield self.flag_segment(
                    rule,
                    view,
                    f"{rule.message}: {tgt} characters for a source of {src} "
                    f"(ratio {ratio:.2f}, above {high}): something may be added",
                )
