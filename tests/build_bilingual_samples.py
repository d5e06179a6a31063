"""Build the bilingual sample files from WMT21 zh-en dev (source + one system's output).

Writes ``samples/wmt21-zh-en.online-a.xlf`` (XLIFF 1.2, lines 371-400, system Online-A),
``samples/wmt21-zh-en.njusc-tsc.po`` (PO, lines 371-400, system NJUSC_TSC), and, for the
format tests, ``tests/data/bilingual/`` (XLIFF 2.0, TMX, TSV and CSV of lines 1-12 of
system Online-B). The expected repaired copies are made with the CLI (see docs/formats.md, "Bilingual files").

Usage: ``python tests/build_bilingual_samples.py [SRC_ZH]``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import polib

ROOT = Path(__file__).resolve().parent.parent
WMT = ROOT / "tests" / "data" / "wmt21-zh-en-dev"
SRC = (
    Path(sys.argv[1])
    if len(sys.argv) > 1
    else Path(__file__).resolve().parent.parent / "tests" / "data" / "wmt21-zh-en-dev" / "src.zh"
)
OUT = ROOT / "tests" / "data" / "bilingual"


def pairs(system: str, first: int, count: int) -> list[tuple[int, str, str]]:
    src = SRC.read_text(encoding="utf-8").splitlines()
    hyp = (WMT / f"hyp.{system}.en").read_text(encoding="utf-8").splitlines()
    return [(n, src[n - 1], hyp[n - 1]) for n in range(first, first + count)]


def xliff12(system: str, rows) -> str:
    units = "".join(
        f'      <trans-unit id="wmt21-{n}" resname="line {n}">\n'
        f"        <source>{escape(s)}</source>\n"
        f'        <target state="translated">{escape(t)}</target>\n'
        f'        <note from="build">WMT21 zh-en dev, line {n}, system {system}</note>\n'
        f"      </trans-unit>\n"
        for n, s, t in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        f'  <file original="wmt21-zh-en-dev/src.zh" source-language="zh-CN" target-language="en" datatype="plaintext">\n'
        f'    <header><tool tool-id="{system}" tool-name={quoteattr(system)}/></header>\n'
        "    <body>\n" + units + "    </body>\n  </file>\n</xliff>\n"
    )


def xliff20(rows) -> str:
    units = "".join(
        f'  <unit id="u{n}">\n'
        f'   <notes><note category="origin">WMT21 line {n}</note></notes>\n'
        f'   <segment id="s{n}" state="translated">\n'
        f"    <source>{escape(s)}</source>\n"
        f"    <target>{escape(t)}</target>\n"
        f"   </segment>\n  </unit>\n"
        for n, s, t in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">\n'
        ' <file id="f1" original="src.zh">\n' + units + " </file>\n</xliff>\n"
    )


def tmx(rows) -> str:
    tus = "".join(
        f'    <tu tuid="{n}">\n'
        f'      <prop type="x-origin">WMT21</prop>\n'
        f'      <tuv xml:lang="zh-CN"><seg>{escape(s)}</seg></tuv>\n'
        f'      <tuv xml:lang="en"><seg>{escape(t)}</seg></tuv>\n'
        f"    </tu>\n"
        for n, s, t in rows
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '  <header creationtool="build" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en"'
        ' srclang="zh-CN" datatype="plaintext"/>\n  <body>\n' + tus + "  </body>\n</tmx>\n"
    )


def po(system: str, rows) -> str:
    f = polib.POFile(wrapwidth=78)
    f.metadata = {
        "Project-Id-Version": "wmt21-zh-en-dev",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for n, s, t in rows:
        f.append(
            polib.POEntry(
                msgid=s,
                msgstr=t,
                comment=f"WMT21 zh-en dev, system {system}",
                occurrences=[("wmt21-zh-en-dev/src.zh", str(n))],
            )
        )
    return str(f)


def table(rows, delimiter: str) -> str:
    lines = []
    if delimiter == "\t":
        lines.append("id\tsource\ttarget")
        lines += [f"{n}\t{s}\t{t}" for n, s, t in rows]
        return "\n".join(lines) + "\n"
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["id", "source", "target"])
    w.writerows(rows)
    return buf.getvalue()


def main() -> None:
    (ROOT / "samples" / "wmt21-zh-en.online-a.xlf").write_text(
        xliff12("Online-A", pairs("Online-A", 371, 30)), encoding="utf-8"
    )
    (ROOT / "samples" / "wmt21-zh-en.njusc-tsc.po").write_text(
        po("NJUSC_TSC", pairs("NJUSC_TSC", 371, 30)), encoding="utf-8"
    )
    OUT.mkdir(exist_ok=True)
    rows = pairs("Online-B", 1, 12)
    (OUT / "online-b.xliff").write_text(xliff20(rows), encoding="utf-8")
    (OUT / "online-b.tmx").write_text(tmx(rows), encoding="utf-8")
    (OUT / "online-b.tsv").write_text(table(rows, "\t"), encoding="utf-8")
    (OUT / "online-b.csv").write_text(table(rows, ","), encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
