"""The click options several commands share, each group gathered into the one frozen
:class:`~repair.pipeline.options.RunOptions` that the command receives as its ``options``
parameter (no state in the click context).

Stack them under ``@click.command`` in the order their options should be listed in ``--help``;
each decorator takes its own values out of the keyword arguments and sets its part of
``options`` (starting from :class:`RunOptions`'s defaults).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import click

from repair.model.runner import ModelOptions
from repair.pipeline.batch import default_jobs
from repair.pipeline.options import RunOptions


def _update(kwargs: dict[str, Any], **changes: Any) -> None:
    kwargs["options"] = replace(kwargs.get("options") or RunOptions(), **changes)


def engine_options(f: Callable) -> Callable:
    """Add ``--pack``, ``--select``, ``--ignore``, ``--no-builtin-packs`` and ``--config``: which rules run."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        _update(
            kwargs,
            packs=tuple(kwargs.pop("packs")),
            select=tuple(kwargs.pop("select")),
            ignore=tuple(kwargs.pop("ignore")),
            no_builtin_packs=kwargs.pop("no_builtin_packs"),
            config=kwargs.pop("config"),
        )
        return f(*args, **kwargs)

    wrapper = click.option(
        "--config",
        "config",
        type=click.Path(),
        help="A pyproject.toml with [tool.repair], or a repair.toml (default: the nearest one above the inputs).",
    )(wrapper)
    wrapper = click.option("--no-builtin-packs", is_flag=True, help="Load only the packs given with --pack.")(wrapper)
    wrapper = click.option(
        "--ignore", multiple=True, metavar="PREFIXES", help="Rule-id prefixes to disable (comma-separated or repeated)."
    )(wrapper)
    wrapper = click.option(
        "--select", multiple=True, metavar="PREFIXES", help="Rule-id prefixes to enable, e.g. zh-en,mt-en/characters."
    )(wrapper)
    wrapper = click.option(
        "--pack",
        "packs",
        multiple=True,
        type=click.Path(),
        metavar="PATH",
        help="A rule pack (YAML) of your own; repeatable.",
    )(wrapper)
    return wrapper


def model_options(f: Callable | None = None, *, fix: bool = False) -> Callable:
    """Add ``--model``, ``--preset``, ``--device``, ``--accept-model``, ``--beams``, ``--verbose``.

    Args:
        fix: the command applies model edits (``fix``): ``--model`` needs ``--accept-model``.

    Raises (when the command runs):
        click.UsageError: for options that go with ``--model`` without it, or ``fix`` without ``--accept-model``;
        click.BadParameter: for a threshold outside 0..1.
    """
    if f is None:
        return functools.partial(model_options, fix=fix)

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        opts = ModelOptions(
            kwargs.pop("model"),
            kwargs.pop("device"),
            kwargs.pop("preset"),
            kwargs.pop("accept_model"),
            kwargs.pop("beams"),
            kwargs.pop("verbose"),
        )
        if opts.accept is not None and not 0.0 <= opts.accept <= 1.0:
            raise click.BadParameter(f"{opts.accept} is not between 0 and 1", param_hint="--accept-model")
        if opts.model is None and (opts.accept is not None or opts.preset or opts.device):
            raise click.UsageError("--accept-model, --preset and --device go with --model")
        if opts.model and opts.accept is None and fix:
            raise click.UsageError(
                "fix applies model edits only above a confidence: add --accept-model THRESHOLD "
                "(to see them all, use `repair check --model`)"
            )
        _update(kwargs, model=opts)
        return f(*args, **kwargs)

    for opt in reversed(
        [
            click.option(
                "--model",
                metavar="NAME_OR_PATH",
                help="Also propose model rewrites: a preset (`repair model list`), a hub id or a folder.",
            ),
            click.option(
                "--preset", metavar="NAME", help="With --model: the preset whose prompt to use (for your own folder)."
            ),
            click.option(
                "--device", metavar="DEVICE", help="With --model: cpu, cuda, cuda:1 (default: cuda when present)."
            ),
            click.option(
                "--accept-model",
                type=float,
                metavar="THRESHOLD",
                help="Model edits with confidence >= THRESHOLD (0..1) become unsafe fixes that `fix` applies.",
            ),
            click.option(
                "--beams",
                type=click.IntRange(1, 16),
                default=1,
                show_default=True,
                help="With --model: beam size (1: greedy).",
            ),
            click.option(
                "-v",
                "--verbose",
                is_flag=True,
                help="With --model: list every model proposal the guards dropped, and why.",
            ),
        ]
    ):
        wrapper = opt(wrapper)
    return wrapper


_LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*\Z")


def _check_lang(ctx, param, value: str | None) -> str | None:
    if value is not None and not _LANG_TAG.match(value):
        raise click.BadParameter(f"{value!r} is not a language tag (e.g. en, en-GB)")
    return value


def _bilingual(kwargs: dict[str, Any], **changes: Any) -> None:
    _update(kwargs, bilingual=replace((kwargs.get("options") or RunOptions()).bilingual, **changes))


def source_options(f: Callable) -> Callable:
    """Add ``--source PATH``, ``--glossary PATH`` (repeatable), ``--target-lang TAG`` and ``--doc-ids PATH``."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        _bilingual(
            kwargs,
            source=kwargs.pop("source"),
            glossaries=tuple(kwargs.pop("glossaries")),
            target_lang=kwargs.pop("target_lang"),
            doc_ids=kwargs.pop("doc_ids"),
        )
        return f(*args, **kwargs)

    wrapper = click.option(
        "--doc-ids",
        "doc_ids",
        type=click.Path(),
        metavar="PATH",
        help="One document id per line of one plain-text input (WMT's docids): names and house "
        "style never cross documents.",
    )(wrapper)
    wrapper = click.option(
        "--target-lang",
        "target_lang",
        metavar="TAG",
        callback=_check_lang,
        help="The language to check in a multilingual TMX (default: its one target language, else en).",
    )(wrapper)
    wrapper = click.option(
        "--glossary",
        "glossaries",
        multiple=True,
        type=click.Path(),
        metavar="PATH",
        help="A term list (TBX, or CSV/TSV with source,target columns); repeatable.",
    )(wrapper)
    wrapper = click.option(
        "--source",
        "source",
        type=click.Path(),
        metavar="PATH",
        help="The source-language file of one plain-text input, line for line.",
    )(wrapper)
    return wrapper


def mark_option(f: Callable) -> Callable:
    """Add ``--mark/--no-mark`` (mark changed units of bilingual files; on by default)."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        _bilingual(kwargs, mark=kwargs.pop("mark"))
        return f(*args, **kwargs)

    return click.option(
        "--mark/--no-mark",
        "mark",
        default=True,
        show_default=True,
        help="Mark changed units: XLIFF state, a '# repair:' comment in PO.",
    )(wrapper)


def _jobs(ctx, param, value: int | None) -> int:
    return default_jobs() if value is None else value


def jobs_option(f: Callable) -> Callable:
    """Add ``-j/--jobs N``: worker processes over the inputs (and the chunks of a big text
    file); default: the cores this process may use. The command receives ``jobs`` (an int)."""
    return click.option(
        "-j",
        "--jobs",
        "jobs",
        type=click.IntRange(1),
        default=None,
        callback=_jobs,
        metavar="N",
        help="Worker processes (default: every core available); the output is the same for any N.",
    )(f)
