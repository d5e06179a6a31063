"""`repair check --format github`: GitHub Actions workflow annotations."""

from __future__ import annotations

from conftest import SAMPLES, run_repair


def test_text_file_annotations(tmp_path):
    f = tmp_path / "50%, a:b.txt"
    f.write_text("Intro.\r\nWe saw the the new coronary pneumonia: 100% sure.\n", encoding="utf-8")
    r = run_repair("check", "--format", "github", f.name, cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.decode().splitlines() == [
        "::notice file=50%25%2C a%3Ab.txt,line=2,col=11,endLine=2,endColumn=15,"
        "title=mt-en/repetition/function-word [fluency/grammar%2C minor]::"
        "a function word written twice: ' the' -> '' (safe)",
        "::warning file=50%25%2C a%3Ab.txt,line=2,col=16,endLine=2,endColumn=38,"
        "title=zh-en/calque/covid-19 [terminology/wrong-term%2C major]::"
        "新冠肺炎 calque: the disease is COVID-19: 'new coronary pneumonia' -> 'COVID-19' (unsafe)",
    ]
    clean = tmp_path / "clean.txt"
    clean.write_text("All is well.\n", encoding="utf-8")
    r = run_repair("check", "--format", "github", clean.name, cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, b"")


def test_po_annotations_point_into_the_msgstr_lines():
    r = run_repair("check", "--format", "github", str(SAMPLES / "wmt21-zh-en.njusc-tsc.po"))
    lines = r.stdout.decode().splitlines()
    assert (
        len(lines) == 11
    )  # with issue 13's names and terms checks (张若昀 misspelt four times, 新冠肺炎 twice, 卫健委)
    # line 32 of the file is the msgstr's second string: "...the applicant 's "
    assert lines[0].startswith("::notice file=") and ",line=32,col=68,endLine=32,endColumn=71," in lines[0]
    # a finding over the whole target (a number missing) spans its eight lines, 188 to 195: the
    # annotation is at its end
    assert (
        ",line=195,col=48,endLine=195,endColumn=48,title=bilingual/numbers/missing [accuracy/omission%2C major]::"
        in lines[9]
    )


def test_escaping_follows_the_actions_toolkit():
    from repair.report import _github_escape

    assert _github_escape("50% done\r\nx:y,z") == "50%25 done%0D%0Ax:y,z"
    assert _github_escape("50% done\r\nx:y,z", prop=True) == "50%25 done%0D%0Ax%3Ay%2Cz"
