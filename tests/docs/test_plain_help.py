"""No raw markup where a reader sees text as it is: CLI help, and code in the CLI reference tables.

click prints a help text verbatim, so reST (double backticks) shows as it is
written. In a Markdown table, a pipe inside a code span must not be escaped
with a backslash: Python-Markdown keeps the backslash inside code
(``--lang zh\\|en`` rendered with it).
"""

import re
from collections.abc import Iterator
from pathlib import Path

import click

from llm_roadmap.cli import main

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_PAGES = sorted((ROOT / "docs").glob("*.md"))


def _commands() -> Iterator[tuple[str, click.Command]]:
    def walk(command: click.Command, ctx: click.Context) -> Iterator[tuple[str, click.Command]]:
        yield ctx.command_path, command
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                yield from walk(sub, click.Context(sub, info_name=name, parent=ctx))

    yield from walk(main, click.Context(main, info_name="llm-roadmap"))


def test_every_command_is_walked() -> None:
    paths = {path for path, _ in _commands()}
    assert {"llm-roadmap install", "llm-roadmap plugin new", "llm-roadmap mark"} <= paths


def test_help_texts_have_no_rest_markup() -> None:
    raw = []
    for path, command in _commands():
        text = command.get_help(click.Context(command, info_name=path))
        raw.extend(f"{path}: {line.strip()}" for line in text.splitlines() if "``" in line)
        raw.extend(f"{path}: {line.strip()}" for line in text.splitlines() if "\\|" in line)
    assert not raw, "raw markup in help texts:\n" + "\n".join(raw)


def test_no_escaped_pipe_inside_code_in_tables() -> None:
    found = [
        f"{page.relative_to(ROOT)}:{number}: {line.strip()}"
        for page in REFERENCE_PAGES
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith("|") and re.search(r"`[^`|]*\\\|[^`]*`", line)
    ]
    assert not found, "a backslash shows inside code in these table cells:\n" + "\n".join(found)
