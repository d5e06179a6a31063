"""The ``repair`` console script (see ``pyproject.toml``) and ``python -m repair``: the group of
:mod:`repair.commands.group`, whose commands live one per module in :mod:`repair.commands`.

Exit codes: 0 nothing found (or nothing left after fixing), 1 findings, 2 an error
(bad input, pack or settings), reported as one line naming the path and the cause.
"""

from __future__ import annotations

from repair import compile_cache
from repair.longlived import made_to_last

# click and the group's modules are imported with the compiled patterns of the user cache
# (click, gettext and platform compile a dozen at import) and without garbage collection;
# the group's ``main`` runs the command line with the same tables, read once
with compile_cache.active(keep=True), made_to_last():
    from repair.commands.group import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    main()
