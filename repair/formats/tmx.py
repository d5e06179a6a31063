"""TMX 1.4 translation memories (lxml): each ``<tu>`` is a segment.

The source variant is the ``<tuv>`` whose ``xml:lang`` matches the header's ``srclang``
(or the first, when ``srclang`` is ``*all*`` or missing); the target is the variant in the
target language: the one given (``--target-lang``), else the one language of the file's
other variants, else, when there are several (a multilingual memory), English, the language
``repair`` checks; several without English is an error that asks for ``--target-lang``. A
language matches by its whole tag, else by its first subtag (``en`` matches ``en-US``). A
``<tu>`` without a variant in the target language is not a segment. The id is the ``tuid`` attribute, else the 1-based position of the ``<tu>``.
Inline ``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<ut>`` (native code, content included)
and ``<hi>`` tags are protected. The source is read as plain text (``Segment.source``) and, when
it holds inline elements, with its tags as written (``Segment.source_markup``); its language
is the source variant's ``xml:lang`` (else the header's ``srclang``). Changed units are not marked (TMX has no review state).
"""

from __future__ import annotations

from repair.document import Document, Segment
from repair.errors import InputError
from repair.fileio import read_bytes
from repair.formats.splice import LineIndex, SpliceMeta, Unit, decode_bytes, xml_escape
from repair.formats.srclang import with_languages
from repair.formats.xliff import parse_xml
from repair.formats.xmlunits import local_name, locate, make_unit, plain_text, render_unit, without_markup

SUFFIXES = frozenset({".tmx"})
CODE = ("bpt", "ept", "it", "ph", "ut")
_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(tuv) -> str:
    return (tuv.get(_LANG) or tuv.get("lang") or "").lower()


def _primary(lang: str) -> str:
    return lang.split("-")[0].split("_")[0]


def _in_lang(tuvs: list, lang: str):
    """The variant of ``tuvs`` in ``lang``: its whole tag first, else its first subtag; or ``None``."""
    exact = next((t for t in tuvs if _lang(t) == lang), None)
    return exact if exact is not None else next((t for t in tuvs if _primary(_lang(t)) == _primary(lang)), None)


def _pick_target(path: str, pairs: list[tuple[object, list]]) -> str:
    """The target language of a file without ``--target-lang``, from the variants that are not
    the source (``pairs``: ``(source tuv, other tuvs)`` per ``<tu>``).

    Raises:
        InputError: several target languages, none of them English.
    """
    langs = sorted({_primary(_lang(t)) for _, others in pairs for t in others})
    if len(langs) <= 1:
        return langs[0] if langs else ""
    if "en" in langs:
        return "en"
    raise InputError(path, f"a multilingual memory ({', '.join(langs)}): pick the language to check with --target-lang")


def read_document(path: str, data: bytes | None = None, target_lang: str | None = None) -> Document:
    """Read a TMX file: one segment per ``<tu>`` with a source and a target variant.

    Args:
        target_lang: the language of the variants to check (a BCP 47 tag such as ``en`` or
            ``en-GB``); ``None``: as the module docstring says.

    Raises:
        InputError: malformed XML, an unknown encoding, a root that is not ``<tmx>``, several
            target languages without English and no ``target_lang``, a ``target_lang`` in
            which no ``<tu>`` has a variant.
    """
    raw = data if data is not None else read_bytes(path)
    text, codec, bom = decode_bytes(raw, path)
    root = parse_xml(raw, path)
    lines = LineIndex(text)
    if local_name(root.tag) != "tmx":
        raise InputError(path, f"not TMX: the root element is <{local_name(root.tag)}>", root.sourceline)
    header = root.find("header")
    srclang = (header.get("srclang") if header is not None else "") or ""
    srclang = "" if srclang.lower() == "*all*" else srclang.lower()
    all_segs = list(root.iter("seg"))
    spans = dict(zip(all_segs, locate(text, all_segs, "seg", path, lines)))
    want = (target_lang or "").lower()
    found = []  # (position, tu, source tuv, other tuvs)
    for n, tu in enumerate(root.iter("tu"), start=1):
        tuvs = [t for t in tu.findall("tuv") if t.find("seg") is not None]
        if len(tuvs) < 2:
            continue
        target = _in_lang(tuvs, want) if want else None
        rest = [t for t in tuvs if t is not target]
        src = _in_lang(rest, srclang) if srclang else None
        src = rest[0] if src is None else src
        found.append((n, tu, src, target, [t for t in rest if t is not src]))
    if not want:
        want = _pick_target(path, [(f[2], f[4]) for f in found])
    segs: list[Segment] = []
    units: list[Unit] = []
    declared: list[str] = []
    for n, tu, src, target, others in found:
        tgt = target if target_lang else (_in_lang(others, want) if want else others[0])
        if tgt is None:
            continue
        tgt_seg = tgt.find("seg")
        unit, seg_text, protected = make_unit(text, spans[tgt_seg], CODE)
        skip = without_markup(seg_text, protected, unit.markup) != plain_text(tgt_seg, CODE)
        src_seg = src.find("seg")
        source = plain_text(src_seg, CODE)
        markup = make_unit(text, spans[src_seg], CODE)[1] if len(src_seg) else None
        segs.append(
            Segment(
                text=seg_text,
                index=len(segs),
                line=lines(unit.start),
                id=tu.get("tuid") or str(n),
                source=source,
                protected=protected,
                skip=skip,
                source_markup=markup if markup != source else None,
            )
        )
        declared.append(_lang(src) or srclang)
        units.append(unit)
    segs = with_languages(segs, declared)
    if target_lang and found and not segs:
        langs = sorted({_lang(t) for _, tu, *_ in found for t in tu.findall("tuv")})
        raise InputError(path, f"no variant in {target_lang} (--target-lang); the memory holds {', '.join(langs)}")
    meta = SpliceMeta(raw, text, codec, bom, tuple(units), tuple(s.text for s in segs), xml_escape, render=render_unit)
    return Document(path, segs, ["\n"] * len(segs), bool(bom), "tmx", meta)
