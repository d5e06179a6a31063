"""How the review draws an edit: queue cells, the word diff and the current-edit pane (Rich text).

Pure functions from :class:`repair.review.state.ReviewState` to ``rich.text.Text``; the
screens only place them (the article pane is :mod:`repair.review.widgets.article`). Colours come from the caller (the theme's error and success colours).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from repair.edits import Origin
from repair.review.diff import Piece, context_diff, markers
from repair.review.state import Decision, Item, ReviewState

#: Columns of the queue table: (key, label).
COLUMNS = (
    ("decision", "decision"),
    ("line", "line"),
    ("rule", "rule"),
    ("category", "category"),
    ("severity", "severity"),
    ("origin", "origin"),
    ("message", "message"),
)
#: What separates a struck deletion from the insertion that replaces it in the colour diff.
DIFF_SEPARATOR = " "


@dataclass(frozen=True)
class Palette:
    """Colours for diffs and decisions (CSS colour strings from the theme); ``highlight``
    is the background of the current segment in the article pane."""

    error: str = "red"
    success: str = "green"
    warning: str = "yellow"
    muted: str = "grey50"
    highlight: str = "grey23"


def decision_label(state: ReviewState, item_id: int) -> str:
    """The text of the decision column: '' pending, ``auto`` pre-accepted, else the decision."""
    v = state.verdict(item_id)
    if v is None:
        return ""
    return "auto" if v.auto else v.decision.value


def decision_colour(label: str, palette: Palette) -> str:
    """The colour of a decision label (see :func:`decision_label`): success for accept and
    rewrite, error for reject, muted for ``auto``, '' (the default colour) for pending."""
    return {"accept": palette.success, "rewrite": palette.success, "reject": palette.error, "auto": palette.muted}.get(
        label, ""
    )


def diff_text(pieces: list[Piece], palette: Palette, use_markers: bool) -> Text:
    """A word diff as Rich text: deletions struck through in the error colour, insertions in
    bold in the success colour, an unstyled :data:`DIFF_SEPARATOR` between a deletion and the
    insertion that replaces it (so ``production`` → ``work`` reads ``production work``, the
    first word struck, not ``productionwork``); with ``use_markers`` as ``[-old-]{+new+}``
    plain text instead (no separator: the markers delimit the words).

    Args:
        pieces: ``(op, text)`` pieces from :func:`repair.review.diff.word_diff`.
        palette: the theme's colours.
        use_markers: plain markers instead of colours.
    """
    if use_markers:
        return Text(markers(pieces))
    out = Text()
    previous = ""
    for op, text in pieces:
        if op == "delete":
            out.append(text, style=f"strike {palette.error}")
        elif op == "insert":
            if previous == "delete":  # "production work", not "productionwork"
                out.append(DIFF_SEPARATOR)
            out.append(text, style=f"bold {palette.success}")
        else:
            out.append(text)
        previous = op
    return out


def proposed_text(state: ReviewState, item: Item) -> str:
    """The span's text after the current decision (a rewrite's text, else the proposal)."""
    v = state.verdict(item.id)
    if v is not None and v.decision is Decision.REWRITE:
        return v.text or ""
    return item.edit.replacement


def current_text(state: ReviewState, palette: Palette, use_markers: bool) -> Text:
    """The current edit pane: counter, rule, category, severity, origin, message, the source
    segment when the input is bilingual, and the diff."""
    item = state.current
    if item is None:
        return Text("No edits in this view." + (" Press / to change the filter." if state.filter_text else ""))
    e = item.edit
    seg = state.doc.segments[e.segment]
    label = decision_label(state, item.id) or "pending"
    out = Text()
    out.append(f"({state.cursor + 1}/{len(state.view)}) ", style="bold")
    out.append(e.rule_id, style="bold")
    out.append(f"  line {seg.line}, col {e.start + 1}\n")
    confidence = f" · confidence {e.confidence:.2f}" if e.origin is Origin.MODEL else ""
    out.append(
        f"{e.category} · {e.severity.value} · {e.applicability.value} · {e.origin.value}{confidence} · {label}\n",
        style=palette.muted,
    )
    out.append(e.message + "\n\n")
    if e.replacement == e.original and label in ("pending", "reject"):
        out.append("No automatic fix: press e to rewrite the span by hand.\n\n", style=palette.warning)
    if seg.source:  # bilingual input: the source segment above the edit, its inline tags as written
        out.append("source  ", style=palette.muted)
        out.append((seg.source_markup or seg.source) + "\n\n")
    pieces = context_diff(seg.text, e.start, e.end, proposed_text(state, item))
    out.append_text(diff_text(pieces, palette, use_markers))
    return out
