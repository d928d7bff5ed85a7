"""Shell completion through click's own machinery, in a real process, as a shell would call it."""

import os
import subprocess
import sys

import pytest

DATA = """
[[resources]]
id = "comp-paper"
title = "A Paper"
url = "https://example.org/paper"
kind = "paper"
language = "en"
description = { zh = "论文。", en = "A paper." }

[[resources]]
id = "comp-book"
title = { zh = "一本书", en = "A Book" }
url = "https://example.org/book"
kind = "book"
language = "zh"
description = { zh = "书。", en = "A book." }

[[tracks]]
id = "comp-track"
title = { zh = "补全路线", en = "Completion track" }
summary = { zh = "测试。", en = "For tests." }

[[tracks.topics]]
id = "comp-topic-one"
title = { zh = "第一个主题", en = "First topic" }
summary = { zh = "一。", en = "One." }

[[tracks.topics.resources]]
resource = "comp-paper"

[[tracks.topics]]
id = "comp-topic-two"
title = { zh = "第二个主题", en = "Second topic" }
summary = { zh = "二。", en = "Two." }

[[tracks.topics.resources]]
resource = "comp-book"

[[tracks]]
id = "other-track"
title = { zh = "另一条", en = "Another" }
summary = { zh = "测试。", en = "For tests." }

[[tracks.topics]]
id = "other-topic"
title = { zh = "另一个主题", en = "Another topic" }
summary = { zh = "三。", en = "Three." }

[[tracks.topics.resources]]
resource = "comp-paper"
"""

ENV = {
    "LLM_ROADMAP_PLUGINS": "",
    "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled",
    "LLM_ROADMAP_LANG": "en",
}


@pytest.fixture(scope="module")
def data_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("completion") / "roadmap.toml"
    path.write_text(DATA, encoding="utf-8")
    return path


def complete(shell, words, cword=None, **env):
    """Run the CLI as ``shell`` would to complete ``words`` (the last one being typed)."""
    if cword is None:
        cword = str(len(words)) if shell != "fish" else words[-1]
    proc = subprocess.run(
        [sys.executable, "-m", "llm_roadmap"],
        capture_output=True,
        env={
            **os.environ,
            **ENV,
            **env,
            "_LLM_ROADMAP_COMPLETE": f"{shell}_complete",
            "COMP_WORDS": " ".join(["llm-roadmap", *words]),
            "COMP_CWORD": cword,
        },
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.decode("utf-8")


def bash(data_file, *words):
    out = complete("bash", ["--data", str(data_file), *words])
    return [line.split(",", 1)[1] for line in out.splitlines()]


def test_bash_completes_track_and_topic_ids_for_show_and_path(data_file):
    assert bash(data_file, "show", "comp-") == ["comp-track", "comp-topic-one", "comp-topic-two"]
    assert bash(data_file, "path", "comp-topic-t") == ["comp-topic-two"]
    assert bash(data_file, "show", "") == [
        "comp-track",
        "other-track",
        "comp-topic-one",
        "comp-topic-two",
        "other-topic",
    ]


def test_bash_completes_options_values_of_export_and_resources(data_file):
    exporters = bash(data_file, "export", "-f", "")
    assert {"markdown", "csv", "json", "bibtex", "mermaid", "sqlite"} <= set(exporters)
    assert bash(data_file, "export", "--format", "sq") == ["sqlite"]
    assert bash(data_file, "export", "--track", "o") == ["other-track"]
    assert bash(data_file, "export", "--topic", "o") == ["other-topic"]
    assert bash(data_file, "export", "--topic", "comp-topic-o") == ["comp-topic-one"]
    assert bash(data_file, "resources", "--track", "") == ["comp-track", "other-track"]
    assert bash(data_file, "resources", "--topic", "comp") == ["comp-topic-one", "comp-topic-two"]


def test_zsh_and_fish_get_the_titles_as_descriptions(data_file):
    zsh = complete("zsh", ["--data", str(data_file), "show", "comp-tr"]).splitlines()
    assert zsh == ["plain", "comp-track", "Completion track"]
    fish = complete("fish", ["--data", str(data_file), "--lang", "zh", "path", "comp-topic"])
    assert fish.splitlines() == [
        "plain,comp-topic-one\t第一个主题",
        "plain,comp-topic-two\t第二个主题",
    ]


def test_the_scripts_to_source_come_from_click(data_file):
    for shell, marker in (
        ("bash", "complete -o nosort -F"),
        ("zsh", "compdef"),
        ("fish", "complete"),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "llm_roadmap"],
            capture_output=True,
            env={**os.environ, **ENV, "_LLM_ROADMAP_COMPLETE": f"{shell}_source"},
            timeout=120,
        )
        assert proc.returncode == 0 and marker in proc.stdout.decode("utf-8")


def test_a_roadmap_that_does_not_load_completes_to_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[resources]]\nid = 'x'\n", encoding="utf-8")
    assert complete("bash", ["--data", str(bad), "show", ""]).strip() == ""
