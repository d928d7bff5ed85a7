"""The plugin scaffold: ``create_plugin``, ``llm-roadmap plugin new``, and a real install of one."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _venvs import Venv, clean_env, run, run_ok

import llm_roadmap
from llm_roadmap import DataError
from llm_roadmap.plugin.scaffold import ScaffoldError, create_plugin, plugin_names
from llm_roadmap.testing import roadmap_with

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXPECTED_FILES = [
    ".gitignore",
    "README.md",
    "llm_roadmap_my_track/__init__.py",
    "llm_roadmap_my_track/data/my-track.toml",
    "pyproject.toml",
    "tests/test_llm_roadmap_my_track.py",
]


def files_in(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())


def import_from(directory: Path, package: str, monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.syspath_prepend(str(directory))
    monkeypatch.delitem(sys.modules, package, raising=False)
    module = __import__(package)
    monkeypatch.setitem(sys.modules, package, module)
    return module


def test_plugin_names() -> None:
    expected = ("llm-roadmap-my-track", "llm_roadmap_my_track", "my-track")
    assert plugin_names("my-track") == expected
    assert plugin_names("llm-roadmap-my-track") == expected
    for bad, hint in (("My_Track", "'my-track'"), ("2fast", ""), ("a--b", "'a-b'"), ("", "")):
        with pytest.raises(ScaffoldError, match="invalid plugin name") as caught:
            plugin_names(bad)
        assert hint in str(caught.value)
    with pytest.raises(ScaffoldError, match="name the plugin"):
        plugin_names("llm-roadmap")


def test_scaffold_writes_a_complete_plugin_whose_data_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = create_plugin("my-track", tmp_path / "out")
    assert target == tmp_path / "out"
    assert files_in(target) == EXPECTED_FILES
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging directory left behind

    pyproject = tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "llm-roadmap-my-track"
    assert pyproject["project"]["entry-points"]["llm_roadmap"] == {
        "my-track": "llm_roadmap_my_track"
    }
    assert (
        pyproject["tool"]["setuptools"]["package-data"]["llm_roadmap_my_track"][0] == "data/*.toml"
    )

    data = target / "llm_roadmap_my_track" / "data"
    assert llm_roadmap.validate_paths([data]) == []
    module = import_from(target, "llm_roadmap_my_track", monkeypatch)
    rm = roadmap_with(module, name="my-track")
    track = rm.track("my-track")
    assert [t.id for t in track.topics] == ["my-track-first-steps"]
    assert track.title.zh and track.title.en and track.summary.zh != track.summary.en
    resource = rm.resource("my-track-first-resource")
    assert resource.provenance is not None and resource.provenance.plugin == "my-track"


def test_generated_test_passes_before_install(tmp_path: Path) -> None:
    target = create_plugin("kit-demo", tmp_path / "demo", track_id="demo-track")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "loads_with"],
        cwd=target,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 1 deselected" in result.stdout
    # The check of the installed plugin says plainly that it is not installed yet.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "installed"],
        cwd=target,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "'llm-roadmap-kit-demo' is not installed in this environment" in result.stdout


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="is not empty"):
        create_plugin("my-track", used)
    assert files_in(used) == ["keep.txt"]
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="is not a directory"):
        create_plugin("my-track", a_file)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert files_in(create_plugin("my-track", empty)) == EXPECTED_FILES


def test_bad_ids_and_taken_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="invalid track id 'Bad_Id'"):
        create_plugin("my-track", tmp_path / "a", track_id="Bad_Id")
    taken = llm_roadmap.load(plugins=[], environ={}).tracks[0].id
    with pytest.raises(ScaffoldError, match=f"already has track '{taken}'"):
        create_plugin(taken, tmp_path / "b")
    with pytest.raises(ScaffoldError, match="not both"):
        create_plugin("my-track", tmp_path / "c", track_id="x", from_data=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import llm_roadmap.plugin.scaffold as scaffold

    real = scaffold.atomic_write
    calls = []

    def failing(path, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(path, **kwargs)

    monkeypatch.setattr(scaffold, "atomic_write", failing)
    with pytest.raises(OSError, match="disk full"):
        create_plugin("my-track", tmp_path / "out")
    assert len(calls) == 3
    assert list(tmp_path.iterdir()) == []


def test_from_data_copies_validated_data(tmp_path: Path, toy_dir: Path) -> None:
    target = create_plugin("toy", tmp_path / "toy", from_data=toy_dir)
    assert "llm_roadmap_toy/data/track.toml" in files_in(target)
    assert "llm_roadmap_toy/data/resources.toml" in files_in(target)
    assert (target / "llm_roadmap_toy/data/track.toml").read_bytes() == (
        toy_dir / "track.toml"
    ).read_bytes()
    test_text = (target / "tests/test_llm_roadmap_toy.py").read_text(encoding="utf-8")
    assert "assert mine == ['toy-track']" in test_text
    assert "assert len(report.resources) == 3" in test_text

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.toml").write_text('[[resources]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(DataError, match="does not validate") as caught:
        create_plugin("broken", tmp_path / "broken-plugin", from_data=broken)
    assert any(p.field == "url" for p in caught.value.problems)
    assert not (tmp_path / "broken-plugin").exists()


def test_cli_plugin_new(tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "llm_roadmap"]
    result = run([*cli, "--lang", "en", "plugin", "new", "cli-track"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Created llm-roadmap-cli-track" in result.stdout
    assert (
        files_in(tmp_path / "llm-roadmap-cli-track")[3]
        == "llm_roadmap_cli_track/data/cli-track.toml"
    )
    again = run([*cli, "plugin", "new", "cli-track"], cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.startswith("Error: llm-roadmap-cli-track is not empty")
    assert "Traceback" not in again.stderr
    bad = run([*cli, "plugin", "new", "Bad_Name", "-d", "x"], cwd=tmp_path)
    assert bad.returncode == 1 and "invalid plugin name 'Bad_Name'" in bad.stderr
    as_json = run(
        [*cli, "--json", "plugin", "new", "other", "-d", "o", "--track-id", "o-t"], cwd=tmp_path
    )
    assert json.loads(as_json.stdout)["package"] == "llm_roadmap_other"
    assert (tmp_path / "o" / "llm_roadmap_other" / "data" / "o-t.toml").is_file()


def test_cli_plugin_check_and_pip_wrappers_refuse_bad_input(tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "llm_roadmap"]
    result = run([*cli, "plugin", "check", "rmtest-not-installed"], cwd=tmp_path)
    assert result.returncode == 1
    assert "problem: 'rmtest-not-installed' is not installed" in result.stdout
    result = run([*cli, "uninstall", "-y", "LLM_Roadmap"], cwd=tmp_path)
    assert result.returncode == 1 and "does not uninstall itself" in result.stderr
    result = run([*cli, "install"], cwd=tmp_path)
    assert result.returncode == 2 and "at least one package" in result.stderr


@pytest.mark.slow
def test_scaffolded_plugin_installs_loads_passes_its_tests_and_uninstalls(tmp_path: Path) -> None:
    target = create_plugin("venv-track", tmp_path / "plugin")
    venv = Venv.create(tmp_path / "venv", with_pip=True)
    venv.install_core(tmp_path)
    venv.install("pytest>=8")

    # llm-roadmap install runs the venv's own pip (sys.executable -m pip).
    installed = venv.cli("install", str(target))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    tracks = venv.cli("--json", "tracks")
    assert tracks.returncode == 0, tracks.stderr
    assert "venv-track" in [t["id"] for t in json.loads(tracks.stdout)]
    listing = json.loads(venv.cli("--json", "plugins").stdout)
    record = next(p for p in listing if p["distribution"] == "llm-roadmap-venv-track")
    assert (record["name"], record["version"], record["status"]) == (
        "venv-track",
        "0.1.0",
        "loaded",
    )
    assert record["contributed"]["tracks"] == 1 and record["hooks"] == ["register_tracks"]

    # Its own generated tests pass in that venv, the installed-plugin check included.
    tests = run_ok([str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=target)
    assert "2 passed" in tests.stdout
    check = venv.cli("plugin", "check", "llm-roadmap-venv-track")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("llm-roadmap-venv-track 0.1.0: ok")

    removed = venv.cli("uninstall", "-y", "llm-roadmap-venv-track")
    assert removed.returncode == 0, removed.stdout + removed.stderr
    tracks = venv.cli("--json", "tracks")
    assert "venv-track" not in [t["id"] for t in json.loads(tracks.stdout)]
