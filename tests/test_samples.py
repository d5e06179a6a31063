"""The sample article: the corrected copies in samples/ are reproduced byte for byte."""

from repair import formats

from conftest import ARTICLE, SAMPLES, run_repair

SAFE = SAMPLES / "xinhua-2020-04-10-work-safety.mt.en.repaired.txt"
UNSAFE = SAMPLES / "xinhua-2020-04-10-work-safety.mt.en.repaired-unsafe.txt"


def test_safe_fix_matches_expected_copy(tmp_path):
    r = run_repair("fix", str(ARTICLE), "-o", str(tmp_path / "out.txt"))
    assert r.returncode == 1, r.stderr  # findings remain for --unsafe-fixes and review
    assert (tmp_path / "out.txt").read_bytes() == SAFE.read_bytes()


def test_unsafe_fix_matches_expected_copy(tmp_path):
    r = run_repair("fix", "--unsafe-fixes", str(ARTICLE), "-o", str(tmp_path / "out.txt"))
    assert r.returncode == 1, r.stderr  # "that Effectiveness;" is left for a person
    assert (tmp_path / "out.txt").read_bytes() == UNSAFE.read_bytes()


def test_safe_fix_changes_exactly_the_listed_spans(engine):
    doc = formats.read(ARTICLE)
    fixed, rounds = engine.fix(doc)
    changes = sorted((e.original, e.replacement) for r in rounds for e in r)
    assert changes == [
        (" ’s", "'s"),
        ("Jinping", "Xi Jinping"),
        ("S", "s"),
        ("production and production", "work and production"),
        ("production and production", "work and production"),
        ("production and production", "work and production"),
        ("well-off Society", "well-off society"),
    ]
    text = fixed.render()
    for phrase in (
        "resuming work and production",
        "resumption of work and production",
        "spirit of Xi Jinping's important instructions",
        "Xi Jinping's socialist",
        ", strengthen the implementation",
        "well-off society creates",
    ):
        assert phrase in text
    assert text.count("resumption of work and production") == 2


def test_unsafe_fix_has_the_listed_renderings():
    text = UNSAFE.read_text(encoding="utf-8")
    for phrase in (
        "the COVID-19 epidemic situation",
        "supervision of work safety",
        "strengthen work safety supervision",
        "Work Safety Committee of the State Council",
        "moderately prosperous society in all respects",
        "guidance of Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era",
        "The national teleconference on Work Safety",
        "the officials of Tianjin",
    ):
        assert phrase in text, phrase
    for calque in (
        "new coronary",
        "safety production",
        "safe production,",
        "Security Committee",
        "responsible comrades",
        "TV Conference",
        "Xi Jinping's Thought",
    ):
        assert calque not in text, calque
    # "safe production environment" (安全的生产环境) is no 安全生产 calque: kept
    assert "a stable and safe production environment" in text


def test_check_flags_what_it_cannot_fix(engine):
    doc = formats.read(ARTICLE)
    flagged = [e for e in engine.check(doc) if e.applicability.value == "display"]
    assert [(e.original, e.rule_id) for e in flagged] == [("Effectiveness", "mt-en/capitalization/mid-sentence")]
    r = run_repair("check", str(ARTICLE))
    assert r.returncode == 1
    lines = r.stdout.decode().splitlines()
    assert any(
        ":15:1118: mt-en/capitalization/mid-sentence [fluency/spelling, minor]" in ln and "no automatic fix" in ln
        for ln in lines
    )
    assert lines[-1] == (
        "28 findings in 1 file: 7 safe fixes (`repair fix`), 20 unsafe fixes (`--unsafe-fixes`), 1 to review by hand"
    )


def test_fixing_the_fixed_copies_changes_nothing(engine):
    for path, unsafe in ((SAFE, False), (UNSAFE, True)):
        doc = formats.read(path)
        fixed, rounds = engine.fix(doc, unsafe=unsafe)
        assert rounds == [] and fixed.render() == doc.render()
