"""``repair learn``: a rule pack mined from post-edits, and lessons from review sidecars.

Every input is read and every output checked before anything is written; outputs are written
together, atomically.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from repair.commands.console import err, out
from repair.commands.errors import handle_errors
from repair.commands.options import engine_options
from repair.errors import OutputError
from repair.fileio import atomic_write_all
from repair.learn import reviews
from repair.learn.edges import REASONS as EDGE_REASONS
from repair.learn.mine import REASONS, Mined, Options, mine
from repair.learn.packfile import Written, build_pack
from repair.learn.pairs import Pair, read_pair_file, read_pairs
from repair.pipeline.options import RunOptions
from repair.progress import counter
from repair.rules.pack import Pack, load_builtin, load_pack


def _check_new(path: str | None, force: bool, inputs: list[str]) -> None:
    """Refuse to overwrite an existing output without ``--force``, or an input at all.

    Raises:
        OutputError: naming the path.
    """
    if not path:
        return
    p = Path(path)
    if any(p.resolve() == Path(i).resolve() for i in inputs if i):
        raise OutputError(path, "would overwrite an input file")
    if p.is_dir():
        raise OutputError(path, "is a folder")
    if p.exists() and not force:
        raise OutputError(path, "exists; give --force to overwrite it")


def summary_table(mined: Mined) -> Table:
    """Candidates, kept and dropped (by reason)."""
    t = Table(title="repair learn", title_justify="left")
    t.add_column("")
    t.add_column("candidates", justify="right")
    t.add_row("segment pairs read", str(len(mined.pairs)))
    t.add_row("human segments (distinct)", str(mined.human_segments))
    t.add_row("candidates (phrase -> replacement)", str(len(mined.candidates)))
    t.add_row(f"kept ({len(mined.families)} rules)", str(mined.kept()))
    dropped = mined.dropped()
    for reason in REASONS:
        t.add_row(f"dropped: {reason}", str(dropped.get(reason, 0)))
    if mined.edge_candidates:
        t.add_row("edge candidates (source ends -> target ends)", str(len(mined.edge_candidates)))
        t.add_row(f"kept ({len(mined.edge_rules)} edges rules)", str(sum(len(r.actions) for r in mined.edge_rules)))
        edges_dropped = mined.edges_dropped()
        for reason in EDGE_REASONS:
            t.add_row(f"edges dropped: {reason}", str(edges_dropped.get(reason, 0)))
    return t


def rules_table(written: Written) -> Table:
    t = Table(title="learned rules", title_justify="left")
    for col in ("id", "entries", "support", "fix", "category (guessed)"):
        t.add_column(col, overflow="fold")
    for rule, fam in zip(written.pack.rules, written.families):
        entries = "; ".join(f"{k} -> {v}" for k, v in rule.params["entries"].items())
        t.add_row(rule.id, escape(entries), str(fam.support), rule.applicability.value, rule.category)
    for rule, edge in zip(written.pack.rules[len(written.families) :], written.edge_rules):
        family = edge.restores
        if family is not None:  # the marks restored, and how the post-editors wrote them
            actions = "restored" + "".join(f"; {k} -> {v!r}" for k, v in family.restore_as.items())
        else:
            actions = "; ".join(f"{side} -> {c.action!r}" for side, c in edge.actions.items())
        t.add_row(
            rule.id, escape(f"{edge.describe()}: {actions}"), str(edge.support), rule.applicability.value, rule.category
        )
    return t


def rates_table(rates: list[reviews.RuleRate], flagged: set[str]) -> Table:
    t = Table(title="review decisions per rule", title_justify="left")
    t.add_column("rule")
    for col in ("accepted", "rejected", "rewritten", "rejected %", ""):
        t.add_column(col, justify="right")
    for r in rates:
        t.add_row(
            escape(r.rule),
            str(r.accepted),
            str(r.rejected),
            str(r.rewritten),
            f"{100 * r.rejection_rate:.0f}",
            "rejected more than accepted" if r.rule in flagged else "",
        )
    return t


@click.command("learn")
@click.argument("pair_file", required=False, metavar="[PAIRS]")
@click.option(
    "--mt", type=click.Path(), help="MT output: plain text (line for line with --post-edit) or a bilingual file."
)
@click.option("--post-edit", "post_edit", type=click.Path(), help="Its post-edit (or a reference), same format.")
@click.option("--source", type=click.Path(), help="The source text, line for line (plain text inputs).")
@click.option(
    "--from-reviews",
    "reviews_dir",
    type=click.Path(),
    metavar="DIR",
    help="Learn from the review sidecars (*.review.json) under DIR instead.",
)
@click.option("-o", "--output", type=click.Path(), metavar="PACK", help="Write the learned pack (YAML) here.")
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@click.option("--name", default="learned", show_default=True, help="The pack's name (rule ids are NAME/<phrase>).")
@click.option(
    "--min-support",
    type=click.IntRange(1),
    default=Options.min_support,
    show_default=True,
    help="Human segments a rule needs.",
)
@click.option(
    "--min-consistency",
    type=click.FloatRange(0, 1),
    default=Options.min_consistency,
    show_default=True,
    help="Share of the segments whose MT holds the phrase where it was changed.",
)
@click.option(
    "--safe-support",
    type=click.IntRange(1),
    default=Options.safe_support,
    show_default=True,
    help="Support from which a never-contradicted, consistent rule is written safe.",
)
@click.option(
    "--min-decisions",
    type=click.IntRange(1),
    default=5,
    show_default=True,
    help="With --from-reviews: decisions a rule needs before its rejection rate counts.",
)
@click.option(
    "--write-config",
    type=click.Path(),
    metavar="PYPROJECT",
    help="With --from-reviews: add the rules rejected more than accepted to [tool.repair] here.",
)
@click.option(
    "--as",
    "config_key",
    type=click.Choice(["demote", "ignore"]),
    default="demote",
    show_default=True,
    help="How --write-config lists them: a fix tier lower, or off.",
)
@click.option(
    "--export-accepted",
    type=click.Path(),
    metavar="JSONL",
    help="With --from-reviews: write accepted model edits as JSON Lines (source, before, after).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@engine_options
@handle_errors
def learn(
    pair_file,
    mt,
    post_edit,
    source,
    reviews_dir,
    output,
    force,
    name,
    min_support,
    min_consistency,
    safe_support,
    min_decisions,
    write_config,
    config_key,
    export_accepted,
    quiet,
    options: RunOptions,
) -> None:
    """Learn substitution rules from MT beside its post-edits, or lessons from review decisions.

    PAIRS is one file holding both sides: a TSV/CSV with mt and post-edit columns, or an XLIFF
    whose MT is in <alt-trans> (1.2) or <mtc:match> (2.0). Otherwise give --mt and --post-edit.
    A rule is kept when enough human segments support it, no post-edit kept its phrase, and it
    changes no human segment; its examples are proven as `repair rules --test` proves them.
    """
    modes = [bool(pair_file), bool(mt or post_edit), bool(reviews_dir)]
    if sum(modes) != 1:
        raise click.UsageError("give PAIRS, or --mt with --post-edit, or --from-reviews DIR")
    if modes[1] and not (mt and post_edit):
        raise click.UsageError("--mt and --post-edit go together")
    if source and not modes[1]:
        raise click.UsageError("--source goes with --mt and --post-edit")
    if (write_config or export_accepted) and not reviews_dir:
        raise click.UsageError("--write-config and --export-accepted go with --from-reviews")
    inputs = [pair_file, mt, post_edit, source]
    _check_new(output, force, inputs)
    _check_new(export_accepted, force, inputs)
    if write_config and Path(write_config).is_dir():
        raise OutputError(write_config, "is a folder")
    settings = options.settings()
    base_packs: list[Pack] = [load_builtin(n) for n in settings.builtin] + [load_pack(p) for p in settings.packs]
    known = [k for p in base_packs for r in p.rules if r.kind == "substitution" for k in r.params["entries"]]
    learn_options = Options(min_support=min_support, min_consistency=min_consistency, safe_support=safe_support)
    writes: list[tuple[str, bytes, str | None]] = []
    if reviews_dir:
        sidecars = [reviews.read_sidecar(p) for p in reviews.find_sidecars(reviews_dir)]
        rates = reviews.rates(sidecars)
        flagged = reviews.rejected_rules(rates, min_decisions)
        if write_config:
            data, added = reviews.config_text(Path(write_config), config_key, [r.rule for r in flagged])
            if added:
                writes.append((write_config, data, write_config if Path(write_config).exists() else None))
        if export_accepted:
            records, missed = reviews.accepted_model_edits(sidecars)
            lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
            writes.append((export_accepted, lines.encode("utf-8"), None))
        pairs: list[Pair] = reviews.review_pairs(sidecars)
        described = f"{len(sidecars)} review sidecars under {reviews_dir}"
    elif pair_file:
        pairs = read_pair_file(pair_file)
        described = Path(pair_file).name
    else:
        pairs = read_pairs(mt, post_edit, source)
        described = f"{Path(mt).name} and {Path(post_edit).name}"
    with counter("aligning segment pairs", len(pairs), err, quiet) as advance:
        mined = mine(pairs, learn_options, known, advance)
    written = build_pack(
        mined,
        learn_options,
        base_packs,
        name,
        described,
        output or "learned.yaml",
        settings.select,
        settings.ignore,
        settings.demote,
    )
    if output and written.pack.rules:
        writes.append((output, written.text.encode("utf-8"), None))
    atomic_write_all(writes)
    if reviews_dir:
        out.print(rates_table(rates, {r.rule for r in flagged}))
        if write_config:
            out.print(
                escape(
                    f"{write_config}: {len(added)} rule(s) added to [tool.repair] {config_key}"
                    + (f": {', '.join(added)}" if added else "")
                )
            )
        if export_accepted:
            out.print(
                escape(
                    f"{export_accepted}: {len(records)} segment(s) with accepted model edits"
                    + (f" ({missed} accepted model edit(s) not found in their input)" if missed else "")
                )
            )
    out.print(summary_table(mined))
    if written.pack.rules:
        out.print(rules_table(written))
    if output:
        if written.pack.rules:
            out.print(
                escape(
                    f"{output}: {len(written.pack.rules)} rule(s) written; prove them with "
                    f"`repair rules --test --pack {output}`"
                )
            )
        else:
            err.print(escape(f"{output}: no rule kept; nothing written"))
