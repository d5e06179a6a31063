"""The article pane: the whole document, scrollable, drawn line by line (Textual's Line API).

Only the lines on screen are drawn, so an article of 5,000 segments costs no more per key
than one of 20. The layout (where each segment's wrapped lines start) is computed by
:func:`wrap_offsets`, a plain greedy word wrap, once per width; it is cheap (linear in the
text) and is what lets the pane know its full height without drawing it.

Each segment is drawn with its line number and a ``●`` (warning colour) when it has pending
edits; the current segment has a tinted background, every edit span is underlined and the
current one is reversed.
"""

from __future__ import annotations

import bisect
import re

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from repair.review.render import Palette
from repair.review.state import ReviewState

#: Cells left of the text: a 4-digit line number, the pending marker and a space.
GUTTER = 6
#: The pending marker.
PENDING_MARK = "●"


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text`` to ``width`` cells, as ``(start, end)`` character spans.

    Lines break after a run of spaces (the spaces stay on the line they end, so the spans
    cover the whole text with no gaps: ``text[s:e]`` of every line joined gives ``text``);
    a word longer than ``width`` is cut. An empty text is one empty line ``(0, 0)``.

    Args:
        text: one segment (no line breaks expected; a ``\\n`` counts as a space).
        width: cells per line; values below 1 count as 1.

    Returns:
        at least one span, in order.
    """
    width = max(1, width)
    if cell_len(text) <= width:
        return [(0, len(text))]
    return _wrap_ascii(text, width) if text.isascii() else _wrap_words(text, width)


def _wrap_words(text: str, width: int) -> list[tuple[int, int]]:
    """:func:`wrap_offsets` of a ``text`` longer than ``width`` cells, word by word."""
    lines: list[tuple[int, int]] = []
    start = 0
    used = 0  # cells of text[start:pos]
    pos = 0
    n = len(text)
    while pos < n:
        # next token: a word (non-spaces) followed by its spaces
        end = pos
        while end < n and text[end] not in " \n":
            end += 1
        word_end = end
        while end < n and text[end] in " \n":
            end += 1
        word = cell_len(text[pos:word_end])
        if used and used + word > width:  # the word starts the next line
            lines.append((start, pos))
            start, used = pos, 0
        while word > width:  # a word longer than a line: cut it
            cut = pos
            cells = 0
            while cut < word_end and cells + cell_len(text[cut]) <= width:
                cells += cell_len(text[cut])
                cut += 1
            cut = max(cut, pos + 1)
            lines.append((start, cut))
            start = pos = cut
            word = cell_len(text[pos:word_end])
        used += word + (end - word_end)
        pos = end
    lines.append((start, n))
    return lines


def _wrap_ascii(text: str, width: int) -> list[tuple[int, int]]:
    """:func:`wrap_offsets` of an ASCII ``text`` (one cell per character) longer than
    ``width``, a line at a time: the line ends after the spaces that follow its last word
    ending within ``width`` characters (found with ``rfind``), or is cut at ``width`` when no
    word ends there. The same lines as the word-by-word loop, without a Python step per word."""
    n = len(text)
    lines: list[tuple[int, int]] = []
    start = 0
    while n - start > width:
        limit = start + width
        j = limit if text[limit] in " \n" else max(text.rfind(" ", start, limit), text.rfind("\n", start, limit))
        if j <= start and text[start] not in " \n":  # no word ends within the width: cut it
            lines.append((start, limit))
            start = limit
            continue
        k = j
        while k > start and text[k - 1] in " \n":
            k -= 1
        blanks = _BLANKS.match(text, k)
        end = blanks.end() if blanks is not None else k  # `[ \n]*` always matches
        lines.append((start, end))
        start = end
    if start < n:
        lines.append((start, n))
    return lines


_BLANKS = re.compile(r"[ \n]*")


class ArticleView(ScrollView, can_focus=False):
    """The whole article, one wrapped segment after another; only visible lines are drawn.

    Call :meth:`show` with the state after every change; it scrolls the current edit's line
    into view (keeping it where it is when it is already visible).
    """

    DEFAULT_CSS = """
    ArticleView { background: $surface; scrollbar-gutter: stable; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.state: ReviewState | None = None
        self.palette = Palette()
        self._width = -1
        self._spans: list[list[tuple[int, int]]] = []  # per segment: wrapped line spans
        self._starts: dict[int, list[int]] = {}  # per segment (made when asked): its lines' starts
        self._first: list[int] = []  # per segment: its first line
        self._total = 0
        self._current_segment = -1
        self._current_span: tuple[int, int] = (0, 0)

    # ----- layout ----------------------------------------------------------------------

    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - GUTTER - 1)

    def _layout(self, force: bool = False) -> None:
        if self.state is None:
            return
        if self.scrollable_content_region.width <= 0:
            return  # not laid out yet: on_resize lays the article out at its width
        width = self._text_width()
        if width == self._width and not force:
            return
        self._width = width
        self._spans, self._first, self._starts = [], [], {}
        total = 0
        for seg in self.state.doc.segments:
            spans = wrap_offsets(seg.text, width)
            self._first.append(total)
            self._spans.append(spans)
            total += len(spans)
        self._total = total
        self.virtual_size = Size(width + GUTTER, total)

    def line_of(self, segment: int, offset: int) -> int:
        """The line (0-based, in the wrapped article) of character ``offset`` of ``segment``."""
        self._layout()
        if not self._first:
            return 0  # not laid out yet
        starts = self._starts.get(segment)
        if starts is None:
            starts = self._starts[segment] = [s for s, _ in self._spans[segment]]
        k = bisect.bisect_right(starts, offset) - 1
        return self._first[segment] + max(0, k)

    @property
    def line_count(self) -> int:
        """Lines of the wrapped article at the current width."""
        self._layout()
        return self._total

    def show(self, state: ReviewState, palette: Palette, relayout: bool = False) -> None:
        """Draw ``state`` (the current edit highlighted) and scroll its line into view.

        Args:
            state: the review to draw; a different state than before lays the article out again.
            palette: the theme's colours.
            relayout: lay the article out again even when the state and width are unchanged.
        """
        if state is not self.state or relayout:
            self.state = state
            self._width = -1
        self.palette = palette
        self._layout()
        item = state.current
        if item is None:
            self._current_segment, self._current_span = -1, (0, 0)
        else:
            self._current_segment = item.edit.segment
            self._current_span = (item.edit.start, max(item.edit.end, item.edit.start + 1))
            line = self.line_of(item.edit.segment, item.edit.start)
            height = self.scrollable_content_region.height
            top = int(self.scroll_y)
            if height > 0 and not (top + 1 <= line < top + height - 1):
                self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        """Lay the article out again for the new width."""
        if self.state is not None:
            self._layout()
            self.show(self.state, self.palette)

    # ----- drawing ---------------------------------------------------------------------

    def _line_text(self, index: int, start: int, end: int) -> Text:
        """Characters ``[start, end)`` of segment ``index``, its edit spans underlined and the
        current one reversed; only the edits near the slice are looked at (a line of megabytes
        with thousands of edits costs no more per line drawn than a short one)."""
        state = self.state
        assert state is not None
        text = Text(state.doc.segments[index].text[start:end])
        current = index == self._current_segment
        for s, e, _ in state.near(index, start, end):
            span = (s, max(e, s + 1))
            if span[1] <= start or span[0] >= end or current and span == self._current_span:
                continue
            text.stylize("underline", max(0, span[0] - start), span[1] - start)
        if current and self._current_span[1] > start and self._current_span[0] < end:
            text.stylize("reverse", max(0, self._current_span[0] - start), self._current_span[1] - start)
        return text

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the pane (scrolled): gutter, then the slice of its segment."""
        base = self.rich_style
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        state = self.state
        if state is None or line >= self._total or not self._first:
            return Strip.blank(width, base)
        index = bisect.bisect_right(self._first, line) - 1
        k = line - self._first[index]
        start, end = self._spans[index][k]
        seg = state.doc.segments[index]
        current = index == self._current_segment
        muted = Style.parse(self.palette.muted)
        segments: list[Segment] = []
        if k == 0 and seg.text:
            pending = state.segment_pending(index)
            segments.append(Segment(f"{seg.line:>4}", base + (Style(bold=True) if current else muted)))
            segments.append(Segment(PENDING_MARK if pending else " ", base + Style.parse(self.palette.warning)))
            segments.append(Segment(" ", base))
        else:
            segments.append(Segment(" " * GUTTER, base))
        line_style = base + Style.parse(f"on {self.palette.highlight}") if current else base
        for piece in self._line_text(index, start, end).render(self.app.console, end=""):
            segments.append(Segment(piece.text, line_style + piece.style if piece.style else line_style))
        strip = Strip(segments).crop(int(self.scroll_x), int(self.scroll_x) + width)
        return strip.extend_cell_length(width, base)
