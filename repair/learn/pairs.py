"""MT segments beside their post-edits (or references), read from the files people keep them in.

- Two files, ``--mt`` and ``--post-edit``, in any format :mod:`repair.formats` reads: plain
  text line for line (with an optional ``--source`` file, line for line too), or two bilingual
  files (TMX, XLIFF, PO, TSV/CSV with source and target columns) whose units are paired by id.
- One file holding both: a TSV or CSV whose header names an MT column and a post-edit column
  (:data:`MT_NAMES`, :data:`PE_NAMES`, optional :data:`SOURCE_NAMES`), or an XLIFF file whose
  ``<target>`` is the post-edit and whose MT is an ``<alt-trans>`` target (XLIFF 1.2) or an
  ``<mtc:match>`` target (XLIFF 2.0 matches module).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from repair import formats
from repair.document import Document
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.formats.splice import decode_bytes
from repair.formats.xliff import CODE12, NS20, parse_xml
from repair.formats.xmlunits import local_name, plain_text

MT_NAMES = ("mt", "hyp", "hypothesis", "machine translation", "machine-translation")
PE_NAMES = ("pe", "post-edit", "post_edit", "postedit", "post-edited", "reference", "ref")
SOURCE_NAMES = ("source", "src")
#: The XLIFF 2.0 matches module (OASIS XLIFF 2.0, section 5.5).
NS_MTC = "urn:oasis:names:tc:xliff:matches:2.0"
TABLE_SUFFIXES = frozenset({".tsv", ".csv"})
XLIFF_SUFFIXES = frozenset({".xlf", ".xliff"})


@dataclass(frozen=True, slots=True)
class Pair:
    """One MT segment and its post-edit.

    Attributes:
        mt: the MT text.
        pe: the post-edited (or reference) text.
        where: ``path:line`` or ``path#id`` of the post-edit, for messages.
        source: the source-language text when known.
    """

    mt: str
    pe: str
    where: str
    source: str | None = None


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    low = [h.strip().lower() for h in header]
    return next((low.index(n) for n in names if n in low), None)


def tsv_quoted(text: str) -> bool:
    """Whether a TSV was written with CSV quoting (Python's ``excel-tab`` dialect): some cell
    holds a ``"`` and every such cell is wrapped in ``"`` with the quotes inside doubled
    (a cell of three quotes, `` Dear sir `` and three quotes reads ``" Dear sir "``). A plain TSV (IANA text/tab-separated-values)
    has no quoting, so a cell like ``"Yes" , he said`` keeps its quotes as they are."""
    seen = False
    for line in text.splitlines():
        for cell in line.split("\t"):
            if '"' not in cell:
                continue
            if len(cell) < 2 or cell[0] != '"' or cell[-1] != '"' or '"' in cell[1:-1].replace('""', ""):
                return False
            seen = True
    return seen


def read_table(path: str) -> list[Pair]:
    """Pairs from a TSV (no quoting, unless every cell with a quotation mark is CSV-quoted:
    :func:`tsv_quoted`) or CSV file with an MT and a post-edit column.

    Raises:
        InputError: a missing or unreadable file, bytes not in its encoding, no MT or
            post-edit column (``path:1``), a row with another number of cells (``path:line``).
    """
    text, _, _ = decode_bytes(read_bytes(path), path)
    tsv = Path(path).suffix.lower() == ".tsv"
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter="\t" if tsv else ",",
        quoting=csv.QUOTE_NONE if tsv and not tsv_quoted(text) else csv.QUOTE_MINIMAL,
    )
    try:
        header = next(reader)
        mt_col, pe_col, src_col = _column(header, MT_NAMES), _column(header, PE_NAMES), _column(header, SOURCE_NAMES)
        if mt_col is None or pe_col is None:
            raise InputError(
                path,
                "the header needs an 'mt' and a 'post-edit' (or 'pe', 'reference') column (found: "
                + ", ".join(repr(h) for h in header)
                + ")",
                1,
            )
        pairs = []
        for row in reader:
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise InputError(path, f"row has {len(row)} cells, the header has {len(header)}", reader.line_num)
            pairs.append(
                Pair(
                    row[mt_col], row[pe_col], f"{path}:{reader.line_num}", row[src_col] if src_col is not None else None
                )
            )
    except csv.Error as exc:
        raise InputError(path, f"CSV syntax: {exc}", reader.line_num) from None
    return pairs


def read_xliff(path: str) -> list[Pair]:
    """Pairs from an XLIFF file: the ``<target>`` is the post-edit, the MT an ``<alt-trans>``
    target (1.2; one whose ``origin`` or ``tool-id`` mentions MT first, else the first) or an
    ``<mtc:match>`` target (2.0; ``type="mt"`` first). Units without both are skipped.

    Raises:
        InputError: malformed XML, no ``<xliff>`` root, or no unit with an MT alternative.
    """
    raw = read_bytes(path)
    decode_bytes(raw, path)  # empty files and unknown encodings fail here, in one line
    root = parse_xml(raw, path)
    if local_name(root.tag) != "xliff":
        raise InputError(path, f"not XLIFF: the root element is <{local_name(root.tag)}>", root.sourceline)
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    v2 = ns == NS20 or root.get("version", "").startswith("2")
    q = (lambda n: f"{{{ns}}}{n}") if ns else (lambda n: n)
    pairs = []
    if v2:
        for unit in root.iter(q("unit")):
            matches = [m for m in unit.iter(f"{{{NS_MTC}}}match") if m.find(q("target")) is not None]
            matches.sort(key=lambda m: m.get("type") != "mt")
            segments = [s for s in unit.iter(q("segment")) if s.find(q("target")) is not None]
            if not matches or len(segments) != 1:
                continue
            seg = segments[0]
            src = seg.find(q("source"))
            pairs.append(
                Pair(
                    plain_text(matches[0].find(q("target")), ()),
                    plain_text(seg.find(q("target")), ()),
                    f"{path}#{unit.get('id')}",
                    plain_text(src, ()) if src is not None else None,
                )
            )
    else:
        for tu in root.iter(q("trans-unit")):
            tgt = tu.find(q("target"))
            alts = [a for a in tu.findall(q("alt-trans")) if a.find(q("target")) is not None]
            alts.sort(key=lambda a: "mt" not in f"{a.get('origin', '')} {a.get('tool-id', '')}".lower())
            if tgt is None or not alts:
                continue
            src = tu.find(q("source"))
            pairs.append(
                Pair(
                    plain_text(alts[0].find(q("target")), CODE12),
                    plain_text(tgt, CODE12),
                    f"{path}#{tu.get('id')}",
                    plain_text(src, CODE12) if src is not None else None,
                )
            )
    if not pairs:
        where = "<mtc:match>" if v2 else "<alt-trans>"
        raise InputError(path, f"no unit holds both a target and an MT {where} target")
    return pairs


def read_pair_file(path: str) -> list[Pair]:
    """Pairs from one file that holds both sides (TSV/CSV or XLIFF, by suffix).

    Raises:
        InputError: for another kind of file (a TMX holds one target per unit: give two),
            or see :func:`read_table`, :func:`read_xliff`.
    """
    suffix = Path(path).suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return read_table(path)
    if suffix in XLIFF_SUFFIXES:
        return read_xliff(path)
    raise InputError(
        path,
        "one file must be a TSV/CSV with mt and post-edit columns or an XLIFF with MT alternatives; "
        "give other files as --mt MT --post-edit POST_EDIT",
    )


def _bilingual(doc: Document) -> bool:
    return doc.format not in ("text", "markdown")


def read_pairs(mt_path: str, pe_path: str, source_path: str | None = None) -> list[Pair]:
    """Pairs from an MT file and its post-edit: line for line for plain text, unit id for unit
    id for bilingual files (TMX, XLIFF, PO, TSV/CSV with source and target columns).

    Args:
        mt_path: the MT output.
        pe_path: the post-edit or reference.
        source_path: the source text, line for line (plain text only).

    Raises:
        InputError: an unreadable file, files of different line counts, units of one file
            missing from the other, or ``--source`` beside bilingual files.
    """
    mt, pe = formats.read(mt_path), formats.read(pe_path)
    if _bilingual(mt) and _bilingual(pe):
        if source_path:
            raise InputError(
                source_path, "--source pairs plain text files; these bilingual files hold their own source"
            )
        by_id = {s.id: s for s in mt.segments}
        missing = next((s.id for s in pe.segments if s.id not in by_id), None)
        if missing is not None:
            raise InputError(pe_path, f"unit '{missing}' is not in the MT file {mt_path}")
        return [
            Pair(by_id[s.id].text, s.text, f"{pe_path}#{s.id}", s.source or by_id[s.id].source) for s in pe.segments
        ]
    if len(mt.segments) != len(pe.segments):
        raise InputError(
            pe_path,
            f"{len(pe.segments)} segments, but the MT file {mt_path} has {len(mt.segments)}: "
            "files must be line-aligned",
        )
    sources: Sequence[str | None] = [None] * len(mt.segments)
    if source_path:
        src = formats.read(source_path)
        if len(src.segments) != len(mt.segments):
            raise InputError(
                source_path,
                f"{len(src.segments)} lines, but the MT file {mt_path} has "
                f"{len(mt.segments)}: files must be line-aligned",
            )
        sources = src.texts
    return [
        Pair(m.text, p.text, f"{pe_path}:{p.line}", src if src is not None else p.source)
        for m, p, src in zip(mt.segments, pe.segments, sources)
    ]
