"""``repair fix``: write corrected copies (or a diff, or stdout), every output together."""

from __future__ import annotations

import shlex
import sys

import click

from repair import formats, interrupts, outputs, report
from repair.commands.console import err
from repair.commands.errors import handle_errors
from repair.commands.options import engine_options, mark_option, model_options, source_options
from repair.console import escape
from repair.fileio import atomic_write, atomic_write_all, read_bytes
from repair.inputs import backup_path, check_out_dir, check_outputs, output_path
from repair.pipeline.fixreport import fix_report_bytes
from repair.pipeline.options import RunOptions
from repair.pipeline.read import read_documents
from repair.pipeline.run import Pipeline
from repair.progress import progress
from repair.report import plural


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--unsafe-fixes", is_flag=True, default=None, help="Apply unsafe fixes too (review them!).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes; write nothing.")
@click.option("--out-dir", type=click.Path(), help="Write corrected copies here, mirroring the input tree.")
@click.option("-o", "--output", type=click.Path(), help="Write the corrected copy of the one input here.")
@click.option("--in-place", is_flag=True, help="Overwrite the inputs (a .bak copy is kept).")
@click.option("--no-backup", is_flag=True, help="With --in-place: keep no .bak copy.")
@click.option("--report", "report_out", type=click.Path(), metavar="HTML", help="Also write a self-contained HTML report of every change here.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-file lines on stderr.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are left (errors still exit 2): for hooks that fail on changed files.")
@engine_options
@model_options(fix=True)
@source_options
@mark_option
@handle_errors
def fix(paths: tuple[str, ...], unsafe_fixes: bool | None, show_diff: bool, out_dir: str | None, output: str | None,
        in_place: bool, no_backup: bool, report_out: str | None, quiet: bool, exit_zero: bool, options: RunOptions) -> None:
    """Write corrected copies (article.txt -> article.repaired.txt); originals stay untouched.

    Safe fixes only, unless --unsafe-fixes. With - as the path, reads stdin and writes the
    corrected text to stdout. Exits 1 when findings remain after fixing (or, with --diff,
    when there are changes), 0 otherwise.
    """
    settings = options.settings(paths)
    unsafe = settings.unsafe_fixes if unsafe_fixes is None else unsafe_fixes
    if sum(bool(x) for x in (out_dir, output, in_place)) > 1:
        raise click.UsageError("use one of --out-dir, -o/--output and --in-place")
    if no_backup and not in_place:
        raise click.UsageError("--no-backup goes with --in-place")
    if "-" in paths and (out_dir or output or in_place):
        used = "--out-dir" if out_dir else "-o/--output" if output else "--in-place"
        raise click.UsageError(f"{used} needs a file; with - (stdin) the corrected text goes to stdout")
    pipeline = Pipeline.from_options(options, settings)
    check_out_dir(out_dir)
    inputs = read_documents(list(paths), options.bilingual, exclude=out_dir)
    if output and len(inputs) > 1:
        raise click.UsageError("-o/--output takes one input; use --out-dir for several")
    interrupts.install()  # SIGTERM/SIGHUP end the run as Ctrl-C does: staged files removed
    stdin = inputs[0].item.path == "-"
    targets = [] if show_diff or stdin else [output_path(inp.item, out_dir, output, in_place) for inp in inputs]
    check_outputs([inp.item for inp in inputs], targets, in_place)
    backups = {inp.item.path: (backup_path(inp.item.path, data), data) for inp, data in
               ((inp, read_bytes(inp.item.path)) for inp in inputs)} if targets and in_place and not no_backup else {}
    planned = [outputs.Output(t, f"the corrected copy of {inp.item.path}", in_place) for inp, t in zip(inputs, targets)]
    planned += [outputs.Output(bak, f"the backup of {name}") for name, (bak, _) in backups.items() if bak is not None]
    planned += [outputs.Output(report_out, "the report")] if report_out else []
    for note in outputs.check(planned, [inp.item.path for inp in inputs]):  # before the slow part
        err.print(escape(f"repair: {note}"))
    runs = [pipeline.repair(inp.doc, unsafe, name="stdin" if inp.item.path == "-" else "", before=bool(report_out))
            for inp in progress(inputs, "fixing", len(inputs), err, quiet)]
    if report_out and (show_diff or stdin):
        atomic_write(report_out, fix_report_bytes(report_out, runs, unsafe))
    if show_diff:
        changed = False
        for inp, run in zip(inputs, runs):
            before, after = formats.write_bytes(run.doc), formats.write_bytes(run.fixed)
            if before != after:
                changed = True
                name = "stdin" if inp.item.path == "-" else inp.item.path
                click.echo(report.unified_diff(formats.render_text(run.doc), formats.render_text(run.fixed), name), nl=False)
        sys.exit(1 if changed else 0)
    if stdin:
        sys.stdout.buffer.write(formats.write_bytes(runs[0].fixed))
        sys.stdout.buffer.flush()
        sys.exit(1 if runs[0].after else 0)
    writes = []  # all or nothing: staged beside their targets, then renamed together (repair.commit)
    for inp, run, target in zip(inputs, runs, targets):
        if in_place and not run.applied:
            continue
        bak, original = backups.get(inp.item.path, (None, b""))
        if bak is not None:
            writes.append((bak, original, inp.item.path))
        writes.append((target, formats.write_bytes(run.fixed), inp.item.path))
    if report_out:
        writes.append((report_out, fix_report_bytes(report_out, runs, unsafe), None))
    atomic_write_all(writes)
    left = 0
    for inp, run, target in zip(inputs, runs, targets):
        left += len(run.after)
        if not quiet:
            hint = f" ({plural(len(run.after), 'finding')} left: `repair check {shlex.quote(str(target))}`)" if run.after else ""
            err.print(escape(f"{inp.item.path}: {plural(len(run.applied), 'fix', 'fixes')} applied -> {target}{hint}"))
    sys.exit(1 if left and not exit_zero else 0)
