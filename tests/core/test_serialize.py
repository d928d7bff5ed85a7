"""`to_data`: the one model -> JSON function, in the shape the JSON export writes."""

import json

import attrs

from llm_roadmap import Concept, Kind, Link, Status, Text, Topic
from llm_roadmap.serialize import to_data


def test_model_objects_take_the_export_shape(sample):
    document = json.loads(sample.export("json"))
    assert [to_data(r) for r in sample.resources] == document["resources"]
    assert [to_data(t) for t in sample.tracks] == document["tracks"]
    assert to_data(sample.tracks) == document["tracks"]
    first = sample.tracks[0].topics[0]
    assert to_data(first.resources[0]) == document["tracks"][0]["topics"][0]["resources"][0]
    # Keys in the model's field order, every field present.
    assert list(to_data(sample.resources[0])) == [
        f.name for f in attrs.fields(type(sample.resources[0]))
    ]
    assert list(to_data(sample.tracks[0])) == [f.name for f in attrs.fields(type(sample.tracks[0]))]
    # Enums become their values, plain strings: our enums subclass str, so an
    # enum member left in place would compare equal and still not be data.
    resource = to_data(sample.resources[0])
    assert type(resource["kind"]) is str
    assert type(to_data(sample.tracks[0])["emphasis"]) is str


def test_links_carry_their_language_or_null():
    plain = Link(url="https://example.org", label=Text.same("mirror"))
    english = Link(
        url="https://example.org/en", label=Text(zh="英文版", en="English"), language="en"
    )
    assert to_data(plain) == {
        "url": "https://example.org",
        "label": {"zh": "mirror", "en": "mirror"},
        "language": None,
    }
    assert to_data(english)["language"] == "en"
    assert list(to_data(english)) == ["url", "label", "language"]


def test_everything_else_becomes_plain_json_data():
    @attrs.frozen
    class Report:
        name: str
        kinds: tuple[Kind, ...]
        counts: dict[Status, int]
        seen: frozenset[str]
        note: Text

    value = Report(
        "r", (Kind.PAPER, Kind.BOOK), {Status.DONE: 2}, frozenset({"b", "a"}), Text.same("n")
    )
    data = to_data(value)
    assert data == {
        "name": "r",
        "kinds": ["paper", "book"],
        "counts": {"done": 2},
        "seen": ["a", "b"],
        "note": {"zh": "n", "en": "n"},
    }
    # Plain data: the standard encoder needs no help.
    assert json.loads(json.dumps(data)) == data
    assert [type(k) for k in (*data["kinds"], *data["counts"])] == [str, str, str]
    assert to_data(Kind.REPO) == "repo" and type(to_data(Kind.REPO)) is str
    assert to_data(None) is None and to_data(3) == 3 and to_data("x") == "x"
    assert to_data((1, (2, 3))) == [1, [2, 3]]


def test_a_concept_reads_as_its_text_unless_it_has_a_key_or_primary_sources():
    keyed = Concept(zh="自注意力", en="self-attention", key="self-attention", primary=("vaswani",))
    plain = Concept(zh="位置编码", en="positional encoding")
    topic = Topic(
        id="t",
        title=Text.same("T"),
        summary=Text.same("S"),
        # A topic built in Python may hold plain texts as its concepts.
        concepts=(keyed, plain, Text.same("residuals")),  # type: ignore[arg-type]
    )
    assert to_data(topic)["concepts"] == [
        {"zh": "自注意力", "en": "self-attention", "key": "self-attention", "primary": ["vaswani"]},
        {"zh": "位置编码", "en": "positional encoding"},
        {"zh": "residuals", "en": "residuals"},
    ]
