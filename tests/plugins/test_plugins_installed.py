"""The plugin system with real, pip-installed plugin distributions (slow).

One fresh virtual environment for the whole module holds llm-roadmap (built
from this checkout) and every distribution of tests/plugins/plugin_dists: good ones,
and one per way a plugin can break. Each test runs the CLI or ``python -c`` in
that venv as a subprocess, so discovery goes through real installed metadata.
"""

import json
from typing import Any

import pytest
from _venvs import PLUGIN_DISTS, Venv, clean_env, copy_source, core_source

pytestmark = pytest.mark.slow

# distribution -> (entry point, version, what the failure says)
BROKEN = {
    "rmtest-clash-exporter": (
        "clash-exporter",
        "1.1.0",
        "duplicate exporter id 'rmtest-lines': already registered by plugin 'base' "
        "(rmtest-base 1.0.0)",
    ),
    "rmtest-clash-resource": (
        "clash-resource",
        "1.2.0",
        "duplicate resource id: already registered by plugin 'base' (rmtest-base 1.0.0)",
    ),
    "rmtest-clash-track": (
        "clash-track",
        "1.3.0",
        "duplicate track id: already registered by plugin 'base' (rmtest-base 1.0.0)",
    ),
    "rmtest-hook-raises": (
        "hook-raises",
        "2.0.0",
        "register_tracks raised RuntimeError: the data server is down",
    ),
    "rmtest-import-error": (
        "import-error",
        "2.1.0",
        "import failed: ModuleNotFoundError: No module named 'rmtest_module_that_does_not_exist'",
    ),
    "rmtest-invalid-data": (
        "invalid-data",
        "2.2.0",
        "invalid data: <data registered by invalid-data>: resource 'rmtest-invalid-resource': "
        "colour: unknown field",
    ),
    "rmtest-misspelt-hook": (
        "misspelt-hook",
        "2.3.0",
        "unknown hook(s) register_track: check the spelling",
    ),
    "rmtest-wrong-type": (
        "wrong-type",
        "2.4.0",
        "register_exporters: expected an llm_roadmap.Exporter, got dict",
    ),
}
GOOD = {"rmtest-base": ("base", "1.0.0"), "rmtest-extends": ("extends", "1.4.0")}


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    tmp = tmp_path_factory.mktemp("installed")
    env = Venv.create(tmp / "venv")
    dists = [copy_source(p, tmp) for p in sorted(PLUGIN_DISTS.iterdir()) if p.is_dir()]
    assert len(dists) == len(BROKEN) + len(GOOD)
    env.install(str(core_source(tmp)), *(str(d) for d in dists))
    return env


def listing(venv: Venv, *args: str, **env: str) -> dict[str, dict[str, Any]]:
    result = venv.cli("--json", "plugins", *args, env=clean_env(**env))
    assert result.returncode == 0, result.stderr
    return {
        p["distribution"] if not p["builtin"] else p["name"]: p for p in json.loads(result.stdout)
    }


def test_broken_plugins_are_listed_as_failed_and_the_rest_loads(venv: Venv) -> None:
    plugins = listing(venv)
    for dist, (name, version, error) in BROKEN.items():
        record = plugins[dist]
        assert (record["name"], record["version"], record["status"]) == (name, version, "failed")
        assert error in record["error"], record["error"]
        assert set(record["contributed"].values()) == {0}
    for dist, (name, version) in GOOD.items():
        record = plugins[dist]
        assert (record["name"], record["version"], record["status"]) == (name, version, "loaded")
        assert record["error"] is None
    assert plugins["rmtest-base"]["hooks"] == [
        "register_exporters",
        "register_sources",
        "register_tracks",
    ]
    assert plugins["rmtest-base"]["contributed"] == {
        "tracks": 1,
        "topics": 1,
        "resources": 1,
        "extensions": 0,
        "exporters": 1,
        "sources": 1,
    }
    assert plugins["rmtest-extends"]["contributed"]["extensions"] == 2
    assert plugins["rmtest-misspelt-hook"]["hooks"] == ["register_track"]
    bundled = plugins["llm_roadmap.bundled"]
    assert (
        bundled["builtin"]
        and bundled["status"] == "loaded"
        and bundled["contributed"]["tracks"] > 0
    )


def test_each_failure_is_a_warning_naming_plugin_version_and_cause(venv: Venv) -> None:
    result = venv.cli("--json", "tracks")
    assert result.returncode == 0, result.stderr
    tracks = {t["id"] for t in json.loads(result.stdout)}
    assert "rmtest-track" in tracks and len(tracks) > 1  # the good plugin and the bundled data
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == len(BROKEN), result.stderr
    for dist, (name, version, error) in BROKEN.items():
        line = next(w for w in warnings if f"plugin '{name}'" in w)
        assert f"'{name}' ({dist} {version}) failed and was left out: " in line
        assert error in line
    assert "Traceback" not in result.stderr


def test_provenance_and_extensions_through_the_api(venv: Venv) -> None:
    code = """
import json, warnings, llm_roadmap
warnings.simplefilter("ignore")
rm = llm_roadmap.load()
track = rm.track("rmtest-track")
print(json.dumps({
    "track": [track.provenance.distribution, track.provenance.version],
    "topics": [[t.id, t.provenance.distribution] for t in track.topics],
    "placed": [p.resource for p in track.topics[0].resources],
    "exporter": rm.exporters["rmtest-lines"].provenance.distribution,
    "export": rm.export("rmtest-lines", tracks=["rmtest-track"]),
    "source": rm.sources["rmtest-source"].provenance.version,
    "file": track.provenance.file,
}))
"""
    result = venv.py(code)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["track"] == ["rmtest-base", "1.0.0"]
    assert out["topics"] == [
        ["rmtest-topic", "rmtest-base"],
        ["rmtest-extra-topic", "rmtest-extends"],
    ]
    assert out["placed"] == ["rmtest-resource", "rmtest-extra-resource"]
    assert out["exporter"] == "rmtest-base" and out["source"] == "1.0.0"
    assert out["export"] == "rmtest-track\tTest track\n"
    assert out["file"].endswith("site-packages/rmtest_base/data/track.toml")


@pytest.mark.parametrize("dist", sorted(BROKEN))
def test_strict_mode_makes_each_failure_an_error(venv: Venv, dist: str) -> None:
    name, version, error = BROKEN[dist]
    only = f"rmtest-base,{dist}"
    result = venv.cli("--strict", "tracks", env=clean_env(LLM_ROADMAP_PLUGINS=only))
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: plugin '{name}' ({dist} {version}) failed"), (
        result.stderr
    )
    assert error in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_strict_mode_from_the_environment_and_the_api(venv: Venv) -> None:
    env = clean_env(LLM_ROADMAP_PLUGINS="rmtest-hook-raises", LLM_ROADMAP_STRICT_PLUGINS="1")
    result = venv.cli("tracks", env=env)
    assert result.returncode == 1
    assert "plugin 'hook-raises' (rmtest-hook-raises 2.0.0) failed" in result.stderr
    code = "import llm_roadmap; llm_roadmap.load(strict=True)"
    result = venv.py(code, env=clean_env(LLM_ROADMAP_PLUGINS="rmtest-wrong-type"))
    assert result.returncode == 1
    assert (
        "llm_roadmap.errors.PluginError: plugin 'wrong-type' (rmtest-wrong-type 2.4.0)"
        in result.stderr
    )
    # Without strict mode the same load succeeds, with the plugin recorded as failed.
    code = (
        "import warnings, llm_roadmap; warnings.simplefilter('ignore'); "
        "print([p.status.value for p in llm_roadmap.load().plugins if p.name == 'wrong-type'])"
    )
    result = venv.py(code, env=clean_env(LLM_ROADMAP_PLUGINS="rmtest-wrong-type"))
    assert result.returncode == 0 and result.stdout.strip() == "['failed']"


def test_allowlist_and_blocklist_from_the_environment(venv: Venv) -> None:
    plugins = listing(venv, "--all", LLM_ROADMAP_PLUGINS="rmtest-base")
    assert plugins["rmtest-base"]["status"] == "loaded"
    assert {plugins[d]["status"] for d in [*BROKEN, "rmtest-extends"]} == {"disabled"}
    assert plugins["llm_roadmap.bundled"]["status"] == "loaded"  # built-ins ignore the allowlist
    # Disabled plugins are listed only with --all.
    assert "rmtest-extends" not in listing(venv, LLM_ROADMAP_PLUGINS="rmtest-base")

    result = venv.cli("tracks", env=clean_env(LLM_ROADMAP_PLUGINS="rmtest-base"))
    assert result.returncode == 0 and "Warning" not in result.stderr

    none = listing(venv, "--all", LLM_ROADMAP_PLUGINS="")
    assert {p["status"] for p in none.values() if not p["builtin"]} == {"disabled"}

    # The blocklist wins over the allowlist, and names are normalised.
    both = listing(
        venv,
        "--all",
        LLM_ROADMAP_PLUGINS="rmtest-base,rmtest-extends",
        LLM_ROADMAP_DISABLE_PLUGINS="RMTEST_EXTENDS",
    )
    assert both["rmtest-base"]["status"] == "loaded"
    assert both["rmtest-extends"]["status"] == "disabled"


def test_blocking_a_builtin(venv: Venv) -> None:
    env = clean_env(
        LLM_ROADMAP_PLUGINS="rmtest-base", LLM_ROADMAP_DISABLE_PLUGINS="llm_roadmap.bundled"
    )
    result = venv.cli("--json", "tracks", env=env)
    assert result.returncode == 0, result.stderr
    assert [t["id"] for t in json.loads(result.stdout)] == ["rmtest-track"]
    plugins = listing(
        venv,
        "--all",
        LLM_ROADMAP_PLUGINS="rmtest-base",
        LLM_ROADMAP_DISABLE_PLUGINS="llm_roadmap.bundled",
    )
    assert plugins["llm_roadmap.bundled"]["status"] == "disabled"
    assert plugins["llm_roadmap.exporters.markdown"]["status"] == "loaded"


def test_check_plugin_in_the_venv(venv: Venv) -> None:
    good = venv.cli("plugin", "check", "rmtest-base")
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.splitlines()[0] == "rmtest-base 1.0.0: ok"
    assert "  exporters: rmtest-lines" in good.stdout
    # rmtest-extends requires rmtest-base, whose track it extends: both are loaded.
    extends = venv.cli("--json", "plugin", "check", "rmtest-extends")
    assert extends.returncode == 0, extends.stdout + extends.stderr
    report = json.loads(extends.stdout)
    assert (report["tracks"], report["topics"]) == ([], ["rmtest-extra-topic"])
    assert [p["distribution"] for p in report["plugins"]] == ["rmtest-extends"]
    bad = venv.cli("--json", "plugin", "check", "rmtest-invalid-data")
    assert bad.returncode == 1
    report = json.loads(bad.stdout)
    assert report["ok"] is False and report["version"] == "2.2.0"
    assert "colour: unknown field" in report["problems"][0]
    code = (
        "from llm_roadmap.testing import check_plugin\n"
        "try:\n    check_plugin('rmtest-misspelt-hook')\n"
        "except AssertionError as exc:\n    print(exc)\n"
    )
    result = venv.py(code)
    assert result.stdout.startswith("rmtest-misspelt-hook 2.3.0: FAILED")
    assert "unknown hook(s) register_track" in result.stdout
