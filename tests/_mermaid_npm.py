"""The real mermaid library for tests, installed by npm once into a cache shared by every run.

Both the Mermaid parser tests (tests/exporters) and the diagram rendering tests
(tests/browser) use it through the ``mermaid_js`` fixture, so whichever runs
first installs it, while the others wait for it.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from filelock import FileLock

MERMAID_PACKAGES = ("mermaid@11.17.2", "jsdom@29.1.1")
CHECK_SCRIPT = Path(__file__).resolve().parent / "exporters" / "mermaid_check.mjs"


@pytest.fixture(scope="session")
def mermaid_js():
    """A directory with the real mermaid library (and jsdom for its DOM), installed by npm once."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        _unavailable("node and npm are needed to run the real mermaid parser")
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "llm-roadmap-tests"
        / "mermaid-11.17.2"
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    # pytest-xdist's workers all reach this at once on a fresh machine: one
    # installs while the others wait, and the install lands whole (a rename),
    # so no worker takes another's half-written node_modules for a finished one.
    with FileLock(f"{cache}.lock"):
        if not _installed(cache):
            staging = Path(tempfile.mkdtemp(prefix=f"{cache.name}.", dir=cache.parent))
            result = subprocess.run(
                [
                    "npm",
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                    str(staging),
                    *MERMAID_PACKAGES,
                ],
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode != 0:
                shutil.rmtree(staging, ignore_errors=True)
                _unavailable(f"could not install mermaid from npm: {result.stderr[-500:]}")
            shutil.rmtree(cache, ignore_errors=True)  # an install a killed run left half done
            staging.rename(cache)
        shutil.copy(CHECK_SCRIPT, cache / "mermaid_check.mjs")
    return cache


def _installed(cache: Path) -> bool:
    modules = cache / "node_modules"
    return (modules / "mermaid" / "dist" / "mermaid.min.js").is_file() and (
        modules / "jsdom" / "package.json"
    ).is_file()


def _unavailable(reason: str) -> None:
    # As for the browsers: a contributor's machine skips, saying why; CI,
    # which installs what the tests need, fails instead of passing unseen.
    if os.environ.get("CI"):
        pytest.fail(f"the mermaid tests cannot run under CI: {reason}")
    pytest.skip(reason)
