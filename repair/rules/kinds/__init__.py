"""Rule kinds: one module per kind, found by looking, looked up by the ``kind`` key of a rule.

Every module of this package is imported once, when the package is; each :class:`Matcher`
subclass it defines with a ``kind`` name is a rule kind (helpers such as ``base``,
``source`` and ``casing`` define none). A new kind is a new module here and nothing more:
the pack schema, the loader's checks, the engine, ``repair rules --kinds`` and
``docs/rule-kinds.md`` all read :data:`KINDS`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable

from repair.rules.kinds.base import Matcher, SegmentView


def discover(path: Iterable[str], package: str) -> dict[str, type[Matcher]]:
    """The rule kinds defined by the modules of a package, by kind name (sorted).

    Args:
        path: the package's ``__path__`` (folders to list).
        package: its dotted name (``"repair.rules.kinds"``).

    Raises:
        ImportError: when two classes declare the same ``kind`` (a programming error,
            caught by the test suite).
    """
    found: dict[str, type[Matcher]] = {}
    for info in pkgutil.iter_modules(path, package + "."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Matcher) and obj.kind and obj.__module__ == module.__name__:
                if obj.kind in found and found[obj.kind] is not obj:
                    raise ImportError(
                        f"rule kind {obj.kind!r} declared twice: {found[obj.kind].__module__} and {module.__name__}"
                    )
                found[obj.kind] = obj
    return dict(sorted(found.items()))


#: kind name -> matcher class, every kind of this package
KINDS: dict[str, type[Matcher]] = discover(__path__, __name__)

__all__ = ["KINDS", "Matcher", "SegmentView", "discover"]
