"""The CLI prints vocabulary words (kinds, levels, roles, emphases) in the language asked for.

The data names every kind, level, role and emphasis once, with texts in both
languages and ids, groups and URLs free of vocabulary words, so any English
vocabulary word in Chinese output (or a Chinese label in English output)
comes from the CLI itself.
"""

import re
from pathlib import Path
from typing import Callable

import pytest
from _cli_run import lines, run

from llm_roadmap import vocabulary
from llm_roadmap.model import Emphasis, Kind, Lang, Level, Role


def _resource(number: int, kind: Kind, level: Level) -> str:
    return f"""
[[resources]]
id = "r{number}"
title = {{ zh = "资源{number}号", en = "Item {number}" }}
url = "https://example.org/{number}"
kind = "{kind.value}"
language = "zh"
level = "{level.value}"
description = {{ zh = "说明。", en = "About it." }}
"""


def _data() -> dict[str, str]:
    levels = list(Level)
    resources = "".join(
        _resource(number, kind, levels[number % len(levels)]) for number, kind in enumerate(Kind, 1)
    )
    roles = [Role.CORE, Role.OPTIONAL, Role.ALTERNATIVE, Role.ALTERNATIVE]
    topics = []
    for t_number, emphasis in enumerate(Emphasis, 1):
        placements = "".join(
            f'\n[[tracks.topics.resources]]\nresource = "r{(t_number * 4 + i) % len(Kind) + 1}"\n'
            f'role = "{role.value}"\n' + ('group = "g1"\n' if role is Role.ALTERNATIVE else "")
            for i, role in enumerate(roles)
        )
        topics.append(
            f"""
[[tracks.topics]]
id = "p{t_number}"
title = {{ zh = "主题{t_number}号", en = "Step {t_number}" }}
summary = {{ zh = "概要。", en = "In short." }}
emphasis = "{emphasis.value}"
{placements}"""
        )
    track = f"""
[[tracks]]
id = "t1"
order = 1
title = {{ zh = "词汇路线", en = "Words track" }}
summary = {{ zh = "测试词汇。", en = "Checks the words." }}
emphasis = "selective"
{"".join(topics)}"""
    return {"resources": resources, "track": track}


ENGLISH = sorted(
    {
        word
        for member in (m for vocab in vocabulary.VOCABULARIES for m in vocab)
        for word in (member.value, vocabulary.label(member, Lang.EN))
    },
    key=len,
    reverse=True,
)
ENGLISH_WORD = re.compile(r"\b(?:" + "|".join(map(re.escape, ENGLISH)) + r")\b", re.IGNORECASE)
CHINESE = sorted({vocabulary.label(m, Lang.ZH) for vocab in vocabulary.VOCABULARIES for m in vocab})
# The bundled data's texts are not this test's: they hold English words in
# Chinese titles ("Transformer"), so only the test's own data is loaded.
ALONE = {"LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled"}
COMMANDS = [["show", "t1"], ["path", "t1"], ["resources"], ["search", "资源"]]


@pytest.fixture
def words_data(write_data: Callable[..., Path]) -> list[str]:
    return ["--data", str(write_data(**_data()))]


def _output(data: list[str], lang: str) -> dict[str, str]:
    found = {}
    for command in COMMANDS:
        result = run(*data, "--lang", lang, *command, env=ALONE)
        assert result.exit_code == 0, (command, result.stderr)
        assert lines(result), command
        found[command[0]] = result.stdout
    return found


def test_chinese_output_has_no_english_vocabulary_word(words_data: list[str]) -> None:
    output = _output(words_data, "zh")
    for command, out in output.items():
        # URLs hold no vocabulary word but are not text either.
        words = ENGLISH_WORD.findall(re.sub(r"https?://\S+", "", out))
        assert not words, (command, words)
    # The Chinese labels are there instead: every kind, level and role, and the emphases.
    shown = output["show"] + output["resources"]
    for member in [*Kind, *Level, *Role, *Emphasis]:
        assert vocabulary.label(member, Lang.ZH) in shown, member
    assert "任选其一 (g1)" in output["show"]


def test_english_output_has_no_chinese_vocabulary_label(words_data: list[str]) -> None:
    output = _output(words_data, "en")
    for command, out in output.items():
        assert not [label for label in CHINESE if label in out], command
    assert "pick one (g1)" in output["show"]
    assert "[essential]" in output["show"]
