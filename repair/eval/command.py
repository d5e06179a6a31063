"""``repair eval``: repair MT outputs and measure them against a reference (and the reference itself).

Registered on :data:`repair.cli.main` at the end of :mod:`repair.cli`.
"""

from __future__ import annotations

import glob
import json
import shlex
import sys
from dataclasses import replace
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from repair import __version__, cli, formats, interrupts, outputs
from repair.docids import declare_documents
from repair.document import Document
from repair.engine import Engine
from repair.errors import InputError, OutputError
from repair.eval.metrics import METRICS, CorpusScorer, change_direction, EvalResult, evaluate_system, false_positives, signatures
from repair.eval.progress import counter
from repair.eval.report import render_html
from repair.eval.runs import Repaired, repair_document
from repair.fileio import atomic_write_all


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
    return [".".join(p[lead:len(p) - trail]) for p in parts]


def aligned(doc: Document, ref: Document) -> None:
    """Check that two documents have one segment per reference segment.

    Raises:
        InputError: naming ``doc`` and both counts.
    """
    if len(doc.segments) != len(ref.segments):
        raise InputError(doc.path, f"{len(doc.segments)} lines, but the reference {ref.path} has {len(ref.segments)}: "
                                   "files must be line-aligned")


def with_source(doc: Document, source: Document) -> Document:
    """``doc`` with each segment's ``source`` set from the aligned source document."""
    segs = [replace(s, source=src.text) for s, src in zip(doc.segments, source.segments, strict=True)]
    return Document(doc.path, segs, list(doc.endings), doc.bom, doc.format, doc.meta)


def evaluate(engine: Engine, mt_paths: list[str], ref_path: str, source_path: str | None, unsafe: bool,
             quiet: bool = True, doc_ids: str | None = None) -> tuple[EvalResult, list[Repaired], Repaired]:
    """Read, align, repair and measure: the whole of ``repair eval`` without output.

    Args:
        engine: the compiled rules.
        mt_paths: the MT files (line-aligned with the reference).
        ref_path: the human reference.
        source_path: the source text (line-aligned), or ``None``.
        unsafe: apply unsafe fixes too.
        quiet: draw no progress bar.
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
    runs, systems, scorer = [], [], CorpusScorer()
    names = system_names(mt_paths)
    with counter(f"repairing and scoring {len(docs)} files, segments", sum(len(d.segments) for d in docs), cli.err,
                 quiet) as advance:
        for doc, name in zip(docs, names):
            run = repair_document(engine, doc, unsafe, name)
            runs.append(run)
            systems.append(evaluate_system(run, refs, scorer, advance))
    ref_run = repair_document(engine, with_source(ref, source) if source is not None else ref, unsafe,
                              f"reference: {Path(ref_path).name}")
    result = EvalResult(systems, false_positives(ref_run), signatures(), unsafe, source_path)
    return result, runs, ref_run


def _arrow(before: float, after: float) -> str:
    return f"{before:.2f} → {after:.2f}"


def _delta(x: float, better_up: bool = True) -> str:
    direction = change_direction(x, better_up)
    if direction is None:
        return "0.00"
    return f"[{'green' if direction == 'better' else 'red'}]{x:+.2f}[/]"


def systems_table(ev: EvalResult) -> Table:
    """One row per system: changes, chrF/BLEU/TER before → after with Δ, segment moves, MQM."""
    t = Table(title="repair eval: MT outputs against the reference", title_justify="left")
    t.add_column("system")
    for col in ("segs changed", "edits", "chrF", "Δ", "BLEU", "Δ", "TER", "Δ", "seg chrF ↑/↓/=", "MQM/1k words"):
        t.add_column(col, justify="right")
    for s in ev.systems:
        cells = []
        for m in METRICS:
            cells += [_arrow(s.before[m], s.after[m]), _delta(s.delta(m), better_up=m != "TER")]
        t.add_row(escape(s.name), str(s.changed), str(s.edits), *cells, f"{s.moves.up}/{s.moves.down}/{s.moves.same}",
                  _arrow(s.mqm_before.score, s.mqm_after.score))
    return t


def rules_table(ev: EvalResult) -> Table:
    """One row per rule: edits on MT, segments chrF up/down/same, edits on the reference, FP per 10k words,
    and the verdict (:func:`repair.eval.metrics.verdict`: marked when chrF went down more often than up
    or the rule edited the reference)."""
    t = Table(title=f"rules (reference: {ev.reference.words} words)", title_justify="left")
    t.add_column("rule")
    for col in ("edits on MT", "chrF ↑", "↓", "=", "edits on ref", "FP/10k words"):
        t.add_column(col, justify="right")
    t.add_column("verdict")
    for rule, r in ev.rule_totals().items():
        mark = "ok" if r["verdict"] == "ok" else f"[red]marked:[/] {escape('; '.join(r['reasons']))}"
        t.add_row(escape(rule), str(r["edits"]), str(r["up"]), str(r["down"]), str(r["same"]), str(r["reference_edits"]),
                  f"{r['false_positives_per_10k_words']:.2f}", mark)
    return t


@click.command("eval")
@click.argument("more_mt", nargs=-1, metavar="[MT_FILES]...")
@click.option("--mt", "mt", multiple=True, metavar="FILES_OR_GLOB",
              help="MT output(s), line-aligned with --ref: files or a quoted glob ('wmt21/hyp.*.en'); repeatable.")
@click.option("--ref", "ref", required=True, type=click.Path(), help="The human reference, one segment a line.")
@click.option("--source", "source", type=click.Path(), help="The source text, line-aligned (given to source-aware rules).")
@click.option("--unsafe-fixes", is_flag=True, default=None, help="Apply unsafe fixes too.")
@click.option("--doc-ids", "doc_ids", type=click.Path(), metavar="PATH",
              help="One document id per line (WMT's docids), for every file: names and house style never cross documents.")
@click.option("--json", "json_out", type=click.Path(), metavar="OUT", help="Write the results as JSON here (- for stdout).")
@click.option("--report", "report_out", type=click.Path(), metavar="HTML", help="Write a self-contained HTML report here.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars and no table (for scripts).")
@cli.engine_options
@cli.handle_errors
def eval_cmd(more_mt, mt, ref, source, unsafe_fixes, doc_ids, json_out, report_out, quiet, packs, select, ignore,
             no_builtin_packs, config) -> None:
    """Repair MT output and measure it against a human reference: chrF, BLEU, TER before and after.

    Also per rule: edits, segments whose chrF went up/down, and the false-positive rate
    (edits the same repair makes to the reference, per 10,000 words). Exit 0, or 2 on an error.
    """
    if not mt and not more_mt:
        raise click.UsageError("give the MT output with --mt FILES_OR_GLOB")
    mt_paths = expand_mt(list(mt) + list(more_mt))
    settings = cli.build_settings(packs, select, ignore, no_builtin_packs, config, mt_paths)
    unsafe = settings.unsafe_fixes if unsafe_fixes is None else unsafe_fixes
    engine = Engine.from_settings(settings)
    inputs = {Path(p).resolve() for p in [*mt_paths, ref, *([source] if source else []), *([doc_ids] if doc_ids else [])]}
    for target in (json_out, report_out):
        if target and target != "-" and Path(target).resolve() in inputs:
            raise OutputError(target, "would overwrite an input file")
    interrupts.install()  # SIGTERM/SIGHUP end the run as Ctrl-C does
    planned = [outputs.Output(json_out, "the JSON")] if json_out and json_out != "-" else []
    planned += [outputs.Output(report_out, "the report")] if report_out else []
    for note in outputs.check(planned, inputs):  # every output checked before the slow part
        cli.err.print(escape(f"repair: {note}"))
    result, runs, ref_run = evaluate(engine, mt_paths, ref, source, unsafe, quiet, doc_ids)
    command = shlex.join(["repair", *sys.argv[1:]])
    writes = []  # committed together: both written or neither
    if json_out:
        data = json.dumps({"repair": __version__, **result.to_dict()}, ensure_ascii=False, indent=1) + "\n"
        if json_out == "-":
            click.echo(data, nl=False)
        else:
            writes.append((json_out, data.encode("utf-8"), None))
    if report_out:
        writes.append((report_out, render_html(runs, "repair eval", command, result, ref_run).encode("utf-8"), None))
    atomic_write_all(writes)
    if not quiet and json_out != "-":
        cli.out.print(systems_table(result))
        cli.out.print(rules_table(result))
        tot = result.totals()
        cli.out.print(
            f"{tot['edits']} edits in {tot['segments_changed']} of {tot['segments']} segments "
            f"({'safe and unsafe' if unsafe else 'safe'} fixes); segment chrF up {tot['segment_chrf']['up']}, "
            f"down {tot['segment_chrf']['down']}, same {tot['segment_chrf']['same']}; reference: "
            f"{sum(result.reference.rule_edits.values())} edits, {result.reference.rate():.2f} per 10k words")
        for name, sig in result.signatures.items():
            cli.out.print(escape(f"{name} signature: {sig}"))


cli.main.add_command(eval_cmd)
