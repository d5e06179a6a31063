"""From ``--model NAME_OR_PATH`` to a :class:`~repair.model.proposer.ModelProposer`.

``NAME_OR_PATH`` is a preset name (``coedit-large``), a hub id (``grammarly/coedit-large``) or a
folder (a Hugging Face folder, or a CTranslate2 folder made by ``repair model convert``). The
preset (prompt, unit) comes from ``--preset``, else the name, else the hub id, else the
``repair-model.json`` of a converted folder, else :data:`~repair.model.presets.PLAIN`.
"""

from __future__ import annotations

import json
from pathlib import Path

from repair.model.base import Backend, ModelError
from repair.model.guards import MAX_SHARE
from repair.model.presets import PLAIN, Preset, find_preset, load_presets
from repair.model.proposer import MARGIN, ModelProposer


def resolve_model(name: str, preset: str | None = None) -> tuple[Path, Preset]:
    """The local folder and the preset of ``name``.

    Raises:
        ModelError: an unknown ``preset``, or the model cannot be found (see
            :func:`repair.model.hub.resolve`).
    """
    from repair.model.ct2 import MARKER
    from repair.model.hub import resolve

    presets = load_presets()
    chosen = None
    if preset:
        chosen = presets.get(preset)
        if chosen is None:
            raise ModelError(preset, f"no such preset (one of {', '.join(presets)})")
    named = presets.get(name)
    target = named.hub_id if named and named.hub_id else name
    if named and not named.hub_id:
        raise ModelError(
            name, "this preset is a template for your own model: pass --model ./your-folder --preset " + name
        )
    path = resolve(target)
    chosen = chosen or named or find_preset(name, presets)
    marker = path / MARKER
    if chosen is None and marker.is_file():
        recorded = json.loads(marker.read_text(encoding="utf-8")).get("preset")
        chosen = presets.get(recorded) if recorded else None
    return path, chosen or PLAIN


def load_proposer(
    name: str,
    device: str | None = None,
    preset: str | None = None,
    accept: float | None = None,
    num_beams: int = 1,
    batch_size: int = 16,
    margin: float = MARGIN,
    max_share: float = MAX_SHARE,
) -> ModelProposer:
    """A proposer for the model ``name`` (see the module docstring).

    Args:
        name: preset name, hub id or folder.
        device: ``cpu``, ``cuda``...; ``None``/``auto`` uses CUDA when present.
        preset: force this preset's prompt.
        accept: confidence from which model edits are ``unsafe`` (applied by ``fix``).
        num_beams: 1 greedy, more beam search.
        batch_size: sentences per batch.
        margin: nats per token by which a rewrite must beat the original.
        max_share: the share guard's limit.

    Raises:
        ModelError: when the model cannot be found or loaded.
    """
    path, chosen = resolve_model(name, preset)
    from repair.model.ct2 import is_ct2_folder

    backend: Backend
    if is_ct2_folder(path):
        from repair.model.ct2 import CT2Backend

        backend = CT2Backend(path, device=device, num_beams=num_beams, batch_size=batch_size)
    else:
        from repair.model.hf import HFBackend

        backend = HFBackend(path, device=device, num_beams=num_beams, batch_size=batch_size)
    return ModelProposer(
        backend, chosen, margin=margin, max_share=max_share, accept=accept, batch_size=batch_size, name=name
    )
