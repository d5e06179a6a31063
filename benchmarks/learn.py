"""Measure `repair learn`: what learned packs do on text they were not learned from, and how fast.

1. Leave one system out on WMT21 zh-en dev (``shared/corpus/wmt21-zh-en-dev``: 23 systems'
   MT against ``ref.A.en``): learn from the other 22 systems' MT against the reference, apply
   the learned pack alone (``--unsafe-fixes``, no built-in pack) to the left-out system;
   corpus chrF before and after (sacrebleu defaults), and the lines of ``ref.A.en`` the learned
   pack changes (must be 0). One fold per system: 23 folds. The left-out system is unseen,
   but its sentences and their reference are not (the 22 others translate them); a second run
   therefore also leaves out half the segments: learned on one half, applied to the other.
   A third run gives every pair its Chinese source (``src.zh``): edge rules
   (:mod:`repair.learn.edges`) are learned too and applied with the source.
2. 5-fold cross-validation on ``shared/corpus/ape-mlqepe/ru-en-dev-300.tsv`` (300 Russian-English
   MT/post-edit pairs): learn from four folds, apply to the fifth; corpus TER against the
   post-edit before and after (lower is better), at --min-support 3 (the default), 2 and 1;
   each pair carries its Russian source, so edge rules are learned and applied with it.
3. Learning time on 100,000 segment pairs: the WMT pairs repeated with their MT perturbed
   (seeded: a word swapped with its neighbour or a word dropped), learned as ``repair learn``
   learns (alignment, filters, examples proven against the built-in packs), in one process.

Usage: PYTHONPATH=. python benchmarks/learn.py [--corpus DIR] [--skip-loso] [--skip-loso-source] [--skip-ape]
[--skip-speed]
"""

from __future__ import annotations

import argparse
import dataclasses
import glob
import platform
import random
import time
from pathlib import Path

from repair.engine import Engine, Settings
from repair.formats.text import parse_text
from repair.learn.mine import Options, mine
from repair.learn.packfile import build_pack
from repair.learn.pairs import Pair, read_pair_file
from repair.rules.pack import load_builtin
from sacrebleu.metrics import CHRF, TER

ROOT = Path(__file__).resolve().parent.parent


def base():
    packs = [load_builtin(n) for n in Settings().builtin]
    known = [k for p in packs for r in p.rules if r.kind == "substitution" for k in r.params["entries"]]
    return packs, known


def learn(pairs, options, packs, known, name="learned"):
    mined = mine(pairs, options, known)
    return build_pack(mined, options, packs, name, "benchmark", "learned.yaml")


def apply(pack, lines: list[str], sources: list[str | None] | None = None) -> list[str]:
    engine = Engine.from_packs([pack])
    doc = parse_text("\n".join(lines), "<bench>")
    if sources is not None:
        doc.segments = [dataclasses.replace(s, source=src) for s, src in zip(doc.segments, sources)]
    fixed, _ = engine.fix(doc, unsafe=True)
    return fixed.texts


def loso(corpus: Path, with_source: bool = False, min_support: int = 3) -> None:
    """Leave one system out (see the module's docstring); ``with_source``: each pair carries
    its Chinese source (``src.zh``), so edge rules are learned too and applied with it;
    ``min_support``: ``--min-support``."""
    ref = (corpus / "wmt21-zh-en-dev" / "ref.A.en").read_text(encoding="utf-8").splitlines()
    systems = {
        Path(p).name[4:-3]: Path(p).read_text(encoding="utf-8").splitlines()
        for p in sorted(glob.glob(str(corpus / "wmt21-zh-en-dev" / "hyp.*.en")))
    }
    src: list[str | None] = [None] * len(ref)
    if with_source:
        src = list((corpus / "wmt21-zh-en-dev" / "src.zh").read_text(encoding="utf-8").splitlines())
    packs, known = base()
    chrf = CHRF()
    print(
        f"\n## Leave one system out: WMT21 zh-en dev, {len(systems)} systems x {len(ref)} segments, "
        f"learned pack alone, unsafe fixes applied"
        + (", with the Chinese source (edge rules too)" if with_source else "")
    )
    print(
        f"{'left out':<22} {'rules':>5} {'chrF before':>11} {'after':>8} {'delta':>7} {'lines changed':>13} {'ref lines changed':>17}"
    )
    deltas, ref_changed = [], []
    for name, hyp in systems.items():
        pairs = [
            Pair(m, r, f"{other}:{i}", src[i])
            for other, lines in systems.items()
            if other != name
            for i, (m, r) in enumerate(zip(lines, ref))
        ]
        written = learn(pairs, Options(min_support=min_support), packs, known)
        after = apply(written.pack, hyp, src if with_source else None)
        ref_after = apply(written.pack, ref, src if with_source else None)
        b, a = chrf.corpus_score(hyp, [ref]).score, chrf.corpus_score(after, [ref]).score
        changed = sum(x != y for x, y in zip(hyp, after))
        rc = sum(x != y for x, y in zip(ref, ref_after))
        deltas.append(a - b)
        ref_changed.append(rc)
        rules = f"{len(written.families)}+{len(written.edge_rules)}" if with_source else str(len(written.pack.rules))
        print(f"{name:<22} {rules:>5} {b:>11.3f} {a:>8.3f} {a - b:>+7.3f} {changed:>13} {rc:>17}", flush=True)
    _range(deltas, ref_changed)


def loso_split(corpus: Path) -> None:
    """Leave one system out *and* half of the segments: learn from the other systems on one half
    of the segments, apply to the left-out system's other half (and the other way round), so
    that neither the system nor the sentences nor their reference were seen in learning."""
    ref = (corpus / "wmt21-zh-en-dev" / "ref.A.en").read_text(encoding="utf-8").splitlines()
    systems = {
        Path(p).name[4:-3]: Path(p).read_text(encoding="utf-8").splitlines()
        for p in sorted(glob.glob(str(corpus / "wmt21-zh-en-dev" / "hyp.*.en")))
    }
    packs, known = base()
    chrf = CHRF()
    half = len(ref) // 2
    halves = [range(0, half), range(half, len(ref))]
    print(
        f"\n## Leave one system and half the segments out: learned on 22 systems x segments 1-{half}, applied to the "
        f"left-out system's segments {half + 1}-{len(ref)}, and the other way round"
    )
    print(
        f"{'left out':<22} {'rules':>7} {'chrF before':>11} {'after':>8} {'delta':>7} {'lines changed':>13} {'ref lines changed':>17}"
    )
    deltas, ref_changed = [], []
    for name, hyp in systems.items():
        after, ref_after, nrules = list(hyp), list(ref), []
        for learn_on, apply_on in (halves, halves[::-1]):
            pairs = [
                Pair(lines[i], ref[i], f"{other}:{i}")
                for other, lines in systems.items()
                if other != name
                for i in learn_on
            ]
            written = learn(pairs, Options(), packs, known)
            nrules.append(len(written.pack.rules))
            for i, t in zip(apply_on, apply(written.pack, [hyp[i] for i in apply_on])):
                after[i] = t
            for i, t in zip(apply_on, apply(written.pack, [ref[i] for i in apply_on])):
                ref_after[i] = t
        b, a = chrf.corpus_score(hyp, [ref]).score, chrf.corpus_score(after, [ref]).score
        rc = sum(x != y for x, y in zip(ref, ref_after))
        deltas.append(a - b)
        ref_changed.append(rc)
        print(
            f"{name:<22} {'+'.join(map(str, nrules)):>7} {b:>11.3f} {a:>8.3f} {a - b:>+7.3f} "
            f"{sum(x != y for x, y in zip(hyp, after)):>13} {rc:>17}",
            flush=True,
        )
    _range(deltas, ref_changed)


def _range(deltas: list[float], ref_changed: list[int]) -> None:
    print(
        f"chrF delta range: {min(deltas):+.3f} .. {max(deltas):+.3f} (mean {sum(deltas) / len(deltas):+.3f}); "
        f"folds up {sum(d > 0 for d in deltas)}, down {sum(d < 0 for d in deltas)}, same {sum(d == 0 for d in deltas)}; "
        f"ref.A.en lines changed: max {max(ref_changed)}"
    )


def ape(corpus: Path) -> None:
    """5 contiguous folds of 60 pairs; the learned pack (substitutions and edge rules, the
    latter conditioned on each pair's Russian source) applied to the held-out MT with its
    source; TER against the held-out post-edits (sacrebleu defaults), and the held-out
    post-edits the pack changes (with their sources)."""
    pairs = read_pair_file(str(corpus / "ape-mlqepe" / "ru-en-dev-300.tsv"))
    packs, known = base()
    ter = TER()
    k = 5
    size = len(pairs) // k
    print(
        f"\n## 5-fold cross-validation: ape-mlqepe ru-en dev, {len(pairs)} MT/post-edit pairs with their source, "
        f"learned pack alone, unsafe fixes applied"
    )
    for min_support in (3, 2, 1):
        print(f"--min-support {min_support} (--min-consistency 0.5)")
        print(
            f"{'fold':<5} {'rules (subst+edges)':>19} {'TER before':>10} {'after':>8} {'delta':>7} "
            f"{'lines changed':>13} {'PE lines changed':>16}"
        )
        deltas = []
        for f in range(k):
            test = pairs[f * size : (f + 1) * size]
            train = pairs[: f * size] + pairs[(f + 1) * size :]
            written = learn(train, Options(min_support=min_support), packs, known)
            mts, pes, srcs = [p.mt for p in test], [p.pe for p in test], [p.source for p in test]
            after = apply(written.pack, mts, srcs)
            pe_after = apply(written.pack, pes, srcs)
            b, a = ter.corpus_score(mts, [pes]).score, ter.corpus_score(after, [pes]).score
            deltas.append(a - b)
            nsub, nedge = len(written.families), len(written.edge_rules)
            print(
                f"{f + 1:<5} {f'{nsub}+{nedge}':>19} {b:>10.3f} {a:>8.3f} {a - b:>+7.3f} "
                f"{sum(x != y for x, y in zip(mts, after)):>13} {sum(x != y for x, y in zip(pes, pe_after)):>16}",
                flush=True,
            )
            for rule in written.pack.rules:
                if rule.kind == "edges":
                    keys = {k: v for k, v in rule.params.items() if k != "learned"}
                    print(f"      {rule.id}: {keys}")
        print(
            f"TER delta range: {min(deltas):+.3f} .. {max(deltas):+.3f} (mean {sum(deltas) / len(deltas):+.3f}); "
            f"folds down {sum(d < 0 for d in deltas)}, up {sum(d > 0 for d in deltas)}, same {sum(d == 0 for d in deltas)}"
        )


def perturb(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    if len(words) < 3:
        return text
    i = rng.randrange(len(words) - 1)
    if rng.random() < 0.5:
        words[i], words[i + 1] = words[i + 1], words[i]
    else:
        del words[i]
    return " ".join(words)


def speed(corpus: Path, n: int = 100_000, with_source: bool = True, runs: int = 3) -> None:
    """``with_source``: each pair carries its Chinese source, so edge rules are mined too."""
    ref = (corpus / "wmt21-zh-en-dev" / "ref.A.en").read_text(encoding="utf-8").splitlines()
    src = (corpus / "wmt21-zh-en-dev" / "src.zh").read_text(encoding="utf-8").splitlines()
    base_pairs = [
        (m, r, s if with_source else None)
        for p in sorted(glob.glob(str(corpus / "wmt21-zh-en-dev" / "hyp.*.en")))
        for m, r, s in zip(Path(p).read_text(encoding="utf-8").splitlines(), ref, src)
    ]
    rng = random.Random(2026)
    pairs = []
    while len(pairs) < n:
        copy = len(pairs) // len(base_pairs)
        for m, r, s in base_pairs[: n - len(pairs)]:
            pairs.append(Pair(m if copy == 0 else perturb(m, rng), r, str(len(pairs)), s))
    packs, known = base()
    print(
        f"\n## Learning time: {len(pairs)} segment pairs (WMT21 pairs, MT perturbed after the first copy"
        + (", with the Chinese source: edge rules mined too" if with_source else "")
        + "), one process"
    )
    for run in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        mined = mine(pairs, Options(), known)
        t1, c1 = time.perf_counter(), time.process_time()
        written = build_pack(mined, Options(), packs, "learned", "benchmark", "learned.yaml")
        t2, c2 = time.perf_counter(), time.process_time()
        print(
            f"run {run + 1}: mine {t1 - t0:.1f} s (cpu {c1 - c0:.1f} s), pack and examples {t2 - t1:.1f} s "
            f"(cpu {c2 - c1:.1f} s), total {t2 - t0:.1f} s (cpu {c2 - c0:.1f} s); {len(mined.candidates)} candidates, "
            f"{len(written.pack.rules)} rules ({len(written.edge_rules)} edges); {len(mined.edge_candidates)} edge candidates",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"), help="the shared corpus folder")
    ap.add_argument("--skip-loso", action="store_true")
    ap.add_argument("--skip-ape", action="store_true")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--skip-loso-source", action="store_true", help="skip leave-one-system-out with the source")
    ap.add_argument("--loso-source-min-support", type=int, default=3, help="--min-support of the run with the source")
    ap.add_argument("--pairs", type=int, default=100_000, help="segment pairs for the timing")
    ap.add_argument("--speed-without-source", action="store_true", help="time learning from pairs without source")
    ap.add_argument("--runs", type=int, default=3, help="timed runs")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        corpus = Path("/work/shared/corpus")
    print(
        f"# repair learn benchmark: {platform.machine()}, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    if not args.skip_loso:
        loso(corpus)
        loso_split(corpus)
    if not args.skip_loso_source:
        loso(corpus, with_source=True, min_support=args.loso_source_min_support)
    if not args.skip_ape:
        ape(corpus)
    if not args.skip_speed:
        speed(corpus, args.pairs, not args.speed_without_source, args.runs)


if __name__ == "__main__":
    main()
