"""The review screen's actions: ONE table from which its key bindings, the footer (key bar),
the command palette and the help screen are all built.

A key letter is written once, here. Each :class:`Action` names the screen's
``action_<name>`` method, its keys as shown, its footer label, its command-palette title and
line, and its line on the help screen (an action may share the help line of the one before
it: ``A  R  accept / reject every pending edit of this rule``).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

#: Keys as shown -> Textual's key names, where they differ.
_KEY_NAMES = {"/": "slash", "?": "question_mark", "]": "right_square_bracket", "[": "left_square_bracket"}


@dataclass(frozen=True)
class Action:
    """One action of the review screen.

    Attributes:
        name: the screen's ``action_<name>`` method.
        keys: the keys that run it, as shown (``"y"``, ``"ctrl+r"``, ``"/"``); the first is
            the one the footer and the palette show.
        label: its label in the footer; ``footer=False`` lists it only in the help and the palette.
        title: its name in the command palette.
        summary: its line in the command palette (the first key is added in parentheses).
        help: its line on the help screen; ``None``: it shares the line of the action before it.
        also: keys that do the same through another widget (the queue's arrows), shown
            in the help only, after the keys of its line.
        footer: whether the footer lists it (when it applies now).
        footer_last: listed at the end of the footer, after the help key (quit), while the
            help screen keeps the table's order.
        screen: whether the review screen binds its keys (``False``: the app does, e.g. the
            command palette's ctrl+p; only in the help).
    """

    name: str
    keys: tuple[str, ...]
    label: str
    title: str
    summary: str
    help: str | None
    also: tuple[str, ...] = ()
    footer: bool = True
    footer_last: bool = False
    screen: bool = True


#: Every action, in the order of the help screen (and of the footer, for those it lists).
ACTIONS: tuple[Action, ...] = (
    Action(
        "accept",
        ("y", "a"),
        "Accept",
        "Accept edit",
        "Accept the current edit",
        "accept the edit, go to the next pending one",
    ),
    Action("reject", ("n", "r"), "Reject", "Reject edit", "Reject the current edit", "reject the edit"),
    Action(
        "rewrite",
        ("e",),
        "Rewrite",
        "Rewrite span",
        "Rewrite the span by hand",
        "rewrite the span by hand (inline editor; Enter keeps, Esc cancels)",
    ),
    Action(
        "accept_rule",
        ("A",),
        "Accept rule",
        "Accept rule",
        "Accept every pending edit of this rule",
        "accept / reject every pending edit of this rule",
    ),
    Action("reject_rule", ("R",), "Reject rule", "Reject rule", "Reject every pending edit of this rule", None),
    Action("undo", ("u",), "Undo", "Undo", "Undo the last decision", "undo / redo (a bulk decision is one step)"),
    Action("redo", ("ctrl+r",), "Redo", "Redo", "Redo the last undone decision", None),
    Action(
        "next", ("j",), "Next", "Next edit", "Go to the next edit", "next / previous edit", also=("↓",), footer=False
    ),
    Action("previous", ("k",), "Prev", "Previous edit", "Go to the previous edit", None, also=("↑",), footer=False),
    Action(
        "filter",
        ("/",),
        "Filter",
        "Filter",
        "Filter by rule, category or origin",
        "filter: rule:PREFIX  cat:PREFIX  origin:NAME  pending  (or a bare prefix)",
    ),
    Action(
        "markers",
        ("m",),
        "Markers",
        "Toggle diff markers",
        "Show [-old-]{+new+} markers instead of colours",
        "toggle [-old-]{+new+} markers instead of colours",
        footer=False,
    ),  # the footer is full
    Action("save", ("s",), "Save", "Save", "Write the corrected copy", "save the corrected copy"),
    Action(
        "recheck",
        ("c",),
        "Re-check",
        "Re-check",
        "Check the corrected text again and queue the edits it uncovers",
        "re-check the corrected text: queue the edits your fixes uncover",
        footer=False,
    ),
    Action(
        "next_file", ("]",), "Next file", "Next file", "Review the next file", "next / previous file (several files)"
    ),
    Action("previous_file", ("[",), "Prev file", "Previous file", "Review the previous file", None),
    Action(
        "quit_review",
        ("q",),
        "Quit",
        "Quit review",
        "Quit; asks when decisions are unsaved",
        "quit (asks when decisions are unsaved)",
        footer_last=True,
    ),
    Action(
        "command_palette",
        ("ctrl+p",),
        "Palette",
        "Command palette",
        "Every action by name",
        "command palette: every action by name",
        footer=False,
        screen=False,
    ),
    Action("help", ("?",), "Help", "Help", "Every key", "this help"),
)


def bindings(actions: tuple[Action, ...] = ACTIONS) -> list[Binding]:
    """The screen's key bindings: one per key of each screen action, in the footer's order;
    only an action's first key is shown in the footer, and only when the action is listed there."""
    ordered = sorted((a for a in actions if a.screen), key=lambda a: a.footer_last)  # stable: the table's order
    return [
        Binding(_KEY_NAMES.get(key, key), a.name, a.label, show=a.footer and n == 0)
        for a in ordered
        for n, key in enumerate(a.keys)
    ]


def palette(actions: tuple[Action, ...] = ACTIONS) -> list[tuple[str, str, str]]:
    """The command palette's entries: ``(action, title, line)``, e.g. ``("undo", "Undo",
    "Undo the last decision (u)")``."""
    return [(a.name, a.title, f"{a.summary} ({a.keys[0]})") for a in actions if a.screen]


def help_rows(actions: tuple[Action, ...] = ACTIONS) -> list[tuple[str, str]]:
    """The help screen's rows: ``(keys, what they do)``, the keys of the actions that share a
    row joined by two spaces (``"u  ctrl+r"``), their ``also`` keys after them."""
    rows: list[tuple[list[Action], str]] = []
    for a in actions:
        if a.help is None and rows:
            rows[-1][0].append(a)
        else:
            rows.append(([a], a.help or ""))
    return [
        ("  ".join([k for a in group for k in a.keys] + [k for a in group for k in a.also]), text)
        for group, text in rows
    ]
