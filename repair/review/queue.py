"""The queue of edits: Textual's :class:`~textual.widgets.OptionList`, one option per edit.

An ``OptionList`` draws only the lines on screen and caches each option's rendering, so it
holds 10,000 options without cost per key. Each option's prompt is one line of fixed-width
columns (decision, line, rule, category, severity, origin, then the message, cut with '…'
by the list's ``text-overflow``), made by :class:`Rows`, which also gives the matching column
titles, shown above the list. A decision replaces only the prompts of the edits whose decision
changed (:meth:`QueueList.replace_prompts`).
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content, Span
from textual.visual import VisualType
from textual.widgets import OptionList

from repair.review import render
from repair.review.state import ReviewState

#: Fixed widths (cells) of the columns other than line, rule, category and message.
FIXED = {"decision": 8, "severity": 8, "origin": 6}
#: Most cells given to the rule and category columns (longer ids are cut with '…').
MAX_ID = 42


class Line(Content):
    """Content of one line (no line break; the queue does not wrap): its height is 1 at any width.

    ``OptionList`` asks every option's height to lay out its lines; a plain ``Content`` finds
    it by wrapping and truncating its text: for 10,000 options the first screen took 1.8 s, not 0.45 s.
    """

    def get_height(self, rules, width: int) -> int:
        """One line, whatever the width."""
        return 1


def _cell(text: str, width: int) -> str:
    """``text`` padded or cut (with '…') to exactly ``width`` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""
    return set_cell_size(text, width)


class Rows:
    """The queue lines of one review state: column widths measured once, and each edit's
    columns after the decision kept, so a changed decision costs one short string.

    Args:
        state: the review; build a new ``Rows`` after edits are added (widths may change).
    """

    def __init__(self, state: ReviewState) -> None:
        self.state = state
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
        """The column titles, aligned with :meth:`prompt`."""
        return "".join(f"{_cell(label, self.widths[key])}  " if key in self.widths else label
                       for key, label in render.COLUMNS)

    def _tail(self, item_id: int) -> str:
        tail = self._tails.get(item_id)
        if tail is None:
            e, w = self.state.items[item_id].edit, self.widths
            tail = self._tails[item_id] = (
                f"{_cell(str(self.state.doc.segments[e.segment].line), w['line'])}  "
                f"{_cell(e.rule_id, w['rule'])}  {_cell(e.category, w['category'])}  "
                f"{_cell(e.severity.value, w['severity'])}  {_cell(e.origin.value, w['origin'])}  {e.message}")
        return tail

    def prompt(self, item_id: int, palette: render.Palette) -> Line:
        """The queue line of ``item_id``: its columns, the decision in its colour."""
        label = render.decision_label(self.state, item_id)
        colour = render.decision_colour(label, palette)
        text = f"{_cell(label, self.widths['decision'])}  {self._tail(item_id)}"
        return Line(text, [Span(0, len(label), colour)] if colour else None)



class QueueList(OptionList):
    """Textual's ``OptionList`` with one addition: :meth:`replace_prompts` for one-line options."""

    def replace_prompts(self, prompts: dict[int, VisualType]) -> None:
        """Give the options at these indices new prompts, each of one line as before.

        ``replace_option_prompt_at_index`` measures all the options again after each call (every
        option's height: 12 ms for 10,000 options, on every decision); a prompt that stays one
        line changes no height, so this only forgets the drawn options. It uses the list's
        private parts when they are there (Textual 8), else the public call.
        """
        try:
            for index, prompt in prompts.items():
                self.options[index]._set_prompt(prompt)
            self._option_render_cache.clear()
        except AttributeError:  # another Textual: the public way
            for index, prompt in prompts.items():
                self.replace_option_prompt_at_index(index, prompt)
            return
        self.refresh()
