"""The package face: `import llm_roadmap` imports nothing, each public name loads on first use."""

import importlib
import json
import subprocess
import sys

import pytest

import llm_roadmap


def test_import_llm_roadmap_imports_only_the_version() -> None:
    code = (
        "import sys, json; before = set(sys.modules); import llm_roadmap; "
        "print(json.dumps(sorted(m for m in set(sys.modules) - before if 'llm_roadmap' in m)))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout) == ["llm_roadmap", "llm_roadmap._version"]


@pytest.mark.parametrize("name", sorted(set(llm_roadmap.__all__) - {"__version__"}))
def test_every_public_name_is_the_object_of_its_module(name: str) -> None:
    value = getattr(llm_roadmap, name)
    home = importlib.import_module(llm_roadmap._HOMES[name], "llm_roadmap")
    assert value is getattr(home, name)
    assert name in dir(llm_roadmap)


def test_star_import_and_submodules_and_unknown_names() -> None:
    namespace: dict[str, object] = {}
    exec("from llm_roadmap import *", namespace)
    assert set(llm_roadmap.__all__) <= set(namespace)
    assert llm_roadmap.errors.RoadmapError is llm_roadmap.RoadmapError
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        _ = llm_roadmap.no_such_name
    assert not hasattr(llm_roadmap, "no_such_name")


def test_every_name_of_all_has_a_home() -> None:
    assert set(llm_roadmap.__all__) - {"__version__"} == set(llm_roadmap._HOMES)
