"""Model presets: ``repair/model/presets.toml``, package data (names, hub ids, prompts, licences, sizes, purpose).

A preset tells the proposer how to build the model's input (``prompt``, with ``{text}`` for the
sentence to fix and ``{source}`` for the source segment), whether it rewrites sentences or whole
segments, and whether it needs the source text.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from repair.model.base import ModelError

#: The shipped presets: package data beside this module, so an installed wheel has them too.
PRESETS_PATH = Path(__file__).resolve().parent / "presets.toml"


@dataclass(frozen=True, slots=True)
class Preset:
    """One model preset.

    Attributes:
        name: short name usable as ``--model NAME``.
        hub_id: the Hugging Face hub id ('' for a user's own model).
        prompt: input template; ``{text}`` (or its alias ``{target}``) is the sentence or segment
            to repair, ``{source}`` the source segment.
        unit: ``sentence`` (rewrite sentence by sentence) or ``segment`` (the whole segment).
        needs_source: skip segments without a source text.
        category: MQM category of its edits.
        licence: the model's licence (SPDX id where there is one).
        commercial: whether the licence allows commercial use.
        size: parameters and download size, for a person.
        purpose: what it is for, one line.
    """

    name: str
    hub_id: str
    prompt: str
    unit: str = "sentence"
    needs_source: bool = False
    category: str = "fluency/grammar"
    licence: str = ""
    commercial: bool = True
    size: str = ""
    purpose: str = ""
    extra: dict = field(default_factory=dict)

    def render(self, text: str, source: str | None) -> str:
        """The model input for ``text`` (and ``source``)."""
        return self.prompt.format(text=text, target=text, source=source or "")


#: Used for a folder or hub id that no preset names: the text as it is.
PLAIN = Preset(name="plain", hub_id="", prompt="{text}", purpose="a model that takes the bare sentence")

_FIELDS = {f for f in Preset.__dataclass_fields__ if f != "extra"}


def load_presets(path: Path = PRESETS_PATH) -> dict[str, Preset]:
    """Every preset of ``path``, by name, in file order.

    Raises:
        ModelError: when the file is missing, not TOML, or a preset lacks ``hub_id``/``prompt``,
            has an unknown unit, or a prompt without ``{text}``, ``{target}`` or ``{source}``.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(str(path), f"cannot read presets ({exc})") from None
    out: dict[str, Preset] = {}
    for name, table in data.get("preset", {}).items():
        missing = {"hub_id", "prompt"} - set(table)
        if missing:
            raise ModelError(str(path), f"preset '{name}' lacks {', '.join(sorted(missing))}")
        known = {k: v for k, v in table.items() if k in _FIELDS}
        preset = Preset(name=name, extra={k: v for k, v in table.items() if k not in _FIELDS}, **known)
        if preset.unit not in ("sentence", "segment"):
            raise ModelError(str(path), f"preset '{name}': unit must be sentence or segment, not '{preset.unit}'")
        if not any(k in preset.prompt for k in ("{text}", "{target}", "{source}")):
            raise ModelError(str(path), f"preset '{name}': prompt has none of {{text}}, {{target}}, {{source}}")
        out[name] = preset
    return out


def find_preset(name: str, presets: dict[str, Preset] | None = None) -> Preset | None:
    """The preset named ``name`` or whose hub id is ``name`` (case-insensitive), else ``None``."""
    presets = load_presets() if presets is None else presets
    if name in presets:
        return presets[name]
    low = name.lower()
    return next((p for p in presets.values() if p.hub_id and p.hub_id.lower() == low), None)
