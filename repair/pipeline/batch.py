"""A run's units, in order, on one core or several (``-j/--jobs``).

:func:`units` lists the units of a run: one per input, or one per chunk of a big plain-text
file (:mod:`repair.pipeline.chunks`). :func:`run_units` runs them here (``jobs`` 1, or a
single unit) or in a pool of ``jobs`` worker processes, and yields each
:class:`~repair.pipeline.work.Outcome` in the order of the units, whatever order they finish
in, so that the output's order and bytes are those of one process. A unit that raises raises
here, at its place in the order. Workers ignore Ctrl-C (this process handles it and stops
them) and die on SIGTERM/SIGHUP as the pool is torn down.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from repair.inputs import InputFile
from repair.pipeline import chunks
from repair.pipeline.work import Job, Outcome, Unit, run_unit

if TYPE_CHECKING:
    from repair.pipeline.ray_engine import RayEngine

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may run on (``os.sched_getaffinity``; ``os.cpu_count`` where there is none)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def units(items: Sequence[InputFile], cut: bool, chunk_bytes: int = chunks.CHUNK_BYTES) -> Iterator[Unit]:
    """The units of a run over ``items``: each input whole, or (``cut``) a big plain-text
    input in chunks (see :func:`repair.pipeline.chunks.plan`). Lazy: a file is planned
    when its turn comes."""
    for index, item in enumerate(items):
        plan = None
        if cut and chunks.can_cut(item.path):
            try:
                plan = chunks.plan(item.path, os.path.getsize(item.path), chunk_bytes)
            except OSError:
                plan = None  # reading it whole reports the error
        if plan is None:
            yield Unit(index, item)
        else:
            yield from (Unit(index, item, c) for c in plan)


def _worker_init() -> None:
    import signal  # here: a run on one process (a one-line check) does not load it

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)  # a worker told to stop stops (the parent's handlers are inherited)


def ordered_map(func: Callable[[T], R], todo: Iterable[T], jobs: int) -> Iterator[R]:
    """``func`` over ``todo``, results in order: here when ``jobs`` is 1 or there is one
    item, else in a pool of ``jobs`` forked worker processes, or one per item where there are
    fewer items (they inherit what this process built, such as the compiled rules). ``func``
    and the items must pickle.

    Raises:
        Exception: the first item's error, in the order of the items.
    """
    it = iter(todo)
    head = list(itertools.islice(it, max(jobs, 2)))  # fewer items than jobs: a worker per item, no more
    if jobs <= 1 or len(head) < 2:
        yield from map(func, itertools.chain(head, it))
        return
    jobs = min(jobs, len(head))
    import multiprocessing  # only when a pool runs: it costs a one-file `repair check` its start-up

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = context.Pool(jobs, initializer=_worker_init)
    try:
        yield from pool.imap(func, itertools.chain(head, it), chunksize=1)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _run(args: tuple[Job, Unit]) -> Outcome:
    return run_unit(*args)


def run_units(job: Job, todo: Iterable[Unit], jobs: int, ray: RayEngine | None = None) -> Iterator[Outcome]:
    """Run every unit of ``todo`` (:func:`repair.pipeline.work.run_unit`) and yield its outcome
    in order (see :func:`ordered_map`).

    Args:
        job: what the units share.
        todo: the units (consumed lazily; a pool reads ahead).
        jobs: worker processes; 1 runs every unit in this process.
        ray: run the units as Ray tasks instead (:mod:`repair.pipeline.ray_engine`; ``jobs`` unused).

    Raises:
        RepairError: the first unit's error, in the order of the units.
    """
    if ray is not None:
        from repair.pipeline import ray_engine

        return ray_engine.run_units(job, todo, ray)
    return ordered_map(_run, ((job, u) for u in todo), jobs)
