"""``repair check``: list every finding."""

from __future__ import annotations

import json
import sys

import click

from repair import report
from repair.commands.errors import handle_errors
from repair.commands.options import engine_options, model_options, source_options
from repair.pipeline.options import RunOptions
from repair.pipeline.read import read_documents
from repair.pipeline.run import Pipeline, mqm_fields


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "github"]), default="text", show_default=True,
              help="github: GitHub Actions annotations, one line per finding.")
@engine_options
@model_options
@source_options
@handle_errors
def check(paths: tuple[str, ...], fmt: str, options: RunOptions) -> None:
    """List every finding: path:line:col, rule, MQM category and severity, message, fix.

    PATHS are files, folders (walked for .txt and .md) or - for stdin.
    """
    pipeline = Pipeline.from_options(options, options.settings(paths))
    results = [(inp.doc, pipeline.check(inp.doc)) for inp in read_documents(list(paths), options.bilingual)]
    pipeline.model.report_dropped()
    all_edits = [e for _, edits in results for e in edits]
    if fmt == "json":
        click.echo(report.json_report(results, *mqm_fields(pipeline.engine, results)))
    elif fmt == "jsonl":
        for doc, edits in results:
            for d in report.finding_dicts(doc, edits):
                click.echo(json.dumps(d, ensure_ascii=False))
    elif fmt == "github":
        for doc, edits in results:
            for line in report.github_lines(doc, edits):
                click.echo(line)
    else:  # plain lines (no rich: text of the file is printed as it is)
        for doc, edits in results:
            lines = list(report.text_lines(doc, edits))
            for k in range(0, len(lines), 500):  # one write per 500 lines, not per line
                click.echo("\n".join(lines[k:k + 500]))
        click.echo(report.summary_line(report.summary(all_edits, len(results))))
    sys.exit(1 if all_edits else 0)
