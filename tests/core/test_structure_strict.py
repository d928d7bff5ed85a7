"""Strict types and plain messages from the one converter, and anchored patterns.

Before the change a string or a table where a model table belongs (``links =
["x"]``, ``identifiers = "x"``) gave cattrs' own words (``'str' object has no
attribute 'keys'``, ``argument of type 'int' is not iterable``), and ids,
languages, tags and arXiv ids ending in a newline passed their ``$`` patterns.
"""

import re
import textwrap
from pathlib import Path

import pytest

from llm_roadmap.loading import validate_paths

RESOURCE = """
[[resources]]
id = "a-paper"
title = "A Paper"
url = "https://example.org/a"
kind = "paper"
language = "en"
description = {{ zh = "论文。", en = "A paper." }}
{extra}
"""

PYTHON_WORDS = re.compile(
    r"object has no attribute|is not iterable|object is not|NoneType|Traceback"
)


def _problems(tmp_path: Path, extra: str) -> list[str]:
    path = tmp_path / "data.toml"
    path.write_text(textwrap.dedent(RESOURCE.format(extra=extra)), encoding="utf-8")
    return [str(p) for p in validate_paths([path], with_roadmap=False)]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ('authors = "Ashish"', "authors", "expected an array, got the string 'Ashish'"),
        ("authors = { a = 1 }", "authors", "expected an array, got a table"),
        ('tags = "x"', "tags", "expected an array, got the string 'x'"),
        ('identifiers = "1706.03762"', "identifiers", "expected a table, got the string"),
        ("identifiers = [1]", "identifiers", "expected a table, got an array"),
        ('links = ["https://example.org/b"]', "links[0]", "expected a table, got the string"),
        ("links = [3]", "links[0]", "expected a table, got the integer 3"),
        ("links = { url = 'x' }", "links", "expected an array, got a table"),
    ],
)
def test_wrong_shape_is_named_with_file_entry_and_field(
    tmp_path: Path, extra: str, field: str, message: str
) -> None:
    (problem,) = _problems(tmp_path, extra)
    assert problem.startswith(f"{tmp_path / 'data.toml'}: resource 'a-paper': {field}: ")
    assert message in problem
    assert not PYTHON_WORDS.search(problem)


def test_a_string_is_never_split_into_characters(tmp_path: Path) -> None:
    # The failure the issue names: authors = "Ashish" became ("A", "s", "h", ...).
    problems = _problems(tmp_path, 'authors = "Ashish"')
    assert problems and "expected an array" in problems[0]


def test_track_and_topic_shapes(tmp_path: Path) -> None:
    path = tmp_path / "track.toml"
    path.write_text(
        textwrap.dedent(
            """
            [[tracks]]
            id = "t"
            title = { zh = "路线", en = "Track" }
            summary = { zh = "摘要", en = "Summary" }
            topics = ["not-a-table", 3, true]
            """
        ),
        encoding="utf-8",
    )
    problems = [str(p) for p in validate_paths([path], with_roadmap=False)]
    assert problems == [
        f"{path}: track 't': topics[0]: expected a table, got the string 'not-a-table'",
        f"{path}: track 't': topics[1]: expected a table, got the integer 3",
        f"{path}: track 't': topics[2]: expected a table, got a boolean",
    ]


def test_long_values_are_cut_in_messages(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, f'authors = "{"x" * 5000}"')
    assert len(problem) < 300


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ('language = "en\\n"', "language"),
        ('tags = ["basics\\n"]', "tags[0]"),
        ('identifiers = { arxiv = "1706.03762\\n" }', "identifiers.arxiv"),
        ('identifiers = { doi = "10.1000/x\\n" }', "identifiers.doi"),
        ('identifiers = { isbn = "9780262035613\\n" }', "identifiers.isbn"),
        ('identifiers = { github = "a/b\\n" }', "identifiers.github"),
    ],
)
def test_a_trailing_newline_fails_every_pattern(tmp_path: Path, line: str, field: str) -> None:
    # "$" matches before a trailing newline: "en\n" used to pass and then
    # break Markdown tables and Mermaid labels.
    text = textwrap.dedent(RESOURCE.format(extra=line))
    if line.startswith("language"):
        text = text.replace('language = "en"\n', "")
    path = tmp_path / "data.toml"
    path.write_text(text, encoding="utf-8")
    problems = list(validate_paths([path], with_roadmap=False))
    assert [p.field for p in problems] == [field]


def test_an_id_with_a_trailing_newline_fails(tmp_path: Path) -> None:
    path = tmp_path / "data.toml"
    text = textwrap.dedent(RESOURCE.format(extra="")).replace('id = "a-paper"', 'id = "a-paper\\n"')
    path.write_text(text, encoding="utf-8")
    problems = validate_paths([path], with_roadmap=False)
    assert [p.field for p in problems] == ["id"]
    assert "not a kebab-case id" in problems[0].message


def test_hostile_keys_stay_on_one_line(tmp_path: Path) -> None:
    # Found by the fuzz suite (tests/fuzz/test_fuzz_data_files.py): a key
    # holding a newline was printed raw, splitting one problem over two lines.
    path = tmp_path / "data.toml"
    text = textwrap.dedent(RESOURCE.format(extra='"bad\\nkey" = 1'))
    text += '\n"top\\nlevel" = 1\n'
    text = text.replace(
        'description = { zh = "论文。", en = "A paper." }',
        'description = { zh = "论文。", en = "A paper.", "x\\ny" = "z" }',
    )
    path.write_text(text, encoding="utf-8")
    problems = validate_paths([path], with_roadmap=False)
    assert problems
    for problem in problems:
        assert "\n" not in str(problem)
    fields = {p.field for p in problems}
    assert "'bad\\nkey'" in fields or "'top\\nlevel'" in fields
