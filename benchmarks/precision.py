"""Precision of the shipped rules on human English and their effect on MT output (prints figures).

Usage (from the repository root)::

    python benchmarks/precision.py [--wmt DIR] [--ted DIR] [--show RULE] [--json OUT]

What it prints:

- each human reference (WMT21 dev ``ref.A.en``; the TED talks references ``ref.en`` and
  ``refB.en``) through ``fix`` (safe) and ``fix --unsafe-fixes``: changed lines per rule, per
  10,000 words, and each changed line (every one a likely false positive);
- every ``hyp.*.en`` of the WMT folder through ``fix --unsafe-fixes``, without and with the
  source ``src.zh``: corpus chrF before and after (sacrebleu, default settings), and per rule its
  edits and the changed segments whose sentence chrF went up, down or stayed by that rule's own
  edits (:meth:`repair.pipeline.repaired.Repaired.rule_steps`).

The runs are in-process (:class:`repair.engine.Engine`), reading each file as ``repair fix``
reads it; the figures are what ``repair eval`` reports, without BLEU and TER (which take most
of its time). The results go to ``docs/precision.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from repair import formats  # noqa: E402
from repair.engine import Engine, Settings  # noqa: E402
from repair.eval.evaluate import with_source  # noqa: E402
from repair.pipeline.repaired import Repaired  # noqa: E402
from sacrebleu.metrics import CHRF  # noqa: E402


def changed_lines(engine: Engine, path: Path, unsafe: bool) -> tuple[int, list[tuple[int, list[str], str, str]]]:
    """``(words, [(line, rule ids, before, after)])`` of one file through ``fix``."""
    doc = formats.read(path)
    fixed, rounds = engine.fix(doc, unsafe=unsafe)
    rules: dict[int, list[str]] = defaultdict(list)
    for r in rounds:
        for e in r:
            if e.rule_id not in rules[e.segment]:
                rules[e.segment].append(e.rule_id)
    out = [(a.line, rules[a.index], a.text, b.text) for a, b in zip(doc.segments, fixed.segments) if a.text != b.text]
    return doc.word_count(), out


def system_runs(engine: Engine, wmt: Path, source: bool):
    """Per system ``(name, chrF before, after, Counter of edits per rule, {rule: [up, down, same]})``."""
    chrf = CHRF()
    ref = formats.read(wmt / "ref.A.en").texts
    src = formats.read(wmt / "src.zh") if source else None
    for path in sorted(wmt.glob("hyp.*.en")):
        doc = formats.read(path)
        if src is not None:
            doc = with_source(doc, src)
        fixed, rounds = engine.fix(doc, unsafe=True)
        edits = Counter(e.rule_id for r in rounds for e in r)
        seg_rules: dict[int, set[str]] = defaultdict(set)
        for r in rounds:
            for e in r:
                seg_rules[e.segment].add(e.rule_id)
        moves: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        run = Repaired(doc, fixed, [e for r in rounds for e in r], [], [], path.name, [list(r) for r in rounds])
        for i in seg_rules:
            # each rule judged by its own edits, as `repair eval` does (Repaired.rule_steps)
            for rule, steps in run.rule_steps(i).items():
                delta = sum(
                    chrf.sentence_score(a, [ref[i]]).score - chrf.sentence_score(b, [ref[i]]).score for b, a in steps
                )
                moves[rule][0 if delta > 1e-9 else 1 if delta < -1e-9 else 2] += 1
        before = chrf.corpus_score(doc.texts, [ref]).score
        after = chrf.corpus_score(fixed.texts, [ref]).score
        yield path.name[4:-3], before, after, edits, dict(moves)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wmt", default=str(ROOT / "tests/data/wmt21-zh-en-dev"))
    ap.add_argument("--ted", default=str(ROOT / "tests/data/ted21-zh-en"))
    ap.add_argument("--show", default="", help="print the MT lines changed by rules starting with this")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    engine = Engine.from_settings(Settings())
    result: dict = {"references": {}, "systems": {}}
    refs = [Path(a.wmt) / "ref.A.en", Path(a.ted) / "ref.en", Path(a.ted) / "refB.en"]
    for path in refs:
        if not path.exists():
            print(f"(missing: {path})")
            continue
        for unsafe in (False, True):
            words, lines = changed_lines(engine, path, unsafe)
            per_rule = Counter(r for _, rules, _, _ in lines for r in rules)
            tier = "unsafe" if unsafe else "safe"
            print(
                f"{path.parent.name}/{path.name} {tier}: {len(lines)} lines changed of {words} words "
                f"({len(lines) / words * 10000:.2f} per 10k words) {dict(sorted(per_rule.items()))}"
            )
            for line, rules, before, after in lines:
                print(f"  {line}: {','.join(rules)}: {before!r}\n  {' ' * len(str(line))}  -> {after!r}")
            result["references"][f"{path.name} {tier}"] = {"words": words, "lines": len(lines), "rules": dict(per_rule)}
    for source in (False, True):
        label = "with source" if source else "without source"
        edits: Counter = Counter()
        moves: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        lower = []
        for name, before, after, e, m in system_runs(engine, Path(a.wmt), source):
            edits += e
            for rule, v in m.items():
                moves[rule] = [x + y for x, y in zip(moves[rule], v)]
            flag = " LOWER" if after < before - 1e-9 else ""
            if flag:
                lower.append(name)
            print(f"  {label:14} {name:20} chrF {before:.3f} -> {after:.3f} ({after - before:+.3f}){flag}")
        print(f"{label}: {len(lower)} systems with a lower chrF {lower}")
        print(f"  {'rule':45} {'edits':>6} {'up':>4} {'down':>4} {'same':>4}")
        for rule, n in edits.most_common():
            up, down, same = moves[rule]
            mark = "  <- more down than up" if down > up else ""
            print(f"  {rule:45} {n:6} {up:4} {down:4} {same:4}{mark}")
        result["systems"][label] = {
            "lower": lower,
            "rules": {
                r: {"edits": n, "up": moves[r][0], "down": moves[r][1], "same": moves[r][2]} for r, n in edits.items()
            },
        }
    if a.show:
        for path in sorted(Path(a.wmt).glob("hyp.*.en")):
            _, lines = changed_lines(engine, path, True)
            for line, rules, before, after in lines:
                if any(r.startswith(a.show) for r in rules):
                    print(f"{path.name}:{line}: {before!r}\n    -> {after!r}")
    if a.json:
        Path(a.json).write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
