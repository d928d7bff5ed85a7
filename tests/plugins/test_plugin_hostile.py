"""Hostile registrations and ``sys.exit`` in plugin code: one plugin fails, everything else works.

Before the change an object with an ``iterdir`` attribute that is not a
folder, or a mapping with non-string keys, was accepted by ``register`` and
then crashed the loader (every command, ``plugins --json`` included); and an
exporter whose ``write`` called ``sys.exit(0)`` made ``export`` exit 0 having
written nothing.
"""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from _plugin_fakes import data_plugin, quiet_load, record, track_data
from _sites import Site, make_site
from cli._cli_run import run

import llm_roadmap
from llm_roadmap import ExportError, PluginStatus


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    yield from make_site(tmp_path, monkeypatch)


REGISTRATIONS = {
    "iterdir-attribute": (
        "class Fake:\n    iterdir = 5\n    name = 'fake'\n",
        "Fake()",
        "not a traversable: is_dir, is_file, iterdir, read_bytes missing or not callable",
    ),
    "neither-file-nor-folder": (
        "class Fake:\n"
        "    name = 'fake'\n"
        "    def is_dir(self): return False\n"
        "    def is_file(self): return False\n"
        "    def iterdir(self): return iter(())\n"
        "    def read_bytes(self): return b''\n",
        "Fake()",
        "'fake' is neither a file nor a folder",
    ),
    "raising-traversable": (
        "class Fake:\n"
        "    name = 'fake'\n"
        "    def is_dir(self): raise SystemExit(3)\n"
        "    def is_file(self): return False\n"
        "    def iterdir(self): return iter(())\n"
        "    def read_bytes(self): return b''\n",
        "Fake()",
        "cannot be inspected: SystemExit: 3",
    ),
    "non-string-key": ("", "{1: 'x'}", "the key 1 at the top is not a string"),
    "deep-non-string-key": (
        "",
        "{'resources': [{'id': 'x', 2: 'y'}]}",
        "the key 2 at resources[0] is not a string",
    ),
    "not-toml-value": (
        "",
        "{'resources': [object()]}",
        "object at resources[0] is not a TOML value",
    ),
}


def _registering(prelude: str, item: str) -> str:
    return (
        "from llm_roadmap import hookimpl\n"
        + prelude
        + f"\n@hookimpl\ndef register_tracks(register):\n    register({item})\n"
    )


@pytest.mark.parametrize("mode", sorted(REGISTRATIONS))
def test_a_hostile_registration_fails_that_plugin_only(site: Site, mode: str) -> None:
    prelude, item, expected = REGISTRATIONS[mode]
    site.add("rmfake-hostile", _registering(prelude, item))
    site.add("rmfake-good", data_plugin(track_data("good-track")))
    rm, messages = quiet_load(plugins=["rmfake-hostile", "rmfake-good"])
    failed = record(rm, "rmfake-hostile")
    assert failed.status is PluginStatus.FAILED
    assert failed.error is not None and expected in failed.error
    assert rm.track("good-track").provenance is not None  # the other plugin loaded
    assert len(messages) == 1


@pytest.mark.parametrize("mode", sorted(REGISTRATIONS))
def test_every_command_keeps_working(site: Site, mode: str) -> None:
    prelude, item, expected = REGISTRATIONS[mode]
    site.add("rmfake-hostile", _registering(prelude, item))
    env = {"LLM_ROADMAP_PLUGINS": "rmfake-hostile"}
    listed = run("--json", "plugins", env=env)
    assert listed.exit_code == 0, listed.output
    shown = {p["name"]: p for p in json.loads(listed.stdout)}
    assert shown["rmfake-hostile"]["status"] == "failed"
    assert expected in shown["rmfake-hostile"]["error"]
    assert run("tracks", env=env).exit_code == 0


EXITING_EXPORTER = """
import sys
from llm_roadmap import Exporter, Text, hookimpl

def write(roadmap, out, options):
    sys.exit(0)

@hookimpl
def register_exporters(register):
    register(Exporter(id="quits", title=Text(zh="退出", en="Quits"), suffix=".txt",
                      media_type="text/plain", write=write))
"""


def test_sys_exit_in_an_exporter_is_an_export_error(site: Site, tmp_path: Path) -> None:
    site.add("rmfake-quits", EXITING_EXPORTER)
    rm, _ = quiet_load(plugins=["rmfake-quits"])
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "out.txt"
    with pytest.raises(ExportError, match=r"exporter 'quits'.*failed: SystemExit"):
        rm.export("quits", target)
    assert not target.exists()
    assert list(out_dir.iterdir()) == []  # no temporary file left either
    env = {"LLM_ROADMAP_PLUGINS": "rmfake-quits"}
    result = run("export", "--format", "quits", "-o", str(target), env=env)
    assert result.exit_code != 0
    assert "SystemExit" in result.stderr
    assert not target.exists()


def test_sys_exit_in_a_hook_is_a_plugin_error(site: Site) -> None:
    site.add(
        "rmfake-exits",
        "import sys\nfrom llm_roadmap import hookimpl\n\n"
        "@hookimpl\ndef register_tracks(register):\n    sys.exit(0)\n",
    )
    rm, _ = quiet_load(plugins=["rmfake-exits"])
    failed = record(rm, "rmfake-exits")
    assert failed.status is PluginStatus.FAILED
    assert failed.error == "register_tracks raised SystemExit: 0"


def test_keyboard_interrupt_still_stops(site: Site) -> None:
    site.add(
        "rmfake-interrupt",
        "from llm_roadmap import hookimpl\n\n"
        "@hookimpl\ndef register_tracks(register):\n    raise KeyboardInterrupt\n",
    )
    with pytest.raises(KeyboardInterrupt):
        llm_roadmap.load(plugins=["rmfake-interrupt"])
