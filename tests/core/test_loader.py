"""Loading and validation: every problem in one pass, each with its file, entry and field."""

from pathlib import Path
from typing import Callable

import pytest
from _toy_data import VALID_RESOURCES, VALID_TRACK

import llm_roadmap
from llm_roadmap import DataError, Problem

Write = Callable[..., Path]


def problems_of(*paths: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        llm_roadmap.load(list(paths), plugins=[], disable_plugins=["llm_roadmap.bundled"])
    assert caught.value.problems, "a DataError always lists its problems"
    return list(caught.value.problems)


def find(problems: list[Problem], entry: str, field: str) -> Problem:
    matches = [p for p in problems if p.entry == entry and p.field == field]
    assert matches, f"no problem at {entry}/{field} in {[str(p) for p in problems]}"
    return matches[0]


def test_valid_paths_load_with_provenance_and_order(toy_dir: Path) -> None:
    rm = llm_roadmap.load([toy_dir], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    track = rm.track("toy-track")
    assert [t.id for t in track.topics] == ["toy-basics", "toy-attention"]
    assert all(t.track == "toy-track" for t in track.topics)
    paper = rm.resource("toy-paper")
    assert paper.kind is llm_roadmap.Kind.PAPER
    assert paper.provenance is not None
    assert paper.provenance.plugin == "<paths>"
    assert paper.provenance.file is not None and paper.provenance.file.endswith("resources.toml")
    # With the bundled data too: order 5 puts the toy track before the bundled ones (10 and up).
    both = llm_roadmap.load([toy_dir], plugins=[])
    assert both.tracks[0].id == "toy-track" and len(both.tracks) > 1
    assert [t.order for t in both.tracks] == sorted(t.order for t in both.tracks)


def test_unknown_field_missing_field_and_wrong_types(write_data: Write) -> None:
    bad = VALID_RESOURCES.replace('level = "advanced"', 'levle = "advanced"')
    bad = bad.replace("year = 2020", 'year = "2020"').replace(
        'url = "https://example.org/video"\n', ""
    )
    problems = problems_of(write_data(resources=bad, track=VALID_TRACK))
    assert "unknown field" in find(problems, "toy-paper", "levle").message
    assert "expected an integer" in find(problems, "toy-book", "year").message
    assert "required field missing" in find(problems, "toy-video", "url").message
    assert all(p.file.endswith("resources.toml") for p in problems if p.entry.startswith("toy-"))


def test_wrong_enum_value_lists_the_choices(write_data: Write) -> None:
    problems = problems_of(
        write_data(
            resources=VALID_RESOURCES.replace('kind = "book"', 'kind = "novel"'), track=VALID_TRACK
        )
    )
    message = find(problems, "toy-book", "kind").message
    assert "'novel'" in message and "'book'" in message and "'paper'" in message


def test_nested_field_paths_inside_a_track(write_data: Write) -> None:
    first = 'resource = "toy-book"\nrole = "alternative"'
    bad = VALID_TRACK.replace(first, 'resource = "toy-book"\nrole = "maybe"')
    problems = problems_of(write_data(resources=VALID_RESOURCES, track=bad))
    problem = find(problems, "toy-track", "topics[0].resources[0].role")
    assert problem.kind == "track" and "'maybe'" in problem.message


def test_duplicate_ids_across_files(write_data: Write) -> None:
    again = """
    [[resources]]
    id = "toy-paper"
    title = "Another"
    url = "https://example.org/other"
    kind = "article"
    language = "en"
    description = { zh = "重复。", en = "Duplicate." }
    """
    problems = problems_of(write_data(resources=VALID_RESOURCES, track=VALID_TRACK, zz_more=again))
    problem = find(problems, "toy-paper", "id")
    assert problem.file.endswith("zz_more.toml")
    assert "duplicate resource id" in problem.message and "resources.toml" in problem.message


def test_duplicate_topic_and_track_ids(write_data: Write) -> None:
    copy = VALID_TRACK.replace('id = "toy-basics"', 'id = "toy-basics"', 1)
    problems = problems_of(write_data(resources=VALID_RESOURCES, track=VALID_TRACK, track2=copy))
    assert "duplicate track id" in find(problems, "toy-track", "id").message
    assert "duplicate topic id" in find(problems, "toy-basics", "id").message


def test_unknown_references_suggest_near_ids(write_data: Write) -> None:
    bad = VALID_TRACK.replace('resource = "toy-paper"', 'resource = "toy-papr"')
    bad = bad.replace('prerequisites = ["toy-basics"]', 'prerequisites = ["toy-basic", "nowhere"]')
    extension = """
    [[extensions]]
    track = "no-such-track"
    [[extensions.topics]]
    id = "extra-topic"
    title = { zh = "额外", en = "Extra" }
    summary = { zh = "额外。", en = "Extra." }
    [[extensions.topics.resources]]
    resource = "toy-book"
    """
    problems = problems_of(write_data(resources=VALID_RESOURCES, track=bad, ext=extension))
    unknown_resource = find(problems, "toy-attention", "resources[0].resource")
    assert "unknown resource 'toy-papr'" in unknown_resource.message
    assert "did you mean 'toy-paper'" in unknown_resource.message
    assert (
        "unknown topic 'toy-basic'" in find(problems, "toy-attention", "prerequisites[0]").message
    )
    assert "unknown topic 'nowhere'" in find(problems, "toy-attention", "prerequisites[1]").message
    ext = [p for p in problems if p.kind == "extension"]
    assert ext and ext[0].field == "track" and "unknown track 'no-such-track'" in ext[0].message


def test_prerequisite_cycle_is_spelt_out(write_data: Write) -> None:
    bad = VALID_TRACK.replace(
        'concepts = [{ zh = "向量", en = "Vectors" }]',
        'concepts = [{ zh = "向量", en = "Vectors" }]\nprerequisites = ["toy-attention"]',
    )
    problems = problems_of(write_data(resources=VALID_RESOURCES, track=bad))
    cycles = [p for p in problems if "prerequisite cycle" in p.message]
    assert len(cycles) == 1
    assert cycles[0].field.startswith("prerequisites[")
    assert "toy-basics -> toy-attention -> toy-basics" in cycles[0].message or (
        "toy-attention -> toy-basics -> toy-attention" in cycles[0].message
    )


def test_urls_must_be_http_and_free_of_tracking(write_data: Write) -> None:
    bad = VALID_RESOURCES.replace("https://example.org/book", "ftp://example.org/book")
    bad = bad.replace("https://example.org/video", "https://example.org/video?vd_source=abc&p=2")
    problems = problems_of(write_data(resources=bad, track=VALID_TRACK))
    assert "not http(s)" in find(problems, "toy-book", "url").message
    assert "vd_source" in find(problems, "toy-video", "url").message


def test_missing_translations_name_the_language(write_data: Write) -> None:
    bad = VALID_RESOURCES.replace(
        'description = { zh = "视频课程。", en = "Video lectures." }',
        'description = { zh = "视频课程。" }',
    )
    bad_track = VALID_TRACK.replace(
        'title = { zh = "基础", en = "Basics" }', 'title = { zh = "", en = "Basics" }'
    )
    problems = problems_of(write_data(resources=bad, track=bad_track))
    assert find(problems, "toy-video", "description.en").message == "missing translation (en)"
    assert find(problems, "toy-basics", "title.zh").message == "missing translation (zh)"


def test_identifier_formats_and_ids(write_data: Write) -> None:
    bad = VALID_RESOURCES.replace(
        'identifiers = { arxiv = "2001.00001" }',
        'identifiers = { arxiv = "arXiv:2001.00001v5", doi = "doi.org/x" }',
    )
    bad = bad.replace('id = "toy-video"', 'id = "Toy_Video"').replace(
        'resource = "toy-video"', 'resource = "Toy_Video"'
    )
    problems = problems_of(
        write_data(resources=bad, track=VALID_TRACK.replace('"toy-video"', '"Toy_Video"'))
    )
    assert (
        "not a valid arxiv identifier" in find(problems, "toy-paper", "identifiers.arxiv").message
    )
    assert "not a valid doi identifier" in find(problems, "toy-paper", "identifiers.doi").message
    assert "kebab-case" in find(problems, "Toy_Video", "id").message


def test_alternative_groups(write_data: Write) -> None:
    bad = VALID_TRACK.replace(
        'resource = "toy-video"\nrole = "alternative"\ngroup = "basics-book"',
        'resource = "toy-video"\nrole = "optional"\ngroup = "basics-book"',
    )
    problems = problems_of(write_data(resources=VALID_RESOURCES, track=bad))
    assert (
        "only alternatives belong to a group"
        in find(problems, "toy-basics", "resources[1].group").message
    )
    assert "only one alternative" in find(problems, "toy-basics", "resources[0].group").message


def test_invalid_toml_and_unknown_top_level_key(write_data: Write) -> None:
    directory = write_data(
        resources=VALID_RESOURCES,
        track=VALID_TRACK,
        broken="[[resources]\nid = 1",
        odd="[[resource]]\nid = 'x'",
    )
    problems = problems_of(directory)
    broken = [p for p in problems if p.file.endswith("broken.toml")]
    assert broken and broken[0].message.startswith("invalid TOML")
    odd = [p for p in problems if p.file.endswith("odd.toml")]
    assert odd and odd[0].field == "resource" and "unknown top-level key" in odd[0].message


def test_every_problem_is_reported_in_one_pass(write_data: Write) -> None:
    bad = VALID_RESOURCES.replace("https://example.org/book", "mailto:x@example.org")
    bad = bad.replace("year = 2017", "year = 17.5")
    bad_track = VALID_TRACK.replace('resource = "toy-paper"', 'resource = "missing"')
    problems = problems_of(write_data(resources=bad, track=bad_track))
    fields = {(p.entry, p.field) for p in problems}
    assert {
        ("toy-book", "url"),
        ("toy-paper", "year"),
        ("toy-attention", "resources[0].resource"),
    } <= fields


def test_missing_path_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "nope")
    assert problems[0].message == "no such file or directory"


def test_problem_strings_name_file_entry_and_field(write_data: Write) -> None:
    problems = problems_of(
        write_data(
            resources=VALID_RESOURCES.replace('kind = "video"', "kind = 3"), track=VALID_TRACK
        )
    )
    text = str(find(problems, "toy-video", "kind"))
    assert "resources.toml: resource 'toy-video': kind: expected" in text


def test_validate_paths_standalone_and_with_roadmap(toy_dir: Path, write_data: Write) -> None:
    assert llm_roadmap.validate_paths([toy_dir], with_roadmap=False) == []
    # A topic extension that refers to a bundled-style topic only resolves with the roadmap.
    ext = write_data(
        ext="""
    [[extensions]]
    topic = "toy-basics"
    [[extensions.resources]]
    resource = "toy-paper"
    role = "optional"
    """
    )
    standalone = llm_roadmap.validate_paths([ext], with_roadmap=False)
    assert [p.field for p in standalone] == ["topic"]
    assert llm_roadmap.validate_paths([toy_dir, ext], with_roadmap=False) == []


def test_extensions_append_topics_and_placements(toy_dir: Path, write_data: Write) -> None:
    ext = write_data(
        ext="""
    [[extensions]]
    topic = "toy-basics"
    [[extensions.resources]]
    resource = "toy-paper"
    role = "optional"

    [[extensions]]
    track = "toy-track"
    [[extensions.topics]]
    id = "toy-extra"
    title = { zh = "额外", en = "Extra" }
    summary = { zh = "额外。", en = "Extra." }
    prerequisites = ["toy-attention"]
    [[extensions.topics.resources]]
    resource = "toy-video"
    """
    )
    rm = llm_roadmap.load([toy_dir, ext], plugins=[], disable_plugins=["llm_roadmap.bundled"])
    assert [t.id for t in rm.track("toy-track").topics] == [
        "toy-basics",
        "toy-attention",
        "toy-extra",
    ]
    assert rm.topic("toy-extra").track == "toy-track"
    assert [p.resource for p in rm.topic("toy-basics").resources] == [
        "toy-book",
        "toy-video",
        "toy-paper",
    ]


def test_array_fields_take_only_arrays(write_data: Write) -> None:
    # One converter for data files and exports: a string where an array belongs
    # is an error, not a tuple of its characters (nor a table one of its keys).
    bad = VALID_RESOURCES.replace('authors = ["李四"]', 'authors = "李四"').replace(
        'tags = ["attention", "transformer"]', "tags = { attention = true }"
    )
    problems = problems_of(write_data(resources=bad, track=VALID_TRACK))
    assert (
        find(problems, "toy-book", "authors").message == "expected an array, got the string '李四'"
    )
    assert find(problems, "toy-paper", "tags").message == "expected an array, got a table"


def test_an_id_with_a_trailing_newline_is_not_an_id(write_data: Write) -> None:
    # "$" matches before a final newline; ids are checked against the whole string.
    bad = VALID_RESOURCES.replace('id = "toy-video"', 'id = "toy-video\\n"')
    problems = problems_of(write_data(resources=bad, track=VALID_TRACK))
    assert "is not a kebab-case id" in find(problems, "toy-video\n", "id").message


def test_data_files_may_not_set_what_only_an_export_holds(write_data: Write) -> None:
    track = VALID_TRACK.replace(
        'emphasis = "essential"', 'emphasis = "essential"\ntrack = "elsewhere"'
    )
    resources = VALID_RESOURCES.replace(
        'tags = ["basics"]\nfree = false',
        'tags = ["basics"]\nfree = false\nprovenance = { plugin = "x", distribution = "x" }',
    )
    problems = problems_of(write_data(resources=resources, track=track))
    assert find(problems, "toy-track", "topics[1].track").message == "unknown field"
    assert find(problems, "toy-book", "provenance").message == "unknown field"
