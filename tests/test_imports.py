"""The `repair` package has no import cycle: the graph of which repair module imports which,
read from the source with :mod:`ast`, has no cycle, whether only the imports run when a module
loads are counted or also those inside functions (which load heavy code only when used)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "repair"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}

#: imports inside functions that close a cycle, each with the reason it is there
ALLOWED_INSIDE_FUNCTIONS = {
    (
        "repair.engine",
        "repair.rules.settle",
    ): "Engine.from_settings proves that a user pack's fixes settle, and proving it builds engines of its own",
}


def _target(name: str) -> str | None:
    """The repair module ``name`` names, or the nearest package above it that is one."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking(test: ast.expr) -> bool:
    """Whether ``test`` is ``TYPE_CHECKING`` or ``typing.TYPE_CHECKING``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(module: str, inside_functions: bool) -> set[str]:
    """The repair modules ``module`` imports: at module level (also under ``if``/``try``), and
    with ``inside_functions`` also in function and method bodies."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child.test):
                # imports for annotations only: never run, so they close no cycle
                for other in child.orelse:
                    visit(ast.Module(body=[other], type_ignores=[]), in_function)
                continue
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, (ast.Import, ast.ImportFrom)) and (inside_functions or not in_function):
                if isinstance(child, ast.Import):
                    names = [a.name for a in child.names]
                else:
                    base = child.module or ""
                    if child.level:
                        base = ".".join(
                            package.split(".")[: len(package.split(".")) - child.level + 1] + ([base] if base else [])
                        )
                    names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in child.names]
                found.update(t for n in names if n.startswith("repair") and (t := _target(n)) and t != module)
            visit(child, nested)

    visit(tree, False)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as ``[a, b, ..., a]``, or ``None`` (depth-first search)."""
    colour: dict[str, int] = {}
    stack: list[str] = []

    def dfs(node: str) -> list[str] | None:
        colour[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if colour.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in colour and (cycle := dfs(nxt)):
                return cycle
        stack.pop()
        colour[node] = 2
        return None

    for node in sorted(graph):
        if node not in colour and (cycle := dfs(node)):
            return cycle
    return None


def test_the_graph_is_read_from_every_module():
    graph = {m: imports(m, False) for m in MODULES}
    assert {"repair.cli", "repair.commands.check", "repair.pipeline.run", "repair.engine"} <= set(graph)
    assert graph["repair.cli"] == {"repair.commands.group", "repair.compile_cache", "repair.longlived"}
    # review.decisions names index's types for annotations only (under TYPE_CHECKING)
    assert "repair.review.index" not in graph["repair.review.decisions"]
    assert "repair.review.decisions" in graph["repair.review.index"]
    assert {"repair.pipeline.run", "repair.pipeline.work", "repair.commands.options"} <= graph["repair.commands.check"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_at_module_level():
    graph = {m: imports(m, False) for m in MODULES}
    assert find_cycle(graph) is None


def test_no_import_cycle_counting_imports_inside_functions():
    graph = {m: imports(m, True) for m in MODULES}
    for a, b in ALLOWED_INSIDE_FUNCTIONS:
        assert b in graph[a] and b not in imports(a, False)  # still there, still inside a function
        graph[a].discard(b)
    assert find_cycle(graph) is None


def test_fix_and_check_do_not_reach_eval_review_learn_or_server():
    graph = {m: imports(m, False) for m in MODULES}
    for command in ("repair.commands.check", "repair.commands.fix"):
        reached, todo = set(), [command]
        while todo:
            for nxt in graph[todo.pop()] - reached:
                reached.add(nxt)
                todo.append(nxt)
        assert not {
            m for m in reached if m.startswith(("repair.eval", "repair.review", "repair.learn", "repair.server"))
        }
