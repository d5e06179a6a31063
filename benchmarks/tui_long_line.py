#!/usr/bin/env python3
"""Speed of `repair review` on one long line (no line break at all): open time and per key.

Builds a file of one line of ``--mb`` megabytes (the sentence of ``benchmarks/tui.py``
repeated: two findings of the shipped packs per 100 characters), checks it with the shipped
packs, then runs the review app headless (``App.run_test``, 120x40) and prints:

- check: reading and checking the file with the engine (what `repair review` does first);
- open: building the review state (queue, sidecar keys) and the first screen drawn, wall and
  CPU of the event loop's thread;
- per key: median and worst CPU (and wall) over moving keys (j, k, pagedown, end, home) and
  decisions (y, n, u, ctrl+r); wall includes Pilot's idle detection.

Usage: python benchmarks/tui_long_line.py [--mb 2] [--mb 20]
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import tempfile
import time
from pathlib import Path

from repair import formats
from repair.engine import Engine, Settings
from repair.review.state import ReviewState

import tui  # benchmarks/tui.py, beside this file

SENTENCE = "Officials {n} said the country is resuming production and production under safety production rules. "
KEYS = ["j"] * 5 + ["k"] * 3 + ["y", "n"] * 3 + ["u", "ctrl+r"] * 2 + ["pagedown"] * 3 + ["end", "home"]


def long_line(folder: str, megabytes: float) -> Path:
    """One line of about ``megabytes`` MB (UTF-8), no line break."""
    parts, size, n = [], 0, 0
    while size < megabytes * 1_000_000:
        part = SENTENCE.format(n=n)
        parts.append(part)
        size += len(part)
        n += 1
    path = Path(folder) / "long.txt"
    path.write_text("".join(parts).rstrip(), encoding="utf-8")
    return path


async def measure(doc, edits, output: Path, src: Path) -> tuple[tuple[float, float], list[tuple[str, float, float]]]:
    """``benchmarks/tui.py``'s measurement without its re-check: (wall, cpu) to the first
    screen and (key, wall, cpu) per press, in order."""
    first, by_key, _ = await tui.measure(
        lambda: ReviewState.open(doc, edits, output, mode_from=src), KEYS, recheck=False
    )
    order = {key: iter(times) for key, times in by_key.items()}
    return first, [(key, *next(order[key])) for key in KEYS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, action="append", help="size of the line in MB (repeatable; default 2)")
    args = parser.parse_args()
    engine = Engine.from_settings(Settings())
    print(f"python {platform.python_version()}, {platform.machine()}; headless 120x40; cpu is the event loop's thread")
    for mb in args.mb or [2.0]:
        with tempfile.TemporaryDirectory() as tmp:
            src = long_line(tmp, mb)
            t = time.perf_counter()
            doc = formats.read(src)
            edits = engine.check(doc)
            check = time.perf_counter() - t
            first, times = asyncio.run(measure(doc, edits, Path(tmp) / "long.repaired.txt", src))
        cpu = [c for _, _, c in times]
        wall = [w for _, w, _ in times]
        worst = max(times, key=lambda x: x[2])
        print(
            f"{mb:g} MB, one line, {len(edits)} edits: check {check:.2f} s; open: wall {first[0]:.2f} s, "
            f"cpu {first[1]:.2f} s"
        )
        print(
            f"  per key ({len(times)} presses): cpu median {statistics.median(cpu) * 1000:.1f} ms, worst "
            f"{worst[2] * 1000:.1f} ms ({worst[0]}); wall median {statistics.median(wall) * 1000:.1f} ms, "
            f"worst {max(wall) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
