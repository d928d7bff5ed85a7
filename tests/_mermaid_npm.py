"""The real mermaid library for tests, installed by npm once into a cache shared by every run.

Both the Mermaid parser tests (tests/exporters) and the diagram rendering tests
(tests/browser) use it through the ``mermaid_js`` fixture, so whichever runs
first installs it.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

MERMAID_PACKAGES = ("mermaid@11.17.2", "jsdom@29.1.1")
CHECK_SCRIPT = Path(__file__).resolve().parent / "exporters" / "mermaid_check.mjs"


@pytest.fixture(scope="session")
def mermaid_js(tmp_path_factory):
    """A directory with the real mermaid library (and jsdom for its DOM), installed by npm once."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run the real mermaid parser")
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "llm-roadmap-tests"
        / "mermaid-11.17.2"
    )
    if (
        not (cache / "node_modules" / "mermaid").is_dir()
        or not (cache / "node_modules" / "jsdom").is_dir()
    ):
        cache.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(cache),
                *MERMAID_PACKAGES,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            pytest.skip(f"could not install mermaid from npm: {result.stderr[-500:]}")
    shutil.copy(CHECK_SCRIPT, cache / "mermaid_check.mjs")
    return cache
