"""``repair eval``'s work without its output: read the MT outputs, the reference (and the source),
align them, repair each through the run layer (:class:`repair.pipeline.run.Pipeline`) and measure."""

from __future__ import annotations

import functools
import glob
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from repair import formats
from repair.docids import declare_documents
from repair.document import Document
from repair.engine import Engine
from repair.errors import InputError
from repair.eval import stats_cache
from repair.eval.metrics import CorpusScorer, EvalResult, evaluate_system, false_positives, signatures
from repair.eval.stats_cache import StatsCache
from repair.pipeline.batch import ordered_map
from repair.pipeline.repaired import Repaired
from repair.pipeline.run import Pipeline
from repair.progress import counter

if TYPE_CHECKING:
    from repair.console import LazyConsole
    from repair.pipeline.ray_engine import RayEngine


_pipeline: Pipeline | None = None  # the run's, set by evaluate() before its workers fork


def _repair(args: tuple[Document, bool, str]) -> Repaired:
    doc, unsafe, name = args
    assert _pipeline is not None
    return _pipeline.repair(doc, unsafe, name)


def _install(engine: Engine) -> None:
    """Make ``engine``'s pipeline the one :func:`_repair` uses (a Ray worker's setup)."""
    global _pipeline
    _pipeline = Pipeline(engine)


def expand_mt(values: list[str]) -> list[str]:
    """Files named directly or matched by glob patterns, in the order given (patterns sorted), no repeats.

    Raises:
        InputError: for a pattern that matches no file.
    """
    out: list[str] = []
    for value in values:
        found = sorted(glob.glob(value)) if glob.has_magic(value) else [value]
        if not found:
            raise InputError(value, "matches no file")
        out.extend(f for f in found if f not in out)
    return out


def system_names(paths: list[str]) -> list[str]:
    """Short names: the file names without the dot-separated parts all of them share at both ends.

    ``hyp.Online-A.en``, ``hyp.Online-B.en`` -> ``Online-A``, ``Online-B``; a single file keeps its name.
    """
    parts = [Path(p).name.split(".") for p in paths]
    if len(parts) < 2 or len(set(map(tuple, parts))) < len(parts):
        return [Path(p).name for p in paths]
    lead = 0
    while all(len(p) > lead + 1 and p[lead] == parts[0][lead] for p in parts):
        lead += 1
    trail = 0
    while all(len(p) > lead + trail + 1 and p[-1 - trail] == parts[0][-1 - trail] for p in parts):
        trail += 1
    return [".".join(p[lead : len(p) - trail]) for p in parts]


def aligned(doc: Document, ref: Document) -> None:
    """Check that two documents have one segment per reference segment.

    Raises:
        InputError: naming ``doc`` and both counts.
    """
    if len(doc.segments) != len(ref.segments):
        raise InputError(
            doc.path,
            f"{len(doc.segments)} lines, but the reference {ref.path} has {len(ref.segments)}: "
            "files must be line-aligned",
        )


def with_source(doc: Document, source: Document) -> Document:
    """``doc`` with each segment's ``source`` set from the aligned source document."""
    segs = [replace(s, source=src.text) for s, src in zip(doc.segments, source.segments, strict=True)]
    return Document(doc.path, segs, list(doc.endings), doc.bom, doc.format, doc.meta)


def evaluate(
    engine: Engine,
    mt_paths: list[str],
    ref_path: str,
    source_path: str | None,
    unsafe: bool,
    quiet: bool = True,
    doc_ids: str | None = None,
    console: Console | LazyConsole | None = None,
    jobs: int = 1,
    ray: RayEngine | None = None,
) -> tuple[EvalResult, list[Repaired], Repaired]:
    """Read, align, repair and measure: the whole of ``repair eval`` without output.

    Args:
        engine: the compiled rules.
        mt_paths: the MT files (line-aligned with the reference).
        ref_path: the human reference.
        source_path: the source text (line-aligned), or ``None``.
        unsafe: apply unsafe fixes too.
        quiet: draw no progress bar.
        console: where to draw it (stderr by default; only on a terminal).
        jobs: worker processes repairing the files and computing the metric statistics
            (see :func:`repair.pipeline.batch.ordered_map`); the results do not depend on it.
        ray: repair the files as Ray tasks instead (:mod:`repair.pipeline.ray_engine`); the
            statistics are still computed on ``jobs`` local processes.
        doc_ids: a file with one document id per line (see :mod:`repair.docids`), applied to
            the reference and every MT file; ``None``: articles found as for plain text.

    Returns:
        ``(result, mt_runs, reference_run)``: the measurements, and each document before and
        after repair (for the HTML report).

    Raises:
        InputError: for an unreadable file or one that is not line-aligned with the reference.
    """
    ref = formats.read(ref_path)
    if doc_ids is not None:
        ref = declare_documents(ref, doc_ids)
    source = formats.read(source_path) if source_path else None
    if source is not None:
        aligned(source, ref)
    docs = []
    for path in mt_paths:  # read and check everything before the slow part
        doc = formats.read(path)
        aligned(doc, ref)
        if doc_ids is not None:
            doc = declare_documents(doc, doc_ids)
        docs.append(with_source(doc, source) if source is not None else doc)
    refs = ref.texts
    global _pipeline
    _pipeline = Pipeline(engine)  # forked workers inherit it
    names = system_names(mt_paths)
    todo = [(doc, unsafe, name) for doc, name in zip(docs, names)]
    todo.append((with_source(ref, source) if source is not None else ref, unsafe, f"reference: {Path(ref_path).name}"))
    runs: list[Repaired] = []
    out = console or Console(stderr=True)
    with counter(f"repairing {len(docs)} files, segments", sum(len(d.segments) for d in docs), out, quiet) as advance:
        if ray is not None:
            from repair.pipeline import ray_engine

            mapped = ray_engine.ordered_map(
                _repair, todo, ray, functools.partial(_install, engine), name=lambda t: t[0].path
            )
        else:
            mapped = ordered_map(_repair, todo, jobs)
        for run in mapped:
            if len(runs) < len(docs):
                runs.append(run)
                advance(len(run.doc.segments))
            else:
                ref_run = run
    sigs = signatures()
    scorer = CorpusScorer(jobs, StatsCache(sigs) if stats_cache.enabled() else None)
    # every pair the systems need, before and after repair, scored at once: in chunks on every worker
    pairs = list(dict.fromkeys(p for r in runs for texts in (r.doc.texts, r.fixed.texts) for p in zip(texts, refs)))
    try:
        with counter(f"scoring {len(docs)} files, segment pairs", len(pairs), out, quiet) as advance:
            scorer.prepare(pairs, advance)
    finally:
        scorer.save()  # what was scored, even when the run was stopped
    systems = [evaluate_system(run, refs, scorer) for run in runs]
    result = EvalResult(systems, false_positives(ref_run), sigs, unsafe, source_path)
    return result, runs, ref_run
