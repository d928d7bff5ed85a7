"""The model's vocabularies and helpers."""

import pytest

from llm_roadmap import Emphasis, Kind, Lang, Level, Role, Text
from llm_roadmap.errors import DataError, Problem


def test_lang_parse_accepts_locales() -> None:
    assert Lang.parse("zh-Hans") is Lang.ZH
    assert Lang.parse("EN_us") is Lang.EN
    assert Lang.parse(Lang.ZH) is Lang.ZH
    with pytest.raises(ValueError, match="expected 'zh' or 'en'"):
        Lang.parse("de")


def test_vocabularies_are_strings_with_stable_values() -> None:
    # These values are written in data files and exports: they must not change.
    assert {k.value for k in Kind} >= {
        "book",
        "paper",
        "course",
        "video",
        "repo",
        "article",
        "blog",
        "docs",
        "cheatsheet",
        "community",
        "tool",
    }
    assert [lvl.value for lvl in Level] == ["beginner", "intermediate", "advanced"]
    assert [r.value for r in Role] == ["core", "optional", "alternative"]
    assert [e.value for e in Emphasis] == ["essential", "standard", "selective", "background"]
    assert Kind("paper") == "paper"


def test_text_same_and_get() -> None:
    assert Text.same("GPT-4").get("zh") == "GPT-4"


def test_data_error_lists_every_problem() -> None:
    problems = [
        Problem(file="a.toml", kind="resource", entry="x", field="url", message="bad"),
        Problem(file="b.toml", entry="", field="", message="invalid TOML"),
    ]
    error = DataError(problems)
    assert str(error).splitlines() == [
        "invalid roadmap data: 2 problems",
        "  a.toml: resource 'x': url: bad",
        "  b.toml: invalid TOML",
    ]
    assert error.problems == tuple(problems)
