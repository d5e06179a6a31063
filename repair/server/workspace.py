"""Settings for the files of a workspace, and the ignore-rule writer.

A document is checked with the settings the command line would use in its folder: the
nearest ``repair.toml`` or ``pyproject.toml`` with ``[tool.repair]`` from the document's
folder upwards (:func:`repair.config.find_config`). Engines are kept per settings file and
built again when that file changes (its modification time).
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from repair.config import REPAIR_TOML, find_config, load_settings
from repair.engine import Engine, _builtin_rule_matches, matches_prefix
from repair.errors import ConfigError
from repair.fileio import atomic_write


class Engines:
    """Engines by settings file (``None``: the defaults)."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[Path | None, int], Engine] = {}

    def for_folder(self, folder: Path) -> Engine:
        """The engine for documents in ``folder``.

        Raises:
            ConfigError, PackError: bad settings or a bad pack they name.
        """
        config = find_config(folder)
        try:
            stamp = config.stat().st_mtime_ns if config is not None else 0
        except OSError:
            stamp = 0
        key = (config, stamp)
        engine = self._by_key.get(key)
        if engine is None:
            engine = Engine.from_settings(load_settings(config))
            self._by_key = {k: v for k, v in self._by_key.items() if k[0] != config}
            self._by_key[key] = engine
        return engine

    def clear(self) -> None:
        """Forget every engine (settings were written)."""
        self._by_key.clear()


def known_rule(engine: Engine, prefix: str) -> bool:
    """Whether ``prefix`` selects a rule of ``engine`` or of a built-in pack (what an
    ``ignore`` entry must do to be valid settings; see :meth:`Engine.from_packs`)."""
    return any(matches_prefix(r.id, prefix) for r in engine.rules) or _builtin_rule_matches(prefix)


def ignore_target(file: Path) -> Path:
    """Where ignoring a rule for ``file`` is written: the settings file that governs it (so
    the change takes effect), else the nearest ``pyproject.toml`` (a ``[tool.repair]`` table
    is added), else a ``repair.toml`` beside the file."""
    config = find_config(file.parent)
    if config is not None:
        return config
    for folder in [file.parent, *file.parent.parents]:
        if (folder / "pyproject.toml").is_file():
            return folder / "pyproject.toml"
    return file.parent / REPAIR_TOML


def ignore_rule(file: Path, rule_id: str) -> Path:
    """Add ``rule_id`` to the ``ignore`` list of the settings that govern ``file``
    (see :func:`ignore_target`), keeping the rest of that file as it was (tomlkit).

    Returns:
        the settings file written (unchanged when the rule was already ignored).

    Raises:
        ConfigError: when the file cannot be read, is not valid TOML or its ``ignore`` is
            no list.
        OutputError: when it cannot be written.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    target = ignore_target(file)
    exists = target.is_file()
    try:
        text = target.read_bytes().decode("utf-8") if exists else ""  # not read_text: CRLF kept
        doc = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(target), f"cannot read: {exc}") from None
    except TOMLKitError as exc:
        raise ConfigError(str(target), f"TOML syntax: {exc}") from None
    table: MutableMapping[str, Any] | None
    if target.name == REPAIR_TOML:
        table = doc
    else:
        tool = doc.get("tool")
        if tool is None:
            tool = doc["tool"] = tomlkit.table(is_super_table=True)
        table = tool.get("repair")
        if table is None:
            table = tool["repair"] = tomlkit.table()
    ignore = table.get("ignore")
    if ignore is None:
        table["ignore"] = [rule_id]
    elif not isinstance(ignore, list):
        raise ConfigError(str(target), "'ignore' must be a list of strings")
    elif rule_id in ignore:
        return target
    else:
        ignore.append(rule_id)
    out = tomlkit.dumps(doc)
    if "\r\n" in text:  # the lines added end as the file's lines do
        out = re.sub(r"(?<!\r)\n", "\r\n", out)
    atomic_write(target, out.encode("utf-8"), mode_from=target if exists else None)
    return target
