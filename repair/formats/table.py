"""Bilingual tables: TSV and CSV files with a header naming a source and a target column.

Recognised header names (case-insensitive): source column ``source`` or ``src``; target
column ``target``, ``tgt``, ``translation`` or ``mt``; an optional id column ``id`` or
``key`` (else the id is the 1-based line). Every row has exactly as many cells as the
header (blank lines are skipped). Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line: a form feed,
U+0085 or U+2028 in a cell is text. TSV is read without quoting (a ``"`` is text); CSV with
the csv module's usual double-quote rules (a quoted cell may hold delimiters, quotes and line
breaks). Writing back replaces the target cell of changed rows only, every other byte of the
row as it was: a TSV cell with tabs and line breaks turned into spaces; a CSV cell quoted as
the csv module's writer quotes it (when it holds the delimiter, a quote, ``\\r`` or ``\\n``),
and quoted whenever it was quoted before.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from repair.document import Document, Segment
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.formats.splice import SpliceMeta, Unit, decode_bytes, physical_lines, placeholder_spans
from repair.formats.srclang import with_languages

TSV_SUFFIXES = frozenset({".tsv"})
CSV_SUFFIXES = frozenset({".csv"})
SOURCE_NAMES = ("source", "src")
TARGET_NAMES = ("target", "tgt", "translation", "mt")
ID_NAMES = ("id", "key")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    low = [h.strip().lower() for h in header]
    return next((low.index(n) for n in names if n in low), None)


def _cell_spans(record: str, delimiter: str, quoted: bool) -> list[tuple[int, int]]:
    """Half-open spans of the cells of one record as written (quotes included).

    Args:
        record: the record's text, line breaks inside quoted cells included, its final line
            ending not; already read by the csv module in strict mode (well formed).
        delimiter: ``","`` or ``"\\t"``.
        quoted: CSV double-quote rules; else every ``"`` is text (TSV).
    """
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(record)
    while True:
        if quoted and record.startswith('"', pos):
            i = pos + 1
            while True:  # the closing quote is the first one not doubled
                j = record.index('"', i)
                if not record.startswith('""', j):
                    break
                i = j + 2
            end = j + 1
        else:
            end = record.find(delimiter, pos)
            end = n if end < 0 else end
        spans.append((pos, end))
        if end >= n:
            return spans
        pos = end + len(delimiter)


def csv_cell(value: str, delimiter: str = ",", quote: bool = False) -> str:
    """``value`` as the csv module writes a cell: quoted (quotes doubled) when it holds the
    delimiter, a quote, ``\\r`` or ``\\n`` (``QUOTE_MINIMAL`` with a ``\\r\\n`` line
    terminator), or always when ``quote``."""
    if not value:
        return '""' if quote else ""
    buf = io.StringIO()
    csv.writer(
        buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL
    ).writerow([value])
    return buf.getvalue()[:-2]


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
    lines = physical_lines(text)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    reader = csv.reader(
        iter(lines), delimiter=delimiter, quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL, strict=not tsv
    )
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(path, "empty table") from None
    except csv.Error as exc:
        raise InputError(path, f"CSV syntax: {exc}", 1) from None
    src_col, tgt_col, id_col = _column(header, SOURCE_NAMES), _column(header, TARGET_NAMES), _column(header, ID_NAMES)
    if src_col is None or tgt_col is None:
        raise InputError(
            path,
            "the header needs a 'source' and a 'target' column (found: " + ", ".join(repr(h) for h in header) + ")",
            1,
        )
    segs: list[Segment] = []
    units: list[Unit] = []
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
        last_line = lines[last - 1]
        end = (
            starts[last - 1]
            + len(last_line)
            - (2 if last_line.endswith("\r\n") else 1 if last_line.endswith(("\r", "\n")) else 0)
        )
        try:
            cells = _cell_spans(text[start:end], delimiter, not tsv)
        except ValueError:  # pragma: no cover - the csv module read the same record
            cells = []
        if len(cells) != len(row):  # pragma: no cover - the csv module read the same record
            raise InputError(
                path, f"cannot locate the cells of this row ({len(row)} read, {len(cells)} found)", first + 1
            )
        s, e = cells[tgt_col]
        units.append(Unit(start + s, start + e, text[start + s : start + e]))
        target = row[tgt_col]
        segs.append(
            Segment(
                text=target,
                index=len(segs),
                line=first + 1,
                id=row[id_col] if id_col is not None else str(first + 1),
                source=row[src_col],
                protected=tuple(sorted(placeholder_spans(target))),
            )
        )

    segs = with_languages(segs)  # the source language read from its script

    def render(seg: Segment, unit: Unit, escape) -> str:
        if tsv:
            return escape(seg.text)
        return csv_cell(seg.text, delimiter, quote=unit.raw.startswith('"'))

    def escape(value: str) -> str:
        if tsv:
            return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
        return csv_cell(value, delimiter)

    meta = SpliceMeta(raw, text, codec, bom, tuple(units), tuple(s.text for s in segs), escape, render=render)
    return Document(path, segs, ["\n"] * len(segs), bool(bom), "tsv" if tsv else "csv", meta)
