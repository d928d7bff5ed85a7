"""``path`` says what to read; ``path`` and ``tracks`` show progress once there is some."""

import json
import re
from pathlib import Path

import pytest
from _progress_data import write
from test_progress_cli import run

from llm_roadmap import Progress
from llm_roadmap.cli._screen import Screen


@pytest.fixture
def study(tmp_path: Path) -> list[str]:
    return ["--data", str(write(tmp_path / "study"))]


def _block(output: str, topic_id: str) -> str:
    """The lines of one step of the path, from its heading to the next step."""
    match = re.search(rf"^\d+\. [^\n]*\({topic_id}\).*?(?=^\d+\. |\Z)", output, re.M | re.S)
    assert match, output
    return match.group(0)


def test_each_step_lists_core_then_pick_one_then_optional(study: list[str]) -> None:
    result = run(*study, "--lang", "en", "path", "advanced")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Learning path: advanced (3 topics, prerequisites first)")
    basics = _block(out, "basics")
    order = [basics.index(x) for x in ("core:", "Core A", "Core B", "pick one of:", "Pick X")]
    assert order == sorted(order)
    assert basics.index("Pick Y") > basics.index("Pick X")
    assert basics.index("optional:") > basics.index("Pick Y")
    assert "Extra reading" in basics[basics.index("optional:") :]
    # Kind, level and study time of each resource.
    assert "book · beginner · ≈ 4 h · https://example.org/core-a" in basics


def test_core_only_hides_optional_resources(study: list[str]) -> None:
    out = run(*study, "--lang", "en", "path", "basics", "--core-only").stdout
    assert "optional:" not in out and "Extra reading" not in out
    assert "pick one of:" in out
    data = json.loads(run(*study, "path", "basics", "--core-only", "--json").stdout)
    assert data[0]["optional"] == []


def test_emphasis_comes_with_its_advice_and_background_is_marked(study: list[str]) -> None:
    en = run(*study, "--lang", "en", "path", "advanced").stdout
    assert "emphasis: essential — Very important: learn it in depth." in _block(en, "basics")
    tools = _block(en, "tools")
    assert "emphasis: background — Somewhat dated" in tools
    assert "Read the overview only." in tools  # the placement note
    zh = run(*study, "--lang", "zh", "path", "advanced").stdout
    assert "侧重：背景 — 略微过时" in _block(zh, "tools")
    assert "任选其一（读其中一份即可）：" in _block(zh, "basics")
    # A standard step has no emphasis line.
    assert "emphasis" not in _block(en, "advanced")


def test_main_link_in_the_readers_language_and_secondary_links(study: list[str]) -> None:
    en = _block(run(*study, "--lang", "en", "path", "basics").stdout, "basics")
    # Pick Y is in Chinese: English readers open its English edition first.
    assert "video · ≈ 5 h · https://example.org/pick-y-en" in en
    assert "also: Re-upload https://mirror.example.org/pick-y" in en
    assert "also: https://example.org/pick-y" in en
    zh = _block(run(*study, "--lang", "zh", "path", "basics").stdout, "basics")
    assert "视频 · 约 5 小时 · https://example.org/pick-y" in zh
    assert "另见：英文版 https://example.org/pick-y-en" in zh


def test_json_carries_the_same(study: list[str]) -> None:
    data = json.loads(run(*study, "path", "advanced", "--json").stdout)
    basics = next(t for t in data if t["id"] == "basics")
    assert [r["id"] for r in basics["core"]] == ["core-a", "core-b"]
    assert basics["pick_one"] == [
        {
            "group": "intro",
            "resources": [
                basics["pick_one"][0]["resources"][0],
                basics["pick_one"][0]["resources"][1],
            ],
        }
    ]
    assert [r["id"] for r in basics["pick_one"][0]["resources"]] == ["pick-x", "pick-y"]
    assert [r["id"] for r in basics["optional"]] == ["extra"]
    pick_y = basics["pick_one"][0]["resources"][1]
    assert pick_y["main_url"] == {
        "zh": "https://example.org/pick-y",
        "en": "https://example.org/pick-y-en",
    }
    assert len(pick_y["links"]) == 2
    tools = next(t for t in data if t["id"] == "tools")
    assert tools["background"] is True
    assert tools["advice"]["en"].startswith("Somewhat dated")
    assert tools["core"][0]["note"]["en"] == "Read the overview only."
    assert "status" not in basics  # no progress yet


def test_path_shows_progress_once_there_is_some(study: list[str]) -> None:
    before = run(*study, "--lang", "en", "path", "advanced").stdout
    assert "[done]" not in before
    run(*study, "mark", "done", "core-a", "core-b", "pick-y")
    out = run(*study, "--lang", "en", "path", "advanced").stdout
    basics = _block(out, "basics")
    assert basics.startswith("1. [done] Basics (basics)")
    assert "[done] Core A (core-a)" in basics
    assert "[done]" not in _block(out, "tools")
    data = json.loads(run(*study, "path", "advanced", "--json").stdout)
    assert data[0]["status"] == "done"
    assert data[0]["core"][0]["status"] == "done"


def test_tracks_show_progress_only_where_there_is_some(study: list[str]) -> None:
    before = run(*study, "tracks")
    assert before.stdout.splitlines()[0].count("\t") == 5
    assert "progress" not in json.loads(run(*study, "tracks", "--json").stdout)[0]
    # An empty or un-marked file changes nothing either.
    p = Progress.load()
    p.mark("core-a", "done")
    p.unmark("core-a")
    p.save()
    assert run(*study, "tracks").stdout == before.stdout
    run(*study, "mark", "skipped", "tools")
    row = run(*study, "tracks").stdout.splitlines()[0].split("\t")
    assert row[1] == "study" and row[-1] == "1/3"
    track = json.loads(run(*study, "tracks", "--json").stdout)[0]
    assert track["progress"] == {"status": "pending", "settled": 1, "total": 3}


def _terminal(columns: int):
    # What the CLI finds on a terminal of that width, without colours (the
    # runner's stdout is no terminal; tests/terminal runs a real one).
    return classmethod(lambda cls, *args, **kwargs: cls(terminal=True, width=columns))


def test_the_reading_list_fits_80_columns(
    study: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Screen, "detect", _terminal(80))
    out = run(*study, "--lang", "en", "path", "advanced").stdout
    long_lines = [line for line in out.splitlines() if len(line) > 80 and "://" not in line]
    assert not long_lines
    # Piped, an item stays on one line.
    monkeypatch.undo()
    piped = run(*study, "--lang", "en", "path", "advanced").stdout
    assert (
        "emphasis: background — Somewhat dated: understand the principle, skip the details."
        in piped
    )


def test_a_wrapped_title_stays_one_item(study: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Screen, "detect", _terminal(20))
    # 20 columns wrap "Extra reading (extra)": its second line hangs under the
    # title in spaces, never a second "- " bullet.
    out = run(*study, "--lang", "en", "path", "basics").stdout
    bullets = [line for line in out.splitlines() if line.lstrip().startswith("-")]
    assert len(bullets) == 5, out  # core-a, core-b, pick-x, pick-y, extra
    assert all(line.startswith("   - ") for line in bullets), out
