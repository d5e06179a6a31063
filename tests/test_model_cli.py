"""The model's command line without a model: presets, offline failures, lazy imports."""

from __future__ import annotations

import subprocess
import sys
import time

from tests.conftest import ARTICLE, run_repair


def test_model_list() -> None:
    res = run_repair("model", "list")
    assert res.returncode == 0
    lines = res.stdout.decode().splitlines()
    assert lines[0] == "opus-mt-zh-en  Helsinki-NLP/opus-mt-zh-en"
    assert (
        "  licence CC-BY-NC-4.0 (NON-COMMERCIAL ONLY); 770M parameters (Flan-T5-large), about 3.1 GB; unit sentence"
        in lines
    )
    assert "  prompt: Fix grammatical errors in this sentence: {text}" in lines
    assert "  prompt: {source} </s> {target}" in lines
    assert lines[-1] == "4 presets; CC BY-NC licences forbid commercial use"


def test_unreachable_hub_id_fails_fast_with_one_line(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", "/nonexistent-repair-test-cache")
    for cmd in (["check"], ["fix", "--diff", "--accept-model", "0.9"]):
        started = time.monotonic()
        res = run_repair(*cmd, "--model", "grammarly/coedit-large", str(ARTICLE))
        assert time.monotonic() - started < 10
        assert res.returncode == 2
        assert res.stdout == b""
        assert res.stderr.decode() == (
            "repair: error: grammarly/coedit-large: not in the local Hugging Face cache and HF_HUB_OFFLINE "
            "is set; on a connected machine run `hf download grammarly/coedit-large --local-dir coedit-large`, "
            "copy the folder here and pass --model ./coedit-large\n"
        )


def test_preset_name_resolves_to_its_hub_id(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", "/nonexistent-repair-test-cache")
    res = run_repair("check", "--model", "t5-gec", str(ARTICLE))
    assert res.returncode == 2
    assert res.stderr.decode().startswith("repair: error: vennify/t5-base-grammar-correction: not in the local")


def test_missing_folder_and_template_preset(tmp_path) -> None:
    res = run_repair("check", "--model", "./no-such-model", str(ARTICLE), cwd=tmp_path)
    assert (res.returncode, res.stderr.decode()) == (2, "repair: error: ./no-such-model: no such folder\n")
    (tmp_path / "m").mkdir()
    res = run_repair("check", "--model", str(tmp_path / "m"), str(ARTICLE))
    assert (
        res.stderr.decode()
        == f"repair: error: {tmp_path / 'm'}: no config.json: not a Hugging Face or CTranslate2 model folder\n"
    )
    res = run_repair("check", "--model", "ape", str(ARTICLE))
    assert res.returncode == 2 and "pass --model ./your-folder --preset ape" in res.stderr.decode()


def test_model_options_need_model() -> None:
    res = run_repair("fix", "--diff", "--accept-model", "0.9", str(ARTICLE))
    assert res.returncode == 2 and "--accept-model, --preset and --device go with --model" in res.stderr.decode()
    res = run_repair("fix", "--diff", "--model", "x/y", "--accept-model", "1.5", str(ARTICLE))
    assert res.returncode == 2 and "1.5 is not between 0 and 1" in res.stderr.decode()
    res = run_repair("fix", "--diff", "--model", "x/y", str(ARTICLE))
    assert res.returncode == 2 and "add --accept-model THRESHOLD" in res.stderr.decode()


def test_check_without_model_imports_no_torch() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from repair.cli import main\n"
        f"r = CliRunner().invoke(main, ['check', {str(ARTICLE)!r}])\n"
        "assert r.exit_code == 1, r.output\n"
        "heavy = sorted(m for m in ('torch', 'transformers', 'ctranslate2', 'huggingface_hub') if m in sys.modules)\n"
        "print(heavy)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert res.returncode == 0, res.stderr.decode()
    assert res.stdout.decode().strip() == "[]"
