"""The language server: diagnostics, quick fixes, ignore-rule actions and source hovers.

Run by ``repair server`` (LSP over stdio, pygls). For every open plain-text, Markdown, PO,
XLIFF, TMX or table document it publishes one diagnostic per finding (code: the rule id;
the message with the MQM category and severity and the fix), on open at once and on change
after :data:`DEBOUNCE` seconds without a further change. Code actions on a finding: apply
its fix (safe and unsafe fixes; display-only findings have none), ignore its rule (the
command ``repair.ignoreRule``, run by the server, so it works in every editor), and apply
every safe fix in the file (kind ``source.fixAll.repair``). In bilingual files a hover over
a target shows its source. A document that cannot be read, or bad settings, give one
diagnostic saying why; an unexpected error gives one diagnostic and a log line, and the
server goes on.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from repair import __version__, report
from repair.edits import Edit, Severity
from repair.errors import InputError, RepairError
from repair.server.analysis import Analysis, analyse, format_of
from repair.server.textedits import text_edits
from repair.server.workspace import Engines, ignore_rule, ignore_target, known_rule

#: Seconds without a change before a changed document is checked again.
DEBOUNCE = 0.1
#: The command that adds a rule to the ``ignore`` list of the settings (arguments: uri, rule id).
IGNORE_COMMAND = "repair.ignoreRule"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.repair"
SOURCE = "repair"

_SEVERITY = {
    Severity.CRITICAL: types.DiagnosticSeverity.Error,
    Severity.MAJOR: types.DiagnosticSeverity.Warning,
    Severity.MINOR: types.DiagnosticSeverity.Information,
}

log = logging.getLogger(__name__)


class RepairServer(LanguageServer):
    """pygls's server plus what `repair` keeps per open document."""

    def __init__(self) -> None:
        super().__init__("repair", __version__)
        self.engines = Engines()
        self.analyses: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.Task] = {}

    # -- checking ---------------------------------------------------------------------------

    def folder_of(self, path: str) -> Path:
        """The folder whose settings apply to a document (the workspace's for a buffer)."""
        p = Path(path)
        if p.is_absolute():
            return p.parent
        root = self.workspace.root_path if self.workspace else None
        return Path(root) if root else Path.cwd()

    def analysis(self, uri: str) -> Analysis | None:
        """The analysis of the document's current version, made now when the last one is
        older (a change still waiting for its debounced check); ``None`` when `repair` does
        not read this document."""
        if uri not in self.workspace.text_documents:
            return None  # never opened (or closed): pygls would read it from disk, or fail
        document = self.workspace.get_text_document(uri)
        fmt = format_of(document.path, document.language_id)
        if fmt is None:
            return None
        last = self.analyses.get(uri)
        try:
            engine = self.engines.for_folder(self.folder_of(document.path))
        except RepairError as exc:
            found = Analysis(document.path, document.source, document.version, error=exc)
        else:
            if (
                last is not None
                and last.engine is engine
                and last.version == document.version
                and last.source == document.source
            ):
                return last  # the settings did not change either
            try:
                found = analyse(document.path, document.source, document.version, fmt, engine, last)
            except RepairError as exc:  # a writer's or reader's refusal
                found = Analysis(document.path, document.source, document.version, engine, error=exc)
        self.analyses[uri] = found
        return found

    def publish(self, uri: str) -> None:
        """Check the document (or reuse its current analysis) and publish its diagnostics."""
        document = self.workspace.get_text_document(uri)
        try:
            found = self.analysis(uri)
            diagnostics = [] if found is None else diagnostics_of(self, found)
        except Exception as exc:  # never a crashed server: one diagnostic and a log line
            log.error("repair: checking %s failed:\n%s", uri, traceback.format_exc())
            self.analyses.pop(uri, None)
            diagnostics = [
                types.Diagnostic(
                    range=_line_range(0),
                    message=f"repair: internal error: {type(exc).__name__}: {exc}",
                    severity=types.DiagnosticSeverity.Error,
                    source=SOURCE,
                    code="internal-error",
                )
            ]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=document.version)
        )

    def schedule(self, uri: str, delay: float) -> None:
        """Publish the document's diagnostics after ``delay`` seconds, replacing a check
        already waiting (the debounce)."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self.pending.pop(uri, None)
            if uri in self.workspace.text_documents:
                self.publish(uri)

        self.pending[uri] = asyncio.ensure_future(later())

    # -- positions --------------------------------------------------------------------------

    def encoding(self) -> str:
        """The client's position units: ``"utf-16"`` unless it chose UTF-8 or UTF-32 at
        initialisation."""
        encoding = self.workspace.position_encoding
        if encoding == types.PositionEncodingKind.Utf32:
            return "utf-32"
        if encoding == types.PositionEncodingKind.Utf8:
            return "utf-8"
        return "utf-16"

    def units(self, text: str) -> int:
        """The length of ``text`` in the client's position units."""
        if text.isascii():
            return len(text)
        encoding = self.encoding()
        if encoding == "utf-32":
            return len(text)
        if encoding == "utf-8":
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, found: Analysis, offset: int) -> types.Position:
        """An offset of the analysed text as an LSP position in the client's units."""
        line, col = found.line_col(offset)
        start = found.line_starts()[line]
        return types.Position(line=line, character=found.units(start, start + col, self.encoding()) if col else 0)

    def range(self, found: Analysis, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(found, start), end=self.position(found, end))

    def offset(self, found: Analysis, position: types.Position) -> int:
        """An LSP position (client units) as an offset of the analysed text."""
        starts = found.line_starts()
        if position.line >= len(starts):
            return len(found.source)
        start = starts[position.line]
        end = starts[position.line + 1] if position.line + 1 < len(starts) else len(found.source)
        units = 0
        i = start
        while i < end and units < position.character:
            units += self.units(found.source[i])
            i += 1
        return i

    def workspace_edit(self, uri: str, found: Analysis, edits: list[tuple[int, int, str]]) -> types.WorkspaceEdit:
        """Text edits (offsets of the analysed text) for the client, tied to the version
        checked when the client takes versioned edits."""
        text_edits_ = [types.TextEdit(range=self.range(found, s, e), new_text=new) for s, e, new in edits]
        caps = self.client_capabilities.workspace
        if caps and caps.workspace_edit and caps.workspace_edit.document_changes:
            ident = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=found.version)
            return types.WorkspaceEdit(
                document_changes=[types.TextDocumentEdit(text_document=ident, edits=text_edits_)]
            )
        return types.WorkspaceEdit(changes={uri: text_edits_})


def _line_range(line: int) -> types.Range:
    return types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line + 1, character=0))


def diagnostic(ls: RepairServer, found: Analysis, edit: Edit) -> types.Diagnostic:
    """One finding as a diagnostic: the rule id as its code, the message with the fix and
    the MQM category and severity; ``data`` names the edit for code actions. A finding over
    no text and without a fix (a number missing from a target) covers its whole segment,
    which an editor can show."""
    start, end = found.span(edit)
    if start == end and edit.replacement == edit.original:
        start, end = found.segment_span(edit.segment)
    return types.Diagnostic(
        range=ls.range(found, start, end),
        message=f"{edit.message}: {report.fix_text(edit)} [{edit.category}, {edit.severity.value}]",
        severity=_SEVERITY[edit.severity],
        code=edit.rule_id,
        source=SOURCE,
        data={
            "segment": edit.segment,
            "start": edit.start,
            "end": edit.end,
            "rule": edit.rule_id,
            "category": edit.category,
            "severity": edit.severity.value,
            "fix": edit.applicability.value,
        },
    )


def diagnostics_of(ls: RepairServer, found: Analysis) -> list[types.Diagnostic]:
    """The diagnostics of an analysis: one per finding, or one for an error."""
    if found.error is not None:
        exc = found.error
        if exc.path == found.path:  # the document itself
            line, message, code = (
                (exc.line - 1 if exc.line else 0),
                f"repair cannot read this file: {exc.message}",
                "input-error",
            )
        else:  # the settings or a pack they name
            line, message, code = 0, f"repair: bad settings: {exc}", "settings-error"
        return [
            types.Diagnostic(
                range=_line_range(line),
                message=message,
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
                code=code,
            )
        ]
    if found.diagnostics is None:
        before = found.previous
        head, tail = found.unchanged
        reuse: dict[int, types.Diagnostic] = {}
        if before is not None and before.diagnostics is not None and len(before.diagnostics) == len(before.edits):
            reuse = {
                id(e): d for e, d in zip(before.edits, before.diagnostics) if e.segment < head or e.segment >= tail
            }
        found.diagnostics = [reuse.get(id(e)) or diagnostic(ls, found, e) for e in found.edits]
        found.previous = None  # no chain of old versions kept alive
    return found.diagnostics


def _fixable(edit: Edit) -> bool:
    return edit.applicability.applies(unsafe=True) and edit.replacement != edit.original


def _edit_fix(found: Analysis, edit: Edit) -> list[tuple[int, int, str]]:
    """One edit's fix as text edits: its span for plain text, the unit rewritten by the
    format's writer for bilingual files (escaping, wrapping)."""
    if found.locator is not None and found.locator.units is None:
        start, end = found.span(edit)
        return [(start, end, edit.replacement)]
    return text_edits(found.source, found.fixed_source([edit]))


server = RepairServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: RepairServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: RepairServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE)


SETTINGS_FILES = ("pyproject.toml", "repair.toml")


def _settings_changed(ls: RepairServer) -> None:
    for uri in list(ls.analyses):  # every open document again (engines are rebuilt by mtime)
        ls.schedule(uri, 0)


@server.feature(types.INITIALIZED)
def initialized(ls: RepairServer, params: types.InitializedParams) -> None:
    """Ask the client to report changes of settings files, where it can."""
    caps = ls.client_capabilities.workspace
    if caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration:
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in SETTINGS_FILES]
        ls.client_register_capability(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="repair-settings",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                    )
                ]
            )
        )


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched_files_changed(ls: RepairServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(change.uri.rsplit("/", 1)[-1] in SETTINGS_FILES for change in params.changes):
        _settings_changed(ls)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: RepairServer, params: types.DidSaveTextDocumentParams) -> None:
    if Path(ls.workspace.get_text_document(params.text_document.uri).path).name in SETTINGS_FILES:
        _settings_changed(ls)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: RepairServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    ls.analyses.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=True),
)
def code_action(ls: RepairServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    found = ls.analysis(uri)
    if found is None or found.doc is None:
        return None
    only = params.context.only
    wants = lambda kind: not only or any(kind == k or kind.startswith(f"{k}.") for k in only)  # noqa: E731
    lo, hi = ls.offset(found, params.range.start), ls.offset(found, params.range.end)
    actions: list[types.CodeAction] = []
    ignored: set[str] = set()
    for edit in found.edits:
        start, end = found.span(edit)
        if start > hi or end < lo:
            continue
        diag = diagnostic(ls, found, edit)
        if wants(types.CodeActionKind.QuickFix) and _fixable(edit):
            actions.append(
                types.CodeAction(
                    title=f"Fix: {edit.original!r} -> {edit.replacement!r} ({edit.rule_id}, {edit.applicability.value})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    edit=ls.workspace_edit(uri, found, _edit_fix(found, edit)),
                    is_preferred=edit.applicability.applies(),
                )
            )
        if wants(types.CodeActionKind.QuickFix) and edit.rule_id not in ignored and Path(found.path).is_absolute():
            ignored.add(edit.rule_id)
            target = ignore_target(Path(found.path))
            title = f"Ignore rule {edit.rule_id} (in {target.name}: {target.parent})"
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    command=types.Command(title=title, command=IGNORE_COMMAND, arguments=[uri, edit.rule_id]),
                )
            )
    safe = found.safe_count()
    if safe and wants(FIX_ALL_KIND):
        action = types.CodeAction(
            title=f"Apply every safe fix in this file ({safe} found)",
            kind=FIX_ALL_KIND,
            data={"uri": uri, "version": found.version},
        )
        caps = ls.client_capabilities.text_document
        resolve = caps and caps.code_action and caps.code_action.resolve_support
        if not (resolve and "edit" in resolve.properties):
            action.edit = ls.workspace_edit(uri, found, text_edits(found.source, found.fixed_source()))
        actions.append(action)
    return actions


@server.feature(types.CODE_ACTION_RESOLVE)
def resolve_code_action(ls: RepairServer, action: types.CodeAction) -> types.CodeAction:
    data: Any = action.data or {}
    uri = data.get("uri") if isinstance(data, dict) else None
    if action.edit is None and isinstance(uri, str) and uri in ls.workspace.text_documents:
        found = ls.analysis(uri)
        if found is not None and found.doc is not None and found.version == data.get("version"):
            action.edit = ls.workspace_edit(uri, found, text_edits(found.source, found.fixed_source()))
    return action


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: RepairServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.analysis(params.text_document.uri)
    if found is None or found.doc is None:
        return None
    index = found.segment_at(ls.offset(found, params.position))
    if index is None:
        return None
    seg = found.doc.segments[index]
    if seg.source is None:
        return None
    start, end = found.segment_span(index)
    label = "source" if not seg.id or seg.source.startswith(seg.id) else f"source ({seg.id})"  # a PO id is its msgid
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.PlainText, value=f"{label}: {seg.source}"),
        range=ls.range(found, start, end),
    )


@server.command(IGNORE_COMMAND)
def ignore_command(ls: RepairServer, uri: str, rule: str) -> dict | None:
    """Ignore ``rule`` (a rule id or id prefix) for the open document ``uri``. Arguments a
    client made up (a document not open, a rule no pack defines) are refused with a message
    and nothing is written: a settings file naming an unknown rule is an error for every
    later check."""

    def refuse(message: str) -> None:
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Error, message=f"repair: error: {message}")
        )

    if uri not in ls.workspace.text_documents:
        refuse(f"{uri}: not an open document")
        return None
    path = Path(ls.workspace.get_text_document(uri).path)
    try:
        if not isinstance(rule, str) or not known_rule(ls.engines.for_folder(ls.folder_of(str(path))), rule):
            refuse(f"{path}: {rule!r} names no rule (see `repair rules`)")
            return None
        written = ignore_rule(path, rule)
    except RepairError as exc:
        refuse(str(exc))
        return None
    ls.engines.clear()
    for open_uri in list(ls.analyses):
        ls.analyses.pop(open_uri, None)
        ls.schedule(open_uri, 0)
    ls.window_show_message(
        types.ShowMessageParams(type=types.MessageType.Info, message=f"repair: {rule} ignored in {written}")
    )
    return {"path": str(written), "rule": rule}


def serve() -> None:
    """Run the server on stdin and stdout until the client says exit.

    Raises:
        InputError: when a message header announces more bytes than memory holds (pygls
            reads the whole body at once: a MemoryError, a traceback before).
    """
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        server.start_io()
    except MemoryError:
        raise InputError("<stdin>", "a message longer than memory can hold (its Content-Length header)") from None
