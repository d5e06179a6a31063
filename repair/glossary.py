"""Term lists for the ``glossary`` rule kind: TBX (2.0 ``termEntry``/``langSet``/``tig`` and
3.0 ``conceptEntry``/``langSec``/``termSec``, ISO 30042) and CSV/TSV with a header.

A term list maps source terms to their approved target terms. In TBX the target language
is the one whose ``xml:lang`` starts with ``en`` (else the second language of an entry),
every other language is a source; terms with a ``termNote`` saying ``deprecated`` or
``superseded`` are left out. A CSV/TSV list has ``source`` and ``target`` columns (the
names :mod:`repair.formats.table` accepts); several approved targets are separated by ``|``.
"""

from __future__ import annotations

import re
from pathlib import Path

from repair.edits import Applicability, Severity
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.formats.splice import decode_bytes, physical_lines
from repair.rules.pack import Rule

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _terms_of(lang_el) -> list[str]:
    out = []
    for term in lang_el.iter():
        if _local(term.tag) != "term" or not (term.text or "").strip():
            continue
        group = term.getparent()
        notes = " ".join((n.text or "") for n in group.iter() if _local(n.tag) in ("termNote", "descrip")).lower()
        if "deprecated" in notes or "superseded" in notes:
            continue
        out.append(" ".join(term.text.split()))
    return out


def read_tbx(path: str, data: bytes | None = None) -> dict[str, list[str]]:
    """Source term -> approved target terms, from a TBX file.

    Raises:
        InputError: malformed XML, or a file with no entry holding two languages.
    """
    from repair.formats.xliff import parse_xml

    raw = data if data is not None else read_bytes(path)
    decode_bytes(raw, path)  # encoding errors as one line
    root = parse_xml(raw, path)
    terms: dict[str, list[str]] = {}
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        langs = [
            ((ls.get(_XML_LANG) or ls.get("lang") or "").lower(), ls)
            for ls in entry
            if _local(ls.tag) in ("langSet", "langSec")
        ]
        if len(langs) < 2:
            continue
        target_idx = next((i for i, (lang, _) in enumerate(langs) if lang.startswith("en")), 1)
        targets = _terms_of(langs[target_idx][1])
        if not targets:
            continue
        for i, (_, ls) in enumerate(langs):
            if i != target_idx:
                for src in _terms_of(ls):
                    terms.setdefault(src, []).extend(t for t in targets if t not in terms.get(src, []))
    if not terms:
        raise InputError(path, "no term entry with a source and a target term")
    return terms


def read_csv_terms(path: str, data: bytes | None = None) -> dict[str, list[str]]:
    """Source term -> approved target terms, from a CSV or TSV list with a header.

    Raises:
        InputError: ``path:1`` without ``source`` and ``target`` columns; ``path:line`` for
            a row with fewer cells than the columns named, or more (not empty) cells than the
            header, or an empty source or target (blank rows are skipped).
    """
    raw = data if data is not None else read_bytes(path)
    text, _, _ = decode_bytes(raw, path)
    delimiter = "\t" if Path(path).suffix.lower() == ".tsv" else ","
    import csv  # here: only --glossary needs it

    reader = csv.reader(
        physical_lines(text), delimiter=delimiter, strict=True
    )  # a form feed or U+2028 in a cell is text
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(path, f"malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}", reader.line_num) from None
    if not rows:
        raise InputError(path, "no terms")
    from repair.formats.table import SOURCE_NAMES, TARGET_NAMES  # here: a check without a term list reads no table

    low = [h.strip().lower() for h in rows[0]]
    src = next((low.index(n) for n in SOURCE_NAMES if n in low), None)
    tgt = next((low.index(n) for n in TARGET_NAMES if n in low), None)
    if src is None or tgt is None:
        raise InputError(path, "a term list needs a header with 'source' and 'target' columns", 1)
    terms: dict[str, list[str]] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) <= max(src, tgt) or any(c.strip() for c in row[len(low) :]):
            raise InputError(path, f"a row with {len(row)} cells; the header has {len(low)}", n)
        targets = [t.strip() for t in row[tgt].split("|") if t.strip()]
        if not row[src].strip() or not targets:
            raise InputError(path, "a term needs a source and a target", n)
        terms.setdefault(row[src].strip(), []).extend(targets)
    if not terms:
        raise InputError(path, "no terms")
    return terms


def load_terms(path: str) -> dict[str, list[str]]:
    """Read a term list by suffix: ``.tbx`` (and ``.xml``) as TBX, anything else as CSV/TSV."""
    if Path(path).suffix.lower() in (".tbx", ".xml"):
        return read_tbx(path)
    return read_csv_terms(path)


def glossary_rules(path: str) -> list[Rule]:
    """One ``glossary`` rule (display-only, terminology/wrong-term, major) for a term list.

    Its id is ``glossary/<file stem>`` (lower-cased, non-alphanumerics as ``-``).
    """
    terms = load_terms(path)
    stem = re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-") or "terms"
    return [
        Rule(
            id=f"glossary/{stem}",
            kind="glossary",
            category="terminology/wrong-term",
            severity=Severity.MAJOR,
            applicability=Applicability.DISPLAY,
            message="the glossary's term is not used",
            params={"terms": terms},
            examples=(),
            pack="glossary",
            path=path,
        )
    ]
