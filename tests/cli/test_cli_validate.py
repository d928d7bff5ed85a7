"""``validate``, and bad data on any command: one error, tracebacks only with ``--debug``."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from _cli_run import NO_PLUGINS, lines, run

# -- validate ------------------------------------------------------------------

BROKEN = {
    "types": """
        [[resources]]
        id = "bad-types"
        title = "Typed wrong"
        url = "https://example.org/t"
        kind = "paper"
        language = "en"
        year = "2017"
        description = { zh = "中", en = "en" }
        """,
    "unknown_field": """
        [[resources]]
        id = "bad-field"
        title = "Unknown field"
        url = "https://example.org/f"
        kind = "paper"
        language = "en"
        colour = "red"
        description = { zh = "中", en = "en" }
        """,
    "urls": """
        [[resources]]
        id = "bad-url"
        title = "Not http"
        url = "ftp://example.org/file"
        kind = "paper"
        language = "en"
        description = { zh = "中", en = "en" }

        [[resources]]
        id = "no-translation"
        title = "Missing translation"
        url = "https://example.org/m"
        kind = "paper"
        language = "en"
        description = { zh = "", en = "only English" }

        [[resources]]
        id = "good-one"
        title = "Fine"
        url = "https://example.org/g"
        kind = "paper"
        language = "en"
        description = { zh = "好", en = "fine" }

        [[resources]]
        id = "good-one"
        title = "Fine again"
        url = "https://example.org/g2"
        kind = "paper"
        language = "en"
        description = { zh = "好", en = "fine" }
        """,
    "track": """
        [[tracks]]
        id = "bad-track"
        title = { zh = "坏", en = "Bad" }
        summary = { zh = "坏的。", en = "Bad." }

        [[tracks.topics]]
        id = "loop-a"
        title = { zh = "甲", en = "A" }
        summary = { zh = "甲。", en = "A." }
        prerequisites = ["loop-b"]
        [[tracks.topics.resources]]
        resource = "good-one"

        [[tracks.topics]]
        id = "loop-b"
        title = { zh = "乙", en = "B" }
        summary = { zh = "乙。", en = "B." }
        prerequisites = ["loop-a"]
        [[tracks.topics.resources]]
        resource = "no-such-resource"
        """,
}


@pytest.fixture
def broken_dir(write_data: Callable[..., Path]) -> Path:
    return write_data(**BROKEN)


def _check_broken_report(out: str, broken_dir: Path) -> None:
    assert f"{broken_dir / 'types.toml'}: resource 'bad-types': year: " in out
    unknown = broken_dir / "unknown_field.toml"
    assert f"{unknown}: resource 'bad-field': colour: unknown field" in out
    urls = broken_dir / "urls.toml"
    assert re.search(rf"{re.escape(str(urls))}: resource 'bad-url': url: .*http", out)
    assert f"{urls}: resource 'no-translation': description.zh: missing translation (zh)" in out
    assert re.search(rf"{re.escape(str(urls))}: resource 'good-one': id: duplicate", out)
    track = re.escape(str(broken_dir / "track.toml"))
    assert re.search(rf"{track}: topic 'loop-b': resources.*no-such-resource", out)
    assert re.search(rf"{track}: topic 'loop-[ab]': prerequisites.*cycle", out)
    assert "Traceback" not in out


def test_validate_broken_data_reports_every_problem(broken_dir: Path) -> None:
    result = run("validate", str(broken_dir))
    assert result.exit_code == 1
    _check_broken_report(result.stdout, broken_dir)
    assert len(lines(result)) >= 7
    assert re.search(r"\d+ problems", result.stderr)


def test_validate_broken_data_in_a_real_process(broken_dir: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "validate", "--standalone", str(broken_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, **NO_PLUGINS},
    )
    assert proc.returncode == 1
    _check_broken_report(proc.stdout, broken_dir)
    assert "Traceback" not in proc.stderr


def test_validate_json(broken_dir: Path, toy_dir: Path) -> None:
    bad = run("--json", "validate", str(broken_dir))
    assert bad.exit_code == 1
    report = json.loads(bad.stdout)
    assert report["valid"] is False
    assert {
        "file": str(broken_dir / "unknown_field.toml"),
        "kind": "resource",
        "entry": "bad-field",
        "field": "colour",
        "message": "unknown field",
    } in report["problems"]
    good = run("validate", str(toy_dir), "--json")
    assert good.exit_code == 0
    assert json.loads(good.stdout) == {"valid": True, "problems": []}


def test_validate_standalone_vs_with_roadmap(
    write_data: Callable[..., Path], toy_dir: Path
) -> None:
    from _toy_data import VALID_RESOURCES, VALID_TRACK

    resources_only = write_data(resources=VALID_RESOURCES)
    track_only = write_data(track=VALID_TRACK)
    ok = run("validate", str(toy_dir), "--standalone")
    assert (ok.exit_code, ok.stdout) == (0, "")
    assert "valid" in ok.stderr
    alone = run("validate", "--standalone", str(track_only))
    assert alone.exit_code == 1
    assert "toy-paper" in alone.stdout
    # With the roadmap (here: --data adds the resources), the references resolve.
    assert run("--data", str(resources_only), "validate", str(track_only)).exit_code == 0
    assert run("validate", "--standalone").exit_code == 2  # needs a PATH


def test_validate_missing_path_is_a_problem(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert f"{tmp_path / 'nope'}: no such file or directory" in result.stdout


def test_bad_data_on_any_command_is_one_error_not_a_traceback(broken_dir: Path) -> None:
    result = run("--data", str(broken_dir), "tracks")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: invalid roadmap data: ")
    unknown = broken_dir / "unknown_field.toml"
    assert f"{unknown}: resource 'bad-field': colour: unknown field" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(broken_dir: Path) -> None:
    cmd = [sys.executable, "-m", "llm_roadmap", "--data", str(broken_dir), "tracks"]
    env = {**os.environ, **NO_PLUGINS}
    plain_run = subprocess.run(cmd, capture_output=True, text=True, env=env)
    debug_run = subprocess.run(
        [*cmd[:3], "--debug", *cmd[3:]], capture_output=True, text=True, env=env
    )
    assert plain_run.returncode == debug_run.returncode == 1
    assert "Traceback" not in plain_run.stderr
    assert "Traceback" in debug_run.stderr
    assert "llm_roadmap.errors.DataError" in debug_run.stderr
