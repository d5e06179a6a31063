"""Build tiny, randomly initialised seq2seq models for tests and benchmarks, offline.

Usage::

    python models/build_tiny.py OUT_DIR            # writes OUT_DIR/t5 and OUT_DIR/marian

What it builds (nothing is downloaded):

* a SentencePiece unigram model (300 pieces) trained on the text of ``samples/``;
* ``t5/``: a T5 (2 encoder + 2 decoder layers, d_model 32) with that vocabulary and a
  ``T5Tokenizer``;
* ``marian/``: a Marian (2 + 2 layers, d_model 32) with the same vocabulary as source and
  target SentencePiece model and a ``MarianTokenizer``.

Each folder is a normal Hugging Face folder (``config.json``, ``model.safetensors``, tokenizer
files) of a few hundred KB, loadable with ``AutoTokenizer``/``AutoModelForSeq2SeqLM`` and
convertible with ``repair model convert``. The weights are random (``torch.manual_seed``):
the models rewrite text into nonsense, which is all the tests need (shapes, decoding, scores,
alignment, the CTranslate2 round trip). ``benchmarks/model.py`` uses :func:`build_t5` for a
model of the shape of ``t5-small``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

#: Standard deviation of the random weights: larger than the usual 0.02 so that the tiny models'
#: outputs vary with the input instead of repeating one token.
INIT_STD = 0.5
#: T5's equivalent (its init scales with ``initializer_factor``; the default is 1.0).
T5_INIT_FACTOR = 8.0

#: SentencePiece ids fixed so that T5 and Marian conventions agree: pad 0, eos 1, unk 2.
PAD_ID, EOS_ID, UNK_ID = 0, 1, 2


def sample_lines(samples: Path = SAMPLES) -> list[str]:
    """The non-empty lines of every ``*.txt`` file in ``samples`` (sorted by name).

    Raises:
        FileNotFoundError: when ``samples`` holds no ``.txt`` file.
    """
    files = sorted(samples.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"{samples}: no .txt files to train a SentencePiece model on")
    return [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def train_spm(out_prefix: Path, vocab_size: int = 300, samples: Path = SAMPLES, hard_limit: bool = True,
              lines: list[str] | None = None) -> Path:
    """Train a SentencePiece unigram model on ``samples`` (or on ``lines``); returns the ``.model`` path.

    ``hard_limit=False`` lets the vocabulary stay smaller than ``vocab_size`` when the text is
    too small for it.
    """
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines if lines is not None else sample_lines(samples)),
        model_prefix=str(out_prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        pad_id=PAD_ID,
        eos_id=EOS_ID,
        unk_id=UNK_ID,
        bos_id=-1,
        character_coverage=1.0,
        minloglevel=2,
        num_threads=1,
        hard_vocab_limit=hard_limit,
    )
    return Path(str(out_prefix) + ".model")


def spm_piece_count(spm_model: Path) -> int:
    """How many pieces a SentencePiece model has."""
    import sentencepiece as spm

    return spm.SentencePieceProcessor(model_file=str(spm_model)).get_piece_size()


def build_t5(spm_model: Path, out: Path, seed: int = 0, **shape: int) -> Path:
    """A randomly initialised T5 with the vocabulary of ``spm_model``, saved in ``out``.

    Args:
        spm_model: a SentencePiece model whose ids 0, 1, 2 are pad, eos, unk.
        out: the folder to write (created).
        seed: the torch seed for the weights.
        shape: overrides of the tiny shape (``d_model``, ``d_ff``, ``num_layers``, ``vocab_size``,
            ``initializer_factor``...).
    """
    import torch
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(spm_model, out / "spiece.model")
    vocab_size = shape.pop("vocab_size", None)
    pieces = spm_piece_count(spm_model)
    # a larger model vocabulary (t5-small's 32,128) is filled with <extra_id_N> tokens, as T5 does
    tok = T5Tokenizer.from_pretrained(str(out), extra_ids=(vocab_size or pieces) - pieces)
    dims = dict(d_model=32, d_kv=8, d_ff=64, num_layers=2, num_decoder_layers=2, num_heads=4,
                initializer_factor=T5_INIT_FACTOR, relative_attention_num_buckets=8, relative_attention_max_distance=32)
    dims.update(shape)
    config = T5Config(
        vocab_size=len(tok),
        pad_token_id=PAD_ID,
        eos_token_id=EOS_ID,
        decoder_start_token_id=PAD_ID,
        feed_forward_proj="relu",
        **dims,
    )
    torch.manual_seed(seed)
    model = T5ForConditionalGeneration(config).eval()
    model.generation_config.max_length = 64
    model.save_pretrained(str(out))
    tok.save_pretrained(str(out))
    return out


def build_marian(spm_model: Path, out: Path, seed: int = 0) -> Path:
    """A randomly initialised Marian with ``spm_model`` as source and target vocabulary."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    sp = spm.SentencePieceProcessor(model_file=str(spm_model))
    # Marian's convention (as in the opus-mt vocab.json files): </s> 0, <unk> 1, ..., <pad> last;
    # the decoder starts from <pad>, whose embedding is zero (CTranslate2 relies on this).
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if i != PAD_ID] + ["<pad>"]
    vocab = {p: i for i, p in enumerate(pieces)}
    pad = vocab["<pad>"]
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    shutil.copy(spm_model, out / "source.spm")
    shutil.copy(spm_model, out / "target.spm")
    with warnings.catch_warnings():  # it recommends sacremoses, which these models do not use
        warnings.simplefilter("ignore", UserWarning)
        tok = MarianTokenizer(str(out / "source.spm"), str(out / "target.spm"), str(out / "vocab.json"))
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=128,
        pad_token_id=pad,
        eos_token_id=vocab["</s>"],
        decoder_start_token_id=pad,
        forced_eos_token_id=vocab["</s>"],
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        init_std=INIT_STD,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        model.model.shared.weight[pad].zero_()
    model.generation_config.max_length = 64
    model.generation_config.num_beams = 1
    model.generation_config.bad_words_ids = [[pad]]
    model.save_pretrained(str(out))
    tok.save_pretrained(str(out))
    return out


def build_all(out: Path, samples: Path = SAMPLES) -> dict[str, Path]:
    """Build the SentencePiece model, ``t5/`` and ``marian/`` in ``out``; returns their folders."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        spm_model = train_spm(Path(tmp) / "sp", samples=samples)
        shutil.copy(spm_model, out / "sp.model")
    return {"t5": build_t5(out / "sp.model", out / "t5"), "marian": build_marian(out / "sp.model", out / "marian")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write t5/ and marian/ into")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    for name, path in build_all(args.out).items():
        size = sum(f.stat().st_size for f in path.iterdir())
        print(f"{name}: {path} ({size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
