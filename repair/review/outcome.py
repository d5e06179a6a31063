"""What a review came to: per file, the counts of decisions and whether they were saved, and
the lines the CLI prints when the app closes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from repair.review.decisions import Decision
from repair.review.sidecar import sidecar_path
from repair.review.state import ReviewState


@dataclass
class Outcome:
    """What one file's review came to, for the CLI's closing lines."""

    path: str
    output: str
    accepted: int
    rejected: int
    rewritten: int
    pending: int
    saved: bool
    stale: int
    sidecar_error: str | None = None


def outcome(state: ReviewState) -> Outcome:
    """Count the decisions of ``state`` (pre-accepted ones count as pending)."""
    counts = {d: 0 for d in Decision}
    for item_id in state.items:
        v = state.verdict(item_id)
        if v is not None and not v.auto:
            counts[v.decision] += 1
    return Outcome(
        state.doc.path,
        str(state.output),
        counts[Decision.ACCEPT],
        counts[Decision.REJECT],
        counts[Decision.REWRITE],
        state.pending_count,
        not state.dirty and state.output.exists(),
        len(state.stale),
        state.sidecar_error,
    )


def closing_line(o: Outcome) -> tuple[str, bool]:
    """The line printed for one file when the app closes, and whether decisions were lost
    (not saved, and the sidecar could not be written)."""
    decided = o.accepted + o.rejected + o.rewritten
    lost = not o.saved and bool(decided) and o.sidecar_error is not None
    if o.saved:
        result = f"saved -> {o.output}"
    elif lost:
        result = f"not saved, and the decisions are lost: {o.sidecar_error}"
    elif decided:
        result = f"not saved (decisions kept in {sidecar_path(o.output)})"
    else:
        result = "nothing decided, nothing written"
    line = f"{o.path}: {o.accepted} accepted, {o.rejected} rejected, {o.rewritten} rewritten, {o.pending} pending; {result}"
    if o.stale:
        line += f"; {o.stale} stale decisions kept in the sidecar"
    return line, lost


def closing_report(
    outcomes: list[Outcome] | None, states: Sequence[ReviewState], closed_by: str | None = None
) -> tuple[list[str], int]:
    """The lines printed when the app closes and the exit status.

    Args:
        outcomes: what the app returned: one :class:`Outcome` per file, or ``None`` when it
            was closed otherwise (a signal, an error); the files are then counted from ``states``.
        states: the review states.
        closed_by: what closed it otherwise (``"SIGTERM"``), named in the first line.

    Returns:
        ``(lines, status)``: 0 after a quit, 1 when the app was closed otherwise, 2 when
        decisions were lost (not saved, and the sidecar could not be written).
    """
    interrupted = outcomes is None
    if outcomes is None:
        outcomes = [outcome(s) for s in states]
    by = f" by {closed_by}" if closed_by else ""
    lines = [f"repair review: closed{by} before quitting"] if interrupted else []
    results = [closing_line(o) for o in outcomes]
    lines += [line for line, _ in results]
    return lines, 2 if any(lost for _, lost in results) else 1 if interrupted else 0
