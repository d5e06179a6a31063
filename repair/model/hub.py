"""Where a model lives: a local folder, or a Hugging Face hub id resolved from the cache.

Never waits on a network that is not there: with ``HF_HUB_OFFLINE`` set (or
``TRANSFORMERS_OFFLINE``) only the local cache is consulted; otherwise the hub is probed once
with a short timeout before any download. Either failure is one :class:`ModelError` line that
says how to fetch the model on a connected machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from repair.model.base import ModelError

#: Seconds to wait for the hub before giving up (the probe is one request, no retries).
PROBE_TIMEOUT = 5.0
#: Files fetched from the hub: weights, configs, tokenizers (not TensorFlow/Flax/ONNX copies).
ALLOW_PATTERNS = ["*.json", "*.safetensors", "*.model", "*.spm", "*.txt", "*.py"]


def offline() -> bool:
    """Whether ``HF_HUB_OFFLINE`` or ``TRANSFORMERS_OFFLINE`` asks for no network."""
    return any(
        os.environ.get(v, "").strip().lower() in ("1", "true", "yes", "on")
        for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def looks_like_path(name: str) -> bool:
    """``./x``, ``../x``, ``/x``, ``~/x``, a Windows drive, or more than one ``/`` (not ``org/name``)."""
    return name.startswith((".", "/", "~", "\\")) or (len(name) > 1 and name[1] == ":") or name.count("/") > 1


def fetch_hint(hub_id: str) -> str:
    """How to get ``hub_id`` onto this machine, one sentence."""
    folder = hub_id.rsplit("/", 1)[-1]
    return (
        f"on a connected machine run `hf download {hub_id} --local-dir {folder}`, "
        f"copy the folder here and pass --model ./{folder}"
    )


def resolve(name: str) -> Path:
    """The local folder of the model ``name`` (a folder, or a hub id ``org/name``).

    Raises:
        ModelError: a path that is missing, not a folder or has no ``config.json``; a hub id
            that is not cached when offline, or when the hub cannot be reached within
            :data:`PROBE_TIMEOUT` seconds, or that the hub does not know.
    """
    path = Path(name).expanduser()
    if path.exists() or looks_like_path(name):
        if not path.exists():
            raise ModelError(name, "no such folder")
        if not path.is_dir():
            raise ModelError(name, "not a folder (a model is a folder with config.json)")
        if not (path / "config.json").is_file():
            raise ModelError(name, "no config.json: not a Hugging Face or CTranslate2 model folder")
        return path
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(name, local_files_only=True, allow_patterns=ALLOW_PATTERNS))
    except Exception:  # not cached (LocalEntryNotFoundError) or a malformed id
        pass
    if offline():
        raise ModelError(name, f"not in the local Hugging Face cache and HF_HUB_OFFLINE is set; {fetch_hint(name)}")
    from huggingface_hub import model_info

    try:
        model_info(name, timeout=PROBE_TIMEOUT)
    except Exception as exc:  # no network, DNS, proxy, 404, gated
        cause = type(exc).__name__
        if cause == "RepositoryNotFoundError":
            raise ModelError(
                name, "no such model on the Hugging Face hub (or it is private): see `repair model list`"
            ) from None
        raise ModelError(name, f"cannot reach the Hugging Face hub ({cause}); {fetch_hint(name)}") from None
    try:
        return Path(snapshot_download(name, allow_patterns=ALLOW_PATTERNS, etag_timeout=PROBE_TIMEOUT))
    except Exception as exc:
        raise ModelError(name, f"download failed ({type(exc).__name__}); {fetch_hint(name)}") from None
