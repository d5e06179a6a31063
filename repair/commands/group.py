"""The ``repair`` group and the one place where its commands are registered (:data:`COMMANDS`).

Every command loads only when used, so that a one-line ``repair check`` never imports the
review, evaluation or server code.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Iterator
from typing import Any

import click

from repair import __version__, compile_cache
from repair.usage import RepairGroup

#: command name -> ``module:attribute`` of its click command, one module per command
COMMANDS = {
    "check": "repair.commands.check:check",
    "eval": "repair.commands.eval:eval_cmd",
    "fix": "repair.commands.fix:fix",
    "learn": "repair.commands.learn:learn",
    "model": "repair.commands.model:model_group",
    "review": "repair.commands.review:review",
    "rules": "repair.commands.rules:rules",
    "server": "repair.commands.server:server",
}


class LazyGroup(RepairGroup):
    """A :class:`~repair.usage.RepairGroup` whose commands, named in ``lazy`` (name ->
    ``module:attr``), are imported when first used (listing them in ``--help`` imports them all)."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line with the compiled patterns of :mod:`repair.compile_cache`."""
        with compile_cache.active():
            return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            module, _, attr = self.lazy[name].partition(":")
            with _collect_after():
                command = getattr(importlib.import_module(module), attr)
            self.add_command(command, name)
        return super().get_command(ctx, name)


@contextlib.contextmanager
def _collect_after() -> Iterator[None]:
    """No garbage collection while the block runs (the import of a command's modules, which
    makes objects that live as long as the process: collections would trace them again and
    again), then every object made so far moved out of the collector's sight
    (:func:`gc.freeze`), as the :mod:`gc` documentation advises for long-lived objects made
    at start (figures: docs/editors.md). Nothing changes when collection was off already."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, lazy=COMMANDS)
@click.version_option(__version__, prog_name="repair")
def main() -> None:
    """Find and fix the known errors of machine-translated English."""
