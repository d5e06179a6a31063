"""One self-contained HTML report of a repair: totals, bar charts, every changed segment (and the
sections a caller adds: `repair eval` adds its metrics, see :mod:`repair.eval.report`).

The page needs no network when viewed: the styles, the charts (inline SVG) and the little
script that sorts and filters the table of changes are all in the file. Diffs are
:func:`repair.words.word_diff`'s, as the review shows them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from repair import __version__, words
from repair.mqm import combine
from repair.pipeline.repaired import Repaired

#: Bar colours by MQM dimension (the first part of a category path).
COLOURS = {
    "accuracy": "#c0392b",
    "fluency": "#2874a6",
    "terminology": "#7d3c98",
    "style": "#b9770e",
    "locale-convention": "#148f77",
}
_OTHER = "#5d6d7e"

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#1b1f23}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;font-size:12px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;min-width:120px}
.card b{display:block;font-size:19px}.card span{color:#57606a;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e8eb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n{white-space:nowrap}
th[data-sort]{cursor:pointer;text-decoration:underline dotted}
.charts{display:flex;flex-wrap:wrap;gap:24px}.charts figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
svg text{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
del{background:#ffd7d5;text-decoration:line-through}ins{background:#ccffd8;text-decoration:none}
td:first-child{white-space:nowrap}.rules code{white-space:nowrap;display:inline-block;background:#f3f4f6;border-radius:4px;padding:0 4px;margin:1px;font-size:12px}
.up{color:#1a7f37}.down{color:#cf222e}
.legend span{display:inline-block;margin-right:12px;font-size:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
#controls{margin:8px 0}
"""

_JS = """
(function(){
  var body=document.querySelector('#changes tbody'); if(!body){return;}
  var rows=Array.prototype.slice.call(body.rows), sel=document.getElementById('rule-filter'), shown=document.getElementById('shown');
  var keys={file:['file','line'],rule:['rule','file','line'],line:['line','file']};
  function cmp(a,b,k){for(var i=0;i<k.length;i++){var x=a.dataset[k[i]],y=b.dataset[k[i]];
    if(k[i]==='line'){x=+x;y=+y;} if(x<y){return -1;} if(x>y){return 1;}} return 0;}
  function sortBy(name){var k=keys[name]; rows.sort(function(a,b){return cmp(a,b,k);});
    rows.forEach(function(r){body.appendChild(r);}); document.getElementById('changes').dataset.sortedBy=name;}
  function filter(){var v=sel.value,n=0; rows.forEach(function(r){var ok=!v||(' '+r.dataset.rules+' ').indexOf(' '+v+' ')>=0;
    r.style.display=ok?'':'none'; n+=ok;}); shown.textContent=n+' of '+rows.length+' changed segments shown';}
  Array.prototype.forEach.call(document.querySelectorAll('#changes th[data-sort]'),function(th){
    th.addEventListener('click',function(){sortBy(th.dataset.sort);});});
  sel.addEventListener('change',filter); sortBy('file'); filter();
})();
"""


def word_diff(before: str, after: str) -> tuple[str, str]:
    """HTML of two versions of a segment: deletions marked ``<del>`` in the first, insertions ``<ins>`` in the second.

    The tokens and the diff are :func:`repair.words.word_diff`'s (the review shows the same).
    """
    left, right = [], []
    for op, text in words.word_diff(before, after):
        if op == "equal":
            left.append(escape(text))
            right.append(escape(text))
        elif op == "delete":
            left.append(f"<del>{escape(text)}</del>")
        else:
            right.append(f"<ins>{escape(text)}</ins>")
    return "".join(left), "".join(right)


def _colour(category: str) -> str:
    return COLOURS.get(category.split("/", 1)[0], _OTHER)


def bar_chart(
    chart_id: str, counts: Mapping[str, int | float], colours: Mapping[str, str] | None = None, unit: str = ""
) -> str:
    """A horizontal bar chart as inline SVG, largest first.

    Args:
        chart_id: the ``id`` of the ``<svg>`` element.
        counts: label -> value (values >= 0).
        colours: label -> CSS colour (default grey).
        unit: appended to each value label.

    Returns:
        ``<svg>`` markup; each bar is a ``<rect class="bar" data-label=... data-value=...>``.
    """
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    label_w, bar_w, row_h = 330, 300, 20
    top = max((v for _, v in items), default=0) or 1
    height = row_h * max(1, len(items)) + 4
    parts = [
        f'<svg id="{escape(chart_id)}" xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 70}" '
        f'height="{height}" role="img">'
    ]
    if not items:
        parts.append('<text x="0" y="14">nothing to show</text>')
    for i, (label, value) in enumerate(items):
        y = i * row_h + 2
        w = max(1.0, value / top * bar_w)
        colour = (colours or {}).get(label, _OTHER)
        shown = f"{value:g}{unit}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="bar" data-label="{escape(label)}" data-value="{value:g}" x="{label_w}" y="{y}" '
            f'width="{w:.1f}" height="{row_h - 6}" fill="{colour}"><title>{escape(label)}: {shown}</title></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(dimensions: Iterable[str]) -> str:
    spans = "".join(f'<span><i style="background:{_colour(d)}"></i>{escape(d)}</span>' for d in sorted(set(dimensions)))
    return f'<div class="legend">{spans}</div>'


def card(value: str, label: str) -> str:
    return f'<div class="card"><b>{escape(value)}</b><span>{escape(label)}</span></div>'


def fmt(x: float, places: int = 2) -> str:
    return f"{x:.{places}f}"


def _changes_table(runs: Sequence[Repaired]) -> tuple[str, list[str]]:
    rows, rules = [], set()
    for run in runs:
        for i in run.changed:
            seg_rules = run.rules_of(i)
            rules.update(seg_rules)
            left, right = word_diff(run.doc.segments[i].text, run.fixed.segments[i].text)
            codes = "".join(f"<code>{escape(r)}</code>" for r in seg_rules)
            rows.append(
                f'<tr class="change" data-file="{escape(run.name)}" data-line="{run.doc.segments[i].line}" '
                f'data-rule="{escape(seg_rules[0] if seg_rules else "")}" data-rules="{escape(" ".join(seg_rules))}">'
                f'<td>{escape(run.name)}</td><td class="n">{run.doc.segments[i].line}</td><td class="rules">{codes}</td>'
                f'<td class="before">{left}</td><td class="after">{right}</td></tr>'
            )
    table = (
        '<table id="changes"><thead><tr><th data-sort="file">file</th><th class="n" data-sort="line">line</th>'
        '<th data-sort="rule">rules</th><th>before</th><th>after</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return table, sorted(rules)


def render_html(
    runs: Sequence[Repaired],
    title: str,
    command: str = "",
    reference: Repaired | None = None,
    cards: str = "",
    before_edits: str = "",
    after_edits: str = "",
) -> str:
    """The whole report as one HTML document.

    Args:
        runs: the repaired documents (MT outputs, or a batch of articles).
        title: the page title.
        command: the command line that produced it (shown under the title).
        reference: the reference before and after the same repair; its changes are listed
            with the others (each is a false positive).
        cards: HTML of more total cards, after the others (``repair eval``'s false-positive rate).
        before_edits: HTML of sections before the charts of edits (``repair eval``'s metrics).
        after_edits: HTML of sections after the charts (``repair eval``'s rules table).

    Returns:
        the HTML text (UTF-8, no external resources).
    """
    all_runs = list(runs) + ([reference] if reference is not None and reference.changed else [])
    by_rule: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    rule_colour: dict[str, str] = {}
    for run in runs:
        for e in run.applied:
            by_rule[e.rule_id] += 1
            by_category[e.category] += 1
            rule_colour[e.rule_id] = _colour(e.category)
    mqm_b, mqm_a = combine(r.mqm_before for r in runs), combine(r.mqm_after for r in runs)
    cards = (
        "".join(
            [
                card(str(len(runs)), "files"),
                card(str(sum(len(r.doc.segments) for r in runs)), "segments"),
                card(str(sum(r.doc.word_count() for r in runs)), "words"),
                card(str(sum(len(r.changed) for r in runs)), "segments changed"),
                card(str(sum(by_rule.values())), "edits applied"),
                card(
                    f"{sum(len(r.before) for r in runs)} → {sum(len(r.after) for r in runs)}", "findings before → after"
                ),
                card(f"{fmt(mqm_b.score)} → {fmt(mqm_a.score)}", "MQM penalty per 1,000 words"),
            ]
        )
        + cards
    )
    changes, rules = _changes_table(all_runs)
    options = "".join(f'<option value="{escape(r)}">{escape(r)}</option>' for r in rules)
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_CSS}</style></head><body>',
        f'<h1>{escape(title)}</h1><p class="meta">repair {escape(__version__)}'
        + (f" · <code>{escape(command)}</code>" if command else "")
        + "</p>",
        f'<div class="cards" id="totals">{cards}</div>',
    ]
    parts.append(before_edits)
    parts.append(
        '<h2>Edits</h2><div class="charts">'
        f"<figure><figcaption>by rule</figcaption>{bar_chart('chart-rules', by_rule, rule_colour)}</figure>"
        f"<figure><figcaption>by MQM category</figcaption>"
        f"{bar_chart('chart-categories', by_category, {c: _colour(c) for c in by_category})}</figure></div>"
        + _legend(c.split("/", 1)[0] for c in by_category)
    )
    parts.append(after_edits)
    parts.append(
        f'<h2>Changed segments</h2><div id="controls"><label>rule <select id="rule-filter"><option value="">all rules</option>'
        f'{options}</select></label> · <span id="shown">{sum(len(r.changed) for r in all_runs)} changed segments</span> · '
        "click a column title to sort</div>" + changes
    )
    parts.append(f"<script>{_JS}</script></body></html>\n")
    return "".join(parts)
