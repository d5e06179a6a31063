"""How the review draws an edit: queue cells, the word diff, the article around an edit (Rich text).

Pure functions from :class:`repair.review.state.ReviewState` to ``rich.text.Text``; the
screens only place them. Colours come from the caller (the theme's error and success colours).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

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
#: Characters of a rule's message shown in the queue (the edit pane shows all of it).
MESSAGE_CHARS = 48
#: Characters of neighbouring segments shown around the current one in the article pane.
NEIGHBOUR_CHARS = 160


@dataclass(frozen=True)
class Palette:
    """Colours for diffs and decisions (CSS colour strings from the theme)."""

    error: str = "red"
    success: str = "green"
    warning: str = "yellow"
    muted: str = "grey50"


def decision_label(state: ReviewState, item_id: int) -> str:
    """The text of the decision column: '' pending, ``auto`` pre-accepted, else the decision."""
    v = state.verdict(item_id)
    if v is None:
        return ""
    return "auto" if v.auto else v.decision.value


def decision_cell(state: ReviewState, item_id: int, palette: Palette) -> Text:
    """The decision column, coloured (the word itself carries the meaning)."""
    label = decision_label(state, item_id)
    style = {"accept": palette.success, "rewrite": palette.success, "reject": palette.error,
             "auto": palette.muted}.get(label, "")
    return Text(label, style=style)


def row_cells(state: ReviewState, item: Item, palette: Palette) -> tuple:
    """The cells of one queue row, in :data:`COLUMNS` order."""
    e = item.edit
    seg = state.doc.segments[e.segment]
    return (
        decision_cell(state, item.id, palette),
        str(seg.line),
        e.rule_id,
        e.category,
        e.severity.value,
        e.origin.value,
        e.message if len(e.message) <= MESSAGE_CHARS else e.message[:MESSAGE_CHARS - 1] + "…",
    )


def diff_text(pieces: list[Piece], palette: Palette, use_markers: bool) -> Text:
    """A word diff as Rich text: deletions struck through in the error colour, insertions in
    the success colour; with ``use_markers`` as ``[-old-]{+new+}`` plain text instead."""
    if use_markers:
        return Text(markers(pieces))
    out = Text()
    for op, text in pieces:
        if op == "delete":
            out.append(text, style=f"strike {palette.error}")
        elif op == "insert":
            out.append(text, style=f"bold {palette.success}")
        else:
            out.append(text)
    return out


def proposed_text(state: ReviewState, item: Item) -> str:
    """The span's text after the current decision (a rewrite's text, else the proposal)."""
    v = state.verdict(item.id)
    if v is not None and v.decision is Decision.REWRITE:
        return v.text or ""
    return item.edit.replacement


def current_text(state: ReviewState, palette: Palette, use_markers: bool) -> Text:
    """The current edit pane: counter, rule, category, severity, origin, message and the diff."""
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
    out.append(f"{e.category} · {e.severity.value} · {e.applicability.value} · {e.origin.value} · {label}\n", style=palette.muted)
    out.append(e.message + "\n\n")
    if e.replacement == e.original and label in ("pending", "reject"):
        out.append("No automatic fix: press e to rewrite the span by hand.\n\n", style=palette.warning)
    pieces = context_diff(seg.text, e.start, e.end, proposed_text(state, item))
    out.append_text(diff_text(pieces, palette, use_markers))
    return out


def article_text(state: ReviewState, palette: Palette) -> tuple[Text, int]:
    """The article around the current edit: the end of the previous segment, the current
    segment with every edit span underlined (the current one reversed) and a ``●`` on lines
    with pending edits, and the start of the next segment.

    Returns:
        ``(text, offset)``: the text and the character offset in it of the current span.
    """
    item = state.current
    if item is None:
        return Text(""), 0
    doc = state.doc
    index = item.edit.segment
    out = Text()
    prev = next((s for s in reversed(doc.segments[:index]) if s.text.strip()), None)
    nxt = next((s for s in doc.segments[index + 1:] if s.text.strip()), None)
    if prev is not None:
        out.append(f"{prev.line:>4} ", style=palette.muted)
        out.append(("…" + prev.text[-NEIGHBOUR_CHARS:]) if len(prev.text) > NEIGHBOUR_CHARS else prev.text, style=palette.muted)
        out.append("\n\n")
    seg = doc.segments[index]
    spans = [state.items[i] for i in state.items_of_segment(index)]
    pending = any(state.is_pending(i.id) for i in spans)
    out.append(f"{seg.line:>4}{'●' if pending else ' '}", style="bold")
    line = Text(seg.text)
    for other in spans:
        if other.id == item.id:
            continue
        line.stylize("underline", other.edit.start, max(other.edit.end, other.edit.start + 1))
    line.stylize("reverse", item.edit.start, max(item.edit.end, item.edit.start + 1))
    offset = len(out) + item.edit.start
    out.append_text(line)
    if nxt is not None:
        out.append("\n\n")
        out.append(f"{nxt.line:>4} ", style=palette.muted)
        out.append((nxt.text[:NEIGHBOUR_CHARS] + "…") if len(nxt.text) > NEIGHBOUR_CHARS else nxt.text, style=palette.muted)
    return out, offset


def line_of_offset(text: Text, offset: int, width: int) -> int:
    """The 0-based line, once ``text`` is wrapped to ``width`` cells, holding character ``offset``."""
    if width <= 0:
        return 0
    lines = text.wrap(Console(width=width, legacy_windows=False), width)
    seen = 0
    for n, line in enumerate(lines):
        seen += len(line)
        # wrapping drops the spaces and line breaks it breaks at; count them back approximately
        while seen < len(text.plain) and text.plain[seen] in " \n":
            seen += 1
        if offset < seen:
            return n
    return max(0, len(lines) - 1)
