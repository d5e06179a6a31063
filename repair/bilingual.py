"""Bilingual input on a run: ``--source``, ``--glossary``, ``--target-lang``, ``--doc-ids`` and
``--mark/--no-mark`` as :class:`BilingualOptions` (the options themselves are in
:mod:`repair.commands.options`), and :func:`with_sources`, :func:`with_glossary` and
:func:`mark_changes`, which apply them; with the defaults each returns its argument unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from repair.docids import declare_documents
from repair.document import Document
from repair.edits import Edit
from repair.engine import Engine
from repair.errors import InputError
from repair.formats.aligned import attach_source
from repair.formats.splice import annotate
from repair.formats.srclang import announce
from repair.glossary import glossary_rules


@dataclass(frozen=True)
class BilingualOptions:
    """What the user asked for: a line-aligned source, term lists, marking of changed units,
    the target language of a multilingual file."""

    source: str | None = None
    glossaries: tuple[str, ...] = ()
    mark: bool = True
    target_lang: str | None = None
    doc_ids: str | None = None


def check_single(inputs: int, opts: BilingualOptions) -> None:
    """Refuse ``--source`` or ``--doc-ids`` with other than one input (``inputs``: how many).

    Raises:
        InputError: naming the source or document-id file.
    """
    for name, path in (("--source", opts.source), ("--doc-ids", opts.doc_ids)):
        if path is not None and inputs != 1:
            raise InputError(path, f"{name} goes with one target file, not {inputs}")


def with_sources(docs: list, opts: BilingualOptions) -> list:
    """Attach ``--source`` and ``--doc-ids`` (of ``opts``) to the single plain-text input of ``docs`` (``[(item, doc)]``).

    Raises:
        InputError: when either is given with more than one input, or the files are
            misaligned (see :func:`repair.formats.aligned.attach_source` and
            :func:`repair.docids.declare_documents`).
    """
    check_single(len(docs), opts)
    if opts.source is not None:
        docs = [(docs[0][0], attach_source(docs[0][1], opts.source))]
        announce(docs[0][1], opts.source)
    if opts.doc_ids is not None:
        docs = [(docs[0][0], declare_documents(docs[0][1], opts.doc_ids))]
    return docs


def with_glossary(engine: Engine, glossaries: Sequence[str]) -> Engine:
    """``engine`` plus one glossary rule per ``--glossary`` term list in ``glossaries`` (not subject to ``--select``).

    Raises:
        InputError: when a term list cannot be read (see :mod:`repair.glossary`).
    """
    if not glossaries:
        return engine
    return Engine(engine.rules + [r for g in glossaries for r in glossary_rules(g)])


def mark_changes(fixed: Document, rounds: Sequence[Sequence[Edit]], mark: bool = True) -> Document:
    """``fixed`` carrying the rule ids applied per segment, so that its writer can mark
    changed units (when ``mark``: not with ``--no-mark``)."""
    ids: dict[int, list[str]] = {}
    for r in rounds:
        for e in r:
            ids.setdefault(e.segment, []).append(e.rule_id)
    return annotate(fixed, ids, mark)
