"""The modal screens of the review: help (its rows from :mod:`repair.review.actions`), rewrite
(inline editor), filter and quit."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from repair.review.actions import help_rows
from repair.review.sidecar import SIDECAR_SUFFIX


class HelpScreen(ModalScreen[None]):
    """Every key of the review and what it does; any of Esc, q, ? closes it."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        text = Text()
        rows = help_rows()
        width = max(len(k) for k, _ in rows) + 2
        for keys, what in rows:
            text.append(keys.ljust(width), style="bold")
            text.append(what + "\n")
        text.append(
            f"\nDecisions are written to a sidecar (OUTPUT{SIDECAR_SUFFIX}) after every key, so quitting or a "
            "crash loses nothing: run `repair review` on the same file again to resume. `auto` marks a "
            "fix pre-accepted by its tier (as `repair fix` would apply it): it is saved unless rejected."
        )
        with Vertical(id="dialog"):
            yield Label("repair review: keys", id="dialog-title")
            yield Static(text)
            yield Label("Esc, q or ? closes this help.", classes="hint")

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)


class EditScreen(ModalScreen[str | None]):
    """The inline editor: the span's new text. Dismissed with the text (Enter) or ``None`` (Esc).

    Args:
        title: what is edited (rule id, line).
        context: the edit in context (a diff), shown above the editor.
        value: the initial text of the editor.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, context: Text, value: str) -> None:
        super().__init__()
        self._edit_title = title
        self._edit_diff = context
        self._initial = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Rewrite: {self._edit_title}", id="dialog-title")
            yield Static(self._edit_diff, id="edit-context")
            yield Input(value=self._initial, id="edit-input", select_on_focus=False)
            yield Label("Enter keeps this text for the span (empty deletes it); Esc cancels.", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Keep the typed text."""
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Leave the span as it was decided before."""
        self.dismiss(None)


class FilterScreen(ModalScreen[str | None]):
    """Ask for a filter query; dismissed with the query (Enter) or ``None`` (Esc)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, value: str) -> None:
        super().__init__()
        self._initial = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Filter the queue", id="dialog-title")
            yield Input(
                value=self._initial,
                placeholder="e.g. zh-en/calque  cat:terminology  origin:model  pending",
                id="filter-input",
            )
            yield Label("Enter applies (empty shows every edit); Esc cancels.", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Apply the query."""
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Keep the old filter."""
        self.dismiss(None)


class QuitScreen(ModalScreen[str | None]):
    """Ask what to do with unsaved decisions: ``"save"``, ``"discard"`` or ``None`` (stay)."""

    BINDINGS = [
        Binding("s", "choose('save')", "Save and quit"),
        Binding("d", "choose('discard')", "Quit without saving"),
        Binding("escape", "choose(None)", "Stay"),
    ]

    def __init__(self, files: list[str], unkept: Sequence[str] = ()) -> None:
        super().__init__()
        self._files = files
        self._unkept = list(unkept)  # files whose sidecar could not be written

    def compose(self) -> ComposeResult:
        kept = "Your decisions are kept in the sidecar either way.\n\n"
        if self._unkept:
            kept = (
                "The sidecar of " + ", ".join(self._unkept) + " could not be written: quitting without"
                " saving loses those decisions.\n\n"
            )
        with Vertical(id="dialog"):
            yield Label("Unsaved decisions", id="dialog-title")
            yield Static(
                "The corrected copy of "
                + ", ".join(self._files)
                + " is not saved.\n"
                + kept
                + "s  save and quit      d  quit without saving      Esc  stay"
            )

    def action_choose(self, choice: str | None) -> None:
        """Leave with ``choice``."""
        self.dismiss(choice)
