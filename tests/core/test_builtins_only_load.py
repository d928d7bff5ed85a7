"""A load of the built-ins alone: answered from the cache before any plugin is registered,
with the same Roadmap, exporters and sources as a load that registers every plugin."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from test_load_cache import snapshot

import llm_roadmap
from llm_roadmap import _load_cache
from llm_roadmap._plugins import manager


def uncached(**kwargs: Any) -> llm_roadmap.Roadmap:
    with tempfile.TemporaryDirectory() as fresh:
        env = {**os.environ, "LLM_ROADMAP_CACHE_DIR": fresh}
        return llm_roadmap.load(**kwargs, environ=env)


def python(code: str, env: dict[str, str], folder: Path) -> str:
    """What ``python -c code`` prints, run in ``folder``.

    In a folder of its own: ``python -c`` imports from the working directory
    first, and from a checkout that would be the source tree.
    """
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=folder,
    )
    return done.stdout


@pytest.fixture
def collect_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the runs of the plugin manager (discover, register, call hooks)."""
    calls: list[int] = []
    real = manager.collect

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(manager, "collect", counting)
    return calls


def test_a_cached_load_registers_no_plugin_until_an_exporter_is_asked_for(
    own_directories: dict[str, Path], collect_calls: list[int]
) -> None:
    fresh = uncached()  # registers every plugin, on a cache of its own
    collect_calls.clear()
    first = llm_roadmap.load()
    assert collect_calls == [1]  # the first load registers every plugin, and writes the cache
    second = llm_roadmap.load()
    assert collect_calls == [1]  # answered from the cache: nothing registered
    assert second == first
    assert [p.name for p in second.plugins] == [p.name for p in first.plugins]
    assert [p.hooks for p in second.plugins] == [p.hooks for p in first.plugins]

    assert second.export("json") == fresh.export("json")
    assert collect_calls == [1, 1]  # the built-ins registered once, when first needed
    assert sorted(second.sources) == sorted(fresh.sources)
    assert sorted(second.exporters) == sorted(fresh.exporters)
    assert second.exporter("csv").suffix == fresh.exporter("csv").suffix
    assert len(second.exporters) == len(fresh.exporters)
    assert "csv" in second.exporters and "nope" not in second.exporters
    assert collect_calls == [1, 1]  # and only once
    assert snapshot(second) == snapshot(fresh)


def test_a_subset_keeps_the_exporters_of_the_cached_load(own_directories: dict[str, Path]) -> None:
    llm_roadmap.load()
    cached = llm_roadmap.load()
    part = cached.subset(tracks=["llm-foundations"])
    assert part.export("csv") == uncached().subset(tracks=["llm-foundations"]).export("csv")


def test_an_installed_plugin_left_out_is_recorded_without_being_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collect_calls: list[int]
) -> None:
    from _sites import make_site

    site = next(make_site(tmp_path, monkeypatch))
    module = site.add(
        "rm-left-out",
        """
        raise RuntimeError("imported although it was left out")
        """,
    )
    first = llm_roadmap.load(plugins=[])
    again = llm_roadmap.load(plugins=[])
    assert collect_calls == [1]
    statuses = {p.distribution: p.status for p in again.plugins}
    assert statuses["rm-left-out"] is llm_roadmap.PluginStatus.DISABLED
    assert snapshot(again) == snapshot(first) == snapshot(uncached(plugins=[]))
    assert module not in sys.modules

    # Allowed, it must be imported (and fails): a load that registers everything.
    collect_calls.clear()
    with pytest.warns(llm_roadmap.PluginWarning, match="imported although it was left out"):
        allowed = llm_roadmap.load()
    assert collect_calls == [1]
    statuses = {p.distribution: p.status for p in allowed.plugins}
    assert statuses["rm-left-out"] is llm_roadmap.PluginStatus.FAILED


def test_a_fresh_process_answers_from_the_cache_without_the_plugin_manager(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "LLM_ROADMAP_CACHE_DIR": str(tmp_path / "cache"),
        "LLM_ROADMAP_DATA_DIR": str(tmp_path),
    }
    code = (
        "import sys, llm_roadmap\n"
        "rm = llm_roadmap.load()\n"
        "print(len(rm.resources), 'llm_roadmap._plugins.manager' in sys.modules)\n"
        "rm.export('markdown')\n"
        "print('llm_roadmap._plugins.manager' in sys.modules)\n"
    )

    resources = str(len(uncached().resources))
    first = python(code, env, tmp_path).split()
    assert first == [resources, "True", "True"]  # the first load registers every plugin
    second = python(code, env, tmp_path).split()
    assert second == [resources, "False", "True"]  # the next: not until the export


def test_every_module_a_load_runs_is_in_the_cache_key(tmp_path: Path) -> None:
    # The key stamps the modules of CODE_FOLDERS: a module that reads,
    # validates or registers data anywhere else could change the answer of a
    # load without changing its key.
    env = {**os.environ, "LLM_ROADMAP_CACHE_DIR": str(tmp_path)}
    code = (
        "import os, sys, llm_roadmap\n"
        "print(os.path.dirname(llm_roadmap.__file__))\n"
        "llm_roadmap.load()\n"
        "for name, module in sorted(sys.modules.items()):\n"
        "    if name.startswith('llm_roadmap') and getattr(module, '__file__', None):\n"
        "        print(module.__file__)\n"
    )
    first, *rest = python(code, env, tmp_path).splitlines()
    root = Path(first)
    files = [Path(line) for line in rest]
    assert len(files) > 20  # the whole load ran: read, structure, validate, register
    folders = {str(file.parent.relative_to(root)) for file in files}
    assert folders <= set(_load_cache.CODE_FOLDERS), folders - set(_load_cache.CODE_FOLDERS)
