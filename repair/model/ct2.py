"""The CTranslate2 backend (Klein et al., OpenNMT; https://opennmt.net/CTranslate2) and the
conversion of a Hugging Face folder into a CTranslate2 folder.

A converted folder holds ``model.bin`` and CTranslate2's ``config.json``, the tokenizer files
saved by transformers (used to turn text into the tokens CTranslate2 reads) and
``repair-model.json`` naming the preset it came from and the model's length limits
(``max_input_tokens``, ``max_target_tokens``: CTranslate2's folder does not say them, and a
longer sequence fails with "No position encodings are defined for positions >= N").
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

from repair.model.base import ModelError, Score, first_line, length_sorted_batches, model_limits, smallest_limit

#: Written into converted folders: the preset, the source model and its length limits.
MARKER = "repair-model.json"
QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16", "float32")


def is_ct2_folder(path: Path) -> bool:
    """Whether ``path`` is a CTranslate2 model folder (has ``model.bin``)."""
    return (path / "model.bin").is_file()


def convert(
    src: Path,
    dst: Path,
    quantization: str | None = "int8",
    preset: str | None = None,
    source_name: str = "",
    force: bool = False,
) -> Path:
    """Convert a Hugging Face seq2seq folder into a CTranslate2 folder.

    Args:
        src: the Hugging Face model folder.
        dst: the folder to create.
        quantization: weight type (``int8`` is about 4x smaller than float32); ``None`` keeps float32.
        preset: the preset name to record in :data:`MARKER`.
        source_name: the name the user gave (hub id or path), recorded in :data:`MARKER`.
        force: overwrite ``dst`` if it exists.

    Raises:
        ModelError: when ``dst`` exists (without ``force``), the quantization is unknown, or
            the converter rejects the model (an architecture CTranslate2 does not support).
    """
    if dst.exists() and not force and any(dst.iterdir()):
        raise ModelError(str(dst), "exists and is not empty (pass --force to overwrite)")
    if quantization and quantization not in QUANTIZATIONS:
        raise ModelError(str(dst), f"unknown quantization '{quantization}' (one of {', '.join(QUANTIZATIONS)})")
    from ctranslate2.converters import TransformersConverter
    from transformers import AutoConfig, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():  # MarianTokenizer recommends sacremoses, which we do not use
            warnings.simplefilter("ignore", UserWarning)
            TransformersConverter(str(src), low_cpu_mem_usage=True).convert(
                str(dst), quantization=quantization, force=True
            )
            tokenizer = AutoTokenizer.from_pretrained(str(src))
            max_input, max_target = model_limits(AutoConfig.from_pretrained(str(src)), tokenizer)
            if max_input:  # the saved tokenizer states the model's real limit (Marian's says 512 for 128 positions)
                tokenizer.model_max_length = max_input
            tokenizer.save_pretrained(str(dst))
    except Exception as exc:
        raise ModelError(str(src), f"cannot convert to CTranslate2 ({first_line(exc)})") from None
    (dst / MARKER).write_text(
        json.dumps(
            {
                "preset": preset,
                "source": source_name or str(src),
                "quantization": quantization or "float32",
                "max_input_tokens": max_input,
                "max_target_tokens": max_target,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return dst


def default_threads() -> tuple[int, int]:
    """``(inter_threads, intra_threads)`` for CPU: one single-threaded replica per core.

    A batch is split into one sub-batch per replica, decoded in parallel; a lone sentence uses
    one core. Measured against one replica with two threads by ``python benchmarks/model.py
    --tune``: figures in ``docs/performance.md`` ("Model").
    """
    return max(1, os.cpu_count() or 1), 1


class CT2Backend:
    """A converted seq2seq model run with CTranslate2.

    Args:
        path: a folder made by :func:`convert`.
        device: ``cpu`` or ``cuda`` (``None``/``auto``: CUDA when CTranslate2 sees a GPU).
        num_beams: 1 for greedy search, more for beam search.
        batch_size: inputs per ``translate_batch`` call (sorted by length first).
        max_new_tokens: the longest output, in tokens (capped at the model's limit).
        compute_type: ``default`` keeps the folder's quantization; ``float32`` etc. convert on load.
        inter_threads, intra_threads: CPU parallelism (default: :func:`default_threads`; on
            CUDA one replica, and ``intra_threads`` 0 lets CTranslate2 choose).

    Attributes:
        max_input_tokens, max_target_tokens, max_output_tokens: as in
            :class:`repair.model.hf.HFBackend`, read from the folder's :data:`MARKER` (else the
            tokenizer's ``model_max_length``).

    Raises:
        ModelError: when the folder cannot be loaded, or has no tokenizer files (e.g. made by
            ``ct2-transformers-converter`` rather than :func:`convert`).
    """

    name = "ctranslate2"

    def __init__(
        self,
        path: str | Path,
        device: str | None = None,
        num_beams: int = 1,
        batch_size: int = 16,
        max_new_tokens: int = 256,
        compute_type: str = "default",
        inter_threads: int | None = None,
        intra_threads: int | None = None,
    ) -> None:
        import ctranslate2
        from transformers import AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        if device in (None, "auto"):
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        inter, intra = default_threads() if device == "cpu" else (1, 0)
        self.inter_threads = inter_threads or inter
        self.device = device
        self.num_beams = num_beams
        self.batch_size = batch_size
        self.max_new_tokens = max_new_tokens
        path = Path(path)
        if not any((path / f).is_file() for f in ("tokenizer_config.json", "tokenizer.json")):
            raise ModelError(
                str(path),
                "a CTranslate2 folder without tokenizer files: make it with `repair model convert "
                "SRC DST`, or copy the tokenizer files of the model it came from into it",
            )
        try:
            self.translator = ctranslate2.Translator(
                str(path),
                device=device.split(":")[0],
                device_index=int(device.split(":")[1]) if ":" in device else 0,
                compute_type=compute_type,
                inter_threads=self.inter_threads,
                intra_threads=intra_threads if intra_threads is not None else intra,
            )
            with warnings.catch_warnings():  # MarianTokenizer recommends sacremoses, which we do not use
                warnings.simplefilter("ignore", UserWarning)
                self.tokenizer = AutoTokenizer.from_pretrained(str(path))
        except Exception as exc:
            raise ModelError(str(path), f"cannot load as a CTranslate2 model ({first_line(exc)})") from None
        marker: object = {}
        if (path / MARKER).is_file():
            try:
                marker = json.loads((path / MARKER).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass
        marker = marker if isinstance(marker, dict) else {}
        tok = self.tokenizer.model_max_length
        # a folder converted before the limits were recorded falls back on its tokenizer's
        self.max_input_tokens = smallest_limit(marker.get("max_input_tokens", tok))
        self.max_target_tokens = smallest_limit(marker.get("max_target_tokens", tok))
        self.max_output_tokens = min(max_new_tokens, self.max_target_tokens or max_new_tokens)

    def count_tokens(self, texts: Sequence[str], target: bool = False) -> list[int]:
        """Token counts of ``texts`` as inputs (or as outputs), untruncated, end-of-sequence included."""
        enc = self.tokenizer(text_target=list(texts)) if target else self.tokenizer(list(texts))
        return [len(ids) for ids in enc["input_ids"]]

    def _tokens(self, texts: Sequence[str], target: bool = False) -> list[list[str]]:
        """Tokens of ``texts``, truncated to the model's limit (end-of-sequence kept)."""
        limit = self.max_target_tokens if target else self.max_input_tokens
        kw = {"truncation": True, "max_length": limit} if limit else {}
        enc = self.tokenizer(text_target=list(texts), **kw) if target else self.tokenizer(list(texts), **kw)
        return [self.tokenizer.convert_ids_to_tokens(ids) for ids in enc["input_ids"]]  # type: ignore[misc]  # a list of ids gives a list of tokens

    def generate(self, inputs: Sequence[str]) -> list[str]:
        """Greedy or beam-search output text for each input, in input order."""
        tokens = self._tokens(inputs)
        out: list[str] = [""] * len(inputs)
        for idx in length_sorted_batches(tokens, len, self.batch_size):
            results = self.translator.translate_batch(
                [tokens[i] for i in idx],
                beam_size=self.num_beams,
                max_decoding_length=self.max_output_tokens,
                max_input_length=0,  # already truncated by _tokens (CTranslate2's own cut is at 1024)
                max_batch_size=-(-len(idx) // self.inter_threads),
            )  # one sub-batch per replica
            for i, r in zip(idx, results):
                ids = self.tokenizer.convert_tokens_to_ids(r.hypotheses[0])
                out[i] = self.tokenizer.decode(ids, skip_special_tokens=True)  # type: ignore[assignment]  # one sequence gives one str
        return out

    def score(self, inputs: Sequence[str], outputs: Sequence[str]) -> list[Score]:
        """Teacher-forced log-probability of each output; CTranslate2 adds end-of-sequence itself.

        Inputs and outputs longer than the model's limits are truncated, as in
        :meth:`repair.model.hf.HFBackend.score`.
        """
        src = self._tokens(inputs)
        eos = self.tokenizer.eos_token
        tgt = [t[:-1] if t and t[-1] == eos else t for t in self._tokens(outputs, target=True)]
        result: list[Score | None] = [None] * len(inputs)
        for idx in length_sorted_batches(src, len, self.batch_size):
            scored = self.translator.score_batch(
                [src[i] for i in idx],
                [tgt[i] for i in idx],
                max_input_length=0,
                max_batch_size=-(-len(idx) // self.inter_threads),
            )
            for i, r in zip(idx, scored):
                result[i] = Score(float(sum(r.log_probs)), len(r.log_probs))
        return result  # type: ignore[return-value]
