"""The queue of edits: one scrollable table drawn line by line (Textual's Line API).

A :class:`~textual.widgets.DataTable` measures every cell it holds and, on any cell update,
renders every visible row again (its caches are keyed by a table-wide update counter): 10,000
rows took 5 s to show, and a decision cost 20-30 ms of table drawing alone. :class:`QueueView`
instead draws the state's view directly: it holds no rows, only the state, renders the
visible rows on demand and caches each row's line by what it shows (item, decision, cursor,
width), so a decision redraws the one or two rows whose text changed.

The cursor is the review's cursor (``state.cursor``): the cursor keys and clicks call
``move(delta)`` / ``goto(index)`` on the screen, which moves the state and redraws.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from repair.review import render
from repair.review.state import ReviewState

#: Fixed widths (cells, without padding) of the columns other than rule, category and message.
FIXED = {"decision": 8, "severity": 8, "origin": 6}
#: Most cells given to the rule and category columns (longer ids are cut with '…').
MAX_ID = 42
#: Rows of the line cache kept before it is cleared.
CACHE_ROWS = 4000


def _cell(text: str, width: int) -> str:
    """``text`` padded or cut (with '…') to exactly ``width`` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""
    return set_cell_size(text, width)


class QueueView(ScrollView, can_focus=True):
    """The queue: a header line and one line per edit of the state's view.

    Call :meth:`show` after anything that changes the view, the cursor or a decision. The
    widget never holds more than the lines on screen.
    """

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    DEFAULT_CSS = """
    QueueView { background: $surface; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state: ReviewState | None = None
        self.palette = render.Palette()
        self._widths: dict[str, int] = {}
        self._cache: dict[tuple, Strip] = {}
        self._measured: tuple[int, int, int] = (-1, -1, -1)  # (id of state, items, width)

    # ----- state -----------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Rows of the queue (the edits in the state's view)."""
        return len(self.state.view) if self.state is not None else 0

    @property
    def cursor_row(self) -> int:
        """The row of the cursor (the state's cursor)."""
        return self.state.cursor if self.state is not None else 0

    def _measure(self) -> None:
        state = self.state
        assert state is not None
        width = self.scrollable_content_region.width
        key = (id(state), len(state.items), width)
        if key == self._measured:
            return
        self._measured = key
        rules = {i.edit.rule_id for i in state.items.values()}
        categories = {i.edit.category for i in state.items.values()}
        last_line = state.doc.segments[-1].line if state.doc.segments else 1
        widths = {
            "decision": FIXED["decision"],
            "line": max(4, len(str(last_line))),
            "rule": min(MAX_ID, max([len("rule")] + [cell_len(r) for r in rules])),
            "category": min(MAX_ID, max([len("category")] + [cell_len(c) for c in categories])),
            "severity": FIXED["severity"],
            "origin": FIXED["origin"],
        }
        used = sum(w + 2 for w in widths.values())
        widths["message"] = max(len("message"), width - used - 2)
        self._widths = widths
        self._cache.clear()

    def show(self, state: ReviewState, palette: render.Palette) -> None:
        """Draw ``state``'s view with its cursor row in sight (scrolling as little as needed).

        Args:
            state: the review; its ``view`` gives the rows and its ``cursor`` the cursor row.
            palette: the theme's colours for the decision column.
        """
        if state is not self.state:
            self._cache.clear()
        self.state = state
        self.palette = palette
        self._measure()
        self.virtual_size = Size(sum(w + 2 for w in self._widths.values()), len(state.view) + 1)
        height = self.scrollable_content_region.height - 1  # the header stays
        if height > 0 and state.view:
            top = int(self.scroll_y)
            if state.cursor < top:
                self.scroll_to(y=state.cursor, animate=False, immediate=True)
            elif state.cursor >= top + height:
                self.scroll_to(y=state.cursor - height + 1, animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        """Measure the columns again for the new width."""
        if self.state is not None:
            self.show(self.state, self.palette)

    # ----- drawing ---------------------------------------------------------------------

    def _line(self, cells: list[tuple[str, Style]], base: Style) -> Strip:
        segments = []
        for text, style in cells:
            segments.append(Segment(" ", base))
            segments.append(Segment(text, base + style))
            segments.append(Segment(" ", base))
        return Strip(segments)

    def _header(self, base: Style) -> Strip:
        return self._line([(_cell(label, self._widths[key]), Style(bold=True)) for key, label in render.COLUMNS], base)

    def _row(self, index: int, base: Style) -> Strip:
        state = self.state
        assert state is not None
        item_id = state.view[index]
        label = render.decision_label(state, item_id)
        cursor = index == state.cursor
        key = (item_id, label, cursor, self._widths["message"], self.has_focus)
        strip = self._cache.get(key)
        if strip is not None:
            return strip
        if len(self._cache) > CACHE_ROWS:
            self._cache.clear()
        item = state.items[item_id]
        e = item.edit
        palette = self.palette
        colour = render.decision_colour(label, palette)
        if cursor:
            cursor_bg = self.app.theme_variables.get("block-cursor-background", "blue")
            base = base + Style.parse(f"bold on {cursor_bg}")
        plain = Style()
        cells = [
            (_cell(label, self._widths["decision"]), Style.parse(colour) if colour and not cursor else plain),
            (_cell(str(state.doc.segments[e.segment].line), self._widths["line"]), plain),
            (_cell(e.rule_id, self._widths["rule"]), plain),
            (_cell(e.category, self._widths["category"]), plain),
            (_cell(e.severity.value, self._widths["severity"]), plain),
            (_cell(e.origin.value, self._widths["origin"]), plain),
            (_cell(e.message, self._widths["message"]), plain),
        ]
        strip = self._line(cells, base)
        self._cache[key] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        """Line ``y`` on screen: the header (y = 0), else the row ``scroll_y + y - 1``."""
        base = self.rich_style
        width = self.scrollable_content_region.width
        if self.state is None:
            return Strip.blank(width, base)
        if y == 0:
            strip = self._header(base + Style.parse(f"on {self.app.theme_variables.get('panel', 'grey15')}"))
        else:
            index = int(self.scroll_y) + y - 1
            if index >= len(self.state.view):
                return Strip.blank(width, base)
            strip = self._row(index, base)
        x = int(self.scroll_x)
        return strip.crop(x, x + width).extend_cell_length(width, base)

    # ----- keys and mouse --------------------------------------------------------------

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def action_cursor_down(self) -> None:
        """Next row (↓)."""
        self.screen.move(1)

    def action_cursor_up(self) -> None:
        """Previous row (↑)."""
        self.screen.move(-1)

    def action_page_down(self) -> None:
        """A page down (pgdn)."""
        self.screen.move(self._page())

    def action_page_up(self) -> None:
        """A page up (pgup)."""
        self.screen.move(-self._page())

    def action_first(self) -> None:
        """The first row (home)."""
        self.screen.move(-(1 << 30))

    def action_last(self) -> None:
        """The last row (end)."""
        self.screen.move(1 << 30)

    def on_click(self, event: events.Click) -> None:
        """A click on a row puts the cursor there."""
        offset = event.get_content_offset(self)
        if self.state is None or offset is None or offset.y < 1:
            return
        index = int(self.scroll_y) + offset.y - 1
        if index < len(self.state.view):
            self.screen.goto(index)

    def on_focus(self) -> None:
        """Redraw the cursor row (its cache key includes focus)."""
        self.refresh()

    def on_blur(self) -> None:
        """See :meth:`on_focus`."""
        self.refresh()
