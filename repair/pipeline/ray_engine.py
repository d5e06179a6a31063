"""The units of a run as Ray Data tasks (``--engine ray``): on this machine or on a Ray cluster.

:func:`ordered_map` is :func:`repair.pipeline.batch.ordered_map` on Ray: each item (for a run,
a ``(Job, Unit)`` pair for :func:`repair.pipeline.work.run_unit`) is one row of a Ray
Dataset; rule work runs as CPU tasks (one CPU each), model rewrites in an actor pool whose
actors build the pipeline, and so load the model, once each (``gpus_per_worker`` GPUs per
actor when asked). Results come back to this process in the order of the items (Ray Data's
``preserve_order``), so that the output's order and bytes are those of ``-j 1``; this
process writes every output, so that writes stay atomic and local to the driver.

Ray is an optional extra (``pip install 'repair[ray]'``): without it :func:`require_ray`
raises a one-line :class:`~repair.errors.RepairError`. Ray connects to the cluster at
``address`` (``--ray-address``), else at ``RAY_ADDRESS``, else starts a local Ray with
``ray.init()`` (``num_cpus=workers`` when ``-j`` is given: that many worker processes on this
machine); a Ray already started in this process (tests) is used as it is.

Stdout holds only the command's output: Ray's messages to the driver (the raylet's notes on a
worker that died, which Ray prints on stdout) go to stderr, its notes on each task retry are
turned off (``RAY_enable_output_error_log_if_still_retry=0``; the final failure is reported by
this module), and Ray Data's log is kept below CRITICAL.

Failures: a :class:`~repair.errors.RepairError` of a unit (bad input) is not retried: it is
raised here at the unit's place in the order, as the local engine does. Any other exception
in a task, and a worker that dies, is retried by Ray (``max_retries``/``retry_exceptions``,
:data:`RETRIES` times); a unit that fails on every try is raised here as a
:class:`~repair.errors.RepairError` naming its input and the last cause.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from repair.errors import RepairError

T = TypeVar("T")
R = TypeVar("R")

#: tries after the first for a task that raised something other than a RepairError, or whose worker died
RETRIES = 3
#: items per block (one Ray task each): fewer, bigger tasks cost less of Ray's per-task overhead;
#: a short run still gets two blocks per worker
ITEMS_PER_BLOCK = 8
#: the most blocks one run is cut into
MAX_BLOCKS = 2000

INSTALL_HINT = "Ray is not installed: pip install 'repair[ray]' (or use the default --engine local)"
STDIN_HINT = "--engine ray reads files, not stdin: give the text as a file (or use the default --engine local)"
#: Ray's setting (an environment variable) for the notes it prints on each task retry
RETRY_NOTES = "RAY_enable_output_error_log_if_still_retry"


@dataclass(frozen=True)
class RayEngine:
    """How to run on Ray.

    Attributes:
        address: the cluster (``ray://host:10001`` or ``host:6379``); ``None``: ``RAY_ADDRESS``, else a local Ray.
        workers: concurrent tasks (or actors), and the CPUs of a local Ray this module starts;
            ``None``: as many as the cluster's CPUs (Ray's choice; every core for a local Ray).
        model: run the items in an actor pool (each actor keeps what ``setup`` built: the model).
        gpus_per_worker: GPUs reserved per actor (``model`` only; 0: none).
        retries: tries after the first for a task that fails with something other than a RepairError.
    """

    address: str | None = None
    workers: int | None = None
    model: bool = False
    gpus_per_worker: float = 0.0
    retries: int = RETRIES


class UnitFailed(Exception):
    """A task's unit raised something other than a RepairError (``index``: its place in the run;
    ``cause``: one line). Raised in the worker so that Ray retries it."""

    def __init__(self, index: int, cause: str) -> None:
        self.index, self.cause = index, cause
        super().__init__(f"unit {index}: {cause}")

    def __reduce__(self):
        return (self.__class__, (self.index, self.cause))


def require_ray():
    """The ``ray`` module, with ``ray.data`` imported.

    Raises:
        RepairError: ``--engine ray: Ray is not installed: ...`` when the extra is absent.
    """
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise RepairError("--engine ray", INSTALL_HINT) from None
    return ray


def start(engine: RayEngine):
    """Connect to Ray (see the module's docstring) unless this process already is; return ``ray``.

    Raises:
        RepairError: when the cluster cannot be reached.
    """
    ray = require_ray()
    if not ray.is_initialized():
        address = engine.address or os.environ.get("RAY_ADDRESS") or None
        kwargs: dict[str, Any] = {"address": address, "log_to_driver": False, "logging_level": "ERROR"}
        if address in (None, "local"):  # a Ray of our own on this machine: -j N is its CPUs (worker processes)
            kwargs["include_dashboard"] = False
            if engine.workers is not None:
                kwargs["num_cpus"] = engine.workers
        os.environ.setdefault(RETRY_NOTES, "0")  # read by this process's core worker and the local Ray it starts
        try:
            ray.init(**kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RepairError(address or "ray.init()", f"cannot start or reach Ray: {_one_line(exc)}") from None
    _driver_messages_to_stderr()
    logging.getLogger("ray.data").setLevel(logging.CRITICAL)  # a failed unit is reported here, in one line
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # the output's order is the items' order
    ctx.enable_progress_bars = False  # the command draws its own (files and bytes)
    ctx.print_on_execution_start = False
    return ray


def _driver_messages_to_stderr() -> None:
    """Print Ray's messages to the driver on stderr, not stdout.

    Ray's driver thread ``listen_error_messages`` prints what the cluster publishes for this job
    (the raylet's notes on a dead worker, a task retried) through
    ``ray._private.worker.print_to_stdstream`` with ``is_err`` false, that is on stdout, where
    they would be mixed with the command's output (``check --format json``). That function is
    replaced, once, by one that prints every message as an error (stderr). Does nothing where
    the function is absent (another Ray version: ``tests/test_ray.py`` would tell).
    """
    import sys

    worker = sys.modules.get("ray._private.worker")
    original = getattr(worker, "print_to_stdstream", None)
    if original is None or getattr(original, "_repair_to_stderr", False):
        return

    def to_stderr(data: dict, ignore_prefix: bool) -> None:
        original({**data, "is_err": True}, ignore_prefix)

    to_stderr._repair_to_stderr = True  # type: ignore[attr-defined]
    worker.print_to_stdstream = to_stderr  # type: ignore[union-attr]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


_done_setup: set[bytes] = set()  # the setups this worker process has run


def _run_rows(batch: dict, setup: bytes | None = None) -> dict:
    """Run the items of one batch of rows (``i``: place, ``arg``: pickled ``(func, item)``);
    ``out``: each pickled ``("ok", result)`` or ``("err", RepairError)``."""
    if setup is not None and setup not in _done_setup:
        pickle.loads(setup)()
        _done_setup.add(setup)
    out = []
    for index, arg in zip(batch["i"], batch["arg"]):
        func, item = pickle.loads(arg)
        try:
            result = ("ok", func(item))
        except RepairError as exc:  # bad input: the same on every try
            result = ("err", exc)
        except Exception as exc:  # noqa: BLE001 - retried by Ray, then reported with its input
            raise UnitFailed(int(index), _one_line(exc)) from None
        out.append(pickle.dumps(result))
    return {"i": batch["i"], "out": out}


class _Actor:
    """A worker of the actor pool: runs ``setup`` (loads the model) once, then batch after batch."""

    def __init__(self, setup: bytes | None) -> None:
        self.setup = setup
        if setup is not None:
            pickle.loads(setup)()
            _done_setup.add(setup)

    def __call__(self, batch: dict) -> dict:
        return _run_rows(batch, self.setup)


def _failure(exc: BaseException) -> UnitFailed | None:
    """The :class:`UnitFailed` inside Ray's wrapping of a task's error (its causes, or its text)."""
    todo: list[BaseException | None] = [exc]
    seen: set[int] = set()
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, UnitFailed):
            return e
        todo += [getattr(e, "cause", None), e.__cause__, e.__context__]
    found = _UNIT_FAILED.search(str(exc))
    return UnitFailed(int(found[1]), found[2].strip()) if found else None


_UNIT_FAILED = re.compile(r"UnitFailed: unit (\d+): ([^\n]*)")


def ordered_map(
    func: Callable[[T], R],
    todo: Iterable[T],
    engine: RayEngine,
    setup: Callable[[], Any] | None = None,
    name: Callable[[T], str] = str,
) -> Iterator[R]:
    """``func`` over ``todo`` as Ray Data tasks, results in the order of ``todo``.

    Args:
        func: a module-level function (it and the items are pickled to the workers).
        todo: the items (listed whole before the run starts).
        engine: where and how to run.
        setup: a picklable no-argument callable each worker process runs once before its
            first item (builds what ``func`` needs; an actor runs it as it starts).
        name: an item's name in errors (its input's path).

    Raises:
        RepairError: the first item's RepairError, in the order of the items; an item that
            failed otherwise on every try; a Ray that cannot be started or reached.
    """
    items = list(todo)
    if not items:
        return
    ray = start(engine)
    from ray import cloudpickle  # by value what the workers cannot import (a test's function)

    rows = [{"i": k, "arg": cloudpickle.dumps((func, item))} for k, item in enumerate(items)]
    cpus = int(ray.cluster_resources().get("CPU", 1))
    blocks = min(len(rows), MAX_BLOCKS, max(-(-len(rows) // ITEMS_PER_BLOCK), 2 * (engine.workers or cpus)))
    ds = ray.data.from_items(rows, override_num_blocks=blocks)
    packed = cloudpickle.dumps(setup) if setup is not None else None
    with warnings.catch_warnings():  # the retry arguments have no named parameter yet (Ray 2.60)
        warnings.filterwarnings("ignore", message=".*ray_remote_args.* is deprecated")
        if engine.model:
            ds = ds.map_batches(
                _Actor,
                batch_size=1,
                fn_constructor_args=(packed,),
                compute=ray.data.ActorPoolStrategy(size=engine.workers or 1),
                num_gpus=engine.gpus_per_worker or None,
                max_task_retries=engine.retries,
            )
        else:
            ds = ds.map_batches(
                _run_rows,
                batch_size=1,
                fn_kwargs={"setup": packed},
                compute=ray.data.TaskPoolStrategy(size=engine.workers),
                num_cpus=1,
                max_retries=engine.retries,
                retry_exceptions=True,
            )
    try:
        for row in ds.iter_rows():
            kind, value = pickle.loads(row["out"])
            if kind == "err":
                raise value
            yield value
    except RepairError:
        raise
    except Exception as exc:  # noqa: BLE001 - Ray's own errors wrap the task's
        failed = _failure(exc)
        if failed is not None:
            raise RepairError(
                name(items[failed.index]), f"failed on each of {engine.retries + 1} tries: {failed.cause}"
            ) from None
        raise RepairError("--engine ray", f"the Ray run failed: {_one_line(exc)}") from None


def _run(args: tuple) -> Any:
    from repair.pipeline.work import run_unit

    return run_unit(*args)


def _load_model(job) -> None:
    """Build ``job``'s pipeline in this worker and load its model (an actor's setup)."""
    from repair.pipeline.work import pipeline_for

    pipeline_for(job).model.proposer()


def run_units(job, todo: Iterable, engine: RayEngine) -> Iterator:
    """:func:`repair.pipeline.batch.run_units` on Ray: each unit (``Unit``) of ``job`` (``Job``)
    one item of :func:`ordered_map`, in an actor pool that loads the model once per actor when
    the job asks for a model.

    Raises:
        RepairError: as :func:`ordered_map`; for a unit that reads stdin (``-``), before any
            work (a task reads its input where it runs, and a worker's stdin is not this one's).
    """
    import functools
    from dataclasses import replace

    todo = list(todo)
    if any(u.item.path == "-" for u in todo):
        raise RepairError("<stdin>", STDIN_HINT)
    wanted = bool(job.options.model.model)
    engine = replace(engine, model=wanted)
    setup = functools.partial(_load_model, job) if wanted else None
    return ordered_map(_run, ((job, u) for u in todo), engine, setup, name=lambda a: a[1].item.path)
