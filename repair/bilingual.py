"""Command-line glue for bilingual input: ``--source``, ``--glossary``, ``--target-lang`` and
``--mark/--no-mark``.

Kept apart from :mod:`repair.cli`: the decorators below add the options to a command and
keep their values in the click context (the command function does not receive them), and
:func:`with_sources`, :func:`with_glossary` and :func:`mark_changes` apply them; outside a
command (or without the options) each returns its argument unchanged.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Callable, Sequence

import click

from repair.document import Document
from repair.docids import declare_documents
from repair.edits import Edit
from repair.engine import Engine
from repair.errors import InputError
from repair.formats.aligned import attach_source
from repair.formats.splice import annotate
from repair.glossary import glossary_rules

_KEY = "repair.bilingual"


@dataclass(frozen=True)
class BilingualOptions:
    """What the user asked for: a line-aligned source, term lists, marking of changed units,
    the target language of a multilingual file."""

    source: str | None = None
    glossaries: tuple[str, ...] = ()
    mark: bool = True
    target_lang: str | None = None
    doc_ids: str | None = None


def current() -> BilingualOptions:
    """The options of the running command (defaults outside one)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_KEY, BilingualOptions()) if ctx is not None else BilingualOptions()


_LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*\Z")


def _check_lang(ctx, param, value: str | None) -> str | None:
    if value is not None and not _LANG_TAG.match(value):
        raise click.BadParameter(f"{value!r} is not a language tag (e.g. en, en-GB)")
    return value


def source_options(f: Callable) -> Callable:
    """Add ``--source PATH``, ``--glossary PATH`` (repeatable), ``--target-lang TAG`` and ``--doc-ids PATH`` to a command."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        old = click.get_current_context().meta.get(_KEY, BilingualOptions())
        click.get_current_context().meta[_KEY] = replace(
            old, source=kwargs.pop("source"), glossaries=tuple(kwargs.pop("glossaries")),
            target_lang=kwargs.pop("target_lang"), doc_ids=kwargs.pop("doc_ids"))
        return f(*args, **kwargs)

    wrapper = click.option("--doc-ids", "doc_ids", type=click.Path(), metavar="PATH",
                           help="One document id per line of one plain-text input (WMT's docids): names and house "
                                "style never cross documents.")(wrapper)
    wrapper = click.option("--target-lang", "target_lang", metavar="TAG", callback=_check_lang,
                           help="The language to check in a multilingual TMX (default: its one target language, else en).")(wrapper)

    wrapper = click.option("--glossary", "glossaries", multiple=True, type=click.Path(), metavar="PATH",
                           help="A term list (TBX, or CSV/TSV with source,target columns); repeatable.")(wrapper)
    wrapper = click.option("--source", "source", type=click.Path(), metavar="PATH",
                           help="The source-language file of one plain-text input, line for line.")(wrapper)
    return wrapper


def mark_option(f: Callable) -> Callable:
    """Add ``--mark/--no-mark`` (mark changed units of bilingual files; on by default)."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        mark = kwargs.pop("mark")
        ctx = click.get_current_context()
        old = ctx.meta.get(_KEY, BilingualOptions())
        ctx.meta[_KEY] = replace(old, mark=mark)
        return f(*args, **kwargs)

    return click.option("--mark/--no-mark", "mark", default=True, show_default=True,
                        help="Mark changed units: XLIFF state, a '# repair:' comment in PO.")(wrapper)


def with_sources(docs: list) -> list:
    """Attach ``--source`` and ``--doc-ids`` to the single plain-text input of ``docs`` (``[(item, doc)]``).

    Raises:
        InputError: when either is given with more than one input, or the files are
            misaligned (see :func:`repair.formats.aligned.attach_source` and
            :func:`repair.docids.declare_documents`).
    """
    opts = current()
    for name, path in (("--source", opts.source), ("--doc-ids", opts.doc_ids)):
        if path is not None and len(docs) != 1:
            raise InputError(path, f"{name} goes with one target file, not {len(docs)}")
    if opts.source is not None:
        docs = [(docs[0][0], attach_source(docs[0][1], opts.source))]
    if opts.doc_ids is not None:
        docs = [(docs[0][0], declare_documents(docs[0][1], opts.doc_ids))]
    return docs


def with_glossary(engine: Engine) -> Engine:
    """``engine`` plus one glossary rule per ``--glossary`` term list (not subject to ``--select``).

    Raises:
        InputError: when a term list cannot be read (see :mod:`repair.glossary`).
    """
    glossaries = current().glossaries
    if not glossaries:
        return engine
    return Engine(engine.rules + [r for g in glossaries for r in glossary_rules(g)])


def mark_changes(fixed: Document, rounds: Sequence[Sequence[Edit]]) -> Document:
    """``fixed`` carrying the rule ids applied per segment, so that its writer can mark
    changed units (unless ``--no-mark``)."""
    ids: dict[int, list[str]] = {}
    for r in rounds:
        for e in r:
            ids.setdefault(e.segment, []).append(e.rule_id)
    return annotate(fixed, ids, current().mark)
