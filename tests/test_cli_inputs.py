"""Inputs beyond plain UTF-8 text through the console script: other encodings in --diff,
and which files a folder walk picks up."""

from conftest import run_repair

XLIFF = """<?xml version="1.0" encoding="UTF-16"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="zh" target-language="en" datatype="plaintext" original="x">
  <body>
   <trans-unit id="1"><source>新冠肺炎</source><target>The the epidemic</target></trans-unit>
  </body>
 </file>
</xliff>
"""


def test_diff_of_a_utf16_file_is_decoded_from_its_encoding(tmp_path):
    p = tmp_path / "u.xlf"
    p.write_bytes(XLIFF.encode("utf-16"))
    r = run_repair("fix", "--diff", str(p))
    assert r.returncode == 1, r.stderr
    out = r.stdout.decode()
    assert '-   <trans-unit id="1"><source>新冠肺炎</source><target>The the epidemic</target></trans-unit>' in out
    assert (
        '+   <trans-unit id="1"><source>新冠肺炎</source><target state="needs-review-translation">The epidemic</target></trans-unit>'
        in out
    )
    assert out.startswith(f"--- a{p}\n+++ b{p}\n")
    assert not (tmp_path / "u.repaired.xlf").exists()


def test_folder_walk_skips_tables_unless_named(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("The the end.\n")
    (src / "prices.csv").write_text("date,price\n2020-01-01,3\n")  # data, not a bilingual table
    r = run_repair("fix", "--out-dir", str(tmp_path / "out"), str(src))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt"]
    r = run_repair("check", str(src / "prices.csv"))
    assert r.returncode == 2 and str(src / "prices.csv").encode() in r.stderr


def test_a_failed_write_leaves_every_output_untouched(tmp_path):
    """All or nothing: out/sub is a file, so out/sub/two.txt cannot be staged, and out/one.txt
    (staged first) must not appear either; nor may a folder made on the way stay behind."""
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "one.txt").write_text("The the end.\n")
    (src / "sub" / "two.txt").write_text("The the end.\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_text("in the way")
    r = run_repair("fix", "--out-dir", str(out), str(src))
    assert r.returncode == 2
    assert r.stderr.decode().startswith(f"repair: error: {out / 'sub' / 'two.txt'}: cannot write")
    assert sorted(p.name for p in out.iterdir()) == ["sub"]


def test_atomic_write_all_removes_staged_files_and_folders(tmp_path):
    import pytest
    from repair.errors import OutputError
    from repair.fileio import atomic_write_all

    (tmp_path / "blocker").write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        atomic_write_all(
            [(tmp_path / "a" / "b" / "one.txt", b"1", None), (tmp_path / "blocker" / "two.txt", b"2", None)]
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]
    atomic_write_all([(tmp_path / "a" / "one.txt", b"1", None), (tmp_path / "two.txt", b"2", None)])
    assert (tmp_path / "a" / "one.txt").read_bytes() == b"1" and (tmp_path / "two.txt").read_bytes() == b"2"


def test_out_dir_inside_the_input_folder_is_not_walked(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "one.txt").write_text("The the end.\n")
    for _ in range(2):  # the second run must not take the first run's outputs for inputs
        r = run_repair("fix", "--out-dir", str(tree / "out"), str(tree))
        assert r.returncode == 0, r.stderr
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*.txt")) == ["one.txt", "out/one.txt"]


def test_path_errors_are_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("The the end.\n")
    (tmp_path / "folder").mkdir()
    cases = [
        (["fix", str(tmp_path / "a.txt"), "-o", str(tmp_path / "folder")], f"{tmp_path / 'folder'}: is a folder"),
        (
            ["fix", str(tmp_path / "a.txt"), "--out-dir", str(tmp_path / "a.txt")],
            "is a file, expected a folder for --out-dir",
        ),
        (
            ["check", "--config", str(tmp_path / "folder"), str(tmp_path / "a.txt")],
            "is a folder, expected a pyproject.toml file",
        ),
        (["check", "--pack", str(tmp_path / "folder"), str(tmp_path / "a.txt")], f"{tmp_path / 'folder'}: not a file"),
    ]
    for args, message in cases:
        r = run_repair(*args)
        err = r.stderr.decode()
        assert r.returncode == 2 and err.count("\n") == 1 and err.startswith("repair: error: ") and message in err, (
            args,
            err,
        )


def test_utf16_text_is_named_not_called_binary(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes("The the end.\n".encode("utf-16"))
    r = run_repair("check", str(p))
    assert r.returncode == 2
    assert r.stderr.decode() == (
        f"repair: error: {p}: UTF-16 text (byte-order mark), not UTF-8; convert it with `iconv -f UTF-16 -t UTF-8`\n"
    )


def test_malformed_tool_repair_tables_are_errors(tmp_path):
    (tmp_path / "a.txt").write_text("The the end.\n")
    for text, message in [
        ('[tool.repair\nselect = ["zh-en"]\n', "TOML syntax"),
        ('[ tool.repair ]\nselekt = ["zh-en"]\n', "unknown key 'selekt'"),
        ("[tool]\nrepair = 3\n", "[tool.repair] must be a table"),
        ("[tool.repair.extra]\nx = 1\n", "unknown key 'extra'"),
        ('[tool.repair]\nselect = ["zh-en/nope"]\n', "pyproject.toml: select: 'zh-en/nope' matches no rule"),
    ]:
        (tmp_path / "pyproject.toml").write_text(text)
        r = run_repair("check", "a.txt", cwd=tmp_path)
        assert r.returncode == 2 and message in r.stderr.decode(), (text, r.stderr)


def test_markdown_code_span_over_a_line_break_is_untouched(tmp_path):
    md = "Text with `multi\nline the the` end, and the the prose.\n\n> quoted `code\n> the the` here.\n"
    p = tmp_path / "d.md"
    p.write_text(md)
    assert run_repair("fix", str(p)).returncode == 0
    assert (tmp_path / "d.repaired.md").read_text() == md.replace("and the the prose", "and the prose")
