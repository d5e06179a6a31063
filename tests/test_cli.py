"""The `repair` console script as users run it: exit codes, outputs, bad input, files kept exact."""

import json

import pytest

from conftest import ARTICLE, run_repair

BAD = "At present, the country is resuming production and production.\n"
FIXED = "At present, the country is resuming work and production.\n"


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(BAD.encode())
    return p


def test_fix_writes_repaired_copy_and_keeps_original(article):
    r = run_repair("fix", str(article))
    assert r.returncode == 0, r.stderr
    assert article.read_bytes() == BAD.encode()
    assert (article.parent / "a.repaired.txt").read_text() == FIXED
    assert b"1 fix applied" in r.stderr


def test_diff_writes_nothing(article):
    r = run_repair("fix", "--unsafe-fixes", "--diff", str(article))
    assert r.returncode == 1
    assert r.stdout.decode().splitlines() == [
        f"--- a{article}",
        f"+++ b{article}",
        "@@ -1 +1 @@",
        "-" + BAD.rstrip("\n"),
        "+" + FIXED.rstrip("\n"),
    ]
    assert not (article.parent / "a.repaired.txt").exists()
    assert run_repair("fix", "--diff", str(article.parent / "a.txt"), "--select", "mt-en/characters").returncode == 0


def test_stdin_to_stdout():
    r = run_repair("fix", "-", stdin=BAD.encode())
    assert r.returncode == 0 and r.stdout == FIXED.encode()
    r = run_repair("fix", "--unsafe-fixes", "-", stdin=b"New crown pneumonia cases rose\xef\xbc\x8c again.")
    assert r.stdout.decode() == "COVID-19 cases rose, again."


def test_fix_output_dash_goes_to_stdout_and_exit_zero_holds(article, tmp_path):
    # `-o -` once wrote a file literally named `-` in the working folder
    r = run_repair("fix", "-o", "-", str(article), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == FIXED.encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert run_repair("fix", "-o", "-", "-", stdin=BAD.encode(), cwd=tmp_path).stdout == FIXED.encode()
    left = b"The new crown virus spread.\n"  # a finding to review by hand: left after fixing
    (tmp_path / "left.txt").write_bytes(left)
    for args in (("-",), ("-o", "-", str(tmp_path / "left.txt"))):
        assert run_repair("fix", *args, stdin=left, cwd=tmp_path).returncode == 1
        r = run_repair("fix", "--exit-zero", *args, stdin=left, cwd=tmp_path)
        assert (r.returncode, r.stdout) == (0, left), (args, r.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "left.txt"]


def test_out_dir_mirrors_the_tree(tmp_path):
    src = tmp_path / "articles"
    (src / "2020" / "april").mkdir(parents=True)
    (src / "2020" / "april" / "x.txt").write_text(BAD)
    (src / "notes.md").write_text("# Title\n\nThe the `the the` code.\n")
    (src / "image.png").write_bytes(b"\x89PNG\x00")
    (src / ".hidden").mkdir()
    (src / ".hidden" / "h.txt").write_text(BAD)
    r = run_repair("fix", "--out-dir", str(tmp_path / "cleaned"), str(src))
    assert r.returncode == 0, r.stderr
    out = tmp_path / "cleaned"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "2020/april/x.txt",
        "notes.md",
    ]
    assert (out / "2020/april/x.txt").read_text() == FIXED
    assert (out / "notes.md").read_text() == "# Title\n\nThe `the the` code.\n"


def test_check_output_exit_codes_and_json(article, tmp_path):
    r = run_repair("check", str(article))
    assert r.returncode == 1
    first = r.stdout.decode().splitlines()[0]
    assert first == (
        f"{article}:1:37: zh-en/coordination/work-and-production [accuracy/mistranslation, major] "
        "复工复产 is 'work and production', not 'production and production': "
        "'production and production' -> 'work and production' (safe)"
    )
    clean = tmp_path / "clean.txt"
    clean.write_text("The country is resuming work and production.\n")
    r = run_repair("check", str(clean))
    assert r.returncode == 0 and r.stdout.decode().strip() == "no findings in 1 file"
    data = json.loads(run_repair("check", "--format", "json", str(article)).stdout)
    f = data["files"][0]["findings"][0]
    assert (f["line"], f["column"], f["start"], f["end"], f["replacement"], f["applicability"], f["origin"]) == (
        1,
        37,
        36,
        61,
        "work and production",
        "safe",
        "rule",
    )
    assert data["summary"]["by_rule"] == {"zh-en/coordination/work-and-production": 1}
    lines = run_repair("check", "--format", "jsonl", str(ARTICLE)).stdout.decode().splitlines()
    assert len(lines) == 28 and all(json.loads(ln)["path"] == str(ARTICLE) for ln in lines)


def test_rules_listing_and_select_ignore():
    r = run_repair("rules", "--format", "json")
    rules = json.loads(r.stdout)
    assert {"id", "kind", "category", "severity", "applicability", "message"} <= set(rules[0])
    assert (
        len(rules) == 45
    )  # mt-en and zh-en: 22, bilingual: 23 (issue 13: structure, polarity, placeholders, names, terms, number words, subject)
    text = run_repair("rules").stdout.decode()
    assert "zh-en/calque/covid-19" in text and text.rstrip().endswith("45 rules")
    sel = json.loads(
        run_repair("rules", "--format", "json", "--select", "zh-en/calque", "--ignore", "zh-en/calque/covid-19").stdout
    )
    assert all(x["id"].startswith("zh-en/calque/") for x in sel) and "zh-en/calque/covid-19" not in [
        x["id"] for x in sel
    ]
    r = run_repair("check", "--select", "zh-en/nope", str(ARTICLE))
    assert r.returncode == 2 and b"'zh-en/nope' matches no rule" in r.stderr
    assert run_repair("rules", "--test").stdout.decode().strip().endswith("passed, 0 failed")


@pytest.mark.parametrize(
    "setup,message",
    [
        (lambda d: d / "missing.txt", "missing.txt: no such file or folder"),
        (lambda d: d, "folder holds no files of a known format"),
        (
            lambda d: (d / "b.txt").write_bytes(b"abc\x00def") and d / "b.txt",
            "b.txt: binary file (NUL bytes): not text",
        ),
        (
            lambda d: (d / "l.txt").write_bytes("café\n".encode("latin-1")) and d / "l.txt",
            "l.txt: not UTF-8 (invalid byte 0xe9 at byte 3)",
        ),
        (lambda d: (d / "e.txt").write_bytes(b"") or d / "e.txt", "e.txt: empty file: nothing to repair"),
    ],
    ids=["missing", "empty-folder", "binary", "latin1", "empty"],
)
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, setup, message):
    folder = tmp_path / "in"
    folder.mkdir()
    good = tmp_path / "good.txt"
    good.write_text(BAD)
    path = setup(folder)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    r = run_repair("fix", str(good), str(path))
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("repair: error: ") and message in err, err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # not even good.repaired.txt


def test_bad_pack_and_config(tmp_path, article):
    pack = tmp_path / "mine.yaml"
    pack.write_text("pack: mine\nrules:\n  - id: mine/x\n    kind: substitution\n    colour: red\n")
    r = run_repair("check", "--pack", str(pack), str(article))
    assert r.returncode == 2
    assert r.stderr.decode().strip() == f"repair: error: {pack}:5: rule 'mine/x': unknown key 'colour'"
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "a.txt").write_text(article.read_text())  # the pyproject.toml is found from the input's folder
    (proj / "pyproject.toml").write_text('[tool.repair]\nselekt = ["zh-en"]\n')
    r = run_repair("check", "a.txt", cwd=proj)
    assert r.returncode == 2 and "pyproject.toml: [tool.repair]: unknown key 'selekt'" in r.stderr.decode()
    (proj / "pyproject.toml").write_text('[tool.repair]\nselect = ["mt-en/characters"]\n')
    r = run_repair("check", "a.txt", cwd=proj)
    assert r.returncode == 0  # the zh-en rule is not selected
    (proj / "pyproject.toml").write_text('[tool.repair]\nunsafe-fixes = true\npacks = ["house.yaml"]\n')
    (proj / "house.yaml").write_text(
        "pack: house\nrules:\n  - id: house/term/hanzi\n    kind: substitution\n    category: terminology/wrong-term\n"
        "    severity: minor\n    applicability: unsafe\n    message: house term\n    entries: {country: nation}\n"
        "    examples:\n      - bad: the country\n        fixed: the nation\n        unsafe: true\n      - good: the nation\n"
    )
    r = run_repair("fix", "-", stdin=BAD.encode(), cwd=proj)
    assert r.stdout.decode() == "At present, the nation is resuming work and production.\n"


def test_in_place_keeps_backup(article):
    r = run_repair("fix", "--in-place", str(article))
    assert r.returncode == 0
    assert article.read_text() == FIXED
    assert (article.parent / "a.txt.bak").read_text() == BAD
    article.write_text(BAD)
    (article.parent / "a.txt.bak").unlink()
    run_repair("fix", "--in-place", "--no-backup", str(article))
    assert article.read_text() == FIXED and not (article.parent / "a.txt.bak").exists()


def test_refuses_to_overwrite_an_input(article):
    r = run_repair("fix", "-o", str(article), str(article))
    assert r.returncode == 2 and b"would overwrite an input file" in r.stderr
    assert article.read_text() == BAD
    assert run_repair("fix", "--no-backup", str(article)).returncode == 2


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("final", [True, False])
def test_line_endings_bom_and_final_newline_kept(tmp_path, ending, bom, final):
    lines = ["Title line", "", "the country is resuming production and production , now.", "Last  line  stays "]
    text = ending.join(lines) + (ending if final else "")
    p = tmp_path / "x.txt"
    p.write_bytes(bom + text.encode())
    assert run_repair("fix", str(p)).returncode in (0, 1)
    want = text.replace("resuming production and production , now", "resuming work and production, now")
    assert (tmp_path / "x.repaired.txt").read_bytes() == bom + want.encode()


def test_markdown_code_urls_and_link_targets_untouched(tmp_path):
    md = (
        "# Safety production\n\n"
        'See [the the report](https://example.org/the the/safety production) and <https://x.org/a,b> <abbr title="the the , x">the the</abbr>.\n\n'
        "```\nthe the code , here\n```\n\n"
        "    indented the the code\n\n"
        "Inline `the the` stays, the the prose does not.\n"
    )
    p = tmp_path / "n.md"
    p.write_text(md)
    run_repair("fix", "--unsafe-fixes", str(p))
    out = (tmp_path / "n.repaired.md").read_text()
    assert out == md.replace("# Safety production", "# Work safety").replace(
        "[the the report]", "[the report]"
    ).replace(">the the<", ">the<").replace(", the the prose", ", the prose")
