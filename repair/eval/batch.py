"""The HTML report of ``repair fix --report``: a batch of files before and after fixing."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Sequence

from repair.document import Document
from repair.edits import Edit
from repair.engine import Engine
from repair.errors import OutputError
from repair.eval.report import render_html
from repair.eval.runs import Repaired
from repair.fileio import atomic_write


def write_fix_report(path: str, engine: Engine, results: Sequence[tuple[object, Document, Document, list[Edit], list[Edit]]],
                     unsafe: bool) -> None:
    """Write the report of a ``repair fix`` run (see :func:`fix_report_bytes`).

    Raises:
        OutputError: when ``path`` is one of the inputs, or cannot be written.
    """
    atomic_write(path, fix_report_bytes(path, engine, results, unsafe))


def fix_report_bytes(path: str, engine: Engine, results: Sequence[tuple[object, Document, Document, list[Edit], list[Edit]]],
                     unsafe: bool) -> bytes:
    """The HTML report of a ``repair fix`` run, as bytes to write at ``path``.

    Args:
        path: the HTML file to write.
        engine: the engine that fixed the files (re-checks the originals for the MQM score before).
        results: per input ``(input_file, doc, fixed, applied_edits, remaining_findings)`` as
            ``repair fix`` computes them.
        unsafe: whether unsafe fixes were applied (shown in the title).

    Raises:
        OutputError: when ``path`` is one of the inputs.
    """
    inputs = {Path(doc.path).resolve() for _, doc, *_ in results if doc.path != "-"}
    if Path(path).resolve() in inputs:
        raise OutputError(path, "the report would overwrite an input file")
    runs = [Repaired(doc, fixed, list(applied), engine.check(doc), list(remaining), name="stdin" if doc.path == "-" else doc.path)
            for _, doc, fixed, applied, remaining in results]
    title = "repair fix" + (" --unsafe-fixes" if unsafe else "")
    return render_html(runs, title, shlex.join(["repair", *sys.argv[1:]])).encode("utf-8")
