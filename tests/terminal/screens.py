"""Rewrite the terminal screens shown in the docs from what the code shows now.

A screen in a page is a ``console`` block after a marker naming the command
line (after ``llm-roadmap``) and, optionally, how many lines to keep::

    <!-- screen: --lang en tracks -->
    <!-- screen: --lang zh path llm-foundations | 24 -->

Each is run in an 80-column pseudo-terminal (`_pty.run`), without pager or
styles, installed plugins off, with a fresh progress file holding the marks
of `MARKS` (for ``progress`` and ``next``), and the block's content is
replaced by the prompt line and the screen. Run it from the repository::

    python tests/terminal/screens.py docs/cli.md docs/cli.zh.md
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _pty import COMMAND, run

COLUMNS = 80
MARKS = {
    "done": ["linear-algebra", "python", "attention-is-all-you-need"],
    "learning": ["d2l-zh"],
}
_BLOCK = re.compile(
    r"(<!-- screen: (?P<args>[^|>]+?)(?: \| (?P<keep>\d+))? -->\n```console\n)(?P<body>.*?)(```)",
    re.DOTALL,
)


def _home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="llm-roadmap-screens-"))
    for status, ids in MARKS.items():
        subprocess.run(
            [COMMAND, "mark", status, *ids],
            env={"LLM_ROADMAP_DATA_DIR": str(home), "LLM_ROADMAP_PLUGINS": "", "PATH": ""},
            check=True,
            capture_output=True,
        )
    return home


def screen(args: str, keep: int, home: Path) -> str:
    """The prompt line and what an 80-column terminal shows for ``llm-roadmap ARGS``."""
    words = args.split()
    env = {"LLM_ROADMAP_DATA_DIR": str(home), "NO_COLOR": "1", "LLM_ROADMAP_PAGER": ""}
    shown = run(*words, columns=COLUMNS, env=env)
    lines = shown.screen[:keep] if keep else shown.screen
    more = ["…"] if keep and len(shown.screen) > keep else []
    return "\n".join([f"$ llm-roadmap {args}", *lines, *more]) + "\n"


def rewrite(page: Path, home: Path) -> int:
    """Rewrite every marked screen of ``page``; return how many."""
    text = page.read_text(encoding="utf-8")
    count = 0

    def replace(found: re.Match[str]) -> str:
        nonlocal count
        count += 1
        keep = int(found["keep"]) if found["keep"] else 0
        return found[1] + screen(found["args"].strip(), keep, home) + found[5]

    page.write_text(_BLOCK.sub(replace, text), encoding="utf-8")
    return count


if __name__ == "__main__":
    where = _home()
    for name in sys.argv[1:]:
        print(f"{name}: {rewrite(Path(name), where)} screens")
