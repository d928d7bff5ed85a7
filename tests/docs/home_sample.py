"""The home pages' sample of ``llm-roadmap path llm-foundations``, cut from the real output.

``docs/index.md`` and ``docs/index.zh.md`` show the command's first lines
between two markers. When the command's output changes, rewrite them::

    python tests/docs/home_sample.py

``tests/docs/test_home_sample.py`` fails, naming this command, when a page and
the command disagree.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = {"index.md": "en", "index.zh.md": "zh"}
LINES = 12
"""How many lines of the output the sample shows (a "…" line follows)."""

_BLOCK = re.compile(
    r"(<!-- sample: (?P<command>[^>]*?) -->\n)```console\n.*?```\n(<!-- /sample -->)", re.DOTALL
)


def output(lang: str) -> str:
    """The sample as the page shows it: the command, its first lines, and ``…``."""
    command = ["llm-roadmap", "--lang", lang, "path", "llm-foundations"]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LLM_ROADMAP_")},
        # Only the bundled data, and no progress of the developer's own.
        "LLM_ROADMAP_PLUGINS": "",
        "LLM_ROADMAP_DATA_DIR": str(Path(os.devnull).parent / "nonexistent-llm-roadmap"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *command[1:]],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    lines = result.stdout.splitlines()[:LINES]
    return "\n".join([f"$ {' '.join(command)}", *lines, "   …"]) + "\n"


def render(page: str, lang: str) -> str:
    """``page``'s text with its sample block rewritten from the real command."""
    text = (DOCS / page).read_text(encoding="utf-8")
    match = _BLOCK.search(text)
    if match is None:
        raise SystemExit(f"docs/{page}: no '<!-- sample: ... -->' block")
    block = f"{match.group(1)}```console\n{output(lang)}```\n{match.group(3)}"
    return text[: match.start()] + block + text[match.end() :]


def main() -> None:
    """Rewrite the sample of each home page."""
    for page, lang in PAGES.items():
        (DOCS / page).write_text(render(page, lang), encoding="utf-8")
        print(f"docs/{page}: sample rewritten")


if __name__ == "__main__":
    main()
