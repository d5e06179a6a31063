"""``repair check``: list every finding, each input's as soon as it is checked."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING

import click

from repair import bilingual, report
from repair.commands.cluster import cluster_options, require_paths
from repair.commands.errors import handle_errors
from repair.commands.options import engine_options, jobs_option, model_options, source_options
from repair.commands.progress import BatchProgress
from repair.inputs import expand
from repair.pipeline.batch import run_units, units
from repair.pipeline.options import RunOptions
from repair.pipeline.run import Pipeline, mqm_fields
from repair.pipeline.work import Job, use_pipeline

if TYPE_CHECKING:
    from repair.pipeline.ray_engine import RayEngine  # imported when --engine ray is used


@click.command()
@click.argument("paths", nargs=-1, metavar="PATHS...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "jsonl", "github"]),
    default="text",
    show_default=True,
    help="github: GitHub Actions annotations, one line per finding.",
)
@jobs_option
@engine_options
@model_options
@source_options
@handle_errors
@cluster_options("paths")
def check(paths: tuple[str, ...], fmt: str, jobs: int, ray: RayEngine | None, options: RunOptions) -> None:
    """List every finding: path:line:col, rule, MQM category and severity, message, fix.

    PATHS are files, folders (walked for .txt and .md) or - for stdin.
    """
    require_paths(paths)
    settings = options.settings(paths)
    pipeline = Pipeline.from_options(options, settings)
    items = expand(list(paths))
    bilingual.check_single(len(items), options.bilingual)
    job = Job(options, settings, fmt=fmt, keep=fmt == "json", attach=len(items) == 1)
    use_pipeline(job, pipeline)
    cut = fmt in ("text", "jsonl") and not (options.bilingual.source or options.bilingual.doc_ids)
    workers = 1 if pipeline.model.wanted else jobs  # the model is loaded once, here
    tiers: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    kept, found = [], 0
    with BatchProgress(items, "checking") as progress:
        for outcome in run_units(job, units(items, cut), workers, ray):
            found += outcome.findings
            tiers.update(outcome.tiers)
            by_rule.update(outcome.by_rule)
            if outcome.kept is not None:
                kept.append(outcome.kept)
            if outcome.lines:
                progress.write("\n".join(outcome.lines) + "\n")
            progress.done(outcome.unit)
    pipeline.model.report_dropped()
    if fmt == "json":
        click.echo(report.json_report(kept, *mqm_fields(pipeline.engine, kept)))
    elif fmt == "text":
        click.echo(report.summary_line(report.summary_of(tiers, by_rule, found, len(items))))
    sys.exit(1 if found else 0)
