"""The package layout: stages import downwards only, no import cycles, small modules."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "qa_bot"
MAX_TOP_MODULES = 8
MAX_LINES = 400
# Lower numbers are lower stages; a module never imports one of a higher stage.
STAGES = {
    "ingest": 1,
    "embedding": 1,
    "index": 2,
    "answering": 3,
    "fronts": 4,
    "evaluation": 4,
    "training": 4,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> int:
    """The stage of a module: 0 for the shared top (config, types, errors, ...)."""
    parts = module.split(".")
    return STAGES.get(parts[1], 0) if len(parts) > 1 else 0


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def targets(node: ast.Import | ast.ImportFrom, module: str) -> Iterator[str]:
    """The qa_bot modules an import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}".rstrip(".")
        names = [base] + [f"{base}.{alias.name}" for alias in node.names]
    for name in names:
        if name in MODULES:
            yield name


def imports(module: str, *, module_level_only: bool) -> set[str]:
    """The qa_bot modules a module imports (at import time only, or anywhere)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.update(targets(node, module))
            elif isinstance(node, ast.If):
                if not is_type_checking(node):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody):
                    visit(block)
                for handler in node.handlers:
                    visit(handler.body)

    if module_level_only:
        visit(tree.body)
    else:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.update(targets(node, module))
    found.discard(module)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := walk(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


def test_there_are_no_module_level_import_cycles() -> None:
    graph = {module: imports(module, module_level_only=True) for module in MODULES}
    assert find_cycle(graph) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_higher_stage(module: str) -> None:
    if module in ("qa_bot", "qa_bot.__main__"):
        return  # the public face: answer() and python -m qa_bot reach up on purpose
    higher = {
        other
        for other in imports(module, module_level_only=False)
        if stage(other) > stage(module)
        or (other.startswith("qa_bot.training") and not module.startswith("qa_bot.training"))
    }
    assert not higher, f"{module} imports a higher stage: {sorted(higher)}"


def test_the_index_never_imports_answering() -> None:
    for module in MODULES:
        if module.startswith("qa_bot.index"):
            found = imports(module, module_level_only=False)
            assert not [m for m in found if m.startswith("qa_bot.answering")], module


def test_the_top_of_the_package_stays_small() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top
    assert len([p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]) >= 4


def test_no_module_is_too_long() -> None:
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long
