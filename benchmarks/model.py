"""Sentences per second of the model layer on CPU: transformers float32 vs CTranslate2 int8.

Usage::

    python benchmarks/model.py                    # the default run (a few minutes on 2 cores)
    python benchmarks/model.py --sentences 256 --sentences-b1 32 --length 32 --tune   # longer; thread tuning

The model has the shape of ``t5-small`` (6+6 layers, d_model 512, d_ff 2048, 8 heads and its
vocabulary of 32,128 entries; see its ``config.json`` on the Hugging Face hub) with random
weights, built offline by ``models/build_tiny.py``: speed does not depend on what the weights
say. Random weights would stop at arbitrary lengths, so every output is decoded to exactly
``--length`` tokens (``min_new_tokens``/``min_decoding_length``), the length of a typical
rewritten sentence; inputs are the sentences of ``samples/`` (repeated to ``--sentences``),
tokenized with an 8,000-piece SentencePiece model trained on the WMT21 outputs in ``tests/data``.
Both backends get sentences sorted by length and batched the same way; each setting runs
``--repeat`` times, alternating the two libraries, and the best rate of each is reported (the
machine may be shared: the load average is printed at the start and the end). Threads: torch uses
1 thread or every core, whichever a short run finds faster; CTranslate2 runs repair's default, one single-threaded replica per core
(:func:`repair.model.ct2.default_threads`); ``--tune`` measures the alternatives.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
T5_SMALL_VOCAB = 32128


def _build_tiny():
    spec = importlib.util.spec_from_file_location("build_tiny", ROOT / "models" / "build_tiny.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sentences(n: int) -> list[str]:
    """``n`` sentences of ``samples/`` (the first file), repeated as needed."""
    from repair.model.sentences import sentence_spans

    text = sorted((ROOT / "samples").glob("*.mt.en.txt"))[0].read_text(encoding="utf-8")
    found = [line[s:e] for line in text.splitlines() for s, e in sentence_spans(line)]
    return [found[i % len(found)] for i in range(n)]


def build(tmp: Path) -> tuple[Path, Path]:
    """A T5-small-shaped random model (HF folder) and its CTranslate2 int8 copy."""
    from repair.model.ct2 import convert

    tiny = _build_tiny()
    # an 8,000-piece vocabulary trained on WMT21 zh-en system outputs (tests/data), so that a
    # word is about 1.3 tokens, as with t5-small's own vocabulary on English news
    wmt = sorted((ROOT / "tests" / "data" / "wmt21-zh-en-dev").glob("hyp.*.en"))[:3]
    lines = [line for f in wmt for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    spm_model = tiny.train_spm(tmp / "sp", vocab_size=8000, hard_limit=False, lines=lines or None)
    hf = tiny.build_t5(
        spm_model,
        tmp / "hf",
        d_model=512,
        d_kv=64,
        d_ff=2048,
        num_layers=6,
        num_decoder_layers=6,
        num_heads=8,
        relative_attention_num_buckets=32,
        relative_attention_max_distance=128,
        vocab_size=T5_SMALL_VOCAB,
        initializer_factor=1.0,
    )
    return hf, convert(hf, tmp / "ct2", quantization="int8")


def run_hf(path: Path, texts: list[str], batch: int, beams: int, length: int) -> float:
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(path))
    model = AutoModelForSeq2SeqLM.from_pretrained(str(path)).eval()
    order = sorted(texts, key=len)
    with torch.inference_mode():  # warm-up, not timed
        model.generate(**tok(order[:1], return_tensors="pt"), max_new_tokens=2, max_length=None)
    start = time.perf_counter()
    for i in range(0, len(order), batch):
        enc = tok(order[i : i + batch], return_tensors="pt", padding=True)
        with torch.inference_mode():
            out = model.generate(
                **enc, num_beams=beams, do_sample=False, min_new_tokens=length, max_new_tokens=length, max_length=None
            )
        assert out.shape[1] == length + 1
    return len(texts) / (time.perf_counter() - start)


def run_ct2(path: Path, texts: list[str], batch: int, beams: int, length: int, inter: int, intra: int) -> float:
    import ctranslate2
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(path))
    tr = ctranslate2.Translator(str(path), device="cpu", compute_type="int8", inter_threads=inter, intra_threads=intra)
    order = sorted(texts, key=len)
    tr.translate_batch([tok.convert_ids_to_tokens(tok(order[0])["input_ids"])], max_decoding_length=2)  # warm-up
    start = time.perf_counter()
    tokens = [tok.convert_ids_to_tokens(ids) for ids in tok(order)["input_ids"]]
    for i in range(0, len(tokens), batch):
        sub = max(1, batch // inter)  # inter_threads > 1 runs sub-batches in parallel
        res = tr.translate_batch(
            tokens[i : i + batch],
            beam_size=beams,
            max_batch_size=sub,
            min_decoding_length=length,
            max_decoding_length=length,
        )
        assert len(res[0].hypotheses[0]) == length
    return len(texts) / (time.perf_counter() - start)


def pick_torch_threads(hf: Path, cores: int) -> int:
    """The faster torch thread count, 1 or ``cores``, on a short greedy run at batch 16.

    On a shared machine torch's OpenMP threads can wait on each other for a core: there one
    thread may be ten times faster than two (measured on the 2-core VM of docs/performance.md under load 3).
    """
    import torch

    texts = sentences(16)
    rates = {}
    for n in sorted({1, cores}):
        torch.set_num_threads(n)
        rates[n] = run_hf(hf, texts, 16, 1, 4)
    return max(rates, key=rates.get)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sentences",
        type=int,
        default=64,
        help="sentences per run at batch > 1 (at most 2 batches, at least one full batch)",
    )
    parser.add_argument("--sentences-b1", type=int, default=4, help="sentences per run at batch 1 (slow)")
    parser.add_argument("--length", type=int, default=16, help="output tokens per sentence")
    parser.add_argument("--batches", default="1,16,64")
    parser.add_argument("--beams", default="1,4")
    parser.add_argument("--torch-threads", type=int, default=0, help="torch threads (default: measure 1 and all cores)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per setting; the best is reported")
    parser.add_argument("--tune", action="store_true", help="also try CTranslate2 thread splits at the largest batch")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    import torch

    torch.set_num_threads(cores)
    print(
        f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, torch "
        f"{torch.__version__}, {date.today().isoformat()}; output {args.length} tokens per sentence; "
        f"load average {os.getloadavg()[0]:.2f} at start"
    )
    with tempfile.TemporaryDirectory() as tmp:
        hf, ct2 = build(Path(tmp))
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(str(hf))
        sample = sentences(args.sentences)
        n_tok = sum(len(ids) for ids in tok(sample)["input_ids"]) / len(sample)
        n_words = sum(len(t.split()) for t in sample) / len(sample)
        print(f"inputs: {n_words:.1f} words, {n_tok:.1f} tokens per sentence on average", flush=True)
        from repair.model.ct2 import default_threads

        inter, intra = default_threads()
        threads = args.torch_threads or pick_torch_threads(hf, cores)
        torch.set_num_threads(threads)
        print(
            f"CTranslate2: inter_threads {inter}, intra_threads {intra} (repair's default); "
            f"torch: {threads} threads{'' if args.torch_threads else ' (the faster of 1 and all cores, measured)'}"
        )
        rows = []
        for beams in [int(b) for b in args.beams.split(",")]:
            for batch in [int(b) for b in args.batches.split(",")]:
                texts = sentences(args.sentences_b1 if batch == 1 else max(min(args.sentences, 2 * batch), batch))
                a = b = 0.0
                for _ in range(args.repeat):  # best of N, alternating, so both see the same load
                    a = max(a, run_hf(hf, texts, batch, beams, args.length))
                    b = max(b, run_ct2(ct2, texts, batch, beams, args.length, inter, intra))
                rows.append((beams, batch, a, b))
                print(
                    f"beam {beams} batch {batch:>3}: transformers float32 {a:7.2f}/s  ctranslate2 int8 {b:7.2f}/s  "
                    f"({b / a:.1f}x)",
                    flush=True,
                )
        if args.tune:
            batch = max(int(b) for b in args.batches.split(","))
            texts = sentences(max(args.sentences, batch))
            for n in sorted({1, 2, cores}):
                if n <= cores:
                    rate = run_ct2(ct2, texts, batch, 1, args.length, n, max(1, cores // n))
                    print(
                        f"tune: CTranslate2 greedy batch {batch}, inter_threads {n} intra_threads "
                        f"{max(1, cores // n)}: {rate:.2f}/s",
                        flush=True,
                    )
            for n in sorted({1, cores}):
                torch.set_num_threads(n)
                print(
                    f"tune: transformers greedy batch {batch}, torch threads {n}: "
                    f"{run_hf(hf, texts, batch, 1, args.length):.2f}/s",
                    flush=True,
                )
            torch.set_num_threads(threads)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    print("\n| search | batch | transformers float32 (sent/s) | CTranslate2 int8 (sent/s) | speed-up |")
    print("|---|---|---|---|---|")
    for beams, batch, a, b in rows:
        print(f"| {'greedy' if beams == 1 else f'beam {beams}'} | {batch} | {a:.2f} | {b:.2f} | {b / a:.1f}x |")


if __name__ == "__main__":
    main()
