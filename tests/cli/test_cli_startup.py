"""The CLI's start-up: the version, and every command's help."""

import click
import pytest
from _cli_run import run

import llm_roadmap
from llm_roadmap.cli import main


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert llm_roadmap.__version__ in result.stdout


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_all_commands(main)), ids=" ".join)
def test_help_texts_render_cleanly(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    # A raw docstring turns click's \b (keep these lines) marker into a visible "\b".
    assert "\\b" not in result.output
    assert result.output.startswith(f"Usage: llm-roadmap {' '.join(path)} ")
