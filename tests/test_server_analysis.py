"""The language server's document model without a client: incremental checks, file positions,
text edits and the ignore-rule writer."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from repair import formats
from repair.server.analysis import analyse, encode_source, format_of
from repair.server.textedits import apply_text_edits, text_edits
from repair.server.workspace import ignore_rule, ignore_target

from conftest import ARTICLE

tomlkit = pytest.importorskip("tomlkit")


def _findings(a):
    return [(e.segment, e.start, e.end, e.rule_id, e.replacement) for e in a.edits]


class _Client:
    """The parts of the server that turn findings into diagnostics, for a UTF-16 client."""

    class workspace:
        position_encoding = "utf-16"

    from repair.server.app import RepairServer

    units = RepairServer.units
    encoding = RepairServer.encoding
    position = RepairServer.position
    range = RepairServer.range


def _diagnostics(found):
    from repair.server.app import diagnostics_of

    return [
        (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.code, d.message)
        for d in diagnostics_of(_Client(), found)
    ]


def test_incremental_check_equals_a_full_check(engine):
    """Random line edits, insertions and deletions of the article, each version checked from
    the one before: always what a check from scratch finds, and the same diagnostics (those
    of unchanged lines reused)."""
    rnd = random.Random(7)
    lines = ARTICLE.read_text(encoding="utf-8").splitlines(keepends=True)
    pool = lines + [
        "Jinping's visit.\n",
        "Xi Jinping spoke.\n",
        "\n",
        "The the Effectiveness of work.\n",
        "safety production\n",
    ]
    fmt = format_of("a.txt", None)
    previous = None
    for version in range(40):
        k = rnd.randrange(len(lines) + 1)
        op = rnd.choice("iedd" if len(lines) > 5 else "ii")
        if op == "i":
            lines.insert(k, rnd.choice(pool))
        elif op == "d" and k < len(lines):
            del lines[k]
        elif k < len(lines):
            lines[k] = (
                lines[k].replace("production", "production and production", 1)
                if rnd.random() < 0.5
                else rnd.choice(pool)
            )
        text = "".join(lines)
        step = analyse("a.txt", text, version, fmt, engine, previous)
        full = analyse("a.txt", text, version, fmt, engine)
        assert _findings(step) == _findings(full), version
        assert _diagnostics(step) == _diagnostics(full), version
        previous = step


def test_spans_count_a_bom_crlf_and_characters_beyond_the_bmp(engine):
    text = "\ufeff😀 line\r\nWe saw the the 😀 end.\r\n"
    a = analyse("a.txt", text, 1, format_of("a.txt", None), engine)
    (edit,) = a.edits
    start, end = a.span(edit)
    assert (text[start:end], a.line_col(start), a.line_col(end)) == (" the", (1, 10), (1, 14))


def test_documents_read_by_suffix_or_language_and_encoded_as_declared(engine):
    assert format_of("/x/a.po", None).name == "po"
    assert format_of("/x/a.xlf", "xml").name == "xliff"
    assert format_of("Untitled-1", "markdown").name == "markdown"
    assert format_of("/x/a.py", "python") is None
    fmt = formats.FORMATS["xliff"]
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<x>é</x>\n'
    assert encode_source(fmt, "a.xlf", xml) == xml.encode("latin-1")
    a = analyse("a.txt", "  \n", 1, format_of("a.txt", None), engine)
    assert (a.doc, a.error, a.edits) == (None, None, [])  # an empty buffer is no error


def test_text_edits_are_minimal():
    old = "one\ntwo three\nfour\n"
    new = "one\ntwo 3\nfour\nfive\n"
    edits = text_edits(old, new)
    assert edits == [(8, 13, "3"), (19, 19, "five\n")]
    assert apply_text_edits(old, edits) == new
    assert text_edits(old, old) == []


def test_fix_of_a_po_unit_is_written_by_the_po_writer(engine):
    path = "strings.po"
    text = (
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "It is \\"the the\\" end"\n'
    )
    a = analyse(path, text, 1, format_of(path, None), engine)
    (edit,) = a.edits
    start, end = a.span(edit)
    assert text[start:end] == " the"
    assert text_edits(text, a.fixed_source([edit])) == [(start, end, "")]  # no '# repair:' mark from the editor


def test_ignore_rule_keeps_the_file_and_appends_once(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    doc = tmp_path / "docs" / "a.txt"
    py = tmp_path / "pyproject.toml"
    py.write_text('[tool.repair]\n# house rules\nignore = [\n  "mt-en/capitalization",  # noisy\n]\n', encoding="utf-8")
    assert ignore_target(doc) == py
    assert ignore_rule(doc, "zh-en/name") == py
    assert ignore_rule(doc, "zh-en/name") == py  # already there: unchanged
    assert py.read_text(encoding="utf-8") == (
        '[tool.repair]\n# house rules\nignore = [\n  "mt-en/capitalization",  # noisy\n  "zh-en/name",\n]\n'
    )
    (tmp_path / "docs" / "repair.toml").write_text("# mine\n", encoding="utf-8")
    assert ignore_rule(doc, "mt-en") == tmp_path / "docs" / "repair.toml"
    assert (tmp_path / "docs" / "repair.toml").read_text(encoding="utf-8") == '# mine\nignore = ["mt-en"]\n'


def test_xliff_spans_follow_entities_and_raw_code(engine):
    """A code element's content is kept raw in the segment (``&amp;amp;`` stays five
    characters and more), an entity in character data is one character."""
    path = "a.xlf"
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="zh" '
        'target-language="en" datatype="plaintext" original="x"><body>\n'
        '<trans-unit id="1"><source>a</source><target><ph>&amp;amp;</ph>x &amp; the the end</target></trans-unit>\n'
        "</body></file></xliff>\n"
    )
    a = analyse(path, text, 1, format_of(path, None), engine)
    (edit,) = a.edits
    start, end = a.span(edit)
    assert (text[start:end], a.line_col(start)) == (" the", (2, 74))


def test_a_raw_form_not_followed_points_at_the_whole_unit(engine):
    """A quoted CSV cell is not walked character by character: its finding covers the unit
    (the target cell, as the CSV reader bounds it)."""
    path = "a.csv"
    text = 'source,target\n源,"We saw the the ""end"", ok."\n'
    a = analyse(path, text, 1, format_of(path, None), engine)
    (edit,) = a.edits
    start, end = a.span(edit)
    assert text[start:end] == '"We saw the the ""end"", ok."'


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_position_units_of_every_offset_of_a_mixed_text(engine, encoding):
    """The length in LSP units of every prefix of every line (CJK, curly quotes, emoji,
    CRLF and CR breaks) is that of the line's text encoded:
    the index of wide characters counts what encoding the slice would."""
    text = "a\u2019s 😀 中文 x\r\n😀😀\rplain\n\u00e9 tail é\n"
    a = analyse("a.txt", text, 1, format_of("a.txt", None), engine)
    width = {
        "utf-16": lambda t: len(t.encode("utf-16-le", "surrogatepass")) // 2,
        "utf-8": lambda t: len(t.encode("utf-8", "surrogatepass")),
        "utf-32": len,
    }[encoding]
    starts = a.line_starts()
    got = [a.units(starts[a.line_col(o)[0]], o, encoding) for o in range(len(text) + 1)]
    assert got == [width(text[starts[a.line_col(o)[0]] : o]) for o in range(len(text) + 1)]
    assert a.units(0, len(text), encoding) == {"utf-16": 33, "utf-8": 47, "utf-32": 30}[encoding]


def test_positions_on_a_long_line_index_wide_characters_once(engine, monkeypatch):
    """One diagnostic per finding on one long line: each position is found from the index
    of wide characters, never by encoding the line up to the finding (quadratic: 16,000
    findings on a 272 KB line took 8 s)."""
    from repair.server import analysis as module

    line = "Xi Jinping \u2019s safety production and the the 😀 new coronary pneumonia. " * 400
    a = analyse("a.txt", line + "\n", 1, format_of("a.txt", None), engine)
    scans = []
    real = module._ASTRAL

    class Counting:
        def finditer(self, text):
            scans.append(len(text))
            return real.finditer(text)

    monkeypatch.setattr(module, "_ASTRAL", Counting())
    diags = _diagnostics(a)
    assert len(diags) == 1600 and scans == [len(line) + 1]
    # each emoji is two units: the last finding ('new coronary pneumonia', 24 characters from the
    # end) is 400 units right of its place in characters
    last = diags[-1]
    assert (len(line), last[:5]) == (28000, (0, 28000 - 24 + 400, 0, 28000 - 2 + 400, "zh-en/calque/covid-19"))


def test_a_lone_surrogate_is_an_input_error(engine):
    """JSON can carry a lone surrogate ("\\ud83d"); no file can hold one: the document's one
    diagnostic says so (it was an internal error: UnicodeEncodeError)."""
    a = analyse("a.txt", "fine\nbad \ud83d here\n", 1, format_of("a.txt", None), engine)
    assert (a.doc, a.error.path, a.error.line, a.error.message) == (
        None,
        "a.txt",
        2,
        "not valid Unicode: a lone surrogate U+D83D on line 2",
    )


def test_ignore_rule_keeps_crlf_line_ends(tmp_path: Path):
    """A CRLF pyproject.toml stays CRLF, the lines added included (it was rewritten with LF:
    read_text's universal newlines)."""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes(b'[project]\r\nname = "x"\r\n\r\n[tool.repair]\r\nselect = ["zh-en", "mt-en"]\r\n')
    ignore_rule(tmp_path / "a.txt", "mt-en/repetition")
    assert pyproject.read_bytes() == (
        b'[project]\r\nname = "x"\r\n\r\n[tool.repair]\r\nselect = ["zh-en", "mt-en"]\r\nignore = ["mt-en/repetition"]\r\n'
    )
    pyproject.write_bytes(b'[project]\r\nname = "x"\r\n')
    ignore_rule(tmp_path / "a.txt", "zh-en")
    assert pyproject.read_bytes() == b'[project]\r\nname = "x"\r\n\r\n[tool.repair]\r\nignore = ["zh-en"]\r\n'


_NAMED = [
    "The meeting opened in Beijing.\n",
    "Jinping's speech was long.\n",
    "Xi Jinping spoke on work safety.\n",
    "Keqiang's remarks followed.\n",
    "Jinping's visit ended.\n",
] + [f"Line {n} of the report.\n" for n in range(30)]


def _run(engine, text, previous=None, moved=None, only=None):
    from repair.steps import run_steps

    doc = formats.read("a.txt", text.encode("utf-8"))
    return doc, run_steps(engine.check_steps(doc, only, previous, moved=moved))


def test_a_line_added_above_a_first_mention_rechecks_only_that_line(engine):
    """The name kind's first mention is a segment index; a line added above it moves it, which
    changes no finding elsewhere: only the new line is checked, with a full check's findings."""
    before = analyse("a.txt", "".join(_NAMED), 1, format_of("a.txt", None), engine)
    lines = _NAMED[:1] + ["A new line of text.\n"] + _NAMED[1:]
    step = analyse("a.txt", "".join(lines), 2, format_of("a.txt", None), engine, before)
    full = analyse("a.txt", "".join(lines), 2, format_of("a.txt", None), engine)
    assert _findings(step) == _findings(full)
    assert [(e.segment, e.original) for e in full.edits if e.rule_id == "zh-en/name/given-name-alone"] == [
        (5, "Jinping")
    ]
    assert step.unchanged == (1, len(lines))  # not a check of every segment (that is (0, len))
    assert _diagnostics(step) == _diagnostics(full)


def test_a_first_mention_added_above_a_lone_given_name_makes_it_a_finding(engine):
    """The same text as the first mention, added above "Jinping's speech": the first mention
    moves there and the line below becomes a finding, as a full check finds."""
    fmt = format_of("a.txt", None)
    before = analyse("a.txt", "".join(_NAMED), 1, fmt, engine)
    lines = [_NAMED[2]] + _NAMED
    step = analyse("a.txt", "".join(lines), 2, fmt, engine, before)
    full = analyse("a.txt", "".join(lines), 2, fmt, engine)
    assert [(e.segment, e.original) for e in step.edits if e.rule_id == "zh-en/name/given-name-alone"] == [
        (2, "Jinping"),
        (5, "Jinping"),
    ]
    assert _findings(step) == _findings(full) and _diagnostics(step) == _diagnostics(full)


def test_a_name_introduced_rechecks_only_the_segments_holding_it(engine):
    """\"Li Keqiang" in full at the top: the lines holding "Keqiang" are checked again (one
    becomes a finding), the others keep their findings; the result is a full check's."""
    _, old = _run(engine, "".join(_NAMED))
    text = "Premier Li Keqiang spoke.\n" + "".join(_NAMED)
    doc, step = _run(engine, text, old.states, lambda i: i + 1, [0])
    assert step.checked == [0, 4]
    full = analyse("a.txt", text, 2, format_of("a.txt", None), engine)
    before = analyse("a.txt", "".join(_NAMED), 1, format_of("a.txt", None), engine)
    found = analyse("a.txt", text, 2, format_of("a.txt", None), engine, before)
    assert ("Keqiang", 4) in [(e.original, e.segment) for e in full.edits]
    assert _findings(found) == _findings(full) and _diagnostics(found) == _diagnostics(full)


def test_capitalization_state_reuses_the_candidates_of_lines_that_moved(engine, monkeypatch):
    """A line added at the top moves every segment: the capitalization kind's candidates are
    found again for the new line only (the others by their text), and the findings are a full
    check's."""
    from repair.rules.kinds.capitalization import CapitalizationMatcher

    _, old = _run(engine, "".join(_NAMED))
    seen = []
    real = CapitalizationMatcher._candidates

    def counting(self, seg, named=None, sites=None):
        seen.append(seg.text)
        return real(self, seg, named, sites)

    monkeypatch.setattr(CapitalizationMatcher, "_candidates", counting)
    text = "The Effectiveness of work.\n" + "".join(_NAMED)
    _, step = _run(engine, text, old.states, lambda i: i + 1, [0])
    assert seen == ["The Effectiveness of work."]
    _, full = _run(engine, text)
    assert [(e.segment, e.start, e.rule_id) for e in step.edits] == [
        (e.segment, e.start, e.rule_id) for e in full.edits if e.segment == 0
    ]
