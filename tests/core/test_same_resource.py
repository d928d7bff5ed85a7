"""The same resource under two ids, from any two sources (issue 12, item 4).

`load` warns (`IdentityWarning`) and keeps both; `validate_paths` and
``llm-roadmap validate`` report it as a problem naming both ids and where each
came from. Before the change nothing noticed.
"""

import json
import textwrap
import warnings
from pathlib import Path

import pytest
from cli._cli_run import run

import llm_roadmap
from llm_roadmap import IdentityWarning
from llm_roadmap.bundled import data_root
from llm_roadmap.loading import validate_paths

# The bundled copy of this paper is 'attention-is-all-you-need' (data/resources/papers.toml).
COPY = """
[[resources]]
id = "my-attention-copy"
title = "Attention Is All You Need"
url = "https://arxiv.org/pdf/1706.03762v7"
kind = "paper"
language = "en"
description = { zh = "注意力。", en = "Attention." }
"""


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "mine"
    directory.mkdir()
    (directory / "papers.toml").write_text(textwrap.dedent(COPY), encoding="utf-8")
    return directory


def _bundled_file() -> str:
    return str(data_root() / "resources" / "papers.toml")


def test_validate_paths_names_both_ids_and_origins(copy_dir: Path) -> None:
    (problem,) = validate_paths([copy_dir])
    assert problem.file == str(copy_dir / "papers.toml")
    assert (problem.kind, problem.entry, problem.field) == ("resource", "my-attention-copy", "url")
    assert "'attention-is-all-you-need'" in problem.message
    assert "plugin 'llm_roadmap.bundled'" in problem.message
    assert _bundled_file() in problem.message
    assert "arxiv:1706.03762" in problem.message


def test_load_warns_and_keeps_both(copy_dir: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rm = llm_roadmap.load([copy_dir], plugins=[])
    same = [w.message for w in caught if isinstance(w.message, IdentityWarning)]
    assert len(same) == 1
    assert same[0].from_paths
    assert same[0].problem.entry == "my-attention-copy"
    assert {"my-attention-copy", "attention-is-all-you-need"} <= {r.id for r in rm.resources}


def test_cli_validate_path_reports_a_problem(copy_dir: Path) -> None:
    result = run("validate", str(copy_dir))
    assert result.exit_code == 1
    assert "resource 'my-attention-copy': url: same resource as 'attention-is-all-you-need'" in (
        result.stdout
    )
    shown = json.loads(run("--json", "validate", str(copy_dir)).stdout)
    assert shown["valid"] is False
    assert [p["entry"] for p in shown["problems"]] == ["my-attention-copy"]


def test_cli_validate_without_paths_reports_plugin_copies(tmp_path: Path) -> None:
    # Without PATHs the CLI used to drop the warnings it caught: a plugin
    # copying a bundled resource must show as a problem there.
    from _sites import make_site

    monkeypatch = pytest.MonkeyPatch()
    try:
        site = next(make_site(tmp_path, monkeypatch))
        data = {"resources": [_copy_mapping()]}
        site.add(
            "copycat",
            f"from llm_roadmap import hookimpl\n\n@hookimpl\ndef register_tracks(register):\n"
            f"    register({data!r})\n",
        )
        result = run("validate", env={"LLM_ROADMAP_PLUGINS": "copycat"})
    finally:
        monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert "resource 'my-attention-copy'" in result.stdout
    assert "same resource as 'attention-is-all-you-need'" in result.stdout


def _copy_mapping() -> dict[str, object]:
    return {
        "id": "my-attention-copy",
        "title": "Attention Is All You Need",
        "url": "https://arxiv.org/abs/1706.03762",
        "kind": "paper",
        "language": "en",
        "description": {"zh": "注意力。", "en": "Attention."},
    }


def test_standalone_paths_are_checked_among_themselves(tmp_path: Path) -> None:
    directory = tmp_path / "two"
    directory.mkdir()
    second = COPY.replace("my-attention-copy", "another-copy").replace(
        "pdf/1706.03762v7", "abs/1706.03762"
    )
    (directory / "a.toml").write_text(textwrap.dedent(COPY), encoding="utf-8")
    (directory / "b.toml").write_text(textwrap.dedent(second), encoding="utf-8")
    (problem,) = validate_paths([directory], with_roadmap=False)
    assert problem.entry == "another-copy"
    assert f"same resource as 'my-attention-copy' from <paths> ({directory / 'a.toml'})" in (
        problem.message
    )
