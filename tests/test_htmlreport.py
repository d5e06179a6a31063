"""The HTML report: word diffs, the SVG chart, and the page as headless Chromium renders it."""

import os
import re
import shutil
import subprocess

import pytest
from repair.htmlreport import bar_chart, word_diff

from conftest import run_repair

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: .ci/run sets this: there the Chromium test must run, never skip.
REQUIRED = os.environ.get("REPAIR_REQUIRE_CHROMIUM") == "1"


def test_word_diff():
    assert word_diff("resuming production and production.", "resuming work and production.") == (
        "resuming <del>production</del> and production.",
        "resuming <ins>work</ins> and production.",
    )
    # two changes separated by a space are one change, as the review shows them (repair.words)
    assert word_diff("fine ，and <b>", "fine, and <b>") == (
        "fine<del> ，</del>and &lt;b&gt;",
        "fine<ins>, </ins>and &lt;b&gt;",
    )
    assert word_diff("Xi’s speech", "Xi's speech") == ("<del>Xi’s</del> speech", "<ins>Xi&#x27;s</ins> speech")
    assert word_diff("same", "same") == ("same", "same")


def test_bar_chart_markup():
    svg = bar_chart("c", {"b/rule": 2, "a/rule": 5, "z": 2}, {"a/rule": "#123456"})
    assert svg.startswith('<svg id="c" xmlns="http://www.w3.org/2000/svg" width="700" height="64"')
    bars = re.findall(
        r'<rect class="bar" data-label="([^"]+)" data-value="([^"]+)" x="330" y="\d+" width="([\d.]+)"', svg
    )
    assert bars == [("a/rule", "5", "300.0"), ("b/rule", "2", "120.0"), ("z", "2", "120.0")]
    assert 'fill="#123456"' in svg
    assert "nothing to show" in bar_chart("e", {})


def dump_dom(html_path, tmp_path):
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--dump-dom",
        html_path.as_uri(),
    ]
    r = subprocess.run(cmd, capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode(errors="replace")[-2000:]
    return r.stdout.decode("utf-8")


@pytest.mark.skipif(
    CHROMIUM is None and not REQUIRED,
    reason="Debian's chromium is not installed (apt-get install chromium); .ci/run installs it and requires this test",
)
def test_report_renders_in_headless_chromium(tmp_path):
    assert CHROMIUM, "chromium is required here (REPAIR_REQUIRE_CHROMIUM=1) but not on PATH"
    src = tmp_path / "articles"
    src.mkdir()
    (src / "b.txt").write_text("New crown pneumonia cases rose ，again.\nAll is well.\n")
    (src / "a.txt").write_text("Factories are resuming production and production.\n")
    report = tmp_path / "report.html"
    r = run_repair("fix", "--unsafe-fixes", "--out-dir", str(tmp_path / "out"), "--report", str(report), str(src))
    assert r.returncode == 0, r.stderr
    html = report.read_text(encoding="utf-8")
    # self-contained: no external resource of any kind
    assert re.findall(r"https?://[^\s\"'<>]+", html) == ["http://www.w3.org/2000/svg"] * 2
    assert not re.search(r"<(link|img|iframe)\b|<script\s+src|@import|url\(", html)

    dom = dump_dom(report, tmp_path)
    # the script ran: rows sorted by file (a.txt before b.txt), the counter filled in
    assert 'data-sorted-by="file"' in dom
    assert '<span id="shown">2 of 2 changed segments shown</span>' in dom
    rows = re.findall(r'<tr class="change" data-file="([^"]+)" data-line="(\d+)"[^>]*>(.*?)</tr>', dom, re.S)
    assert [(os.path.basename(f), line) for f, line, _ in rows] == [("a.txt", "1"), ("b.txt", "1")]
    # the diffs, with their rule ids
    assert "<del>production</del>" in rows[0][2] and "<ins>work</ins>" in rows[0][2]
    assert "<code>zh-en/coordination/work-and-production</code>" in rows[0][2]
    assert "<del>New crown pneumonia</del>" in rows[1][2] and "<ins>COVID-19</ins>" in rows[1][2]
    assert "<code>zh-en/calque/covid-19</code>" in rows[1][2]
    assert "<code>mt-en/characters/fullwidth-punctuation</code>" in rows[1][2]
    # the charts: one bar per rule and per MQM category, with the counts
    rule_bars = re.findall(r'<svg id="chart-rules".*?</svg>', dom, re.S)[0]
    assert sorted(re.findall(r'class="bar" data-label="([^"]+)" data-value="(\d+)"', rule_bars)) == [
        ("mt-en/characters/fullwidth-punctuation", "1"),
        ("zh-en/calque/covid-19", "1"),
        ("zh-en/coordination/work-and-production", "1"),
    ]
    cat_bars = re.findall(r'<svg id="chart-categories".*?</svg>', dom, re.S)[0]
    assert sorted(re.findall(r'class="bar" data-label="([^"]+)" data-value="(\d+)"', cat_bars)) == [
        ("accuracy/mistranslation", "1"),
        ("fluency/punctuation", "1"),
        ("terminology/wrong-term", "1"),
    ]
    # totals
    assert "<b>2</b><span>segments changed</span>" in dom and "<b>3</b><span>edits applied</span>" in dom
