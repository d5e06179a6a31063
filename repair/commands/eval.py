"""``repair eval``: repair MT outputs and measure them against a reference (and the reference itself)."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape
from rich.table import Table

from repair import __version__, interrupts, outputs
from repair.commands.cluster import cluster_options
from repair.commands.console import err, out
from repair.commands.errors import handle_errors
from repair.commands.options import engine_options, jobs_option
from repair.engine import Engine
from repair.errors import OutputError
from repair.eval.evaluate import evaluate, expand_mt
from repair.eval.metrics import METRICS, EvalResult, change_direction
from repair.eval.report import eval_html
from repair.fileio import atomic_write_all
from repair.pipeline.options import RunOptions

if TYPE_CHECKING:
    from repair.pipeline.ray_engine import RayEngine  # imported when --engine ray is used


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
        t.add_row(
            escape(s.name),
            str(s.changed),
            str(s.edits),
            *cells,
            f"{s.moves.up}/{s.moves.down}/{s.moves.same}",
            _arrow(s.mqm_before.score, s.mqm_after.score),
        )
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
        t.add_row(
            escape(rule),
            str(r["edits"]),
            str(r["up"]),
            str(r["down"]),
            str(r["same"]),
            str(r["reference_edits"]),
            f"{r['false_positives_per_10k_words']:.2f}",
            mark,
        )
    return t


@click.command("eval")
@click.argument("more_mt", nargs=-1, metavar="[MT_FILES]...")
@click.option(
    "--mt",
    "mt",
    multiple=True,
    metavar="FILES_OR_GLOB",
    help="MT output(s), line-aligned with --ref: files or a quoted glob ('wmt21/hyp.*.en'); repeatable.",
)
@click.option("--ref", "ref", required=True, type=click.Path(), help="The human reference, one segment a line.")
@click.option(
    "--source", "source", type=click.Path(), help="The source text, line-aligned (given to source-aware rules)."
)
@click.option("--unsafe-fixes", is_flag=True, default=None, help="Apply unsafe fixes too.")
@click.option(
    "--doc-ids",
    "doc_ids",
    type=click.Path(),
    metavar="PATH",
    help="One document id per line (WMT's docids), for every file: names and house style never cross documents.",
)
@click.option(
    "--json", "json_out", type=click.Path(), metavar="OUT", help="Write the results as JSON here (- for stdout)."
)
@click.option(
    "--report", "report_out", type=click.Path(), metavar="HTML", help="Write a self-contained HTML report here."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars and no table (for scripts).")
@jobs_option
@engine_options
@handle_errors
@cluster_options("more_mt")
def eval_cmd(
    more_mt: tuple[str, ...],
    mt: tuple[str, ...],
    ref: str,
    source: str | None,
    unsafe_fixes: bool | None,
    doc_ids: str | None,
    json_out: str | None,
    report_out: str | None,
    quiet: bool,
    jobs: int,
    ray: RayEngine | None,
    options: RunOptions,
) -> None:
    """Repair MT output and measure it against a human reference: chrF, BLEU, TER before and after.

    Also per rule: edits, segments whose chrF went up/down, and the false-positive rate
    (edits the same repair makes to the reference, per 10,000 words). Each segment's metric
    statistics are kept in the user cache, so a re-run scores only changed segments
    (REPAIR_EVAL_CACHE=0 turns it off). Exit 0, or 2 on an error.
    """
    if not mt and not more_mt:
        raise click.UsageError("give the MT output with --mt FILES_OR_GLOB")
    mt_paths = expand_mt(list(mt) + list(more_mt))
    settings = options.settings(mt_paths)
    unsafe = settings.unsafe_fixes if unsafe_fixes is None else unsafe_fixes
    engine = Engine.from_settings(settings)
    inputs = {
        Path(p).resolve() for p in [*mt_paths, ref, *([source] if source else []), *([doc_ids] if doc_ids else [])]
    }
    for target in (json_out, report_out):
        if target and target != "-" and Path(target).resolve() in inputs:
            raise OutputError(target, "would overwrite an input file")
    interrupts.install()  # SIGTERM/SIGHUP end the run as Ctrl-C does
    planned = [outputs.Output(json_out, "the JSON")] if json_out and json_out != "-" else []
    planned += [outputs.Output(report_out, "the report")] if report_out else []
    for note in outputs.check(planned, inputs):  # every output checked before the slow part
        err.print(escape(f"repair: {note}"))
    result, runs, ref_run = evaluate(engine, mt_paths, ref, source, unsafe, quiet, doc_ids, err, jobs, ray)
    command = shlex.join(["repair", *sys.argv[1:]])
    writes = []  # committed together: both written or neither
    if json_out:
        data = json.dumps({"repair": __version__, **result.to_dict()}, ensure_ascii=False, indent=1) + "\n"
        if json_out == "-":
            click.echo(data, nl=False)
        else:
            writes.append((json_out, data.encode("utf-8"), None))
    if report_out:
        writes.append((report_out, eval_html(runs, "repair eval", command, result, ref_run).encode("utf-8"), None))
    atomic_write_all(writes)
    if not quiet and json_out != "-":
        out.print(systems_table(result))
        out.print(rules_table(result))
        tot = result.totals()
        out.print(
            f"{tot['edits']} edits in {tot['segments_changed']} of {tot['segments']} segments "
            f"({'safe and unsafe' if unsafe else 'safe'} fixes); segment chrF up {tot['segment_chrf']['up']}, "
            f"down {tot['segment_chrf']['down']}, same {tot['segment_chrf']['same']}; reference: "
            f"{sum(result.reference.rule_edits.values())} edits, {result.reference.rate():.2f} per 10k words"
        )
        for name, sig in result.signatures.items():
            out.print(escape(f"{name} signature: {sig}"))
