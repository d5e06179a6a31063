"""``repair fix``: write corrected copies (or a diff, or stdout): each input read, fixed and staged
one at a time, every output renamed into place together at the end (:class:`repair.commit.Staging`)."""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING

import click

from repair import bilingual, interrupts, outputs
from repair.commands.cluster import cluster_options, require_paths
from repair.commands.console import err
from repair.commands.errors import handle_errors
from repair.commands.fix_ray import check_ray_fix, fix_on_ray
from repair.commands.options import engine_options, jobs_option, mark_option, model_options, source_options
from repair.commands.progress import BatchProgress
from repair.commit import Staging
from repair.console import escape
from repair.fileio import atomic_write, read_bytes
from repair.inputs import InputFile, backup_path, check_out_dir, check_outputs, expand, output_path
from repair.pipeline.batch import run_units, units
from repair.pipeline.fixreport import fix_report_bytes
from repair.pipeline.options import RunOptions
from repair.pipeline.run import Pipeline
from repair.pipeline.work import Job, use_pipeline
from repair.report import plural

if TYPE_CHECKING:
    from repair.pipeline.ray_engine import RayEngine  # imported when --engine ray is used


@click.command()
@click.argument("paths", nargs=-1, metavar="PATHS...")
@click.option("--unsafe-fixes", is_flag=True, default=None, help="Apply unsafe fixes too (review them!).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes; write nothing.")
@click.option("--out-dir", type=click.Path(), help="Write corrected copies here, mirroring the input tree.")
@click.option(
    "-o", "--output", type=click.Path(), help="Write the corrected copy of the one input here (- for stdout)."
)
@click.option("--in-place", is_flag=True, help="Overwrite the inputs (a .bak copy is kept).")
@click.option("--no-backup", is_flag=True, help="With --in-place: keep no .bak copy.")
@click.option(
    "--report",
    "report_out",
    type=click.Path(),
    metavar="HTML",
    help="Also write a self-contained HTML report of every change here.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-file lines on stderr.")
@click.option(
    "--resume",
    is_flag=True,
    help="With --engine ray and --out-dir: skip the inputs a run before finished (its record in --out-dir).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings are left (errors still exit 2): for hooks that fail on changed files.",
)
@jobs_option
@engine_options
@model_options(fix=True)
@source_options
@mark_option
@handle_errors
@cluster_options("paths")
def fix(
    paths: tuple[str, ...],
    unsafe_fixes: bool | None,
    show_diff: bool,
    out_dir: str | None,
    output: str | None,
    in_place: bool,
    no_backup: bool,
    report_out: str | None,
    quiet: bool,
    resume: bool,
    exit_zero: bool,
    jobs: int,
    ray: RayEngine | None,
    options: RunOptions,
) -> None:
    """Write corrected copies (article.txt -> article.repaired.txt); originals stay untouched.

    Safe fixes only, unless --unsafe-fixes. With - as the path, reads stdin and writes the
    corrected text to stdout. Exits 1 when findings remain after fixing (or, with --diff,
    when there are changes), 0 otherwise.
    """
    require_paths(paths)
    to_stdout = output == "-"  # -o -: the corrected copy of the one input goes to stdout, as with - as the input
    output = None if to_stdout else output
    check_ray_fix(ray, resume, out_dir, in_place, report_out, "-" in paths)  # -o - (stdout) runs on Ray too
    settings = options.settings(paths)
    unsafe = settings.unsafe_fixes if unsafe_fixes is None else unsafe_fixes
    if sum(bool(x) for x in (out_dir, output or to_stdout, in_place)) > 1:
        raise click.UsageError("use one of --out-dir, -o/--output and --in-place")
    if no_backup and not in_place:
        raise click.UsageError("--no-backup goes with --in-place")
    if "-" in paths and (out_dir or output or in_place):
        used = "--out-dir" if out_dir else "-o/--output" if output else "--in-place"
        raise click.UsageError(f"{used} needs a file; with - (stdin) the corrected text goes to stdout")
    pipeline = Pipeline.from_options(options, settings)
    check_out_dir(out_dir)
    items = expand(list(paths), out_dir)
    bilingual.check_single(len(items), options.bilingual)
    if (output or to_stdout) and len(items) > 1:
        raise click.UsageError("-o/--output takes one input; use --out-dir for several")
    interrupts.install()  # SIGTERM/SIGHUP end the run as Ctrl-C does: staged files removed
    stdin = items[0].path == "-" or to_stdout
    targets = [] if show_diff or stdin else [output_path(item, out_dir, output, in_place) for item in items]
    check_outputs(items, targets, in_place)
    backups = (
        {item.path: backup_path(item.path, read_bytes(item.path)) for item in items}
        if targets and in_place and not no_backup
        else {}
    )
    planned = [outputs.Output(t, f"the corrected copy of {item.path}", in_place) for item, t in zip(items, targets)]
    planned += [outputs.Output(bak, f"the backup of {name}") for name, bak in backups.items() if bak is not None]
    planned += [outputs.Output(report_out, "the report")] if report_out else []
    for note in outputs.check(planned, [item.path for item in items]):  # before the slow part
        err.print(escape(f"repair: {note}"))
    job = Job(options, settings, fix=True, unsafe=unsafe, keep=bool(report_out), diff=show_diff, attach=len(items) == 1)
    use_pipeline(job, pipeline)
    cut = bool(targets) and not report_out and not (options.bilingual.source or options.bilingual.doc_ids)
    workers = 1 if pipeline.model.wanted else jobs  # the model is loaded once, here
    if show_diff or stdin:
        _to_stdout(job, items, workers, stdin, report_out, quiet, exit_zero, ray)
    if ray is not None:
        fix_on_ray(job, items, targets, out_dir, resume, quiet, exit_zero, ray)
    # every output staged as it is made (all of them in the journal from the start), renamed together at the end
    slots: list[tuple[int | None, int]] = []  # per input: (its backup's place in the staging, its copy's)
    writes: list[tuple[str, str | None]] = []
    for item, target in zip(items, targets):
        bak = backups.get(item.path)
        slots.append((len(writes) if bak is not None else None, len(writes) + (bak is not None)))
        writes += [(str(bak), item.path)] if bak is not None else []
        writes.append((str(target), item.path))
    writes += [(report_out, None)] if report_out else []
    lines, runs, left = [], [], 0
    with Staging(writes) as staging, BatchProgress(items, "fixing", quiet) as progress:
        applied, remaining = 0, 0
        for outcome in run_units(job, units(items, cut), workers):
            unit = outcome.unit
            item, target, (bak_slot, copy) = items[unit.index], targets[unit.index], slots[unit.index]
            applied += outcome.applied
            remaining += outcome.findings
            if outcome.kept is not None:
                runs.append(outcome.kept)
            last = unit.chunk is None or unit.chunk.end >= progress.sizes[unit.index]
            skip = in_place and unit.chunk is None and not outcome.applied  # --in-place writes what changed
            if bak_slot is not None and not skip and (unit.chunk is None or unit.chunk.start == 0):
                staging.stage(bak_slot, read_bytes(item.path))  # the original, unchanged until the renames
            if not skip:
                assert outcome.output is not None  # no --diff here: every outcome holds its bytes
                staging.write(copy, outcome.output)
            if last and staging.is_open(copy):
                if in_place and not applied:  # a big file, cut in chunks, that did not change after all
                    staging.drop(copy)
                    if bak_slot is not None:
                        staging.drop(bak_slot)
                else:
                    staging.close(copy)
            if last:
                if not quiet:
                    hint = (
                        f" ({plural(remaining, 'finding')} left: `repair check {shlex.quote(str(target))}`)"
                        if remaining
                        else ""
                    )
                    lines.append(escape(f"{item.path}: {plural(applied, 'fix', 'fixes')} applied -> {target}{hint}"))
                left += remaining
                applied, remaining = 0, 0
            progress.done(unit)
        if report_out:
            staging.stage(len(writes) - 1, fix_report_bytes(report_out, runs, unsafe))
        staging.finish()
    for line in lines:
        err.print(line)
    sys.exit(1 if left and not exit_zero else 0)


def _to_stdout(
    job: Job,
    items: list[InputFile],
    workers: int,
    stdin: bool,
    report_out: str | None,
    quiet: bool,
    exit_zero: bool,
    ray: RayEngine | None = None,
) -> None:
    """``fix --diff`` (a unified diff of each input, as it is fixed) or ``fix -`` (the corrected
    text of stdin); then the report, if asked; exits."""
    runs, changed, left = [], False, 0
    with BatchProgress(items, "fixing", quiet) as progress:
        for outcome in run_units(job, units(items, False), workers, ray):
            if outcome.kept is not None:
                runs.append(outcome.kept)
            if job.diff:
                changed = changed or bool(outcome.diff)
                if outcome.diff:
                    progress.write(outcome.diff)
            else:
                assert outcome.output is not None  # not --diff: the outcome holds its bytes
                sys.stdout.buffer.write(outcome.output)
                sys.stdout.buffer.flush()
                left += outcome.findings
            progress.done(outcome.unit)
    if report_out:
        atomic_write(report_out, fix_report_bytes(report_out, runs, job.unsafe))
    sys.exit(0 if exit_zero else (1 if changed else 0) if job.diff else (1 if left else 0))
