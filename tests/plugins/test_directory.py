"""The plugin directory (data/plugins.toml): its validation, and that it tells the truth.

The bundled index is checked against the plugin packages in plugins/ (name,
entry point, what they really register), and the "installed" marker against a
real distribution put on sys.path.
"""

import importlib
import sys
import textwrap
from importlib.resources import files
from pathlib import Path

import pytest

import llm_roadmap
from llm_roadmap import (
    Addition,
    AvailablePlugin,
    DataError,
    DirectoryEntry,
    available_plugins,
    load_directory,
)
from llm_roadmap.plugin.records import CONTRIBUTION_KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = {"llm-roadmap-llm-apps", "llm-roadmap-anki"}


def _write(tmp_path: Path, text: str, name: str = "plugins.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD_ENTRY = """
[[plugins]]
name = "llm-roadmap-example"
package = "llm-roadmap-example>=1.0"
adds = ["tracks", "resources"]
homepage = "https://example.org/llm-roadmap-example"
entry_point = "example"
description = { zh = "一个示例插件。", en = "An example plugin." }
"""


# -- the bundled directory -------------------------------------------------------


def test_additions_are_the_words_plugin_records_count():
    # A directory entry's `adds` and a plugin record's `contributed` name the same things.
    assert tuple(a.value for a in Addition) == CONTRIBUTION_KINDS


def test_bundled_directory_is_shipped_and_loads():
    assert (files("llm_roadmap.data") / "plugins.toml").is_file()
    entries = load_directory()
    assert {e.name for e in entries} >= FIRST_PARTY
    assert all(isinstance(e, DirectoryEntry) for e in entries)
    apps = next(e for e in entries if e.name == "llm-roadmap-llm-apps")
    assert apps.adds == (Addition.TRACKS, Addition.TOPICS, Addition.RESOURCES)
    assert apps.entry_point == "llm_apps"


def test_bundled_directory_is_not_read_as_roadmap_data():
    # plugins.toml sits in llm_roadmap.data; a load that read it would fail on
    # its unknown top-level key 'plugins'.
    roadmap = llm_roadmap.load(plugins=[], environ={})
    assert roadmap.tracks


@pytest.mark.parametrize("name", sorted(FIRST_PARTY))
def test_first_party_entries_match_their_packages(name):
    entry = next(e for e in load_directory() if e.name == name)
    # The requirement an index resolves (nox -s build makes the distributions).
    assert not entry.is_local
    assert entry.package == entry.name
    directory = ROOT / "plugins" / entry.name
    project = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == entry.name
    assert list(project["entry-points"]["llm_roadmap"]) == [entry.entry_point]
    # Both languages say how to install it by name, and from a checkout.
    assert entry.install_command == f"llm-roadmap install {entry.name}"
    for description in (entry.description.en, entry.description.zh):
        assert entry.install_command in description
        assert f"pip install ./plugins/{entry.name}" in description


@pytest.mark.parametrize("name", sorted(FIRST_PARTY))
def test_adds_is_what_the_plugin_really_registers(name, monkeypatch):
    entry = next(e for e in load_directory() if e.name == name)
    directory = ROOT / "plugins" / entry.name
    project = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module_name = project["entry-points"]["llm_roadmap"][entry.entry_point]
    monkeypatch.syspath_prepend(str(directory))
    monkeypatch.delitem(sys.modules, module_name, raising=False)
    try:
        module = importlib.import_module(module_name)
        roadmap = llm_roadmap.load(
            plugins=[], extra_plugins=[(entry.entry_point, module)], environ={}, strict=True
        )
    finally:
        sys.modules.pop(module_name, None)
    record = next(p for p in roadmap.plugins if p.name == entry.entry_point)
    assert record.status.value == "loaded", record.error
    registered = {kind for kind, count in record.contributed.items() if count}
    assert registered == {a.value for a in entry.adds}


# -- validation -----------------------------------------------------------------


def test_a_valid_file_loads(tmp_path):
    (entry,) = load_directory(_write(tmp_path, GOOD_ENTRY))
    assert entry == DirectoryEntry(
        name="llm-roadmap-example",
        package="llm-roadmap-example>=1.0",
        adds=(Addition.TRACKS, Addition.RESOURCES),
        homepage="https://example.org/llm-roadmap-example",
        entry_point="example",
        description=llm_roadmap.Text(zh="一个示例插件。", en="An example plugin."),
    )
    assert not entry.is_local
    assert entry.install_command == "llm-roadmap install llm-roadmap-example"


def test_an_entry_on_no_index_installs_from_a_checkout(tmp_path):
    body = GOOD_ENTRY.replace('"llm-roadmap-example>=1.0"', '"./plugins/llm-roadmap-example"')
    (entry,) = load_directory(_write(tmp_path, body))
    assert entry.is_local
    assert entry.install_command == "pip install ./plugins/llm-roadmap-example"


@pytest.mark.parametrize(
    ("body", "entry", "field", "message"),
    [
        (
            '[[plugins]]\nname = "x"\npackage = "x"\nadds = ["tracks"]\n',
            "x",
            "description",
            "required field",
        ),
        (
            GOOD_ENTRY.replace('"resources"]', '"widgets"]'),
            "llm-roadmap-example",
            "adds[1]",
            "expected one of",
        ),
        (GOOD_ENTRY + 'colour = "red"\n', "llm-roadmap-example", "colour", "unknown field"),
        (
            GOOD_ENTRY.replace('en = "An example plugin."', 'en = ""'),
            "llm-roadmap-example",
            "description.en",
            "missing translation",
        ),
        (
            GOOD_ENTRY.replace('"llm-roadmap-example>=1.0"', '"some-other-package"'),
            "llm-roadmap-example",
            "package",
            "installs 'some-other-package'",
        ),
        (
            GOOD_ENTRY.replace('"llm-roadmap-example>=1.0"', '"/home/me/plugin"'),
            "llm-roadmap-example",
            "package",
            "absolute path",
        ),
        (
            GOOD_ENTRY.replace('"https://example.org/llm-roadmap-example"', '"ftp://example.org"'),
            "llm-roadmap-example",
            "homepage",
            "not http(s)",
        ),
        (
            GOOD_ENTRY.replace('adds = ["tracks", "resources"]', "adds = []"),
            "llm-roadmap-example",
            "adds",
            "say what the plugin adds",
        ),
        (
            GOOD_ENTRY.replace('"example"', '"a = b"'),
            "llm-roadmap-example",
            "entry_point",
            "entry-point name",
        ),
        (
            GOOD_ENTRY.replace('name = "llm-roadmap-example"', 'name = "bad name"').replace(
                '"llm-roadmap-example>=1.0"', '"./plugins/bad"'
            ),
            "bad name",
            "name",
            "distribution name",
        ),
        (
            GOOD_ENTRY
            + GOOD_ENTRY.replace('name = "llm-roadmap-example"', 'name = "LLM_Roadmap.Example"'),
            "LLM_Roadmap.Example",
            "name",
            "duplicate plugin",
        ),
        ("[[plugins]]\npackage = 3\n", "#1", "package", "expected a string"),
        ("plugin = []\n", "", "plugin", "unknown top-level key"),
        ('plugins = "all of them"\n', "", "plugins", "expected an array"),
    ],
)
def test_problems_name_file_entry_and_field(tmp_path, body, entry, field, message):
    path = _write(tmp_path, body)
    with pytest.raises(DataError) as caught:
        load_directory(path)
    problems = caught.value.problems
    matching = [
        p for p in problems if p.entry == entry and p.field == field and message in p.message
    ]
    assert matching, [str(p) for p in problems]
    assert all(p.file == str(path) for p in problems)
    assert matching[0].kind in ("plugin", "")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"[[plugins]\n", "invalid TOML"), (b'x = "\xff"\n', "not UTF-8")],
)
def test_unreadable_files_are_data_errors(tmp_path, content, message):
    path = tmp_path / "plugins.toml"
    path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        load_directory(path)


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_directory(tmp_path / "absent.toml")


# -- installed marker -------------------------------------------------------------


def _install_fake_distribution(root: Path, monkeypatch) -> None:
    """A real (if tiny) installed distribution: a module plus its .dist-info on sys.path."""
    (root / "fake_llm_plugin.py").write_text(
        textwrap.dedent(
            """
            from llm_roadmap import Exporter, Text, hookimpl

            def _write(roadmap, out, options):
                out.write("fake")

            @hookimpl
            def register_exporters(register):
                register(Exporter(id="fake-format", title=Text.same("Fake"), suffix=".txt",
                                  media_type="text/plain", write=_write))
            """
        ),
        encoding="utf-8",
    )
    info = root / "llm_roadmap_fake-2.5.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: llm-roadmap-fake\nVersion: 2.5.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[llm_roadmap]\nfake = fake_llm_plugin\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, "fake_llm_plugin", raising=False)


def test_installed_plugins_are_marked_with_version_and_status(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    _install_fake_distribution(site, monkeypatch)
    directory = _write(
        tmp_path,
        """
        [[plugins]]
        name = "llm-roadmap-fake"
        package = "llm-roadmap-fake"
        adds = ["exporters"]
        entry_point = "fake"
        description = { zh = "假插件。", en = "A fake plugin." }

        [[plugins]]
        name = "llm-roadmap-not-here"
        package = "llm-roadmap-not-here"
        adds = ["tracks"]
        description = { zh = "未安装。", en = "Not installed." }
        """,
    )
    # Without records: installation only, no plugin is imported.
    fake, absent = available_plugins(path=directory)
    assert isinstance(fake, AvailablePlugin)
    assert fake.installed and fake.installed_version == "2.5.0"
    assert fake.status is None
    assert "fake_llm_plugin" not in sys.modules
    assert not absent.installed and absent.installed_version is None

    # With the records of a real load, the status of each installed plugin.
    records = llm_roadmap.plugins(environ={})
    fake, absent = available_plugins(path=directory, records=records)
    assert fake.status is not None and fake.status.value == "loaded"
    assert fake.error is None
    assert absent.status is None

    disabled = llm_roadmap.plugins(environ={"LLM_ROADMAP_DISABLE_PLUGINS": "llm-roadmap-fake"})
    fake, _ = available_plugins(path=directory, records=disabled)
    assert fake.status.value == "disabled"
