#!/usr/bin/env python3
"""Speed of `repair review` on a large article: time to the first screen and per key.

Builds an article of 5,000 segments with 10,000 pending edits (two findings of the shipped
packs per segment), then runs the review app headless (``App.run_test``, 120x40) and prints:

- check: reading and checking the article with the engine (what `repair review` does first);
- first screen: from building the review state to the first screen drawn (target < 2 s);
- per key: median and worst time to handle one key and redraw (target < 50 ms), for the
  moving keys (j, k, pagedown, end, home), the decisions (y, n, u, ctrl+r), the marker
  toggle, the bulk accept of a rule with 5,000 edits (A) and its undo. Wall time includes
  Pilot's idle detection (it sleeps until the process looks idle), so the CPU time of the
  event loop's thread is printed too (the sidecar's writer thread works beside it), and the
  cost of an unbound key, Pilot's own share of both.
- re-check (c) after A changed all 5,000 segments: the key itself, then the re-check that
  runs in slices between keys: its total time, the longest the event loop was kept from
  handling a key (a 1 ms heartbeat's worst lateness), and how long keys pressed during it
  took to be handled (sent as the terminal sends them, until their action ran).

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
from textual import events

LINE = "Officials {n} said the country is resuming production and production under safety production rules."
#: A line whose safe fix uncovers another finding: the re-check queues one new edit per segment.
UNCOVERS = "Line {n}: Xi Jinping ’s socialist thinking with Chinese characteristics in the new era guides us."


async def measure(
    state_factory, keys: list[str], recheck: bool = True
) -> tuple[tuple[float, float], dict[str, list[tuple[float, float]]], dict]:
    """Run the app; returns (wall, cpu) seconds to the first screen and per key, and the
    re-check's figures (``{}`` without ``recheck``)."""
    t0, c0 = time.perf_counter(), time.thread_time()
    state = state_factory()
    app = ReviewApp([state])
    times: dict[str, list[tuple[float, float]]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = (time.perf_counter() - t0, time.thread_time() - c0)
        for key in keys:
            t, c = time.perf_counter(), time.thread_time()
            await pilot.press(key)
            await pilot.pause()
            times.setdefault(key, []).append((time.perf_counter() - t, time.thread_time() - c))
        figures = await measure_recheck(app, state) if recheck else {}
    return first, times, figures


async def measure_recheck(app: ReviewApp, state: ReviewState) -> dict:
    """Press c, then while the re-check runs send j and k and watch the event loop."""
    screen = app.review
    lags: list[float] = []
    latencies: list[float] = []
    done = asyncio.Event()

    async def heartbeat() -> None:
        while not done.is_set():
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append(time.perf_counter() - t - 0.001)

    beat = asyncio.create_task(heartbeat())
    items = len(state.items)
    t, c = time.perf_counter(), time.thread_time()
    screen.action_recheck()  # what the c key runs
    key_cpu = time.thread_time() - c
    worker = screen.recheck_worker
    n = 0
    while worker is not None and worker.is_running:
        before = state.cursor
        key = events.Key("j" if n % 2 == 0 else "k", "j" if n % 2 == 0 else "k")
        key.set_sender(app)
        sent = time.perf_counter()
        app._driver.send_message(key)
        while state.cursor == before and worker.is_running:
            await asyncio.sleep(0)
        if state.cursor != before:
            latencies.append(time.perf_counter() - sent)
        n += 1
        await asyncio.sleep(0.02)
    await app.workers.wait_for_complete()
    total = time.perf_counter() - t
    await asyncio.sleep(0.05)  # the queue filled again and drawn
    done.set()
    await beat
    return {
        "key_cpu": key_cpu,
        "total": total,
        "lag": max(lags),
        "latencies": latencies,
        "new": len(state.items) - items,
    }


def article(folder: str, name: str, line: str, segments: int) -> Path:
    path = Path(folder) / name
    path.write_text("".join(line.format(n=i) + "\n" for i in range(segments)), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=5000)
    args = parser.parse_args()
    engine = Engine.from_settings(Settings())
    with tempfile.TemporaryDirectory() as tmp:
        src = article(tmp, "big.txt", LINE, args.segments)
        t = time.perf_counter()
        doc = formats.read(src)
        edits = engine.check(doc)
        check = time.perf_counter() - t
        keys = (
            ["x"] * 5
            + ["j"] * 10
            + ["k"] * 5
            + ["y", "n"] * 5
            + ["u", "ctrl+r"] * 3
            + ["m", "m"]
            + ["pagedown"] * 12
            + ["end", "home"]
            + ["A"]
            + ["u"]
            + ["A"]
        )
        first, times, recheck = asyncio.run(
            measure(
                lambda: ReviewState.open(doc, edits, Path(tmp) / "big.repaired.txt", mode_from=src, checker=engine),
                keys,
            )
        )
        src2 = article(tmp, "uncovers.txt", UNCOVERS, args.segments)
        doc2 = formats.read(src2)
        edits2 = engine.check(doc2)
        _, _, uncovering = asyncio.run(
            measure(
                lambda: ReviewState.open(
                    doc2, edits2, Path(tmp) / "uncovers.repaired.txt", mode_from=src2, checker=engine
                ),
                [],
            )
        )
    bulk = times.pop("A")
    undo_bulk = times["u"].pop()
    idle = times.pop("x")  # an unbound key: Pilot's own cost per key, not the app's
    per_key = [x for xs in times.values() for x in xs]
    print(
        f"python {platform.python_version()}, {platform.machine()}, article of {len(doc.segments)} segments, "
        f"{len(edits)} pending edits; headless 120x40; wall includes Pilot's idle detection; "
        f"cpu is the event loop's thread"
    )
    print(f"check (read + rules):       {check * 1000:7.0f} ms")
    print(f"first screen:         wall {first[0] * 1000:7.0f} ms, cpu {first[1] * 1000:7.0f} ms   (target < 2000 ms)")
    for name, n in (("wall", 0), ("cpu", 1)):
        xs = [x[n] for x in per_key]
        print(
            f"per key, {name:<4}: median {statistics.median(xs) * 1000:6.1f} ms, worst {max(xs) * 1000:6.1f} ms   (target < 50 ms)"
        )
    print(
        f"  (an unbound key costs wall {statistics.median([x[0] for x in idle]) * 1000:.0f} ms, "
        f"cpu {statistics.median([x[1] for x in idle]) * 1000:.0f} ms in Pilot alone)"
    )
    for key, xs in times.items():
        cpu = [x[1] for x in xs]
        print(
            f"  {key:<8} cpu median {statistics.median(cpu) * 1000:6.1f} ms, worst {max(cpu) * 1000:6.1f} ms ({len(xs)} presses)"
        )
    print(
        f"bulk accept of a rule (A, {len(edits) // 2} edits): cpu {bulk[0][1] * 1000:.0f} ms, again after its undo "
        f"{bulk[1][1] * 1000:.0f} ms; the undo: cpu {undo_bulk[1] * 1000:.0f} ms"
    )
    for name, figures in (("after A", recheck), ("uncovering one edit per segment", uncovering)):
        lat = figures["latencies"]
        print(
            f"re-check (c), {name}: the key {figures['key_cpu'] * 1000:.1f} ms cpu; "
            f"runs {figures['total'] * 1000:.0f} ms wall between keys, {figures['new']} new edits"
        )
        print(
            f"  event loop held at most {figures['lag'] * 1000:.1f} ms; {len(lat)} keys pressed meanwhile handled in "
            f"median {statistics.median(lat) * 1000:.1f} ms, worst {max(lat) * 1000:.1f} ms"
            if lat
            else "  no key"
        )


if __name__ == "__main__":
    main()
