"""``--engine ray`` on one machine: the scaling over 1 and 2 local Ray workers on 200 files, and
the overhead of the Ray path against the local pool (``-j 1``, ``-j 2``).

The 200 files (25 lines each, cut from the WMT21 zh-en dev hypotheses in
/work/shared/corpus/wmt21-zh-en-dev) are written to a temporary folder and removed at the end.
Everything runs in this process through the CLI (click's test runner), against one local Ray
started here once (``ray.init(num_cpus=2)``: its start-up is printed apart). Each case is
``repair fix --unsafe-fixes --out-dir`` over the 200 files (the output folder emptied before
each run), run ``--rounds`` times alternating the cases; the medians are printed: wall time and
CPU time (user+sys of this process and every process under it, Ray's workers included, read
from /proc: Linux only).

Usage: PYTHONPATH=$PWD python benchmarks/ray_scaling.py [--files 200] [--rounds 3] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner
from repair.cli import main

CORPUS = Path("/work/shared/corpus/wmt21-zh-en-dev")


def cpu_seconds() -> float:
    """User+sys CPU seconds of this process, its reaped children and every living process under it."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    me, total = os.getpid(), 0.0
    for pid, t in times.items():
        p = pid
        while p and p != me and p in parents:
            p = parents[p]
        if p == me:
            total += t
    return total / os.sysconf("SC_CLK_TCK")


def make_files(folder: Path, count: int, lines_each: int, corpus: Path) -> None:
    lines = [line for path in sorted(corpus.glob("hyp.*.en")) for line in path.read_bytes().splitlines(keepends=True)]
    for k in range(count):
        start = (k * lines_each) % (len(lines) - lines_each)
        (folder / f"doc{k:04d}.txt").write_bytes(b"".join(lines[start : start + lines_each]))


def run(args: list[str], out: Path) -> tuple[float, float]:
    shutil.rmtree(out, ignore_errors=True)
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = CliRunner().invoke(main, args + ["--out-dir", str(out)], prog_name="repair")
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    if result.exit_code not in (0, 1):
        sys.exit(f"{args}: exit {result.exit_code}: {result.stderr or result.exception}")
    return wall, cpu


def main_() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--lines", type=int, default=25)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    a = ap.parse_args()
    import ray

    tmp = Path(tempfile.mkdtemp(prefix="repair-ray-bench-"))
    try:
        folder = tmp / "in"
        folder.mkdir()
        make_files(folder, a.files, a.lines, a.corpus)
        size = sum(p.stat().st_size for p in folder.iterdir())
        wall, cpu = time.perf_counter(), cpu_seconds()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
        print(f"ray.init(num_cpus=2): wall {time.perf_counter() - wall:.2f} s, CPU {cpu_seconds() - cpu:.2f} s")
        base = ["fix", "--unsafe-fixes", "-q", str(folder)]
        cases = {
            "local -j 1": base + ["-j", "1"],
            "local -j 2": base + ["-j", "2"],
            "ray, 1 worker": base + ["--engine", "ray", "-j", "1"],
            "ray, 2 workers": base + ["--engine", "ray", "-j", "2"],
        }
        run(cases["ray, 2 workers"], tmp / "warm")  # Ray's workers started and repair imported in them
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(a.rounds):
            for name, args in cases.items():
                results[name].append(run(args, tmp / "out"))
        print(
            f"{a.files} files of {a.lines} lines ({size / 1e6:.2f} MB), fix --unsafe-fixes --out-dir, "
            f"median of {a.rounds} alternated rounds"
        )
        med = {
            name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
            for name, r in results.items()
        }
        for name, (w, c) in med.items():
            print(f"  {name:15} wall {w:6.2f} s   CPU {c:6.2f} s   {a.files / w:6.1f} files/s")
        r1, r2 = med["ray, 1 worker"], med["ray, 2 workers"]
        print(f"ray scaling 1 -> 2 workers: {r1[0] / r2[0]:.2f}x (wall)")
        for j in (1, 2):
            local = med[f"local -j {j}"]
            ray_ = med[f"ray, {j} worker{'s' if j > 1 else ''}"]
            print(
                f"ray overhead against local -j {j}: wall {ray_[0] / local[0]:.2f}x ({ray_[0] - local[0]:+.2f} s), "
                f"CPU {ray_[1] / local[1]:.2f}x ({ray_[1] - local[1]:+.2f} s)"
            )
        ray.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main_()
