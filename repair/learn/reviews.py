"""What review sidecars teach: rules people reject, hand rewrites that recur, accepted model edits.

A sidecar (``*.review.json``, written by :mod:`repair.review.sidecar`) holds one entry per
decision a person took: the rule id, the span's original text, the proposed replacement, up to
:data:`~repair.review.sidecar.CONTEXT` characters on each side, the segment index and a hash of
its text, the decision (``accept``, ``reject``, ``rewrite``) and, for a rewrite, the person's
text. Pre-accepted fixes that nobody confirmed are not in it, so every entry is a person's.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from repair import formats
from repair.errors import ConfigError, InputError
from repair.fileio import read_bytes
from repair.learn.pairs import Pair
from repair.review.decisions import Decision
from repair.review.sidecar import CONTEXT, SIDECAR_SUFFIX, SIDECAR_VERSION

#: Rule ids of model edits start with this (``model/<preset>``, see :mod:`repair.model.proposer`).
MODEL_PREFIX = "model/"
_FIELDS = ("rule", "original", "replacement", "before", "after")


@dataclass(frozen=True)
class Sidecar:
    """One sidecar read: its path, the input it reviewed (as written in it) and its entries
    (decisions and stale decisions alike)."""

    path: Path
    input: str
    entries: tuple[dict, ...]


@dataclass(frozen=True)
class RuleRate:
    """How people decided on one rule's edits."""

    rule: str
    accepted: int
    rejected: int
    rewritten: int

    @property
    def total(self) -> int:
        return self.accepted + self.rejected + self.rewritten

    @property
    def rejection_rate(self) -> float:
        """Rejected decisions over all decisions, 0..1."""
        return self.rejected / self.total if self.total else 0.0


def find_sidecars(folder: str) -> list[Path]:
    """The sidecars under ``folder`` (walked), sorted by path.

    Raises:
        InputError: when ``folder`` is no folder or holds no sidecar.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(folder, "no such folder" if not root.exists() else "not a folder")
    found = sorted(root.rglob("*" + SIDECAR_SUFFIX))
    if not found:
        raise InputError(folder, f"no review sidecar (*{SIDECAR_SUFFIX}) under it")
    return found


def read_sidecar(path: Path) -> Sidecar:
    """Read and check one sidecar.

    Raises:
        InputError: not JSON, another version, or an entry without its fields.
    """
    where = str(path)
    try:
        data = json.loads(read_bytes(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(where, f"not a review sidecar ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != SIDECAR_VERSION:
        raise InputError(where, f"not a version {SIDECAR_VERSION} review sidecar")
    entries = []
    for name in ("decisions", "stale"):
        if not isinstance(data.get(name, []), list):
            raise InputError(where, f"'{name}' is not a list")
        entries += data.get(name, [])
    decisions = {d.value for d in Decision}
    for n, e in enumerate(entries, start=1):
        if (
            not isinstance(e, dict)
            or e.get("decision") not in decisions
            or not all(isinstance(e.get(f), str) for f in _FIELDS)
        ):
            raise InputError(
                where, f"decision {n}: not a decision entry (rule, original, replacement, before, after, decision)"
            )
        if e["decision"] == Decision.REWRITE.value and not isinstance(e.get("text"), str):
            raise InputError(where, f"decision {n}: a rewrite without its 'text'")
        if type(e.get("segment", 0)) is not int:
            raise InputError(where, f"decision {n}: bad 'segment'")
    return Sidecar(path, str(data.get("input", "")), tuple(entries))


def rates(sidecars: Sequence[Sidecar]) -> list[RuleRate]:
    """Accepted, rejected and rewritten decisions per rule, sorted by rule id."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    slot = {Decision.ACCEPT.value: 0, Decision.REJECT.value: 1, Decision.REWRITE.value: 2}
    for sc in sidecars:
        for e in sc.entries:
            counts[e["rule"]][slot[e["decision"]]] += 1
    return [RuleRate(rule, *c) for rule, c in sorted(counts.items())]


def rejected_rules(rule_rates: Sequence[RuleRate], min_decisions: int) -> list[RuleRate]:
    """Rules rejected more often than accepted, among those with at least ``min_decisions``
    decisions (rewrites count towards the minimum, on neither side)."""
    return [r for r in rule_rates if r.total >= min_decisions and r.rejected > r.accepted]


def _context(e: dict) -> tuple[str, str]:
    """The entry's context on each side, a word cut by the :data:`CONTEXT` limit left out."""
    before, after = e["before"], e["after"]
    if len(before) >= CONTEXT:
        cut = before.find(" ")
        before = before[cut + 1 :] if cut >= 0 else ""
    if len(after) >= CONTEXT:
        cut = after.rfind(" ")
        after = after[:cut] if cut >= 0 else ""
    return before, after


def review_pairs(sidecars: Sequence[Sidecar]) -> list[Pair]:
    """Each decision as an MT/post-edit pair of its context: a rewrite is a change (the span's
    text -> the person's); a rejection is the span kept (a contradiction of any candidate that
    would change it); an accepted edit is human-approved text (the human side)."""
    out = []
    for sc in sidecars:
        for n, e in enumerate(sc.entries, start=1):
            before, after = _context(e)
            where = f"{sc.path}#{n}"
            original = before + e["original"] + after
            if e["decision"] == Decision.REWRITE.value:
                out.append(Pair(original, before + e["text"] + after, where))
            elif e["decision"] == Decision.REJECT.value:
                out.append(Pair(original, original, where))
            else:
                accepted = before + e["replacement"] + after
                out.append(Pair(accepted, accepted, where))
    return out


def _input_path(sc: Sidecar) -> Path | None:
    """The reviewed input: as written in the sidecar, else beside the sidecar."""
    if not sc.input:
        return None
    for cand in (Path(sc.input), sc.path.parent / Path(sc.input).name):
        if cand.is_file():
            return cand
    return None


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def accepted_model_edits(sidecars: Sequence[Sidecar]) -> tuple[list[dict], int]:
    """One record per segment where a person accepted a model edit: ``source`` (the segment's
    source text, ``None`` when the input has none), ``before`` (the segment as reviewed),
    ``after`` (with every edit the person accepted or rewrote in it applied), ``input``,
    ``segment`` (0-based index).

    Returns:
        ``(records, missed)``: ``missed`` counts accepted model edits whose segment could not be
        found (input moved or changed since the review).

    Raises:
        InputError: when an input that is found cannot be read.
    """
    records, missed = [], 0
    for sc in sidecars:
        by_segment: dict[int, list[dict]] = defaultdict(list)
        for e in sc.entries:
            if e["decision"] != Decision.REJECT.value:
                by_segment[e.get("segment", 0)].append(e)
        wanted = {
            s
            for s, es in by_segment.items()
            if any(e["rule"].startswith(MODEL_PREFIX) and e["decision"] == Decision.ACCEPT.value for e in es)
        }
        if not wanted:
            continue
        path = _input_path(sc)
        doc = formats.read(path) if path is not None else None
        for seg_index in sorted(wanted):
            n_model = sum(
                1
                for e in by_segment[seg_index]
                if e["rule"].startswith(MODEL_PREFIX) and e["decision"] == Decision.ACCEPT.value
            )
            seg = _find_segment(doc, seg_index, by_segment[seg_index]) if doc is not None else None
            if seg is None:
                missed += n_model
                continue
            after = _apply(seg.text, by_segment[seg_index])
            if after is None:
                missed += n_model
                continue
            records.append(
                {"source": seg.source, "before": seg.text, "after": after, "input": str(path), "segment": seg.index}
            )
    return records, missed


def _find_segment(doc, index: int, entries: list[dict]):
    """The segment the entries were taken on: at ``index`` when its hash matches, else the
    first segment with the entries' hash; ``None`` when none has it."""
    want = next(
        (e["segment_hash"] for e in entries if isinstance(e.get("segment_hash"), str) and e["segment_hash"]), None
    )
    if 0 <= index < len(doc.segments) and (want is None or _hash(doc.segments[index].text) == want):
        return doc.segments[index]
    if want is not None:
        return next((s for s in doc.segments if _hash(s.text) == want), None)
    return None


def _apply(text: str, entries: list[dict]) -> str | None:
    """``text`` with the accepted and rewritten entries applied, each found by its context;
    ``None`` when one cannot be found or two overlap."""
    spans = []
    for e in entries:
        at = text.find(e["before"] + e["original"] + e["after"])
        if at < 0:
            return None
        start = at + len(e["before"])
        new = e["text"] if e["decision"] == Decision.REWRITE.value else e["replacement"]
        spans.append((start, start + len(e["original"]), new))
    spans.sort()
    for (_, end, _), (start, _, _) in zip(spans, spans[1:]):
        if start < end:
            return None
    for start, end, new in reversed(spans):
        text = text[:start] + new + text[end:]
    return text


def config_text(path: Path, key: str, rule_ids: Sequence[str]) -> tuple[bytes, list[str]]:
    """``path`` (a pyproject.toml; a new one when missing) with ``rule_ids`` added to the list
    ``key`` (``ignore`` or ``demote``) of ``[tool.repair]``, the rest of the file kept as it is
    (tomlkit keeps comments and layout).

    Returns:
        ``(bytes, added)``: the new file and the ids that were not listed yet.

    Raises:
        ConfigError: a file that is not TOML, or whose ``tool.repair.<key>`` is not a list.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    name = str(path)
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, f"cannot read: {exc}") from None
    except TOMLKitError as exc:
        raise ConfigError(name, f"TOML syntax: {exc}") from None
    if "tool" not in doc:
        doc["tool"] = tomlkit.table(is_super_table=True)
    if "repair" not in doc["tool"]:
        doc["tool"]["repair"] = tomlkit.table()
    table = doc["tool"]["repair"]
    if not hasattr(table, "get"):
        raise ConfigError(name, "[tool.repair] must be a table")
    current = table.get(key)
    if current is None:
        current = tomlkit.array()
        table[key] = current
    if not isinstance(current, list) or not all(isinstance(v, str) for v in current):
        raise ConfigError(name, f"[tool.repair]: '{key}' must be a list of strings")
    added = [r for r in rule_ids if r not in current]
    current.extend(added)
    return tomlkit.dumps(doc).encode("utf-8"), added
