"""The options that choose where a batch runs: ``--engine local|ray``, ``--ray-address``,
``--ray-gpus-per-worker`` and ``--manifest FILE`` (the inputs listed in a text file).

:func:`cluster_options` gives the command ``ray``: a
:class:`~repair.pipeline.ray_engine.RayEngine` with ``--engine ray``, else ``None``; with
``--engine ray``, ``-j N`` (when given) is the number of concurrent Ray tasks (or actors).
The paths of a manifest are added after the command's own path arguments.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import click

from repair.errors import InputError


def read_manifest(path: str) -> list[str]:
    """The paths a manifest lists: one per line, blank lines and lines starting with ``#`` skipped,
    surrounding blanks stripped; relative paths are as written (from the current folder).

    Raises:
        InputError: for a manifest that cannot be read or decoded as UTF-8, one that lists nothing,
            or one that lists a path that does not exist (with its line).
    """
    try:
        with open(path, encoding="utf-8-sig") as fh:
            lines = [line.strip() for line in fh]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read the manifest: {getattr(exc, 'strerror', None) or exc}") from None
    paths = [line for line in lines if line and not line.startswith("#")]
    if not paths:
        raise InputError(path, "the manifest lists no paths")
    for n, line in enumerate(lines, 1):  # a missing input named with the manifest's line, before any work
        if line and not line.startswith("#") and not os.path.exists(line):
            raise InputError(path, f"{line}: no such file or folder", n)
    return paths


def cluster_options(paths_arg: str) -> Callable[[Callable], Callable]:
    """Add ``--engine``, ``--ray-address``, ``--ray-gpus-per-worker`` and ``--manifest``.

    Args:
        paths_arg: the name of the command's path arguments (a tuple) that ``--manifest`` extends.

    Raises (when the command runs):
        click.UsageError: Ray options without ``--engine ray``;
        RepairError: ``--engine ray`` without Ray installed (exit 2, one line); a bad manifest.
    """

    def decorate(f: Callable) -> Callable:
        @functools.wraps(f)
        def wrapper(*args: Any, **kwargs: Any):
            engine, address = kwargs.pop("engine"), kwargs.pop("ray_address")
            gpus, manifest = kwargs.pop("ray_gpus_per_worker"), kwargs.pop("manifest")
            if engine != "ray" and (address or gpus):
                raise click.UsageError("--ray-address and --ray-gpus-per-worker go with --engine ray")
            if manifest:
                kwargs[paths_arg] = tuple(kwargs[paths_arg]) + tuple(read_manifest(manifest))
            ray = None
            if engine == "ray":
                from repair.pipeline.ray_engine import RayEngine, require_ray  # logging, pickle: only for Ray

                require_ray()
                ctx = click.get_current_context()
                given = ctx.get_parameter_source("jobs") not in (None, click.core.ParameterSource.DEFAULT)
                ray = RayEngine(
                    address=address, workers=kwargs.get("jobs") if given else None, gpus_per_worker=gpus or 0.0
                )
            kwargs["ray"] = ray
            return f(*args, **kwargs)

        for opt in reversed(
            [
                click.option(
                    "--engine",
                    type=click.Choice(["local", "ray"]),
                    default="local",
                    show_default=True,
                    help="local: this machine's processes (-j); ray: Ray Data tasks, here or on a cluster "
                    "(needs the ray extra).",
                ),
                click.option(
                    "--ray-address",
                    metavar="ADDRESS",
                    help="With --engine ray: the cluster (default: RAY_ADDRESS, else a local Ray).",
                ),
                click.option(
                    "--ray-gpus-per-worker",
                    type=click.FloatRange(0, min_open=True),
                    metavar="N",
                    help="With --engine ray and --model: GPUs reserved per model worker.",
                ),
                click.option(
                    "--manifest",
                    type=click.Path(dir_okay=False),
                    metavar="FILE",
                    help="A text file of input paths, one per line (added to the paths given).",
                ),
            ]
        ):
            wrapper = opt(wrapper)
        return wrapper

    return decorate


def require_paths(paths: tuple[str, ...], name: str = "paths") -> None:
    """Raise click's own "Missing argument" error when neither the path arguments (the
    command's parameter ``name``) nor ``--manifest`` gave an input."""
    if not paths:
        ctx = click.get_current_context()
        param = next(p for p in ctx.command.params if p.name == name)
        raise click.MissingParameter(ctx=ctx, param=param)
