"""The test suite never touches the developer's data or cache directories.

Module-scoped fixtures run before the function-scoped `own_directories`;
`session_directories` (tests/conftest.py) covers them. Without it, the module
fixture below sees the developer's environment and platform directories.
"""

import os
from pathlib import Path

import platformdirs
import pytest


@pytest.fixture(scope="module")
def seen_at_module_scope() -> dict[str, str]:
    return {
        "data": os.environ.get("LLM_ROADMAP_DATA_DIR", ""),
        "cache": os.environ.get("LLM_ROADMAP_CACHE_DIR", ""),
        "default-data": platformdirs.user_data_dir("llm-roadmap"),
        "default-cache": platformdirs.user_cache_dir("llm-roadmap"),
    }


def test_module_fixtures_get_temporary_directories(
    seen_at_module_scope: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.getbasetemp()
    outside = {k: v for k, v in seen_at_module_scope.items() if not Path(v).is_relative_to(base)}
    assert not outside, f"outside the test's temporary directory: {outside}"


def test_subprocess_environments_keep_the_tests_own_directories(
    own_directories: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from _venvs import clean_env

    env = clean_env()
    assert env["LLM_ROADMAP_DATA_DIR"] == str(own_directories["data"])
    assert env["LLM_ROADMAP_CACHE_DIR"] == str(own_directories["cache"])
    # Other settings of ours still never leak in.
    monkeypatch.setenv("LLM_ROADMAP_PLUGINS", "x")
    assert "LLM_ROADMAP_PLUGINS" not in clean_env()
