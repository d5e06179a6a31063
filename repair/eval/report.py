"""The HTML report of ``repair eval``: the page of :mod:`repair.htmlreport` plus the metrics
against the reference, the rules table and the false-positive rate."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from repair.eval.metrics import METRICS, EvalResult, change_direction
from repair.htmlreport import card, fmt, render_html
from repair.pipeline.repaired import Repaired


def eval_html(runs: Sequence[Repaired], title: str, command: str, evaluation: EvalResult, reference: Repaired) -> str:
    """The whole ``repair eval`` report as one HTML document (see :func:`repair.htmlreport.render_html`).

    Args:
        runs: the MT outputs before and after repair.
        title: the page title.
        command: the command line that produced it.
        evaluation: the measurements (metrics, rules, false positives).
        reference: the reference before and after the same repair (its changes are false positives).
    """
    return render_html(
        runs,
        title,
        command,
        reference,
        cards=card(fmt(evaluation.reference.rate()), "false positives /10k reference words"),
        before_edits=f"<h2>Metrics against the reference</h2>{_metrics_table(evaluation)}",
        after_edits=f"<h2>Rules: help, harm and false positives</h2>{_rules_table(evaluation)}",
    )


def _signed(x: float, better_up: bool = True) -> str:
    """A change to 2 places, green when better, red when worse, plain ``0.00`` when it rounds to nothing."""
    direction = change_direction(x, better_up)
    if direction is None:
        return "0.00"
    return f'<span class="{"up" if direction == "better" else "down"}">{x:+.2f}</span>'


def _metrics_table(ev: EvalResult) -> str:
    head = "".join(f'<th class="n">{m} before</th><th class="n">{m} after</th><th class="n">Δ</th>' for m in METRICS)
    rows = []
    for s in ev.systems:
        cells = "".join(
            f'<td class="n">{fmt(s.before[m])}</td><td class="n">{fmt(s.after[m])}</td>'
            f'<td class="n">{_signed(s.delta(m), better_up=m != "TER")}</td>'
            for m in METRICS
        )
        rows.append(
            f'<tr><td>{escape(s.name)}</td><td class="n">{s.changed}</td><td class="n">{s.edits}</td>{cells}'
            f'<td class="n">{s.moves.up}/{s.moves.down}/{s.moves.same}</td>'
            f'<td class="n">{fmt(s.mqm_before.score)} → {fmt(s.mqm_after.score)}</td></tr>'
        )
    sigs = "".join(f"<li>{escape(m)}: <code>{escape(sig)}</code></li>" for m, sig in ev.signatures.items())
    return (
        f'<table id="metrics"><thead><tr><th>system</th><th class="n">segments changed</th><th class="n">edits</th>'
        f'{head}<th class="n">seg. chrF ↑/↓/=</th><th class="n">MQM /1k words</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table><p class="meta">sacrebleu signatures:</p><ul class="meta">{sigs}</ul>'
    )


def _rules_table(ev: EvalResult) -> str:
    rows = []
    for rule, t in ev.rule_totals().items():
        rows.append(
            f'<tr><td><code>{escape(rule)}</code></td><td class="n">{t["edits"]}</td><td class="n up">{t["up"]}</td>'
            f'<td class="n down">{t["down"]}</td><td class="n">{t["same"]}</td><td class="n">{t["reference_edits"]}</td>'
            f'<td class="n">{fmt(t["false_positives_per_10k_words"])}</td>'
            f"<td>{'ok' if t['verdict'] == 'ok' else '<b class=down>marked</b>: ' + escape('; '.join(t['reasons']))}</td></tr>"
        )
    ref = ev.reference
    return (
        f"<p>The same repair run on the human reference <code>{escape(ref.path)}</code> ({ref.words} words) made "
        f"{sum(ref.rule_edits.values())} edits in {ref.changed} segments: <b>{fmt(ref.rate())}</b> false positives "
        f'per 10,000 words.</p><table id="rules"><thead><tr><th>rule</th><th class="n">edits on MT</th>'
        f'<th class="n">segments chrF ↑</th><th class="n">↓</th><th class="n">=</th><th class="n">edits on reference</th>'
        f'<th class="n">false positives /10k words</th><th>verdict</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
