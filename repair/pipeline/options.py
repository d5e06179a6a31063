"""The options of one run, frozen and explicit: what the command line (or a caller) asked for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from repair.bilingual import BilingualOptions
from repair.config import config_start, find_config, load_settings
from repair.engine import Settings
from repair.model.runner import ModelOptions


def split_prefixes(values: Sequence[str]) -> list[str]:
    """``("a,b", "c")`` -> ``["a", "b", "c"]``: comma-separated or repeated values, blanks dropped."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@dataclass(frozen=True)
class RunOptions:
    """Everything a run of the rules (and the model) depends on, besides its inputs.

    Attributes:
        packs: rule packs (YAML paths) of the user's own (``--pack``), added to the settings'.
        select: rule-id prefixes to enable (``--select``: replaces the settings'); comma-separated or repeated.
        ignore: rule-id prefixes to disable (``--ignore``: added to the settings').
        no_builtin_packs: load only ``packs`` (``--no-builtin-packs``).
        config: the settings file (``--config``); ``None``: the nearest one above the inputs.
        model: the model (``--model`` and friends).
        bilingual: source, glossaries, document ids, marking (``--source`` and friends).
    """

    packs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    no_builtin_packs: bool = False
    config: str | None = None
    model: ModelOptions = field(default_factory=ModelOptions)
    bilingual: BilingualOptions = field(default_factory=BilingualOptions)

    def settings(self, paths: Sequence[str] = ()) -> Settings:
        """Merge ``[tool.repair]`` and these options: select replaces, ignore and packs add.

        The settings file is :attr:`config`, else the nearest one above the inputs ``paths``
        (see :func:`repair.config.config_start`).

        Raises:
            ConfigError: for a settings file that cannot be read or is wrong.
        """
        settings = load_settings(Path(self.config) if self.config else find_config(config_start(paths)))
        settings.packs += list(self.packs)
        if self.select:
            settings.select = split_prefixes(self.select)
            settings.select_from = "--select"
        settings.ignore += split_prefixes(self.ignore)
        if self.no_builtin_packs:
            settings.builtin = []
        return settings
