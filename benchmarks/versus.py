#!/usr/bin/env python3
"""`repair check` and `repair fix --unsafe-fixes` against codespell and typos, as whole processes.

The four commands run on the same file of real MT output, alternated (codespell, typos,
check, fix; again), each ``--runs`` times; the medians of CPU time (user + sys of the child,
from ``resource.getrusage``) and of wall time are printed with MB/s (UTF-8 bytes of input
per second) and as ratios of speed: ``repair/codespell`` 1.0x means as fast as codespell,
0.5x half as fast. The file is built in a temporary folder from the WMT21 zh-en dev
hypotheses (tests/data, 23 systems x 500 segments, repeated up to ``--mb`` megabytes) and
removed afterwards; it is never part of the project.

codespell and typos are the project's benchmark dependencies (``[dependency-groups] bench``
in pyproject.toml: ``pip install --group bench``); a tool that is not installed is skipped.
All four run on one core: one file, typos with ``--threads 1`` and ``repair`` with ``-j 1``
(its default is a process pool over every core, which cuts a big text file into chunks).
``--pure`` adds ``repair check`` run with ``REPAIR_PURE_PYTHON=1``: the Python code that the
compiled scans (``repair/csrc/scan.c``) replace, the path of an install built without a C compiler.
``--baseline DIR`` adds ``repair check`` and ``fix`` run with ``PYTHONPATH=DIR`` (another
checkout of the project, e.g. ``git archive`` of an older commit), alternated with the rest:
before and after figures under the same load.

Usage: python benchmarks/versus.py [--mb 10] [--runs 3] [--repair PATH] [--baseline DIR] [--pure]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "wmt21-zh-en-dev"


def build_corpus(folder: Path, megabytes: float) -> Path:
    """A file of ``megabytes`` MB (10**6 bytes) of MT output: the hypotheses repeated, cut at a line end."""
    one = b"".join(p.read_bytes() for p in sorted(DATA.glob("hyp.*.en")))
    limit = int(megabytes * 1_000_000)
    data = one * (limit // len(one) + 1)
    path = folder / "mt.en.txt"
    path.write_bytes(data[: data.rfind(b"\n", 0, limit) + 1])
    return path


def run(cmd: list[str], stdin: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, float]:
    """``(cpu, wall)`` seconds of one run of ``cmd`` (output discarded; any exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with open(stdin or os.devnull, "rb") as inp:
        subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0, help="size of the input file in MB (default 10)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each command; medians are reported")
    ap.add_argument("--repair", default=shutil.which("repair") or "repair", help="the repair console script")
    ap.add_argument("--baseline", help="also run repair with PYTHONPATH set to this checkout (before/after)")
    ap.add_argument(
        "--pure",
        action="store_true",
        help="also run repair check with REPAIR_PURE_PYTHON=1 (the Python code instead of the compiled scans)",
    )
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    tools = {
        name: shutil.which(name) or (str(bindir / name) if (bindir / name).exists() else None)
        for name in ("codespell", "typos")
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = build_corpus(Path(tmp), args.mb)
        mb = path.stat().st_size / 1e6
        commands = {}
        if tools["codespell"]:
            commands["codespell"] = ([tools["codespell"], str(path)], None, None)
        if tools["typos"]:
            commands["typos"] = ([tools["typos"], "--threads", "1", str(path)], None, None)
        commands["repair check"] = ([args.repair, "check", "-j", "1", str(path)], None, None)
        commands["repair fix --unsafe-fixes"] = ([args.repair, "fix", "-j", "1", "--unsafe-fixes", "-"], path, None)
        if args.baseline:
            env = {**os.environ, "PYTHONPATH": str(Path(args.baseline).resolve())}
            commands["baseline check"] = ([args.repair, "check", "-j", "1", str(path)], None, env)
            commands["baseline fix --unsafe-fixes"] = (
                [args.repair, "fix", "-j", "1", "--unsafe-fixes", "-"],
                path,
                env,
            )
        if args.pure:
            env = {**os.environ, "REPAIR_PURE_PYTHON": "1"}
            commands["pure-Python check"] = ([args.repair, "check", "-j", "1", str(path)], None, env)
        missing = [n for n, p in tools.items() if not p]
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}; "
            f"input {mb:.2f} MB; {args.runs} runs each, alternated; medians"
            + (f"; not installed: {', '.join(missing)}" if missing else "")
        )
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (cmd, stdin, cmd_env) in commands.items():
                times[name].append(run(cmd, stdin, cmd_env))
    medians = {
        name: (statistics.median(c for c, _ in ts), statistics.median(w for _, w in ts)) for name, ts in times.items()
    }
    print(f"{'command':28s} {'CPU s':>7s} {'MB/s':>7s} {'wall s':>7s} {'MB/s':>7s}")
    for name, (cpu, wall) in medians.items():
        print(f"{name:28s} {cpu:7.2f} {mb / cpu:7.2f} {wall:7.2f} {mb / wall:7.2f}")
    for name in ("repair check", "repair fix --unsafe-fixes"):
        cpu, wall = medians[name]
        for other in ("codespell", "typos"):
            if other in medians:
                ocpu, owall = medians[other]
                print(f"{name}/{other}: speed {ocpu / cpu:.2f}x by CPU, {owall / wall:.2f}x by wall")
    if args.baseline:
        for what in ("check", "fix --unsafe-fixes"):
            (cpu, wall), (bcpu, bwall) = medians[f"repair {what}"], medians[f"baseline {what}"]
            print(f"{what}: baseline/this {bcpu / cpu:.2f}x by CPU, {bwall / wall:.2f}x by wall")
    fix_cpu, fix_wall = medians["repair fix --unsafe-fixes"]
    check_cpu, check_wall = medians["repair check"]
    print(
        f"fix --unsafe-fixes / check: {fix_cpu / check_cpu:.2f}x the CPU time, {fix_wall / check_wall:.2f}x the wall time"
    )


if __name__ == "__main__":
    main()
