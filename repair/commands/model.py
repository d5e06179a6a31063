"""``repair model``: the optional seq2seq model's presets (``list``) and CTranslate2 conversion (``convert``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from repair.commands.console import err
from repair.commands.errors import handle_errors
from repair.console import LazyConsole, escape
from repair.model.ct2 import convert
from repair.model.loader import resolve_model
from repair.model.presets import PLAIN, load_presets


@click.group("model")
def model_group() -> None:
    """The optional seq2seq model: presets and CTranslate2 conversion."""


@model_group.command("list")
@handle_errors
def list_presets() -> None:
    """Every preset in repair/model/presets.toml: name, hub id, licence, size, prompt, purpose."""
    out = LazyConsole(highlight=False, soft_wrap=True)
    presets = load_presets()
    for p in presets.values():
        use = "commercial use allowed" if p.commercial else "NON-COMMERCIAL ONLY"
        out.print(escape(f"{p.name}  {p.hub_id or '(your own folder: --model ./folder --preset ' + p.name + ')'}"))
        out.print(
            escape(
                f"  licence {p.licence} ({use}); {p.size}; unit {p.unit}"
                + ("; needs the source" if p.needs_source else "")
            )
        )
        out.print(escape(f"  prompt: {p.prompt}"))
        out.print(escape(f"  {p.purpose}"))
    out.print(f"{len(presets)} presets; CC BY-NC licences forbid commercial use")


@model_group.command("convert")
@click.argument("src")
@click.argument("dst", type=click.Path(file_okay=False))
@click.option(
    "--quantization",
    type=click.Choice(["int8", "int8_float16", "int16", "float16", "bfloat16", "float32"]),
    default="int8",
    show_default=True,
    help="Weight type of the converted copy.",
)
@click.option("--preset", metavar="NAME", help="The preset to record (default: the one SRC names, if any).")
@click.option("--force", is_flag=True, help="Overwrite DST.")
@handle_errors
def convert_model(src: str, dst: str, quantization: str, preset: str | None, force: bool) -> None:
    """Convert SRC (a preset, hub id or folder) into a CTranslate2 folder DST for speed."""
    path, chosen = resolve_model(src, preset)
    convert(
        path,
        Path(dst),
        None if quantization == "float32" else quantization,
        preset=None if chosen is PLAIN else chosen.name,
        source_name=src,
        force=force,
    )
    err.print(escape(f"{src} -> {dst} (CTranslate2, {quantization}); use it with --model {dst}"))
    sys.exit(0)
