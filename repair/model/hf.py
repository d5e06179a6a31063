"""The transformers backend: ``AutoTokenizer`` + ``AutoModelForSeq2SeqLM``, batched ``generate()``.

Imports torch and transformers when constructed, never at module import of :mod:`repair.model`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

from repair.model.base import ModelError, Score, first_line, length_sorted_batches, model_limits


def pick_device(device: str | None) -> str:
    """``device`` as given, or ``cuda`` when torch sees a GPU and ``cpu`` otherwise (``None``/``auto``)."""
    if device and device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class HFBackend:
    """A seq2seq model run with transformers.

    Args:
        path: a local Hugging Face model folder (see :func:`repair.model.hub.resolve`).
        device: ``cpu``, ``cuda``, ``cuda:1``...; ``None`` or ``auto`` picks CUDA when present.
        num_beams: 1 for greedy search, more for beam search.
        batch_size: inputs per ``generate()`` call (sorted by length first).
        max_new_tokens: the longest output, in tokens (capped at the model's limit).
        threads: torch intra-op threads on CPU (``None``: torch's default).

    Attributes:
        max_input_tokens: the most input tokens the model reads (longer inputs are truncated),
            from its config and tokenizer (see :func:`repair.model.base.model_limits`); ``None``: no limit.
        max_target_tokens: the most output tokens its decoder takes (scored outputs are truncated).
        max_output_tokens: the longest output :meth:`generate` writes: ``max_new_tokens``, at
            most ``max_target_tokens``.

    Raises:
        ModelError: when the folder cannot be loaded as a tokenizer and a seq2seq model.
    """

    name = "transformers"

    def __init__(
        self,
        path: str | Path,
        device: str | None = None,
        num_beams: int = 1,
        batch_size: int = 16,
        max_new_tokens: int = 256,
        threads: int | None = None,
    ) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)
        self.torch = torch
        self.device = pick_device(device)
        self.num_beams = num_beams
        self.batch_size = batch_size
        self.max_new_tokens = max_new_tokens
        try:
            with warnings.catch_warnings():  # MarianTokenizer recommends sacremoses, which we do not use
                warnings.simplefilter("ignore", UserWarning)
                self.tokenizer = AutoTokenizer.from_pretrained(str(path))
            self.model = AutoModelForSeq2SeqLM.from_pretrained(str(path)).to(self.device).eval()
        except Exception as exc:  # OSError, ValueError, KeyError from unknown configs...
            raise ModelError(str(path), f"cannot load as a seq2seq model ({first_line(exc)})") from None
        self.max_input_tokens, self.max_target_tokens = model_limits(self.model.config, self.tokenizer)
        self.max_output_tokens = min(max_new_tokens, self.max_target_tokens or max_new_tokens)

    def count_tokens(self, texts: Sequence[str], target: bool = False) -> list[int]:
        """Token counts of ``texts`` as inputs (or as outputs), untruncated, end-of-sequence included."""
        enc = self.tokenizer(text_target=list(texts)) if target else self.tokenizer(list(texts))
        return [len(ids) for ids in enc["input_ids"]]

    def _encode(self, texts: list[str]):
        enc = self.tokenizer(
            texts, return_tensors="pt", padding=True, truncation=True, max_length=self.max_input_tokens
        )
        return {k: v.to(self.device) for k, v in enc.items()}

    def generate(self, inputs: Sequence[str]) -> list[str]:
        """Greedy (``num_beams=1``) or beam-search output text for each input, in input order."""
        out: list[str] = [""] * len(inputs)
        lengths = self.count_tokens(inputs)
        for idx in length_sorted_batches(lengths, lambda n: n, self.batch_size):
            enc = self._encode([inputs[i] for i in idx])
            with self.torch.inference_mode():
                # no forced end-of-sequence at the length limit (Marian configs set one), so that a
                # cut-off output is the same as CTranslate2's
                ids = self.model.generate(
                    **enc,
                    num_beams=self.num_beams,
                    do_sample=False,
                    max_new_tokens=self.max_output_tokens,
                    max_length=None,
                    forced_eos_token_id=None,
                )
            for i, text in zip(idx, self.tokenizer.batch_decode(ids, skip_special_tokens=True)):
                out[i] = text
        return out

    def score(self, inputs: Sequence[str], outputs: Sequence[str]) -> list[Score]:
        """Teacher-forced log-probability of each output (its tokens and end-of-sequence).

        Inputs longer than :attr:`max_input_tokens` and outputs longer than
        :attr:`max_target_tokens` are truncated (the score is then that of the truncated output).
        """
        torch = self.torch
        result: list[Score | None] = [None] * len(inputs)
        lengths = self.count_tokens(inputs)
        for idx in length_sorted_batches(lengths, lambda n: n, self.batch_size):
            enc = self._encode([inputs[i] for i in idx])
            target = self.tokenizer(
                text_target=[outputs[i] for i in idx],
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=self.max_target_tokens,
            )
            labels, mask = target["input_ids"], target["attention_mask"].bool()
            labels = labels.masked_fill(~mask, -100)
            with torch.inference_mode():
                logits = self.model(**enc, labels=labels.to(self.device)).logits.float()
            logp = torch.log_softmax(logits, dim=-1)
            picked = logp.gather(-1, labels.clamp(min=0).to(self.device).unsqueeze(-1)).squeeze(-1).cpu()
            picked = picked.masked_fill(~mask, 0.0)
            for row, i in enumerate(idx):
                result[i] = Score(float(picked[row].sum()), int(mask[row].sum()))
        return result  # type: ignore[return-value]
