"""The queue of edits: Textual's :class:`~textual.widgets.OptionList`, one option per edit.

An ``OptionList`` draws only the lines on screen and caches each option's rendering, so it
holds 10,000 options without cost per key. Each option's prompt is a :class:`QueueLine`: one
line of fixed-width columns (decision, line, rule, category, severity, origin, then the
message, cut with '…' by the list's ``text-overflow``), made by :class:`Rows` (which also gives
the matching column titles, shown above the list) only when the line is drawn, from the
decision the state holds then. So a decision on any number of edits (``A`` on a rule of 5,000)
costs no line of its own: :meth:`QueueList.redraw_lines` forgets the drawn lines and the
visible ones are made again.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList

from repair.review import render
from repair.review.state import ReviewState

#: Fixed widths (cells) of the columns other than line, rule, category and message.
FIXED = {"decision": 8, "severity": 8, "origin": 6}
#: Most cells given to the rule and category columns (longer ids are cut with '…').
MAX_ID = 42


def _cell(text: str, width: int) -> str:
    """``text`` padded or cut (with '…') to exactly ``width`` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""
    return set_cell_size(text, width)


class Rows:
    """The queue lines of one review state: column widths measured once, and each edit's
    columns after the decision kept, so drawing a line costs one short string.

    Args:
        state: the review; build a new ``Rows`` after edits are added (widths may change).
        palette: the colours of the decisions (the theme's); build a new ``Rows`` when it changes.
    """

    def __init__(self, state: ReviewState, palette: render.Palette) -> None:
        self.state = state
        self.palette = palette
        rules = {i.edit.rule_id for i in state.items.values()}
        categories = {i.edit.category for i in state.items.values()}
        last_line = state.doc.segments[-1].line if state.doc.segments else 1
        self.widths = {
            "decision": FIXED["decision"],
            "line": max(4, len(str(last_line))),
            "rule": min(MAX_ID, max([len("rule")] + [cell_len(r) for r in rules])),
            "category": min(MAX_ID, max([len("category")] + [cell_len(c) for c in categories])),
            "severity": FIXED["severity"],
            "origin": FIXED["origin"],
        }
        self._tails: dict[int, str] = {}

    def header(self) -> str:
        """The column titles, aligned with :meth:`content`."""
        return "".join(
            f"{_cell(label, self.widths[key])}  " if key in self.widths else label for key, label in render.COLUMNS
        )

    def _tail(self, item_id: int) -> str:
        tail = self._tails.get(item_id)
        if tail is None:
            e, w = self.state.items[item_id].edit, self.widths
            tail = self._tails[item_id] = (
                f"{_cell(str(self.state.doc.segments[e.segment].line), w['line'])}  "
                f"{_cell(e.rule_id, w['rule'])}  {_cell(e.category, w['category'])}  "
                f"{_cell(e.severity.value, w['severity'])}  {_cell(e.origin.value, w['origin'])}  {e.message}"
            )
        return tail

    def lines(self) -> list[QueueLine]:
        """One :class:`QueueLine` per edit of the state's view, in its order."""
        return [QueueLine(self, item_id) for item_id in self.state.view]

    def content(self, item_id: int) -> Content:
        """The queue line of ``item_id`` as it is now: its columns, the decision in its colour
        (from :attr:`palette`)."""
        label = render.decision_label(self.state, item_id)
        colour = render.decision_colour(label, self.palette)
        text = f"{_cell(label, self.widths['decision'])}  {self._tail(item_id)}"
        return Content(text, [Span(0, len(label), colour)] if colour else None)


class QueueLine(Visual):
    """The prompt of one queue option: the line of one edit, made when it is drawn.

    ``OptionList`` asks every option's height to lay out its lines and keeps each option's
    visual; this one is 1 at any width (a plain ``Content`` finds it by wrapping its text,
    which made the first screen of a large queue slow: ``docs/performance.md``, "Review") and
    holds no text, only where to read it, so it never goes out of date.

    Args:
        rows: the queue lines of the state.
        item_id: the edit's id in that state.
    """

    __slots__ = ("rows", "item_id")

    def __init__(self, rows: Rows, item_id: int) -> None:
        self.rows = rows
        self.item_id = item_id

    def __str__(self) -> str:
        """The line's plain text as it is now."""
        return self.rows.content(self.item_id).plain

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        """The line as it is now (see :meth:`Rows.content`), cut to ``width`` cells."""
        return self.rows.content(self.item_id).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The cells of the whole line."""
        return self.rows.content(self.item_id).cell_length

    def get_height(self, rules: RulesMap, width: int) -> int:
        """One line, whatever the width."""
        return 1


class QueueList(OptionList):
    """Textual's ``OptionList`` of :class:`QueueLine` prompts, with :meth:`redraw_lines`."""

    def redraw_lines(self) -> None:
        """Draw the visible lines again from the state (decisions changed; heights did not).

        ``replace_option_prompt_at_index`` measures all the options again after each call (every
        option's height, on every decision), and a :class:`QueueLine`
        prompt never changes; only the drawn lines are out of date. This forgets them through
        the list's render cache when it is there (Textual 8), else it lays the options out again.
        """
        cache = getattr(self, "_option_render_cache", None)
        if cache is not None:
            cache.clear()
            self.refresh()
        else:  # another Textual: the public way, which measures every option again
            self.set_options(list(self.options))
