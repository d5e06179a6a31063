"""The review's sidecar: its name, its JSON layout, reading it, and matching it to the queue.

Every decision is written at once to a JSON *sidecar* next to the output
(``article.repaired.txt.review.json``), so that nothing is lost on a crash; opening the same
file again resumes. A decision is keyed by the rule id, the original span text, the proposed
replacement and up to :data:`CONTEXT` characters on each side of the span
(:class:`EditKey`), so it survives edits elsewhere in the article. A decision whose key
matches no current edit is *stale*: kept in the sidecar, never applied.

Layout (version :data:`SIDECAR_VERSION`), one decision per line, in document order::

    {"version": 1, "input": ..., "output": ..., "saved": bool, "rechecked": bool,
    "decisions": [
    {"rule": ..., "original": ..., "replacement": ..., "before": ..., "after": ...,
     "segment": n, "segment_hash": ..., "decision": "accept"|"reject"|"rewrite", "text": ...},
    ...],
    "stale": [...]}
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from repair.edits import Edit
from repair.fileio import read_bytes
from repair.review.decisions import Decision, ReviewError, Verdict

if TYPE_CHECKING:
    from repair.review.index import Item

#: Characters of context on each side of a span that, with the rule id and the span text,
#: identify a decision across runs.
CONTEXT = 24
#: Version of the sidecar's JSON layout.
SIDECAR_VERSION = 1
#: Suffix added to the output path to name the sidecar (the one place it is written down).
SIDECAR_SUFFIX = ".review.json"

#: JSON of one sidecar entry (one encoder for all: ``json.dumps`` with options makes one per call).
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


@dataclass(frozen=True, slots=True)
class EditKey:
    """What identifies an edit across runs: rule, span text, proposal and context.

    ``before``/``after`` are up to :data:`CONTEXT` characters of the segment around the span.
    """

    rule_id: str
    original: str
    replacement: str
    before: str
    after: str


def sidecar_path(output: str | Path) -> Path:
    """``dir/article.repaired.txt`` -> ``dir/article.repaired.txt.review.json``."""
    output = Path(output)
    return output.with_name(output.name + SIDECAR_SUFFIX)


def edit_key(text: str, edit: Edit) -> EditKey:
    """The sidecar key of ``edit``, whose span points into the segment text ``text``."""
    return EditKey(
        edit.rule_id,
        text[edit.start : edit.end],
        edit.replacement,
        text[max(0, edit.start - CONTEXT) : edit.start],
        text[edit.end : edit.end + CONTEXT],
    )


# ----- encode -----------------------------------------------------------------------------


def entry_head(item: Item) -> str:
    """The JSON of an item's sidecar entry without its decision and closing brace:
    ``{"rule": ..., "original": ..., "replacement": ..., "before": ..., "after": ...,
    "segment": n, "segment_hash": ...``. Encoded once per item, when it joins the queue."""
    k = item.key
    return _ENCODE(
        {
            "rule": k.rule_id,
            "original": k.original,
            "replacement": k.replacement,
            "before": k.before,
            "after": k.after,
            "segment": item.edit.segment,
            "segment_hash": item.segment_hash,
        }
    )[:-1]


def entry(head: str, v: Verdict) -> str:
    """The JSON of one decision in the sidecar: the edit's part (:func:`entry_head`) and the verdict."""
    text = f', "text": {_ENCODE(v.text)}' if v.decision is Decision.REWRITE else ""
    return f'{head}, "decision": "{v.decision.value}"{text}}}'


def snapshot(
    head: dict,
    decided: list[tuple[int, Verdict]],
    stale: list[dict],
    heads: Mapping[int, str],
    place: Mapping[int, tuple],
) -> Callable[[], str]:
    """The sidecar's text as a function to call later, on any thread.

    Args:
        head: the top-level fields (version, input, output, saved, rechecked).
        decided: ``(item id, verdict)`` of every decision a person took (taken now: a new list).
        stale: the stale entries (a new list).
        heads: item id -> :func:`entry_head` (entries are only ever added, never changed).
        place: item id -> a key that sorts items in document order.
    """

    def text() -> str:
        decided.sort(key=lambda d: place[d[0]])
        lines = ",\n".join(entry(heads[i], v) for i, v in decided)
        stale_lines = ",\n".join(_ENCODE(e) for e in stale)
        return f'{_ENCODE(head)[:-1]},\n"decisions": [\n{lines}\n],\n"stale": [\n{stale_lines}\n]}}\n'

    return text


# ----- read -------------------------------------------------------------------------------


def _encodable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (JSON lets lone surrogates through)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_sidecar(path: Path) -> tuple[list[dict], bool]:
    """The decisions of the sidecar at ``path`` (stale ones after the others) and whether a
    re-check had run; ``([], False)`` when there is no such file.

    Raises:
        ReviewError: when it is not valid JSON of the layout above (the message says to move
            it away).
        InputError: when it cannot be read.
    """
    if not path.exists():
        return [], False
    where = str(path)
    try:
        data = json.loads(read_bytes(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # nested too deep: RecursionError
        raise ReviewError(where, f"not a review sidecar ({exc}); move it away to start afresh") from None
    if not isinstance(data, dict) or type(data.get("version")) is not int or data["version"] != SIDECAR_VERSION:
        raise ReviewError(where, f"not a version {SIDECAR_VERSION} review sidecar; move it away to start afresh")
    for name in ("decisions", "stale"):
        if not isinstance(data.get(name, []), list):
            raise ReviewError(where, f"'{name}' is not a list; move it away to start afresh")
    if not isinstance(data.get("rechecked", False), bool):
        raise ReviewError(where, "'rechecked' is not true or false; move it away to start afresh")
    entries = data.get("decisions", []) + data.get("stale", [])
    for n, e in enumerate(entries):
        if (
            not isinstance(e, dict)
            or not isinstance(e.get("decision"), str)
            or e["decision"] not in {d.value for d in Decision}
        ):
            raise ReviewError(where, f"decision {n + 1}: bad entry {e!r}")
        for name in ("rule", "original", "replacement", "before", "after"):
            if not isinstance(e.get(name), str):
                raise ReviewError(where, f"decision {n + 1}: missing '{name}'")
        if e["decision"] == Decision.REWRITE.value and not isinstance(e.get("text"), str):
            raise ReviewError(where, f"decision {n + 1}: a rewrite without its 'text'")
        if type(e.get("segment", 0)) is not int or not isinstance(e.get("segment_hash", ""), str):
            raise ReviewError(where, f"decision {n + 1}: bad 'segment' or 'segment_hash'")
        if not all(_encodable(v) for v in e.values() if isinstance(v, str)):
            raise ReviewError(where, f"decision {n + 1}: text that is not valid Unicode (a lone surrogate)")
    return entries, data.get("rechecked", False)


# ----- match ------------------------------------------------------------------------------


def match(entries: Sequence[dict], candidates: Sequence[Item]) -> tuple[list[tuple[int, Verdict]], list[dict]]:
    """Give sidecar decisions to the items with the same key.

    Among several items with one key, the one in a segment with the same text hash and the
    nearest segment index wins (the first in document order on a tie). Each key's candidates
    are kept sorted by place, so a decision finds its item by bisection: an article that
    repeats one sentence thousands of times opens in linear time.

    Args:
        entries: sidecar entries as :func:`read_sidecar` returns them.
        candidates: the pending items that may take a decision, in document order.

    Returns:
        ``(matched, left)``: ``(item id, verdict)`` per matched entry (an item takes at most
        one), and the entries that matched none, in their order.
    """
    if not entries:
        return [], []
    # key -> segment hash (None: any) -> candidates as sorted (segment, start, id)
    groups: dict[EditKey, dict[str | None, list[tuple[int, int, int]]]] = {}
    hashes: dict[int, str] = {}
    for item in candidates:
        by_hash = groups.setdefault(item.key, {})
        place = (item.edit.segment, item.edit.start, item.id)
        by_hash.setdefault(item.segment_hash, []).append(place)
        by_hash.setdefault(None, []).append(place)
        hashes[item.id] = item.segment_hash
    matched: list[tuple[int, Verdict]] = []
    left = []
    for e in entries:
        key = EditKey(e["rule"], e["original"], e["replacement"], e["before"], e["after"])
        same = groups.get(key)
        if not same or not same[None]:
            left.append(e)
            continue
        places = same.get(e.get("segment_hash")) or same[None]
        best = _nearest(places, e.get("segment", 0))
        same[hashes[best[2]]].remove(best)
        same[None].remove(best)
        decision = Decision(e["decision"])
        matched.append((best[2], Verdict(decision, e.get("text") if decision is Decision.REWRITE else None)))
    return matched, left


def _nearest(places: list[tuple[int, int, int]], segment: int) -> tuple[int, int, int]:
    """The entry of ``places`` (sorted ``(segment, start, id)``, not empty) whose segment is
    nearest ``segment``; on a tie the first."""
    n = bisect.bisect_left(places, (segment,))
    after = places[n] if n < len(places) else None
    if n == 0 or after is not None and after[0] - segment < segment - places[n - 1][0]:
        return after  # type: ignore[return-value]
    first = bisect.bisect_left(places, (places[n - 1][0],))  # the first of the segment before
    return places[first]
