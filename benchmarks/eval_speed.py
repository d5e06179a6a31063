#!/usr/bin/env python3
"""``repair eval`` speed: CPU and wall for one WMT21 system and for all 23, per ``-j``, with a
cold and a warm statistics cache (:mod:`repair.eval.stats_cache`).

Data: WMT21 zh-en dev in tests/data (500 segments; ``hyp.Online-A.en`` for one system,
``hyp.*.en`` for all 23; reference ``ref.A.en``; shipped packs, ``--unsafe-fixes``). Each
figure is one whole ``python -m repair eval`` process: CPU is user+sys of the process and its
worker processes (``resource.getrusage(RUSAGE_CHILDREN)`` in a wrapper process of its own),
wall the elapsed time (noisy on a shared machine: compare CPU). The user cache lives in a
temporary folder (``XDG_CACHE_HOME``) whose other files (packs, compiled patterns) are warmed
by a first run; "cold" removes only ``eval-stats.marshal`` before the run, "warm" runs right
after a cold run of the same command; "rule" (with ``--rule-off RULE``) runs warm with that
rule ignored, the usual loop of changing a rule and evaluating again: only the segments whose
repair changed are scored. Every cold and warm run's JSON must be the same, byte for byte, as
the first's of the same files (checked; a difference stops the script).

Usage: python benchmarks/eval_speed.py [--systems one,all] [--jobs 1,2] [--repeat 1] [--rule-off RULE]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from pathlib import Path

import batch  # benchmarks/batch.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "wmt21-zh-en-dev"


def run(args: list[str], cache_home: Path) -> tuple[float, float]:
    """``(cpu_s, wall_s)`` of ``python -m repair ARGS`` and its workers, with its own user cache
    and the eval statistics cache on (``benchmarks/batch.py``'s measurement).

    Raises:
        SystemExit: when the command fails.
    """
    env = {"XDG_CACHE_HOME": str(cache_home), "REPAIR_EVAL_CACHE": "1"}
    cpu, wall, _, code = batch.run(args, env)
    if code != 0:
        raise SystemExit(f"repair {' '.join(args)}: exit {code}")
    return cpu, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--systems", default="one,all", help="one (Online-A), all (23 systems), comma-separated")
    ap.add_argument("--jobs", default="1,2", help="-j values, comma-separated")
    ap.add_argument("--repeat", type=int, default=1, help="runs per figure (the best CPU is printed)")
    ap.add_argument("--rule-off", metavar="RULE", help="also a warm run with this rule ignored (--ignore RULE)")
    a = ap.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    mts = {"one": [str(DATA / "hyp.Online-A.en")], "all": sorted(str(p) for p in DATA.glob("hyp.*.en"))}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "cache"
        stats = home / "repair" / "eval-stats.marshal"
        short = Path(tmp) / "short.en"  # warms the packs' and compiled patterns' caches
        short.write_text("\n".join(DATA.joinpath("ref.A.en").read_text(encoding="utf-8").splitlines()[:2]) + "\n")
        run(["eval", "-q", "--mt", str(short), "--ref", str(short)], home)
        print(f"{'systems':>7} {'-j':>3} {'cache':>5} {'CPU s':>8} {'wall s':>8}  load")
        for which in a.systems.split(","):
            first: bytes | None = None
            for jobs in a.jobs.split(","):
                for cache in ("cold", "warm", "rule") if a.rule_off else ("cold", "warm"):
                    best = None
                    for _ in range(a.repeat):
                        if cache == "cold":
                            stats.unlink(missing_ok=True)
                        out = Path(tmp) / "out.json"
                        args = ["eval", "-q", "-j", jobs, *mts[which], "--ref", str(DATA / "ref.A.en")]
                        if cache == "rule":
                            args += ["--ignore", a.rule_off]
                        cpu, wall = run([*args, "--unsafe-fixes", "--json", str(out)], home)
                        data = out.read_bytes()
                        if cache != "rule" and first is None:
                            first = data
                        elif cache != "rule" and data != first:
                            raise SystemExit(f"{which} -j {jobs} {cache}: the JSON differs from the first run's")
                        if best is None or cpu < best[0]:
                            best = (cpu, wall)
                    assert best is not None
                    print(
                        f"{which:>7} {jobs:>3} {cache:>5} {best[0]:8.1f} {best[1]:8.1f}  {os.getloadavg()[0]:.1f}",
                        flush=True,
                    )
            print(f"{which}: JSON identical in every cold and warm run")
        size = stats.stat().st_size if stats.exists() else 0
        print(f"eval-stats.marshal: {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
