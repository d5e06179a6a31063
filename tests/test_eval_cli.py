"""`repair eval` and `repair fix --report` through the console script, on a slice of WMT21 zh-en dev."""

import json

import pytest
import sacrebleu

from conftest import DATA, run_repair

WMT = DATA / "wmt21-zh-en-dev"
SOURCE = WMT / "src.zh"
LINES = slice(120, 160)  # 40 segments; Online-B's repair changes 2 of them, Online-A's 1
SYSTEMS = ("Online-A", "Online-B")


def lines(path):
    return path.read_text(encoding="utf-8").splitlines()[LINES]


@pytest.fixture(scope="module")
def wmt_slice(tmp_path_factory):
    d = tmp_path_factory.mktemp("wmt")
    (d / "ref.A.en").write_text("\n".join(lines(WMT / "ref.A.en")) + "\n", encoding="utf-8")
    for s in SYSTEMS:
        (d / f"hyp.{s}.en").write_text("\n".join(lines(WMT / f"hyp.{s}.en")) + "\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def evaluated(wmt_slice):
    out = wmt_slice / "out.json"
    r = run_repair(
        "eval",
        "--mt",
        str(wmt_slice / "hyp.*.en"),
        "--ref",
        str(wmt_slice / "ref.A.en"),
        "--unsafe-fixes",
        "--json",
        str(out),
        "--report",
        str(wmt_slice / "report.html"),
    )
    return r, json.loads(out.read_text(encoding="utf-8"))


def test_json_shape(evaluated):
    r, data = evaluated
    assert r.returncode == 0, r.stderr
    assert sorted(data) == ["reference", "repair", "rules", "signatures", "source", "systems", "totals", "unsafe_fixes"]
    assert data["unsafe_fixes"] is True and data["source"] is None
    assert sorted(data["signatures"]) == ["BLEU", "TER", "chrF"]
    assert [s["name"] for s in data["systems"]] == list(SYSTEMS)
    for s in data["systems"]:
        assert sorted(s) == [
            "after",
            "before",
            "delta",
            "edits",
            "mqm",
            "name",
            "path",
            "rules",
            "segment_chrf",
            "segments",
            "segments_changed",
            "words",
        ]
        assert s["segments"] == 40
        assert sum(s["segment_chrf"].values()) == s["segments_changed"]
        assert s["edits"] == sum(v["edits"] for v in s["rules"].values())
        assert sorted(s["mqm"]) == ["after", "before"]
    assert sorted(data["reference"]) == ["edits", "path", "per_10k_words", "rules", "segments_changed", "words"]
    assert data["totals"]["systems"] == 2 and data["totals"]["segments"] == 80
    for rule, t in data["rules"].items():  # each rule's verdict (issue 12)
        marked = t["down"] > t["up"] or t["reference_edits"] > 0
        assert t["verdict"] == ("marked" if marked else "ok") and bool(t["reasons"]) == marked, rule


def test_metric_values_are_sacrebleus_on_repair_fix_output(evaluated, wmt_slice):
    _, data = evaluated
    refs = lines(WMT / "ref.A.en")
    for s in data["systems"]:
        hyp_path = wmt_slice / f"hyp.{s['name']}.en"
        before = hyp_path.read_text(encoding="utf-8").splitlines()
        fixed = (
            run_repair("fix", "--unsafe-fixes", "-", stdin=hyp_path.read_bytes()).stdout.decode("utf-8").splitlines()
        )
        for name, fn in (
            ("chrF", sacrebleu.corpus_chrf),
            ("BLEU", sacrebleu.corpus_bleu),
            ("TER", sacrebleu.corpus_ter),
        ):
            assert s["before"][name] == round(fn(before, [refs]).score, 4)
            assert s["after"][name] == round(fn(fixed, [refs]).score, 4)
        assert s["segments_changed"] == sum(a != b for a, b in zip(before, fixed))
    assert [s["segments_changed"] for s in data["systems"]] == [1, 2]


def test_table_and_signatures_on_stdout(evaluated):
    r, data = evaluated
    out = r.stdout.decode("utf-8")
    assert "Online-A" in out and "Online-B" in out and "FP/10k words" in out and "verdict" in out
    assert f"chrF signature: {data['signatures']['chrF']}" in out
    assert r.stderr == b""  # not a terminal: no progress bar


def test_report_written(evaluated, wmt_slice):
    html = (wmt_slice / "report.html").read_text(encoding="utf-8")
    assert html.count('<tr class="change"') == 3
    assert 'id="metrics"' in html and 'id="rules"' in html


def test_quiet_json_to_stdout_and_source(wmt_slice):
    src = wmt_slice / "src.zh"
    src.write_text("\n".join(lines(SOURCE)) + "\n", encoding="utf-8")
    r = run_repair(
        "eval",
        "--mt",
        str(wmt_slice / "hyp.Online-A.en"),
        "--ref",
        str(wmt_slice / "ref.A.en"),
        "--source",
        str(src),
        "--json",
        "-",
        "--quiet",
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["source"] == str(src) and data["unsafe_fixes"] is False
    assert data["systems"][0]["name"] == "hyp.Online-A.en"


def test_errors_are_one_line_exit_2(wmt_slice, tmp_path):
    short = tmp_path / "short.en"
    short.write_text("one line\n")
    ref = str(wmt_slice / "ref.A.en")
    r = run_repair("eval", "--mt", str(short), "--ref", ref)
    assert r.returncode == 2
    assert r.stderr.decode() == (
        f"repair: error: {short}: 1 lines, but the reference {ref} has 40: files must be line-aligned\n"
    )
    r = run_repair("eval", "--mt", str(tmp_path / "nothing.*.en"), "--ref", ref)
    assert r.returncode == 2 and r.stderr.decode() == f"repair: error: {tmp_path / 'nothing.*.en'}: matches no file\n"
    r = run_repair("eval", "--mt", str(wmt_slice / "hyp.Online-A.en"), "--ref", ref, "--source", str(short))
    assert r.returncode == 2 and "files must be line-aligned" in r.stderr.decode()
    r = run_repair("eval", "--ref", ref)
    assert r.returncode == 2 and b"--mt" in r.stderr
    r = run_repair("eval", "--mt", str(short), "--ref", ref, "--json", str(short))
    assert r.returncode == 2 and r.stderr.decode() == f"repair: error: {short}: would overwrite an input file\n"
    assert short.read_text() == "one line\n"


def test_fix_report_and_quiet(tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    (src / "a.txt").write_text("Factories are resuming production and production.\nAll is well.\n")
    (src / "b.txt").write_text("Nothing to fix here.\n")
    report = tmp_path / "report.html"
    r = run_repair("fix", "--out-dir", str(tmp_path / "cleaned"), "--report", str(report), "--quiet", str(src))
    assert r.returncode == 0 and r.stderr == b""
    assert (tmp_path / "cleaned" / "a.txt").read_text().startswith("Factories are resuming work and production.")
    html = report.read_text(encoding="utf-8")
    assert html.count('<tr class="change"') == 1
    assert f'data-file="{src / "a.txt"}"' in html and "zh-en/coordination/work-and-production" in html
    r = run_repair("fix", "--out-dir", str(tmp_path / "cleaned2"), "--report", str(src / "a.txt"), str(src))
    assert (
        r.returncode == 2
        and r.stderr.decode() == f"repair: error: {src / 'a.txt'}: the report would overwrite an input file\n"
    )
    assert not (tmp_path / "cleaned2").exists()
