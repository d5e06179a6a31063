"""`repair server` end to end: the real server in a subprocess, driven by a real LSP client
(pytest-lsp) with the capabilities VS Code announces."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Union

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from repair.server.textedits import apply_text_edits

from conftest import ARTICLE, ROOT, SAMPLES

pytestmark = pytest.mark.asyncio

PO = SAMPLES / "wmt21-zh-en.njusc-tsc.po"
XLF = SAMPLES / "wmt21-zh-en.online-a.xlf"
ENV = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "repair", "server"], server_env=ENV)
)
async def client(lsp_client: LanguageClient):
    # lsprotocol 2025.0.0 reads any code action that has a "command" as a Command (its
    # _code_action_hook); a Command's "command" is a string, a CodeAction's an object
    converter = lsp_client.protocol._converter
    converter.register_structure_hook(
        Union[types.Command, types.CodeAction],  # noqa: UP007 -- the key cattrs registered the hook under (typing.Union)
        lambda obj, _: converter.structure(
            obj, types.Command if isinstance(obj.get("command"), str) else types.CodeAction
        ),
    )
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:  # what VS Code does with the request
        lsp_client.registrations.extend(params.registrations)

    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=ROOT.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


async def open_doc(
    client: LanguageClient, path: Path, text: str, language: str = "plaintext"
) -> list[types.Diagnostic]:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=path.as_uri(), language_id=language, version=1, text=text)
        )
    )
    return await diagnostics(client, path.as_uri(), 1)


async def diagnostics(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    while True:
        params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == uri and params.version == version:
            return list(params.diagnostics)


def spans(diags) -> list[tuple]:
    return [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) for d in diags
    ]


def offset(text: str, pos: types.Position) -> int:
    """An LSP position (UTF-16 units) as a character offset of ``text`` (LF line breaks here)."""
    start = sum(len(line) for line in text.splitlines(keepends=True)[: pos.line])
    line = text[start:]
    units = i = 0
    while units < pos.character:
        units += 2 if ord(line[i]) > 0xFFFF else 1
        i += 1
    return start + i


def apply(text: str, edit: types.WorkspaceEdit) -> str:
    (change,) = edit.document_changes
    return apply_text_edits(
        text, [(offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in change.edits]
    )


#: The sample article's 28 findings: rule, then start line and character, end line and character (0-based, UTF-16).
ARTICLE_SPANS = [
    ("zh-en/calque/work-safety", 2, 77, 2, 92),  # 'safe production'
    ("zh-en/calque/work-safety", 8, 211, 8, 228),  # 'safety production'
    ("zh-en/coordination/work-and-production", 8, 266, 8, 291),  # 'production and production'
    ("zh-en/calque/work-safety", 8, 323, 8, 340),  # 'safety production'
    ("mt-en/capitalization/mid-sentence", 8, 434, 8, 435),  # 'S'
    ("zh-en/calque/work-safety", 8, 529, 8, 544),  # 'safe production'
    ("mt-en/capitalization/mid-sentence", 10, 331, 10, 332),  # 'T'
    ("zh-en/calque/covid-19", 14, 247, 14, 269),  # 'new coronary pneumonia'
    ("mt-en/characters/space-before-possessive", 14, 451, 14, 454),  # ' ’s'
    ("zh-en/calque/xi-thought", 14, 455, 14, 517),  # 'socialist thinking with Chinese characteristics in the new era'
    ("mt-en/capitalization/mid-sentence", 14, 748, 14, 749),  # 'H'
    ("zh-en/calque/work-safety", 14, 859, 14, 876),  # 'safety production'
    ("mt-en/capitalization/mid-sentence", 14, 1117, 14, 1130),  # 'Effectiveness'
    ("mt-en/capitalization/mid-sentence", 14, 1132, 14, 1133),  # 'A'
    ("zh-en/calque/work-safety", 14, 1180, 14, 1197),  # 'safety production'
    ("zh-en/calque/teleconference", 16, 4, 16, 26),  # 'National TV Conference'
    ("zh-en/calque/work-safety", 16, 215, 16, 232),  # 'safety production'
    ("zh-en/coordination/work-and-production", 16, 339, 16, 364),  # 'production and production'
    ("zh-en/calque/work-safety", 16, 451, 16, 468),  # 'safety production'
    ("zh-en/calque/work-safety-committee", 16, 558, 16, 590),  # 'State Council Security Committee'
    ("zh-en/calque/work-safety-committee", 16, 667, 16, 699),  # 'State Council Security Committee'
    ("zh-en/name/given-name-alone", 18, 72, 18, 79),  # 'Jinping' (of "Jinping’s important instructions")
    ("zh-en/coordination/work-and-production", 18, 308, 18, 333),  # 'production and production'
    ("zh-en/calque/work-safety", 18, 686, 18, 703),  # 'safety production'
    ("zh-en/calque/work-safety", 18, 838, 18, 855),  # 'safety production'
    ("zh-en/casing/well-off-society", 18, 923, 18, 939),  # 'well-off Society'
    ("zh-en/calque/responsible-comrades", 20, 87, 20, 107),  # 'responsible comrades'
    ("zh-en/calque/work-safety-committee", 20, 190, 20, 222),  # 'State Council Security Committee'
]


async def test_article_diagnostics_fix_and_recheck(client: LanguageClient):
    text = read(ARTICLE)
    uri = ARTICLE.as_uri()
    diags = await open_doc(client, ARTICLE, text)
    assert spans(diags) == ARTICLE_SPANS
    jinping = diags[21]
    lines = text.splitlines()
    assert lines[18][72:81] == "Jinping's"
    assert jinping.message == (
        "a Chinese given name without its surname: 'Xi Jinping' was named in full earlier: "
        "'Jinping' -> 'Xi Jinping' (safe) [accuracy/mistranslation, major]"
    )
    assert jinping.data["fix"] == "safe" and jinping.data["category"] == "accuracy/mistranslation"
    assert jinping.severity == types.DiagnosticSeverity.Warning and jinping.source == "repair"

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=jinping.range,
            context=types.CodeActionContext(diagnostics=[jinping]),
        )
    )
    assert [a.title for a in actions] == [
        "Fix: 'Jinping' -> 'Xi Jinping' (zh-en/name/given-name-alone, safe)",
        f"Ignore rule zh-en/name/given-name-alone (in pyproject.toml: {ROOT})",
        "Apply every safe fix in this file (7 found)",
    ]
    fix = actions[0]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    (change,) = fix.edit.document_changes
    assert change.text_document.version == 1
    assert [
        (e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.new_text)
        for e in change.edits
    ] == [(18, 72, 18, 79, "Xi Jinping")]

    edit = change.edits[0]
    fixed = apply(text, fix.edit)
    assert fixed.splitlines()[18][72:107] == "Xi Jinping's important instructions"
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)],
        )
    )
    after = await diagnostics(client, uri, 2)
    shifted = [
        (r, l1, c1 + 3 * (l1 == 18 and c1 > 72), l2, c2 + 3 * (l2 == 18 and c2 > 72))
        for r, l1, c1, l2, c2 in ARTICLE_SPANS
    ]
    assert spans(after) == shifted[:21] + shifted[22:]

    # every safe fix: resolved lazily, and the same text `repair fix` writes
    fix_all = actions[2]
    assert fix_all.kind == "source.fixAll.repair" and fix_all.edit is None
    stale = await client.code_action_resolve_async(fix_all)
    assert stale.edit is None  # made for version 1; the document is at version 2
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    assert [a.title for a in actions] == ["Apply every safe fix in this file (6 found)"]
    resolved = await client.code_action_resolve_async(actions[0])
    assert apply(fixed, resolved.edit) == read(SAMPLES / "xinhua-2020-04-10-work-safety.mt.en.repaired.txt")


async def test_changes_are_debounced(client: LanguageClient):
    uri = (ROOT / "notes.txt").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text="All is well.\n")
        )
    )
    assert await diagnostics(client, uri, 1) == []
    for version, word in ((2, "the the"), (3, "a a"), (4, "new coronary pneumonia")):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=f"We saw {word} here.\n")],
            )
        )
    params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert params.version == 4  # the checks of versions 2 and 3 were replaced before they ran
    assert spans(params.diagnostics) == [("zh-en/calque/covid-19", 0, 7, 0, 29)]


PO_SPANS = [
    ("mt-en/characters/space-before-possessive", 31, 67, 31, 70),  # ' \'s' (of "the applicant 's")
    ("mt-en/characters/space-before-possessive", 56, 70, 56, 73),
    ("bilingual/names/spelling", 93, 46, 93, 59),  # 'Zhang Ruoxuan' for 张若昀 (issue 13)
    ("bilingual/names/spelling", 122, 48, 122, 61),
    ("bilingual/names/spelling", 130, 51, 130, 64),
    ("bilingual/names/spelling", 138, 70, 139, 8),  # over a line break of the msgstr
    ("bilingual/terms/official", 164, 50, 164, 66),  # 卫健委: 'Health Committee' (the words, issue 13)
    ("bilingual/terms/official", 165, 24, 165, 41),  # 新冠肺炎: 'Xinguan pneumonia'
    ("bilingual/numbers/changed", 187, 7, 187, 11),  # '2400'
    ("bilingual/numbers/missing", 187, 1, 194, 47),
    ("zh-en/calque/covid-19", 244, 30, 244, 49),  # 'new crown pneumonia'
]
XLIFF_SPANS = [
    ("bilingual/names/spelling", 57, 162, 57, 173),  # 'Zhang Rujun' for 张若昀 (issue 13)
    ("bilingual/names/spelling", 57, 240, 57, 247),  # 'Ma Yiyi' for 马伊琍 (Ma Yili)
    ("bilingual/names/spelling", 57, 249, 57, 260),  # 'Qin Haixuan' for 秦海璐 (Qin Hailu)
    ("bilingual/names/spelling", 72, 235, 72, 246),
    ("bilingual/names/spelling", 77, 191, 77, 201),  # 'Zhang Ruyu'
    ("bilingual/names/spelling", 87, 111, 87, 122),  # 'Qin Haixuan'
    ("bilingual/untranslated/cjk", 92, 229, 92, 230),  # '芈'
    ("bilingual/terms/official", 97, 53, 97, 83),  # 卫健委: 'Health And Wellness Commission' (not 'Provincial Health')
    ("zh-en/calque/covid-19", 97, 144, 97, 166),  # 'New Coronary Pneumonia'
    ("bilingual/numbers/missing", 102, 35, 102, 261),
    ("bilingual/numbers/changed", 107, 41, 107, 45),  # '2400'
    ("mt-en/capitalization/mid-sentence", 107, 265, 107, 266),
    ("bilingual/numbers/missing", 107, 35, 107, 408),
    ("zh-en/calque/covid-19", 142, 125, 142, 147),  # 'new coronary pneumonia'
]


def covered(text: str, d: types.Diagnostic) -> str:
    lines = text.splitlines(keepends=True)
    start = sum(len(x) for x in lines[: d.range.start.line]) + d.range.start.character
    end = sum(len(x) for x in lines[: d.range.end.line]) + d.range.end.character
    return text[start:end]


async def test_po_and_xliff_diagnostics_and_source_hover(client: LanguageClient):
    text = read(PO)
    po = await open_doc(client, PO, text, "po")
    assert spans(po) == PO_SPANS
    assert [covered(text, po[k]) for k in (0, 2, 6, 7, 8, 10)] == [
        " 's",
        "Zhang Ruoxuan",
        "Health Committee",
        "Xinguan pneumonia",
        "2400",
        "new crown pneumonia",
    ]
    # the whole msgstr, eight quoted lines: the source's 24, 13 (...) are missing
    assert covered(text, po[9]) == (
        'As of 2400 hours on July 25, Fujian Province has reported a total of 69 "\n"confirmed cases imported from '
        'abroad, 66 cases have been cured and "\n"discharged. At present, 3 cases have been hospitalized, with no '
        'deaths. At "\n"present, 0 suspected cases have been reported imported from abroad. At "\n"present, 13 '
        'cases of asymptomatic infected persons imported from abroad are "\n"still under centralized isolation '
        'medical observation. A total of 296 local "\n"confirmed cases (295 cases have been cured and discharged, '
        '0 cases have been"\n" hospitalized and 1 death) have been reported.'
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=PO.as_uri()), position=po[10].range.start)
    )
    assert hover.contents.kind == types.MarkupKind.PlainText
    assert hover.contents.value == (
        "source: 里约热内卢市长马塞罗·克里维拉25日宣布，鉴于新冠肺炎疫情在巴西不断扩散，有效疫苗尚未面市，该市决定取消2021年新年的庆祝活动。"
    )
    assert (hover.range.start.line, hover.range.start.character) == (
        243,
        1,
    )  # the msgstr's first string, past its quote

    text = read(XLF)
    xlf = await open_doc(client, XLF, text, "xml")
    assert spans(xlf) == XLIFF_SPANS
    assert [covered(text, xlf[k]) for k in (0, 4, 6, 7, 8, 10, 13)] == [
        "Zhang Rujun",
        "Zhang Ruyu",
        "芈",
        "Health And Wellness Commission",
        "New Coronary Pneumonia",
        "2400",
        "new coronary pneumonia",
    ]
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=XLF.as_uri()), position=types.Position(line=27, character=35)
        )  # the target of wmt21-375, which has no finding since the rate's 1 of 1美元兑 is no missing number
    )
    assert hover.contents.value == (
        "source (wmt21-375): 受中美关系紧张情势进一步升高影响，离岸、在岸人民币对美元汇率22日盘中一度大贬，双双跌破1美元兑人民币7.0元关口。"
    )
    assert (hover.range.start.line, hover.range.start.character, hover.range.end.character) == (27, 35, 260)
    # between units: no hover
    assert (
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=XLF.as_uri()),
                position=types.Position(line=0, character=0),
            )
        )
        is None
    )


async def test_unreadable_document_gives_one_diagnostic(client: LanguageClient, tmp_path: Path):
    bad = tmp_path / "broken.po"
    text = 'msgid "a"\nmsgstr "unterminated\n'
    diags = await open_doc(client, bad, text, "po")
    assert [(d.message, d.range.start.line, d.code, d.severity) for d in diags] == [
        (
            "repair cannot read this file: PO syntax error: unterminated string",
            1,
            "input-error",
            types.DiagnosticSeverity.Error,
        )
    ]
    xml = tmp_path / "broken.xlf"
    diags = await open_doc(
        client, xml, '<xliff version="1.2"><file><body><trans-unit id="1">\n</body></xliff>\n', "xml"
    )
    assert [(d.message, d.range.start.line) for d in diags] == [
        (
            "repair cannot read this file: malformed XML: Opening and ending tag mismatch: trans-unit line 1 and body, "
            "line 2, column 8",
            1,
        )
    ]
    # the server goes on: fixing the file gives its findings
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=bad.as_uri(), version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text='msgid "a"\nmsgstr "the the end"\n')],
        )
    )
    assert spans(await diagnostics(client, bad.as_uri(), 2)) == [
        ("mt-en/repetition/function-word", 1, 11, 1, 15)
    ]  # " the"


async def test_ignore_rule_writes_pyproject_then_repair_toml(client: LanguageClient, tmp_path: Path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    pyproject = project / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"  # keep me\n', encoding="utf-8")
    doc = project / "docs" / "a.txt"
    text = "We saw the the new coronary pneumonia.\n"
    diags = await open_doc(client, doc, text)
    assert [d.code for d in diags] == ["mt-en/repetition/function-word", "zh-en/calque/covid-19"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=doc.as_uri()),
            range=diags[1].range,
            context=types.CodeActionContext(diagnostics=[diags[1]]),
        )
    )
    ignore = [a for a in actions if a.command]
    assert [a.title for a in ignore] == [f"Ignore rule zh-en/calque/covid-19 (in pyproject.toml: {project})"]
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=ignore[0].command.command, arguments=ignore[0].command.arguments)
    )
    assert result["path"] == str(pyproject)
    assert pyproject.read_text(encoding="utf-8") == (
        '[project]\nname = "x"  # keep me\n\n[tool.repair]\nignore = ["zh-en/calque/covid-19"]\n'
    )
    assert [d.code for d in await diagnostics(client, doc.as_uri(), 1)] == ["mt-en/repetition/function-word"]

    lone = tmp_path / "lone"
    lone.mkdir()
    other = lone / "b.txt"
    diags = await open_doc(client, other, text)
    assert len(diags) == 2
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="repair.ignoreRule", arguments=[other.as_uri(), "mt-en/repetition"])
    )
    assert (lone / "repair.toml").read_text(encoding="utf-8") == 'ignore = ["mt-en/repetition"]\n'
    assert [d.code for d in await diagnostics(client, other.as_uri(), 1)] == ["zh-en/calque/covid-19"]


async def test_settings_changed_on_disk_apply_to_open_documents(client: LanguageClient, tmp_path: Path):
    doc = tmp_path / "a.md"
    diags = await open_doc(client, doc, "# Notes\n\nWe saw the the new coronary pneumonia.\n", "markdown")
    assert spans(diags) == [("mt-en/repetition/function-word", 2, 10, 2, 14), ("zh-en/calque/covid-19", 2, 15, 2, 37)]
    (watch,) = client.registrations  # the client is asked to report changed settings files
    assert (watch.method, [w["globPattern"] for w in watch.register_options["watchers"]]) == (
        "workspace/didChangeWatchedFiles",
        ["**/pyproject.toml", "**/repair.toml"],
    )
    settings = tmp_path / "repair.toml"
    settings.write_text('select = ["zh-en"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=settings.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    assert spans(await diagnostics(client, doc.as_uri(), 1)) == [("zh-en/calque/covid-19", 2, 15, 2, 37)]
    settings.write_text('select = ["zh-en/nope"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=settings.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    (bad,) = await diagnostics(client, doc.as_uri(), 1)
    assert (bad.message, bad.code, bad.range.start.line) == (
        f"repair: bad settings: {settings}: select: 'zh-en/nope' matches no rule (see `repair rules`)",
        "settings-error",
        0,
    )


async def test_made_up_requests_are_refused_and_write_nothing(client: LanguageClient, tmp_path: Path):
    """A client's made-up arguments: an ignore of a rule no pack defines (it would make the
    settings invalid for every later check), of a document never opened (anywhere on disk),
    a hover or code action on a document never opened: refused, nothing written."""
    doc = tmp_path / "a.txt"
    text = "We saw the the new coronary pneumonia.\n"
    assert len(await open_doc(client, doc, text)) == 2
    for arguments in (
        [doc.as_uri(), "no/such-rule"],
        [doc.as_uri(), 42],
        [doc.as_uri(), ""],
        [(tmp_path / "elsewhere" / "b.txt").as_uri(), "mt-en/repetition"],
    ):
        result = await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="repair.ignoreRule", arguments=arguments)
        )
        assert result is None
    assert [(m.type, m.message) for m in client.messages] == [
        (types.MessageType.Error, f"repair: error: {m}")
        for m in (
            f"{doc}: 'no/such-rule' names no rule (see `repair rules`)",
            f"{doc}: '42' names no rule (see `repair rules`)",
            f"{doc}: '' names no rule (see `repair rules`)",
            f"{(tmp_path / 'elsewhere' / 'b.txt').as_uri()}: not an open document",
        )
    ]
    assert list(tmp_path.rglob("*")) == []  # no repair.toml, no folder (the document lives in the editor only)
    ghost = (tmp_path / "ghost.txt").as_uri()
    assert (
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=ghost), position=types.Position(line=0, character=0)
            )
        )
        is None
    )
    assert (
        await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=ghost),
                range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
        is None
    )


async def test_a_header_announcing_more_than_memory_holds_is_one_line(tmp_path: Path):
    """A Content-Length of a petabyte: pygls reads a body at once (MemoryError, a traceback
    before): one line, exit 2."""
    import subprocess

    r = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "repair", "server"],
        input=b"Content-Length: 1000000000000000\r\n\r\n{}",
        capture_output=True,
        env=ENV,
        timeout=60,
    )
    assert (r.returncode, r.stdout, r.stderr.decode()) == (
        2,
        b"",
        "repair: error: <stdin>: a message longer than memory can hold (its Content-Length header)\n",
    )
