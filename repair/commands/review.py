"""The ``repair review`` command: read and check every input, lock each output (one review per
output: :mod:`repair.review.lock`), then open the review app and print its closing lines.

Textual is imported only when the app runs (not for ``repair --help``, which imports this module).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from repair.bilingual import BilingualOptions
from repair.commands.console import err
from repair.commands.errors import handle_errors
from repair.commands.options import engine_options, model_options, source_options
from repair.errors import ConfigError, InputError, OutputError
from repair.inputs import check_out_dir, check_outputs, output_path
from repair.model.runner import ModelRun
from repair.pipeline.options import RunOptions
from repair.pipeline.read import read_documents
from repair.pipeline.run import Pipeline
from repair.review.lock import ReviewLock, describe
from repair.review.state import ReviewState


def open_states(
    paths,
    output,
    out_dir,
    unsafe,
    pipeline: Pipeline,
    locks: list[ReviewLock] | None = None,
    bilingual: BilingualOptions = BilingualOptions(),
) -> list[ReviewState]:
    """Read, check (the rules: the model runs in the app), lock and open (resuming from sidecars)
    the review of every input.

    Args:
        bilingual: ``--source`` and friends, applied as the inputs are read.
        locks: receives the lock taken on each output (see :mod:`repair.review.lock`) before
            its sidecar is read; the caller releases them. ``None``: no locks (tests).

    Raises:
        InputError: for stdin or an unreadable input; ReviewError for a bad sidecar;
        OutputError for clashing outputs or an output that is an input; ReviewLocked when
        another review holds an output; ConfigError for -o with several inputs.
    """
    if "-" in paths:
        raise InputError("-", "review needs files, not stdin")
    check_out_dir(out_dir)
    inputs = read_documents(list(paths), bilingual, exclude=out_dir)
    if output and len(inputs) > 1:
        raise ConfigError(
            "-o/--output", f"names the copy of one input, and {len(inputs)} were given; use --out-dir for several"
        )
    targets = [output_path(item, out_dir, output, False) for item, _, _ in inputs]
    for (item, _, _), target in zip(inputs, targets):
        if target.resolve() == Path(item.path).resolve():
            raise OutputError(
                str(target),
                "is the input itself: review writes a corrected copy and never the input;"
                " name another file with -o (or leave -o out for NAME.repaired.EXT)",
            )
    check_outputs([item for item, _, _ in inputs], targets, False)
    if locks is not None:
        for target in targets:
            lock = ReviewLock.acquire(target)
            locks.append(lock)
            if lock.taken_over:
                err.print(
                    f"repair review: {target}: took over the review lock left by {describe(lock.taken_over)},"
                    " which is no longer running",
                    markup=False,
                )
    return [
        ReviewState.open(
            doc,
            pipeline.check(doc, model=False),
            target,
            unsafe=unsafe,
            mode_from=item.path,
            checker=pipeline.engine,
            input_digest=digest,
        )
        for (item, doc, digest), target in zip(inputs, targets)
    ]


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--unsafe-fixes", is_flag=True, default=None, help="Pre-accept unsafe fixes too (safe ones always are).")
@click.option("-o", "--output", type=click.Path(), help="Write the corrected copy of the one input here.")
@click.option("--out-dir", type=click.Path(), help="Write corrected copies here, mirroring the input tree.")
@engine_options
@source_options
@model_options
@handle_errors
def review(
    paths: tuple[str, ...], unsafe_fixes: bool | None, output: str | None, out_dir: str | None, options: RunOptions
) -> None:
    """Review every proposed edit in a full-screen app: accept, reject or rewrite, then save.

    The corrected copy goes to article.repaired.txt (or -o); decisions are kept after every
    key in OUTPUT.review.json, and running the command again resumes. Several files or a
    folder are reviewed one after another. Press ? in the app for every key.

    With --model, the model is loaded before the app opens (a model that cannot be found is
    one error line, exit 2), then runs in the background: the rule edits are there at once,
    the model's join the queue batch by batch.
    """
    if output and out_dir:
        raise click.UsageError("use one of --out-dir and -o/--output")
    settings = options.settings(paths)
    unsafe = settings.unsafe_fixes if unsafe_fixes is None else unsafe_fixes
    locks: list[ReviewLock] = []
    try:
        pipeline = Pipeline.from_options(options, settings)
        states = open_states(list(paths), output, out_dir, unsafe, pipeline, locks, options.bilingual)
        pipeline.model.proposer()  # loaded now: a ModelError is one line (exit 2) before any screen
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise InputError(
                "<terminal>",
                "repair review needs an interactive terminal (use `repair check` or `repair fix` in scripts)",
            )
        status = run_app(states, pipeline.model)
    finally:
        for lock in locks:
            lock.release()
    if status:
        raise SystemExit(status)


def run_app(states: list[ReviewState], model_run: ModelRun) -> int:
    """Run the review app over ``states`` (with the proposer of ``model_run``, if any) and print the
    closing lines; returns the exit status (0 after a quit, 1 when closed otherwise, e.g. by
    SIGTERM or SIGHUP, 2 when decisions were lost)."""
    from repair.review.app import ReviewApp, closing_report  # Textual only when reviewing

    model = model_run.proposer()
    app = ReviewApp(states, model=model)
    lines, status = closing_report(app.run(), states, app.closed_by)
    try:
        for line in lines:
            err.print(line, markup=False)
        if model is not None:
            model_run.report_dropped(0, states[0].doc.path if len(states) == 1 else "")
            if app.model_error:
                err.print(f"repair: model failed: {app.model_error}", markup=False)
            elif app.model_segments < app.model_total:
                err.print(f"model: stopped at quit after {app.model_segments}/{app.model_total} segments", markup=False)
    except OSError:
        pass  # the terminal is gone (SIGHUP): the status still says how the review ended
    return status
