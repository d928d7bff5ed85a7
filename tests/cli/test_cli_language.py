"""Choosing the language: LLM_ROADMAP_LANG, the locale, --lang before or after the command."""

from pathlib import Path

import pytest
from _cli_run import run

from llm_roadmap.model import Lang

# -- language ------------------------------------------------------------------


@pytest.fixture
def data(toy_dir: Path) -> list[str]:
    """``--data`` arguments that add the toy track and its resources."""
    return ["--data", str(toy_dir)]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, Lang.EN),
        ({"LANG": "zh_CN.UTF-8"}, Lang.ZH),
        ({"LANG": "en_GB.UTF-8"}, Lang.EN),
        ({"LANG": "C.UTF-8"}, Lang.EN),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, Lang.ZH),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, Lang.EN),
        ({"LC_ALL": "", "LC_MESSAGES": "zh_CN", "LANG": "en_US"}, Lang.ZH),
        ({"LLM_ROADMAP_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, Lang.EN),
        ({"LLM_ROADMAP_LANG": "zh-CN", "LANG": "en_US.UTF-8"}, Lang.ZH),
    ],
)
def test_default_lang_from_environment(
    data: list[str], environ: dict[str, str], expected: Lang
) -> None:
    # The variables not given are unset, as they are for a learner who has only these.
    unset = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "", "LLM_ROADMAP_LANG": ""}
    shown = run(*data, "tracks", env={**unset, **environ}).stdout
    assert ("玩具路线" in shown, "Toy track" in shown) == (expected is Lang.ZH, expected is Lang.EN)


def test_lang_from_locale_option_and_command_option(data: list[str]) -> None:
    zh_locale = {"LANG": "zh_CN.UTF-8"}
    assert "玩具路线" in run(*data, "tracks", env=zh_locale).stdout
    assert "Toy track" in run(*data, "tracks").stdout
    assert "Toy track" in run(*data, "--lang", "en", "tracks", env=zh_locale).stdout
    # The command's own --lang overrides the group's.
    assert "玩具路线" in run(*data, "--lang", "en", "tracks", "--lang", "zh").stdout


def test_unknown_language_is_a_usage_error(data: list[str]) -> None:
    assert run(*data, "--lang", "fr", "tracks").exit_code == 2
    result = run(*data, "tracks", env={"LLM_ROADMAP_LANG": "klingon"})
    assert result.exit_code == 2
    assert "LLM_ROADMAP_LANG" in result.stderr
