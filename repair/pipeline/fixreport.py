"""The HTML report of ``repair fix --report``: a batch of files before and after fixing."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from repair.errors import OutputError
from repair.htmlreport import render_html
from repair.pipeline.repaired import Repaired


def fix_report_bytes(path: str, runs: Sequence[Repaired], unsafe: bool) -> bytes:
    """The HTML report of a ``repair fix`` run, as bytes to write at ``path``.

    Args:
        path: the HTML file to write.
        runs: every input fixed, with its findings before (:meth:`Pipeline.repair` with ``before``),
            named as the report shows them.
        unsafe: whether unsafe fixes were applied (shown in the title).

    Raises:
        OutputError: when ``path`` is one of the inputs.
    """
    inputs = {Path(run.doc.path).resolve() for run in runs if run.doc.path != "-"}
    if Path(path).resolve() in inputs:
        raise OutputError(path, "the report would overwrite an input file")
    title = "repair fix" + (" --unsafe-fixes" if unsafe else "")
    return render_html(runs, title, shlex.join(["repair", *sys.argv[1:]])).encode("utf-8")
