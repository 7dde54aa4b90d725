"""The house reads top to bottom: no import cycle among dedupe's modules, counting every import
(at the top, deferred inside a function, and those only for type checking)."""

from __future__ import annotations

import ast
from pathlib import Path

import dedupe

PACKAGE = Path(dedupe.__file__).parent


def imports() -> dict[str, set[str]]:
    """Each module of the package and the package's modules it imports, wherever it does."""
    modules = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    graph: dict[str, set[str]] = {}
    for name in sorted(modules):
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "dedupe":
                    found |= {alias.name for alias in node.names if alias.name in modules}
                elif node.module.startswith("dedupe."):
                    found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("dedupe.")}
        graph[name] = found - {name}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """A cycle of imports in ``graph`` ([] when there is none), found by depth-first search."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = imports()
    assert len(graph) > 20  # the package's modules were found
    assert cycle(graph) == []


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) == []
