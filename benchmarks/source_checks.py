"""The figures of issue 13 (source-aware checks), from the shared corpus and yardsticks.

Usage (from the project root, with the shared corpus beside it)::

    PYTHONPATH=$PWD python benchmarks/source_checks.py [--shared DIR] [--repair BIN] [--skip-chrf]
        [--candidates-only]

Prints, for each part:

1. MQM, TED talks (``corpus/mqm-ted21-zh-en``) and news (``corpus/mqm-wmt23-zh-en``, turned into
   the same layout in a temporary folder: one segment per (system, document, segment), its
   errors the ``<v>…</v>`` spans of ``errors-sample.tsv``, the 120 segments of
   ``clean-segments.tsv`` clean, each reference a human segment): ``tools/mqm_score.py``'s
   summary, Major recall, per-rule span precision and lift for rules with 10 or more findings
   (precision < 0.65 or lift < 2.0 marked ``LOW``), clean segments flagged, findings on the
   human references per 100 reference segments. Then the checks the pack leaves out
   (:data:`CANDIDATE_RULES`), scored span by span as ``mqm_score.py`` scores a rule (its own
   functions), with their findings on the references; ``--candidates-only`` prints only these
   (and their findings on WMT21 dev).
2. WMT21 dev (``corpus/wmt21-zh-en-dev``): findings of the source-aware rules (pack
   ``bilingual``) on ``ref.A.en`` against ``src.zh``, per rule; chrF (sacrebleu) of every system
   before and after ``repair fix --unsafe-fixes --source src.zh``.
3. Speed: ``Engine.check`` of the bilingual pack with sources on the 23 WMT21 systems, in
   process (reading and start-up not counted): MB of target text (UTF-8) per CPU second
   (user + sys) and per wall second.

The news MQM sample holds a sample of the raters' errors, not all of them: its precision is a
floor. Tools are called, not copied (``mqm_score.py`` runs ``repair check --format json``).
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = re.compile(r"<v>(.*?)</v>", re.DOTALL)


def news_as_segments(src: Path, out: Path) -> None:
    """Write ``src`` (the WMT23 MQM sample) as ``out/segments.jsonl`` and ``out/files/<system>.en|.zh``."""
    csv.field_size_limit(10**8)
    segs: dict[tuple[str, str, str], dict] = {}
    refs: dict[tuple[str, str], tuple[str, str]] = {}
    with open(src / "errors-sample.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            marked = row["mt_en_marked"]
            target = marked.replace("<v>", "").replace("</v>", "")
            key = (row["system"], row["doc"], row["docSegId"])
            seg = segs.setdefault(key, {"target": target, "source": row["source_zh"], "errors": [], "clean": False})
            refs[(row["doc"], row["docSegId"])] = (row["reference_en"], row["source_zh"])
            m = MARK.search(marked)
            if row["span_side"] == "target" and m is not None:
                start = len(marked[: m.start()].replace("<v>", "").replace("</v>", ""))
                seg["errors"].append(
                    {
                        "rater": row["rater"],
                        "category": row["category"],
                        "severity": row["severity"],
                        "side": "target",
                        "start": start,
                        "end": start + len(m.group(1)),
                        "text": m.group(1),
                    }
                )
            else:
                seg["errors"].append(
                    {
                        "rater": row["rater"],
                        "category": row["category"],
                        "severity": row["severity"],
                        "side": "source",
                        "start": 0,
                        "end": 0,
                        "text": "",
                    }
                )
    with open(src / "clean-segments.tsv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["doc"], row["docSegId"])
            segs.setdefault(key, {"target": row["mt_en"], "source": row["source_zh"], "errors": [], "clean": True})
            refs[(row["doc"], row["docSegId"])] = (row["reference_en"], row["source_zh"])
    for (doc, sid), (ref, zh) in refs.items():
        segs[("ref", doc, sid)] = {"target": ref, "source": zh, "errors": [], "clean": False, "ref": True}
    by_system: dict[str, list] = collections.defaultdict(list)
    for (system, doc, sid), s in sorted(segs.items()):
        by_system[system].append((doc, sid, s))
    (out / "files").mkdir(parents=True)
    with open(out / "segments.jsonl", "w", encoding="utf-8") as jf:
        for system, rows in by_system.items():
            en, zh = [], []
            for i, (doc, sid, s) in enumerate(rows, 1):
                en.append(" ".join(s["target"].split("\n")))
                zh.append(" ".join(s["source"].split("\n")))
                jf.write(
                    json.dumps(
                        {
                            "system": system,
                            "doc": doc,
                            "seg": sid,
                            "line": i,
                            "target": en[-1],
                            "source": zh[-1],
                            "errors": s["errors"],
                            "clean": s["clean"],
                            "ref": s.get("ref", False),
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
            (out / "files" / f"{system}.en").write_text("\n".join(en) + "\n", encoding="utf-8")
            (out / "files" / f"{system}.zh").write_text("\n".join(zh) + "\n", encoding="utf-8")


def mqm(name: str, data: Path, tools: Path, repair: str) -> None:
    """Run ``mqm_score.py`` on ``data`` and print the issue's figures."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        p = subprocess.run(
            [sys.executable, str(tools / "mqm_score.py"), "--data", str(data), "--repair", repair, "--json", str(out)],
            capture_output=True,
            text=True,
        )
        if p.returncode != 0:
            sys.exit(f"source_checks.py: mqm_score.py failed on {name}: {p.stderr.strip() or p.stdout[-500:]}")
        result = json.loads(out.read_text(encoding="utf-8"))
    summary, score = result["summary"], result["score"]
    refs = sum(1 for line in open(data / "segments.jsonl", encoding="utf-8") if json.loads(line)["ref"])
    major = score["recall"].get("ALL|Major", {})
    print(f"\n== MQM {name}: {score['segments']} MT segments, {refs} reference segments")
    print(
        f"Major recall {major.get('hit', 0)}/{major.get('n', 0)} = {summary['recall_major']:.2%}; "
        f"span precision {summary['span_precision']}, lift {summary['lift']}, span findings {summary['span_findings']}"
    )
    print(
        f"clean segments flagged {summary['clean_segments_flagged']}; findings on references "
        f"{summary['findings_on_human_references']} = {100 * summary['findings_on_human_references'] / max(1, refs):.2f} per 100"
    )
    print(f"  {'rule':44} {'findings':>8} {'hits':>5} {'prec':>5} {'lift':>5}")
    for rule, c in sorted(score["per_rule"].items(), key=lambda kv: -kv[1]["findings"]):
        n, hit = c["findings"], c.get("hit", 0)
        chance = c.get("chance_x1000", 0) / 1000
        seg_level = c.get("segment_level", 0) == n
        prec = hit / n
        lift = hit / chance if chance else None
        low = n >= 10 and (prec < 0.65 or (lift is not None and lift < 2.0))
        print(
            f"  {rule:44} {n:8} {hit:5} {prec:5.2f} {'seg' if seg_level else f'{lift:5.2f}' if lift else '    -'}"
            f"{'  LOW' if low else ''}"
        )


def wmt21(dev: Path, repair: str, chrf: bool) -> None:
    """Findings on ref.A.en per rule; chrF before and after fix --unsafe-fixes --source."""
    from repair.engine import Engine, Settings
    from repair.formats.text import parse_text

    engine = Engine.from_settings(Settings(builtin=["bilingual"]))
    src = (dev / "src.zh").read_text(encoding="utf-8").splitlines()

    def doc_of(path: Path):
        doc = parse_text(path.read_text(encoding="utf-8"), str(path))
        doc.segments = [replace(s, source=t) for s, t in zip(doc.segments, src)]
        return doc

    counts = collections.Counter(e.rule_id for e in engine.check(doc_of(dev / "ref.A.en")))
    print(f"\n== WMT21 dev: findings of the bilingual pack on ref.A.en ({len(src)} segments)")
    for r in engine.rules:
        print(f"  {r.id:44} {counts.get(r.id, 0)}")
    hyps = sorted(dev.glob("hyp.*.en"))
    total = collections.Counter()
    for h in hyps:
        total.update(e.rule_id for e in engine.check(doc_of(h)))
    print(
        f"findings over the {len(hyps)} systems: "
        + ", ".join(f"{r.id.split('/', 1)[1]}={total.get(r.id, 0)}" for r in engine.rules if total.get(r.id))
    )
    if not chrf:
        return
    import sacrebleu

    ref = (dev / "ref.A.en").read_text(encoding="utf-8").splitlines()
    print(f"\n{'system':24} {'chrF before':>11} {'after':>7} {'lines changed':>13}")
    worse = 0
    with tempfile.TemporaryDirectory() as tmp:
        for h in hyps:
            before = h.read_text(encoding="utf-8").splitlines()
            p = subprocess.run(
                [repair, "fix", "--unsafe-fixes", "--source", str(dev / "src.zh"), "-"],
                cwd=tmp,
                input="\n".join(before) + "\n",
                capture_output=True,
                text=True,
            )
            if p.returncode not in (0, 1):
                sys.exit(f"source_checks.py: repair fix failed on {h.name}: {p.stderr.strip()}")
            after = p.stdout.splitlines()
            b = sacrebleu.corpus_chrf(before, [ref]).score
            a = sacrebleu.corpus_chrf(after, [ref]).score
            worse += a < b
            changed = sum(x != y for x, y in zip(before, after))
            print(f"{h.name[4:-3]:24} {b:11.2f} {a:7.2f} {changed:13}")
    print(f"systems whose chrF fell: {worse} of {len(hyps)}")


def speed(dev: Path) -> None:
    """Engine.check of the bilingual pack with sources on the 23 systems, CPU and wall."""
    from repair.engine import Engine, Settings
    from repair.formats.text import parse_text

    src = (dev / "src.zh").read_text(encoding="utf-8").splitlines()
    docs, size = [], 0
    for h in sorted(dev.glob("hyp.*.en")):
        text = h.read_text(encoding="utf-8")
        size += len(text.encode("utf-8"))
        doc = parse_text(text, str(h))
        doc.segments = [replace(s, source=t) for s, t in zip(doc.segments, src)]
        docs.append(doc)
    for packs in (["bilingual"], ["mt-en", "zh-en", "bilingual"]):
        engine = Engine.from_settings(Settings(builtin=packs))
        r0, w0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        for doc in docs:
            engine.check(doc)
        r1, w1 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        mb = size / 1e6
        print(
            f"\n== speed, check with sources, packs {'+'.join(packs)}: {mb:.2f} MB of target text, "
            f"CPU {cpu:.2f} s = {mb / cpu:.2f} MB/s, wall {w1 - w0:.2f} s = {mb / (w1 - w0):.2f} MB/s (one core)"
        )


#: Checks of the kinds that the shipped pack leaves out, scored here so the reason stays
#: measured: (rule name, kind, keys of the rule).
CANDIDATE_RULES = [
    ("structure/quotes", "structure", {"check": "quotes"}),
    ("structure/titles", "structure", {"check": "titles"}),
    ("structure/brackets", "structure", {"check": "brackets"}),
    ("structure/sentences", "structure", {"check": "sentences"}),
    ("polarity/dropped", "polarity", {"check": "dropped"}),
]
CANDIDATES = """
pack: candidates
rules:
""" + "".join(
    f"""
  - id: candidate/{name}
    kind: {kind}
"""
    + "".join(f"    {k}: {v}\n" for k, v in keys.items())
    + f"""    category: accuracy/omission
    severity: major
    applicability: display
    message: "{name}"
    examples:
      - good: "x"
"""
    for name, kind, keys in CANDIDATE_RULES
)


def candidates(data: Path, tools: Path) -> None:
    """Score :data:`CANDIDATES` on ``data/segments.jsonl`` as ``mqm_score.py`` scores a rule (its
    ``overlaps``, ``chance`` and ``wide`` are imported from ``tools``): a span finding hits when it
    overlaps an annotated target span of its segment (a zero-width one when it lies inside or at
    the edge of one), lift = hits / chance; a wide finding is segment-level (a hit when the segment has an Accuracy or Non-translation error)."""
    import importlib.util

    from repair.engine import Engine
    from repair.formats.text import parse_text
    from repair.rules.pack import parse_pack

    spec = importlib.util.spec_from_file_location("mqm_score", tools / "mqm_score.py")
    assert spec is not None and spec.loader is not None
    ms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ms)
    engine = Engine.from_packs([parse_pack(CANDIDATES, "<candidates>")])
    c: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    mt_segments = refs = base = 0
    for line in open(data / "segments.jsonl", encoding="utf-8"):
        s = json.loads(line)
        accuracy = any(x["category"].startswith(("Accuracy", "Non-translation")) for x in s["errors"])
        refs += s["ref"]
        mt_segments += not s["ref"]
        base += accuracy and not s["ref"]
        doc = parse_text(s["target"], "<t>")
        doc.segments = [replace(x, source=s["source"]) for x in doc.segments[:1]]
        tgt = [e for e in s["errors"] if e["side"] == "target"]
        for e in engine.check(doc):
            k = c[e.rule_id]
            if s["ref"]:
                k["ref"] += 1
                continue
            k["findings"] += 1
            k["clean"] += s["clean"]
            f = {"start": e.start, "end": e.end}
            if ms.wide(f, s["target"]):
                k["segment"] += 1
                k["segment_hit"] += accuracy
                continue
            hits = [x for x in tgt if ms.overlaps(e.start, e.end, x["start"], x["end"])]
            k["hit"] += bool(hits)
            k["major"] += any(x["severity"] == "Major" for x in hits)
            k["chance_x1000"] += round(1000 * ms.chance(f, s["target"], tgt))
    print(
        f"  candidate checks (not shipped): {mt_segments} MT segments, {refs} reference segments; "
        f"base rate of a segment with an Accuracy error {base / max(1, mt_segments):.2f}"
    )
    print(f"  {'rule':34} {'span':>5} {'hits':>5} {'prec':>5} {'lift':>5} {'Major':>5} {'seg':>4} {'seg hits':>8} refs")
    for rule in sorted(c):
        k = c[rule]
        span = k["findings"] - k["segment"]
        chance = k["chance_x1000"] / 1000
        lift = f"{k['hit'] / chance:5.2f}" if chance else "    -"
        print(
            f"  {rule:34} {span:5} {k['hit']:5} {k['hit'] / max(1, span):5.2f} {lift} {k['major']:5} "
            f"{k['segment']:4} {k['segment_hit']:8} {k['ref']} ({100 * k['ref'] / max(1, refs):.2f}/100), clean {k['clean']}"
        )


def candidates_wmt21(dev: Path) -> None:
    """Findings of :data:`CANDIDATES` on WMT21 dev: the human reference ``ref.A.en`` and the 23 systems."""
    from repair.engine import Engine
    from repair.formats.text import parse_text
    from repair.rules.pack import parse_pack

    engine = Engine.from_packs([parse_pack(CANDIDATES, "<candidates>")])
    src = (dev / "src.zh").read_text(encoding="utf-8").splitlines()
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for path in [dev / "ref.A.en", *sorted(dev.glob("hyp.*.en"))]:
        doc = parse_text(path.read_text(encoding="utf-8"), str(path))
        doc.segments = [replace(x, source=t) for x, t in zip(doc.segments, src)]
        for e in engine.check(doc):
            counts[e.rule_id]["ref" if path.name == "ref.A.en" else "systems"] += 1
    print(f"  candidate checks on WMT21 dev ({len(src)} segments): findings on ref.A.en / over the 23 systems")
    for rule in sorted(counts):
        print(f"  {rule:34} {counts[rule]['ref']:4} / {counts[rule]['systems']}")


def repair_command(value: str) -> str:
    """``--repair`` as an absolute path (the tools run it from other folders): a path as given,
    made absolute from the current folder, else a command name found on ``PATH``.

    Raises:
        SystemExit: one line, when it is neither.
    """
    path = Path(value).expanduser()
    if path.is_file():
        return str(path.absolute())
    found = shutil.which(value) if "/" not in value else None
    if found is None:
        sys.exit(f"source_checks.py: --repair {value}: no such file or command")
    return str(Path(found).absolute())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The options, ``shared`` an absolute :class:`Path` (default: ``shared`` beside the project
    root, as ``/work/shared`` is beside ``/work/main``) and ``repair`` an absolute path.

    Raises:
        SystemExit: one line, for a ``--shared`` with no ``corpus/`` or a ``--repair`` not found.
    """
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (corpus/, tools/)")
    ap.add_argument("--repair", default=shutil.which("repair") or str(Path(sys.executable).parent / "repair"))
    ap.add_argument("--skip-chrf", action="store_true", help="leave out the fix runs and chrF")
    ap.add_argument("--candidates-only", action="store_true", help="score only the checks the pack leaves out")
    a = ap.parse_args(argv)
    a.shared = Path(a.shared).expanduser().absolute()
    if not (a.shared / "corpus").is_dir():
        sys.exit(f"source_checks.py: no corpus under {a.shared}: pass --shared DIR")
    a.repair = repair_command(a.repair)
    return a


def main() -> None:
    a = parse_args()
    shared = a.shared
    corpus, tools = shared / "corpus", shared / "tools"
    if a.candidates_only:
        print("== candidates, TED talks")
        candidates(corpus / "mqm-ted21-zh-en", tools)
        with tempfile.TemporaryDirectory() as tmp:
            news_as_segments(corpus / "mqm-wmt23-zh-en", Path(tmp) / "news")
            print("== candidates, news")
            candidates(Path(tmp) / "news", tools)
        candidates_wmt21(corpus / "wmt21-zh-en-dev")
        return
    mqm("TED talks (mqm-ted21-zh-en)", corpus / "mqm-ted21-zh-en", tools, a.repair)
    candidates(corpus / "mqm-ted21-zh-en", tools)
    with tempfile.TemporaryDirectory() as tmp:
        news_as_segments(corpus / "mqm-wmt23-zh-en", Path(tmp) / "news")
        mqm("news (mqm-wmt23-zh-en sample)", Path(tmp) / "news", tools, a.repair)
        candidates(Path(tmp) / "news", tools)
    candidates_wmt21(corpus / "wmt21-zh-en-dev")
    wmt21(corpus / "wmt21-zh-en-dev", a.repair, not a.skip_chrf)
    speed(corpus / "wmt21-zh-en-dev")


if __name__ == "__main__":
    main()
