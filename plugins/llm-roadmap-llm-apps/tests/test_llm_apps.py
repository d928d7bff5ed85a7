"""The installed plugin, loaded by llm-roadmap the way a user's install loads it.

These tests need the distribution installed (``pip install ./plugins/llm-roadmap-llm-apps``,
or the ``plugins`` nox session): they go through entry-point discovery, not
through an in-process registration.
"""

import re
import warnings
from importlib import metadata
from importlib.resources import files

import pytest

import llm_roadmap

DIST = "llm-roadmap-llm-apps"
TRACK = "llm-applications"
BUNDLED_DIST = "llm-roadmap"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def roadmap() -> llm_roadmap.Roadmap:
    # Other installed plugins may warn; this plugin must not be the one failing.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", llm_roadmap.PluginWarning)
        return llm_roadmap.load(paths=(), plugins=None, disable_plugins=(), environ={})


def _ours(roadmap: llm_roadmap.Roadmap) -> llm_roadmap.Track:
    return roadmap.track(TRACK)


def test_listed_as_loaded_with_distribution_and_version(roadmap):
    records = [p for p in roadmap.plugins if p.distribution == DIST]
    assert len(records) == 1, [(p.name, p.distribution) for p in roadmap.plugins]
    info = records[0]
    assert info.status.value == "loaded", info.error
    assert info.error is None
    assert info.version == metadata.version(DIST)
    assert info.builtin is False
    assert info.name == "llm_apps"
    assert info.hooks == ("register_tracks",)
    assert info.contributed["tracks"] == 1
    assert info.contributed["topics"] == len(_ours(roadmap).topics) == 6
    assert info.contributed["resources"] > 40


def test_track_comes_after_the_bundled_foundations(roadmap):
    ids = [t.id for t in roadmap.tracks]
    assert "llm-foundations" in ids, f"bundled track missing; tracks are {ids}"
    assert ids.index("llm-foundations") < ids.index(TRACK)
    track = _ours(roadmap)
    assert track.order == 50
    assert track.provenance is not None
    assert track.provenance.distribution == DIST
    assert track.provenance.version == metadata.version(DIST)


def test_every_topic_and_resource_carries_our_provenance(roadmap):
    track = _ours(roadmap)
    for topic in track.topics:
        assert topic.track == TRACK
        assert topic.provenance is not None and topic.provenance.distribution == DIST
    ours = [r for r in roadmap.resources if r.provenance and r.provenance.distribution == DIST]
    placed = {p.resource for t in track.topics for p in t.resources}
    # Every resource we ship is placed somewhere in the track (no dead entries).
    assert {r.id for r in ours} <= placed


def test_data_validates_against_the_bundled_roadmap_with_every_problem_raised():
    # Paths are validated strictly (problems raise DataError instead of a
    # warning); with the installed copy disabled there are no duplicate ids.
    data = files("llm_roadmap_llm_apps") / "data"
    roadmap = llm_roadmap.load(paths=[str(data)], disable_plugins=[DIST], plugins=[], environ={})
    assert TRACK in [t.id for t in roadmap.tracks]


def test_prerequisites_resolve_to_bundled_topics(roadmap):
    track = _ours(roadmap)
    own = {t.id for t in track.topics}
    outside = set()
    for topic in track.topics:
        for prerequisite in topic.prerequisites:
            if prerequisite in own:
                continue
            outside.add(prerequisite)
            target = roadmap.topic(prerequisite)  # raises NotFoundError if it does not resolve
            assert target.provenance is not None
            assert target.provenance.distribution == BUNDLED_DIST, (prerequisite, target.provenance)
    assert outside == {"transformer", "python", "pytorch", "rag", "prompt-engineering"}


def test_path_puts_bundled_prerequisites_first(roadmap):
    path = [t.id for t in roadmap.path("llm-serving")]
    assert path[-1] == "llm-serving"
    assert path.index("transformer") < path.index("llm-quantization") < path.index("llm-serving")
    assert "pytorch" in path


def test_strict_mode_loads_it_cleanly():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        roadmap = llm_roadmap.load(plugins=[DIST], strict=True, environ={})
    assert TRACK in [t.id for t in roadmap.tracks]


def test_disabling_removes_the_track():
    roadmap = llm_roadmap.load(environ={"LLM_ROADMAP_DISABLE_PLUGINS": DIST})
    assert TRACK not in [t.id for t in roadmap.tracks]
    record = next(p for p in roadmap.plugins if p.distribution == DIST)
    assert record.status.value == "disabled"


def test_texts_are_really_bilingual(roadmap):
    track = _ours(roadmap)
    texts = [track.title, track.summary]
    for topic in track.topics:
        texts += [topic.title, topic.summary, *topic.concepts]
        texts += [p.note for p in topic.resources if p.note is not None]
    ours = [r for r in roadmap.resources if r.provenance and r.provenance.distribution == DIST]
    texts += [r.description for r in ours]
    for text in texts:
        assert CJK.search(text.zh), f"zh text has no Chinese: {text.zh!r}"
        assert not CJK.search(text.en), f"en text has Chinese: {text.en!r}"
    # Resources written in Chinese, not only translated descriptions; some are
    # bundled ones this track places again (self-llm, llm-universe).
    placed = {p.resource for t in track.topics for p in t.resources}
    chinese = [r for r in roadmap.resources if r.id in placed and r.language == "zh"]
    assert len(chinese) >= 6


def test_resource_metadata_is_consistent(roadmap):
    ours = [r for r in roadmap.resources if r.provenance and r.provenance.distribution == DIST]
    for resource in ours:
        assert resource.url.startswith("https://"), resource.id
        if resource.kind.value == "paper":
            assert resource.year is not None, resource.id
        arxiv = re.match(r"https://arxiv\.org/abs/(\d{4}\.\d{4,5})$", resource.url)
        if arxiv:
            assert resource.identifiers.arxiv == arxiv.group(1), resource.id
        github = re.match(r"https://github\.com/([^/]+/[^/]+)$", resource.url)
        if github:
            assert resource.identifiers.github == github.group(1), resource.id


def _keys(resource: llm_roadmap.Resource) -> set[str]:
    keys = {"url:" + resource.url.rstrip("/")}
    if resource.identifiers.arxiv:
        keys.add("arxiv:" + resource.identifiers.arxiv)
    if resource.identifiers.github:
        keys.add("github:" + resource.identifiers.github.lower())
    return keys


def test_no_resource_duplicates_one_already_in_the_roadmap(roadmap):
    # The same paper or repository under a second id would split its
    # placements; this track reuses the bundled ids instead (qlora, self-llm,
    # llm-universe).
    others: dict[str, str] = {}
    for resource in roadmap.resources:
        if not (resource.provenance and resource.provenance.distribution == DIST):
            others.update(dict.fromkeys(_keys(resource), resource.id))
    seen: dict[str, str] = {}
    for resource in roadmap.resources:
        if not (resource.provenance and resource.provenance.distribution == DIST):
            continue
        for key in _keys(resource):
            assert key not in others, f"{resource.id} duplicates {others[key]} ({key})"
            assert key not in seen, f"{resource.id} duplicates {seen[key]} ({key})"
            seen[key] = resource.id
    for reused in ("qlora", "self-llm", "llm-universe"):
        assert roadmap.resource(reused).provenance.distribution == BUNDLED_DIST
        assert TRACK in {p.track.id for p in roadmap.placements(reused)}


def test_data_is_shipped_as_package_data():
    names = sorted(p.name for p in (files("llm_roadmap_llm_apps") / "data").iterdir())
    assert names == ["llm-applications.toml", "resources.toml"]


def test_single_posts_are_articles_and_papers_credit_their_authors(roadmap):
    posts = [
        "labonne-weight-quantization",
        "visual-guide-to-quantization",
        "hamel-your-ai-product-needs-evals",
        "anyscale-continuous-batching",
        "databricks-llm-inference-best-practices",
    ]
    assert [roadmap.resource(rid).kind.value for rid in posts] == ["article"] * len(posts)
    ours = [r for r in roadmap.resources if r.provenance and r.provenance.distribution == DIST]
    for resource in ours:
        if resource.kind.value in ("paper", "article", "book"):
            assert resource.authors, resource.id
    assert roadmap.resource("c-eval").authors[0] == "Yuzhen Huang"


def test_every_placement_gives_its_study_time_in_both_languages(roadmap):
    track = _ours(roadmap)
    hours = []
    for topic in track.topics:
        for placement in topic.resources:
            where = f"{topic.id}: {placement.resource}"
            assert placement.hours is not None and placement.hours > 0, where
            basis = placement.hours_basis
            assert basis is not None, where
            assert CJK.search(basis.zh) and not CJK.search(basis.en), (where, basis)
            hours.append(placement.hours)
    assert len(hours) == sum(len(t.resources) for t in track.topics) > 50
    # The whole track, optional reading included, is weeks of study, not days.
    assert 100 < sum(hours) < 300


def test_each_topic_asks_a_beginner_for_at_most_three_things(roadmap):
    # The core placements plus one pick from each group of alternatives.
    for topic in _ours(roadmap).topics:
        core = [p for p in topic.resources if p.role.value == "core"]
        groups = {p.group for p in topic.resources if p.role.value == "alternative"}
        assert len(core) + len(groups) <= 3, topic.id
    quantisation = roadmap.topic("llm-quantization")
    core = {p.resource for p in quantisation.resources if p.role.value == "core"}
    assert "visual-guide-to-quantization" in core and "gptq" not in core
