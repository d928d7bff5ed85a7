"""`Progress` on its own: marking, each status transition, merging, the JSON layout."""

import itertools
import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

import llm_roadmap
from llm_roadmap import DataError, Progress, ProgressEntry, Status

T1 = "2026-12-01T10:00:00Z"
T2 = "2026-12-01T11:00:00.250Z"
T3 = "2026-12-02T09:30:00Z"


def schema() -> dict:
    return json.loads(files("llm_roadmap").joinpath("progress.schema.json").read_text("utf-8"))


def test_everything_is_pending_at_first() -> None:
    p = Progress()
    assert p.status("anything") is Status.PENDING
    assert p.status("anything", topic=True) is Status.PENDING
    assert not p


@pytest.mark.parametrize(
    ("before", "after"),
    [pair for pair in itertools.product(Status, Status) if pair[0] is not pair[1]],
    ids=lambda s: s.value,
)
@pytest.mark.parametrize("topic", [False, True], ids=["resource", "topic"])
def test_each_transition_is_recorded_with_its_time(
    before: Status, after: Status, topic: bool
) -> None:
    p = Progress()
    p.mark("item", before, topic=topic, at=T1)
    assert p.status("item", topic=topic) is before
    assert p.mark("item", after, topic=topic, at=T2) is True
    assert p.status("item", topic=topic) is after
    entries = p.topics if topic else p.resources
    assert entries["item"] == ProgressEntry(status=after, at=T2)
    # The other id space is untouched.
    assert p.status("item", topic=not topic) is Status.PENDING


def test_marking_the_same_status_again_keeps_the_first_time() -> None:
    p = Progress()
    assert p.mark("d2l-zh", "done", at=T1) is True
    assert p.mark("d2l-zh", "done", at=T2) is False
    assert p.resources["d2l-zh"].at == T1


def test_unmark_records_a_pending_tombstone() -> None:
    p = Progress()
    p.mark("d2l-zh", "done", at=T1)
    assert p.unmark("d2l-zh", at=T2) is True
    assert p.resources["d2l-zh"] == ProgressEntry(status=Status.PENDING, at=T2)
    assert not p
    # Un-marking what was never marked records nothing.
    assert p.unmark("never-marked") is False
    assert "never-marked" not in p.resources


def test_marks_without_a_time_get_now_in_utc() -> None:
    p = Progress()
    p.mark("d2l-zh", "learning")
    stamp = p.resources["d2l-zh"].at
    assert stamp.endswith("Z")
    assert p.resources["d2l-zh"].time.tzinfo is not None


@pytest.mark.parametrize(
    ("item", "status", "at"),
    [
        ("Not An Id", "done", None),
        ("d2l-zh", "finished", None),
        ("d2l-zh", "done", "yesterday"),
        ("d2l-zh", "done", "2026-12-01T10:00:00+02:00"),
    ],
)
def test_bad_marks_are_refused(item: str, status: str, at: str) -> None:
    p = Progress()
    with pytest.raises(ValueError, match=r"id|Status|UTC time"):
        p.mark(item, status, at=at)
    assert not p.resources


def test_merge_newest_wins_ties_keep_local() -> None:
    mine = Progress()
    mine.mark("a", "done", at=T2)  # newer here
    mine.mark("b", "learning", at=T1)  # older here
    mine.mark("c", "skipped", at=T2)  # tie
    mine.mark("t", "done", topic=True, at=T1)
    theirs = Progress()
    theirs.mark("a", "learning", at=T1)
    theirs.mark("b", "done", at=T3)
    theirs.mark("c", "done", at=T2)
    theirs.mark("d", "learning", at=T1)  # only there
    theirs.topics["t"] = ProgressEntry(status=Status.PENDING, at=T3)  # an un-marking, later
    result = mine.merge(theirs)
    assert mine.status("a") is Status.DONE
    assert mine.status("b") is Status.DONE
    assert mine.status("c") is Status.SKIPPED
    assert mine.status("d") is Status.LEARNING
    assert mine.status("t", topic=True) is Status.PENDING
    assert set(result.added) == {"d"}
    assert set(result.updated) == {"b", "t"}
    assert set(result.kept) == {"a", "c"}
    assert result.changed == 3


def test_merge_compares_times_not_strings() -> None:
    # "…00Z" sorts after "…00.5Z" as text, but is half a second earlier.
    mine = Progress()
    mine.mark("a", "done", at="2026-12-01T10:00:00Z")
    theirs = Progress()
    theirs.mark("a", "skipped", at="2026-12-01T10:00:00.5Z")
    mine.merge(theirs)
    assert mine.status("a") is Status.SKIPPED


def test_json_round_trip_matches_the_published_schema() -> None:
    p = Progress()
    p.mark("attention-is-all-you-need", "done", at=T1)
    p.mark("d2l-zh", "learning", at=T2)
    p.mark("text-preprocessing", "skipped", topic=True, at=T3)
    data = p.to_json()
    jsonschema.validate(data, schema())
    assert data["format"] == "llm-roadmap-progress"
    assert data["version"] == 1
    assert data["resources"]["d2l-zh"] == {"status": "learning", "at": T2}
    again = Progress.from_json(json.dumps(data))
    assert again.resources == p.resources
    assert again.topics == p.topics


def test_the_documented_example_is_valid() -> None:
    example = {
        "format": "llm-roadmap-progress",
        "version": 1,
        "updated": "2026-12-01T20:45:00Z",
        "resources": {
            "attention-is-all-you-need": {"status": "done", "at": "2026-12-01T20:45:00Z"},
            "d2l-zh": {"status": "learning", "at": "2026-11-30T08:00:00Z"},
        },
        "topics": {"text-preprocessing": {"status": "skipped", "at": "2026-12-01T20:46:10Z"}},
    }
    jsonschema.validate(example, schema())
    p = Progress.from_json(example)
    assert p.status("text-preprocessing", topic=True) is Status.SKIPPED


def test_invalid_json_names_file_entry_and_field() -> None:
    bad = {
        "format": "llm-roadmap-progress",
        "version": 1,
        "resources": {
            "d2l-zh": {"status": "finished", "at": T1},
            "bert": {"status": "done", "at": "last week"},
            "Bad Id": {"status": "done", "at": T1},
        },
        "topics": {"rag": {"status": "done", "at": T1, "note": "x"}},
    }
    with pytest.raises(DataError) as caught:
        Progress.from_json(bad, source="mine.json")
    found = {(p.file, p.entry, p.field) for p in caught.value.problems}
    assert ("mine.json", "d2l-zh", "status") in found
    assert ("mine.json", "bert", "at") in found
    assert ("mine.json", "Bad Id", "") in found
    assert ("mine.json", "rag", "note") in found
    # The schema rejects the same file.
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema())


@pytest.mark.parametrize(
    "text",
    ["not json", "[]", '{"format": "other", "version": 1}', '{"format": "llm-roadmap-progress"}'],
)
def test_what_is_not_a_progress_file_is_an_error(text: str) -> None:
    with pytest.raises(DataError):
        Progress.from_json(text)


def test_read_of_a_missing_or_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(llm_roadmap.RoadmapError, match="no progress file"):
        Progress.read(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.json"):
        Progress.read(bad)
    # Reading a handed-over file never moves it.
    assert bad.read_text(encoding="utf-8") == "{"


def test_export_writes_exactly_this_progress(tmp_path: Path) -> None:
    p = Progress()
    p.mark("d2l-zh", "done", at=T1)
    out = tmp_path / "out" / "my-progress.json"
    p.export(out)
    assert Progress.read(out).resources == p.resources
