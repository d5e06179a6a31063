#!/usr/bin/env python3
"""Speed of `repair review` on a large article: time to the first screen and per key.

Builds an article of 5,000 segments with 10,000 pending edits (two findings of the shipped
packs per segment), then runs the review app headless (``App.run_test``, 120x40) and prints:

- check: reading and checking the article with the engine (what `repair review` does first);
- first screen: from building the review state to the first screen drawn (target < 2 s);
- per key: median and worst time to handle one key and redraw (target < 50 ms), for the
  moving keys (j, k, pagedown, end, home), the decisions (y, n, u, ctrl+r) and the marker
  toggle; the bulk accept of a rule with 5,000 edits (A) and the re-check of the corrected
  text (c: the engine runs again on all 5,000 segments) are reported on their own. Wall time
  includes Pilot's idle detection (it sleeps until the process looks idle), so the CPU time
  of the process is printed too, and the cost of an unbound key as the floor of both.

Usage: python benchmarks/tui.py [--segments 5000]
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
from repair.review.app import ReviewApp
from repair.review.state import ReviewState

LINE = "Officials {n} said the country is resuming production and production under safety production rules."


async def measure(state_factory, keys: list[str]) -> tuple[tuple[float, float], dict[str, list[tuple[float, float]]]]:
    """Run the app; returns (wall, cpu) seconds to the first screen and per key."""
    t0, c0 = time.perf_counter(), time.process_time()
    state = state_factory()
    app = ReviewApp([state])
    times: dict[str, list[tuple[float, float]]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = (time.perf_counter() - t0, time.process_time() - c0)
        for key in keys:
            t, c = time.perf_counter(), time.process_time()
            await pilot.press(key)
            await pilot.pause()
            times.setdefault(key, []).append((time.perf_counter() - t, time.process_time() - c))
    return first, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "big.txt"
        src.write_text("".join(LINE.format(n=i) + "\n" for i in range(args.segments)), encoding="utf-8")
        engine = Engine.from_settings(Settings())
        t = time.perf_counter()
        doc = formats.read(src)
        edits = engine.check(doc)
        check = time.perf_counter() - t
        out = Path(tmp) / "big.repaired.txt"

        def factory() -> ReviewState:
            return ReviewState(doc, edits, out, mode_from=src, checker=engine.check)

        keys = (["x"] * 5 + ["j"] * 10 + ["k"] * 5 + ["y", "n"] * 5 + ["u", "ctrl+r"] * 3 + ["m", "m"] + ["pagedown"] * 12
                + ["end", "home"] + ["A"] + ["u"] + ["c"])
        first, times = asyncio.run(measure(factory, keys))
    bulk = times.pop("A")[0]
    recheck = times.pop("c")[0]
    undo_bulk = times["u"].pop()
    idle = times.pop("x")  # an unbound key: Pilot's own cost per key, not the app's
    per_key = [x for xs in times.values() for x in xs]
    print(f"python {platform.python_version()}, {platform.machine()}, article of {len(doc.segments)} segments, "
          f"{len(edits)} pending edits; headless 120x40; wall includes Pilot's idle detection")
    print(f"check (read + rules):       {check * 1000:7.0f} ms")
    print(f"first screen:         wall {first[0] * 1000:7.0f} ms, cpu {first[1] * 1000:7.0f} ms   (target < 2000 ms)")
    for name, n in (("wall", 0), ("cpu", 1)):
        xs = [x[n] for x in per_key]
        print(f"per key, {name:<4}: median {statistics.median(xs) * 1000:6.1f} ms, worst {max(xs) * 1000:6.1f} ms   (target < 50 ms)")
    print(f"  (an unbound key costs wall {statistics.median([x[0] for x in idle]) * 1000:.0f} ms, "
          f"cpu {statistics.median([x[1] for x in idle]) * 1000:.0f} ms in Pilot alone)")
    for key, xs in times.items():
        cpu = [x[1] for x in xs]
        print(f"  {key:<8} cpu median {statistics.median(cpu) * 1000:6.1f} ms, worst {max(cpu) * 1000:6.1f} ms ({len(xs)} presses)")
    print(f"bulk accept of a rule (A, {len(edits) // 2} edits): cpu {bulk[1] * 1000:.0f} ms; its undo: cpu {undo_bulk[1] * 1000:.0f} ms")
    print(f"re-check of the corrected text (c): cpu {recheck[1] * 1000:.0f} ms")

if __name__ == "__main__":
    main()
