"""``repair fix --engine ray``: the inputs fixed as Ray tasks, each output written by this process
atomically as soon as its file is done (not all together at the end as with the local engine:
a batch of a cluster's size must survive an interruption), and entered in the completion record
of ``--out-dir`` (:mod:`repair.pipeline.finished`) so that ``--resume`` skips it next time.

Outputs come in the order of the inputs, with the bytes of ``-j 1``. Each input is one task
(a big file is not cut in chunks on this engine).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from repair import interrupts
from repair.commands.console import err
from repair.commands.progress import BatchProgress
from repair.console import escape
from repair.fileio import atomic_write, read_bytes
from repair.inputs import InputFile
from repair.pipeline.batch import run_units
from repair.pipeline.finished import Record, fingerprint, sha256_of
from repair.pipeline.work import Job, Unit
from repair.report import plural

if TYPE_CHECKING:
    from repair.pipeline.ray_engine import RayEngine  # imported when --engine ray is used


def fix_on_ray(
    job: Job,
    items: list[InputFile],
    targets: list[Path],
    out_dir: str | None,
    resume: bool,
    quiet: bool,
    exit_zero: bool,
    ray: RayEngine,
) -> None:
    """Fix ``items`` into ``targets`` on Ray, one atomic write per file; exits (1 when findings are
    left, unless ``exit_zero``).

    Args:
        job: the run (``fix``).
        items: the inputs; ``targets``: their outputs, one each.
        out_dir: ``--out-dir`` (where the completion record lives), or ``None`` (no record).
        resume: skip the inputs the record lists as finished for this run.
        quiet: no progress bar and no per-file lines.

    Raises:
        RepairError: the first input's error in the order of the inputs (the outputs of the
            inputs before it are written and recorded); OutputError for an output that cannot be written.
    """
    record = (
        Record(out_dir, fingerprint(job.options, job.settings, job.unsafe, job.settings.packs)) if out_dir else None
    )
    entries = record.entries() if record is not None and resume else {}
    skipped: dict[int, dict] = {}
    for index, (item, target) in enumerate(zip(items, targets)):
        entry = record.finished(entries, item.path, target) if entries and record is not None else None
        if entry is not None:
            skipped[index] = entry
    todo = [Unit(index, item) for index, item in enumerate(items) if index not in skipped]
    written, lines, left = 0, [], sum(int(e.get("left", 0)) for e in skipped.values())
    try:
        with BatchProgress(items, "fixing", quiet) as progress:
            for index in skipped:
                progress.done(Unit(index, items[index]))
            for outcome in run_units(job, todo, 1, ray):
                index = outcome.unit.index
                item, target = items[index], targets[index]
                original = read_bytes(item.path)
                assert outcome.output is not None  # a fix job without --diff
                atomic_write(target, outcome.output, item.path)
                if record is not None:
                    record.add(item.path, sha256_of(original), target, outcome.output, outcome.findings)
                written += 1
                left += outcome.findings
                if not quiet:
                    hint = (
                        f" ({plural(outcome.findings, 'finding')} left: `repair check {shlex.quote(str(target))}`)"
                        if outcome.findings
                        else ""
                    )
                    lines.append(
                        escape(f"{item.path}: {plural(outcome.applied, 'fix', 'fixes')} applied -> {target}{hint}")
                    )
                progress.done(outcome.unit)
    except KeyboardInterrupt as exc:  # what is written stays, each file whole
        for line in lines:  # the files written, then (last) the interruption
            err.print(line)
        lines = []
        record_note = "; `--resume` skips them next time" if record is not None else ""
        err.print(
            f"repair: {interrupts.describe(exc)}; {plural(written, 'output')} written whole before it{record_note}"
        )
        sys.exit(interrupts.exit_status(exc))
    finally:
        if record is not None:
            record.close()
        for line in lines:
            err.print(line)
    if skipped and not quiet and record is not None:  # skipped only with a record
        err.print(escape(f"repair: {plural(len(skipped), 'finished file')} skipped (--resume; record: {record.path})"))
    sys.exit(1 if left and not exit_zero else 0)


def check_ray_fix(
    ray: RayEngine | None, resume: bool, out_dir: str | None, in_place: bool, report_out: str | None, stdin: bool
) -> None:
    """Raise click.UsageError for what ``fix --engine ray`` does not do (``--in-place``,
    ``--report``, stdin) and for ``--resume`` without ``--engine ray`` and ``--out-dir``."""
    import click

    if resume and (ray is None or not out_dir):
        raise click.UsageError("--resume goes with --engine ray and --out-dir (the completion record lives there)")
    if ray is not None:
        for used, name in ((in_place, "--in-place"), (report_out, "--report"), (stdin, "- (stdin)")):
            if used:
                raise click.UsageError(f"--engine ray does not take {name}: use --out-dir (or the local engine)")
