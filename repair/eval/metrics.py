"""Reference-based metrics before and after repair (sacrebleu), and false positives on human text.

All metric values come from sacrebleu (Post, 2018, "A Call for Clarity in Reporting BLEU
Scores"; chrF: Popović, 2015; TER: Snover et al., 2006) with its default settings; each
result carries sacrebleu's signature of those settings. chrF and BLEU: higher is better;
TER: lower is better.

The false-positive rate runs the same repair on the human reference: every edit it
receives is counted as a false positive, per rule, per 10,000 reference words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from repair.eval.stats_cache import StatsCache
from repair.mqm import MqmScore
from repair.pipeline.repaired import Repaired

#: Metric names in display order.
METRICS = ("chrF", "BLEU", "TER")
#: Words per false-positive rate unit.
FP_PER_WORDS = 10_000
#: Per-segment chrF changes smaller than this count as "same" (float noise only).
SAME_EPS = 1e-9


def _metric_objects() -> dict:
    """Fresh sacrebleu metric objects with default settings (sacrebleu is imported here, on first use)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {"chrF": CHRF(), "BLEU": BLEU(), "TER": TER()}


def signatures() -> dict[str, str]:
    """sacrebleu's signature of each metric as used here (one reference), e.g.
    ``nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0`` for chrF."""
    objs = _metric_objects()
    for m in objs.values():  # the signature records nrefs once a corpus was scored
        m.corpus_score(["a"], [["a"]])
    return {name: str(m.get_signature()) for name, m in objs.items()}


_worker_metrics: dict | None = None  # the metric objects of pair_statistics, made once a process


def pair_statistics(pairs: Sequence[tuple[str, str]]) -> list[list[list]]:
    """sacrebleu's statistics of each ``(hypothesis, reference)`` pair: per pair, one list of
    numbers per metric of :data:`METRICS` (``Metric._extract_corpus_statistics``, one call per
    metric for all the pairs). Runs in a worker process of :class:`CorpusScorer` (the metric
    objects are made once a process)."""
    global _worker_metrics
    if _worker_metrics is None:
        _worker_metrics = _metric_objects()
    hyps, refs = [h for h, _ in pairs], [[r for _, r in pairs]]
    per_metric = [_worker_metrics[name]._extract_corpus_statistics(hyps, refs) for name in METRICS]
    return [list(stats) for stats in zip(*per_metric)]


class CorpusScorer:
    """chrF, BLEU and TER of whole corpora, reusing the statistics of segments already scored.

    Corpus scores of all three metrics are sums of per-segment statistics; TER's are slow
    (figures: ``docs/performance.md``), and a repaired output differs from its original in few
    segments, so each ``(hypothesis, reference)`` pair is scored once, in chunks of
    :attr:`CHUNK` pairs on ``jobs`` processes (:func:`repair.pipeline.batch.ordered_map`), and
    kept in the user cache across runs (``cache``, :mod:`repair.eval.stats_cache`). Statistics
    and their aggregation are sacrebleu's own (``Metric._extract_corpus_statistics`` and
    ``_aggregate_and_compute``, the two steps of ``Metric.corpus_score``); the aggregation
    sums them in the order of the segments, wherever they were computed, so the scores do not
    depend on ``jobs`` nor on the cache; the tests compare them with
    ``sacrebleu.corpus_chrf/bleu/ter`` called directly.

    Args:
        jobs: worker processes computing statistics (1: here).
        cache: the persistent statistics cache, or ``None``; :meth:`save` writes it.
    """

    #: Pairs scored per sacrebleu call (and per task of a worker, and per ``advance`` callback).
    CHUNK = 20

    def __init__(self, jobs: int = 1, cache: StatsCache | None = None) -> None:
        self.metrics = _metric_objects()
        self.jobs = jobs
        self.cache = cache
        self._stats: dict[tuple[str, str], list[list]] = {}

    def prepare(self, pairs: Sequence[tuple[str, str]], advance: Callable[[int], None] | None = None) -> None:
        """Make the statistics of every pair known: from memory, from the cache, else computed.

        Args:
            pairs: ``(hypothesis, reference)`` pairs, repeats allowed.
            advance: called with the number of pairs done, every :attr:`CHUNK` pairs computed
                and once for those already known (in memory, repeated or cached); the calls add
                up to ``len(pairs)`` (for a progress bar).
        """
        new = list(dict.fromkeys(p for p in pairs if p not in self._stats))
        if self.cache is not None:
            for pair in new:
                found = self.cache.get(*pair)
                if found is not None:
                    self._stats[pair] = found
            new = [p for p in new if p not in self._stats]
        chunks = [new[i : i + self.CHUNK] for i in range(0, len(new), self.CHUNK)]
        if chunks:
            from repair.pipeline.batch import ordered_map  # here: a pool only when there is work

            for chunk, stats in zip(chunks, ordered_map(pair_statistics, chunks, self.jobs)):
                for pair, st in zip(chunk, stats):
                    self._stats[pair] = st
                    if self.cache is not None:
                        self.cache.put(*pair, st)
                if advance is not None:
                    advance(len(chunk))
        if advance is not None and len(pairs) > len(new):
            advance(len(pairs) - len(new))

    def score(
        self, hyps: Sequence[str], refs: Sequence[str], advance: Callable[[int], None] | None = None
    ) -> dict[str, float]:
        """chrF, BLEU and TER of line-aligned hypotheses against one reference.

        Args:
            hyps: one hypothesis per segment.
            refs: one reference per segment (same length).
            advance: called with the number of segments done, every :attr:`CHUNK` new segments
                and once for those already scored; the calls add up to ``len(hyps)`` (for a
                progress bar; see :meth:`prepare`).

        Returns:
            ``{"chrF": 0..100, "BLEU": 0..100, "TER": >= 0}``, unrounded.

        Raises:
            ValueError: when the two lists differ in length.
        """
        if len(hyps) != len(refs):
            raise ValueError(f"{len(hyps)} hypotheses but {len(refs)} references")
        pairs = list(zip(hyps, refs))
        self.prepare(pairs, advance)
        return {
            name: metric._aggregate_and_compute([self._stats[p][i] for p in pairs]).score
            for i, (name, metric) in enumerate(self.metrics.items())
        }

    def save(self) -> None:
        """Write the pairs scored here to the persistent cache, if there is one."""
        if self.cache is not None:
            self.cache.save()


def corpus_scores(hyps: Sequence[str], refs: Sequence[str]) -> dict[str, float]:
    """chrF, BLEU and TER of line-aligned hypotheses against one reference (no cache; see :class:`CorpusScorer`).

    Raises:
        ValueError: when the two lists differ in length.
    """
    return CorpusScorer().score(hyps, refs)


def segment_chrf(hyps: Sequence[str], refs: Sequence[str]) -> list[float]:
    """Sentence-level chrF (sacrebleu ``CHRF().sentence_score``) of each aligned pair."""
    chrf = _metric_objects()["chrF"]
    return [chrf.sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=True)]


@dataclass(frozen=True)
class Moves:
    """How changed segments moved against the reference by sentence chrF.

    Attributes:
        up: segments whose chrF rose (closer to the reference).
        down: segments whose chrF fell.
        same: changed segments whose chrF did not move.
    """

    up: int = 0
    down: int = 0
    same: int = 0

    def __add__(self, other: Moves) -> Moves:
        return Moves(self.up + other.up, self.down + other.down, self.same + other.same)

    def to_dict(self) -> dict:
        """``{"up", "down", "same"}``."""
        return {"up": self.up, "down": self.down, "same": self.same}


def _move(delta: float) -> Moves:
    if delta > SAME_EPS:
        return Moves(up=1)
    if delta < -SAME_EPS:
        return Moves(down=1)
    return Moves(same=1)


@dataclass
class SystemEval:
    """One MT output measured before and after repair.

    Attributes:
        name: display name (e.g. the system).
        path: the file.
        segments, words: size of the MT output (words: whitespace-separated, before repair).
        changed: segments the repair changed.
        before, after: corpus ``{"chrF", "BLEU", "TER"}``.
        moves: changed segments by sentence-chrF direction.
        rule_edits: applied edits per rule.
        rule_moves: per rule, the moves of the changed segments it edited; where several
            rules edited a segment, each rule's move is its own: the sentence chrF of each
            round's text with only that rule's edits applied, against the text before them
            (:meth:`repair.pipeline.repaired.Repaired.rule_steps`).
        mqm_before, mqm_after: MQM-style scores (see :mod:`repair.mqm`).
    """

    name: str
    path: str
    segments: int
    words: int
    changed: int
    before: dict[str, float]
    after: dict[str, float]
    moves: Moves
    rule_edits: Counter
    rule_moves: dict[str, Moves]
    mqm_before: MqmScore
    mqm_after: MqmScore

    @property
    def edits(self) -> int:
        """Applied edits, all rules."""
        return sum(self.rule_edits.values())

    def delta(self, metric: str) -> float:
        """``after - before`` for one metric (for TER, negative is better)."""
        return self.after[metric] - self.before[metric]

    def to_dict(self) -> dict:
        """JSON-ready dict; metric values rounded to 4 places."""
        r4 = lambda d: {k: round(v, 4) for k, v in d.items()}  # noqa: E731
        return {
            "name": self.name,
            "path": self.path,
            "segments": self.segments,
            "words": self.words,
            "segments_changed": self.changed,
            "edits": self.edits,
            "before": r4(self.before),
            "after": r4(self.after),
            "delta": r4({m: self.delta(m) for m in METRICS}),
            "segment_chrf": self.moves.to_dict(),
            "mqm": {"before": self.mqm_before.to_dict(), "after": self.mqm_after.to_dict()},
            "rules": {
                r: {"edits": self.rule_edits[r], **self.rule_moves.get(r, Moves()).to_dict()}
                for r in sorted(self.rule_edits)
            },
        }


def evaluate_system(
    run: Repaired, refs: Sequence[str], scorer: CorpusScorer | None = None, advance: Callable[[int], None] | None = None
) -> SystemEval:
    """Measure one repaired MT output against its reference.

    Args:
        run: the MT document before and after repair (segments aligned with ``refs``).
        refs: the reference text of each segment.
        scorer: a scorer to reuse (a fresh one by default).
        advance: progress callback, see :meth:`CorpusScorer.score`.

    Raises:
        ValueError: when the segment counts differ.
    """
    hyps_before, hyps_after = run.doc.texts, run.fixed.texts
    scorer = scorer or CorpusScorer()
    before, after = scorer.score(hyps_before, refs, advance), scorer.score(hyps_after, refs)
    idx = run.changed
    pick = lambda xs: [xs[i] for i in idx]  # noqa: E731
    sb = segment_chrf(pick(hyps_before), pick(refs))
    sa = segment_chrf(pick(hyps_after), pick(refs))
    moves, rule_moves = Moves(), dict[str, Moves]()
    for i, b, a in zip(idx, sb, sa):
        m = _move(a - b)
        moves += m
        steps = run.rule_steps(i)
        for rule in run.rules_of(i):
            if steps is not None and len(run.rules_of(i)) > 1:
                # several rules edited the segment: each is judged by its own edits, each round's
                # text with and without them
                delta = sum(
                    segment_chrf([after], [refs[i]])[0] - segment_chrf([before], [refs[i]])[0]
                    for before, after in steps[rule]
                )
                rule_moves[rule] = rule_moves.get(rule, Moves()) + _move(delta)
            else:
                rule_moves[rule] = rule_moves.get(rule, Moves()) + m
    return SystemEval(
        run.name,
        run.doc.path,
        len(hyps_before),
        run.doc.word_count(),
        len(idx),
        before,
        after,
        moves,
        run.by_rule,
        rule_moves,
        run.mqm_before,
        run.mqm_after,
    )


@dataclass
class FalsePositives:
    """Edits the repair made to a human reference: each one is a false positive.

    Attributes:
        path: the reference file.
        words: its whitespace-separated words.
        changed: segments the repair changed.
        rule_edits: applied edits per rule.
    """

    path: str
    words: int
    changed: int
    rule_edits: Counter = field(default_factory=Counter)

    def rate(self, rule: str | None = None) -> float:
        """Edits per 10,000 reference words, of one rule or (``None``) of all."""
        n = sum(self.rule_edits.values()) if rule is None else self.rule_edits.get(rule, 0)
        return n / self.words * FP_PER_WORDS if self.words else 0.0

    def to_dict(self) -> dict:
        """JSON-ready dict; rates rounded to 4 places."""
        return {
            "path": self.path,
            "words": self.words,
            "segments_changed": self.changed,
            "edits": sum(self.rule_edits.values()),
            "per_10k_words": round(self.rate(), 4),
            "rules": {
                r: {"edits": n, "per_10k_words": round(self.rate(r), 4)} for r, n in sorted(self.rule_edits.items())
            },
        }


def false_positives(run: Repaired) -> FalsePositives:
    """Count the edits a repair made to a human reference (see :class:`FalsePositives`)."""
    return FalsePositives(run.doc.path, run.doc.word_count(), len(run.changed), run.by_rule)


@dataclass
class EvalResult:
    """A whole ``repair eval``: every system, the reference's false positives, the signatures.

    Attributes:
        systems: one :class:`SystemEval` per MT file, in the order given.
        reference: the false positives on the reference.
        signatures: sacrebleu signature per metric.
        unsafe: whether unsafe fixes were applied.
        source: the source file, when given.
    """

    systems: list[SystemEval]
    reference: FalsePositives
    signatures: dict[str, str]
    unsafe: bool
    source: str | None = None

    def rules(self) -> list[str]:
        """Every rule that edited an MT output or the reference, sorted."""
        names: set[str] = set(self.reference.rule_edits)
        for s in self.systems:
            names |= set(s.rule_edits)
        return sorted(names)

    def rule_totals(self) -> dict[str, dict]:
        """Per rule over all systems: edits, segment moves, reference edits and FP rate."""
        out = {}
        for r in self.rules():
            moves = sum((s.rule_moves.get(r, Moves()) for s in self.systems), Moves())
            ref_edits = self.reference.rule_edits.get(r, 0)
            out[r] = {
                "edits": sum(s.rule_edits.get(r, 0) for s in self.systems),
                **moves.to_dict(),
                "reference_edits": ref_edits,
                "false_positives_per_10k_words": round(self.reference.rate(r), 4),
                **verdict(moves, ref_edits),
            }
        return out

    def totals(self) -> dict:
        """Over all systems: segments, changed, edits, moves, systems whose chrF rose/fell."""
        moves = sum((s.moves for s in self.systems), Moves())
        return {
            "systems": len(self.systems),
            "segments": sum(s.segments for s in self.systems),
            "segments_changed": sum(s.changed for s in self.systems),
            "edits": sum(s.edits for s in self.systems),
            "segment_chrf": moves.to_dict(),
            "systems_chrf_up": sum(s.delta("chrF") > SAME_EPS for s in self.systems),
            "systems_chrf_down": sum(s.delta("chrF") < -SAME_EPS for s in self.systems),
        }

    def to_dict(self) -> dict:
        """The JSON of ``repair eval --json`` (see docs/evaluation.md)."""
        return {
            "unsafe_fixes": self.unsafe,
            "source": self.source,
            "signatures": self.signatures,
            "reference": self.reference.to_dict(),
            "systems": [s.to_dict() for s in self.systems],
            "rules": self.rule_totals(),
            "totals": self.totals(),
        }


def verdict(moves: Moves, reference_edits: int) -> dict:
    """A rule's verdict on the data at hand: ``{"verdict": "ok" | "marked", "reasons": [...]}``.

    A rule is marked when the segments it edited moved away from the reference (sentence chrF
    down) more often than towards it, or when it edited the human reference (each such edit a
    likely false positive; it may also be a real slip of the translator: look at it).
    """
    reasons = []
    if moves.down > moves.up:
        reasons.append(f"chrF down {moves.down} > up {moves.up}")
    if reference_edits:
        reasons.append(f"edits the reference ({reference_edits})")
    return {"verdict": "marked" if reasons else "ok", "reasons": reasons}


def change_direction(delta: float, better_up: bool = True) -> str | None:
    """``"better"``, ``"worse"`` or ``None`` when ``delta`` rounds to 0.00 (2 places).

    Args:
        delta: after minus before.
        better_up: whether a higher value is better (chrF, BLEU) or worse (TER, MQM penalty).
    """
    if round(delta, 2) == 0:
        return None
    return "better" if (delta > 0) == better_up else "worse"
