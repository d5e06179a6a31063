"""Run the examples a rule carries, as LanguageTool and Vale run theirs.

Each example is checked with the whole engine (so rules are tested together, as users run
them): ``bad`` -> ``fixed`` exactly (safe fixes, or unsafe ones when the example says
``unsafe: true``); ``bad`` with ``flagged`` must be reported by the rule and left unchanged
by ``fix``; ``good`` must draw no finding from the rule and survive ``fix --unsafe-fixes``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from repair.document import Document
from repair.engine import Engine
from repair.errors import FixLoopError
from repair.formats.text import parse_text
from repair.rules.pack import Example, Rule


@dataclass(frozen=True)
class ExampleFailure:
    """A failed example: the rule, the example and what happened instead."""

    rule: Rule
    example: Example
    problem: str

    def __str__(self) -> str:
        return f"{self.rule.path}:{self.example.line}: rule '{self.rule.id}': {self.problem}"


def example_document(text: str, source: str | None = None) -> Document:
    """An example's text as a document; with ``source``, line n of it is the source of line n.

    Raises:
        ValueError: when ``source`` has another number of lines than ``text``.
    """
    doc = parse_text(text, "<example>")
    if source is None:
        return doc
    lines = parse_text(source, "<example source>").texts
    if len(lines) != len(doc.segments):
        raise ValueError(f"the example has {len(doc.segments)} lines, its source {len(lines)}")
    doc.segments = [replace(s, source=src) for s, src in zip(doc.segments, lines)]
    return doc


def _fix(engine: Engine, text: str, unsafe: bool, source: str | None = None) -> str:
    fixed, _ = engine.fix(example_document(text, source), unsafe=unsafe)
    return fixed.render()


def check_example(engine: Engine, rule: Rule, ex: Example) -> str | None:
    """The problem with one example, or ``None`` when it holds.

    Args:
        engine: an engine holding ``rule`` (and usually the other rules of its packs).
        rule: the rule the example belongs to.
        ex: the example.
    """
    try:
        return _example_problem(engine, rule, ex)
    except FixLoopError as exc:  # rules that undo each other's fixes on the example
        return f"example {ex.good if ex.good is not None else ex.bad!r}: {exc.message}"


def _example_problem(engine: Engine, rule: Rule, ex: Example) -> str | None:
    text = ex.good if ex.good is not None else ex.bad or ""  # an example has one of them (the schema)
    if ex.source is not None and len(example_document(text).segments) != len(example_document(ex.source).segments):
        return "the example and its source have different numbers of lines"
    if ex.good is not None:
        hits = [e for e in engine.check(example_document(ex.good, ex.source)) if e.rule_id == rule.id]
        if hits:
            return f"good example {ex.good!r} is flagged: {hits[0].original!r} -> {hits[0].replacement!r}"
        out = _fix(engine, ex.good, unsafe=True, source=ex.source)
        if out != ex.good:
            return f"good example {ex.good!r} is changed by fix --unsafe-fixes to {out!r}"
        return None
    assert ex.bad is not None
    hits = [e for e in engine.check(example_document(ex.bad, ex.source)) if e.rule_id == rule.id]
    if ex.flagged is not None:
        if not any(e.original == ex.flagged for e in hits):
            return f"example {ex.bad!r}: {ex.flagged!r} is not flagged by the rule"
        out = _fix(engine, ex.bad, unsafe=False, source=ex.source)
        if ex.flagged not in out:
            return f"example {ex.bad!r}: flagged-only text {ex.flagged!r} was changed by fix"
        return None
    out = _fix(engine, ex.bad, unsafe=ex.unsafe, source=ex.source)
    if out != ex.fixed:
        return f"example {ex.bad!r}: expected {ex.fixed!r}, got {out!r}"
    if not hits and not ex.unsafe:
        return f"example {ex.bad!r} is fixed, but not by this rule"
    again = _fix(engine, out, unsafe=ex.unsafe, source=ex.source)
    if again != out:
        return f"example {ex.bad!r}: fixing twice changes the text again ({again!r})"
    return None


def run_examples(engine: Engine) -> tuple[int, list[ExampleFailure]]:
    """Check every example of every rule in ``engine``.

    Returns:
        ``(examples_run, failures)``.
    """
    failures = []
    n = 0
    for rule in engine.rules:
        for ex in rule.examples:
            n += 1
            problem = check_example(engine, rule, ex)
            if problem:
                failures.append(ExampleFailure(rule, ex, problem))
    return n, failures
