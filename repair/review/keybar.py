"""The review's footer: one line of the keys that apply now, redrawn without a layout.

Textual's :class:`~textual.widgets.Footer` recomposes itself (one widget per key, each
styled by the stylesheet) whenever the keys that apply change, which cost 30-60 ms on a
key such as ``u`` that makes redo available. :class:`KeyBar` draws the same information
as one line of text: each shown binding of the screen whose ``check_action`` allows it,
then the command palette's key on the right. A click on a key runs its action.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget


class KeyBar(Widget):
    """One line: ``key description`` for every shown binding of the screen that applies now.

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
        self._bindings: list[Binding] = []
        for b in bindings:
            if b.show and b.action not in seen:
                seen.add(b.action)
                self._bindings.append(b)
        self._palette_key = palette_key
        self._enabled: tuple[bool, ...] = ()
        self._spans: list[tuple[int, int, str]] = []  # (start, end, action) of each shown key

    def update_keys(self, enabled: tuple[bool, ...] | None = None) -> bool:
        """Recompute which keys apply (the screen's ``check_action``); redraw when that changed.

        Args:
            enabled: one flag per listed binding (tests); ``None`` asks the screen.

        Returns:
            whether the line changed.
        """
        if enabled is None:
            screen = self.screen
            enabled = tuple(bool(screen.check_action(b.action, ())) for b in self._bindings)
        if enabled == self._enabled:
            return False
        self._enabled = enabled
        self.refresh()
        return True

    @property
    def shown(self) -> list[Binding]:
        """The bindings on the line now."""
        return [b for b, on in zip(self._bindings, self._enabled) if on]

    def _key(self, binding: Binding) -> str:
        return binding.key_display or self.app.get_key_display(binding)

    def render(self) -> Text:
        """The line: bold keys in the footer's key colour, then their descriptions."""
        variables = self.app.theme_variables
        key_style = f"bold {variables.get('footer-key-foreground', 'yellow')}"
        out = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for binding in self.shown:
            start = len(out)
            out.append(" ")
            out.append(self._key(binding), style=key_style)
            out.append(f" {binding.description} ")
            self._spans.append((start, len(out), binding.action))
        if self._palette_key:
            width = self.size.width
            room = width - out.cell_len - len(self._palette_key) - 1
            if room > 0:
                out.append(" " * room)
                key, _, rest = self._palette_key.partition(" ")
                out.append(key, style=key_style)
                out.append(" " + rest + " ")
        return out

    async def on_click(self, event: events.Click) -> None:
        """Run the action of the key clicked."""
        for start, end, action in self._spans:
            if start <= event.x < end:
                await self.screen.run_action(action)
                return
