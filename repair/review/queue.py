"""The queue of edits: one :class:`~textual.widgets.DataTable` that holds a page of the view.

A DataTable measures every cell it holds, so 10,000 rows would take seconds to show. The
table therefore holds at most :data:`PAGE` rows of the state's view around the cursor and
is refilled when the cursor leaves them; its cursor keys move the review's cursor (not the
table's), so moving past the page's end loads the next page. The border title carries the
real position, e.g. ``Queue (3/120)``.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

from repair.review import render
from repair.review.state import ReviewState

#: Rows the table holds at a time.
PAGE = 200


class QueueTable(DataTable):
    """The queue; its cursor keys call ``move(delta)`` on the screen (home/end: first/last edit)."""

    BINDINGS = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.page_start = 0
        for key, label in render.COLUMNS:
            self.add_column(label, key=key)

    def fill(self, state: ReviewState, palette: render.Palette) -> None:
        """Load the page of ``state.view`` around the cursor (cursor placed by the caller)."""
        self.page_start = max(0, min(state.cursor - PAGE // 2, len(state.view) - PAGE))
        self.clear()
        rows = state.view[self.page_start:self.page_start + PAGE]
        self.add_rows(render.row_cells(state, state.items[i], palette) for i in rows)

    def holds(self, index: int) -> bool:
        """Whether row ``index`` of the view is loaded."""
        return self.page_start <= index < self.page_start + self.row_count

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_down(self) -> None:
        self.screen.move(1)

    def action_cursor_up(self) -> None:
        self.screen.move(-1)

    def action_page_down(self) -> None:
        self.screen.move(self._page())

    def action_page_up(self) -> None:
        self.screen.move(-self._page())

    def action_scroll_top(self) -> None:
        self.screen.move(-(1 << 30))

    def action_scroll_bottom(self) -> None:
        self.screen.move(1 << 30)
