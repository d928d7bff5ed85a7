"""The package as users install it: a wheel in a fresh venv, and an editable install.

Both must find the bundled data through importlib.resources, from a directory
outside the source tree so nothing is imported from the checkout by accident.
"""

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

PROBE = """
import json, sys, llm_roadmap
from importlib.resources import files
rm = llm_roadmap.load(plugins=[])
print(json.dumps({
    "file": llm_roadmap.__file__,
    "data": str(files("llm_roadmap.data")),
    "tracks": [t.id for t in rm.tracks],
    "resources": len(rm.resources),
    "year": rm.resource("attention-is-all-you-need").year,
    "heavy": sorted({"click", "rich", "requests", "requests_cache"} & set(sys.modules)),
}))
"""


def _venv(path: Path) -> Path:
    venv.EnvBuilder(with_pip=True, clear=True).create(path)
    return path / "bin" / "python"


def _run(python: Path, *args: str, cwd: Path) -> str:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PIP_"))
    }
    result = subprocess.run(
        [str(python), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _probe(python: Path, cwd: Path) -> dict[str, object]:
    return json.loads(_run(python, "-c", PROBE, cwd=cwd).strip().splitlines()[-1])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(Path(sys.executable), "-m", "build", "--wheel", "--outdir", str(out), str(ROOT), cwd=out)
    (found,) = out.glob("llm_roadmap-*.whl")
    return found


def test_wheel_ships_the_data_and_the_typing_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "llm_roadmap/py.typed" in names
    assert "llm_roadmap/data/__init__.py" in names
    data_files = {n for n in names if n.startswith("llm_roadmap/data/") and n.endswith(".toml")}
    source_files = {
        f"llm_roadmap/data/{p.relative_to(ROOT / 'data').as_posix()}"
        for p in (ROOT / "data").rglob("*.toml")
    }
    assert data_files == source_files and data_files
    modules = {
        f"llm_roadmap/{p.relative_to(ROOT / 'llm_roadmap').as_posix()}"
        for p in (ROOT / "llm_roadmap").rglob("*.py")
    }
    assert modules <= names, f"modules missing from the wheel: {sorted(modules - names)}"
    # Schemas, the HTML page's assets...: every file the package reads at run time.
    resources = {
        f"llm_roadmap/{p.relative_to(ROOT / 'llm_roadmap').as_posix()}"
        for p in (ROOT / "llm_roadmap").rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    }
    assert resources <= names, f"files missing from the wheel: {sorted(resources - names)}"


def test_wheel_in_a_fresh_venv_loads_the_bundled_data(wheel: Path, tmp_path: Path) -> None:
    python = _venv(tmp_path / "venv")
    _run(python, "-m", "pip", "install", "--quiet", str(wheel), cwd=tmp_path)
    probe = _probe(python, cwd=tmp_path)
    assert str(probe["file"]).startswith(str(tmp_path / "venv"))
    assert str(probe["data"]).startswith(str(tmp_path / "venv"))
    assert probe["year"] == 2017
    assert probe["heavy"] == []
    assert {"math-foundations", "nlp-foundations", "llm-foundations"} <= set(probe["tracks"])  # type: ignore[arg-type]
    import llm_roadmap

    cli = _run(tmp_path / "venv" / "bin" / "llm-roadmap", "--version", cwd=tmp_path)
    assert llm_roadmap.__version__ in cli


def test_editable_install_loads_the_data_from_the_checkout(tmp_path: Path) -> None:
    python = _venv(tmp_path / "venv")
    _run(python, "-m", "pip", "install", "--quiet", "-e", str(ROOT), cwd=tmp_path)
    probe = _probe(python, cwd=tmp_path)
    assert str(probe["file"]).startswith(str(ROOT))
    assert probe["year"] == 2017
    # The data is read where it is edited: the top-level data/ of the checkout.
    assert probe["data"] == str(ROOT / "data")
