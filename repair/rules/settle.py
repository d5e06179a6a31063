"""A rule's fix must settle: applied to its own output, the rule changes nothing more.

Checked when a pack of the user's is loaded (the shipped packs are checked by the test
suite): each example's ``fixed`` text is checked again by its rule alone, at the example's
fix tier. A rule whose output it matches again ("production" -> "production production",
``x+`` -> ``xx``) would otherwise grow the text in every round of ``repair fix``.
"""

from __future__ import annotations

from repair.engine import Engine, apply_to_document
from repair.errors import PackError
from repair.rules.examples import example_document
from repair.rules.pack import Pack, Rule


def unsettled(rule: Rule) -> tuple[int, str] | None:
    """``(line of the example, the problem)`` for the first example whose ``fixed`` text the
    rule alone changes again, or ``None`` when every such example settles."""
    engine = Engine([rule])
    for ex in rule.examples:
        if ex.fixed is None:
            continue
        try:
            doc = example_document(ex.fixed, ex.source)
        except ValueError:
            continue  # the example and its source disagree: `repair rules --test` says so
        edits = [e for e in engine.check(doc) if e.applicability.applies(ex.unsafe)]
        again, applied = apply_to_document(doc, edits)
        if applied and again.render() != doc.render():
            e = applied[0]
            return ex.line, (
                f"its fix does not settle: applied to its own output {ex.fixed!r} it changes "
                f"{e.original!r} to {e.replacement!r} again (every round of fixes would)"
            )
    return None


def check_settles(pack: Pack) -> None:
    """Refuse a pack with a rule whose fix does not settle (see :func:`unsettled`).

    Raises:
        PackError: naming the pack's file, the example's line and the rule.
    """
    for rule in pack.rules:
        problem = unsettled(rule)
        if problem:
            raise PackError(pack.path, f"rule '{rule.id}': {problem[1]}", problem[0])
