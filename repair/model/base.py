"""The interfaces of the model layer: a backend rewrites and scores text, a proposer makes edits.

A *backend* knows one inference library (transformers, CTranslate2, or a dict in tests); a
*proposer* turns segments into :class:`~repair.edits.Edit` objects with it. Log-probabilities
are natural logarithms (nats), summed over the output tokens including the end-of-sequence token.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from repair.document import Segment
from repair.edits import Edit
from repair.errors import RepairError

T = TypeVar("T")


class ModelError(RepairError):
    """A model cannot be found, loaded, converted or run. ``path`` is the model's name or folder."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type name when the message is empty)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@dataclass(frozen=True, slots=True)
class Score:
    """The teacher-forced log-probability of one output given its input.

    Attributes:
        logprob: sum of the tokens' log-probabilities (nats, <= 0).
        tokens: how many output tokens were scored (end-of-sequence included), >= 1.
    """

    logprob: float
    tokens: int

    @property
    def per_token(self) -> float:
        """Mean log-probability per token (nats); 0.0 is certainty."""
        return self.logprob / max(1, self.tokens)


#: ``model_max_length`` values from here up are transformers' "no limit" placeholders (1e30).
NO_LIMIT = 1_000_000

#: Config fields that bound the encoder's input length (positions), and the decoder's.
INPUT_LIMIT_FIELDS = (
    "max_position_embeddings",
    "n_positions",
    "max_encoder_position_embeddings",
    "max_source_positions",
)
OUTPUT_LIMIT_FIELDS = (
    "max_position_embeddings",
    "n_positions",
    "max_decoder_position_embeddings",
    "max_target_positions",
)


def smallest_limit(*values: object) -> int | None:
    """The smallest of ``values`` that is a real length limit (a positive int below :data:`NO_LIMIT`)."""
    found = [int(v) for v in values if isinstance(v, int) and not isinstance(v, bool) and 0 < v < NO_LIMIT]
    return min(found) if found else None


def model_limits(config: object, tokenizer: object) -> tuple[int | None, int | None]:
    """``(input, output)``: the most tokens the model's encoder reads and its decoder writes.

    Read from the config's position fields (Marian's ``max_position_embeddings``, GPT-style
    ``n_positions``, LED's encoder/decoder fields...) and the tokenizer's ``model_max_length``;
    ``None`` when nothing bounds them (T5's relative positions with a tokenizer saying 1e30).
    Longer sequences make position-embedding models fail (``index out of range``).
    """
    tok = getattr(tokenizer, "model_max_length", None)
    return (
        smallest_limit(*(getattr(config, f, None) for f in INPUT_LIMIT_FIELDS), tok),
        smallest_limit(*(getattr(config, f, None) for f in OUTPUT_LIMIT_FIELDS), tok),
    )


class Backend(Protocol):
    """One inference library behind two calls.

    Implementations: :class:`repair.model.hf.HFBackend`, :class:`repair.model.ct2.CT2Backend`,
    :class:`repair.model.fake.FakeBackend`.

    Backends with a length limit also have ``max_input_tokens`` (``None``: no limit),
    ``max_output_tokens`` (the longest output :meth:`generate` writes, end-of-sequence
    included) and ``count_tokens(texts, target=False) -> list[int]`` (untruncated token counts,
    special tokens included); the proposer skips units that do not fit (reason ``too-long``).
    Both calls truncate what does not fit rather than fail.
    """

    name: str

    def generate(self, inputs: Sequence[str]) -> list[str]:
        """The model's output text for each input (prompts already filled in), in input order."""
        ...

    def score(self, inputs: Sequence[str], outputs: Sequence[str]) -> list[Score]:
        """Teacher forcing: the log-probability of ``outputs[i]`` as the output for ``inputs[i]``."""
        ...


class Proposer(Protocol):
    """Anything that proposes edits for segments (the model layer's public contract)."""

    def iter_propose(self, segments: Sequence[Segment], rule_edits: Sequence[Edit] = ()) -> Iterator[list[Edit]]:
        """Edits for ``segments``, one list per batch as soon as the batch is computed.

        ``rule_edits`` are the rules' edits for the same segments (spans into the same
        texts); a model edit overlapping one of them is dropped.
        """
        ...

    def propose(self, segments: Sequence[Segment], rule_edits: Sequence[Edit] = ()) -> list[Edit]:
        """Every edit of :meth:`iter_propose`, sorted by ``(segment, start)``."""
        ...


def length_sorted_batches(items: Sequence[T], key, batch_size: int) -> list[list[int]]:
    """Indices of ``items`` grouped in batches of ``batch_size``, shortest first by ``key``.

    Sorting by length keeps padding (wasted compute) small; callers put results back in
    input order with the indices.

    Raises:
        ValueError: when ``batch_size`` < 1.
    """
    if batch_size < 1:
        raise ValueError(f"batch size {batch_size} < 1")
    order = sorted(range(len(items)), key=lambda i: (key(items[i]), i))
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
