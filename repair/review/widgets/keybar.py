"""The review's footer: one line of the keys that apply now, redrawn without a layout.

Textual's :class:`~textual.widgets.Footer` recomposes itself (one widget per key, each
styled by the stylesheet) whenever the keys that apply change, a large share of a key such
as ``u`` that makes redo available (docs/performance.md). :class:`KeyBar` draws the same information
as one line of text: each shown binding of the screen whose ``check_action`` allows it,
then the command palette's key on the right. A click on a key runs its action. When the keys
do not fit the width (an 80-column terminal), they wrap onto a second line (or more), at key
boundaries: the bar's height changes, and the screen is laid out again, only then.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget


class KeyBar(Widget):
    """``key description`` for every shown binding of the screen that applies now, on as many
    lines as the width needs (one on a wide terminal).

    Args:
        bindings: the screen's bindings; those with ``show=True`` are listed, once per action.
        palette_key: what to show on the right for the command palette ('' for nothing).
    """

    DEFAULT_CSS = """
    KeyBar { height: 1; dock: bottom; background: $footer-background; color: $footer-foreground; }
    """

    def __init__(self, bindings: list[Binding], palette_key: str = "^p palette", **kwargs) -> None:
        super().__init__(**kwargs)
        seen: set[str] = set()
        self._shown_bindings: list[Binding] = []
        for b in bindings:
            if b.show and b.action not in seen:
                seen.add(b.action)
                self._shown_bindings.append(b)
        self._palette_key = palette_key
        self._enabled: tuple[bool, ...] = ()
        self._spans: list[tuple[int, int, int, str]] = []  # (line, start, end, action) of each shown key
        self._height = 1

    def update_keys(self, enabled: tuple[bool, ...] | None = None) -> bool:
        """Recompute which keys apply (the screen's ``check_action``); redraw when that changed.

        Args:
            enabled: one flag per listed binding (tests); ``None`` asks the screen.

        Returns:
            whether the line changed.
        """
        if enabled is None:
            screen = self.screen
            enabled = tuple(bool(screen.check_action(b.action, ())) for b in self._shown_bindings)
        if enabled == self._enabled:
            return False
        self._enabled = enabled
        self._fit()
        self.refresh()
        return True

    def on_resize(self) -> None:
        """Wrap the keys again for the new width."""
        self._fit()

    def _fit(self) -> None:
        """Make the bar as tall as the lines of keys at its width (a layout only on a change)."""
        height = len(self._lines(self.size.width))
        if height != self._height:
            self._height = height
            self.styles.height = height

    def _label(self, binding: Binding) -> str:
        return f" {self._key(binding)} {binding.description} "

    def _lines(self, width: int) -> list[list[Binding]]:
        """The shown bindings packed greedily into lines of ``width`` cells (at least one line)."""
        lines: list[list[Binding]] = [[]]
        used = 0
        for binding in self.shown:
            cells = len(self._label(binding))
            if lines[-1] and width > 0 and used + cells > width:
                lines.append([])
                used = 0
            lines[-1].append(binding)
            used += cells
        return lines

    @property
    def shown(self) -> list[Binding]:
        """The bindings on the line now."""
        return [b for b, on in zip(self._shown_bindings, self._enabled) if on]

    def _key(self, binding: Binding) -> str:
        return binding.key_display or self.app.get_key_display(binding)

    def render(self) -> Text:
        """The lines: bold keys in the footer's key colour, then their descriptions; the
        palette's key on the right of the last line when there is room."""
        variables = self.app.theme_variables
        key_style = f"bold {variables.get('footer-key-foreground', 'yellow')}"
        width = self.size.width
        out = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for number, line in enumerate(self._lines(width)):
            if number:
                out.append("\n")
            begin = len(out)
            for binding in line:
                start = len(out) - begin
                out.append(" ")
                out.append(self._key(binding), style=key_style)
                out.append(f" {binding.description} ")
                self._spans.append((number, start, len(out) - begin, binding.action))
        if self._palette_key:
            last = out.plain.rsplit("\n", 1)[-1]
            room = width - len(last) - len(self._palette_key) - 1
            if room > 0:
                out.append(" " * room)
                key, _, rest = self._palette_key.partition(" ")
                out.append(key, style=key_style)
                out.append(" " + rest + " ")
        return out

    async def on_click(self, event: events.Click) -> None:
        """Run the action of the key clicked."""
        for line, start, end, action in self._spans:
            if line == event.y and start <= event.x < end:
                await self.screen.run_action(action)
                return
