"""Run the real ``llm-roadmap`` in a pseudo-terminal of a given size and read what it shows.

`run` starts the installed console script with its standard input, output
and error on the slave side of a pty whose window size is set with
``TIOCSWINSZ``, reads everything it writes from the master side, and hands
back both the raw bytes (escape sequences, OSC 8 hyperlinks and all) and the
screen a terminal emulator (pyte) draws from them.
"""

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import NamedTuple, Optional

import pyte
from wcwidth import wcswidth

COMMAND = str(Path(sys.executable).with_name("llm-roadmap"))
"""The console script installed with the package, next to the interpreter that runs the tests."""

# CSI (colours, cursor), OSC (hyperlinks, titles) ended by BEL or ST, and other two-byte escapes.
_CSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_OSC8 = re.compile(r"\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)(?:\x07|\x1b\\)")
_ESC = re.compile(r"\x1b[@-Z\\-_]")

URL = re.compile(r"https?://\S+")


class Shown(NamedTuple):
    """What one run put on the terminal.

    Attributes:
        raw: Everything written, decoded (escape sequences kept).
        lines: The written lines without escape sequences, as written (before
            the terminal wraps anything).
        screen: The lines the emulated terminal shows, trailing spaces dropped.
        links: The targets of the OSC 8 hyperlinks written.
        status: The exit status.
        columns: The terminal's width.
    """

    raw: str
    lines: list[str]
    screen: list[str]
    links: list[str]
    status: int
    columns: int

    @property
    def text(self) -> str:
        """The screen as one string."""
        return "\n".join(self.screen)


def strip(raw: str) -> str:
    """``raw`` without escape sequences."""
    return _ESC.sub("", _CSI.sub("", _OSC.sub("", raw)))


def width(line: str) -> int:
    """The cells ``line`` takes on a terminal, as the emulator (wcwidth) counts them."""
    found = wcswidth(line)
    return found if found >= 0 else len(line)


def run(
    *args: str,
    columns: int,
    rows: int = 40,
    env: Optional[dict[str, str]] = None,
    screen_rows: int = 4000,
    timeout: float = 60.0,
) -> Shown:
    """Run ``llm-roadmap ARGS`` in a pty of ``columns`` x ``rows`` and read all it shows.

    Args:
        args: The command line after ``llm-roadmap``.
        columns: The terminal's width.
        rows: Its height, as the program is told (a pager uses it).
        env: Variables added to the environment (after TERM=xterm-256color,
            installed plugins off and the test's data directories).
        screen_rows: How many lines the emulator keeps (all of a long output).
        timeout: Seconds before the run counts as hung.
    """
    assert Path(COMMAND).exists(), f"{COMMAND} is missing: install the package (pip install -e .)"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    full_env = {
        **os.environ,
        "TERM": "xterm-256color",
        "LLM_ROADMAP_PLUGINS": "",
        "LC_ALL": "",
        "LANG": "C.UTF-8",
        "COLUMNS": "",
        "LINES": "",
    }
    # A learner's terminal: nothing of the test runner's (a CI variable, a
    # multiplexer, the terminal the tests were started from) decides what it shows.
    for name in (
        "COLUMNS",
        "LINES",
        "NO_COLOR",
        "PAGER",
        "LLM_ROADMAP_PAGER",
        "FORCE_HYPERLINK",
        "CI",
        "TMUX",
        "STY",
        "TERM_PROGRAM",
        "VTE_VERSION",
        "WT_SESSION",
        "KONSOLE_VERSION",
        "DOMTERM",
    ):
        full_env.pop(name, None)
    full_env.update(env or {})
    process = subprocess.Popen(
        [COMMAND, *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full_env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                process.kill()
                raise AssertionError(f"llm-roadmap {' '.join(args)} did not finish in {timeout} s")
            ready, _, _ = select.select([master], [], [], min(left, 1.0))
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the slave side is closed, everything is read
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    status = process.wait(timeout=timeout)
    raw = b"".join(chunks).decode("utf-8", "replace")
    screen = pyte.Screen(columns, screen_rows)
    stream = pyte.Stream(screen)
    stream.feed(raw)
    shown = [line.rstrip() for line in screen.display]
    while shown and not shown[-1]:
        shown.pop()
    lines = [line.rstrip() for line in strip(raw).replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return Shown(
        raw=raw,
        lines=lines,
        screen=shown,
        links=_OSC8.findall(raw),
        status=status,
        columns=columns,
    )
