"""The package face: every public name is importable from `llm_roadmap` and documented."""

import pytest

import llm_roadmap


@pytest.mark.parametrize("name", sorted(set(llm_roadmap.__all__) - {"__version__"}))
def test_every_public_name_is_importable_and_documented(name: str) -> None:
    value = getattr(llm_roadmap, name)
    assert name in dir(llm_roadmap)
    assert (getattr(value, "__doc__", None) or "").strip(), f"{name} has no docstring"


def test_star_import_and_submodules_and_unknown_names() -> None:
    namespace: dict[str, object] = {}
    exec("from llm_roadmap import *", namespace)
    assert set(llm_roadmap.__all__) <= set(namespace)
    assert llm_roadmap.errors.RoadmapError is llm_roadmap.RoadmapError
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        _ = llm_roadmap.no_such_name
    assert not hasattr(llm_roadmap, "no_such_name")
