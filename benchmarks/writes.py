#!/usr/bin/env python3
"""The cost of committing a run's writes as a whole (repair.commit): every file staged and
fsynced, a journal written twice, the renames, the folders fsynced; and of checking every
output path before the run (repair.outputs.check: one probe file per folder, the journal look-up).

Prints, for 1, 100 and 2,000 files of 2 KB in one folder, the best of N runs in ms: the
commit, the same files written one by one with a temp file + fsync + rename each and no
journal (the floor any atomic write pays), and the check.

Usage: python benchmarks/writes.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from repair.commit import commit
from repair.outputs import Output, check


def plain(writes: list[tuple[Path, bytes, None]]) -> None:
    for path, data, _ in writes:
        tmp = path.with_name(f".{path.name}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, best of {args.repeat}")
    print(f"{'files':>6} {'commit ms':>10} {'one by one ms':>14} {'check ms':>9}")
    for n in (1, 100, 2000):
        root = Path(tempfile.mkdtemp())
        try:
            writes = [(root / f"f{i:04}.txt", b"x" * 2048, None) for i in range(n)]
            c = best(lambda writes=writes: commit(writes), args.repeat)
            p = best(lambda writes=writes: plain(writes), args.repeat)
            k = best(lambda writes=writes: check([Output(w[0], "out") for w in writes]), args.repeat)
            print(f"{n:>6} {c:>10.1f} {p:>14.1f} {k:>9.1f}")
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
