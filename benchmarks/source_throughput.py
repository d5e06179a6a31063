"""Speed of `check --source` (all shipped packs) on the 23 WMT21 zh-en dev systems, in one
process on one core: CPU seconds (user+sys, resource.getrusage) and wall seconds, MB/s of
target text (UTF-8 bytes), with the one-off loading of the Chinese resources (rjieba,
pypinyin, CC-CEDICT, lemminflect, the names table and CC-CEDICT's well-known people)
reported apart, before the passes (the first pass still reads each source: tags it, builds
its names and numbers, and fills the per-source caches; the later passes find them filled,
as the 23 systems share one source).

Then one system checked alone in a fresh process (the way `repair check --source src.zh
hyp.X.en` runs): its loading apart, then the check, where every source is read for the
first time.

Usage: python benchmarks/source_throughput.py [ROUNDS] [--alone SYSTEM]
    ROUNDS: passes over the 23 systems (default 3; the best is printed); --alone SYSTEM: only
    the one-system figure, for SYSTEM (hyp.SYSTEM.en; the default run measures Online-B).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from repair.document import Document
from repair.engine import Engine, Settings
from repair.formats.text import parse_text

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "wmt21-zh-en-dev"
ALONE = "Online-B"


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def load_resources() -> float:
    """Load what the source checks read once per process; the CPU seconds it took."""
    c0 = cpu()
    from lemminflect import getInflection
    from repair import zhsource, zhterms

    zhsource.cedict().get("天津")
    zhsource.tag("新华社北京电")
    zhsource.char_pinyin("周明华")
    zhsource.romanisation_table()
    zhsource.well_known_people()
    zhterms.lemmas("suggestions")
    getInflection("suggestion", "NNS")
    return cpu() - c0


def read(path: Path, src: list[str]) -> tuple[Document, int]:
    """The plain-text target ``path`` with its sources attached, and its size in bytes."""
    text = path.read_text(encoding="utf-8")
    doc = parse_text(text, str(path))
    doc.segments = [replace(s, source=src[s.index] if s.index < len(src) else None) for s in doc.segments]
    return doc, len(text.encode("utf-8"))


def one_pass(engine: Engine, files: list[Path], src: list[str]) -> tuple[float, float, int]:
    c0, w0, n = cpu(), time.perf_counter(), 0
    for path in files:
        doc, size = read(path, src)
        n += size
        engine.check(doc)
    return cpu() - c0, time.perf_counter() - w0, n


def alone(system: str) -> None:
    """One system in this (fresh) process: loading, then the check."""
    c0 = cpu()
    src = (DATA / "src.zh").read_text(encoding="utf-8").splitlines()
    engine = Engine.from_settings(Settings())
    start = cpu() - c0
    load = load_resources()
    c, w, n = one_pass(engine, [DATA / f"hyp.{system}.en"], src)
    print(
        f"one system alone (hyp.{system}.en, {n / 1e6:.3f} MB, fresh process): engine {start:.2f} s CPU, "
        f"loading {load:.2f} s CPU, check {c:.2f} s CPU = {n / 1e6 / c:.2f} MB/s ({w:.2f} s wall)"
    )


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--alone"]:
        alone(args[1] if len(args) > 1 else ALONE)
        return
    rounds = int(args[0]) if args else 3
    src = (DATA / "src.zh").read_text(encoding="utf-8").splitlines()
    files = sorted(DATA.glob("hyp.*.en"))
    engine = Engine.from_settings(Settings())
    print(
        f"loading rjieba, pypinyin, CC-CEDICT, lemminflect, names: {load_resources():.2f} s CPU "
        "(once per process, not in the passes)"
    )
    results = [one_pass(engine, files, src) for _ in range(rounds)]
    first = results[0]
    c, w, n = min(results)
    print(f"{len(files)} systems, {n / 1e6:.2f} MB of target text, {len(engine.rules)} rules")
    print(f"first pass (cold caches): {first[0]:.2f} s CPU, {first[2] / 1e6 / first[0]:.2f} MB/s CPU")
    print(f"best of {rounds}: {c:.2f} s CPU ({n / 1e6 / c:.2f} MB/s), {w:.2f} s wall ({n / 1e6 / w:.2f} MB/s)")
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__, "--alone", ALONE], check=True)


if __name__ == "__main__":
    main()
