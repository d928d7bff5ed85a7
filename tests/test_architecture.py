"""The shape of the package, read from its source with ``ast``.

- no import circle among ``llm_roadmap`` modules at module level (imports
  inside functions and under ``if TYPE_CHECKING:`` run later or never, so they
  do not count);
- no module uses another module's private name (``from .x import _name``,
  ``x._name``); dunder names (``__version__``) and private *modules* with
  public names (``from ._ids import is_id``) are fine;
- no module over `MAX_LINES` lines unless `LONG_MODULES` says why;
- ``import llm_roadmap`` imports no network, terminal, structuring or
  metadata library (checked in a fresh interpreter).

The checks are functions of a source tree, so the tests below also run them on
small made-up trees to show that each one catches what it is meant to catch.
"""

import ast
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, Union

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "llm_roadmap"

MAX_LINES = 400
"""The size past which a module becomes a package whose file names say what each part holds."""

LONG_MODULES: dict[str, str] = {}
"""Modules (paths relative to the repository) allowed over `MAX_LINES`, each with its reason."""

NETWORK = ("requests", "requests_cache", "urllib3")
TERMINAL = ("click", "rich")
IMPORTERS = ("markdown_it", "tomli_w")
HEAVY = (*NETWORK, *TERMINAL, *IMPORTERS, "cattrs", "importlib.metadata")
"""What ``import llm_roadmap`` must not import: each is imported by the part that needs it."""


# -- reading the tree --------------------------------------------------------------------


class Module(NamedTuple):
    name: str  # dotted: "llm_roadmap.exporters.json"
    path: Path
    is_package: bool


def modules(package_dir: Path) -> dict[str, Module]:
    """Every module of the package in ``package_dir``, by dotted name."""
    found: dict[str, Module] = {}
    base = package_dir.parent
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = Module(".".join(parts), path, is_package)
    return found


class Import(NamedTuple):
    target: str  # the module imported from ("llm_roadmap.errors")
    names: tuple[str, ...]  # names taken from it (empty for "import x")
    line: int
    runtime: bool  # runs when the module is imported (not in a function, not TYPE_CHECKING)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _base_package(module: Module) -> str:
    return module.name if module.is_package else module.name.rpartition(".")[0]


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = _base_package(module).split(".")
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports(module: Module) -> Iterator[Import]:
    """Every import statement of ``module``, with whether it runs at import time."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))

    def visit(node: ast.AST, runtime: bool) -> Iterator[Import]:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            runtime = False
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from visit(child, False)
            for child in node.orelse:
                yield from visit(child, runtime)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, (), node.lineno, runtime)
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            yield Import(_absolute(module, node), names, node.lineno, runtime)
        for child in ast.iter_child_nodes(node):
            yield from visit(child, runtime)

    yield from visit(tree, True)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


# -- the three rules -----------------------------------------------------------------------


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module-level imports between the package's modules: module -> modules it imports.

    ``from pkg import name`` depends on module ``pkg.name`` when there is one,
    else on ``pkg`` itself. The implicit import of a parent package that every
    submodule import runs is left out: it is not an edge anyone wrote.
    """
    found = modules(package_dir)
    graph: dict[str, set[str]] = {name: set() for name in found}
    for module in found.values():
        for imp in imports(module):
            if not imp.runtime or imp.target not in found:
                continue
            if not imp.names:
                graph[module.name].add(imp.target)
                continue
            for name in imp.names:
                sub = f"{imp.target}.{name}"
                graph[module.name].add(sub if sub in found else imp.target)
    for name in graph:
        graph[name].discard(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _cycle_path(graph: dict[str, set[str]], component: list[str]) -> str:
    """One circle inside ``component``, written ``a -> b -> a``, to show in a failure."""
    members = set(component)
    start = component[0]
    path = [start]
    seen = {start}
    node = start
    while True:
        succ = sorted(graph[node] & members)
        if start in succ and len(path) > 1:
            return " -> ".join([*path, start])
        nxt = next((s for s in succ if s not in seen), None)
        if nxt is None:
            return " -> ".join([*path, "..."])
        path.append(nxt)
        seen.add(nxt)
        node = nxt


class Violation(NamedTuple):
    module: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.what}"


def private_uses(package_dir: Path) -> list[Violation]:
    """Every use of another module's private name, wherever the import is.

    Caught: ``from .x import _name`` (unless ``x._name`` is a module), and
    ``x._name`` on a name bound to one of the package's modules (by
    ``import``, ``from . import x`` or ``import a.b as x``), through chains
    such as ``llm_roadmap._sub._name`` too.
    """
    found = modules(package_dir)
    problems: list[Violation] = []
    for module in found.values():
        tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))
        bound: dict[str, str] = {}  # local name -> module it is bound to
        for imp, node in _import_nodes(module, tree):
            if imp.target not in found:
                continue
            if not imp.names:
                alias = node.names[0] if isinstance(node, ast.Import) else None
                for a in node.names:
                    if a.name == imp.target:
                        alias = a
                if alias is not None and alias.asname:
                    bound[alias.asname] = imp.target
                else:
                    bound[imp.target.split(".")[0]] = imp.target.split(".")[0]
                continue
            for alias in node.names:
                sub = f"{imp.target}.{alias.name}"
                if sub in found:
                    bound[alias.asname or alias.name] = sub
                elif _private(alias.name):
                    problems.append(
                        Violation(
                            module.name, node.lineno, f"imports {alias.name} from {imp.target}"
                        )
                    )
        # Only the outermost attribute of a chain is checked: a.b inside a.b.c is skipped.
        inner = {
            id(parent.value)
            for parent in ast.walk(tree)
            if isinstance(parent, ast.Attribute) and isinstance(parent.value, ast.Attribute)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or id(node) in inner:
                continue
            chain: list[str] = []
            value: ast.expr = node
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if not isinstance(value, ast.Name) or value.id not in bound:
                continue
            current = bound[value.id]
            for attr in reversed(chain):
                sub = f"{current}.{attr}"
                if sub in found:
                    current = sub
                    continue
                if _private(attr) and current != module.name:
                    problems.append(Violation(module.name, node.lineno, f"uses {current}.{attr}"))
                break
    return sorted(set(problems))


def _import_nodes(
    module: Module, tree: ast.Module
) -> Iterator[tuple[Import, Union[ast.Import, ast.ImportFrom]]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, (), node.lineno, True), node
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            yield Import(_absolute(module, node), names, node.lineno, True), node


def long_modules(package_dir: Path, limit: int = MAX_LINES) -> dict[str, int]:
    """Modules over ``limit`` lines, by path relative to the repository, with their length."""
    base = package_dir.parent
    return {
        path.relative_to(base).as_posix(): count
        for path in sorted(package_dir.rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > limit
    }


# -- the rules on the real package -----------------------------------------------------------


def test_the_import_graph_is_read() -> None:
    graph = import_graph(PACKAGE)
    # A few edges the package cannot do without: proof the reader sees real imports.
    # The package face imports its names lazily (issue 14): only the version is a real edge.
    assert "llm_roadmap._version" in graph["llm_roadmap"]
    assert "llm_roadmap.loader" in graph["llm_roadmap.testing"]
    # The loader imports errors where it raises them (issue 14), the model at the top.
    assert "llm_roadmap.model" in graph["llm_roadmap.loader"]
    assert sum(len(targets) for targets in graph.values()) > 50


def test_no_import_circle() -> None:
    graph = import_graph(PACKAGE)
    found = cycles(graph)
    assert not found, "module-level import circles:\n" + "\n".join(
        _cycle_path(graph, component) for component in found
    )


def test_the_hook_specs_and_plugin_records_sit_at_the_bottom_of_the_graph() -> None:
    # The circle issue 9 broke ran through these two: hookspecs imported the
    # exporter and source types to annotate, the records lived in the manager.
    graph = import_graph(PACKAGE)
    assert graph["llm_roadmap.hookspecs"] == set()
    reachable: set[str] = set()
    todo = ["llm_roadmap.plugin_records"]
    while todo:
        for target in graph[todo.pop()] - reachable:
            reachable.add(target)
            todo.append(target)
    assert not reachable & {"llm_roadmap", "llm_roadmap.roadmap", "llm_roadmap.exporter"}
    assert not any(m.startswith("llm_roadmap._plugins") for m in reachable)


def test_no_module_uses_another_modules_private_name() -> None:
    found = private_uses(PACKAGE)
    assert not found, "private names used across modules:\n" + "\n".join(map(str, found))


def test_no_module_is_too_long_without_a_reason() -> None:
    over = {path: n for path, n in long_modules(PACKAGE).items() if path not in LONG_MODULES}
    assert not over, (
        f"modules over {MAX_LINES} lines (split them, or say why in LONG_MODULES):\n"
        + ("\n".join(f"{path}: {n} lines" for path, n in over.items()))
    )


def test_every_long_module_reason_is_still_needed() -> None:
    over = long_modules(PACKAGE)
    stale = [path for path in LONG_MODULES if path not in over]
    assert not stale, f"no longer over {MAX_LINES} lines, drop from LONG_MODULES: {stale}"
    assert all(reason.strip() for reason in LONG_MODULES.values())


def test_import_llm_roadmap_imports_no_heavy_library() -> None:
    """The one import-hygiene test: the package, its network modules, and a load, each light."""
    code = textwrap.dedent(
        f"""
        import json, sys
        def loaded(names):
            return sorted(m for m in names if m in sys.modules)
        import llm_roadmap
        after_import = loaded({HEAVY!r})
        import llm_roadmap.http, llm_roadmap.linkcheck
        after_network_modules = loaded({NETWORK!r})
        llm_roadmap.load()
        after_load = loaded({(*NETWORK, *TERMINAL, *IMPORTERS)!r})
        print(json.dumps([after_import, after_network_modules, after_load]))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    after_import, after_network_modules, after_load = json.loads(out.stdout)
    assert after_import == [], "import llm_roadmap imports " + ", ".join(after_import)
    # Sessions are built when a request is made, not when the modules are imported.
    assert after_network_modules == []
    # A load reads entry points and structures data, but needs no network, CLI or importer.
    assert after_load == []


# -- the checks catch what they should (made-up trees) ----------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "pkg"
    for name, source in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return package


def test_a_circle_is_found_and_late_imports_do_not_count(tmp_path: Path) -> None:
    package = _tree(
        tmp_path,
        {
            "a.py": "from . import b\n",
            "b.py": "from .c import thing\n",
            "c.py": "from .a import other\n",
            "d.py": """
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from .e import E
                def f():
                    from .e import g
                """,
            "e.py": "from .d import f\nclass E: ...\n",
        },
    )
    graph = import_graph(package)
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]
    assert _cycle_path(graph, ["pkg.a", "pkg.b", "pkg.c"]) == "pkg.a -> pkg.b -> pkg.c -> pkg.a"
    assert graph["pkg.d"] == set() and graph["pkg.e"] == {"pkg.d"}


def test_importing_from_the_package_face_is_an_edge_to_it(tmp_path: Path) -> None:
    package = _tree(
        tmp_path,
        {"__init__.py": "from .core import run\n", "core.py": "from . import __version__\n"},
    )
    assert cycles(import_graph(package)) == [["pkg", "pkg.core"]]


def test_private_names_across_modules_are_found(tmp_path: Path) -> None:
    package = _tree(
        tmp_path,
        {
            "_ids.py": "def is_id(v): ...\ndef _secret(): ...\n",
            "sub/__init__.py": "",
            "sub/_impl.py": "def _hidden(): ...\ndef shown(): ...\n",
            "fine.py": """
                from . import _ids
                from ._ids import is_id
                from .sub import _impl
                from .sub._impl import shown
                from . import __version__
                import pkg.sub._impl as impl
                _impl.shown()
                impl.shown()
                def _mine(): ...
                _mine()
                """,
            "bad.py": """
                from ._ids import _secret
                def f():
                    from .sub._impl import _hidden
                    from . import _ids
                    return _ids._secret()
                import pkg.sub._impl
                pkg.sub._impl._hidden()
                import pkg.sub._impl as impl
                impl._hidden()
                """,
        },
    )
    found = [str(v) for v in private_uses(package)]
    assert found == [
        "pkg.bad:2: imports _secret from pkg._ids",
        "pkg.bad:4: imports _hidden from pkg.sub._impl",
        "pkg.bad:6: uses pkg._ids._secret",
        "pkg.bad:8: uses pkg.sub._impl._hidden",
        "pkg.bad:10: uses pkg.sub._impl._hidden",
    ]


def test_long_modules_are_counted(tmp_path: Path) -> None:
    package = _tree(tmp_path, {"big.py": "x = 1\n" * 401, "small.py": "x = 1\n" * 400})
    assert long_modules(package) == {"pkg/big.py": 401}
