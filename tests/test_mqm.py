"""The MQM-style score: Google's WMT weights (Freitag et al. 2021), per 1,000 words, and `check --format json`."""

import json

import pytest
from repair.edits import Edit, Severity
from repair.mqm import MqmScore, combine, mqm_score, weight

from conftest import run_repair


@pytest.mark.parametrize(
    "category, severity, expected",
    [
        ("fluency/punctuation", Severity.MINOR, 0.1),
        ("fluency/punctuation", Severity.MAJOR, 5.0),
        ("fluency/grammar", Severity.MINOR, 1.0),
        ("accuracy/mistranslation", Severity.MAJOR, 5.0),
        ("accuracy/mistranslation", Severity.CRITICAL, 5.0),
        ("accuracy/untranslated", Severity.MAJOR, 25.0),
        ("accuracy/untranslated", Severity.CRITICAL, 25.0),
        ("accuracy/untranslated", Severity.MINOR, 1.0),
        ("terminology/wrong-term", Severity.MINOR, 1.0),
        ("fluency/punctuationish", Severity.MINOR, 1.0),
    ],
)
def test_weights(category, severity, expected):
    assert weight(category, severity) == expected


def edit(category, severity):
    return Edit(0, 1, "x", "test/rule", category=category, severity=severity)


def test_score_arithmetic():
    found = [edit("fluency/punctuation", Severity.MINOR)] * 3 + [
        edit("accuracy/untranslated", Severity.MAJOR),
        edit("terminology/wrong-term", Severity.MAJOR),
        edit("style/unidiomatic", Severity.MINOR),
    ]
    s = mqm_score(found, 400)
    assert s.penalty == pytest.approx(31.3, abs=1e-12)  # 3 x 0.1 + 25 + 5 + 1
    assert s.errors == 6 and s.words == 400
    assert s.score == pytest.approx(78.25, abs=1e-12)  # 31.3 / 400 * 1000
    assert s.to_dict() == {"score": 78.25, "penalty": 31.3, "words": 400, "errors": 6}
    assert mqm_score([], 0).score == 0.0
    with pytest.raises(ValueError):
        mqm_score([], -1)
    both = combine([s, MqmScore(5.0, 100, 1)])
    assert (both.penalty, both.words, both.errors) == (pytest.approx(36.3), 500, 7)
    assert both.score == pytest.approx(72.6)


def test_check_json_carries_mqm_before_and_after(tmp_path):
    p = tmp_path / "a.txt"
    # one safe major (coordination), one unsafe major (calque), one safe minor punctuation: 12 words
    p.write_text("Factories are resuming production and production.\nNew crown pneumonia cases rose ，again.\n")
    r = run_repair("check", "--format", "json", "--select", "mt-en,zh-en", str(p))
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    rules = sorted(f["rule"] for f in data["files"][0]["findings"])
    assert rules == [
        "mt-en/characters/fullwidth-punctuation",
        "zh-en/calque/covid-19",
        "zh-en/coordination/work-and-production",
    ]
    mqm = data["files"][0]["mqm"]
    assert mqm["before"] == {"score": round(10.1 / 12 * 1000, 4), "penalty": 10.1, "words": 12, "errors": 3}
    # safe fixes: the coordination and the punctuation go, the calque stays (5 per 12 words)
    assert mqm["after"]["safe"] == {"score": round(5 / 12 * 1000, 4), "penalty": 5.0, "words": 12, "errors": 1}
    # unsafe too: "New crown pneumonia" -> "COVID-19" leaves 10 words and nothing to find
    assert mqm["after"]["unsafe"] == {"score": 0.0, "penalty": 0, "words": 10, "errors": 0}
    assert data["summary"]["mqm"]["before"] == mqm["before"]
    assert data["summary"]["mqm"]["weights"].startswith("Freitag et al. 2021")
    assert data["summary"]["findings"] == 3  # the existing keys are all still there
