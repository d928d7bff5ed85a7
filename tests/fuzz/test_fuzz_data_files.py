"""Mutated data files through ``validate`` and ``load``: a clean problem or the data, exactly.

A valid document (the test suite's toy track and resources) is changed at
random places: a value replaced by any TOML value (hostile text, huge or
negative numbers, floats, dates, arrays, tables), a key removed or added, or
the TOML text itself cut, doubled or spliced. Whatever comes out, validation
returns problems that name the file and read like sentences, ``load`` raises
`DataError` with the same problems or returns the data, and what it accepts
is what the file says (no string split into characters, no id or language
with a trailing newline, no URL a client cannot open).
"""

import copy
import datetime
import textwrap
from pathlib import Path
from typing import Any

import pytest

# The loader's own parser, as the reference for what a file says: tomli 2.3 and
# later read TOML 1.1 (a line break inside an inline table), which Python 3.11's
# tomllib refuses; the long run found such a file, accepted by one, refused by the other.
import tomli as tomllib
import tomli_w
from _fuzz_common import FUZZ, TEXT, assert_clean_problems
from _toy_data import VALID_RESOURCES, VALID_TRACK
from hypothesis import given
from hypothesis import strategies as st

import llm_roadmap
from llm_roadmap import DataError
from llm_roadmap.loading import validate_paths
from llm_roadmap.loading.checks import LANGUAGE_RE
from llm_roadmap.util.ids import is_id
from llm_roadmap.util.urls import url_problem

BASE = tomllib.loads(textwrap.dedent(VALID_RESOURCES) + textwrap.dedent(VALID_TRACK))

SCALARS = st.one_of(
    TEXT,
    st.sampled_from(["en", "zh", "en\n", "paper", "book", "alternative", "essential", "toy-book"]),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=datetime.date(1, 1, 1)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*path, index)))
    return found


PATHS = _paths(BASE)

MUTATION = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(PATHS), VALUES),
    st.tuples(st.just("delete"), st.sampled_from(PATHS), st.none()),
    st.tuples(st.just("add"), st.sampled_from([(), *PATHS]), st.tuples(TEXT, VALUES)),
)

TEXT_EDIT = st.tuples(
    st.sampled_from(["cut", "double", "splice"]), st.floats(0, 1), st.floats(0, 1), TEXT
)


def _mutate(document: dict[str, Any], mutation: tuple[str, tuple[Any, ...], Any]) -> None:
    kind, path, value = mutation
    parent: Any = document
    try:
        for key in path[:-1] if kind != "add" else path:
            parent = parent[key]
    except (KeyError, IndexError, TypeError):
        return  # an earlier mutation removed or replaced this path
    if kind == "add":
        if isinstance(parent, dict):
            parent[value[0]] = value[1]
        elif isinstance(parent, list):
            parent.append(value[1])
        return
    last = path[-1]
    in_dict = isinstance(parent, dict) and last in parent
    in_list = isinstance(parent, list) and isinstance(last, int) and last < len(parent)
    if in_dict or in_list:
        if kind == "set":
            parent[last] = value
        else:
            del parent[last]


def _edit(text: str, edit: tuple[str, float, float, str]) -> str:
    kind, start, end, piece = edit
    a, b = sorted((int(start * len(text)), int(end * len(text))))
    if kind == "cut":
        return text[:a] + text[b:]
    if kind == "double":
        return text[:b] + text[a:b] + text[b:]
    return text[:a] + piece + text[a:]


def _check_accepted(data: Any, rm: llm_roadmap.Roadmap) -> None:
    # Nothing lost, nothing changed: every entry of the file, as the file says.
    resources = data.get("resources", [])
    tracks = data.get("tracks", [])
    assert len(rm.resources) == len(resources)
    assert len(rm.tracks) == len(tracks)
    for raw in resources:
        resource = rm.resource(raw["id"])
        assert resource.url == raw["url"]
        assert list(resource.authors) == raw.get("authors", [])
        assert list(resource.tags) == raw.get("tags", [])
        assert resource.language == raw["language"]
        assert LANGUAGE_RE.fullmatch(resource.language)
        assert url_problem(resource.url) is None
        assert all(is_id(tag) for tag in resource.tags)
        assert all(url_problem(link.url) is None for link in resource.links)
    for raw in tracks:
        track = rm.track(raw["id"])
        assert [t.id for t in track.topics] == [t["id"] for t in raw["topics"]]
        assert all(is_id(t.id) for t in track.topics)


def _run(path: Path) -> None:
    problems = validate_paths([path], with_roadmap=False)
    assert_clean_problems(problems, {str(path)})
    if problems:
        with pytest.raises(DataError) as refused:
            llm_roadmap.load([path], plugins=[], disable_plugins=["llm_roadmap.bundled"])
        assert {str(p) for p in refused.value.problems} >= {str(p) for p in problems}
        return
    rm = llm_roadmap.load([path], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    _check_accepted(tomllib.loads(path.read_text(encoding="utf-8")), rm)


@FUZZ
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_values(tmp_path_factory: Any, mutations: list[Any]) -> None:
    document = copy.deepcopy(BASE)
    for mutation in mutations:
        _mutate(document, mutation)
    path = tmp_path_factory.mktemp("fuzz") / "data.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    _run(path)


@FUZZ
@given(edits=st.lists(TEXT_EDIT, min_size=1, max_size=3))
def test_mutated_text(tmp_path_factory: Any, edits: list[Any]) -> None:
    text = tomli_w.dumps(BASE)
    for edit in edits:
        text = _edit(text, edit)
    path = tmp_path_factory.mktemp("fuzz") / "data.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    problems = validate_paths([path], with_roadmap=False)
    assert_clean_problems(problems, {str(path)})
    if not problems:
        _run(path)


@FUZZ
@given(raw=st.binary(max_size=200), at=st.floats(0, 1))
def test_bytes_spliced_into_the_file(tmp_path_factory: Any, raw: bytes, at: float) -> None:
    base = tomli_w.dumps(BASE).encode("utf-8")
    cut = int(at * len(base))
    path = tmp_path_factory.mktemp("fuzz") / "data.toml"
    path.write_bytes(base[:cut] + raw + base[cut:])
    problems = validate_paths([path], with_roadmap=False)
    assert_clean_problems(problems, {str(path)})
