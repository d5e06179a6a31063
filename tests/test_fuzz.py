"""Fuzz test (hypothesis): random bytes, random XLIFF/PO/CSV/TSV/TMX structures and random
rule packs fed to ``check`` and ``fix``. Whatever the input, the command exits 0, 1 or 2,
prints no traceback, never changes an input file, and on exit 2 writes no output and leaves
no temporary file.

Most runs are in-process (click's CliRunner, for speed); a few go through the installed
console script. Sizes are kept small so the whole file runs in well under a minute.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from repair.cli import main
from repair.rules.kinds import KINDS

from conftest import run_repair

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

#: Text fragments that reach every kind and every reader's corner: rule triggers, markup,
#: entities, quotes, separators, odd line breaks, CJK, control characters.
WORDS = [
    "production",
    "production and production",
    "the the",
    "Xi Jinping",
    "Jinping's",
    "zhang Xiaoliang",
    "Zhang Xiaoliang",
    "new crown pneumonia",
    "safety production",
    " ’s",
    " ,",
    "，",
    "。",
    "复工复产",
    "https://gov.cn）查询",
    "x",
    "xx",
    "a",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u2028",
    "\u0085",
    "\f",
    "\x00",
    "<",
    ">",
    "&",
    "&amp;",
    "&#x4E2D;",
    "&apos;",
    '"',
    "'",
    '""',
    ",",
    ";",
    "\\",
    "\\n",
    "#",
    "msgid",
    "msgstr",
    "]]>",
    "<![CDATA[",
    '<g id="1">',
    "</g>",
    '<x id="2"/>',
    "\ufeff",
    "é",
    "İ",
    "\U0001f600",
    "(",
    "[",
]
text = st.lists(st.sampled_from(WORDS), max_size=12).map("".join)
attr = st.sampled_from([' id="1"', ' id="2"', ' id="1"', ' id="3" xml:space="preserve"', "", " id=", ' id="&"'])


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: target and source text of XML units: mostly escaped, sometimes raw (then often malformed)
xml_text = st.one_of(text.map(_xml_escape), text.map(_xml_escape), text)


def _xliff(units, version, broken):
    if version == "1.2":
        body = "".join(
            f"<trans-unit{a}><source>{s}</source>{'' if t is None else f'<target>{t}</target>'}</trans-unit>"
            for a, s, t in units
        )
        doc = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            f'<file source-language="zh" target-language="en" datatype="plaintext" original="x"><body>\n{body}\n'
            "</body></file></xliff>\n"
        )
    else:
        body = "".join(
            f"<unit{a}><segment><source>{s}</source>{'' if t is None else f'<target>{t}</target>'}</segment></unit>"
            for a, s, t in units
        )
        doc = (
            f'<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh" '
            f'trgLang="en"><file id="f">\n{body}\n</file></xliff>\n'
        )
    return doc[:broken] if broken else doc


xliff_files = st.builds(
    _xliff,
    st.lists(st.tuples(attr, xml_text, st.one_of(st.none(), xml_text)), max_size=4),
    st.sampled_from(["1.2", "2.0"]),
    st.one_of(st.just(0), st.integers(1, 400)),
)


def _po_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _po(entries, header, raw):
    parts = ['msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'] if header else []
    for flag, src, tgt, plural in entries:
        entry = ("#, fuzzy\n" if flag else "") + f"msgid {_po_string(src) if not raw else chr(34) + src + chr(34)}\n"
        if plural:
            entry += f"msgid_plural {_po_string(src)}\nmsgstr[0] {_po_string(tgt)}\nmsgstr[1] {_po_string(tgt)}\n"
        else:
            entry += f"msgstr {_po_string(tgt) if not raw else chr(34) + tgt + chr(34)}\n"
        parts.append(entry + "\n")
    return "".join(parts)


po_files = st.builds(
    _po, st.lists(st.tuples(st.booleans(), text, text, st.booleans()), max_size=4), st.booleans(), st.booleans()
)


def _table(rows, sep, quote):
    def cell(c):
        return '"' + c.replace('"', '""') + '"' if quote else c

    head = sep.join(["source", "target"])
    return head + "\n" + "".join(sep.join(cell(c) for c in row) + "\n" for row in rows)


table_rows = st.lists(
    st.one_of(st.lists(text, min_size=2, max_size=2), st.lists(text, min_size=1, max_size=3)), max_size=4
)
csv_files = st.builds(_table, table_rows, st.just(","), st.booleans())
tsv_files = st.builds(_table, table_rows, st.just("\t"), st.booleans())


def _tmx(tus, broken):
    body = "".join(
        "<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>' for lang, seg in tuvs) + "</tu>"
        for tuvs in tus
    )
    doc = (
        f'<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh" datatype="plaintext" segtype="sentence" '
        f'adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>\n{body}\n</body></tmx>\n'
    )
    return doc[:broken] if broken else doc


tmx_files = st.builds(
    _tmx,
    st.lists(st.lists(st.tuples(st.sampled_from(["zh", "en", "fr", "EN-us", ""]), xml_text), max_size=3), max_size=3),
    st.one_of(st.just(0), st.integers(1, 300)),
)

#: (suffix, contents as bytes)
inputs = st.one_of(
    st.tuples(st.sampled_from([".txt", ".md", ".xlf", ".po", ".csv", ".tsv", ".tmx"]), st.binary(max_size=200)),
    st.tuples(st.sampled_from([".txt", ".md"]), text.map(str.encode)),
    st.tuples(st.just(".xlf"), xliff_files.map(str.encode)),
    st.tuples(st.just(".po"), po_files.map(str.encode)),
    st.tuples(st.just(".csv"), csv_files.map(str.encode)),
    st.tuples(st.just(".tsv"), tsv_files.map(str.encode)),
    st.tuples(st.just(".tmx"), tmx_files.map(str.encode)),
)

# ---- random packs: every key of every kind, with values good, bad and of the wrong type ----

REGEXES = [
    "production",
    "x*",
    "x+",
    "(",
    "[",
    "\\b",
    "(?=a)",
    "a|",
    "(?i)a",
    "(?P<n>a)",
    "\\1",
    "(a)",
    "a{99999999999}",
    "[^\\W\\d]+",
    "xx",
    "(?i:x)",
    "Y",
    "\\",
    "$",
    "^",
]
STRINGS = REGEXES + [
    "",
    " ",
    "ab",
    "，",
    ",",
    "’s",
    "production production",
    "zhang",
    "Zhang",
    "han",
    "changed",
    "yes",
    "\\g<0>",
    "\\2",
    "\\g<n>",
    "X and X",
    "a\nb",
]
SCALARS = st.one_of(st.sampled_from(STRINGS), st.integers(-2, 3), st.booleans(), st.none(), st.floats(allow_nan=True))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(STRINGS), inner, max_size=3)),
    max_leaves=6,
)
example_entry = st.one_of(
    st.fixed_dictionaries(
        {"bad": st.sampled_from(STRINGS), "fixed": st.sampled_from(STRINGS)}, optional={"unsafe": st.booleans()}
    ),
    st.fixed_dictionaries({"good": st.sampled_from(STRINGS)}),
    st.fixed_dictionaries({"bad": st.sampled_from(STRINGS), "flagged": st.sampled_from(STRINGS)}),
    VALUES,
)
_KIND_KEYS = sorted({k for cls in KINDS.values() for k in cls.keys})


def _value_for(draw, key, spec):
    """A value of the right shape for a schema property (the content may still be wrong)."""
    if spec.get("type") == "object" or "oneOf" in spec:
        return draw(st.dictionaries(st.sampled_from(STRINGS), st.sampled_from(STRINGS), min_size=1, max_size=3))
    if spec.get("type") == "array":
        return draw(st.lists(st.sampled_from(REGEXES if key == "exceptions" else STRINGS), min_size=1, max_size=3))
    if "enum" in spec:
        return draw(st.sampled_from(spec["enum"]))
    if spec.get("type") == "boolean":
        return draw(st.booleans())
    if spec.get("type") in ("integer", "number"):
        return draw(st.integers(1, 4))
    return draw(st.sampled_from(STRINGS))


@st.composite
def rules(draw):
    """A rule of a random kind, well-formed in shape (so that it gets past the schema and
    reaches the checks, the matchers and the engine), then often given one mistake."""
    kind = draw(st.sampled_from(sorted(KINDS)))
    props, required = KINDS[kind].keys, KINDS[kind].required
    rule = {
        "id": draw(st.sampled_from(["fz/a", "fz/b", "fz/c"])),
        "kind": kind,
        "category": draw(st.sampled_from(["fluency/spelling", "accuracy/mistranslation"])),
        "severity": "minor",
        "applicability": draw(st.sampled_from(["safe", "unsafe", "display"])),
        "message": "m",
        "examples": draw(st.lists(example_entry.filter(lambda e: isinstance(e, dict) and e), min_size=1, max_size=2)),
    }
    for key in props:
        if key in required or draw(st.booleans()):
            rule[key] = _value_for(draw, key, props[key])
    if draw(st.booleans()):
        rule["exceptions"] = draw(st.lists(st.sampled_from(REGEXES), min_size=1, max_size=2))
    mistake = draw(st.sampled_from(["none", "none", "none", "add", "replace", "delete", "kind"]))
    if mistake == "add":
        rule[draw(st.sampled_from(_KIND_KEYS + ["replacment"]))] = draw(VALUES)
    elif mistake == "replace":
        rule[draw(st.sampled_from(sorted(rule)))] = draw(VALUES)
    elif mistake == "delete":
        del rule[draw(st.sampled_from(sorted(rule)))]
    elif mistake == "kind":
        rule["kind"] = draw(VALUES)
    return rule


def _pack_text(rule_list, mutation, cut):
    text = yaml.safe_dump({"pack": "fz", "rules": rule_list}, allow_unicode=True, sort_keys=False)
    if mutation == "alias":
        text += "x: &a [1, 2]\ny: [*a, *a]\n"
    elif mutation == "bomb":
        text = (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdef", "bcdefg"))
            + text
        )
    elif mutation == "yes-key":
        text = text.replace("entries:\n", "entries:\n      yes: no\n", 1)
    elif mutation == "deep":
        text += "z: " + "[" * 60 + "]" * 60 + "\n"
    return text[:cut] if cut else text


packs = st.builds(
    _pack_text,
    st.lists(rules(), max_size=3),
    st.sampled_from(["", "", "alias", "bomb", "yes-key", "deep"]),
    st.one_of(st.just(0), st.integers(1, 600)),
)

# ---- running the CLI and the assertions ----


@pytest.fixture(autouse=True, scope="module")
def _builtin_packs_parsed_once():
    """The shipped packs parsed once for the whole module (each run builds its engine anew)."""
    import repair.engine

    real = repair.engine.load_builtin
    repair.engine.load_builtin = functools.cache(real)
    yield
    repair.engine.load_builtin = real


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(args, folder: Path):
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(folder)  # no pyproject.toml of ours is found from here
    try:
        return runner.invoke(main, args, catch_exceptions=True)
    finally:
        os.chdir(cwd)


def _assert_contract(result, before: dict[str, bytes], folder: Path, out: str | None) -> None:
    output = result.output
    assert result.exit_code in (0, 1, 2), (result.exit_code, output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output, output
    after = _snapshot(folder)
    for name, data in before.items():
        assert after.get(name) == data, f"{name} changed"
    new = set(after) - set(before)
    if result.exit_code == 2:
        assert new == set(), f"written on exit 2: {new}: {output}"
        assert output.count("repair: error:") == 1 and len(output.strip().splitlines()) == 1, output
    else:
        assert new <= ({out} if out else set()), new


def _fuzz_once(tmp: Path, suffix: str, data: bytes, pack: str | None, unsafe: bool) -> None:
    folder = tmp / f"run{len(list(tmp.iterdir()))}"
    folder.mkdir()
    src = folder / f"in{suffix}"
    src.write_bytes(data)
    extra = []
    if pack is not None:
        (folder / "p.yaml").write_text(pack, encoding="utf-8")
        extra = ["--pack", "p.yaml"]
    before = _snapshot(folder)
    result = _run(["check", *extra, src.name], folder)
    _assert_contract(result, before, folder, None)
    if pack is not None:  # the pack's own examples, as `repair rules --test` runs them
        _assert_contract(_run(["rules", "--test", "--no-builtin-packs", *extra], folder), before, folder, None)
    out = f"out{suffix}"
    result = _run(["fix", "-q", *extra, *(["--unsafe-fixes"] if unsafe else []), "-o", out, src.name], folder)
    _assert_contract(result, before, folder, out)
    if result.exit_code != 2:  # repair reads what it wrote
        again = _run(["check", *extra, out], folder)
        assert again.exit_code in (0, 1), again.output


@FUZZ
@given(inputs, st.booleans())
def test_fuzz_inputs(tmp_path_factory, case, unsafe):
    suffix, data = case
    _fuzz_once(tmp_path_factory.mktemp("in"), suffix, data, None, unsafe)


def _pack_input(words: str, bilingual: bool) -> tuple[str, bytes]:
    """A text for a random pack: plain, or a TSV with sources (for the source-aware kinds)."""
    target = (words + " production x the the").replace("\t", " ").replace("\r", " ").replace("\n", " ")
    if not bilingual:
        return ".txt", (words + " production x the the\n").encode()
    return ".tsv", f"source\ttarget\n复工复产 2020年 3 个\t{target}\n生产\t{target} 12\n".encode()


@FUZZ
@given(packs, text, st.booleans(), st.booleans())
# found by the fuzz test (and the issue): a bad regex in `exceptions` (a traceback, exit 1)
@example(
    yaml.safe_dump(
        {
            "pack": "fz",
            "rules": [
                {
                    "id": "fz/a",
                    "kind": "substitution",
                    "category": "fluency/spelling",
                    "severity": "minor",
                    "applicability": "safe",
                    "message": "m",
                    "exceptions": ["("],
                    "entries": {"x": "y"},
                    "examples": [{"good": "z"}],
                }
            ],
        }
    ),
    "x",
    False,
    False,
)
def test_fuzz_packs(tmp_path_factory, pack, words, unsafe, bilingual):
    _fuzz_once(tmp_path_factory.mktemp("pk"), *_pack_input(words, bilingual), pack, unsafe)


@pytest.mark.parametrize(
    "suffix,data",
    [
        (".xlf", b"<xliff><file><body><trans-unit"),
        (".csv", b'source,target\n"a,b\n'),
        (".txt", b"production and production, the the\n"),
    ],
)
def test_fuzz_cases_through_the_console_script(tmp_path, suffix, data):
    """A few inputs through the installed console script: the same contract across a process."""
    src = tmp_path / f"in{suffix}"
    src.write_bytes(data)
    before = _snapshot(tmp_path)
    for args in (["check", src.name], ["fix", "-o", f"out{suffix}", src.name]):
        proc = run_repair(*args, cwd=tmp_path)
        output = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        assert proc.returncode in (0, 1, 2) and "Traceback" not in output, output
        after = _snapshot(tmp_path)
        assert all(after[k] == v for k, v in before.items())
        if proc.returncode == 2:
            assert set(after) == set(before), output
