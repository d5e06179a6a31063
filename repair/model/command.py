"""The command-line face of the model layer: ``--model`` and friends on ``check``/``fix``, and
the ``repair model`` group (``list``, ``convert``).

:func:`model_options` adds the options to a command and takes their values out of its
keyword arguments (into the click context), so a command needs one extra line to use them:
:func:`add_check_edits` in ``check``, :func:`accepted_edits` in ``fix``, :func:`proposer` in
``review`` (which runs it in a worker). Nothing heavy is imported until ``--model`` is given.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import click

from repair.console import LazyConsole, escape
from repair.document import Document
from repair.edits import Edit

_KEY = "repair.model"
_err = LazyConsole(stderr=True, highlight=False, soft_wrap=True)


@dataclass
class ModelOptions:
    """What the user asked of the model on one command line."""

    model: str | None = None
    device: str | None = None
    preset: str | None = None
    accept: float | None = None
    beams: int = 1
    verbose: bool = False
    proposer: object | None = None  # loaded on first use


def model_options(f: Callable) -> Callable:
    """Add ``--model``, ``--preset``, ``--device``, ``--accept-model``, ``--beams``, ``--verbose``.

    The wrapped function does not receive them; :func:`current` returns them.
    """

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        opts = ModelOptions(kwargs.pop("model"), kwargs.pop("device"), kwargs.pop("preset"),
                            kwargs.pop("accept_model"), kwargs.pop("beams"), kwargs.pop("verbose"))
        if opts.accept is not None and not 0.0 <= opts.accept <= 1.0:
            raise click.BadParameter(f"{opts.accept} is not between 0 and 1", param_hint="--accept-model")
        if opts.model is None and (opts.accept is not None or opts.preset or opts.device):
            raise click.UsageError("--accept-model, --preset and --device go with --model")
        if opts.model and opts.accept is None and click.get_current_context().info_name == "fix":
            raise click.UsageError("fix applies model edits only above a confidence: add --accept-model THRESHOLD "
                                   "(to see them all, use `repair check --model`)")
        click.get_current_context().meta[_KEY] = opts
        return f(*args, **kwargs)

    for opt in reversed([
        click.option("--model", metavar="NAME_OR_PATH", help="Also propose model rewrites: a preset (`repair model list`), a hub id or a folder."),
        click.option("--preset", metavar="NAME", help="With --model: the preset whose prompt to use (for your own folder)."),
        click.option("--device", metavar="DEVICE", help="With --model: cpu, cuda, cuda:1 (default: cuda when present)."),
        click.option("--accept-model", type=float, metavar="THRESHOLD", help="Model edits with confidence >= THRESHOLD (0..1) become unsafe fixes that `fix` applies."),
        click.option("--beams", type=click.IntRange(1, 16), default=1, show_default=True, help="With --model: beam size (1: greedy)."),
        click.option("-v", "--verbose", is_flag=True, help="With --model: list every model proposal the guards dropped, and why."),
    ]):
        wrapper = opt(wrapper)
    return wrapper


def current() -> ModelOptions:
    """The model options of the running command (defaults outside a command)."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_KEY, ModelOptions()) if ctx else ModelOptions()


def _proposer(opts: ModelOptions):
    if opts.proposer is None:
        from repair.model.loader import load_proposer

        opts.proposer = load_proposer(opts.model, device=opts.device, preset=opts.preset, accept=opts.accept,
                                      num_beams=opts.beams)
    return opts.proposer


def proposer():
    """The proposer of the running command's ``--model``, loaded now; ``None`` without ``--model``.

    For ``review``, which loads the model before its app opens and runs it in a worker.

    Raises:
        ModelError: when the model cannot be found or loaded.
    """
    opts = current()
    return _proposer(opts) if opts.model else None


def model_edits(doc: Document, rule_edits: Sequence[Edit]) -> list[Edit]:
    """The guarded model edits for ``doc`` (``[]`` without ``--model``).

    Raises:
        ModelError: when the model cannot be found, loaded or run.
    """
    opts = current()
    if not opts.model:
        return []
    return _proposer(opts).propose(doc.segments, rule_edits)


def report_dropped(since: int = 0, path: str = "") -> None:
    """On stderr: one line of dropped counts; with ``--verbose`` every dropped proposal too.

    Args:
        since: report only ``proposer.dropped[since:]`` (one document's drops).
        path: the document, to name in the lines.
    """
    opts = current()
    if opts.proposer is None:
        return
    p = opts.proposer
    new = p.dropped[since:]
    where = f"{path}: " if path else ""
    if opts.verbose:
        for d in new:
            _err.print(escape(f"{where}model: dropped {d.line()}"))
    counts: dict[str, int] = {}
    for d in new:
        counts[d.reason] = counts.get(d.reason, 0) + 1
    counts = dict(sorted(counts.items()))
    detail = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
    _err.print(escape(f"{where}model {p.preset.name} ({p.backend.name}): {sum(counts.values())} proposals dropped by the guards ({detail})"
                      + ("" if opts.verbose or not counts else "; --verbose lists them")))


def add_check_edits(results: list[tuple[Document, list[Edit]]]) -> list[tuple[Document, list[Edit]]]:
    """``check``'s results with the model's edits merged in (unchanged without ``--model``)."""
    if not current().model:
        return results
    out = []
    for doc, edits in results:
        merged = sorted(edits + model_edits(doc, edits), key=lambda e: (e.segment, e.start, e.end))
        out.append((doc, merged))
    report_dropped()
    return out


def accepted_edits(engine, doc: Document) -> list[Edit]:
    """For ``fix``: the model edits the user opted into with ``--accept-model`` (else ``[]``).

    Model edits are proposed on the original document, guarded against every rule edit, and
    applied in the first round with the rule fixes (rules win overlaps).
    """
    opts = current()
    if not opts.model or opts.accept is None:
        return []
    since = len(opts.proposer.dropped) if opts.proposer is not None else 0
    edits = [e for e in model_edits(doc, engine.check(doc)) if e.applicability.applies(unsafe=True)]
    report_dropped(since, doc.path)
    return edits


@click.group("model")
def model_group() -> None:
    """The optional seq2seq model: presets and CTranslate2 conversion."""


@model_group.command("list")
def list_presets() -> None:
    """Every preset in repair/model/presets.toml: name, hub id, licence, size, prompt, purpose."""
    from repair.cli import handle_errors  # the CLI's one-line errors

    @handle_errors
    def run() -> None:
        from repair.model.presets import load_presets

        out = LazyConsole(highlight=False, soft_wrap=True)
        presets = load_presets()
        for p in presets.values():
            use = "commercial use allowed" if p.commercial else "NON-COMMERCIAL ONLY"
            out.print(escape(f"{p.name}  {p.hub_id or '(your own folder: --model ./folder --preset ' + p.name + ')'}"))
            out.print(escape(f"  licence {p.licence} ({use}); {p.size}; unit {p.unit}"
                             + ("; needs the source" if p.needs_source else "")))
            out.print(escape(f"  prompt: {p.prompt}"))
            out.print(escape(f"  {p.purpose}"))
        out.print(f"{len(presets)} presets; CC BY-NC licences forbid commercial use")

    run()


@model_group.command("convert")
@click.argument("src")
@click.argument("dst", type=click.Path(file_okay=False))
@click.option("--quantization", type=click.Choice(["int8", "int8_float16", "int16", "float16", "bfloat16", "float32"]),
              default="int8", show_default=True, help="Weight type of the converted copy.")
@click.option("--preset", metavar="NAME", help="The preset to record (default: the one SRC names, if any).")
@click.option("--force", is_flag=True, help="Overwrite DST.")
def convert_model(src: str, dst: str, quantization: str, preset: str | None, force: bool) -> None:
    """Convert SRC (a preset, hub id or folder) into a CTranslate2 folder DST for speed."""
    from repair.cli import handle_errors

    @handle_errors
    def run() -> None:
        from repair.model.ct2 import convert
        from repair.model.loader import resolve_model
        from repair.model.presets import PLAIN

        path, chosen = resolve_model(src, preset)
        convert(path, Path(dst), None if quantization == "float32" else quantization,
                preset=None if chosen is PLAIN else chosen.name, source_name=src, force=force)
        _err.print(escape(f"{src} -> {dst} (CTranslate2, {quantization}); use it with --model {dst}"))

    run()
    sys.exit(0)
