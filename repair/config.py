"""Settings from ``[tool.repair]`` in ``pyproject.toml``, or from a ``repair.toml``.

A ``repair.toml`` holds the same keys at its top level (no ``[tool.repair]`` header), as
``ruff.toml`` does for ruff; in one folder it wins over ``pyproject.toml``.

Keys (all optional)::

    [tool.repair]
    select = ["zh-en", "mt-en/characters"]   # rule-id prefixes to enable
    ignore = ["mt-en/capitalization"]        # rule-id prefixes to disable
    packs = ["rules/house.yaml"]             # own packs, relative to the pyproject.toml
    builtin-packs = ["mt-en", "zh-en"]       # which shipped packs to load
    unsafe-fixes = false                     # apply unsafe fixes in `repair fix`
    demote = ["mt-en/capitalization"]        # fix tier one step down: safe -> unsafe -> display

Which file: ``--config``, else the nearest ``pyproject.toml`` that mentions ``[tool.repair]``
(or ``[tool]``), from the folder that holds every input upwards (:func:`config_start`); the
working directory only for stdin or a command without inputs (``repair rules``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from repair.engine import Settings
from repair.errors import ConfigError
from repair.rules.pack import BUILTIN_PACKS

_LIST_KEYS = ("select", "ignore", "packs", "builtin-packs", "demote")
KNOWN_KEYS = frozenset(_LIST_KEYS + ("unsafe-fixes",))


_MENTIONS_REPAIR = re.compile(r"^\s*\[\s*tool\s*\.\s*repair\b|^\s*repair\s*=|^\s*\[\s*tool\s*\]", re.MULTILINE)


def config_start(paths: Sequence[str]) -> Path:
    """The folder where the search for ``pyproject.toml`` starts: the deepest folder that holds
    every input (a folder input counts as itself, a file as its folder). Without inputs, or
    with stdin (``-``) only, the working directory.

    ``repair check a/x.txt`` starts in ``a/``; ``repair check a/x.txt a/b/y.txt`` in ``a/``;
    ``repair check p/x.txt q/y.txt`` in their common parent.
    """
    folders = [(p if p.is_dir() else p.parent).resolve() for p in (Path(n) for n in paths if n != "-")]
    return Path(os.path.commonpath(folders)) if folders else Path.cwd()


def find_pyproject(start: Path, upwards: bool = True) -> Path | None:
    """The nearest ``pyproject.toml`` from ``start`` upwards (only in ``start`` when not
    ``upwards``) that may configure `repair`: one with a ``[tool.repair...]`` table (however
    spaced) or a ``[tool]`` table; a file that then fails to parse, or whose ``tool.repair``
    is no table, is an error, never silently ignored."""
    for folder in [start, *start.parents] if upwards else [start]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
            if _MENTIONS_REPAIR.search(text):
                return candidate
    return None


#: The settings file that holds the keys at its top level.
REPAIR_TOML = "repair.toml"


def find_config(start: Path) -> Path | None:
    """The nearest settings file from the folder ``start`` upwards: in each folder a
    ``repair.toml`` first, then a ``pyproject.toml`` as :func:`find_pyproject` accepts it."""
    for folder in [start, *start.parents]:
        candidate = folder / REPAIR_TOML
        if candidate.is_file():
            return candidate
        found = find_pyproject(folder, upwards=False)
        if found is not None:
            return found
    return None


def load_settings(path: Path | None) -> Settings:
    """Read :class:`~repair.engine.Settings` from a ``pyproject.toml``'s ``[tool.repair]`` or
    from a ``repair.toml``'s top level (defaults when ``None``).

    Raises:
        ConfigError: on TOML syntax errors, unknown keys, wrong types or unknown built-in packs.
    """
    settings = Settings()
    if path is None:
        return settings
    name = str(path)
    if Path(path).is_dir():
        raise ConfigError(name, "is a folder, expected a pyproject.toml file")
    import tomllib  # here, not at start: most runs have no settings file to read

    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(name, "no such config file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(name, f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(name, f"TOML syntax: {exc}") from None
    except RecursionError:  # arrays or tables nested deeper than the parser recurses
        raise ConfigError(name, "TOML nested too deep to read") from None
    top = Path(path).name == REPAIR_TOML
    tool = data.get("tool", {})
    if not top and not isinstance(tool, dict):
        raise ConfigError(name, "'tool' must be a table ([tool.repair] holds the settings)")
    table = data if top else tool.get("repair", {})
    if not isinstance(table, dict):
        raise ConfigError(name, "[tool.repair] must be a table")
    stray = sorted(KNOWN_KEYS & data.keys()) if not top else []
    if stray:  # a repair.toml under another name: its settings would be silently ignored
        raise ConfigError(
            name,
            f"'{stray[0]}' at the top level: settings go under [tool.repair], "
            f"or at the top level of a file named {REPAIR_TOML}",
        )
    where = "" if top else "[tool.repair]: "
    for key, value in table.items():
        if key not in KNOWN_KEYS:
            raise ConfigError(name, f"{where}unknown key '{key}' (known: {', '.join(sorted(KNOWN_KEYS))})")
        if key in _LIST_KEYS and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ConfigError(name, f"{where}'{key}' must be a list of strings")
        if key == "unsafe-fixes" and not isinstance(value, bool):
            raise ConfigError(name, f"{where}'unsafe-fixes' must be true or false")
    base = Path(path).parent
    settings.select = list(table.get("select", []))
    settings.select_from = name
    settings.ignore = list(table.get("ignore", []))
    settings.demote = list(table.get("demote", []))
    settings.demote_from = name
    settings.ignore_from = {p: name for p in settings.ignore}
    settings.packs = [str(base / p) for p in table.get("packs", [])]
    settings.unsafe_fixes = table.get("unsafe-fixes", False)
    if "builtin-packs" in table:
        unknown = [p for p in table["builtin-packs"] if p not in BUILTIN_PACKS]
        if unknown:
            raise ConfigError(name, f"{where}unknown built-in pack '{unknown[0]}' (have: {', '.join(BUILTIN_PACKS)})")
        settings.builtin = list(table["builtin-packs"])
    return settings
