"""Progress files and imports of any shape: read or refused cleanly, as the schema says.

Three properties. Any JSON document (a valid progress file mutated at random
places, or anything at all) is read by `Progress.from_json` exactly when the
published schema accepts it, and refused otherwise with problems that name
the file and read as sentences. Any bytes, as a file handed over or as the
learner's own file, end in progress, a clean error, or the file moved aside.
And whatever the learner's file holds (times in the past or the future), a
mark made now is what is saved: no mark is lost.
"""

import copy
import datetime
import json
import re
import warnings
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

import jsonschema
from _fuzz_common import FUZZ, TEXT, assert_clean_problems
from hypothesis import given
from hypothesis import strategies as st

from llm_roadmap import DataError, Progress, ProgressWarning, RoadmapError, Status
from llm_roadmap.progress._file import parse_time

T = TypeVar("T")


def attempt(read: Callable[[], T]) -> tuple[Optional[T], Optional[DataError]]:
    """What ``read`` returned, or the `DataError` it raised (any other exception escapes)."""
    try:
        return read(), None
    except DataError as exc:
        return None, exc


SCHEMA = json.loads(files("llm_roadmap").joinpath("progress.schema.json").read_text("utf-8"))


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    # JSON Schema patterns are ECMA-262: "$" is the end of the string. Python's
    # "$" also matches before a final newline, and jsonschema uses Python's re,
    # so "a\n" would pass "^[a-z0-9]+$" (the fuzz suite found it): "\Z" is ECMA's "$".
    if validator.is_type(instance, "string") and not re.search(
        pattern.replace("$", r"\Z"), instance
    ):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


VALIDATOR = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"pattern": _ecma_pattern}
)(SCHEMA)

TIMES = st.one_of(
    st.sampled_from(
        [
            "2026-12-01T10:00:00Z",
            "2026-12-01T10:00:00.5Z",
            "9999-12-31T23:59:59.999999999Z",
            "2026-02-30T00:00:00Z",  # the pattern's shape, not a date
            "2026-12-01 10:00:00",
            "٢٠٢٦-12-01T10:00:00Z",
            "2026-12-01T10:00:00Z\n",
            "",
        ]
    ),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")),
)
IDS = st.one_of(st.sampled_from(["d2l-zh", "a", "x-1", "Bad Id", "a--b", "", "a\n"]), TEXT)
STATUSES = st.one_of(st.sampled_from(["pending", "learning", "done", "skipped", "DONE"]), TEXT)
JSON = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT, TIMES, STATUSES
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
ENTRY = st.fixed_dictionaries({"status": STATUSES, "at": TIMES})
VALID = st.fixed_dictionaries(
    {
        "format": st.just("llm-roadmap-progress"),
        "version": st.just(1),
        "resources": st.dictionaries(IDS, ENTRY, max_size=4),
        "topics": st.dictionaries(IDS, ENTRY, max_size=3),
    },
    optional={"updated": TIMES},
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*path, index)))
    return found


@st.composite
def documents(draw: Any) -> Any:
    """A progress file, mutated where the draw says; or any JSON at all."""
    if draw(st.integers(0, 4)) == 0:
        return draw(JSON)
    document = draw(VALID)
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(_paths(document)))
        if not path:
            continue
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["set", "delete", "add"]))
        if action == "set":
            parent[path[-1]] = draw(JSON)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent[path[-1]], dict):
            parent[path[-1]][draw(TEXT)] = draw(JSON)
    return copy.deepcopy(document)


def _real_times(document: Any) -> bool:
    # The schema's pattern has the shape of a time; the reader also wants a real date.
    times = [document.get("updated")] if "updated" in document else []
    for section in ("resources", "topics"):
        times.extend(entry["at"] for entry in document.get(section, {}).values())
    return all(parse_time(t) is not None for t in times)


@FUZZ
@given(document=documents())
def test_any_document_is_read_exactly_when_the_schema_accepts_it(document: Any) -> None:
    valid = VALIDATOR.is_valid(document)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProgressWarning)  # times from the future, said and mended
        progress, refused = attempt(lambda: Progress.from_json(document, source="handed.json"))
    if refused is not None:
        assert refused.problems
        assert_clean_problems(refused.problems, {"handed.json"})
        assert not (valid and _real_times(document)), refused.problems
        return
    assert valid, document
    assert progress is not None
    # What the document says, but a time from the future, which is taken as now.
    read = progress.to_json()["resources"]
    assert isinstance(read, dict)
    assert read.keys() == document.get("resources", {}).keys()
    for item_id, entry in document.get("resources", {}).items():
        assert read[item_id]["status"] == entry["status"]
        kept = read[item_id]["at"] == entry["at"]
        assert kept or not progress.resources[item_id].in_future(), (entry, read[item_id])


@FUZZ
@given(
    raw=st.one_of(
        st.binary(max_size=300),
        documents().map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "replace")),
        st.tuples(documents(), st.integers(0, 200), st.binary(max_size=8)).map(
            lambda t: (lambda s: s[: t[1]] + t[2] + s[t[1] :])(json.dumps(t[0]).encode())
        ),
    )
)
def test_any_bytes_are_progress_a_clean_error_or_moved_aside(
    tmp_path_factory: Any, raw: bytes
) -> None:
    folder: Path = tmp_path_factory.mktemp("progress")
    handed = folder / "handed.json"
    handed.write_bytes(raw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProgressWarning)  # times in the future, said and mended
        _, refused = attempt(lambda: Progress.read(handed))
    if refused is not None:
        assert_clean_problems(refused.problems, {str(handed)})
    store = folder / "progress.json"
    store.write_bytes(raw)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _, kept = attempt(lambda: Progress.load(store))
    if kept is not None:  # only a newer version of the layout is left in place
        assert "newer llm-roadmap" in str(kept)
        assert store.read_bytes() == raw
        return
    moved = list(folder.glob("progress.json.damaged-*"))
    if moved:
        assert [w.category for w in caught] == [ProgressWarning]
        assert moved[0].read_bytes() == raw and not store.exists()


REAL_TIMES = st.one_of(
    st.sampled_from(
        ["2026-12-01T10:00:00Z", "2026-12-01T10:00:00.5Z", "9999-12-31T23:59:59.999999999Z"]
    ),
    st.datetimes(min_value=datetime.datetime(1000, 1, 1)).map(
        lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    ),
)


@FUZZ
@given(
    stored=st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.fixed_dictionaries(
            {
                "status": st.sampled_from(["pending", "learning", "done", "skipped"]),
                "at": REAL_TIMES,
            }
        ),
        max_size=3,
    ),
    item=st.sampled_from(["a", "b", "c"]),
    status=st.sampled_from(list(Status)),
)
def test_a_mark_made_now_is_what_is_saved(
    tmp_path_factory: Any, stored: dict[str, Any], item: str, status: Status
) -> None:
    path: Path = tmp_path_factory.mktemp("store") / "progress.json"
    path.write_text(
        json.dumps({"format": "llm-roadmap-progress", "version": 1, "resources": stored}),
        encoding="utf-8",
    )
    try:
        with Progress.editing(path) as progress:
            progress.mark(item, status)
    except RoadmapError as exc:  # pragma: no cover - nothing here may fail
        raise AssertionError(exc) from exc
    again = Progress.load(path)
    assert again.status(item) is status
    entry = again.resources.get(item)
    assert entry is None or not entry.in_future()
