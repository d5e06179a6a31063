"""Edge rules mined from MT beside its post-edit and its source: how post-editors set the marks
at the ends of a segment (quotation marks, dashes, emoji, final punctuation) given the marks at
the ends of the source. They become rules of the ``edges`` kind (:mod:`repair.rules.kinds.edges`).

1. Shapes. Each edge (the characters before the first and after the last letter or digit,
   :func:`repair.rules.kinds.edges.edges`) is read as a *shape*: its marks, spaces taken out,
   each mapped to a class of :data:`CLASSES` (a mark of none of them stands for itself), runs
   of one class merged: ``« `` and ``"`` are ``(quote,)``, `` . 😊`` is ``(period, symbol)``.
2. Conditions. From a pair's source, the conditions it meets on each side: any shape, its
   exact shape, or a shape holding class K (for each K of it); and on the target: nothing, or
   no mark of class K anywhere (for each K of the source's edges). A condition is all three
   (source start, source end, target).
3. Candidates. Where the post-edit's edge differs from the MT's, the post-edit's edge as
   written (or ``{source}`` when it is the source's edge as written) is an *action*; every
   condition the pair meets, with that side and action, is a candidate; its support is the set
   of human segments (as :func:`repair.learn.mine.mine` counts them) that show it. Only a
   change at the edge itself counts: the word next to the edge must be the same in the MT and
   the post-edit (case aside), and the marks must not merely have moved (:func:`moved`: the
   post-edit has as many quotation marks as the MT, the words around them reordered).
4. Filters, the same discipline as for phrases (:mod:`repair.learn.mine`): too few segments
   (``min_support``); contradicted (a pair meets the condition, the action would change its MT
   edge and the post-edit kept that edge); it would change a human line (a post-edit meets the
   condition with its source and the action would change it); the action is taken in under
   ``min_consistency`` of the human segments where it would change the MT.
5. Families. Beside these literal candidates, the *restore* families of
   :mod:`repair.learn.restore` ("a mark at the source's edge that the MT dropped is put back":
   quotation marks, brackets, symbols and emoji, in any style and spacing) are counted over all
   their members' segments and filtered the same way; each writes either end.
6. Choice. Per side, kept candidates are taken most supported first (then most consistent, a
   family before a literal candidate and a larger family before a smaller one, as a phrase
   family holds forms not seen, then most specific), each only when at least
   ``min_support`` of its segments are not already covered by one taken before (a family
   covers both ends); those with the same condition make one rule.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from repair.learn.evidence import CONTRADICTED, HUMAN, Evidence
from repair.learn.pairs import Pair
from repair.learn.restore import FAMILIES, PAIRED, RESTORE_SIDE, UNPAIRED, tally
from repair.rules.kinds.edges import SOURCE_EDGE, edges, squeeze

#: Classes of marks, as regex character sets (the ``edges`` rules are written with them).
#: ``symbol``: arrows, technical and miscellaneous symbols, dingbats and the emoji blocks of
#: Unicode 15 (U+2190-U+2BFF, U+1F000-U+1FAFF), with the emoji variation selector and joiner.
#: ' and ’ are apostrophes far more often than quotation marks in English ("Putin's"): they
#: are no class (each stands for itself).
CLASSES: dict[str, str] = {
    "quote": '"«»“”„‟‹›‘‚「」『』',
    "dash": "\\-‐‑‒–—―",
    "period": ".…",
    "question": "?",
    "exclamation": "!",
    "colon": ":;",
    "comma": ",",
    "bracket": "()\\[\\]{}",
    "symbol": r"\u2190-\u2bff\U0001f000-\U0001faff\ufe0f\u200d",
}
_CLASS_RE = {name: re.compile(f"[{chars}]") for name, chars in CLASSES.items()}

#: Why an edge candidate was dropped, in the order the filters run.
TOO_FEW = "too few segments"
INCONSISTENT = "MT edge mostly left as it was"
COVERED = "covered by a better-supported rule"
EXAMPLES = "examples fail rules --test"
REASONS = (TOO_FEW, CONTRADICTED, HUMAN, INCONSISTENT, COVERED, EXAMPLES)

#: A condition on one source edge: ``None`` (any), ``("=", shape)``, ``("~", class)``.
SideCondition = tuple[str, tuple[str, ...] | str] | None


def mark_class(ch: str) -> str:
    """The class of one mark (a name of :data:`CLASSES`), or the mark itself."""
    for name, regex in _CLASS_RE.items():
        if regex.fullmatch(ch):
            return name
    return ch


@lru_cache(maxsize=4096)
def shape(edge: str) -> tuple[str, ...]:
    """The shape of an edge: its marks' classes, spaces out, runs of one class merged."""
    out: list[str] = []
    for ch in squeeze(edge):
        c = mark_class(ch)
        if not out or out[-1] != c:
            out.append(c)
    return tuple(out)


def class_regex(name: str) -> str:
    """The regex character set of a class, or the escaped mark for a mark of no class."""
    return f"[{CLASSES[name]}]" if name in CLASSES else re.escape(name)


def condition_regex(cond: SideCondition) -> str | None:
    """A side condition as the ``edges`` kind writes it (full-matched), ``None`` for any."""
    if cond is None:
        return None
    _, value = cond
    if isinstance(value, tuple):  # "=": the exact shape
        return "".join(class_regex(c) + "+" for c in value)
    return f".*{class_regex(value)}.*"


def _counts(text: str) -> Counter[str]:
    return Counter(mark_class(ch) for ch in text if not (ch.isalnum() or ch.isspace() or ch == "_"))


def moved(mt: str, pe: str, mt_edge: str, pe_edge: str) -> bool:
    """Whether turning the MT's edge into the post-edit's is not borne out by the whole texts:
    for some class of marks the edge gains (or loses) some, while the post-edit as a whole has
    no more (no fewer) of them than the MT: the marks moved with reordered words ("\"Spain is
    safe,\" the minister said." -> "The minister said, \"Spain is safe.\"") rather than being
    added or dropped."""
    edge = _counts(pe_edge)
    edge.subtract(_counts(mt_edge))
    whole = _counts(pe)
    whole.subtract(_counts(mt))
    return any((d > 0 and whole[k] <= 0) or (d < 0 and whole[k] >= 0) for k, d in edge.items())


def _side_conditions(sh: tuple[str, ...]) -> list[SideCondition]:
    return [None, ("=", sh), *(("~", c) for c in dict.fromkeys(sh))]


def _lacks(text: str, name: str) -> bool:
    regex = _CLASS_RE.get(name)
    return (regex.search(text) is None) if regex is not None else name not in text


Condition = tuple[SideCondition, SideCondition, str | None]


@dataclass
class EdgeCandidate(Evidence):
    """One condition, side and action (its evidence: :class:`repair.learn.evidence.Evidence`, with
    ``in_mt`` the human segments where it would change the MT's edge).

    Attributes:
        condition: (source start, source end, class the target lacks or ``None``).
        side: ``"start"`` or ``"end"``; ``"restore"`` for a restore family
            (:mod:`repair.learn.restore`), whose condition is ``(None, None, None)``.
        action: the new edge, ``{source}`` for the source's edge; a restore family's classes
            joined by ``+``.
        samples: pair indices it was seen in (one per human segment).
        classes: a restore family's classes (``()`` otherwise).
        restore_as: a restore family's ``restore_as`` (regex -> mark the post-editors wrote).
    """

    condition: Condition
    side: str
    action: str
    samples: list[int] = field(default_factory=list)
    classes: tuple[str, ...] = ()
    restore_as: dict[str, str] = field(default_factory=dict)

    @property
    def specificity(self) -> int:
        return sum(c is not None for c in self.condition)


@dataclass
class EdgeRule:
    """A learned ``edges`` rule: one condition, the action on one or both sides.

    Attributes:
        condition: as :attr:`EdgeCandidate.condition`.
        actions: side -> its candidate.
    """

    condition: Condition
    actions: dict[str, EdgeCandidate]

    @property
    def support(self) -> int:
        return len(set().union(*(c.support for c in self.actions.values())))

    @property
    def in_mt(self) -> int:
        return max(c.in_mt for c in self.actions.values())

    @property
    def samples(self) -> list[int]:
        return sorted({s for c in self.actions.values() for s in c.samples})

    @property
    def restores(self) -> EdgeCandidate | None:
        """The restore family this rule writes, ``None`` for a literal rule."""
        return self.actions.get(RESTORE_SIDE)

    def params(self) -> dict[str, object]:
        """The rule's keys of the ``edges`` kind."""
        family = self.restores
        if family is not None:
            marks = [k for k in family.classes if k in UNPAIRED]
            restore: dict[str, object] = {}
            pairs = [class_regex(k) for k in family.classes if k in PAIRED]
            if pairs:
                restore["restore_pairs"] = pairs
            if marks:
                restore["restore_marks"] = "[" + "".join(CLASSES[k] for k in marks) + "]"
            if family.restore_as:
                restore["restore_as"] = dict(family.restore_as)
            return restore
        start, end, lacks = self.condition
        out: dict[str, object] = {}
        for key, cond in (("source_start", start), ("source_end", end)):
            regex = condition_regex(cond)
            if regex is not None:
                out[key] = regex
        if lacks is not None:
            out["target_lacks"] = class_regex(lacks)
        for side in ("start", "end"):
            if side in self.actions:
                out[side] = self.actions[side].action
        return out

    def message(self) -> str:
        """The learned rule's message."""
        if self.restores is not None:
            return f"post-editors restored {self.describe()} ({self.support} segments; learned)"
        return (
            f"post-editors changed the ends of the segment where {self.describe()} ({self.support} segments; learned)"
        )

    def describe(self) -> str:
        """The condition in words ("the source starts with quote and ends with quote")."""
        family = self.restores
        if family is not None:
            paired = [k for k in family.classes if k in PAIRED]
            parts = [f"{' or '.join(paired)} marks enclosing the whole source"] if paired else []
            parts += [f"{k} marks outermost at its ends" for k in family.classes if k in UNPAIRED]
            return "the source's " + " and ".join(parts) + " where the target has none"

        def words(cond: SideCondition) -> str:
            if cond is None:
                return "anything"
            _, value = cond
            if isinstance(value, tuple):
                return " ".join(value) if value else "nothing"
            return f"a {value}"

        start, end, lacks = self.condition
        parts = []
        if start is not None:
            parts.append(f"starts with {words(start)}")
        if end is not None:
            parts.append(f"ends with {words(end)}")
        text = "the source " + " and ".join(parts) if parts else "any source"
        return text + (f", the target has no {lacks}" if lacks is not None else "")

    def slug(self) -> str:
        """A rule-id part: "edges-start-quote-end-quote"."""

        def part(cond: SideCondition) -> str:
            if cond is None:
                return "any"
            _, value = cond
            names = value if isinstance(value, tuple) else (value,)
            return "-".join(n if n in CLASSES else "mark" for n in names) or "none"

        if self.restores is not None:
            return "edges-restore-" + "-".join(self.restores.classes)
        return f"edges-start-{part(self.condition[0])}-end-{part(self.condition[1])}"


@dataclass
class MinedEdges:
    """What :func:`mine_edges` found: every candidate with support, and the rules kept."""

    candidates: list[EdgeCandidate]
    rules: list[EdgeRule]
    pairs_with_source: int = 0


@dataclass(frozen=True, slots=True)
class _Ends:
    """A pair's edges: the source's (as written and shapes), the MT's and the post-edit's;
    ``anchored``: per side, whether the MT and the post-edit have the same word next to it."""

    src: tuple[str, str]
    src_shape: tuple[tuple[str, ...], tuple[str, ...]]
    mt: tuple[str, str]
    pe: tuple[str, str]
    anchored: tuple[bool, bool]


_FIRST_WORD = re.compile(r"\w+")
_LAST_WORD = re.compile(r"\w+$")


@lru_cache(maxsize=65536)
def _ends(text: str) -> tuple[str, str, str, str] | None:
    """The leading and trailing edge of ``text``, and its first and last word (lower case)."""
    found = edges(text)
    if found is None:
        return None
    s, i, j, e = found
    first = _FIRST_WORD.match(text, i)
    last = _LAST_WORD.search(text, 0, j)
    return text[s:i], text[j:e], first.group().lower() if first else "", last.group().lower() if last else ""


def _pair_ends(p: Pair) -> _Ends | None:
    if not p.source:
        return None
    src, mt, pe = _ends(p.source), _ends(p.mt), _ends(p.pe)
    if src is None or mt is None or pe is None:
        return None
    return _Ends(src[:2], (shape(src[0]), shape(src[1])), mt[:2], pe[:2], (mt[2] == pe[2], mt[3] == pe[3]))


def _met(ends: _Ends, text: str, lack_classes: Iterable[str]) -> tuple[Condition, ...]:
    """The conditions the pair's source and ``text`` (its MT or post-edit) meet."""
    return _conditions(ends.src_shape, tuple(k for k in lack_classes if _lacks(text, k)))


@lru_cache(maxsize=65536)
def _conditions(src_shape: tuple[tuple[str, ...], tuple[str, ...]], lacked: tuple[str, ...]) -> tuple[Condition, ...]:
    """The conditions met by a source of this shape and a target lacking the classes ``lacked``."""
    return tuple(product(_side_conditions(src_shape[0]), _side_conditions(src_shape[1]), (None, *lacked)))


def _result(action: str, src_edge: str) -> str:
    return action.replace(SOURCE_EDGE, src_edge)


def mine_edges(
    pairs: Sequence[Pair],
    pair_human: Sequence[int],
    min_support: int,
    min_consistency: float,
) -> MinedEdges:
    """Mine, filter and choose edge rules (see the module's docstring).

    Args:
        pairs: MT segments beside their post-edits; pairs without a source are skipped.
        pair_human: the human segment id of each pair (as :func:`repair.learn.mine.mine` counts).
        min_support: human segments a rule needs.
        min_consistency: the share of the human segments where its action would change the MT
            in which the post-edit took it, below which it is dropped.

    Returns:
        the candidates (with support of at least one segment) and the rules kept.
    """
    table: dict[tuple[Condition, str, str], EdgeCandidate] = {}
    ends: list[_Ends | None] = [_pair_ends(p) for p in pairs]
    for n, e in enumerate(ends):
        if e is None:
            continue
        hid = pair_human[n]
        src_classes = tuple(dict.fromkeys(c for sh in e.src_shape for c in sh))
        conds = None
        for k, side in enumerate(("start", "end")):
            if e.pe[k] == e.mt[k] or not e.anchored[k] or moved(pairs[n].mt, pairs[n].pe, e.mt[k], e.pe[k]):
                continue
            actions = [e.pe[k]] + ([SOURCE_EDGE] if e.pe[k] == e.src[k] and e.src[k] else [])
            if conds is None:
                conds = _met(e, pairs[n].mt, src_classes)
            for cond, action in product(conds, actions):
                cand = table.get((cond, side, action))
                if cand is None:
                    cand = table[(cond, side, action)] = EdgeCandidate(cond, side, action)
                if hid not in cand.support:
                    cand.support.add(hid)
                    cand.samples.append(n)
    candidates = list(table.values())
    live = []
    for c in candidates:
        if len(c.support) < min_support:
            c.dropped = TOO_FEW
        else:
            live.append(c)
    _filter(live, pairs, pair_human, ends, min_consistency)
    families = _restore_families(pairs, pair_human, ends, min_support, min_consistency)
    candidates += families
    live += [c for c in families if not c.dropped]
    rules = _choose([c for c in live if not c.dropped], min_support)
    return MinedEdges(candidates, rules, sum(e is not None for e in ends))


def _restore_families(
    pairs: Sequence[Pair],
    pair_human: Sequence[int],
    ends: Sequence[_Ends | None],
    min_support: int,
    min_consistency: float,
) -> list[EdgeCandidate]:
    """The restore families (:mod:`repair.learn.restore`) with support, counted over all their
    members' segments and filtered as the literal candidates are."""
    tallies = tally(pairs, pair_human, [(e.pe, e.anchored) if e else None for e in ends], _CLASS_RE)
    out = []
    for classes in FAMILIES:
        members = [tallies[k] for k in classes]
        support = set().union(*(t.support for t in members))
        if not support:
            continue
        c = EdgeCandidate((None, None, None), RESTORE_SIDE, "+".join(classes), classes=classes)
        c.support = support
        c.samples = sorted({n for t in members for n in t.samples.values()})
        c.in_mt = len(set().union(*(t.in_mt for t in members)))
        c.contradictions = len(set().union(*(t.contradicted for t in members)))
        c.human_lines = len(set().union(*(t.human for t in members)))
        for k, t in zip(classes, members):
            c.restore_as.update(t.mapping(class_regex(k)))
        if len(support) < min_support:
            c.dropped = TOO_FEW
        else:
            c.judge(min_consistency, INCONSISTENT)
        out.append(c)
    return out


def _filter(
    live: list[EdgeCandidate],
    pairs: Sequence[Pair],
    pair_human: Sequence[int],
    ends: Sequence[_Ends | None],
    min_consistency: float,
) -> None:
    """Count where each live candidate would change the MT and the post-edits; drop the
    contradicted, those that would change a human line and the inconsistent."""
    if not live:
        return
    by_cond: dict[Condition, list[EdgeCandidate]] = {}
    for c in live:
        by_cond.setdefault(c.condition, []).append(c)
    lack_classes = sorted({c.condition[2] for c in live if c.condition[2] is not None})
    done: set[int] = set()  # human segments whose post-edit was looked at
    in_mt: dict[int, set[int]] = {}
    contradicted: dict[int, set[int]] = {}
    human: dict[int, set[int]] = {}
    for n, e in enumerate(ends):
        if e is None:
            continue
        hid = pair_human[n]
        for cond in _met(e, pairs[n].mt, lack_classes):
            for c in by_cond.get(cond, ()):
                k = 0 if c.side == "start" else 1
                if _result(c.action, e.src[k]) != e.mt[k]:
                    in_mt.setdefault(id(c), set()).add(hid)
                    if e.pe[k] == e.mt[k]:
                        contradicted.setdefault(id(c), set()).add(hid)
        if hid in done:
            continue
        done.add(hid)
        for cond in _met(e, pairs[n].pe, lack_classes):
            for c in by_cond.get(cond, ()):
                k = 0 if c.side == "start" else 1
                if _result(c.action, e.src[k]) != e.pe[k]:
                    human.setdefault(id(c), set()).add(hid)
    for c in live:
        c.in_mt = len(in_mt.get(id(c), ()))
        c.contradictions = len(contradicted.get(id(c), ()))
        c.human_lines = len(human.get(id(c), ()))
        c.judge(min_consistency, INCONSISTENT)


def _choose(kept: list[EdgeCandidate], min_support: int) -> list[EdgeRule]:
    """Per side, the best-supported candidates that cover segments no better one covers;
    those with one condition make one rule."""
    kept.sort(
        key=lambda c: (
            -len(c.support),
            -c.consistency,
            c.side != RESTORE_SIDE,
            -len(c.classes),
            -c.specificity,
            repr(c.condition),
            c.side,
            c.action,
        )
    )
    covered: dict[str, set[int]] = {"start": set(), "end": set()}
    rules: dict[tuple[Condition, bool], EdgeRule] = {}
    for c in kept:
        sides = ("start", "end") if c.side == RESTORE_SIDE else (c.side,)
        if len(c.support - set().union(*(covered[s] for s in sides))) < min_support:
            c.dropped = COVERED
            continue
        rule = rules.setdefault((c.condition, c.side == RESTORE_SIDE), EdgeRule(c.condition, {}))
        if c.side in rule.actions:
            c.dropped = COVERED
            continue
        for s in sides:
            covered[s] |= c.support
        rule.actions[c.side] = c
    return sorted(rules.values(), key=lambda r: (-r.support, r.slug()))
