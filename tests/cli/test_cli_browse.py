"""The browsing commands (tracks, show, resources, search, path) on toy and bundled data."""

import json
from pathlib import Path
from typing import Callable

import pytest
from _cli_run import lines, run
from _toy_data import VALID_RESOURCES, VALID_TRACK

import llm_roadmap

NEXT_TRACK = """
[[tracks]]
id = "toy-next"
order = 6
title = { zh = "下一步", en = "Next step" }
summary = { zh = "依赖玩具路线。", en = "Builds on the toy track." }

[[tracks.topics]]
id = "toy-next-topic"
title = { zh = "进阶", en = "Further" }
summary = { zh = "更进一步。", en = "Going further." }
prerequisites = ["toy-attention"]

[[tracks.topics.resources]]
resource = "toy-video"
role = "optional"
"""

FIRST_TRACK = """
[[tracks]]
id = "toy-first"
order = 4
title = { zh = "第一条", en = "First one" }
summary = { zh = "排在前面。", en = "Comes first." }

[[tracks.topics]]
id = "toy-first-topic"
title = { zh = "开头", en = "Start" }
summary = { zh = "开始。", en = "Start here." }

[[tracks.topics.resources]]
resource = "toy-video"
"""


@pytest.fixture
def data(toy_dir: Path) -> list[str]:
    """``--data`` arguments that add the toy track and its resources."""
    return ["--data", str(toy_dir)]


# -- tracks --------------------------------------------------------------------


def test_tracks_plain_lists_tracks_in_order(write_data: Callable[..., Path], toy_dir: Path) -> None:
    extra = write_data(first=FIRST_TRACK, next=NEXT_TRACK)
    result = run("--data", str(toy_dir), "--data", str(extra), "tracks")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in lines(result)]
    assert all(len(row) == 6 for row in rows)
    assert [int(row[0]) for row in rows] == list(range(1, len(rows) + 1))
    ids = [row[1] for row in rows]
    toys = [i for i in ids if i.startswith("toy-")]
    assert toys == ["toy-first", "toy-track", "toy-next"]  # by order 4, 5, 6
    assert ids == [t.id for t in llm_roadmap.load([toy_dir, extra], plugins=[]).tracks]
    assert rows[ids.index("toy-track")][2:] == ["Toy track", "2", "standard", "local"]


def test_tracks_json_shape_with_global_and_command_flag(data: list[str], toy_dir: Path) -> None:
    for args in (["--json", "tracks"], ["tracks", "--json"]):
        result = run(*data, *args)
        assert result.exit_code == 0
        tracks = json.loads(result.stdout)
        toy = next(t for t in tracks if t["id"] == "toy-track")
        assert toy["title"] == {"zh": "玩具路线", "en": "Toy track"}
        assert toy["topic_count"] == 2
        assert toy["topics"] == ["toy-basics", "toy-attention"]
        assert toy["emphasis"] == "standard"
        assert toy["order"] == 5
        assert toy["provenance"]["distribution"] == "local"
        assert toy["provenance"]["file"] == str(toy_dir / "track.toml")


# -- show ----------------------------------------------------------------------


def test_show_track_plain(data: list[str]) -> None:
    result = run(*data, "show", "toy-track")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("toy-track\tToy track\n")
    assert "1. toy-basics\tBasics\t[standard]" in out
    assert "2. toy-attention\tAttention\t[essential]" in out
    assert out.index("toy-basics") < out.index("toy-attention")
    assert "concepts: Vectors" in out
    assert "prerequisites: toy-basics" in out
    assert "- pick one (basics-book)\ttoy-book\tThe Toy Book\tbook\thttps://example.org/book" in out
    assert (
        "- core\ttoy-paper\tA Toy Paper About Attention\tpaper\thttps://arxiv.org/abs/2001.00001"
        in out
    )
    assert "Read the abstract first." in out
    assert "\x1b" not in out


def test_show_topic_in_chinese(data: list[str]) -> None:
    result = run(*data, "--lang", "zh", "show", "toy-attention")
    assert result.exit_code == 0
    # The emphasis in Chinese: it printed [essential] before the vocabulary table.
    assert result.stdout.lstrip().startswith("toy-attention\t注意力机制\t[重点]")
    assert "路线: toy-track" in result.stdout
    assert "先读摘要。" in result.stdout
    assert "toy-basics\t基础" not in result.stdout  # only the one topic


def test_show_json_expands_resources_with_provenance(data: list[str]) -> None:
    track = json.loads(run(*data, "show", "toy-track", "--json").stdout)
    assert track["type"] == "track"
    assert [t["id"] for t in track["topics"]] == ["toy-basics", "toy-attention"]
    basics = track["topics"][0]
    assert basics["concepts"] == [{"zh": "向量", "en": "Vectors"}]
    first = basics["resources"][0]
    assert (first["role"], first["group"]) == ("alternative", "basics-book")
    assert first["resource"]["id"] == "toy-book"
    assert first["resource"]["free"] is False
    assert first["resource"]["provenance"]["distribution"] == "local"
    topic = json.loads(run(*data, "--json", "show", "toy-attention").stdout)
    assert topic["type"] == "topic"
    assert topic["track"] == "toy-track"
    assert topic["resources"][0]["note"] == {"zh": "先读摘要。", "en": "Read the abstract first."}


def test_show_unknown_id_exits_1_with_suggestion(data: list[str]) -> None:
    result = run(*data, "show", "toy-atention")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr.strip()
        == "Error: no track or topic with id 'toy-atention'; did you mean 'toy-attention'?"
    )


# -- resources -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([], ["toy-book", "toy-video", "toy-paper"]),
        (["--kind", "video"], ["toy-video"]),
        (["--kind", "video", "--kind", "paper"], ["toy-video", "toy-paper"]),
        (["--not-free"], ["toy-book"]),
        (["--free"], ["toy-video", "toy-paper"]),
        (["--language", "zh"], ["toy-book"]),
        (["--level", "advanced"], ["toy-paper"]),
        (["--tag", "basics"], ["toy-book", "toy-video"]),
        (["--tag", "basics", "--kind", "book"], ["toy-book"]),
    ],
)
def test_resources_filters(data: list[str], filters: list[str], expected: list[str]) -> None:
    result = run(*data, "resources", "--track", "toy-track", *filters)
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in lines(result)] == expected


def test_resources_by_topic_columns_and_json(data: list[str]) -> None:
    result = run(*data, "resources", "--topic", "toy-attention")
    assert lines(result) == [
        "toy-paper\tA Toy Paper About Attention\tpaper\t2017\ten\tadvanced\tfree\thttps://arxiv.org/abs/2001.00001"
    ]
    found = json.loads(run(*data, "resources", "--topic", "toy-basics", "--json").stdout)
    assert [r["id"] for r in found] == ["toy-book", "toy-video"]
    assert found[0]["title"] == {"zh": "玩具书", "en": "The Toy Book"}
    assert found[0]["kind"] == "book"
    assert found[0]["provenance"]["file"].endswith("resources.toml")


def test_resources_nothing_found_exits_1(data: list[str]) -> None:
    result = run(*data, "resources", "--track", "toy-track", "--kind", "course")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "No resources match." in result.stderr
    as_json = run(*data, "--json", "resources", "--track", "toy-track", "--kind", "course")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == []


def test_resources_bad_filters(data: list[str]) -> None:
    unknown_track = run(*data, "resources", "--track", "toy-trak")
    assert unknown_track.exit_code == 1
    assert "Error: no track with id 'toy-trak'; did you mean 'toy-track'?" in unknown_track.stderr
    assert run(*data, "resources", "--kind", "podcast").exit_code == 2
    assert run(*data, "resources", "--level", "expert").exit_code == 2


# -- search --------------------------------------------------------------------


def test_search_finds_chinese_and_english(data: list[str]) -> None:
    result = run(*data, "search", "玩具书")
    assert result.exit_code == 0
    assert lines(result)[0].split("\t")[:3] == ["resource", "toy-book", "The Toy Book"]
    topic = run(*data, "--lang", "zh", "search", "toy-attention", "--limit", "1")
    assert len(lines(topic)) == 1
    kind, topic_id, title, score, fields = lines(topic)[0].split("\t")
    # Under --lang zh the kind of hit and the fields that matched are Chinese words too.
    assert (kind, topic_id, title, fields) == ("主题", "toy-attention", "注意力机制", "编号")
    assert float(score) > 0


def test_search_several_words_must_all_match(data: list[str]) -> None:
    result = run(*data, "search", "toy", "lovelace")
    assert [line.split("\t")[1] for line in lines(result)] == ["toy-paper"]


def test_search_limit_and_json(data: list[str]) -> None:
    assert len(lines(run(*data, "search", "toy", "--limit", "2"))) == 2
    hits = json.loads(run(*data, "search", "toy-attention", "--json").stdout)
    assert hits[0]["type"] == "topic"
    assert hits[0]["id"] == "toy-attention"
    assert hits[0]["track"] == "toy-track"
    assert hits[0]["fields"] == ["id"]
    assert hits[0]["provenance"]["distribution"] == "local"


def test_search_nothing_found_exits_1(data: list[str]) -> None:
    result = run(*data, "search", "qqqzzzxxx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Nothing found for: qqqzzzxxx" in result.stderr
    assert run(*data, "search").exit_code == 2  # QUERY is required


# -- path ----------------------------------------------------------------------


def test_path_numbers_topics_and_marks_other_tracks(
    write_data: Callable[..., Path], toy_dir: Path
) -> None:
    extra = write_data(next=NEXT_TRACK)
    result = run("--data", str(toy_dir), "--data", str(extra), "path", "toy-next", "--brief")
    assert result.exit_code == 0
    assert lines(result) == [
        "1\ttoy-basics\tBasics\ttoy-track\t*\ttime unknown",
        "2\ttoy-attention\tAttention\ttoy-track\t*\ttime unknown",
        "3\ttoy-next-topic\tFurther\ttoy-next\t\t≈ 0 h",
    ]
    topic_path = json.loads(
        run("--data", str(toy_dir), "--data", str(extra), "path", "toy-attention", "--json").stdout
    )
    assert [(p["position"], p["id"], p["other_track"]) for p in topic_path] == [
        (1, "toy-basics", False),
        (2, "toy-attention", False),
    ]


def test_path_unknown_exits_1(data: list[str]) -> None:
    result = run(*data, "path", "nope-nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no track or topic with id 'nope-nope'")


# -- bundled data (structure only: it is still being curated) --------------------


def test_bundled_tracks_in_order() -> None:
    result = run("tracks")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in lines(result)]
    assert len(rows) >= 4
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
    expected = [t.id for t in llm_roadmap.load(plugins=[]).tracks]
    assert [r[1] for r in rows] == expected


def test_bundled_show_and_path_of_nlp_foundations() -> None:
    shown = run("show", "nlp-foundations")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("nlp-foundations\t")
    path = run("path", "llm-foundations")
    assert path.exit_code == 0
    assert len(lines(path)) >= 1


def test_bundled_data_validates() -> None:
    result = run("validate")
    assert result.exit_code == 0, result.stdout


def test_piped_rows_keep_one_line_per_row_and_one_cell_per_column(
    write_data: Callable[..., Path],
) -> None:
    # A title with a tab, a line break and a double space must not add a cell
    # or a row to the tab-separated lines a script reads.
    odd = VALID_RESOURCES.replace(
        'title = "Toy Video Lectures"', 'title = "Toy\\tVideo\\nLectures  here"'
    )
    data = write_data(resources=odd, track=VALID_TRACK)
    rows = lines(run("--data", str(data), "resources"))
    assert len({len(row.split("\t")) for row in rows}) == 1, rows
    assert any("Toy Video Lectures here" in row for row in rows), rows
