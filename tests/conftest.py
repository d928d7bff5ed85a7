"""Shared fixtures: small, valid roadmap data written into temporary directories."""

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

import pytest
from _mermaid_npm import mermaid_js  # noqa: F401  (a fixture for tests/exporters and tests/browser)
from _toy_data import VALID_RESOURCES, VALID_TRACK

import llm_roadmap

# Variables of the developer's shell that would change what a test sees: plugin
# selection, language, debugging, offline mode, API endpoints. Tests that need
# one set it themselves.
_AMBIENT = (
    "LLM_ROADMAP_PLUGINS",
    "LLM_ROADMAP_DISABLE_PLUGINS",
    "LLM_ROADMAP_STRICT_PLUGINS",
    "LLM_ROADMAP_LANG",
    "LLM_ROADMAP_DEBUG",
    "LLM_ROADMAP_OFFLINE",
    "LLM_ROADMAP_ARXIV_API",
    "LLM_ROADMAP_GITHUB_API",
)


@pytest.fixture(scope="session", autouse=True)
def session_directories(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The same for module- and session-scoped fixtures, which run before `own_directories`.

    A module fixture that loads the bundled roadmap would otherwise read and
    write the developer's cache (the loaded-data cache) and data directory.
    """
    import platformdirs

    base = tmp_path_factory.mktemp("session-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LLM_ROADMAP_DATA_DIR", str(base / "data"))
        patch.setenv("LLM_ROADMAP_CACHE_DIR", str(base / "cache"))
        for name in _AMBIENT:
            patch.delenv(name, raising=False)
        patch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(base / "default-data"))
        patch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: str(base / "default-cache"))
        yield base


@pytest.fixture(autouse=True)
def own_directories(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    """Give every test its own data and cache directories, never the developer's.

    ``LLM_ROADMAP_DATA_DIR`` (the metadata store, progress) and
    ``LLM_ROADMAP_CACHE_DIR`` (the HTTP cache) point at fresh, empty
    directories, and so do the platform defaults behind them, for code that is
    given an environment without the variables (``load(environ={})``,
    ``llm_roadmap.testing.roadmap_with``). Subprocesses inherit the variables.
    """
    import platformdirs

    base = tmp_path_factory.mktemp("home")
    found = {
        "data": base / "data",
        "cache": base / "cache",
        "default-data": base / "default-data",
        "default-cache": base / "default-cache",
    }
    monkeypatch.setenv("LLM_ROADMAP_DATA_DIR", str(found["data"]))
    monkeypatch.setenv("LLM_ROADMAP_CACHE_DIR", str(found["cache"]))
    for name in _AMBIENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(found["default-data"]))
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: str(found["default-cache"]))
    return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark by folder: tests/browser drive a browser, tests/terminal a pseudo-terminal."""
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "browser" in parts:
            item.add_marker(pytest.mark.browser)
        if "terminal" in parts:
            item.add_marker(pytest.mark.terminal)


@pytest.fixture
def write_data(tmp_path: Path) -> Callable[..., Path]:
    """Write TOML files (name -> text) into a fresh directory and return it."""
    counter = iter(range(1000))

    def write(**files: str) -> Path:
        directory = tmp_path / f"data{next(counter)}"
        directory.mkdir()
        for name, text in files.items():
            (directory / f"{name}.toml").write_text(textwrap.dedent(text), encoding="utf-8")
        return directory

    return write


@pytest.fixture
def toy_dir(write_data: Callable[..., Path]) -> Path:
    """A directory with a valid toy track and its resources."""
    return write_data(resources=VALID_RESOURCES, track=VALID_TRACK)


@pytest.fixture
def toy(toy_dir: Path) -> llm_roadmap.Roadmap:
    """The toy track alone: installed plugins and the bundled data are left out."""
    return llm_roadmap.load([toy_dir], plugins=[], disable_plugins=["llm_roadmap.bundled"])


# The exporter tests' roadmaps: a small sample of every feature, and one whose
# texts are hostile. Roadmaps are immutable, so a module shares each.
@pytest.fixture(scope="module")
def sample() -> llm_roadmap.Roadmap:
    import exporters_sample

    return exporters_sample.load()


@pytest.fixture(scope="module")
def hostile() -> llm_roadmap.Roadmap:
    import hostile_plugin

    return hostile_plugin.load()
