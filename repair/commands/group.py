"""The ``repair`` group and the one place where its commands are registered (:data:`COMMANDS`).

Every command loads only when used, so that a one-line ``repair check`` never imports the
review, evaluation or server code.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from repair import __version__, compile_cache
from repair.longlived import made_to_last
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
            with made_to_last():
                command = getattr(importlib.import_module(module), attr)
            self.add_command(command, name)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, lazy=COMMANDS)
@click.version_option(__version__, prog_name="repair")
def main() -> None:
    """Find and fix the known errors of machine-translated English."""
