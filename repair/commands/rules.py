"""``repair rules``: list every rule, or run every rule's examples (``--test``)."""

from __future__ import annotations

import json
import sys

import click

from repair.commands.console import out
from repair.commands.errors import handle_errors
from repair.commands.options import engine_options
from repair.console import escape
from repair.engine import Engine
from repair.pipeline.options import RunOptions
from repair.rules.examples import run_examples


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--test", "run_tests", is_flag=True, help="Run every rule's examples instead; exit 1 if one fails.")
@click.option(
    "--kinds", "show_kinds", is_flag=True, help="Describe every rule kind instead: what it finds, its keys, its fixes."
)
@engine_options
@handle_errors
def rules(fmt: str, run_tests: bool, show_kinds: bool, options: RunOptions) -> None:
    """List every rule: id, kind, MQM category, severity, fix tier, message.

    With --test, run the examples of every selected rule (use it on your own --pack).
    With --kinds, describe the rule kinds (as docs/rule-kinds.md does).
    """
    if show_kinds:
        from repair.rules.kindref import as_json, as_text
        from repair.rules.kinds import KINDS

        click.echo(as_json(KINDS) if fmt == "json" else as_text(KINDS), nl=fmt == "json")
        return
    engine = Engine.from_settings(options.settings())
    if run_tests:
        n, failures = run_examples(engine)
        for f in failures:
            out.print(escape(str(f)))
        out.print(f"{n - len(failures)} passed, {len(failures)} failed")
        sys.exit(1 if failures else 0)
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "kind": r.kind,
                        "category": r.category,
                        "severity": r.severity.value,
                        "applicability": r.applicability.value,
                        "message": r.message,
                        "pack": r.pack,
                        "source": r.source,
                    }
                    for r in engine.rules
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    from rich.table import Table  # rich only for the table (the JSON above needs none)

    table = Table(show_lines=False, expand=False)
    for col in ("id", "kind", "category", "severity", "fix", "message"):
        table.add_column(col, overflow="fold")
    for r in engine.rules:
        table.add_row(r.id, r.kind, r.category, r.severity.value, r.applicability.value, escape(r.message))
    out.print(table)
    out.print(f"{len(engine.rules)} rules")
