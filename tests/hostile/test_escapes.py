"""Terminal escape sequences in data, arguments and plugin errors: refused or shown, never obeyed.

``ESC ] 0 ; ... BEL`` sets a terminal's title, ``ESC [ 2 J`` clears its
screen. Validation refuses such characters in every text field (naming the
file, entry and field), and nothing the CLI prints holds one raw: what it
echoes (its own argument, a plugin's error, a plugin's metadata) shows them as
``\\x1b`` escapes.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest
from _hostile_data import RESOURCES, TRACK, write_tiny
from _sites import Site

import llm_roadmap
from llm_roadmap import DataError
from llm_roadmap.exporters.json import load_json

TITLE = "\x1b]0;owned\x07"
CLEAR = "\x1b[2J"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ALONE = {"LLM_ROADMAP_PLUGINS": "", "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled"}


def cli(*args: str, env: Optional[dict[str, str]] = None) -> "subprocess.CompletedProcess[str]":
    done = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **ALONE, "LANG": "en_US.UTF-8", **(env or {})},
        timeout=120,
        check=False,
    )
    assert not RAW.search(done.stdout), done.stdout
    assert not RAW.search(done.stderr), done.stderr
    return done


def toml(text: str) -> str:
    # A TOML string cannot hold a raw control character: it is written as its \u escape.
    return RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def hostile_tiny(folder: Path) -> Path:
    write_tiny(folder)
    (folder / "tracks" / "tiny.toml").write_text(
        TRACK.replace('en = "Tiny"', toml(f'en = "Tiny{TITLE}"')), encoding="utf-8"
    )
    (folder / "resources" / "tiny.toml").write_text(
        RESOURCES.replace('en = "The first."', toml(f'en = "The first.{CLEAR}"')).replace(
            '"https://example.org/b"', '"https://example.org/b"\nauthors = ["A\\u009bB"]'
        ),
        encoding="utf-8",
    )
    return folder


def test_validation_refuses_control_characters_in_every_text_field(tmp_path: Path) -> None:
    folder = hostile_tiny(tmp_path / "tiny")
    done = cli("validate", str(folder))
    assert done.returncode == 1
    lines = done.stdout + done.stderr
    track_file = folder / "tracks" / "tiny.toml"
    resource_file = folder / "resources" / "tiny.toml"
    assert f"{track_file}: track 'tiny': title.en: control character U+001B (ESC)" in lines
    assert f"{resource_file}: resource 'tiny-a': description.en: control character U+001B" in lines
    assert (
        f"{resource_file}: resource 'tiny-b': authors[0]: control character U+009B (CSI)" in lines
    )


def test_tabs_and_newlines_are_text(tmp_path: Path) -> None:
    folder = write_tiny(tmp_path / "tiny")
    (folder / "resources" / "tiny.toml").write_text(
        RESOURCES.replace('en = "The first."', 'en = "The first.\\n\\tIndented."'),
        encoding="utf-8",
    )
    rm = llm_roadmap.load([folder], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    assert rm.resource("tiny-a").description.en == "The first.\n\tIndented."


def test_show_of_such_data_is_an_error_not_an_escape(tmp_path: Path) -> None:
    folder = hostile_tiny(tmp_path / "tiny")
    done = cli("--data", str(folder), "show", "tiny")
    assert done.returncode == 1
    assert "title.en: control character U+001B (ESC)" in done.stderr


def test_a_plugin_with_such_data_is_left_out_in_one_clean_line(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.add(
        "escaping-plugin",
        f"""
        from llm_roadmap import hookimpl

        @hookimpl
        def register_tracks(register):
            register({{"tracks": [{{
                "id": "escaping",
                "title": {{"zh": "标题", "en": {TITLE!r}}},
                "summary": {{"zh": "清屏。", "en": {CLEAR!r}}},
                "topics": [{{"id": "escaping-topic", "title": {{"zh": "主题", "en": "Topic"}},
                             "summary": {{"zh": "主题。", "en": "A topic."}},
                             "resources": [{{"resource": "tiny-a"}}]}}],
            }}]}})
        """,
    )
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path[1:]]), "LLM_ROADMAP_PLUGINS": ""}
    env["LLM_ROADMAP_PLUGINS"] = "escaping-plugin"
    data = ["--data", str(write_tiny(tmp_path / "tiny"))]
    done = cli(*data, "show", "escaping", env=env)
    assert done.returncode == 1
    warning = [line for line in done.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warning) == 1 and "title.en: control character U+001B (ESC)" in warning[0]


def test_a_json_export_holding_one_does_not_load(tmp_path: Path) -> None:
    rm = llm_roadmap.load(
        [write_tiny(tmp_path / "tiny")], plugins=[], disable_plugins=["llm_roadmap.bundled"]
    )
    document = json.loads(rm.export("json"))
    document["tracks"][0]["title"]["en"] = f"Tiny{TITLE}"
    doctored = tmp_path / "doctored.json"
    doctored.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_json(doctored)
    assert [(p.entry, p.field) for p in caught.value.problems] == [("tiny", "title.en")]


def test_search_shows_escapes_of_its_own_argument(tmp_path: Path) -> None:
    data = ["--data", str(write_tiny(tmp_path / "tiny"))]
    done = cli(*data, "search", f"{CLEAR}nothing{TITLE}")
    assert done.returncode == 1
    assert done.stderr == "Nothing found for: \\x1b[2Jnothing\\x1b]0;owned\\x07\n"


RAISES = f"""
from llm_roadmap import hookimpl

@hookimpl
def register_tracks(register):
    raise ValueError({TITLE + "broken" + CLEAR!r})
"""


def test_a_plugins_error_is_shown_with_escapes(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.add("raising-plugin", RAISES)
    env = {
        "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path[1:]]),
        "LLM_ROADMAP_PLUGINS": "raising-plugin",
    }
    listing = cli("plugins", env=env)
    assert listing.returncode == 0
    assert "ValueError: \\x1b]0;owned\\x07broken\\x1b[2J" in listing.stdout
    warned = cli("tracks", env=env)
    assert "ValueError: \\x1b]0;owned\\x07broken\\x1b[2J" in warned.stderr
    as_json = cli("--json", "plugins", env=env)
    found = {p["name"]: p for p in json.loads(as_json.stdout)}
    assert found["raising-plugin"]["error"].endswith(f"ValueError: {TITLE}broken{CLEAR}")
