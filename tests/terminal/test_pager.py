"""Long output through a pager, as git does it; and what styles a terminal gets.

The pager is a small script that records what it was given (its standard
input, ``LESS``, its arguments) and shows nothing: what reaches it is what a
learner's pager would have shown.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from _pty import COMMAND, run

PAGER = """#!{python}
import json, os, sys
data = sys.stdin.buffer.read()
with open({record!r}, "w", encoding="utf-8") as out:
    json.dump({{"args": sys.argv[1:], "less": os.environ.get("LESS"),
               "text": data.decode("utf-8")}}, out)
"""


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager command that records what it got into a JSON file (the file's path)."""
    record = tmp_path / "paged.json"
    script = tmp_path / "pager"
    script.write_text(PAGER.format(python=sys.executable, record=str(record)), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return f"{script} --from-test", record


def _paged(record: Path) -> dict:
    import json

    return json.loads(record.read_text(encoding="utf-8"))


def test_long_output_goes_to_the_pager_with_its_colours(
    pager: tuple[str, Path], tmp_path: Path
) -> None:
    command, record = pager
    env = {"PAGER": command, "LLM_ROADMAP_DATA_DIR": str(tmp_path)}
    shown = run("--lang", "en", "path", "llm-foundations", columns=80, rows=24, env=env)
    assert shown.status == 0
    got = _paged(record)
    assert got["args"] == ["--from-test"]
    # As git does: LESS=FRX unless set (quit on one screen, keep colours, no clearing).
    assert got["less"] == "FRX"
    assert "Learning path: llm-foundations" in got["text"]
    assert "\x1b[" in got["text"]  # styles reach the pager (less -R shows them)
    # Everything went to the pager: nothing of it was written to the terminal.
    assert "Learning path" not in shown.text


def test_llm_roadmap_pager_wins_and_less_is_left_as_set(
    pager: tuple[str, Path], tmp_path: Path
) -> None:
    command, record = pager
    env = {
        "PAGER": "no-such-pager",
        "LLM_ROADMAP_PAGER": command,
        "LESS": "R",
        "LLM_ROADMAP_DATA_DIR": str(tmp_path),
    }
    assert run("--lang", "zh", "resources", columns=80, rows=24, env=env).status == 0
    got = _paged(record)
    assert got["less"] == "R"
    assert "资源（" in got["text"]


def test_no_pager_option_and_short_output_print_directly(
    pager: tuple[str, Path], tmp_path: Path
) -> None:
    command, record = pager
    env = {"PAGER": command, "LLM_ROADMAP_DATA_DIR": str(tmp_path)}
    shown = run("--no-pager", "--lang", "en", "path", "llm-foundations", columns=80, env=env)
    assert "Learning path: llm-foundations" in shown.text
    # Output that fits the window is printed, never paged (as less -F would).
    tracks = run("--lang", "en", "tracks", columns=120, rows=40, env=env)
    assert "math-foundations" in tracks.text
    assert not record.exists()


def test_nothing_pages_when_piped(pager: tuple[str, Path], tmp_path: Path) -> None:
    command, record = pager
    env = {
        **os.environ,
        "PAGER": command,
        "LLM_ROADMAP_PLUGINS": "",
        "LLM_ROADMAP_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [COMMAND, "--lang", "en", "path", "llm-foundations"],
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert b"Learning path: llm-foundations" in result.stdout
    assert b"\x1b" not in result.stdout
    assert not record.exists()


def test_a_pager_that_cannot_run_still_shows_the_output(tmp_path: Path) -> None:
    env = {"PAGER": str(tmp_path / "missing-pager"), "LLM_ROADMAP_DATA_DIR": str(tmp_path)}
    shown = run("--lang", "en", "path", "llm-foundations", columns=80, rows=24, env=env)
    assert shown.status == 0
    assert "Learning path: llm-foundations" in shown.text


def test_no_color_removes_every_style_and_link(tmp_path: Path) -> None:
    env = {"LLM_ROADMAP_DATA_DIR": str(tmp_path), "FORCE_HYPERLINK": "1"}
    styled = run("--no-pager", "--lang", "en", "show", "attention-mechanism", columns=80, env=env)
    assert "\x1b[1m" in styled.raw  # bold titles
    assert styled.links  # and hyperlinks, where asked for
    plain = run(
        "--no-pager",
        "--lang",
        "en",
        "show",
        "attention-mechanism",
        columns=80,
        env={**env, "NO_COLOR": "1"},
    )
    assert "\x1b" not in plain.raw
    assert plain.screen == styled.screen  # the same text, only without styles


def test_hyperlinks_only_where_the_terminal_is_known_to_show_them(tmp_path: Path) -> None:
    env = {"LLM_ROADMAP_DATA_DIR": str(tmp_path)}
    xterm = run("--no-pager", "--lang", "en", "show", "attention-mechanism", columns=80, env=env)
    assert not xterm.links
    assert "https://arxiv.org/abs/1706.03762" in xterm.text
    vte = run(
        "--no-pager",
        "--lang",
        "en",
        "show",
        "attention-mechanism",
        columns=80,
        env={**env, "VTE_VERSION": "7600"},
    )
    assert "https://arxiv.org/abs/1706.03762" in vte.links


@pytest.mark.parametrize(
    "env",
    [{"LLM_ROADMAP_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}],
    ids=["LLM_ROADMAP_LANG", "locale"],
)
def test_help_in_chinese_from_the_environment(env: dict[str, str]) -> None:
    shown = run("path", "--help", columns=80, env=env)
    assert shown.screen[0].startswith("用法：llm-roadmap path")
    assert "通往一条路线或一个主题的学习路径。" in shown.text
    assert "不列选看资源。" in shown.text
