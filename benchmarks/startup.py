"""Start-up cost: `repair check` on a one-line file (what a pre-commit hook pays per call),
beside codespell and typos on the same file when they are installed.

    PYTHONPATH=. python benchmarks/startup.py [--runs 20] [--cpu 0] [--root PATH] [--against PATH] [--instructions]

Each tool runs as a whole process, the tools in turn (``--runs`` rounds of one run each),
pinned to one core (``--cpu -1``: not pinned). Printed per tool: CPU time (user + sys, from
``getrusage`` of the children) and wall time, best and median, and the ratio of the medians
of ``repair check`` (warm) to the tool's. ``repair`` runs with its bytecode compiled first
(``compileall``, as an installed package has it) and the user cache (:mod:`repair.usercache`:
parsed packs, compiled patterns and dataclass methods) in a temporary folder: once cold (the
first run after an install or upgrade, which writes the cache) and then warm, both as the
console script (what a pre-commit hook runs) and as ``python -m repair``. ``python -c pass``
is the floor of any Python tool. The load average is printed at the start and the end: the
figures are only comparable on a quiet machine. ``--root`` measures the ``repair`` package of another checkout
(e.g. a worktree of an older commit) with this script; ``--against`` adds the ``repair check`` of
another checkout (warm, its own cache) to every round, so that both are measured in the same
seconds (on a shared machine, runs minutes apart differ by up to a third).

``--instructions`` adds the instructions each process executes (warm cache), counted by
``valgrind --tool=callgrind`` with ``PYTHONHASHSEED=0``: unlike the times, the count does not
change with the load of the machine (a run under callgrind takes seconds).

codespell and typos are benchmark-only (the ``bench`` extra of pyproject.toml); the figures
go to docs/editors.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = "Xi Jinping ’s important instructions on work safety.\n"


def run_once(cmd: list[str], env: dict, pin, cwd: str | None = None) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, exit code) of one whole process, run in ``cwd`` (a folder
    without a ``repair`` package: ``python -m`` puts the current folder first on its path)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, preexec_fn=pin, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1, 2):
        raise SystemExit(f"{cmd[0]} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall, done.returncode


def instructions(cmd: list[str], env: dict, cwd: str) -> int:
    """Instructions executed by the whole process ``cmd`` (callgrind's ``Collected``)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=dict(env, PYTHONHASHSEED="0"),
        cwd=cwd,
        text=True,
    )
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind gave no count for {cmd[0]}: {done.stderr[-500:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="runs of each tool")
    parser.add_argument("--cpu", type=int, default=0, help="the core to pin the processes to (-1: none)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose repair package is measured")
    parser.add_argument("--against", type=Path, help="another checkout whose repair check runs in the same rounds")
    parser.add_argument(
        "--instructions", action="store_true", help="also count each process's instructions (valgrind's callgrind)"
    )
    args = parser.parse_args()
    if args.instructions and not shutil.which("valgrind"):
        parser.error("--instructions needs valgrind")
    root = args.root.resolve()
    load_start = os.getloadavg()[0]
    pin = (lambda: os.sched_setaffinity(0, {args.cpu})) if args.cpu >= 0 and hasattr(os, "sched_setaffinity") else None
    against = args.against.resolve() if args.against else None
    for checkout in (root, against):
        if checkout is not None:
            compileall.compile_dir(str(checkout / "repair"), quiet=1)
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text(LINE, encoding="utf-8")
        cache = Path(tmp) / "cache"
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
            XDG_CACHE_HOME=str(cache),
        )
        envs: dict[str, dict] = {}  # a tool's own environment, where it is not env
        exe = shutil.which("repair", path=str(bindir))  # the console script, as a hook runs it
        repair = [exe] if exe else [sys.executable, "-m", "repair"]
        repair += ["check", str(one)]
        tools = {
            "repair check (warm cache)": repair,
            "python -m repair check": [sys.executable, "-m", "repair", "check", str(one)],
            "python -c pass": [sys.executable, "-c", "pass"],
        }
        if against is not None:
            tools["repair check, --against"] = repair
            envs["repair check, --against"] = dict(
                env,
                PYTHONPATH=os.pathsep.join([str(against), os.environ.get("PYTHONPATH", "")]),
                XDG_CACHE_HOME=str(Path(tmp) / "cache-against"),
            )
            run_once(repair, envs["repair check, --against"], pin, tmp)  # fills its cache
        for name, cmd in (("codespell", ["codespell", str(one)]), ("typos", ["typos", str(one)])):
            exe = shutil.which(cmd[0], path=str(bindir)) or shutil.which(cmd[0])
            if exe:
                tools[name] = [exe, *cmd[1:]]
        cold_cpu, cold_wall = [], []
        for _ in range(max(3, args.runs // 4)):
            shutil.rmtree(cache, ignore_errors=True)
            cpu, wall, code = run_once(repair, env, pin, tmp)
            assert code == 1, "the line has one finding"
            cold_cpu.append(cpu)
            cold_wall.append(wall)
        times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in tools}
        run_once(repair, env, pin, tmp)  # fills the cache
        for _ in range(args.runs):
            for name, cmd in tools.items():
                cpu, wall, _ = run_once(cmd, envs.get(name, env), pin, tmp)
                times[name][0].append(cpu)
                times[name][1].append(wall)
        counted = {
            name: instructions(tools[name], envs.get(name, env), tmp)
            for name in (
                "repair check (warm cache)",
                "python -m repair check",
                "repair check, --against",
                "python -c pass",
            )
            if args.instructions and name in tools
        }
    times["repair check (cold cache)"] = (cold_cpu, cold_wall)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {load_start:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end; {args.runs} runs each, pinned to cpu {args.cpu}; checkout {root}"
        + (f"; --against {against}" if against else "")
    )
    cpu0, wall0 = (statistics.median(t) for t in times["repair check (warm cache)"])
    print(f"{'':28} {'CPU best':>9} {'median':>7} {'wall best':>10} {'median':>7}  (ms)  repair/tool: CPU  wall")
    for name, (cpu, wall) in times.items():
        print(
            f"{name:28} {1000 * min(cpu):9.0f} {1000 * statistics.median(cpu):7.0f} "
            f"{1000 * min(wall):10.0f} {1000 * statistics.median(wall):7.0f}"
            f"{cpu0 / statistics.median(cpu):18.2f} {wall0 / statistics.median(wall):5.2f}"
        )
    for name, count in counted.items():
        print(f"instructions (callgrind, PYTHONHASHSEED=0): {name}: {count / 1e6:.1f} M")


if __name__ == "__main__":
    main()
