"""Rich consoles made on first use: a one-line ``repair check`` (what a pre-commit hook
pays per call) never imports rich; commands that draw tables, progress bars or styled
errors make their console when they first print (figures: docs/editors.md, "Speed").
"""

from __future__ import annotations

from typing import Any


class LazyConsole:
    """Stands for ``rich.console.Console(**options)``, made when first used.

    Args:
        options: keyword arguments for :class:`rich.console.Console`.
    """

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Any = None

    @property
    def console(self) -> Any:
        """The :class:`rich.console.Console` itself."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console, name)


def escape(text: str) -> str:
    """:func:`rich.markup.escape`, imported when first needed."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)
