"""Candidate substitutions mined from MT/post-edit pairs: counted, generalised, filtered.

1. Every pair is aligned (:func:`repair.learn.align.changes`); each change is a candidate
   ``phrase -> replacement``, the phrase taken case-insensitively (’ as ').
2. Support is counted in *human segments*: distinct post-edits (with their source, when known),
   so one post-edit reached from many MT outputs, or repeated in a memory, counts once.
3. Generalisation: case (phrases are compared folded; a replacement's capital at a sentence
   start is lowered, the kind's ``keep_case`` restores it) and inflection: the singular, plural
   and possessive forms (:func:`singular` of the last word of both sides) form one *family*, one
   rule whose support is that of its forms together.
4. Filters, in this order (the first that applies names why a candidate is dropped):
   too few segments (family support below ``min_support``); another replacement of the same
   phrase has more support; the phrase is already an entry of a loaded pack; only function
   words change and the support is below :data:`FUNCTION_FACTOR` times ``min_support``;
   contradicted (in some pair the MT holds the phrase and the post-edit kept it); it would change a line of the
   human side (the phrase occurs in another post-edit); the MT phrase was changed to the
   replacement in under ``min_consistency`` of the human segments whose MT holds it. The
   phrases are looked for as the ``substitution`` kind matches them (:class:`PhraseFinder`);
   :func:`changed_lines` runs the real matcher over the human side for the pack as written.
   :mod:`repair.learn.packfile` then drops a rule without a passing example of its own, or that
   breaks an example of a loaded pack (:data:`EXAMPLES`).
5. Pairs with a source also give edge rules (:func:`repair.learn.edges.mine_edges`: the marks
   at the ends of a segment set from the shape of its source's ends), with the same support
   count, thresholds and filters.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import ahocorasick

from repair.document import Segment
from repair.edits import Applicability
from repair.learn.align import TOKEN, changes, fold, tokens
from repair.learn.edges import EdgeCandidate, EdgeRule, mine_edges
from repair.learn.evidence import CONTRADICTED, HUMAN, Evidence
from repair.learn.pairs import Pair
from repair.rules.kinds.base import SegmentView
from repair.rules.kinds.substitution import SubstitutionMatcher
from repair.rules.pack import Rule

#: Why a candidate was dropped, in the order the filters run (the summary table's rows).
TOO_FEW = "too few segments"
OTHER = "another replacement preferred"
KNOWN = "already in a loaded pack"
FUNCTION_ONLY = "only function words change"
INCONSISTENT = "MT phrase mostly left as it was"
EXAMPLES = "examples fail rules --test"
REASONS = (TOO_FEW, OTHER, KNOWN, FUNCTION_ONLY, CONTRADICTED, HUMAN, INCONSISTENT, EXAMPLES)

#: Texts whose tokens are kept for reuse (a reference shared by 20 MT outputs is cut once).
TOKEN_CACHE = 65536
#: MT segments kept per candidate as possible examples.
SAMPLES = 8
#: A change of function words only (articles, prepositions) depends on its context more than
#: a change of terms: it needs this many times ``min_support``.
FUNCTION_FACTOR = 3
#: Words whose insertion, deletion or exchange makes a change grammar, not terminology.
FUNCTION_WORDS = frozenset(
    "a an the of in on at to for by with from into over under and or but is are was were be been being "
    "has have had do does did will would can could should may might must 's it its this that these those "
    "as than then there their his her he she they we our you your not no".split()
)


@dataclass(frozen=True)
class Options:
    """What ``repair learn`` keeps.

    Attributes:
        min_support: human segments a family needs (``--min-support``).
        min_consistency: the share of the human segments whose MT holds a phrase in which the
            post-edit changed it to the replacement, below which the candidate is dropped
            (the phrase is mostly translated otherwise, or kept in a rephrased sentence).
        safe_support: a family with at least this support, no contradiction and a
            consistency of at least ``safe_consistency`` is written ``safe`` (``--safe-support``).
        safe_consistency: the share of human segments whose MT holds the phrase in which it
            was changed to the replacement.
        examples: ``bad``/``fixed`` examples written per rule (at most).
        good_examples: ``good`` examples from the human side per rule (at most).
    """

    min_support: int = 3
    min_consistency: float = 0.5
    safe_support: int = 50
    safe_consistency: float = 0.9
    examples: int = 2
    good_examples: int = 2


@dataclass(frozen=True, slots=True)
class Sample:
    """Where a candidate was seen: pair index, human segment id, MT span (half-open)."""

    pair: int
    human: int
    start: int
    end: int


@dataclass
class Candidate(Evidence):
    """One ``phrase -> replacement`` seen in the pairs (its evidence: :class:`Evidence`).

    Attributes:
        key: the phrase folded (lower case, ’ as ').
        replacement: the post-edit's text.
        forms: the phrase as written in the MT, with counts.
        samples: up to :data:`SAMPLES` places, in distinct human segments.
    """

    key: str
    replacement: str
    forms: Counter = field(default_factory=Counter)
    samples: list[Sample] = field(default_factory=list)

    @property
    def phrase(self) -> str:
        """The phrase as the pack writes it: its most common MT form, a capital that only a
        sentence start gave it lowered."""
        form = self.forms.most_common(1)[0][0]
        m = re.match(r"\w+", form)
        if m and len(m.group()) > 1 and m.group()[0].isupper() and m.group()[1:].islower():
            return form[0].lower() + form[1:]
        return form


@dataclass
class Family:
    """Candidates that differ only by inflection: one rule.

    Attributes:
        entries: the candidates (kept ones, once filtered), most supported first.
        support: human segments supporting any of them.
    """

    entries: list[Candidate]
    support: int = 0

    @property
    def in_mt(self) -> int:
        return sum(e.in_mt for e in self.entries)

    @property
    def consistency(self) -> float:
        """Share of the human segments whose MT holds a phrase of the family in which it was changed."""
        return min(1.0, self.support / self.in_mt) if self.in_mt else 1.0

    def applicability(self, options: Options) -> Applicability:
        """``safe`` only on overwhelming evidence (see :class:`Options`), else ``unsafe``."""
        if (
            self.support >= options.safe_support
            and self.consistency >= options.safe_consistency
            and not any(e.contradictions for e in self.entries)
        ):
            return Applicability.SAFE
        return Applicability.UNSAFE

    @property
    def category(self) -> str:
        """A guess: ``fluency/grammar`` when only function words or a word's ending change,
        ``terminology/wrong-term`` otherwise."""
        e = self.entries[0]
        if function_only(e.key, e.replacement):
            return "fluency/grammar"
        a = [t for t in TOKEN.findall(e.key) if t[0].isalnum()]
        b = [t for t in TOKEN.findall(fold(e.replacement)) if t[0].isalnum()]
        if len(a) == len(b) == 1 and len(_common_prefix(a[0], b[0])) >= 4:
            return "fluency/grammar"
        return "terminology/wrong-term"


@dataclass
class Mined:
    """What :func:`mine` found.

    Attributes:
        pairs: the pairs read.
        candidates: every candidate, kept or dropped.
        families: the kept families, most supported first.
        human_segments: distinct human segments in the pairs.
        edge_candidates: the edge candidates with support (:mod:`repair.learn.edges`; only
            pairs with a source give them).
        edge_rules: the kept edge rules, most supported first.
    """

    pairs: Sequence[Pair]
    candidates: list[Candidate]
    families: list[Family]
    human_segments: int
    edge_candidates: list[EdgeCandidate] = field(default_factory=list)
    edge_rules: list[EdgeRule] = field(default_factory=list)

    def dropped(self) -> Counter:
        """How many candidates each reason dropped."""
        return Counter(c.dropped for c in self.candidates if c.dropped)

    def kept(self) -> int:
        return sum(len(f.entries) for f in self.families)

    def edges_dropped(self) -> Counter:
        """How many edge candidates each reason dropped."""
        return Counter(c.dropped for c in self.edge_candidates if c.dropped)


def function_only(phrase: str, replacement: str) -> bool:
    """Whether only function words (:data:`FUNCTION_WORDS`) are added, dropped or exchanged
    ("the flood" -> "flood", "to Ministry" -> "to the Ministry")."""
    a = {t for t in TOKEN.findall(fold(phrase)) if t[0].isalnum()}
    b = {t for t in TOKEN.findall(fold(replacement)) if t[0].isalnum()}
    return a ^ b <= FUNCTION_WORDS


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def singular(phrase: str) -> str:
    """``phrase`` with its last word's plural or possessive ending taken off (English
    spelling rules: -'s, -ies -> -y, -ses/-xes/-zes/-ches/-shes -> drop -es, -s but not -ss,
    -us, -is); "coronary viruses" -> "coronary virus", "policies" -> "policy"."""
    if phrase.endswith("'s"):
        return phrase[:-2]
    if phrase.endswith("ies") and len(phrase) > 4:
        return phrase[:-3] + "y"
    if phrase.endswith(("ses", "xes", "zes", "ches", "shes")):
        return phrase[:-2]
    if phrase.endswith("s") and not phrase.endswith(("ss", "us", "is")):
        return phrase[:-1]
    return phrase


def _base(key: str, replacement: str) -> tuple[str, str]:
    """The family of a candidate: both sides in the singular, without a possessive."""
    return singular(key), singular(fold(replacement))


def _families(cands: Iterable[Candidate], min_support: int) -> list[Family]:
    """Group candidates into families; those below ``min_support`` are dropped (:data:`TOO_FEW`)."""
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for c in cands:
        groups.setdefault(_base(c.key, c.replacement), []).append(c)
    out = []
    for entries in groups.values():
        support = len(set().union(*(e.support for e in entries)))
        if support < min_support:
            for e in entries:
                e.dropped = TOO_FEW
            continue
        entries.sort(key=lambda e: (-len(e.support), e.key))
        out.append(Family(entries, support))
    out.sort(key=lambda f: (-f.support, f.entries[0].key))
    return out


class PhraseFinder:
    """Which of many phrases occur in a text, matched as the ``substitution`` kind matches them
    (case-insensitive, ’ as ', word boundaries at both ends), with one Aho-Corasick automaton.

    Args:
        phrases: the phrases; a hit reports the phrase's index.
    """

    def __init__(self, phrases: Sequence[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for n, phrase in enumerate(phrases):
            key = fold(phrase)
            self._automaton.add_word(key, (len(key), n))
        self._empty = not phrases
        if phrases:
            self._automaton.make_automaton()

    def find(self, text: str) -> set[int]:
        """Indices of the phrases found in ``text``."""
        if self._empty or not text:
            return set()
        out = set()
        n = len(text)
        for end_idx, (length, idx) in self._automaton.iter(fold(text)):
            start, end = end_idx - length + 1, end_idx + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            if end < n and (text[end].isalnum() or text[end] == "_"):
                continue
            out.add(idx)
        return out


def changed_lines(rules: Sequence[Rule], texts: Iterable[str]) -> Counter:
    """How many of ``texts`` each ``substitution`` rule changes, by rule id, run by the real
    matcher (the final proof that a learned pack leaves the human side alone)."""
    matcher = SubstitutionMatcher(list(rules))
    out: Counter = Counter()
    for n, text in enumerate(texts):
        if text:
            out.update({e.rule_id for e in matcher.find(SegmentView(Segment(text, n, n + 1)), None)})
    return out


def mine(
    pairs: Sequence[Pair], options: Options, known: Iterable[str] = (), advance: Callable[[int], None] | None = None
) -> Mined:
    """Mine, generalise and filter candidates (see the module's docstring).

    Args:
        pairs: MT segments beside their post-edits.
        options: thresholds.
        known: entries (phrases) of the packs already loaded, folded or not.
        advance: called with the number of pairs aligned since the last call (progress).

    Returns:
        the candidates and the kept families.
    """
    humans: dict[tuple[str | None, str], int] = {}
    pair_human = []
    table: dict[tuple[str, str], Candidate] = {}
    tokenize = functools.lru_cache(maxsize=TOKEN_CACHE)(tokens)
    for i, p in enumerate(pairs):
        hid = humans.setdefault((p.source, p.pe), len(humans))
        pair_human.append(hid)
        for ch in changes(p.mt, p.pe, tokenize):
            key = (fold(ch.phrase), ch.replacement)
            cand = table.get(key)
            if cand is None:
                cand = table[key] = Candidate(*key)
            if hid not in cand.support:
                cand.support.add(hid)
                if len(cand.samples) < SAMPLES:
                    cand.samples.append(Sample(i, hid, ch.mt_start, ch.mt_end))
            cand.forms[ch.phrase] += 1
        if advance is not None and i % 1000 == 999:
            advance(1000)
    if advance is not None and len(pairs) % 1000:
        advance(len(pairs) % 1000)
    candidates = list(table.values())
    families = _families(candidates, options.min_support)
    # one replacement per phrase: the most supported (a phrase in two families keeps one)
    best: dict[str, Candidate] = {}
    for c in (e for f in families for e in f.entries):
        b = best.get(c.key)
        if b is None or (len(c.support), -len(c.replacement)) > (len(b.support), -len(b.replacement)):
            best[c.key] = c
    known_keys = {fold(k) for k in known}
    live = []
    for f in families:
        for e in f.entries:
            if best[e.key] is not e:
                e.dropped = OTHER
            elif e.key in known_keys:
                e.dropped = KNOWN
            elif function_only(e.key, e.replacement) and f.support < FUNCTION_FACTOR * options.min_support:
                e.dropped = FUNCTION_ONLY
            else:
                live.append(e)
    _filter_on_text(live, pairs, pair_human, options.min_consistency)
    families = _families((e for f in families for e in f.entries if not e.dropped), options.min_support)
    edges = mine_edges(pairs, pair_human, options.min_support, options.min_consistency)
    return Mined(pairs, candidates, families, len(humans), edges.candidates, edges.rules)


def _filter_on_text(
    live: list[Candidate], pairs: Sequence[Pair], pair_human: list[int], min_consistency: float
) -> None:
    """Look for the candidates' phrases in the MT and the human side: count where the MT holds
    each, drop the contradicted ones and those that would change a human line."""
    if not live:
        return
    finder = PhraseFinder([c.key for c in live])
    pe_hits: dict[int, set[int]] = {}
    mt_cache: dict[str, set[int]] = {}
    in_mt: dict[int, set[int]] = {}
    contradicted: dict[int, set[int]] = {}
    for p, hid in zip(pairs, pair_human):
        if hid not in pe_hits:
            pe_hits[hid] = finder.find(p.pe)
        hits = mt_cache.get(p.mt)
        if hits is None:
            hits = mt_cache[p.mt] = finder.find(p.mt)
        for n in hits:
            in_mt.setdefault(n, set()).add(hid)
            if n in pe_hits[hid]:
                contradicted.setdefault(n, set()).add(hid)
    human = Counter(n for hits in pe_hits.values() for n in hits)
    for n, c in enumerate(live):
        c.in_mt = len(in_mt.get(n, ()))
        c.contradictions = len(contradicted.get(n, ()))
        c.human_lines = human.get(n, 0)
        c.judge(min_consistency, INCONSISTENT)
