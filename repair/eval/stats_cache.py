"""Per-pair metric statistics kept in the user cache, so that evaluating the same MT output
again (change a rule, re-run ``repair eval``) does not score unchanged segments again.

One file of the user cache (:mod:`repair.usercache`: ``$XDG_CACHE_HOME/repair``, else
``~/.cache/repair``), ``eval-stats.marshal``, keyed by sacrebleu's version and each metric's
signature (:func:`repair.eval.metrics.signatures`), so statistics are never served to other
metric settings or another sacrebleu. It maps a 16-byte BLAKE2b hash of each ``(hypothesis,
reference)`` pair to ``[chrF, BLEU, TER]``: the lists of numbers sacrebleu's
``Metric._extract_corpus_statistics`` returned for that pair (ints and floats as they were:
:mod:`marshal` keeps both exactly, so the corpus scores are those of a cold run, bit for bit).

Bounded: at most :data:`LIMIT` pairs; past it the pairs used longest ago go first (each
run's pairs move to the end). Writing reads the file again and merges it under an exclusive
lock (``eval-stats.lock``, :func:`fcntl.flock` where there is one), so two evals that run at
once both keep what they scored; the file is replaced atomically (:func:`repair.usercache.store`),
so a reader never sees half of it. Any error of the cache (unreadable, corrupt, from other
settings, unwritable folder, no lock) leaves it unused: the statistics are computed again;
the cache never changes a result nor fails a run.

Disabled by ``REPAIR_EVAL_CACHE=0`` (or ``off``, ``no``, ``false``) in the environment.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence

from repair import usercache

#: the file's name in the user cache (``eval-stats.marshal``)
NAME = "eval-stats"
#: the most pairs the file keeps (about 160 bytes each: 16 MB)
LIMIT = 100_000
#: the environment variable that turns the cache off
ENV = "REPAIR_EVAL_CACHE"
_OFF = {"0", "off", "no", "false"}

Pair = tuple[str, str]
Stats = list[list]  # [chrF, BLEU, TER] statistics of one pair


def enabled() -> bool:
    """Whether the cache is in use (``REPAIR_EVAL_CACHE`` is not ``0``/``off``/``no``/``false``)."""
    return os.environ.get(ENV, "").strip().lower() not in _OFF


def pair_hash(hyp: str, ref: str) -> bytes:
    """16-byte BLAKE2b of a ``(hypothesis, reference)`` pair (the hypothesis's length in front,
    so that no two pairs share their bytes)."""
    h = hyp.encode("utf-8", "surrogatepass")
    r = ref.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(len(h).to_bytes(8, "little") + h + r, digest_size=16).digest()


def _valid(entry: object, sizes: Sequence[int] | None) -> bool:
    """``entry`` is a list of one list of numbers per metric (of the sizes seen, when known)."""
    if not isinstance(entry, list) or (sizes is not None and len(entry) != len(sizes)):
        return False
    for i, st in enumerate(entry):
        if not isinstance(st, list) or (sizes is not None and len(st) != sizes[i]):
            return False
        if not all(type(x) in (int, float) for x in st):
            return False
    return True


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """An exclusive lock on ``eval-stats.lock`` in the cache folder while the block runs; no lock
    (but the block still runs) where the folder or :mod:`fcntl` is missing."""
    folder = usercache.cache_dir()
    fd = None
    try:
        import fcntl

        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / f"{NAME}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
    except (ImportError, OSError):
        if fd is not None:
            os.close(fd)
        fd = None
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing releases the lock


class StatsCache:
    """The statistics cache of one set of metric settings.

    Args:
        signatures: ``{metric: sacrebleu signature}`` in the order of the statistics (the
            signatures carry sacrebleu's version).
    """

    def __init__(self, signatures: Mapping[str, str]) -> None:
        self.key = ("eval-stats 1\n" + "".join(f"{m}\t{s}\n" for m, s in signatures.items())).encode()
        self._entries: dict[bytes, Stats] | None = None
        self._used: dict[bytes, Stats] = {}  # this run's pairs, served or added, in order of use
        self._dirty = False  # pairs used since the last save
        self._sizes: list[int] | None = None

    def _load(self) -> dict[bytes, Stats]:
        found, value = usercache.load(NAME, self.key)
        return value if found and isinstance(value, dict) else {}

    def get(self, hyp: str, ref: str) -> Stats | None:
        """The cached statistics of one pair, or ``None`` (not cached, or not well-formed)."""
        if self._entries is None:
            self._entries = self._load()
        k = pair_hash(hyp, ref)
        entry = self._entries.get(k)
        if entry is None or not _valid(entry, self._sizes):
            return None
        if self._sizes is None:
            self._sizes = [len(st) for st in entry]
        self._used[k] = entry
        self._dirty = True
        return entry

    def put(self, hyp: str, ref: str, stats: Stats) -> None:
        """Record the statistics of one pair (written by :meth:`save`)."""
        if self._sizes is None:
            self._sizes = [len(st) for st in stats]
        self._used[pair_hash(hyp, ref)] = stats
        self._dirty = True

    def save(self) -> None:
        """Merge this run's pairs into the file (the pairs of this run, served or added, last;
        the oldest beyond :data:`LIMIT` dropped); nothing when no pair was used since the last
        save. Errors are ignored."""
        if not self._dirty:
            return
        with _locked():
            merged = self._load()  # what another run may have written since
            for k in self._used:
                merged.pop(k, None)
            merged.update(self._used)
            if len(merged) > LIMIT:
                keys = list(merged)[len(merged) - LIMIT :]
                merged = {k: merged[k] for k in keys}
            usercache.store(NAME, self.key, merged)
        self._entries = merged
        self._dirty = False
