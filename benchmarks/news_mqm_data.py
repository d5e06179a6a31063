"""Turn the WMT23 zh-en news MQM sample (../shared/corpus/mqm-wmt23-zh-en/) into the folder layout
`mqm_score.py --data` reads: segments.jsonl plus files/<system>.en|.zh, line-aligned; the
references become a system `ref` (ref: true) and the all-raters-clean segments are `clean`.

Usage: python benchmarks/news_mqm_data.py OUT_DIR [CORPUS_DIR]

The errors file is a sample of annotations (595), so a segment's list of errors may be
incomplete: span precision measured on it is a lower bound.
"""

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

out = Path(sys.argv[1])
corpus = Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/corpus/mqm-wmt23-zh-en")
csv.field_size_limit(10**8)
segs: dict = {}
refs: dict = {}
for row in csv.DictReader(open(corpus / "errors-sample.tsv", encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE):
    marked = row["mt_en_marked"]
    target = marked.replace("<v>", "").replace("</v>", "")
    key = (row["system"], row["doc"], row["docSegId"])
    s = segs.setdefault(
        key,
        {
            "system": row["system"],
            "target": target,
            "source": row["source_zh"],
            "errors": [],
            "clean": False,
            "ref": False,
        },
    )
    if row["span_side"] == "target" and "<v>" in marked:
        start = marked.index("<v>")
        end = marked.index("</v>") - 3
        s["errors"].append(
            {
                "category": row["category"],
                "severity": row["severity"],
                "side": "target",
                "start": start,
                "end": end,
                "text": target[start:end],
            }
        )
    elif row["span_side"] != "target":
        s["errors"].append(
            {
                "category": row["category"],
                "severity": row["severity"],
                "side": row["span_side"],
                "start": 0,
                "end": 0,
                "text": "",
            }
        )
    refs[(row["doc"], row["docSegId"])] = (row["reference_en"], row["source_zh"])
for row in csv.DictReader(
    open(corpus / "clean-segments.tsv", encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE
):
    segs[(row["system"], row["doc"], row["docSegId"])] = {
        "system": row["system"],
        "target": row["mt_en"],
        "source": row["source_zh"],
        "errors": [],
        "clean": True,
        "ref": False,
    }
    refs[(row["doc"], row["docSegId"])] = (row["reference_en"], row["source_zh"])
for (doc, seg), (ref, src) in refs.items():
    if ref.strip():
        segs[("ref", doc, seg)] = {
            "system": "ref",
            "target": ref,
            "source": src,
            "errors": [],
            "clean": False,
            "ref": True,
        }
(out / "files").mkdir(parents=True, exist_ok=True)
by_system = defaultdict(list)
for key in sorted(segs):
    by_system[key[0]].append(segs[key])
with open(out / "segments.jsonl", "w", encoding="utf-8") as f:
    for system, items in by_system.items():
        name = system.replace("/", "_")
        for i, s in enumerate(items, start=1):
            s.update({"line": i, "file": f"files/{name}.en", "doc": "", "seg": str(i)})
            s["system"] = name
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
        (out / "files" / f"{name}.en").write_text(
            "".join(" ".join(s["target"].split()) + "\n" for s in items), encoding="utf-8"
        )
        (out / "files" / f"{name}.zh").write_text(
            "".join(" ".join(s["source"].split()) + "\n" for s in items), encoding="utf-8"
        )
print(f"{sum(len(v) for v in by_system.values())} segments, {len(by_system)} systems -> {out}")
