"""The CLI's start-up: what ``--help`` imports, the lazy commands' help, the version."""

import subprocess
import sys
import textwrap

import click
import pytest
from _cli_run import run

import llm_roadmap
from llm_roadmap.cli import main
from llm_roadmap.cli._output import plain

# -- package hygiene -----------------------------------------------------------
# What `import llm_roadmap` imports is checked once, in tests/test_architecture.py.


def test_help_imports_no_command_module_and_no_rich() -> None:
    code = textwrap.dedent(
        """
        import sys
        from llm_roadmap.cli import main
        try:
            main(["--help"])
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        loaded = {m for m in sys.modules if m.startswith("llm_roadmap.cli.") or m == "rich"}
        # The group and what it needs to parse options and report errors; no command module.
        assert loaded == {
            "llm_roadmap.cli._errors",
            "llm_roadmap.cli._group",
            "llm_roadmap.cli._settings",
        }, loaded
        """
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert "tracks" in out.stdout


def test_registered_short_help_matches_each_command() -> None:
    ctx = click.Context(main, info_name="llm-roadmap")
    for name, short in main.lazy_short_help().items():
        command = main.get_command(ctx, name)
        assert command is not None, name
        assert command.get_short_help_str(limit=200) == short, name


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
    assert result.output.startswith(f"Usage: main {' '.join(path)} ")  # CliRunner's prog name


def test_plain_cells_have_no_tabs_or_newlines() -> None:
    assert plain("a\tb\nc  d\r\n") == "a b c d"
    assert plain(None) == ""
    assert plain(2017) == "2017"
