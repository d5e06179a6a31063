"""The error contract of the command line (issue 10): usage errors in one line, options that
cannot apply refused, typos in --ignore, the pyproject.toml of the inputs, NUL bytes anywhere,
--out-dir equal to the input folder, and files with nothing to check."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from repair.cli import main
from repair.engine import Engine
from repair.errors import ConfigError
from repair.rules.pack import parse_pack

from conftest import run_repair

BAD = "At present, the country is resuming production and production.\n"
FIXED = "At present, the country is resuming work and production.\n"


def cli(*args: str, stdin: str | None = None):
    """Run `repair` in this process; returns click's result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), input=stdin, prog_name="repair")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(BAD)
    return tmp_path / "a.txt"


# --- usage errors: one line, exit 2, whatever the command or option -------------------------


@pytest.mark.parametrize(
    "args,line",
    [
        (["fix", "--no-backup", "a.txt"], "--no-backup goes with --in-place (see `repair fix --help`)"),
        (
            ["check", "--model", "m", "--beams", "0", "a.txt"],
            "invalid value for '--beams': 0 is not in the range 1<=x<=16 (see `repair check --help`)",
        ),
        (
            ["fix", "--out-dir", "o", "-o", "x.txt", "a.txt"],
            "use one of --out-dir, -o/--output and --in-place (see `repair fix --help`)",
        ),
        (
            ["check", "--format", "xml", "a.txt"],
            "invalid value for '--format': 'xml' is not one of 'text', 'json', 'jsonl', 'github' (see `repair check --help`)",
        ),
        (["check"], "missing argument 'PATHS...' (see `repair check --help`)"),
        (["chek", "a.txt"], "no such command 'chek'. Did you mean 'check'? (see `repair --help`)"),
        (["model", "list", "--all"], "no such option '--all' (see `repair model list --help`)"),
        (
            ["review", "-o", "x.txt", "--out-dir", "o", "a.txt"],
            "use one of --out-dir and -o/--output (see `repair review --help`)",
        ),
        (["eval", "--mt", "a.txt"], "missing option '--ref' (see `repair eval --help`)"),
    ],
)
def test_usage_errors_are_one_line(article, args, line):
    r = cli(*args)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"repair: error: {line}\n")


def test_usage_error_of_the_console_script_is_one_line(article):
    r = run_repair("fix", "--no-backup", "a.txt", cwd=article.parent)
    assert (r.returncode, r.stdout, r.stderr) == (
        2,
        b"",
        b"repair: error: --no-backup goes with --in-place (see `repair fix --help`)\n",
    )


def test_repair_alone_still_prints_its_help():
    r = cli()
    assert r.exit_code == 2 and r.stderr.startswith("Usage: repair [OPTIONS] COMMAND [ARGS]...")


# --- stdin: options that write files are refused, not ignored --------------------------------


@pytest.mark.parametrize(
    "args,option",
    [
        (["-o", "out.txt"], "-o/--output"),
        (["--in-place"], "--in-place"),
        (["--out-dir", "out"], "--out-dir"),
    ],
)
def test_stdin_refuses_file_outputs(article, args, option):
    before = files(article.parent)
    r = cli("fix", *args, "-", stdin=BAD)
    assert (r.exit_code, r.stdout) == (2, "")
    assert (
        r.stderr
        == f"repair: error: {option} needs a file; with - (stdin) the corrected text goes to stdout (see `repair fix --help`)\n"
    )
    assert files(article.parent) == before


# --- --ignore typos are errors, as --select typos are ---------------------------------------


def test_ignore_typo_is_an_error(article):
    r = cli("check", "--ignore", "zh-en/calqe", "a.txt")
    assert (r.exit_code, r.stdout, r.stderr) == (
        2,
        "",
        "repair: error: --ignore: 'zh-en/calqe' matches no rule (see `repair rules`)\n",
    )
    r = cli("check", "--select", "zh-en/nope", "a.txt")  # the option is named once (was "--select: select: ...")
    assert r.stderr == "repair: error: --select: 'zh-en/nope' matches no rule (see `repair rules`)\n"
    r = cli("check", "--ignore", "zh-en/calque,zh-en/cal", "a.txt")  # a prefix is a whole part of the id
    assert r.stderr == "repair: error: --ignore: 'zh-en/cal' matches no rule (see `repair rules`)\n"
    r = cli("check", "--ignore", "zh-en/coordination,mt-en/coordination", "a.txt")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "no findings in 1 file\n", "")


def test_ignore_typo_in_pyproject_names_the_file(article):
    (article.parent / "pyproject.toml").write_text('[tool.repair]\nignore = ["mt-en/coordinaton"]\n')
    r = cli("check", "a.txt")
    assert r.exit_code == 2
    assert (
        r.stderr
        == f"repair: error: {article.parent / 'pyproject.toml'}: ignore: 'mt-en/coordinaton' matches no rule (see `repair rules`)\n"
    )


def test_demote_typo_in_settings_names_the_file(article):
    """``demote`` (a list of rule-id prefixes, like ``ignore``) is checked the same way."""
    (article.parent / "repair.toml").write_text('demote = ["mt-en/capitalisation"]\n')
    r = cli("check", "a.txt")
    assert (r.exit_code, r.stdout) == (2, "")
    assert (
        r.stderr
        == f"repair: error: {article.parent / 'repair.toml'}: demote: 'mt-en/capitalisation' matches no rule (see `repair rules`)\n"
    )
    (article.parent / "repair.toml").write_text('demote = ["mt-en/capitalization"]\n')
    assert cli("check", "a.txt").exit_code in (0, 1)


def test_ignoring_a_builtin_rule_that_is_not_loaded_is_no_typo(tmp_path):
    pack = parse_pack(
        "pack: mine\nrules:\n  - id: mine/x\n    kind: repetition\n    category: fluency/grammar\n"
        "    severity: minor\n    applicability: safe\n    message: m\n    examples:\n      - bad: the the end\n"
        "        fixed: the end\n",
        "mine.yaml",
    )
    assert [r.id for r in Engine.from_packs([pack], ignore=["zh-en/calque"]).rules] == ["mine/x"]
    assert Engine.from_packs([pack], ignore=["mine/x"]).rules == []
    with pytest.raises(ConfigError) as exc:
        Engine.from_packs([pack], ignore=["mine/y"], ignore_from={"mine/y": "p/pyproject.toml"})
    assert str(exc.value) == "p/pyproject.toml: ignore: 'mine/y' matches no rule (see `repair rules`)"


# --- pyproject.toml: found from the inputs, not from the working directory ------------------


def test_config_start_is_the_folder_holding_every_input(tmp_path, monkeypatch):
    from repair.config import config_start

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    monkeypatch.chdir(tmp_path / "c")
    assert config_start([str(tmp_path / "a" / "x.txt")]) == tmp_path / "a"
    assert config_start([str(tmp_path / "a" / "b")]) == tmp_path / "a" / "b"
    assert config_start([str(tmp_path / "a" / "x.txt"), str(tmp_path / "a" / "b" / "y.txt")]) == tmp_path / "a"
    assert config_start([str(tmp_path / "a" / "x.txt"), "../c/z.txt"]) == tmp_path
    assert config_start(["y.txt"]) == tmp_path / "c"
    assert config_start(["-"]) == tmp_path / "c"
    assert config_start([]) == tmp_path / "c"


def test_pyproject_of_the_input_is_used_not_the_working_directorys(tmp_path, monkeypatch):
    proj, elsewhere = tmp_path / "proj", tmp_path / "elsewhere"
    (proj / "docs").mkdir(parents=True)
    elsewhere.mkdir()
    (proj / "docs" / "a.txt").write_text(BAD)
    (proj / "docs" / "b.txt").write_text("A wide range of of fields.\n")
    (proj / "pyproject.toml").write_text('[tool.repair]\nselect = ["mt-en/characters"]\n')
    (elsewhere / "pyproject.toml").write_text('[tool.repair]\nselekt = ["zh-en"]\n')  # broken: must not be read
    monkeypatch.chdir(elsewhere)
    docs = proj / "docs"
    r = cli("check", str(docs / "a.txt"))
    assert (r.exit_code, r.stdout, r.stderr) == (0, "no findings in 1 file\n", "")  # zh-en not selected there
    assert cli("check", str(docs / "a.txt"), str(docs / "b.txt")).exit_code == 0
    assert cli("check", str(docs)).exit_code == 0
    r = cli("check", "--config", str(tmp_path / "none.toml"), str(docs / "a.txt"))
    assert r.stderr == f"repair: error: {tmp_path / 'none.toml'}: no such config file\n"
    monkeypatch.chdir(proj)
    (proj / "pyproject.toml").unlink()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "pyproject.toml").write_text('[tool.repair]\nselekt = ["zh-en"]\n')
    r = cli("check", str(docs / "a.txt"), str(tmp_path / "other"))  # common parent: tmp_path, no pyproject there
    assert r.exit_code == 2 and r.stderr.startswith(f"repair: error: {tmp_path / 'other'}: folder holds no files")


def test_stdin_uses_the_working_directorys_pyproject(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.repair]\nselect = ["mt-en/characters"]\n')
    monkeypatch.chdir(tmp_path)
    r = cli("fix", "-", stdin=BAD)
    assert (r.exit_code, r.stdout) == (0, BAD)


# --- NUL bytes anywhere ----------------------------------------------------------------------

_PAD = "A line of English text that is fine.\n" * 400  # 14,800 bytes: past the first 8 KB


@pytest.mark.parametrize(
    "name,data",
    [
        ("a.txt", (_PAD + "the \x00 end\n").encode()),
        ("a.md", (_PAD + "the \x00 end\n").encode()),
        ("a.tsv", ("source\ttarget\n" + "源\tA line.\n" * 900 + "源\tthe \x00 end\n").encode()),
        ("a.csv", ("source,target\n" + "源,A line.\n" * 900 + "源,the \x00 end\n").encode()),
        (
            "a.po",
            (
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                + "".join(f'msgid "s{i}"\nmsgstr "A line."\n\n' for i in range(600))
                + 'msgid "x"\nmsgstr "the \x00 end"\n'
            ).encode(),
        ),
        (
            "a.xlf",
            (
                '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="zh" target-language="en" datatype="plaintext" '
                'original="x"><body>\n'
                + "".join(
                    f'<trans-unit id="{i}"><source>源</source><target>A line.</target></trans-unit>\n'
                    for i in range(200)
                )
                + '<trans-unit id="z"><source>源</source><target>the \x00 end</target>'
                "</trans-unit>\n</body></file></xliff>\n"
            ).encode(),
        ),
        ("b.tsv", ("source\ttarget\n" + "源\tA line.\n" * 900 + "源\tthe \x00 end\n").encode("utf-16")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_nul_anywhere_is_a_binary_file(article, name, data):
    (article.parent / name).write_bytes(data)
    before = files(article.parent)
    for command in ("check", "fix"):
        r = cli(command, name)
        assert (r.exit_code, r.stdout, r.stderr) == (
            2,
            "",
            f"repair: error: {name}: binary file (NUL bytes): not text\n",
        )
    assert files(article.parent) == before


def test_utf16_table_without_nul_characters_is_read(article):
    (article.parent / "t.tsv").write_bytes(("source\ttarget\n源\t" + BAD).encode("utf-16"))
    r = cli("fix", "t.tsv")
    assert r.exit_code == 0, r.stderr
    assert (article.parent / "t.repaired.tsv").read_bytes() == ("source\ttarget\n源\t" + FIXED).encode("utf-16")


# --- --out-dir and the input folder ----------------------------------------------------------


def test_out_dir_equal_to_the_input_folder_is_named(article):
    d = article.parent / "d"
    d.mkdir()
    (d / "a.txt").write_text(BAD)
    before = files(article.parent)
    for out in ("d", "d/", "./d", str(d)):
        r = cli("fix", "--out-dir", out, "d")
        assert (r.exit_code, r.stdout) == (2, "")
        assert r.stderr == (
            f"repair: error: {out}: --out-dir is the input folder d itself: each corrected copy "
            "would overwrite its input; name another folder\n"
        )
    assert files(article.parent) == before


def test_input_folder_inside_the_out_dir_is_walked(article):
    d = article.parent / "d"
    d.mkdir()
    (d / "b.txt").write_text(BAD)
    r = cli("fix", "--out-dir", ".", "d")
    assert r.exit_code == 0, r.stderr
    assert (article.parent / "b.txt").read_text() == FIXED and (d / "b.txt").read_text() == BAD


def test_out_dir_inside_the_input_folder_is_left_out_of_the_walk(article):
    d = article.parent / "d"
    (d / "out").mkdir(parents=True)
    (d / "b.txt").write_text(BAD)
    (d / "out" / "old.txt").write_text(BAD)
    r = cli("fix", "--out-dir", "d/out", "d")
    assert r.exit_code == 0, r.stderr
    assert sorted(files(d)) == ["b.txt", "out/b.txt", "out/old.txt"]


# --- a file with nothing to check is no clean file --------------------------------------------

_XLIFF_HEAD = (
    '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="zh" target-language="en" '
    'datatype="plaintext" original="x"><body>\n'
)
_NO_TARGET = "nothing to check: no unit has target text (untranslated, or a header only)"


@pytest.mark.parametrize(
    "name,text,cause",
    [
        (
            "a.xlf",
            _XLIFF_HEAD + '<trans-unit id="1"><source>新冠肺炎</source></trans-unit>\n'
            '<trans-unit id="2"><source>复工复产</source></trans-unit>\n</body></file></xliff>\n',
            _NO_TARGET,
        ),
        (
            "b.xlf",
            _XLIFF_HEAD
            + '<trans-unit id="1"><source>新冠肺炎</source><target/></trans-unit>\n</body></file></xliff>\n',
            _NO_TARGET,
        ),
        ("a.tsv", "source\ttarget\n", _NO_TARGET),
        ("a.csv", "source,target\r\n", _NO_TARGET),
        (
            "a.po",
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "新冠"\nmsgstr ""\n',
            _NO_TARGET,
        ),
        (
            "a.tmx",
            '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>新冠</seg>'
            "</tuv></tu></body></tmx>\n",
            _NO_TARGET,
        ),
        ("blank.txt", "\n  \n\t\n", "nothing to check: blank lines only"),
    ],
    ids=[
        "xliff-no-target",
        "xliff-empty-target",
        "tsv-header-only",
        "csv-header-only",
        "po-untranslated",
        "tmx-no-english",
        "blank-text",
    ],
)
def test_nothing_to_check_is_an_error_not_a_clean_file(article, name, text, cause):
    (article.parent / name).write_text(text, encoding="utf-8")
    before = files(article.parent)
    for args in (["check", name], ["fix", name], ["fix", "a.txt", name], ["check", "--format", "json", name]):
        r = cli(*args)
        assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"repair: error: {name}: {cause}\n"), args
    assert files(article.parent) == before


def test_blank_stdin_is_nothing_to_check():
    r = cli("fix", "-", stdin="\n\n")
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", "repair: error: -: nothing to check: blank lines only\n")


def test_markdown_of_code_only_is_checked_not_refused(article):
    (article.parent / "c.md").write_text("```\nthe the\n```\n")
    r = cli("check", "c.md")
    assert (r.exit_code, r.stdout) == (0, "no findings in 1 file\n")
