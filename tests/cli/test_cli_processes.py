"""The CLI as real processes: exit codes of the module and the script, pipes and terminals."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _cli_run import NO_PLUGINS

import llm_roadmap

# -- real processes: scripts, pipes and terminals --------------------------------


def _script() -> str:
    script = Path(sys.executable).with_name("llm-roadmap")
    if not script.exists():  # pragma: no cover - the project is installed in every test env
        pytest.fail(f"the llm-roadmap script is not installed next to {sys.executable}")
    return str(script)


@pytest.mark.parametrize("launcher", ["module", "script"])
def test_exit_codes_of_real_processes(launcher: str, toy_dir: Path) -> None:
    prefix = [sys.executable, "-m", "llm_roadmap"] if launcher == "module" else [_script()]
    env = {**os.environ, **NO_PLUGINS, "LANG": "en_US.UTF-8", "LC_ALL": "", "LLM_ROADMAP_LANG": ""}

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, "--data", str(toy_dir), *args], capture_output=True, text=True, env=env
        )

    ok = call("show", "toy-track")
    assert ok.returncode == 0
    assert "toy-attention" in ok.stdout
    assert call("search", "qqqzzzxxx").returncode == 1
    assert call("show", "no-such-thing").returncode == 1
    usage = call("tracks", "--no-such-option")
    assert usage.returncode == 2
    assert "No such option" in usage.stderr
    assert call("--version").stdout.strip().endswith(llm_roadmap.__version__)


def test_piped_output_is_plain(toy_dir: Path) -> None:
    env = {
        **os.environ,
        **NO_PLUGINS,
        "LANG": "zh_CN.UTF-8",
        "LC_ALL": "",
        "LLM_ROADMAP_LANG": "",
        "FORCE_COLOR": "",
    }
    for args in (
        ["tracks"],
        ["show", "toy-track"],
        ["resources"],
        ["path", "toy-attention"],
        ["plugins"],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "llm_roadmap", "--data", str(toy_dir), *args],
            capture_output=True,
            env=env,
        )
        assert proc.returncode == 0, proc.stderr
        out = proc.stdout.decode("utf-8")
        assert "\x1b" not in out, args
        assert not set(out) & set("┏┃━│─└┘┌┐╇┡"), args
    tracks = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", "--data", str(toy_dir), "tracks"],
        capture_output=True,
        env=env,
    )
    assert "toy-track\t玩具路线\t2" in tracks.stdout.decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_terminal_output_is_a_table_with_aligned_chinese(toy_dir: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    from rich.cells import cell_len

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    env = {**os.environ, **NO_PLUGINS, "LLM_ROADMAP_LANG": "zh", "TERM": "xterm", "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llm_roadmap",
            "--data",
            str(toy_dir),
            "resources",
            "--track",
            "toy-track",
        ],
        stdout=slave,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait() == 0
    out = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8"))
    lines = out.replace("\r", "").splitlines()
    assert "玩具书" in out  # the zh title
    assert "付费" in out
    # Columns line up in cells: each row's title starts where the header's 标题 does.
    header = next(line for line in lines if "标题" in line)
    start = cell_len(header[: header.index("标题")])
    rows = [line for line in lines if line.startswith("toy-")]
    assert len(rows) == 3, out
    titles = {"toy-paper": "A Toy Paper", "toy-book": "玩具书", "toy-video": "Toy Video"}
    for line in rows:
        title = titles[line.split()[0]]
        assert cell_len(line[: line.index(title)]) == start, out
