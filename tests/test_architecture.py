"""The shape rules of the package, read from its source with `ast`.

- no import cycle among the package's modules, counting every import: inside
  functions and under ``if TYPE_CHECKING:`` too (layers point one way);
- no module uses another package's private name (a module or name with a
  leading underscore belongs to its own package);
- at most `MAX_PRIVATE_TOP_LEVEL` private modules at the top of the package;
- importing the package, and loading the roadmap, imports no network,
  terminal or importer library (the one import-hygiene test).

Each check is also run on small made-up trees, so that a check that finds
nothing is known to be able to find something.
"""

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "llm_roadmap"

MAX_PRIVATE_TOP_LEVEL = 6

NETWORK = ("requests", "requests_cache", "urllib3")
TERMINAL = ("click", "rich")
IMPORTERS = ("markdown_it", "tomli_w")


class Import(NamedTuple):
    """One import: the importing module, the module it names, and the names it takes."""

    source: str
    target: str
    names: tuple[str, ...]


def modules(package_dir: Path) -> dict[str, tuple[Path, bool]]:
    """Every module below ``package_dir``, by dotted name, with its file and whether a package."""
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def imports(package_dir: Path) -> list[Import]:
    """Every import of the package's own modules, wherever it stands in the file."""
    known = modules(package_dir)
    found = []
    for name, (path, is_package) in known.items():
        base = name.split(".") if is_package else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == package_dir.name:
                        found.append(Import(name, alias.name, ()))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = base[: len(base) - node.level + 1]
                    target = ".".join([*anchor, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                if target.split(".")[0] != package_dir.name:
                    continue
                names = tuple(a.name for a in node.names)
                # `from .pkg import module` names a module: the edge goes to it.
                modules_named = [n for n in names if f"{target}.{n}" in known]
                for module in modules_named:
                    found.append(Import(name, f"{target}.{module}", ()))
                rest = tuple(n for n in names if n not in modules_named)
                if rest or not modules_named:
                    found.append(Import(name, target, rest))
    return found


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (every import counts)."""
    known = modules(package_dir)
    graph: dict[str, set[str]] = {name: set() for name in known}
    for item in imports(package_dir):
        if item.target in known and item.target != item.source:
            graph[item.source].add(item.target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def _package_of(module: str, package_dir: Path) -> str:
    _path, is_package = modules(package_dir)[module]
    return module if is_package else module.rpartition(".")[0]


def private_uses(package_dir: Path) -> list[str]:
    """Every use of another package's private module or name, as ``source: what``.

    A private module (``pkg._x``) or name (``_x``) may be used inside the
    package that holds it, and below it; anywhere else it is a violation.
    """
    found = []
    for item in imports(package_dir):
        home = _package_of(item.source, package_dir)
        parts = item.target.split(".")
        for depth, part in enumerate(parts):
            owner = ".".join(parts[:depth])
            if _private(part) and not (home == owner or home.startswith(owner + ".")):
                found.append(f"{item.source}: {item.target}")
                break
        target_package = item.target  # a name's owner is the module that defines it
        for name in item.names:
            if _private(name) and not (
                home == target_package
                or home.startswith(target_package + ".")
                or target_package.rpartition(".")[0] == home
            ):
                found.append(f"{item.source}: {item.target}.{name}")
    return found


def private_top_level(package_dir: Path) -> list[str]:
    """The private modules and packages at the top of the package."""
    names = [p.stem for p in package_dir.glob("*.py")]
    names += [p.parent.name for p in package_dir.glob("*/__init__.py")]
    return sorted(n for n in names if _private(n))


# -- the package keeps the rules --------------------------------------------------------------


def test_the_import_graph_is_read() -> None:
    graph = import_graph(PACKAGE)
    assert "llm_roadmap.plugin.manager" in graph["llm_roadmap.loading"]
    assert "llm_roadmap.model" in graph["llm_roadmap.roadmap"]


def test_no_import_cycle_counting_every_import() -> None:
    found = cycles(import_graph(PACKAGE))
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_no_module_uses_another_packages_private_name() -> None:
    found = private_uses(PACKAGE)
    assert not found, "private names used across packages:\n" + "\n".join(found)


def test_few_private_modules_at_the_top() -> None:
    found = private_top_level(PACKAGE)
    assert len(found) <= MAX_PRIVATE_TOP_LEVEL, found


def test_import_llm_roadmap_and_a_load_import_no_heavy_library() -> None:
    """The one import-hygiene test: the package, its network modules, and a load, each light."""
    code = textwrap.dedent(
        f"""
        import json, sys
        def loaded(names):
            return sorted(m for m in names if m in sys.modules)
        import llm_roadmap
        after_import = loaded({(*NETWORK, *TERMINAL, *IMPORTERS, "cattrs")!r})
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
    # A load structures data, but needs no network, CLI or importer library.
    assert after_load == []


# -- the checks find what they should (made-up trees) -----------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_a_cycle_through_a_late_or_type_only_import_is_found(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "a.py": "from . import b\n",
            "b.py": "def f():\n    from .c import x\n",
            "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import y\n",
            "d.py": "from .a import z\n",
        },
    )
    assert cycles(import_graph(root)) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_private_names_across_packages_are_found(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "one/__init__.py": "",
            "one/_inner.py": "X = 1\n",
            "one/face.py": "from ._inner import X\nfrom . import _inner\n",
            "two/__init__.py": "",
            "two/user.py": "from ..one._inner import X\nfrom ..one.face import _hidden\n",
            "top.py": "from .one import face\n",
        },
    )
    assert private_uses(root) == [
        "pkg.two.user: pkg.one._inner",
        "pkg.two.user: pkg.one.face._hidden",
    ]


def test_private_top_level_modules_are_counted(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"_a.py": "", "b.py": "", "_c/__init__.py": "", "__main__.py": ""})
    assert private_top_level(root) == ["_a", "_c"]
