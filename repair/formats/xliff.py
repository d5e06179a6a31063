"""XLIFF 1.2 and 2.0: each target is a segment, with its source and unit id.

XLIFF 1.2 (OASIS, 2008): ``<trans-unit id>`` with ``<source>`` and ``<target>``; inline
``<g>``, ``<x/>``, ``<bx/>``, ``<ex/>``, ``<mrk>`` and the code elements ``<ph>``,
``<bpt>``, ``<ept>``, ``<it>`` (their content is native code). XLIFF 2.0 (OASIS, 2014):
``<unit id>`` with one or more ``<segment>`` holding ``<source>`` and ``<target>``; inline
``<ph/>``, ``<pc>``, ``<sc/>``, ``<ec/>``, ``<mrk>``, ``<cp/>``. Every inline tag is a
protected span; a unit without a target is not a segment. The source is read twice: as plain
text (``Segment.source``, code elements and tags left out: what the Chinese-source checks
read) and, when it holds inline elements, the way the target is read, tags as written
(``Segment.source_markup``, what ``placeholders`` compares codes with). The source language
is ``<file source-language>`` (1.2) or ``<xliff srcLang>`` (2.0).

A changed unit is marked (unless marking is off): XLIFF 1.2 ``state="needs-review-translation"``
on the ``<target>``; XLIFF 2.0 ``state="translated"`` and ``subState="repair:<rule ids>"``
on the ``<segment>``.
"""

from __future__ import annotations

from collections.abc import Sequence

from repair.document import Document, Segment
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.formats.splice import LineIndex, SpliceMeta, Unit, decode_bytes, xml_escape
from repair.formats.srclang import with_languages
from repair.formats.trglang import refuse_other
from repair.formats.xmlunits import (
    local_name,
    locate,
    make_unit,
    plain_text,
    render_unit,
    set_attributes,
    without_markup,
)

SUFFIXES = frozenset({".xlf", ".xliff"})
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
CODE12 = ("ph", "bpt", "ept", "it")
CODE20: tuple[str, ...] = ()
STATE12 = "needs-review-translation"


def parse_xml(data: bytes, path: str):
    """Parse XML bytes with lxml (no DTD loading, no network).

    Raises:
        InputError: ``path:line: malformed XML: <reason>``.
    """
    from lxml import etree  # a dependency; imported on first use, so plain-text runs start faster

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if getattr(exc, "lineno", None) else None
        msg = str(exc.msg if hasattr(exc, "msg") else exc).split(" (line", 1)[0]
        raise InputError(path, f"malformed XML: {msg}", line) from None
    except ValueError as exc:
        raise InputError(path, f"malformed XML: {exc}") from None


def _mark12(text: str, unit: Unit, rules: Sequence[str]) -> list[tuple[int, int, str]]:
    return set_attributes(text, unit.mark_at, {"state": STATE12})


def _mark20(text: str, unit: Unit, rules: Sequence[str]) -> list[tuple[int, int, str]]:
    values = {"state": "translated"}
    if rules:
        values["subState"] = "repair:" + ",".join(rules)
    return set_attributes(text, unit.mark_at, values)


def _source_spans(text: str, root, q, pairs: list, path: str, lines: LineIndex) -> dict:
    """Where each ``<source>`` holding inline elements lies in the file text (``{element:
    (tag_start, content_start, content_end)}``); ``{}`` when no source of a target holds one
    (the common case: nothing more is read)."""
    wanted = {src for _, src, tgt, _, _ in pairs if src is not None and tgt is not None and len(src)}
    if not wanted:
        return {}
    sources = list(root.iter(q("source")))
    return {el: span for el, span in zip(sources, locate(text, sources, "source", path, lines)) if el in wanted}


def read_document(path: str, data: bytes | None = None, target_lang: str | None = None) -> Document:
    """Read an XLIFF 1.2 or 2.0 file: one segment per target.

    Args:
        target_lang: ``--target-lang`` (a BCP 47 tag), or ``None``; it must agree with the
            target language the file declares, if it declares one.

    Raises:
        InputError: malformed XML, an unknown encoding, a root that is not ``<xliff>``,
            an unsupported version, a unit without an id, or a declared target language
            other than ``target_lang`` (see :func:`repair.formats.trglang.refuse_other`).
    """
    raw = data if data is not None else read_bytes(path)
    text, codec, bom = decode_bytes(raw, path)
    root = parse_xml(raw, path)
    lines = LineIndex(text)
    if local_name(root.tag) != "xliff":
        raise InputError(path, f"not XLIFF: the root element is <{local_name(root.tag)}>", root.sourceline)
    ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    version = root.get("version", "")
    v2 = ns == NS20 or version.startswith("2")
    if not v2 and not (ns == NS12 or version.startswith("1")):
        raise InputError(path, f"unsupported XLIFF version {version!r}", root.sourceline)
    q = (lambda n: f"{{{ns}}}{n}") if ns else (lambda n: n)
    if v2:
        refuse_other(path, root.get("trgLang", ""), target_lang, "<xliff trgLang>", root.sourceline)
    else:
        for f in root.iter(q("file")):
            refuse_other(path, f.get("target-language", ""), target_lang, "<file target-language>", f.sourceline)
    targets = list(root.iter(q("target")))
    spans = dict(zip(targets, locate(text, targets, "target", path, lines)))
    code = CODE20 if v2 else CODE12
    files = {el: n for n, el in enumerate(root.iter(q("file")))}

    def file_of(el) -> int:
        """The index of the ``<file>`` holding ``el``: each is a document part of its own."""
        return next((files[a] for a in el.iterancestors(q("file"))), 0)

    segs: list[Segment] = []
    units: list[Unit] = []
    if v2:
        segments = list(root.iter(q("segment")))
        seg_spans = dict(zip(segments, locate(text, segments, "segment", path, lines)))
        pairs = []
        for unit_el in root.iter(q("unit")):
            uid = unit_el.get("id")
            if uid is None:
                raise InputError(path, "a <unit> without an id", unit_el.sourceline)
            segs_here = [s for s in unit_el.iter(q("segment"))]
            for n, s in enumerate(segs_here):
                sid = uid if len(segs_here) == 1 else f"{uid}/{s.get('id') or n + 1}"
                pairs.append((sid, s.find(q("source")), s.find(q("target")), seg_spans[s][0], file_of(unit_el)))
    else:
        pairs = []
        for tu in root.iter(q("trans-unit")):
            uid = tu.get("id")
            if uid is None:
                raise InputError(path, "a <trans-unit> without an id", tu.sourceline)
            tgt = tu.find(q("target"))
            pairs.append((uid, tu.find(q("source")), tgt, spans[tgt][0] if tgt is not None else -1, file_of(tu)))
    marked_sources = _source_spans(text, root, q, pairs, path, lines)
    langs = [f.get("source-language", "") for f in root.iter(q("file"))] if not v2 else []
    declared: list[str] = []
    for uid, src, tgt, mark_at, part in pairs:
        if tgt is None:
            continue
        unit, seg_text, protected = make_unit(text, spans[tgt], code, mark_at)
        skip = without_markup(seg_text, protected, unit.markup) != plain_text(tgt, code)
        source = plain_text(src, code) if src is not None else None
        markup = None
        if src is not None and src in marked_sources:
            markup = make_unit(text, marked_sources[src], code)[1]
        segs.append(
            Segment(
                text=seg_text,
                index=len(segs),
                line=lines(unit.start),
                id=uid,
                source=source,
                protected=protected,
                skip=skip,
                part=part,
                source_markup=markup if markup != source else None,
            )
        )
        declared.append(root.get("srcLang", "") if v2 else (langs[part] if part < len(langs) else ""))
        units.append(unit)
    segs = with_languages(segs, declared)
    meta = SpliceMeta(
        raw,
        text,
        codec,
        bom,
        tuple(units),
        tuple(s.text for s in segs),
        xml_escape,
        render=render_unit,
        mark=_mark20 if v2 else _mark12,
    )
    return Document(path, segs, ["\n"] * len(segs), bool(bom), "xliff", meta)
