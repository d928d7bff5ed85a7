"""The built-in exporters and sources are registered by stand-ins and imported when first used."""

import importlib
import json
import subprocess
import sys

import pytest

import llm_roadmap
from llm_roadmap import _lazy_builtins
from llm_roadmap._plugins.discovery import BUILTIN_PLUGINS

MODULES = [m for m in BUILTIN_PLUGINS if m != "llm_roadmap.bundled"]


def registered_by_stand_in(module: str) -> object:
    got: list[object] = []
    stand_in = _lazy_builtins.stand_in(module)
    assert stand_in is not None, f"{module} has no stand-in"
    hook = getattr(stand_in, "register_exporters", None) or stand_in.register_sources  # type: ignore[attr-defined]
    hook(got.append)
    assert len(got) == 1
    return got[0]


@pytest.mark.parametrize("module", MODULES)
def test_each_stand_in_registers_what_its_module_registers(module: str) -> None:
    mine = registered_by_stand_in(module)
    theirs = _lazy_builtins.real(module)
    assert type(mine) is type(theirs)
    assert mine == theirs  # id, titles, suffix, media type, binary, options (callables aside)
    callables = (
        ("write",)
        if isinstance(theirs, llm_roadmap.Exporter)
        else (
            "import_document",
            "fetch",
            "handles",
        )
    )
    for name in callables:
        assert (getattr(mine, name) is None) == (getattr(theirs, name) is None), name


@pytest.mark.parametrize("module", MODULES)
def test_each_stand_in_implements_the_hooks_of_its_module(module: str) -> None:
    real = importlib.import_module(module)
    stand_in = _lazy_builtins.stand_in(module)
    for hook in ("register_tracks", "register_exporters", "register_sources"):
        assert hasattr(real, hook) == hasattr(stand_in, hook), hook


def test_a_load_imports_no_exporter_or_source_and_an_export_imports_its_own() -> None:
    code = (
        "import sys, json, llm_roadmap\n"
        "rm = llm_roadmap.load()\n"
        "def mods(): return sorted(m for m in sys.modules"
        " if m.startswith(('llm_roadmap.exporters.', 'llm_roadmap.sources.')))\n"
        "before = mods()\n"
        "rm.export('bibtex')\n"
        "print(json.dumps([before, mods()]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    before, after = json.loads(out)
    for module in MODULES:
        assert module not in before
    assert "llm_roadmap.exporters.bibtex" in after
    assert "llm_roadmap.exporters.markdown" not in after


def test_exports_and_sources_through_stand_ins_match_the_modules_own() -> None:
    rm = llm_roadmap.load()
    for module in MODULES:
        real = _lazy_builtins.real(module)
        if isinstance(real, llm_roadmap.Exporter):
            assert rm.exporters[real.id].export(
                rm, None, llm_roadmap.ExportOptions()
            ) == real.export(rm, None, llm_roadmap.ExportOptions())
        else:
            mine = rm.sources[real.id]
            if real.handles is not None:
                assert [mine.handles(r) for r in rm.resources] == [
                    real.handles(r) for r in rm.resources
                ]
