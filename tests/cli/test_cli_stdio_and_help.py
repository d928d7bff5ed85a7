"""Command-line conventions: ``-`` for stdin and stdout, help in zh, suggestions, hints, offline.

Real processes where a file, a pipe or the network is involved; the rest
in-process through click's runner.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import click
import pytest
from _cli_run import NO_PLUGINS, run

from llm_roadmap.cli import main
from llm_roadmap.cli._words import HELP

RESOURCE = """
[[resources]]
id = "stdin-paper"
title = "A Paper Read From Standard Input"
url = "https://example.org/stdin-paper"
kind = "paper"
language = "en"
authors = ["Ada Lovelace"]
year = 2020
description = { zh = "从标准输入读到的论文。", en = "A paper read from standard input." }
"""


def cli(*args: str, stdin: str = "", cwd: Path, env: Optional[dict[str, str]] = None):
    return subprocess.run(
        [sys.executable, "-m", "llm_roadmap", *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **NO_PLUGINS, "LLM_ROADMAP_LANG": "en", **(env or {})},
        timeout=120,
    )


# -- "-" ----------------------------------------------------------------------------------


def test_export_to_dash_is_stdout_and_makes_no_file(tmp_path: Path) -> None:
    result = cli("export", "--format", "json", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)  # what json.tool would read
    assert data["tracks"]
    assert list(tmp_path.iterdir()) == []  # no file called "-"


def test_validate_and_data_read_dash_from_stdin(tmp_path: Path) -> None:
    ok = cli("validate", "-", stdin=RESOURCE, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert b"<stdin>: valid" in ok.stderr
    bad = cli("validate", "-", stdin="colour = 1\n", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.decode().startswith("<stdin>: colour: unknown top-level key")
    listed = cli("--data", "-", "resources", "--kind", "paper", stdin=RESOURCE, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert b"stdin-paper\tA Paper Read From Standard Input" in listed.stdout


def test_stdin_is_read_once_per_command(tmp_path: Path) -> None:
    # The same "-" twice is one input; two readers of it are a usage error.
    same = cli("--data", "-", "validate", "-", stdin=RESOURCE, cwd=tmp_path)
    assert same.returncode == 0, same.stderr
    twice = cli(
        "--data", "-", "import", "-", "--track-id", "t", "-o", "out", stdin="", cwd=tmp_path
    )
    assert twice.returncode == 2
    assert b"standard input (-) can be read only once" in twice.stderr


def test_progress_export_and_import_through_a_pipe(tmp_path: Path) -> None:
    here = {"LLM_ROADMAP_DATA_DIR": str(tmp_path / "here")}
    there = {"LLM_ROADMAP_DATA_DIR": str(tmp_path / "there")}
    assert cli("mark", "done", "python", cwd=tmp_path, env=here).returncode == 0
    exported = cli("progress", "export", "-o", "-", cwd=tmp_path, env=here)
    assert exported.returncode == 0
    assert not (tmp_path / "-").exists()
    merged = cli("progress", "import", "-", stdin=exported.stdout.decode(), cwd=tmp_path, env=there)
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.decode().startswith("Merged <stdin>: 1 added")
    status = cli("progress", "--track", "programming-foundations", cwd=tmp_path, env=there)
    assert "programming-foundations\tpython\tdone\t" in status.stdout.decode()
    broken = cli("progress", "import", "-", stdin="{not json", cwd=tmp_path, env=there)
    assert broken.returncode == 1
    assert b"<stdin>" in broken.stderr


def test_import_reads_a_markdown_list_from_stdin(tmp_path: Path) -> None:
    document = "# My list\n\n## Basics\n\n- [A page](https://example.org/a-page) - A page.\n"
    result = cli("import", "-", "--track-id", "my-list", "-o", "out", stdin=document, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "out" / "resources" / "my-list.toml").read_text(encoding="utf-8")
    assert "https://example.org/a-page" in written


def test_check_links_to_dash_needs_a_format(tmp_path: Path) -> None:
    result = cli("check-links", "--offline", "-o", "-", cwd=tmp_path)
    assert result.returncode == 2
    assert b"-o - (standard output) needs --json or --markdown" in result.stderr


# -- conventions --------------------------------------------------------------------------


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = run("shwo")
    assert result.exit_code == 2
    assert "No such command 'shwo'. Did you mean 'show'?" in result.stderr
    chinese = run("--lang", "zh", "resourcs")
    assert "没有命令“resourcs”。是不是：resources、sources？" in chinese.stderr
    far = run("zzzzzz")
    assert "No such command 'zzzzzz'." in far.stderr
    assert "Did you mean" not in far.stderr


def test_mark_with_its_arguments_the_wrong_way_round_shows_the_right_order() -> None:
    result = run("mark", "d2l-zh", "done")
    assert result.exit_code == 2
    assert "the status comes before the ids: llm-roadmap mark done d2l-zh" in result.stderr
    chinese = run("--lang", "zh", "mark", "attention-is-all-you-need", "skipped", "d2l-zh")
    assert "状态要写在编号前面：llm-roadmap mark skipped attention-is-all-you-need d2l-zh" in (
        chinese.stderr
    )
    unknown = run("mark", "finished", "d2l-zh")
    assert unknown.exit_code == 2
    assert "'finished' is not one of 'pending', 'learning', 'done', 'skipped'" in unknown.stderr


def test_check_links_says_the_machine_looks_offline_when_no_host_resolves(
    tmp_path: Path,
) -> None:
    # .invalid never resolves (RFC 2606), on any machine: as if there were no network.
    (tmp_path / "links.toml").write_text(
        "".join(
            f'[[resources]]\nid = "r{n}"\ntitle = "R{n}"\nurl = "https://host-{n}.invalid/"\n'
            'kind = "article"\nlanguage = "en"\n'
            'description = { zh = "示例。", en = "An example." }\n\n'
            for n in range(3)
        ),
        encoding="utf-8",
    )
    env = {
        "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled",
        "LLM_ROADMAP_CACHE_DIR": str(tmp_path / "cache"),
    }
    result = cli(
        "--data", str(tmp_path / "links.toml"), "check-links", "--retries", "0",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr  # indeterminate is not broken
    assert b"0 broken, 3 indeterminate" in result.stderr
    assert b"No host name resolved: this machine looks offline." in result.stderr
    rows = [line.split("\t") for line in result.stdout.decode().splitlines()]
    assert {(r[0], r[2]) for r in rows} == {
        ("indeterminate", "no host name resolved: this machine looks offline")
    }
    # One host that does not resolve is a dead link, not an offline machine.
    (tmp_path / "links.toml").write_text(
        '[[resources]]\nid = "r"\ntitle = "R"\nurl = "https://host.invalid/"\n'
        'kind = "article"\nlanguage = "en"\ndescription = { zh = "示例。", en = "An example." }\n',
        encoding="utf-8",
    )
    one = cli(
        "--data", str(tmp_path / "links.toml"), "check-links", "--retries", "0",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert one.returncode == 1
    assert b"broken\thttps://host.invalid/\thost name not found" in one.stdout


# -- help in Chinese ----------------------------------------------------------------------


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


COMMANDS = list(_commands(main))


def test_every_command_and_option_has_its_help_in_both_languages() -> None:
    missing = []
    for path, command in [((), main), *COMMANDS]:
        key = " ".join(path) or "llm-roadmap"
        if key not in HELP:
            missing.append(key)
        for param in command.params:
            if isinstance(param, click.Option):
                name = max(param.opts, key=len)
                if f"{key} {name}" not in HELP and name not in HELP:
                    missing.append(f"{key} {name}")
    assert not missing, f"no help in the table for: {missing}"
    for key, text in HELP.items():
        assert text.zh and text.en and text.zh != text.en, key


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_help_under_lang_zh_is_chinese_for_the_command_and_every_option(
    path: tuple[str, ...],
) -> None:
    key = " ".join(path)
    result = run("--lang", "zh", *path, "--help")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith(f"用法：llm-roadmap {key}")
    first = HELP[key].zh.split("\n", 1)[0]
    assert first in out
    command = dict(COMMANDS)[path]
    for param in command.params:
        if isinstance(param, click.Option):
            name = max(param.opts, key=len)
            text = (HELP.get(f"{key} {name}") or HELP[name]).zh
            # The first few characters (the rest may wrap onto the next line).
            assert text[:8] in out, (name, out)
    assert "显示本帮助并退出。" in out
    assert "Show this message and exit." not in out


def test_a_command_s_own_lang_decides_its_help_even_after_help() -> None:
    assert run("show", "--help", "--lang", "zh").output.startswith("用法：")
    assert run("--lang", "zh", "show", "--lang", "en", "--help").output.startswith("Usage:")


def test_search_headers_and_words_are_chinese_on_a_terminal_too() -> None:
    from llm_roadmap.cli._words import interface_word
    from llm_roadmap.model import Lang

    assert interface_word("topic", Lang.ZH) == "主题"
    assert interface_word("title.zh", Lang.ZH) == "标题"
    assert interface_word("a-field-of-a-plugin", Lang.ZH) == "a-field-of-a-plugin"
