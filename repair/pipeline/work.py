"""The unit of work of a batch: one input (or one chunk of a big text file) -> its results.

:func:`run_unit` is a plain function of picklable arguments (:class:`Job`, what every unit of a
run shares, and :class:`Unit`) returning a picklable :class:`Outcome`, so that the same unit
runs in this process (``-j 1``), in a process pool (:mod:`repair.pipeline.batch`) or as a task
of another engine. A process builds the :class:`~repair.pipeline.run.Pipeline` of a job once
and keeps it for every unit of that job.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from repair import bilingual, formats, report
from repair.engine import Settings
from repair.inputs import InputFile, require_text
from repair.pipeline.chunks import Chunk, read_chunk
from repair.pipeline.options import RunOptions
from repair.pipeline.read import parse_document
from repair.pipeline.run import Pipeline

#: check's output formats a unit writes itself, line by line (``json`` needs the whole run: :attr:`Job.keep`)
LINE_FORMATS = ("text", "jsonl", "github")


@dataclass(frozen=True)
class Job:
    """What every unit of one run shares.

    Attributes:
        options: the run's options.
        settings: the settings they resolved to (:meth:`RunOptions.settings`).
        fix: fix (and re-check) each input; else check it.
        fmt: check's output format: one of :data:`LINE_FORMATS`, or ``json`` (then nothing is
            formatted: the outcome keeps the document and its findings).
        unsafe: apply unsafe fixes too.
        keep: the outcome keeps the whole result (``(document, findings)`` or the
            :class:`~repair.pipeline.repaired.Repaired`): for ``--report`` and ``--format json``.
        diff: fix writes nothing but the unified diff of each input (:attr:`Outcome.diff`).
        attach: attach ``--source`` and ``--doc-ids`` (a run of one input).
    """

    options: RunOptions
    settings: Settings
    fix: bool = False
    fmt: str = "text"
    unsafe: bool = False
    keep: bool = False
    diff: bool = False
    attach: bool = False


@dataclass(frozen=True)
class Unit:
    """One input of a run (``index``: its place in the run), or one chunk of it."""

    index: int
    item: InputFile
    chunk: Chunk | None = None


@dataclass
class Outcome:
    """What one unit produced.

    Attributes:
        unit: the unit.
        lines: check: the findings as lines of the output format (no line endings).
        tiers: check: findings per fix tier (``safe``/``unsafe``/``display``); fix: what is left.
        by_rule: check: findings per rule id.
        findings: check: how many findings; fix: how many are left after fixing.
        applied: fix: how many edits were applied.
        output: fix: the corrected bytes (``None`` with :attr:`Job.diff`).
        diff: fix with :attr:`Job.diff`: the unified diff ('' when nothing changed).
        kept: the whole result when :attr:`Job.keep`.
    """

    unit: Unit
    lines: list[str] = field(default_factory=list)
    tiers: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    findings: int = 0
    applied: int = 0
    output: bytes | None = None
    diff: str = ""
    kept: Any = None


_cache: tuple[str, Pipeline] | None = None


def pipeline_for(job: Job) -> Pipeline:
    """The pipeline of ``job``, built once per process (and reused while the job is the same)."""
    global _cache
    key = repr((job.options, job.settings))  # frozen options and plain settings: repr says everything
    if _cache is None or _cache[0] != key:
        _cache = (key, Pipeline.from_options(job.options, job.settings))
    return _cache[1]


def use_pipeline(job: Job, pipeline: Pipeline) -> None:
    """Make ``pipeline`` the one :func:`pipeline_for` returns for ``job`` (the command's own,
    already built, with its model; forked workers inherit it)."""
    global _cache
    _cache = (repr((job.options, job.settings)), pipeline)


def read_unit(job: Job, unit: Unit):
    """The document of ``unit``: the input read whole, or its chunk.

    Raises:
        InputError: for an unreadable input or one with nothing to check.
    """
    if unit.chunk is not None:
        return read_chunk(unit.item.path, unit.chunk)
    doc, _ = parse_document(unit.item, job.options.bilingual)
    if job.attach:
        doc = bilingual.with_sources([(unit.item, doc)], job.options.bilingual)[0][1]
    return doc


def run_unit(job: Job, unit: Unit) -> Outcome:
    """Read, check (or fix and re-check) one unit and format what it found.

    Raises:
        RepairError: as reading, checking or fixing raise it (InputError, FixLoopError, ModelError...).
    """
    pipeline = pipeline_for(job)
    doc = read_unit(job, unit)
    if unit.chunk is None:
        require_text(doc)
    out = Outcome(unit)
    if job.fix:
        run = pipeline.repair(doc, job.unsafe, name="stdin" if unit.item.path == "-" else "", before=job.keep)
        out.applied, out.findings = len(run.applied), len(run.after)
        out.tiers = Counter(e.applicability.value for e in run.after)
        if job.diff:
            if formats.write_bytes(run.doc) != formats.write_bytes(run.fixed):
                name = "stdin" if unit.item.path == "-" else unit.item.path
                out.diff = report.unified_diff(formats.render_text(run.doc), formats.render_text(run.fixed), name)
        else:
            out.output = formats.write_bytes(run.fixed)
        out.kept = run if job.keep else None
        return out
    edits = pipeline.check(doc)
    out.findings = len(edits)
    out.tiers = Counter(e.applicability.value for e in edits)
    out.by_rule = Counter(e.rule_id for e in edits)
    if job.keep:
        out.kept = (doc, edits)
    elif job.fmt == "jsonl":
        import json  # here: the text output does not load it

        shift = unit.chunk.first_line if unit.chunk is not None else 0  # segment indices of the whole file
        for d in report.finding_dicts(doc, edits):
            d["segment"] += shift
            out.lines.append(json.dumps(d, ensure_ascii=False))
    elif job.fmt == "github":
        out.lines = report.github_lines(doc, edits)
    else:
        out.lines = list(report.text_lines(doc, edits))
    return out
