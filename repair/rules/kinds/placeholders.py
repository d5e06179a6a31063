"""``placeholders``: placeholders and inline tags of the source kept, unchanged, in the target.

A *code* is a printf placeholder (``%s``, ``%1$d``, ``%(name)s``), a brace placeholder
(``{0}``, ``{name}``, ``{{var}}``; :data:`repair.formats.splice.PLACEHOLDER`) or an inline
tag as XLIFF and TMX write them (``<x id="1"/>``, ``<g id="2">``, ``</g>``, ``<ph>``, ``<bpt>``,
``<ept>``, ``<it>``, ``<ut>``, ``<ex/>``, ``<bx/>``, ``<sc/>``, ``<ec/>``, ``<pc>``) when they are
part of the segment text (a TSV, PO or ``--source`` text file: the XLIFF and TMX readers keep
inline codes out of the source, so there the target's codes are checked against nothing).

Codes are compared as multisets. For each code of the source the target lacks:

- when the target holds it *garbled* (the same characters with spaces inside, or in another
  case: ``% 1 $ s``, ``%1 $d``, ``{ name }``, ``{Name}``, ``{{ var }}``), the garbled text is
  replaced by the source's code (safe: the right text is the source's own); where the
  garbled text is a protected span (``{Name}`` in XLIFF is a placeholder itself), a
  zero-width finding at the end names it instead;
- otherwise a zero-width finding at the end of the target names it (display).

Each code of the target the source does not hold (and that restores nothing) is flagged
where it stands (display). Segments whose source holds no code are not checked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, ClassVar

from repair.edits import Applicability, Edit
from repair.formats.splice import PLACEHOLDER
from repair.rules.kinds.base import KindDoc, SegmentView
from repair.rules.kinds.source import SourceMatcher

CHECKS = ("missing", "invented")

_INLINE_TAG = re.compile(r"</?(?:x|g|ph|bpt|ept|it|ut|ex|bx|sc|ec|pc|sm|em|mrk)\b[^<>]*>")
CODE = re.compile(PLACEHOLDER.pattern + r"|" + _INLINE_TAG.pattern)


def codes(text: str) -> list[re.Match[str]]:
    """The codes of ``text`` in order (matches of :data:`CODE`)."""
    return list(CODE.finditer(text))


@lru_cache(maxsize=4096)
def _source_codes(source: str) -> Counter[str]:
    """The codes of a source, counted, read once per source text (callers must not change it)."""
    return Counter(m.group(0) for m in codes(source))


def garbled_pattern(code: str) -> re.Pattern[str]:
    """A pattern for ``code`` with optional spaces between its characters, any case.

    ``%1$d`` -> ``%\\s*1\\s*\\$\\s*d``; matches ``% 1 $ d`` and ``%1$D``.
    """
    chars = [re.escape(c) for c in code if not c.isspace()]
    return re.compile(r"\s*".join(chars), re.IGNORECASE)


class PlaceholdersMatcher(SourceMatcher):
    """Codes of the source missing, garbled or invented in the target (see module doc)."""

    kind = "placeholders"
    keys: ClassVar[Mapping[str, Any]] = {"check": {"enum": list(CHECKS)}}
    required: ClassVar[tuple[str, ...]] = ("check",)
    doc = KindDoc(
        finds="Placeholders (%s, %1$d, {name}, {{var}}) and XLIFF/TMX inline tags of the source that the target "
        'lacks, holds garbled ("% 1 $ d", "{Name}"), or holds though the source does not.',
        keys={"check": "missing (a code of the source lacking or garbled) or invented (a code the source lacks)"},
        fixes="A garbled code is replaced by the source's own (safe: the right text is known); a code missing "
        "altogether or invented is display: where it belongs is for a person.",
        example="""\
id: bilingual/placeholders/missing
kind: placeholders
check: missing
category: locale-convention/placeholder
severity: critical
applicability: safe
message: "a placeholder of the source is missing or garbled"
examples:
  - bad: "Deleted % 1 $ d files."
    source: "已删除%1$d个文件。"
    fixed: "Deleted %1$d files."
  - good: "Deleted %1$d files."
    source: "已删除%1$d个文件。"
""",
    )

    def find_with_source(self, view: SegmentView, source: str, state: Any) -> Iterable[Edit]:
        src = _source_codes(source)
        if not src:
            return
        text = view.text
        tgt_matches = codes(text)
        have = Counter(m.group(0) for m in tgt_matches)
        lacking = list((src - have).elements())
        restored: list[tuple[int, int, str]] = []
        for code in lacking:
            taken = {(s, e) for s, e, _ in restored}
            hit = next(
                (
                    m
                    for m in garbled_pattern(code).finditer(text)
                    if m.group(0) != code
                    and (m.start(), m.end()) not in taken
                    and not any(m.start() < e and s < m.end() for s, e, _ in restored)
                ),
                None,
            )
            if hit is not None:
                restored.append((hit.start(), hit.end(), code))
        for rule in self.rules:
            if rule.params["check"] == "missing":
                for s, e, code in restored:
                    if self.excepted(rule, text, s, e):
                        continue
                    if view.seg.is_protected(s, e):  # "{Name}" is a placeholder itself: no edit may touch it
                        end = len(text)
                        yield self.edit(
                            rule,
                            view,
                            end,
                            end,
                            "",
                            applicability=Applicability.DISPLAY,
                            message=f"{rule.message}: {text[s:e]!r} is the source's {code!r}",
                        )
                    else:
                        yield self.edit(
                            rule, view, s, e, code, message=f"{rule.message}: {text[s:e]!r} is the source's {code!r}"
                        )
                gone = list((Counter(lacking) - Counter(c for _, _, c in restored)).elements())
                if gone:
                    end = len(text)
                    yield self.edit(
                        rule,
                        view,
                        end,
                        end,
                        "",
                        applicability=Applicability.DISPLAY,
                        message=f"{rule.message}: the source's {', '.join(gone)} not in the target",
                    )
            else:
                extra = have - src
                for m in tgt_matches:
                    if extra[m.group(0)] <= 0 or any(s <= m.start() and m.end() <= e for s, e, _ in restored):
                        continue
                    extra[m.group(0)] -= 1
                    yield self.edit(
                        rule,
                        view,
                        m.start(),
                        m.end(),
                        m.group(0),
                        applicability=Applicability.DISPLAY,
                        message=f"{rule.message}: {m.group(0)!r} is not in the source",
                    )
