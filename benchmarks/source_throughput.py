"""Speed of `check --source` (all shipped packs) on the 23 WMT21 zh-en dev systems, in one
process on one core: CPU seconds (user+sys, resource.getrusage) and wall seconds, MB/s of
target text (UTF-8 bytes), with the one-off loading of the Chinese resources (rjieba,
pypinyin, CC-CEDICT, lemminflect) reported apart, before the passes (the first pass still
compiles each source's name patterns and fills the per-source caches).

Usage: python benchmarks/source_throughput.py [ROUNDS]   (default 3; the best round is printed)
"""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

from repair.engine import Engine, Settings
from repair.formats.text import parse_text

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "wmt21-zh-en-dev"


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def one_pass(engine: Engine, files: list[Path], src: list[str]) -> tuple[float, float, int]:
    c0, w0, n = cpu(), time.perf_counter(), 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        n += len(text.encode("utf-8"))
        doc = parse_text(text, str(path))
        doc.segments = [replace(s, source=src[s.index] if s.index < len(src) else None) for s in doc.segments]
        engine.check(doc)
    return cpu() - c0, time.perf_counter() - w0, n


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    src = (DATA / "src.zh").read_text(encoding="utf-8").splitlines()
    files = sorted(DATA.glob("hyp.*.en"))
    engine = Engine.from_settings(Settings())
    c0 = cpu()
    from repair import zhsource, zhterms

    zhsource.cedict().get("天津")
    zhsource.tag("新华社北京电")
    zhsource.char_pinyin("周明华")
    zhterms.lemmas("suggestions")
    from lemminflect import getInflection

    getInflection("suggestion", "NNS")
    print(
        f"loading rjieba, pypinyin, CC-CEDICT, lemminflect: {cpu() - c0:.2f} s CPU (once per process, not in the passes)"
    )
    results = [one_pass(engine, files, src) for _ in range(rounds)]
    first = results[0]
    c, w, n = min(results)
    print(f"{len(files)} systems, {n / 1e6:.2f} MB of target text, {len(engine.rules)} rules")
    print(f"first pass (cold caches): {first[0]:.2f} s CPU, {first[2] / 1e6 / first[0]:.2f} MB/s CPU")
    print(f"best of {rounds}: {c:.2f} s CPU ({n / 1e6 / c:.2f} MB/s), {w:.2f} s wall ({n / 1e6 / w:.2f} MB/s)")


if __name__ == "__main__":
    main()
