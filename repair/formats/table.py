"""Bilingual tables: TSV and CSV files with a header naming a source and a target column.

Recognised header names (case-insensitive): source column ``source`` or ``src``; target
column ``target``, ``tgt``, ``translation`` or ``mt``; an optional id column ``id`` or
``key`` (else the id is the 1-based line). Every row has exactly as many cells as the
header (blank lines are skipped). TSV is read without quoting (a ``"`` is text);
CSV with the csv module's usual double-quote rules. Writing back replaces the target cell of
changed rows only; a CSV row with quoted cells is rewritten whole by the csv module (same
values, minimal quoting).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from repair.document import Document, Segment
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.formats.splice import SpliceMeta, Unit, decode_bytes, placeholder_spans

TSV_SUFFIXES = frozenset({".tsv"})
CSV_SUFFIXES = frozenset({".csv"})
SOURCE_NAMES = ("source", "src")
TARGET_NAMES = ("target", "tgt", "translation", "mt")
ID_NAMES = ("id", "key")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    low = [h.strip().lower() for h in header]
    return next((low.index(n) for n in names if n in low), None)


def _cell_span(line: str, delimiter: str, col: int) -> tuple[int, int]:
    """Offsets of cell ``col`` in an unquoted record line (no line ending)."""
    pos = 0
    for _ in range(col):
        pos = line.index(delimiter, pos) + 1
    end = line.find(delimiter, pos)
    return pos, len(line) if end < 0 else end


def read_document(path: str, data: bytes | None = None) -> Document:
    """Read a TSV or CSV file (by suffix) with a source and a target column.

    Raises:
        InputError: ``path:1`` when the header lacks a source or a target column;
            ``path:line`` for a row whose cell count differs from the header's (more or
            fewer) or a CSV syntax error; an unknown encoding or bytes not valid in it.
    """
    raw = data if data is not None else read_bytes(path)
    text, codec, bom = decode_bytes(raw, path)
    tsv = Path(path).suffix.lower() in TSV_SUFFIXES
    delimiter = "\t" if tsv else ","
    quoting = csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL
    lines = text.splitlines(keepends=True)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    reader = csv.reader(iter(lines), delimiter=delimiter, quoting=quoting, strict=not tsv)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(path, "empty table") from None
    except csv.Error as exc:
        raise InputError(path, f"CSV syntax: {exc}", 1) from None
    src_col, tgt_col, id_col = _column(header, SOURCE_NAMES), _column(header, TARGET_NAMES), _column(header, ID_NAMES)
    if src_col is None or tgt_col is None:
        raise InputError(path, "the header needs a 'source' and a 'target' column (found: "
                         + ", ".join(repr(h) for h in header) + ")", 1)
    segs: list[Segment] = []
    units: list[Unit] = []
    whole: set[int] = set()
    prev = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(path, f"CSV syntax: {exc}", reader.line_num) from None
        first, last = prev, reader.line_num  # physical lines [first, last) hold the record
        prev = last
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):  # a cell too many is as likely a stray delimiter as one too few
            raise InputError(path, f"row has {len(row)} cells, the header has {len(header)}", first + 1)
        start = starts[first]
        end = starts[last - 1] + len(lines[last - 1].rstrip("\r\n"))
        record = text[start:end]
        if tsv or '"' not in record:
            s, e = _cell_span(record, delimiter, tgt_col)
            units.append(Unit(start + s, start + e, record[s:e]))
        else:
            whole.add(start)
            units.append(Unit(start, end, record))
        target = row[tgt_col]
        segs.append(Segment(text=target, index=len(segs), line=first + 1,
                            id=row[id_col] if id_col is not None else str(first + 1), source=row[src_col],
                            protected=tuple(sorted(placeholder_spans(target)))))

    def render(seg: Segment, unit: Unit, escape) -> str:
        if unit.start not in whole:
            return escape(seg.text)
        cells = next(csv.reader([unit.raw], delimiter=delimiter))
        cells[tgt_col] = seg.text
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator="").writerow(cells)
        return buf.getvalue()

    def escape(value: str) -> str:
        if tsv:
            return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
        if any(c in value for c in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    meta = SpliceMeta(raw, text, codec, bom, tuple(units), tuple(s.text for s in segs), escape, render=render)
    return Document(path, segs, ["\n"] * len(segs), bool(bom), "tsv" if tsv else "csv", meta)
