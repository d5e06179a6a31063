"""Findings of the source-aware rules (pack ``bilingual``) on WMT21 zh-en dev, per system.

The human reference ``ref.A.en`` paired with ``src.zh``: its findings are mostly false
positives. Usage: ``python benchmarks/bilingual_fp.py [SRC_ZH] [--show RULE]``.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from repair.engine import Engine, Settings
from repair.formats.text import parse_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "wmt21-zh-en-dev"
SRC = Path(__file__).resolve().parent.parent / "tests" / "data" / "wmt21-zh-en-dev" / "src.zh"


def findings(engine: Engine, target: Path, source: Path):
    doc = parse_text(target.read_text(encoding="utf-8"), str(target))
    src = source.read_text(encoding="utf-8").splitlines()
    doc.segments = [replace(s, source=t) for s, t in zip(doc.segments, src)]
    return doc, engine.check(doc)


def main() -> None:
    args = sys.argv[1:]
    show = args[args.index("--show") + 1] if "--show" in args else None
    src = Path(args[0]) if args and not args[0].startswith("--") else SRC
    engine = Engine.from_settings(Settings(builtin=["bilingual"]))
    for path in [DATA / "ref.A.en"] + sorted(DATA.glob("hyp.*.en")):
        doc, edits = findings(engine, path, src)
        counts = Counter(e.rule_id for e in edits)
        print(f"{path.name:28} " + "  ".join(f"{r.id.split('/', 1)[1]}={counts.get(r.id, 0)}" for r in engine.rules))
        if show and path.name == "ref.A.en":
            for e in edits:
                if e.rule_id == show:
                    seg = doc.segments[e.segment]
                    print(f"  {seg.line}: {e.message}\n    zh: {seg.source}\n    en: {seg.text}")


if __name__ == "__main__":
    main()
