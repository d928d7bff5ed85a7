"""Fresh virtual environments with llm-roadmap and plugin distributions really installed.

Used by the slow tests. uv is used when it is on PATH (much faster on this
2-core machine); otherwise ``python -m venv`` and pip. Sources are copied to a
temporary directory before building, so builds leave nothing in the checkout.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_DISTS = Path(__file__).resolve().parent / "plugins" / "plugin_dists"
_CORE_PARTS = ("pyproject.toml", "README.md", "llm_roadmap", "data")


# Kept in a subprocess's environment: they point at the test's own temporary
# directories (tests/conftest.py), so that the subprocess never writes the
# developer's data or cache directory.
OWN_DIRECTORIES = ("LLM_ROADMAP_DATA_DIR", "LLM_ROADMAP_CACHE_DIR")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess: no venv, pip or llm-roadmap settings of ours leak in.

    Only the test's own data and cache directories (`OWN_DIRECTORIES`) are kept.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k in OWN_DIRECTORIES
        or not k.startswith(("PYTHON", "VIRTUAL_ENV", "PIP_", "UV_", "LLM_ROADMAP_"))
    }
    env.update(extra)
    return env


def _uv() -> Optional[str]:
    return shutil.which("uv")


def run(
    args: list[str],
    *,
    cwd: Optional[Path] = None,
    env: Optional[dict[str, str]] = None,
    timeout: float = 900,
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing text output, never raising on a non-zero exit."""
    return subprocess.run(
        args,
        cwd=cwd,
        env=clean_env() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_ok(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """`run`, asserting a zero exit status (the output is in the assertion message)."""
    result = run(args, **kwargs)  # type: ignore[arg-type]
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def copy_source(source: Path, into: Path) -> Path:
    """Copy a project tree to ``into`` without build leftovers; return the copy."""
    target = into / source.name
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns(
            "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache"
        ),
    )
    return target


def core_source(into: Path) -> Path:
    """A copy of the llm-roadmap project with just what its build needs."""
    target = into / "llm-roadmap-src"
    target.mkdir()
    for part in _CORE_PARTS:
        path = ROOT / part
        if path.is_dir():
            shutil.copytree(path, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            shutil.copy2(path, target / part)
    return target


class Venv:
    """A virtual environment and helpers to install into it and run its programs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        scripts = "Scripts" if os.name == "nt" else "bin"
        self.bin = path / scripts
        self.python = self.bin / ("python.exe" if os.name == "nt" else "python")

    @classmethod
    def create(cls, path: Path, *, with_pip: bool = False) -> "Venv":
        """Create a venv with the running Python (with pip only when asked, or without uv)."""
        uv = _uv()
        if uv and not with_pip:
            run_ok([uv, "venv", "--quiet", "--python", sys.executable, str(path)])
        else:
            run_ok([sys.executable, "-m", "venv", str(path)])
        return cls(path)

    def install(self, *requirements: str, no_deps: bool = False) -> None:
        """Install requirements (paths or names) into the venv, building local ones."""
        uv = _uv()
        extra = ["--no-deps"] if no_deps else []
        if uv:
            run_ok(
                [
                    uv,
                    "pip",
                    "install",
                    "--quiet",
                    "--python",
                    str(self.python),
                    *extra,
                    *requirements,
                ]
            )
        else:
            run_ok([str(self.python), "-m", "pip", "install", "--quiet", *extra, *requirements])

    def install_core(self, tmp: Path) -> None:
        """Install llm-roadmap (a copy of this checkout, not editable) and its dependencies."""
        self.install(str(core_source(tmp)))

    def py(
        self, code: str, *, env: Optional[dict[str, str]] = None, cwd: Optional[Path] = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``python -c code`` in the venv."""
        return run([str(self.python), "-c", code], env=env, cwd=cwd or self.path)

    def cli(
        self, *args: str, env: Optional[dict[str, str]] = None, cwd: Optional[Path] = None
    ) -> subprocess.CompletedProcess[str]:
        """Run the venv's ``llm-roadmap`` command."""
        return run([str(self.bin / "llm-roadmap"), *args], env=env, cwd=cwd or self.path)
