"""The ``repair`` command line: ``check``, ``fix`` and ``rules`` (click, rich).

Exit codes: 0 nothing found (or nothing left after fixing), 1 findings, 2 an error
(bad input, pack or settings), reported as one line naming the path and the cause.
"""

from __future__ import annotations

import functools
import json
import shlex
import sys
from pathlib import Path
from typing import Callable

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from repair import __version__, bilingual, formats, report
from repair.config import find_pyproject, load_settings
from repair.document import Document
from repair.edits import Applicability, Edit
from repair.engine import Engine, Settings
from repair.errors import RepairError
from repair.eval.batch import fix_report_bytes, write_fix_report
from repair.eval.progress import progress
from repair.eval.runs import mqm_fields
from repair.fileio import atomic_write_all
from repair.report import plural
from repair.inputs import InputFile, check_out_dir, check_outputs, expand, output_path
from repair.model import command as model_cli
from repair.rules.examples import run_examples

#: stdout; when it is no terminal (a pipe, a log) tables get 200 columns instead of rich's 80
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def engine_options(f: Callable) -> Callable:
    """The options every command that runs rules shares."""
    f = click.option("--config", "config", type=click.Path(), help="A pyproject.toml with [tool.repair] (default: the nearest one).")(f)
    f = click.option("--no-builtin-packs", is_flag=True, help="Load only the packs given with --pack.")(f)
    f = click.option("--ignore", multiple=True, metavar="PREFIXES", help="Rule-id prefixes to disable (comma-separated or repeated).")(f)
    f = click.option("--select", multiple=True, metavar="PREFIXES", help="Rule-id prefixes to enable, e.g. zh-en,mt-en/characters.")(f)
    f = click.option("--pack", "packs", multiple=True, type=click.Path(), metavar="PATH", help="A rule pack (YAML) of your own; repeatable.")(f)
    return f


def build_settings(packs, select, ignore, no_builtin_packs, config) -> Settings:
    """Merge ``[tool.repair]`` and the command line: CLI select replaces, ignore and packs add."""
    settings = load_settings(Path(config) if config else find_pyproject(Path.cwd()))
    settings.packs += list(packs)
    if select:
        settings.select = _split(select)
        settings.select_from = "--select"
    settings.ignore += _split(ignore)
    if no_builtin_packs:
        settings.builtin = []
    return settings


def handle_errors(f: Callable) -> Callable:
    """Print a :class:`RepairError` as one line on stderr and exit 2."""

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except RepairError as exc:
            err.print(f"repair: error: {escape(str(exc))}")
            sys.exit(2)
        except KeyboardInterrupt:
            err.print("repair: interrupted; nothing more was written")
            sys.exit(130)

    return wrapper


def read_inputs(paths: tuple[str, ...], exclude: str | None = None) -> list[tuple[InputFile, Document]]:
    """Read every input before anything is written (a bad file stops the run cleanly);
    folder walks leave out ``exclude`` (the output folder)."""
    items = expand(list(paths), exclude)
    docs = []
    for item in items:
        data = sys.stdin.buffer.read() if item.path == "-" else None
        docs.append((item, formats.read(item.path, data)))
    return bilingual.with_sources(docs)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repair")
def main() -> None:
    """Find and fix the known errors of machine-translated English."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True)
@engine_options
@model_cli.model_options
@bilingual.source_options
@handle_errors
def check(paths, fmt, packs, select, ignore, no_builtin_packs, config) -> None:
    """List every finding: path:line:col, rule, MQM category and severity, message, fix.

    PATHS are files, folders (walked for .txt and .md) or - for stdin.
    """
    engine = bilingual.with_glossary(Engine.from_settings(build_settings(packs, select, ignore, no_builtin_packs, config)))
    results = model_cli.add_check_edits([(doc, engine.check(doc)) for _, doc in read_inputs(paths)])
    all_edits = [e for _, edits in results for e in edits]
    if fmt == "json":
        click.echo(report.json_report(results, *mqm_fields(engine, results)))
    elif fmt == "jsonl":
        for doc, edits in results:
            for e in edits:
                click.echo(json.dumps(report.finding_dict(doc, e), ensure_ascii=False))
    else:
        for doc, edits in results:
            for e in edits:
                out.print(escape(report.text_line(doc, e)))
        out.print(report.summary_line(report.summary(all_edits, len(results))))
    sys.exit(1 if all_edits else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--unsafe-fixes", is_flag=True, default=None, help="Apply unsafe fixes too (review them!).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the fixes; write nothing.")
@click.option("--out-dir", type=click.Path(), help="Write corrected copies here, mirroring the input tree.")
@click.option("-o", "--output", type=click.Path(), help="Write the corrected copy of the one input here.")
@click.option("--in-place", is_flag=True, help="Overwrite the inputs (a .bak copy is kept).")
@click.option("--no-backup", is_flag=True, help="With --in-place: keep no .bak copy.")
@click.option("--report", "report_out", type=click.Path(), metavar="HTML", help="Also write a self-contained HTML report of every change here.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-file lines on stderr.")
@engine_options
@model_cli.model_options
@bilingual.source_options
@bilingual.mark_option
@handle_errors
def fix(paths, unsafe_fixes, show_diff, out_dir, output, in_place, no_backup, report_out, quiet, packs, select, ignore, no_builtin_packs, config) -> None:
    """Write corrected copies (article.txt -> article.repaired.txt); originals stay untouched.

    Safe fixes only, unless --unsafe-fixes. With - as the path, reads stdin and writes the
    corrected text to stdout. Exits 1 when findings remain after fixing (or, with --diff,
    when there are changes), 0 otherwise.
    """
    settings = build_settings(packs, select, ignore, no_builtin_packs, config)
    unsafe = settings.unsafe_fixes if unsafe_fixes is None else unsafe_fixes
    if sum(bool(x) for x in (out_dir, output, in_place)) > 1:
        raise click.UsageError("use one of --out-dir, -o/--output and --in-place")
    if no_backup and not in_place:
        raise click.UsageError("--no-backup goes with --in-place")
    engine = bilingual.with_glossary(Engine.from_settings(settings))
    check_out_dir(out_dir)
    inputs = read_inputs(paths, exclude=out_dir)
    if output and len(inputs) > 1:
        raise click.UsageError("-o/--output takes one input; use --out-dir for several")
    results: list[tuple[InputFile, Document, Document, list[Edit], list[Edit]]] = []
    for item, doc in progress(inputs, "fixing", len(inputs), err, quiet):
        fixed, rounds = engine.fix(doc, unsafe=unsafe, extra=model_cli.accepted_edits(engine, doc))
        fixed = bilingual.mark_changes(fixed, rounds)
        remaining = engine.check(fixed)
        results.append((item, doc, fixed, [e for r in rounds for e in r], remaining))
    if report_out and (show_diff or inputs[0][0].path == "-"):
        write_fix_report(report_out, engine, results, unsafe)
    if show_diff:
        changed = False
        for item, doc, fixed, applied, _ in results:
            before, after = formats.write_bytes(doc), formats.write_bytes(fixed)
            if before != after:
                changed = True
                name = "stdin" if item.path == "-" else item.path
                click.echo(report.unified_diff(formats.render_text(doc), formats.render_text(fixed), name), nl=False)
        sys.exit(1 if changed else 0)
    if inputs[0][0].path == "-":
        sys.stdout.buffer.write(formats.write_bytes(results[0][2]))
        sys.stdout.buffer.flush()
        sys.exit(1 if results[0][4] else 0)
    targets = [output_path(item, out_dir, output, in_place) for item, *_ in results]
    check_outputs([r[0] for r in results], targets, in_place)
    writes = []  # all or nothing: staged beside their targets, then renamed together
    for (item, doc, fixed, applied, _), target in zip(results, targets):
        if in_place and not applied:
            continue
        if in_place and not no_backup:
            writes.append((item.path + ".bak", formats.write_bytes(doc), item.path))
        writes.append((target, formats.write_bytes(fixed), item.path))
    if report_out:
        writes.append((report_out, fix_report_bytes(report_out, engine, results, unsafe), None))
    atomic_write_all(writes)
    left = 0
    for (item, doc, fixed, applied, remaining), target in zip(results, targets):
        left += len(remaining)
        if not quiet:
            hint = f" ({plural(len(remaining), 'finding')} left: `repair check {shlex.quote(str(target))}`)" if remaining else ""
            err.print(escape(f"{item.path}: {plural(len(applied), 'fix', 'fixes')} applied -> {target}{hint}"))
    sys.exit(1 if left else 0)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--test", "run_tests", is_flag=True, help="Run every rule's examples instead; exit 1 if one fails.")
@engine_options
@handle_errors
def rules(fmt, run_tests, packs, select, ignore, no_builtin_packs, config) -> None:
    """List every rule: id, kind, MQM category, severity, fix tier, message.

    With --test, run the examples of every selected rule (use it on your own --pack).
    """
    engine = Engine.from_settings(build_settings(packs, select, ignore, no_builtin_packs, config))
    if run_tests:
        n, failures = run_examples(engine)
        for f in failures:
            out.print(escape(str(f)))
        out.print(f"{n - len(failures)} passed, {len(failures)} failed")
        sys.exit(1 if failures else 0)
    if fmt == "json":
        click.echo(json.dumps([
            {"id": r.id, "kind": r.kind, "category": r.category, "severity": r.severity.value,
             "applicability": r.applicability.value, "message": r.message, "pack": r.pack, "source": r.source}
            for r in engine.rules], ensure_ascii=False, indent=1))
        return
    table = Table(show_lines=False, expand=False)
    for col in ("id", "kind", "category", "severity", "fix", "message"):
        table.add_column(col, overflow="fold")
    for r in engine.rules:
        table.add_row(r.id, r.kind, r.category, r.severity.value, r.applicability.value, escape(r.message))
    out.print(table)
    out.print(f"{len(engine.rules)} rules")


import repair.eval.command  # noqa: E402,F401  (registers `repair eval` on `main`)
import repair.learn.command  # noqa: E402,F401  (registers `repair learn` on `main`)
from repair.review.cli import review  # noqa: E402  (`repair review`; Textual loads only when it runs)
main.add_command(model_cli.model_group)  # `repair model list|convert`

main.add_command(review)

if __name__ == "__main__":  # pragma: no cover
    main()
