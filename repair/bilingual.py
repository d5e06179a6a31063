"""Command-line glue for bilingual input: ``--source``, ``--glossary`` and ``--mark``.

Kept apart from :mod:`repair.cli` so that the CLI only names these options and calls the
three functions below.
"""

from __future__ import annotations

from typing import Callable, Sequence

import click

from repair.document import Document
from repair.edits import Edit
from repair.engine import Engine
from repair.errors import InputError
from repair.formats.aligned import attach_source
from repair.formats.splice import annotate
from repair.glossary import glossary_rules


def source_options(f: Callable) -> Callable:
    """``--source PATH`` (line-aligned source of one plain-text input) and ``--glossary PATH``."""
    f = click.option("--glossary", "glossaries", multiple=True, type=click.Path(), metavar="PATH",
                     help="A term list (TBX, or CSV/TSV with source,target columns); repeatable.")(f)
    f = click.option("--source", "source", type=click.Path(), metavar="PATH",
                     help="The source-language file of one plain-text input, line for line.")(f)
    return f


def mark_option(f: Callable) -> Callable:
    """``--mark/--no-mark``: mark changed units of bilingual files (on by default)."""
    return click.option("--mark/--no-mark", "mark", default=True, show_default=True,
                        help="Mark changed units: XLIFF state, a '# repair:' comment in PO.")(f)


def with_sources(docs: list, source: str | None) -> list:
    """Attach ``source`` to the single plain-text input of ``docs`` (``[(item, doc)]``).

    Raises:
        InputError: when ``--source`` is given with more than one input, or the files
            are misaligned (see :func:`repair.formats.aligned.attach_source`).
    """
    if source is None:
        return docs
    if len(docs) != 1:
        raise InputError(source, f"--source goes with one target file, not {len(docs)}")
    item, doc = docs[0]
    return [(item, attach_source(doc, source))]


def with_glossary(engine: Engine, glossaries: Sequence[str]) -> Engine:
    """``engine`` plus one glossary rule per term list (unaffected by ``--select``).

    Raises:
        InputError: when a term list cannot be read (see :mod:`repair.glossary`).
    """
    if not glossaries:
        return engine
    return Engine(engine.rules + [r for g in glossaries for r in glossary_rules(g)])


def mark_changes(fixed: Document, rounds: Sequence[Sequence[Edit]], mark: bool) -> Document:
    """``fixed`` carrying the rule ids applied per segment, so its writer can mark units."""
    ids: dict[int, list[str]] = {}
    for r in rounds:
        for e in r:
            ids.setdefault(e.segment, []).append(e.rule_id)
    return annotate(fixed, ids, mark)
