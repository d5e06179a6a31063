"""The ``repair`` command line: ``check``, ``fix`` and ``rules`` (click, rich).

Exit codes: 0 nothing found (or nothing left after fixing), 1 findings, 2 an error
(bad input, pack or settings), reported as one line naming the path and the cause.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shlex
import sys
from pathlib import Path
from typing import Callable

import click

from repair import __version__, bilingual, commit, formats, interrupts, outputs, report
from repair.config import config_start, find_config, load_settings
from repair.document import Document
from repair.edits import Edit
from repair.engine import Engine, Settings
from repair.console import LazyConsole, escape
from repair.errors import RepairError
from repair.fileio import atomic_write_all, read_bytes
from repair.report import plural
from repair.inputs import InputFile, backup_path, check_out_dir, check_outputs, expand, output_path, require_text
from repair.model import command as model_cli
from repair.rules.examples import run_examples
from repair.usage import RepairGroup

#: stdout; when it is no terminal (a pipe, a log) tables get 200 columns instead of rich's 80
out = LazyConsole(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = LazyConsole(stderr=True, highlight=False, soft_wrap=True)


class LazyGroup(RepairGroup):
    """A :class:`~repair.usage.RepairGroup` whose commands named in ``lazy`` load only when
    used, so that a one-line ``repair check`` never imports the review or evaluation code. ``lazy`` maps a name to
    ``module`` (which registers the command on this group when imported) or ``module:attr``
    (the command itself)."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            import importlib

            module, _, attr = self.lazy[name].partition(":")
            loaded = importlib.import_module(module)
            if attr:
                self.add_command(getattr(loaded, attr), name)
        return super().get_command(ctx, name)


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def engine_options(f: Callable) -> Callable:
    """The options every command that runs rules shares."""
    f = click.option("--config", "config", type=click.Path(), help="A pyproject.toml with [tool.repair], or a repair.toml (default: the nearest one above the inputs).")(f)
    f = click.option("--no-builtin-packs", is_flag=True, help="Load only the packs given with --pack.")(f)
    f = click.option("--ignore", multiple=True, metavar="PREFIXES", help="Rule-id prefixes to disable (comma-separated or repeated).")(f)
    f = click.option("--select", multiple=True, metavar="PREFIXES", help="Rule-id prefixes to enable, e.g. zh-en,mt-en/characters.")(f)
    f = click.option("--pack", "packs", multiple=True, type=click.Path(), metavar="PATH", help="A rule pack (YAML) of your own; repeatable.")(f)
    return f


def build_settings(packs, select, ignore, no_builtin_packs, config, paths=()) -> Settings:
    """Merge ``[tool.repair]`` and the command line: CLI select replaces, ignore and packs add.

    ``config`` (``--config``) names the settings file (a pyproject.toml or a repair.toml); else it is the nearest one above the
    inputs ``paths`` (see :func:`repair.config.config_start`).
    """
    settings = load_settings(Path(config) if config else find_config(config_start(paths)))
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
        except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP where interrupts.install() ran
            done = "nothing was written (every output is as it was)" if not commit.committed else \
                f"it came after every output was written ({plural(commit.committed, 'file')})"
            err.print(f"repair: {interrupts.describe(exc)}; {done}")
            sys.exit(interrupts.exit_status(exc))

    return wrapper


def read_documents(paths: list[str], exclude: str | None = None) -> list[tuple[InputFile, Document, str]]:
    """Read every input before anything is written (a bad file stops the run cleanly);
    folder walks leave out ``exclude`` (the output folder).

    Returns:
        ``[(item, document, digest)]`` in input order; ``digest`` is the SHA-256 (hex) of the
        bytes as read, so a writer can refuse when the file changed since (review's save).

    Raises:
        InputError: for an unreadable input or one with nothing to check.
    """
    items = expand(list(paths), exclude)
    docs, digests = [], []
    for item in items:
        data = sys.stdin.buffer.read() if item.path == "-" else read_bytes(item.path)
        doc = formats.read(item.path, data, target_lang=bilingual.current().target_lang)
        require_text(doc)
        docs.append((item, doc))
        digests.append(hashlib.sha256(data).hexdigest())
    return [(item, doc, digest) for (item, doc), digest in zip(bilingual.with_sources(docs), digests)]


def read_inputs(paths: tuple[str, ...], exclude: str | None = None) -> list[tuple[InputFile, Document]]:
    """:func:`read_documents` without the digests."""
    return [(item, doc) for item, doc, _ in read_documents(list(paths), exclude)]


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             lazy={"eval": "repair.eval.command", "learn": "repair.learn.command", "review": "repair.review.cli:review"})
@click.version_option(__version__, prog_name="repair")
def main() -> None:
    """Find and fix the known errors of machine-translated English."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "github"]), default="text", show_default=True,
              help="github: GitHub Actions annotations, one line per finding.")
@engine_options
@model_cli.model_options
@bilingual.source_options
@handle_errors
def check(paths, fmt, packs, select, ignore, no_builtin_packs, config) -> None:
    """List every finding: path:line:col, rule, MQM category and severity, message, fix.

    PATHS are files, folders (walked for .txt and .md) or - for stdin.
    """
    engine = bilingual.with_glossary(Engine.from_settings(build_settings(packs, select, ignore, no_builtin_packs, config, paths)))
    results = model_cli.add_check_edits([(doc, engine.check(doc)) for _, doc in read_inputs(paths)])
    all_edits = [e for _, edits in results for e in edits]
    if fmt == "json":
        from repair.eval.runs import mqm_fields

        click.echo(report.json_report(results, *mqm_fields(engine, results)))
    elif fmt == "jsonl":
        for doc, edits in results:
            for d in report.finding_dicts(doc, edits):
                click.echo(json.dumps(d, ensure_ascii=False))
    elif fmt == "github":
        for doc, edits in results:
            for line in report.github_lines(doc, edits):
                click.echo(line)
    else:  # plain lines (no rich: text of the file is printed as it is)
        for doc, edits in results:
            lines = list(report.text_lines(doc, edits))
            for k in range(0, len(lines), 500):  # one write per 500 lines, not per line
                click.echo("\n".join(lines[k:k + 500]))
        click.echo(report.summary_line(report.summary(all_edits, len(results))))
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
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are left (errors still exit 2): for hooks that fail on changed files.")
@engine_options
@model_cli.model_options
@bilingual.source_options
@bilingual.mark_option
@handle_errors
def fix(paths, unsafe_fixes, show_diff, out_dir, output, in_place, no_backup, report_out, quiet, exit_zero, packs, select, ignore, no_builtin_packs, config) -> None:
    """Write corrected copies (article.txt -> article.repaired.txt); originals stay untouched.

    Safe fixes only, unless --unsafe-fixes. With - as the path, reads stdin and writes the
    corrected text to stdout. Exits 1 when findings remain after fixing (or, with --diff,
    when there are changes), 0 otherwise.
    """
    from repair.eval.batch import fix_report_bytes, write_fix_report
    from repair.eval.progress import progress

    settings = build_settings(packs, select, ignore, no_builtin_packs, config, paths)
    unsafe = settings.unsafe_fixes if unsafe_fixes is None else unsafe_fixes
    if sum(bool(x) for x in (out_dir, output, in_place)) > 1:
        raise click.UsageError("use one of --out-dir, -o/--output and --in-place")
    if no_backup and not in_place:
        raise click.UsageError("--no-backup goes with --in-place")
    if "-" in paths and (out_dir or output or in_place):
        used = "--out-dir" if out_dir else "-o/--output" if output else "--in-place"
        raise click.UsageError(f"{used} needs a file; with - (stdin) the corrected text goes to stdout")
    engine = bilingual.with_glossary(Engine.from_settings(settings))
    check_out_dir(out_dir)
    inputs = read_inputs(paths, exclude=out_dir)
    if output and len(inputs) > 1:
        raise click.UsageError("-o/--output takes one input; use --out-dir for several")
    interrupts.install()  # SIGTERM/SIGHUP end the run as Ctrl-C does: staged files removed
    stdin = inputs[0][0].path == "-"
    targets = [] if show_diff or stdin else [output_path(item, out_dir, output, in_place) for item, _ in inputs]
    check_outputs([item for item, _ in inputs], targets, in_place)
    backups = {item.path: (backup_path(item.path, data), data) for item, data in
               ((item, read_bytes(item.path)) for item, _ in inputs)} if targets and in_place and not no_backup else {}
    planned = [outputs.Output(t, f"the corrected copy of {item.path}", in_place) for (item, _), t in zip(inputs, targets)]
    planned += [outputs.Output(bak, f"the backup of {name}") for name, (bak, _) in backups.items() if bak is not None]
    planned += [outputs.Output(report_out, "the report")] if report_out else []
    for note in outputs.check(planned, [item.path for item, _ in inputs]):  # before the slow part
        err.print(escape(f"repair: {note}"))
    results: list[tuple[InputFile, Document, Document, list[Edit], list[Edit]]] = []
    for item, doc in progress(inputs, "fixing", len(inputs), err, quiet):
        fixed, rounds, remaining = engine.fix_checked(doc, unsafe=unsafe, extra=model_cli.accepted_edits(engine, doc))
        fixed = bilingual.mark_changes(fixed, rounds)  # the same segments: the same findings
        results.append((item, doc, fixed, [e for r in rounds for e in r], remaining))
    if report_out and (show_diff or stdin):
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
    if stdin:
        sys.stdout.buffer.write(formats.write_bytes(results[0][2]))
        sys.stdout.buffer.flush()
        sys.exit(1 if results[0][4] else 0)
    writes = []  # all or nothing: staged beside their targets, then renamed together (repair.commit)
    for (item, doc, fixed, applied, _), target in zip(results, targets):
        if in_place and not applied:
            continue
        bak, original = backups.get(item.path, (None, b""))
        if bak is not None:
            writes.append((bak, original, item.path))
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
    sys.exit(1 if left and not exit_zero else 0)


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
    from rich.table import Table

    table = Table(show_lines=False, expand=False)
    for col in ("id", "kind", "category", "severity", "fix", "message"):
        table.add_column(col, overflow="fold")
    for r in engine.rules:
        table.add_row(r.id, r.kind, r.category, r.severity.value, r.applicability.value, escape(r.message))
    out.print(table)
    out.print(f"{len(engine.rules)} rules")


@main.command()
@handle_errors
def server() -> None:
    """Run the language server for editors (LSP over stdio): diagnostics, fixes, ignore-rule actions."""
    from repair.server.app import serve  # pygls only when serving

    serve()


# `repair eval`, `repair learn` and `repair review` load when used (LazyGroup above); each registers itself on `main`
main.add_command(model_cli.model_group)  # `repair model list|convert`

if __name__ == "__main__":  # pragma: no cover
    main()
