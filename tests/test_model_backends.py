"""The transformers and CTranslate2 backends on tiny random models built offline at run time."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_repair

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("ctranslate2")

os.environ["HF_HUB_OFFLINE"] = "1"

INPUTS = [
    "Xi Jinping made important instructions on production safety",
    "At present, the country is resuming production and production.",
    "Li Keqiang gave instructions",
    "It is necessary to strengthen safety production supervision.",
]


def _build_tiny():
    spec = importlib.util.spec_from_file_location("build_tiny", ROOT / "models" / "build_tiny.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> dict[str, Path]:
    import torch

    torch.set_num_threads(1)
    return _build_tiny().build_all(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture(scope="session")
def tiny_ct2(tiny, tmp_path_factory) -> dict[str, Path]:
    from repair.model.ct2 import convert

    out = tmp_path_factory.mktemp("tiny-ct2")
    return {name: convert(path, out / name, quantization=None, preset=None) for name, path in tiny.items()}


def hf(path: Path, **kw):
    from repair.model.hf import HFBackend

    return HFBackend(path, device="cpu", max_new_tokens=24, batch_size=3, threads=1, **kw)


def ct2(path: Path, **kw):
    from repair.model.ct2 import CT2Backend

    return CT2Backend(path, device="cpu", max_new_tokens=24, batch_size=3, compute_type="float32",
                      inter_threads=1, intra_threads=1, **kw)


def test_tiny_models_are_small(tiny) -> None:
    for path in tiny.values():
        weights = (path / "model.safetensors").stat().st_size
        assert 100_000 < weights < 400_000


@pytest.mark.parametrize("name", ["t5", "marian"])
def test_hf_generate_is_deterministic_and_batch_independent(tiny, name: str) -> None:
    backend = hf(tiny[name])
    batched = backend.generate(INPUTS)
    assert batched == backend.generate(INPUTS)
    assert batched == [backend.generate([x])[0] for x in INPUTS]  # padding and sorting change nothing
    assert all(out != x for out, x in zip(batched, INPUTS))


@pytest.mark.parametrize("name", ["t5", "marian"])
def test_ct2_float32_greedy_matches_transformers(tiny, tiny_ct2, name: str) -> None:
    a, b = hf(tiny[name]), ct2(tiny_ct2[name])
    outputs = a.generate(INPUTS)
    assert b.generate(INPUTS) == outputs
    for x, y in zip(a.score(INPUTS, outputs), b.score(INPUTS, outputs)):
        assert x.tokens == y.tokens
        assert x.logprob == pytest.approx(y.logprob, rel=1e-4)


@pytest.mark.parametrize("name", ["t5", "marian"])
def test_ct2_beam_matches_transformers(tiny, tiny_ct2, name: str) -> None:
    assert ct2(tiny_ct2[name], num_beams=3).generate(INPUTS[:2]) == hf(tiny[name], num_beams=3).generate(INPUTS[:2])


def test_teacher_forcing_scores_sum_token_logprobs(tiny) -> None:
    import torch

    backend = hf(tiny["t5"])
    [score] = backend.score([INPUTS[0]], [INPUTS[2]])
    enc = backend.tokenizer([INPUTS[0]], return_tensors="pt")
    labels = backend.tokenizer(text_target=[INPUTS[2]], return_tensors="pt")["input_ids"]
    with torch.no_grad():
        logits = backend.model(**enc, labels=labels).logits
    expected = torch.log_softmax(logits, -1)[0].gather(-1, labels[0].unsqueeze(-1)).sum().item()
    assert score.tokens == labels.shape[1] == len(backend.tokenizer(INPUTS[2])["input_ids"])
    assert score.logprob == pytest.approx(expected, rel=1e-5)


def test_proposer_on_tiny_model_edits_rebuild_the_rewrite(tiny) -> None:
    from repair.document import Segment
    from repair.edits import apply_edits
    from repair.model.proposer import ModelProposer

    backend = hf(tiny["t5"])
    text = " ".join(INPUTS[1:2] + INPUTS[3:])
    rewrites = backend.generate(INPUTS[1:2] + INPUTS[3:])
    proposer = ModelProposer(backend, margin=-1e9, guards=False)
    edits = proposer.propose([Segment(text, 0, 1)])
    fixed, _ = apply_edits(text, edits)
    assert fixed.split() == " ".join(r.strip() for r in rewrites).split()
    # with the guards on, random rewrites are all dropped, each for a reason
    guarded = ModelProposer(backend, margin=-1e9)
    assert guarded.propose([Segment(text, 0, 1)]) == []
    assert sum(guarded.counts().values()) == 2


def test_cli_check_with_a_local_folder_and_convert(tiny, tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("He have went home. They was late.\n", encoding="utf-8")
    folder = str(tiny["t5"])
    res = run_repair("check", "--model", folder, "--verbose", str(article))
    err = res.stderr.decode()
    assert res.returncode == 0, err
    assert "model plain (transformers): 2 proposals dropped by the guards" in err
    assert err.count("model: dropped segment 0 ") == 2
    dst = tmp_path / "ct2"
    res = run_repair("model", "convert", folder, str(dst), "--preset", "t5-gec")
    assert res.returncode == 0, res.stderr.decode()
    assert (dst / "model.bin").is_file() and (dst / "repair-model.json").is_file()
    res = run_repair("check", "--model", str(dst), str(article))
    assert res.returncode == 0 and "model t5-gec (ctranslate2): 2 proposals dropped" in res.stderr.decode()
    plain = run_repair("fix", "--diff", str(article))
    res = run_repair("fix", "--diff", "--model", str(dst), "--accept-model", "0", str(article))
    assert (res.returncode, res.stdout) == (plain.returncode, plain.stdout)  # every random rewrite was dropped
    line = res.stderr.decode()
    assert line.startswith(f"{article}: model t5-gec (ctranslate2): 2 proposals dropped by the guards (")
    assert line.endswith("); --verbose lists them\n") and line.count("\n") == 1
    res = run_repair("model", "convert", folder, str(dst))
    assert res.returncode == 2
    assert res.stderr.decode().strip() == f"repair: error: {dst}: exists and is not empty (pass --force to overwrite)"
