"""The transformers and CTranslate2 backends on tiny random models built offline at run time."""

from __future__ import annotations

import importlib.util
import os
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

    return HFBackend(path, **{"device": "cpu", "max_new_tokens": 24, "batch_size": 3, "threads": 1, **kw})


def ct2(path: Path, **kw):
    from repair.model.ct2 import CT2Backend

    return CT2Backend(
        path,
        **{
            "device": "cpu",
            "max_new_tokens": 24,
            "batch_size": 3,
            "compute_type": "float32",
            "inter_threads": 1,
            "intra_threads": 1,
            **kw,
        },
    )


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


# Longer than the tiny Marian's 128 positions (as input: 157 tokens), one sentence, no rule finding.
LONG = (
    "The committee and the ministry of emergency management sent working groups "
    "to the provinces and cities where the accidents happened to guide the rescue and the investigation and "
    "to make sure that the lessons of the accidents are learned by every enterprise and every local "
    "government in the whole country before the end of the year"
)


def test_length_limits_come_from_the_config_and_the_conversion(tiny, tiny_ct2) -> None:
    import json

    from repair.model.hf import HFBackend

    marian = HFBackend(tiny["marian"], device="cpu", threads=1)  # max_new_tokens 256 > 128 positions
    assert (marian.max_input_tokens, marian.max_target_tokens, marian.max_output_tokens) == (128, 128, 128)
    assert marian.tokenizer.model_max_length == 512  # the tokenizer's own limit is not the model's
    assert (hf(tiny["marian"]).max_output_tokens, hf(tiny["t5"]).max_output_tokens) == (24, 24)
    assert (hf(tiny["t5"]).max_input_tokens, hf(tiny["t5"]).max_target_tokens) == (None, None)  # relative positions
    marker = json.loads((tiny_ct2["marian"] / "repair-model.json").read_text(encoding="utf-8"))
    assert (marker["max_input_tokens"], marker["max_target_tokens"]) == (128, 128)
    assert json.loads((tiny_ct2["marian"] / "tokenizer_config.json").read_text())["model_max_length"] == 128
    c = ct2(tiny_ct2["marian"], max_new_tokens=256)
    assert (c.max_input_tokens, c.max_target_tokens, c.max_output_tokens) == (128, 128, 128)
    assert (ct2(tiny_ct2["t5"]).max_input_tokens, ct2(tiny_ct2["t5"]).max_output_tokens) == (None, 24)


def test_inputs_and_outputs_beyond_marian_positions_are_truncated_alike(tiny, tiny_ct2) -> None:
    a, b = hf(tiny["marian"], max_new_tokens=256), ct2(tiny_ct2["marian"], max_new_tokens=256)
    assert a.count_tokens([LONG]) == a.count_tokens([LONG], target=True) == [157]
    inputs = [LONG, INPUTS[2]]
    outputs = a.generate(inputs)  # crashed with IndexError (position 128) before the limits
    assert b.generate(inputs) == outputs  # crashed with "No position encodings ... >= 128"
    assert a.count_tokens(outputs, target=True) == [129, 129]  # 128 tokens without end-of-sequence: cut off
    for backend in (a, b):
        scores = backend.score([LONG, LONG], [LONG, outputs[0]])
        assert [s.tokens for s in scores] == [128, 128]  # forced outputs truncated at 128 too
    for x, y in zip(a.score([LONG, LONG], [LONG, outputs[0]]), b.score([LONG, LONG], [LONG, outputs[0]])):
        assert x.logprob == pytest.approx(y.logprob, rel=1e-4)


@pytest.mark.parametrize("kind", ["hf", "ct2"])
def test_proposer_skips_units_too_long_for_marian(tiny, tiny_ct2, kind: str) -> None:
    from repair.document import Segment
    from repair.model.guards import Dropped
    from repair.model.proposer import ModelProposer

    backend = hf(tiny["marian"]) if kind == "hf" else ct2(tiny_ct2["marian"])
    calls = []
    generate = backend.generate
    backend.generate = lambda inputs: calls.append(list(inputs)) or generate(inputs)
    short = INPUTS[2]
    text = f"{LONG}. {short}"
    proposer = ModelProposer(backend, margin=-1e9)
    assert proposer.propose([Segment(text, 0, 1)]) == []
    [rewrite] = generate([short])
    assert calls == [[short]]  # the long sentence never reached the model
    assert proposer.dropped == [
        Dropped("too-long", 0, 0, len(LONG) + 1, LONG + ".", ""),  # 158 input tokens > 128
        Dropped("too-long", 0, len(LONG) + 2, len(text), short, rewrite),  # cut off at max_new_tokens 24
    ]


def test_cli_check_long_sentence_on_marian_and_a_stale_ct2_folder(tiny, tiny_ct2, tmp_path) -> None:
    import json
    import shutil

    article = tmp_path / "long.txt"
    article.write_text(LONG + "\n", encoding="utf-8")
    res = run_repair("check", "--model", str(tiny["marian"]), "--verbose", str(article))
    assert res.returncode == 0  # no rule finding, and the one model proposal dropped
    assert res.stderr.decode() == (
        f"model: dropped segment 0 [0, {len(LONG)}) too-long: {LONG!r} -> ''\n"
        "model plain (transformers): 1 proposals dropped by the guards (too-long 1)\n"
    )
    # a folder converted before the limits were recorded: its tokenizer says 512, the model has 128
    # positions; CTranslate2's failure ends as one line, exit 2
    stale = tmp_path / "stale"
    shutil.copytree(tiny_ct2["marian"], stale)
    marker = json.loads((stale / "repair-model.json").read_text(encoding="utf-8"))
    del marker["max_input_tokens"], marker["max_target_tokens"]
    (stale / "repair-model.json").write_text(json.dumps(marker), encoding="utf-8")
    config = json.loads((stale / "tokenizer_config.json").read_text(encoding="utf-8"))
    (stale / "tokenizer_config.json").write_text(json.dumps(dict(config, model_max_length=512)), encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("Li Keqiang gave instructions.\n", encoding="utf-8")
    res = run_repair("check", "--model", str(stale), str(short))
    assert (res.returncode, res.stdout) == (2, b"")
    assert res.stderr.decode() == (
        f"repair: error: {stale}: failed while proposing (RuntimeError: No position encodings "
        "are defined for positions >= 128, but got position 128)\n"
    )


def test_ct2_folder_without_tokenizer_files_is_one_clear_error(tiny_ct2, tmp_path) -> None:
    import shutil

    from repair.model.base import ModelError

    bare = tmp_path / "bare"  # what `ct2-transformers-converter` writes: no tokenizer
    bare.mkdir()
    for name in ("model.bin", "config.json", "shared_vocabulary.json"):
        shutil.copy(tiny_ct2["t5"] / name, bare / name)
    with pytest.raises(ModelError) as err:
        ct2(bare)
    assert str(err.value) == (
        f"{bare}: a CTranslate2 folder without tokenizer files: make it with `repair model "
        "convert SRC DST`, or copy the tokenizer files of the model it came from into it"
    )
