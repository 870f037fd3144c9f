"""The house rules of the layout, checked on the source: no import circle in
`claims/`, the pipeline free of Django and of the rest of the app, and each
room importing only the rooms below it.

Imports inside functions count too: a lazy import still couples two modules.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CLAIMS = REPO / "claims"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(p): p
        for p in sorted(CLAIMS.rglob("*.py"))
        if "migrations" not in p.relative_to(CLAIMS).parts
    }


def _parse(path: Path) -> ast.Module:
    # CPython 3.11 keeps the AST constructor's recursion depth in interpreter-wide
    # state (see gh-106905): a parse that overlaps a compile on another thread
    # (a live server left by the browser tests, importing lazily) can fail with
    # "AST constructor recursion depth mismatch". The file is fine; parse it again.
    for attempt in range(3):
        try:
            return ast.parse(path.read_text(), filename=str(path))
        except SystemError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _imports(path: Path, known: set[str]) -> set[str]:
    """Every module named by an import statement anywhere in the file (top level or not)."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(_parse(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from claims.pipeline.align import cross` names the module claims.pipeline.align.cross.
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: {m for m in _imports(path, known) if m in known} - {name} for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_the_imports_it_must() -> None:
    """Guard the checker itself: known edges, lazy and `from package import module` ones included."""
    graph = _graph()
    assert "claims.services.alignment" in graph["claims.tasks"]
    assert "claims.pipeline.align.cross" in graph["claims.engines"]
    assert "claims.tasks" in graph["claims.apps"]  # imported inside ready()
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circle_in_claims() -> None:
    assert _cycles(_graph()) == []


@pytest.mark.parametrize(
    ("room", "may_not_import"),
    [
        ("claims.pipeline", ("django", "claims.models", "claims.services", "claims.selectors", "claims.web")),
        ("claims.pipeline.ingest", ("claims.pipeline.align", "claims.pipeline.compare")),
        ("claims.pipeline.compare", ("claims.pipeline.ingest", "claims.pipeline.align")),
        ("claims.pipeline.align", ("claims.pipeline.ingest",)),
        ("claims.selectors", ("claims.services", "claims.web", "claims.tasks")),
        ("claims.services", ("claims.selectors", "claims.web", "claims.tasks")),
    ],
)
def test_rooms_import_only_what_lies_below_them(room: str, may_not_import: tuple[str, ...]) -> None:
    modules = _modules()
    known = set(modules)
    offending = {
        name: sorted(
            m for m in _imports(path, known) if any(m == f or m.startswith(f + ".") for f in may_not_import)
        )
        for name, path in modules.items()
        if name == room or name.startswith(room + ".")
    }
    assert {k: v for k, v in offending.items() if v} == {}


def test_pipeline_imports_nothing_from_the_rest_of_claims() -> None:
    graph = _graph()
    leaks = {
        name: sorted(m for m in deps if not m.startswith("claims.pipeline"))
        for name, deps in graph.items()
        if name.startswith("claims.pipeline")
    }
    assert {k: v for k, v in leaks.items() if v} == {}


def test_importing_every_pipeline_module_loads_no_django() -> None:
    """The runtime check behind the static one: a fresh interpreter imports the whole pipeline."""
    names = sorted(n for n in _modules() if n.startswith("claims.pipeline"))
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')"
        " or (m.startswith('claims.') and not m.startswith('claims.pipeline')))\n"
        "print(bad)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
