#!/usr/bin/env python3
"""Batches: memory on 10 and 100 MB of input, and CPU/wall per ``-j``.

Builds its inputs in a temporary folder (never in the repository) by concatenating the
WMT21 zh-en dev hypotheses of tests/data (23 systems x 500 segments, about 2.3 MB) until a
file holds 10 MB and another 100 MB, and 200 files of about 50 KB for the ``-j`` runs.
Each figure is one whole ``python -m repair`` process: CPU is user+sys of the process and
its worker processes (``resource.getrusage(RUSAGE_CHILDREN)`` in a wrapper process of its
own), peak memory the largest resident set of any one of them (``ru_maxrss``), wall the
elapsed time (noisy on a shared machine: compare CPU).

Usage: python benchmarks/batch.py [--sizes 10,100] [--jobs 1,2] [--skip-fix] [--skip-memory]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "wmt21-zh-en-dev"


#: run in a fresh interpreter per measurement, so that ru_maxrss (the max over its children) is this run's alone
_WRAP = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime, r.ru_maxrss, code)
"""


def run(args: list[str], env_extra: dict[str, str] | None = None) -> tuple[float, float, float, int]:
    """``(cpu_s, wall_s, peak_mib, exit_code)`` of ``python -m repair ARGS`` and its workers
    (``env_extra``: variables added to this process's environment for it)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env_extra or {}))
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _WRAP, sys.executable, "-m", "repair", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        check=True,
    ).stdout.split()
    wall = time.perf_counter() - t
    return float(out[0]), wall, int(out[1]) / 1024, int(out[2])  # ru_maxrss: KiB on Linux


def build(folder: Path, sizes: list[int]) -> dict[int, Path]:
    unit = b"".join(p.read_bytes() for p in sorted(DATA.glob("hyp.*.en")))
    out = {}
    for mb in sizes:
        path = folder / f"{mb}mb.txt"
        with open(path, "wb") as fh:
            for _ in range(mb * 1_000_000 // len(unit) + 1):
                fh.write(unit)
        out[mb] = path
    files = folder / "files"
    files.mkdir()
    text = unit.decode("utf-8").splitlines(True)
    for i in range(200):
        (files / f"f{i:03}.txt").write_text("".join(text[i * 250 % len(text) :][:250]), encoding="utf-8")
    return {**out, 0: files}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10,100", help="input sizes in MB for the memory runs")
    ap.add_argument("--jobs", default="1,2", help="-j values for the runs over 200 files")
    ap.add_argument("--skip-fix", action="store_true", help="measure check only")
    ap.add_argument("--skip-memory", action="store_true", help="leave out the 10/100 MB runs")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(
        f"{platform.node()} {platform.machine()} Python {platform.python_version()}, {len(os.sched_getaffinity(0))} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        inputs = build(Path(tmp), [] if args.skip_memory else sizes)
        commands = [("check", [])] + ([] if args.skip_fix else [("fix", ["-q", "--out-dir", str(Path(tmp) / "out")])])
        for name, extra in commands:
            for mb in [] if args.skip_memory else sizes:
                cpu, wall, peak, code = run([name, "-j", "1", *extra, str(inputs[mb])])
                print(
                    f"{name} -j1 {mb} MB: cpu {cpu:.1f} s, wall {wall:.1f} s, peak {peak:.0f} MiB, "
                    f"{mb / cpu:.2f} MB/s of CPU (exit {code})"
                )
            for j in [int(x) for x in args.jobs.split(",")]:
                cpu, wall, peak, code = run([name, "-j", str(j), *extra, str(inputs[0])])
                print(
                    f"{name} -j{j} 200 files: cpu {cpu:.1f} s, wall {wall:.1f} s, cpu/wall {cpu / wall:.2f}, "
                    f"peak {peak:.0f} MiB (exit {code})"
                )


if __name__ == "__main__":
    main()
