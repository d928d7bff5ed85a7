"""CLI conventions, as real processes: binary formats, export reports, JSON errors."""

import json
import os
import sqlite3
import subprocess
import sys

import pytest

DATA = """
[[resources]]
id = "d2l"
title = { zh = "动手学深度学习", en = "Dive into Deep Learning" }
url = "https://d2l.ai/"
kind = "book"
language = "zh"
description = { zh = "交互式教材。", en = "An interactive textbook." }

[[tracks]]
id = "conv-basics"
title = { zh = "基础", en = "Basics" }
summary = { zh = "基础。", en = "The basics." }

[[tracks.topics]]
id = "conv-deep-learning"
title = { zh = "深度学习", en = "Deep learning" }
summary = { zh = "神经网络。", en = "Neural networks." }

[[tracks.topics.resources]]
resource = "d2l"
"""

BROKEN = """
[[resources]]
id = "broken"
title = "No URL"
kind = "paper"
language = "en"
description = { zh = "缺网址。", en = "No URL." }
"""

ENV = {
    "LLM_ROADMAP_PLUGINS": "",
    "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled",
    "LLM_ROADMAP_LANG": "en",
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("conventions")
    (directory / "roadmap.toml").write_text(DATA, encoding="utf-8")
    return directory


def cli(*args, cwd=None, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        capture_output=True,
        env={**os.environ, **ENV},
        cwd=cwd,
        timeout=120,
        **kwargs,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_binary_format_refuses_a_terminal_without_output(data_dir):
    import pty

    master, slave = pty.openpty()
    command = [
        sys.executable,
        "-m",
        "llm_roadmap",
        "--data",
        str(data_dir),
        "export",
        "-f",
        "sqlite",
    ]
    proc = subprocess.Popen(
        command, stdout=slave, stderr=subprocess.PIPE, env={**os.environ, **ENV}
    )
    os.close(slave)
    written = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not chunk:
            break
        written.append(chunk)
    os.close(master)
    stderr = proc.stderr.read().decode("utf-8")
    proc.stderr.close()
    assert proc.wait() == 2
    assert "the sqlite format is binary and stdout is a terminal: give -o FILE.db" in stderr
    assert b"SQLite format" not in b"".join(written)


def test_a_binary_format_goes_to_a_pipe(data_dir):
    proc = cli("--data", str(data_dir), "export", "-f", "sqlite")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"SQLite format 3\x00")
    assert proc.stderr == b""  # nothing to report when the output is the pipe


def test_a_file_export_reports_the_path_and_counts(data_dir, tmp_path):
    out = tmp_path / "roadmap.db"
    proc = cli("--data", str(data_dir), "export", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    assert proc.stderr.decode("utf-8") == f"Wrote {out} (sqlite): 1 track, 1 topic, 1 resource\n"
    assert sqlite3.connect(out).execute("SELECT id FROM resources").fetchall() == [("d2l",)]
    proc = cli(
        "--data",
        str(data_dir),
        "--lang",
        "zh",
        "export",
        "-f",
        "markdown",
        "-o",
        "r.md",
        cwd=tmp_path,
    )
    assert proc.stderr.decode("utf-8") == "已写入 r.md（markdown）：1 条路线，1 个主题，1 个资源\n"
    proc = cli(
        "--data", str(data_dir), "export", "-f", "csv", "-o", "r.csv", "--json", cwd=tmp_path
    )
    report = json.loads(proc.stderr)
    assert report == {
        "path": "r.csv",
        "format": "csv",
        "tracks": 1,
        "topics": 1,
        "resources": 1,
        "bytes": (tmp_path / "r.csv").stat().st_size,
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--json", "show", "nope"], 1, "no track or topic with id 'nope'"),
        (["show", "nope", "--json"], 1, "no track or topic with id 'nope'"),
        (["--json", "--lang", "xx", "tracks"], 2, "Invalid value for '--lang'"),
        (["--json", "tracks", "--no-such-option"], 2, "--no-such-option"),
        (["export", "--json", "-f", "nope"], 2, "no exporter 'nope'"),
        (["--json", "export", "-f", "csv", "-O", "x"], 2, "expected KEY=VALUE"),
    ],
)
def test_errors_under_json_are_json_on_stderr_with_the_same_exit_status(
    data_dir, args, code, message
):
    plain = cli("--data", str(data_dir), *[a for a in args if a != "--json"])
    proc = cli("--data", str(data_dir), *args)
    assert proc.returncode == plain.returncode == code, proc.stderr
    assert proc.stdout == b""
    error = json.loads(proc.stderr)
    assert set(error) == {"error", "problems"} and error["problems"] == []
    assert message in error["error"]
    assert message in plain.stderr.decode("utf-8")  # the same message as text


def test_data_errors_under_json_list_their_problems(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN, encoding="utf-8")
    proc = cli("--json", "--data", str(bad), "tracks")
    assert proc.returncode == 1
    error = json.loads(proc.stderr)
    assert error["error"] == "invalid roadmap data: 1 problem"
    assert error["problems"] == [
        {
            "file": str(bad),
            "entry": "broken",
            "field": "url",
            "message": "required field missing",
            "kind": "resource",
        }
    ]
    text = cli("--data", str(bad), "tracks")
    assert text.returncode == 1 and text.stderr.startswith(
        b"Error: invalid roadmap data: 1 problem\n"
    )


def test_json_after_a_double_dash_is_an_argument_not_the_option(data_dir):
    # "show -- --json" asks for a topic named "--json": its error is text, not JSON.
    proc = cli("--data", str(data_dir), "show", "--", "--json")
    assert proc.returncode == 1
    assert proc.stderr.decode("utf-8").startswith("Error: no track or topic with id '--json'")
    # An option that only starts like --json is not --json either.
    proc = cli("--data", str(data_dir), "show", "nope", "--jsonish")
    assert proc.returncode == 2 and not proc.stderr.startswith(b"{")
