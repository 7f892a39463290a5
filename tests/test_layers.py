"""Layering: data flows one way (README, « How detection works »), and no module imports upwards or in a circle.

The check reads the import statements of every module under src/posturescan (top-level, inside functions and
under ``TYPE_CHECKING`` alike) without importing anything. The package's ``__init__`` is a lazy facade
(PEP 562) and is left out; importing ``__version__`` from it is allowed everywhere.
"""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "posturescan"

# Lowest first. A module may import from its own layer and the layers below, never from a layer above.
LAYERS: list[set[str]] = [
    {"records", "io", "paths", "stats", "taxonomy", "text", "outdir", "encoders"},  # utilities, no spaCy
    {"sources", "clean"},
    {"nlp"},
    {"model", "corpus", "annotate"},
    {"directory", "privacy", "mask", "profile", "compare", "visibility"},
    {"report", "tables", "progress"},
    {"api", "run", "work", "cache", "executors", "dask_executor", "rerender", "cli", "french_cli"},
]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_edges(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (``from pkg import submodule`` names the submodule)."""
    package = root.name
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    edges: dict[str, set[str]] = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.split(".")[0] == package)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")
                    base = base[: len(base) - node.level + (1 if is_package else 0)]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                if origin.split(".")[0] != package:
                    continue
                for alias in node.names:
                    submodule = f"{origin}.{alias.name}"
                    if submodule in files:
                        targets.add(submodule)
                    elif not (origin == package and alias.name.startswith("__")):
                        targets.add(origin)
        edges[name] = {t for t in targets if t != name and t != package}
    edges.pop(package, None)
    return edges


def layer_of(module: str) -> int | None:
    top = module.split(".")[1]
    return next((i for i, names in enumerate(LAYERS) if top in names), None)


def layering_errors(root: Path) -> list[str]:
    edges = import_edges(root)
    errors = [f"{m} belongs to no layer: add it to LAYERS in tests/test_layers.py"
              for m in sorted(edges) if layer_of(m) is None]
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            low, high = layer_of(module), layer_of(target)
            if low is not None and high is not None and high > low:
                errors.append(f"upward import: {module} -> {target}")
    errors += [f"import cycle: {' -> '.join(cycle)}" for cycle in import_cycles(edges)]
    return errors


def import_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path back to its start) per strongly connected component with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan; the package is small, recursion depth is not a concern
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return [shortest_cycle(component[0], edges, set(component)) for component in components]


def shortest_cycle(start: str, edges: dict[str, set[str]], members: set[str]) -> list[str]:
    """start -> ... -> start, by breadth-first search inside one strongly connected component."""
    parent: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in sorted(edges[node] & members):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
        if start in parent:
            break
    path = [start]
    while path[-1] != start or len(path) == 1:
        path.append(parent[path[-1]])
    return path[::-1]

def test_posturescan_imports_only_downwards_and_without_cycles():
    assert layering_errors(SRC) == []


def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "posturescan"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_the_check_finds_an_upward_import_inside_a_function(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "from .api import load\n",
        "api.py": "from .nlp.pipeline import build\n",
        "nlp/__init__.py": "",
        "nlp/pipeline.py": "def build():\n    from ..api import load\n    from .. import __version__\n",
    })
    assert layering_errors(package) == ["upward import: posturescan.nlp.pipeline -> posturescan.api",
                                        "import cycle: posturescan.api -> posturescan.nlp.pipeline -> posturescan.api"]


def test_the_check_finds_a_cycle_within_a_layer_and_an_unknown_module(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "nlp/__init__.py": "from . import a\n",
        "nlp/a.py": "from posturescan.nlp.b import f\n",
        "nlp/b.py": "import posturescan.nlp.a\nfrom ..records import X\n",
        "records.py": "",
        "newthing.py": "from .records import X\n",
    })
    assert layering_errors(package) == [
        "posturescan.newthing belongs to no layer: add it to LAYERS in tests/test_layers.py",
        "import cycle: posturescan.nlp.a -> posturescan.nlp.b -> posturescan.nlp.a"]


@pytest.mark.parametrize("module", ["posturescan.nlp.lexicon", "posturescan.model.train", "posturescan.cli"])
def test_every_real_module_has_a_layer(module):
    assert layer_of(module) is not None
