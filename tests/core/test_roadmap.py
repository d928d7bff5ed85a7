"""The Python API over a loaded roadmap: lookups, filters, search, learning paths, subsets."""

import attrs
import pytest

import llm_roadmap
from llm_roadmap import Kind, Lang, Level, NotFoundError, Roadmap, Role, Text


def test_lookups_raise_lookup_errors_with_suggestions(toy: Roadmap) -> None:
    assert toy.topic("toy-attention").title.en == "Attention"
    with pytest.raises(LookupError) as caught:
        toy.resource("toy-papr")
    error = caught.value
    assert isinstance(error, NotFoundError) and isinstance(error, llm_roadmap.RoadmapError)
    assert error.key == "toy-papr" and "toy-paper" in error.suggestions
    assert str(error) == "no resource with id 'toy-papr'; did you mean 'toy-paper'?"
    with pytest.raises(NotFoundError, match=r"no track with id 'zzz'$"):
        toy.track("zzz")


def test_text_in_one_language() -> None:
    text = Text(zh="注意力", en="Attention")
    assert text.get("zh") == "注意力"
    assert text.get(Lang.EN) == "Attention"
    assert text.get("zh_CN") == "注意力"
    assert Text.same("BERT") == Text(zh="BERT", en="BERT")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        text.get("fr")


def test_filters_combine_and_accept_several_values(toy: Roadmap) -> None:
    assert [r.id for r in toy.filter(kind="paper", track="toy-track")] == ["toy-paper"]
    assert {r.id for r in toy.filter(kind=["book", Kind.VIDEO], track="toy-track")} == {
        "toy-book",
        "toy-video",
    }
    assert [r.id for r in toy.filter(topic="toy-basics", free=False)] == ["toy-book"]
    assert [r.id for r in toy.filter(tag="basics", language="zh", track="toy-track")] == [
        "toy-book"
    ]
    assert [r.id for r in toy.filter(level=Level.ADVANCED, track="toy-track")] == ["toy-paper"]
    assert toy.filter(track="toy-track", tag="no-such-tag") == ()
    with pytest.raises(NotFoundError):
        toy.filter(topic="nope")
    with pytest.raises(ValueError, match="novel"):
        toy.filter(kind="novel")


def test_search_is_case_and_width_insensitive_and_bilingual(toy: Roadmap) -> None:
    hits = toy.search("ATTENTION")
    ids = [h.item.id for h in hits]
    assert "toy-attention" in ids and "toy-paper" in ids
    assert hits[0].score >= hits[-1].score
    # Chinese text, and full-width Latin letters folded to ASCII.
    assert [h.item.id for h in toy.search("注意力")][:1] == ["toy-attention"]
    assert "toy-paper" in [h.item.id for h in toy.search("ＴＯＹ　ｐａｐｅｒ")]
    # Every word must match; lang restricts the texts searched.
    assert [h.item.id for h in toy.search("vectors basics")] == ["toy-basics"]
    assert toy.search("向量", lang="en") == ()
    assert toy.search("   ") == ()
    hit = next(h for h in toy.search("Turing") if h.item.id == "toy-paper")
    assert hit.kind == "resource" and hit.fields == ("authors",)
    assert len(toy.search("toy", limit=2)) == 2


def test_path_puts_prerequisites_first_and_is_stable(toy: Roadmap) -> None:
    assert [t.id for t in toy.path("toy-attention")] == ["toy-basics", "toy-attention"]
    assert [t.id for t in toy.path("toy-track")] == ["toy-basics", "toy-attention"]
    assert toy.path("toy-track") == toy.path("toy-track")
    with pytest.raises(NotFoundError, match="track or topic"):
        toy.path("nowhere")


def test_path_crosses_tracks_in_roadmap_order() -> None:
    def topic(tid: str, track: str, pre: tuple[str, ...] = ()) -> llm_roadmap.Topic:
        return llm_roadmap.Topic(
            id=tid, title=Text.same(tid), summary=Text.same(tid), prerequisites=pre, track=track
        )

    first = llm_roadmap.Track(
        id="a",
        title=Text.same("a"),
        summary=Text.same("a"),
        order=1,
        topics=(topic("a1", "a"), topic("a2", "a"), topic("a3", "a", ("a1",))),
    )
    second = llm_roadmap.Track(
        id="b",
        title=Text.same("b"),
        summary=Text.same("b"),
        order=2,
        topics=(topic("b2", "b", ("b1", "a3")), topic("b1", "b", ("a2",))),
    )
    rm = Roadmap(tracks=(first, second), resources=())
    # b2 needs b1 (later in its track) and a3 (which needs a1); a2 comes before a3 by position.
    assert [t.id for t in rm.path("b")] == ["a1", "a2", "a3", "b1", "b2"]
    assert [t.id for t in rm.path("b1")] == ["a2", "b1"]


def test_placements_and_roles(toy: Roadmap) -> None:
    placed = toy.placements("toy-book")
    assert [(p.track.id, p.topic.id, p.placement.role, p.placement.group) for p in placed] == [
        ("toy-track", "toy-basics", Role.ALTERNATIVE, "basics-book")
    ]
    note = toy.placements("toy-paper")[0].placement.note
    assert note is not None and note.get("en") == "Read the abstract first."


def test_subset_keeps_selection_and_drops_dangling_prerequisites(toy: Roadmap) -> None:
    part = toy.subset(topics=["toy-attention"])
    assert [t.id for t in part.tracks] == ["toy-track"]
    assert [t.id for t in part.topics] == ["toy-attention"]
    assert part.topic("toy-attention").prerequisites == ()
    assert [r.id for r in part.resources] == ["toy-paper"]
    by_kind = toy.subset(tracks=["toy-track"], kinds=["video"])
    assert [r.id for r in by_kind.resources] == ["toy-video"]
    assert [t.id for t in by_kind.topics] == ["toy-basics"]
    assert toy.subset() is toy


def test_models_are_frozen_and_hashable(toy: Roadmap) -> None:
    resource = toy.resource("toy-paper")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        resource.title = Text.same("x")  # type: ignore[misc]
    assert len({resource, toy.resource("toy-paper")}) == 1
    changed = attrs.evolve(resource, year=2018)
    assert changed != resource


def test_public_names_are_exported() -> None:
    for name in llm_roadmap.__all__:
        assert hasattr(llm_roadmap, name), name
    assert llm_roadmap.hookimpl.project_name == "llm_roadmap"
