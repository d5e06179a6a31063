"""``repair server``: the language server for editors."""

from __future__ import annotations

import click

from repair.commands.errors import handle_errors


@click.command()
@handle_errors
def server() -> None:
    """Run the language server for editors (LSP over stdio): diagnostics, fixes, ignore-rule actions."""
    from repair.server.app import serve  # pygls only when serving: `repair --help` imports this module

    serve()
