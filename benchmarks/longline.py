#!/usr/bin/env python3
"""`repair check` and `repair fix` on one line of 2 MB and of 20 MB (no line break at all).

The line is the machine-translated sample article (samples/xinhua-...mt.en.txt, about one
finding per 190 characters) or the WMT21 zh-en dev hypotheses (tests/data, about one per
2,800), its lines joined with spaces and repeated up to the size. Each command runs as the
installed console script (`repair` beside this Python), output to a file, once per size:
wall time (the machine may be shared) and the CPU time of the process. The cost must grow
linearly with the length: 20 MB should take about ten times 2 MB.

Usage: python benchmarks/longline.py [--text sample|wmt] [--sizes 2,20] [--repair PATH]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    "sample": lambda: [(ROOT / "samples" / "xinhua-2020-04-10-work-safety.mt.en.txt").read_text(encoding="utf-8")],
    "wmt": lambda: [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "wmt21-zh-en-dev").glob("hyp.*.en"))
    ],
}


def one_line(texts: list[str], size: int) -> str:
    """A single line of exactly ``size`` characters (ASCII-heavy: about as many bytes)."""
    base = " ".join(t.replace("\r", " ").replace("\n", " ") for t in texts)
    return ((base + " ") * (size // (len(base) + 1) + 1))[:size]


def run(cmd: list[str]) -> tuple[float, float, int, str]:
    """``(wall seconds, CPU seconds, exit status, last stdout line)`` of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)}: exit {proc.returncode}: {proc.stderr.strip()}")
    lines = (proc.stdout or proc.stderr).strip().splitlines()
    return wall, cpu, proc.returncode, lines[-1] if lines else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", choices=sorted(TEXTS), default="sample")
    ap.add_argument("--sizes", default="2,20", help="sizes in MB (10^6 characters), comma-separated")
    ap.add_argument("--repair", default=shutil.which("repair", path=str(Path(sys.executable).parent)) or "repair")
    args = ap.parse_args()
    texts = TEXTS[args.text]()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}; "
        f"text: {args.text}; repair: {args.repair}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"line-{mb:g}mb.txt"
            path.write_text(one_line(texts, int(mb * 1_000_000)) + "\n", encoding="utf-8")
            wall, cpu, _, last = run([args.repair, "check", str(path)])
            print(f"check {mb:>5g} MB  {wall:8.1f} s wall  {cpu:8.1f} s CPU  {mb / cpu:5.2f} MB/s  ({last})")
            out = Path(tmp) / "out.txt"
            wall, cpu, _, _ = run([args.repair, "fix", "-q", "-o", str(out), str(path)])
            print(f"fix   {mb:>5g} MB  {wall:8.1f} s wall  {cpu:8.1f} s CPU  {mb / cpu:5.2f} MB/s")
            out.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
