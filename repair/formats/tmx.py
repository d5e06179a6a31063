"""TMX 1.4 translation memories (lxml): each ``<tu>`` is a segment.

The source variant is the ``<tuv>`` whose ``xml:lang`` matches the header's ``srclang``
(or the first, when ``srclang`` is ``*all*`` or missing); the target is the first other
variant. The id is the ``tuid`` attribute, else the 1-based position of the ``<tu>``.
Inline ``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<ut>`` (native code, content included)
and ``<hi>`` tags are protected. Changed units are not marked (TMX has no review state).
"""

from __future__ import annotations

from repair.document import Document, Segment
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.formats.splice import SpliceMeta, Unit, decode_bytes, line_of, xml_escape
from repair.formats.xliff import parse_xml
from repair.formats.xmlunits import local_name, locate, make_unit, plain_text, render_unit, without_markup

SUFFIXES = frozenset({".tmx"})
CODE = ("bpt", "ept", "it", "ph", "ut")
_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(tuv) -> str:
    return (tuv.get(_LANG) or tuv.get("lang") or "").lower()


def read_document(path: str, data: bytes | None = None) -> Document:
    """Read a TMX file: one segment per ``<tu>`` with a source and a target variant.

    Raises:
        InputError: malformed XML, an unknown encoding, a root that is not ``<tmx>``.
    """
    raw = data if data is not None else read_bytes(path)
    text, codec, bom = decode_bytes(raw, path)
    root = parse_xml(raw, path)
    if local_name(root.tag) != "tmx":
        raise InputError(path, f"not TMX: the root element is <{local_name(root.tag)}>", root.sourceline)
    header = root.find("header")
    srclang = (header.get("srclang") if header is not None else "") or ""
    srclang = "" if srclang.lower() == "*all*" else srclang.lower()
    all_segs = list(root.iter("seg"))
    spans = dict(zip(all_segs, locate(text, all_segs, "seg", path)))
    segs: list[Segment] = []
    units: list[Unit] = []
    for n, tu in enumerate(root.iter("tu"), start=1):
        tuvs = [t for t in tu.findall("tuv") if t.find("seg") is not None]
        if len(tuvs) < 2:
            continue
        src = next((t for t in tuvs if srclang and _lang(t).split("-")[0] == srclang.split("-")[0]), tuvs[0])
        tgt = next(t for t in tuvs if t is not src)
        tgt_seg = tgt.find("seg")
        unit, seg_text, protected = make_unit(text, spans[tgt_seg], CODE)
        skip = without_markup(seg_text, protected, unit.markup) != plain_text(tgt_seg, CODE)
        segs.append(Segment(text=seg_text, index=len(segs), line=line_of(text, unit.start),
                            id=tu.get("tuid") or str(n), source=plain_text(src.find("seg"), CODE),
                            protected=protected, skip=skip))
        units.append(unit)
    meta = SpliceMeta(raw, text, codec, bom, tuple(units), tuple(s.text for s in segs), xml_escape, render=render_unit)
    return Document(path, segs, ["\n"] * len(segs), bool(bom), "tmx", meta)
