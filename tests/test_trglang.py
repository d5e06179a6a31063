"""``--target-lang`` against the target language an XLIFF or PO file declares (repair.formats.trglang)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from repair import formats
from repair.errors import InputError
from repair.formats.trglang import primary

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="{lang}">
 <file id="f1">
  <unit id="u1"><segment><source>你好。</source><target>Hello hello.</target></segment></unit>
 </file>
</xliff>
"""

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
{header}
msgid "你好"
msgstr "Hello"
"""


@pytest.mark.parametrize(("tag", "want"), [("en-GB", "en"), ("pt_BR", "pt"), ("fr_FR.UTF-8", "fr"), ("", "")])
def test_primary_subtag(tag, want):
    assert primary(tag) == want


def test_xliff12_declaring_english_refuses_french():
    path = SAMPLES / "wmt21-zh-en.online-a.xlf"
    with pytest.raises(InputError) as exc:
        formats.read(path, target_lang="fr")
    assert str(exc.value).endswith(
        "declares target language en (<file target-language>), not fr (--target-lang): only a multilingual TMX holds several"
    )
    assert exc.value.line == 3


def test_xliff12_same_language_with_region_reads_as_before():
    path = SAMPLES / "wmt21-zh-en.online-a.xlf"
    assert [s.text for s in formats.read(path, target_lang="en-US").segments] == [
        s.text for s in formats.read(path).segments
    ]


def test_xliff20_trglang(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF20.format(lang="de"), encoding="utf-8")
    with pytest.raises(InputError, match=r"declares target language de \(<xliff trgLang>\), not en"):
        formats.read(path, target_lang="en")
    assert [s.text for s in formats.read(path).segments] == ["Hello hello."]
    assert [s.text for s in formats.read(path, target_lang="de-AT").segments] == ["Hello hello."]


def test_po_language_header(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(PO.format(header='"Language: en\\n"'), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        formats.read(path, target_lang="fr")
    assert "declares target language en (the header's Language:), not fr (--target-lang)" in str(exc.value)
    assert exc.value.line == 4
    assert [s.text for s in formats.read(path, target_lang="en").segments] == ["Hello"]


def test_po_without_language_reads_as_before(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(PO.format(header=""), encoding="utf-8")
    assert [s.text for s in formats.read(path, target_lang="fr").segments] == ["Hello"]


def test_cli_one_line_and_exit_2(tmp_path):
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF20.format(lang="en"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "repair", "check", "--target-lang", "fr", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        f"repair: error: {path}:2: declares target language en (<xliff trgLang>), not fr (--target-lang): "
        "only a multilingual TMX holds several\n"
    )


@pytest.mark.parametrize("declared", ["English", "eng", "en_US.UTF-8"])
def test_po_language_that_is_no_comparable_code_is_read(tmp_path, declared):
    path = tmp_path / "a.po"
    path.write_text(PO.format(header=f'"Language: {declared}\\n"'), encoding="utf-8")
    assert [s.text for s in formats.read(path, target_lang="en").segments] == ["Hello"]


def test_three_letter_codes_are_compared(tmp_path):
    path = tmp_path / "a.po"
    path.write_text(PO.format(header='"Language: fra\\n"'), encoding="utf-8")
    with pytest.raises(InputError, match=r"declares target language fra \(the header's Language:\), not eng"):
        formats.read(path, target_lang="eng")
