#!/usr/bin/env python3
"""Throughput of `repair check` and `repair fix` (engine, one process, one core).

Prints MB/s (UTF-8 bytes of input per second) over the WMT21 zh-en dev hypotheses in
tests/data (23 systems x 500 segments, about 2.3 MB), with the shipped packs, and the cost
of a substitution pack of 100 vs 10,000 entries on the same text, and the speed on a single
line of 1 and 2 MB (which must not fall with the length); then, unless ``--no-versus``,
benchmarks/versus.py: `repair check` and `repair fix --unsafe-fixes` as whole processes against
codespell and typos on 10 MB of MT output, as ratios.

Usage: python benchmarks/throughput.py [--repeat N] [--no-versus]
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from pathlib import Path

from repair.engine import Engine, Settings
from repair.formats.text import parse_text
from repair.lexicon import common_words
from repair.rules.pack import load_builtin, parse_pack

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "wmt21-zh-en-dev"


def corpus() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("hyp.*.en"))]


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def synthetic_pack(n: int, seed: int = 1) -> str:
    """A valid substitution pack of ``n`` two-word entries drawn from the common-word list."""
    rng = random.Random(seed)
    words = sorted(common_words())
    keys: set[str] = set()
    while len(keys) < n:
        keys.add(f"{rng.choice(words)} {rng.choice(words)}")
    lines = [f'      "{k}": "zzrepl{i}"' for i, k in enumerate(sorted(keys))]
    return (
        "pack: bench\nrules:\n  - id: bench/sub/x\n    kind: substitution\n    category: terminology/wrong-term\n"
        "    severity: minor\n    applicability: safe\n    message: m\n    examples:\n      - good: x\n"
        "    entries:\n" + "\n".join(lines) + "\n"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is reported")
    ap.add_argument("--no-versus", action="store_true", help="leave out the comparison with codespell and typos")
    args = ap.parse_args()
    texts = corpus()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    docs = [parse_text(t, f"hyp{i}") for i, t in enumerate(texts)]
    engine = Engine.from_settings(Settings())
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}; corpus {mb:.2f} MB, {len(texts)} files"
    )

    t_parse = timed(lambda: [parse_text(t, "x") for t in texts], args.repeat)
    t_check = timed(lambda: [engine.check(d) for d in docs], args.repeat)
    t_fix = timed(lambda: [engine.fix(d, unsafe=True) for d in docs], args.repeat)
    print(f"read+segment      {mb / t_parse:8.2f} MB/s")
    print(f"check (shipped)   {mb / t_check:8.2f} MB/s  ({len(engine.rules)} rules)")
    print(f"fix --unsafe      {mb / t_fix:8.2f} MB/s  (check + apply + re-check to a fixpoint)")

    results = {}
    for n in (100, 10_000):
        pack = parse_pack(synthetic_pack(n), f"bench-{n}.yaml")
        eng = Engine.from_packs([load_builtin("mt-en"), load_builtin("zh-en"), pack])
        t = timed(lambda eng=eng: [eng.check(d) for d in docs], args.repeat)
        results[n] = t
        print(f"check + {n:>6} substitution entries {mb / t:8.2f} MB/s")
    print(f"10,000 vs 100 entries: {results[10_000] / results[100]:.2f}x the time")

    # one paragraph of megabytes with no line break (an unwrapped article, a long XLIFF target):
    # the cost must stay linear in its length
    line = " ".join(t.replace("\n", " ") for t in texts)
    for size in (1_000_000, 2_000_000):
        doc = parse_text(line[:size], "one-line")
        t = timed(lambda doc=doc: engine.check(doc), 1)
        print(f"check, one line of {size / 1e6:.0f} MB     {size / 1e6 / t:8.2f} MB/s")

    if not args.no_versus:
        import sys

        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import versus

        sys.argv = [sys.argv[0]]
        versus.main()


if __name__ == "__main__":
    main()
