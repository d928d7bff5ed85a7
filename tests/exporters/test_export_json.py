"""The JSON exporter, its published schema, and loading an export back."""

import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

import llm_roadmap
from llm_roadmap import DataError, load_json
from llm_roadmap.exporters.json import SCHEMA_VERSION, schema

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def validator():
    published = schema()
    Draft202012Validator.check_schema(published)
    return Draft202012Validator(published, format_checker=FormatChecker())


@pytest.mark.parametrize("which", ["sample", "hostile"])
@pytest.mark.parametrize("indent", [2, 0])
def test_export_validates_against_the_shipped_schema(request, validator, which, indent):
    rm = request.getfixturevalue(which)
    document = json.loads(rm.export("json", indent=indent))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["generator"] == {"name": "llm-roadmap", "version": llm_roadmap.__version__}
    assert [t["id"] for t in document["tracks"]] == [t.id for t in rm.tracks]
    assert [r["id"] for r in document["resources"]] == [r.id for r in rm.resources]


def test_the_schema_rejects_what_the_format_does_not_allow(sample, validator):
    document = json.loads(sample.export("json"))
    broken = json.loads(json.dumps(document))
    broken["resources"][0]["kind"] = "podcast"
    del broken["tracks"][0]["topics"][0]["id"]
    broken["tracks"][0]["topics"][0]["resources"][0]["role"] = "must"
    broken["resources"][1]["surprise"] = True
    messages = [e.message for e in validator.iter_errors(broken)]
    assert len(messages) == 4, messages


def test_provenance_and_plugins_are_recorded(sample):
    document = json.loads(sample.export("json"))
    resource = document["resources"][0]
    assert resource["provenance"] == {
        "plugin": "sample",
        "distribution": "sample",
        "version": "",
        "file": "<data registered by sample>",
    }
    assert document["tracks"][0]["provenance"]["plugin"] == "sample"
    names = {p["name"]: p for p in document["plugins"]}
    assert names["sample"]["status"] == "loaded"
    assert names["sample"]["contributed"]["resources"] == len(sample.resources)
    assert names["llm_roadmap.exporters.json"]["builtin"] is True
    assert names["llm_roadmap.bundled"]["status"] == "disabled"


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_export_and_load_back_give_an_equal_roadmap(request, tmp_path, which):
    rm = request.getfixturevalue(which)
    path = tmp_path / "roadmap.json"
    rm.export("json", path)
    loaded = load_json(path)
    assert loaded == rm
    assert loaded.tracks == rm.tracks and loaded.resources == rm.resources
    # Provenance is not part of equality; check it came back too.
    assert [r.provenance for r in loaded.resources] == [r.provenance for r in rm.resources]
    assert [t.provenance for t in loaded.topics] == [t.provenance for t in rm.topics]
    assert [(p.name, p.status) for p in loaded.plugins] == [(p.name, p.status) for p in rm.plugins]
    # The loaded roadmap exports again, byte for byte the same.
    assert loaded.export("json") == rm.export("json")
    assert loaded.export("markdown", lang="zh") == rm.export("markdown", lang="zh")


def test_load_from_open_files_and_subsets(sample):
    part = sample.subset(tracks=["transformers"], kinds=["paper"])
    text = sample.export("json", tracks=["transformers"], kinds=["paper"], indent=0)
    assert load_json(io.StringIO(text)) == part
    assert load_json(io.BytesIO(text.encode("utf-8"))) == part
    assert load_json(io.StringIO(text)) != sample


def _problems(text):
    with pytest.raises(DataError) as caught:
        load_json(io.StringIO(text))
    return caught.value.problems


def test_load_reports_invalid_json_with_its_position():
    (problem,) = _problems('{"schema_version": 1,\n "tracks": [}')
    assert "invalid JSON at line 2" in problem.message


def test_load_rejects_other_documents_and_newer_versions(sample):
    assert _problems("[1, 2]")[0].message.startswith("expected an object")
    assert _problems('{"tracks": []}')[0].field == "schema_version"
    document = json.loads(sample.export("json"))
    document["schema_version"] = SCHEMA_VERSION + 1
    (problem,) = _problems(json.dumps(document))
    assert "upgrade llm-roadmap" in problem.message


def test_load_names_the_entry_and_field_of_each_problem(sample):
    document = json.loads(sample.export("json"))
    resources = {r["id"]: r for r in document["resources"]}
    resources["bert"]["year"] = "2018"
    resources["attention-blog"]["authors"] = "Jay Alammar"
    resources["d2l"]["kind"] = "podcast"
    document["tracks"][0]["topics"][1]["prerequisites"] = ["no-such-topic"]
    document["tracks"][1]["topics"][1]["resources"][0]["resource"] = "no-such-resource"
    del document["tracks"][0]["title"]
    found = {(p.entry, p.field): p.message for p in _problems(json.dumps(document))}
    assert found == {
        ("bert", "year"): "expected an integer, got the string '2018'",
        ("attention-blog", "authors"): "expected an array, got the string 'Jay Alammar'",
        ("d2l", "kind"): found[("d2l", "kind")],
        ("foundations", "title"): "required field missing",
        # Placements of resources that failed to load are not reported again;
        # the reference to a resource that was never there is.
        ("pretraining", "resources[0].resource"): "unknown resource 'no-such-resource'",
    }
    assert found[("d2l", "kind")].startswith("expected one of 'book', 'paper'")
    # With the track fixed, its dangling prerequisite is found too.
    document["tracks"][0]["title"] = {"zh": "基础", "en": "Foundations"}
    found = {(p.entry, p.field): p.message for p in _problems(json.dumps(document))}
    assert found[("nlp-basics", "prerequisites[0]")] == "unknown topic 'no-such-topic'"


def test_load_applies_the_data_files_cross_entry_rules(sample):
    # A hand-edited export is checked as data files are: cycles, lone groups,
    # duplicate ids.
    document = json.loads(sample.export("json"))
    document["tracks"][0]["topics"][0]["prerequisites"] = ["pretraining"]
    document["resources"].append(dict(document["resources"][0]))
    found = {(p.entry, p.field): p.message for p in _problems(json.dumps(document))}
    cycles = [m for m in found.values() if m.startswith("prerequisite cycle: ")]
    assert cycles and all("deep-learning" in m and "pretraining" in m for m in cycles)
    duplicate = document["resources"][0]["id"]
    assert found[(duplicate, "id")].startswith("duplicate resource id")


def test_the_schema_is_shipped_in_the_package_and_published_in_the_docs():
    from importlib.resources import files

    shipped = files("llm_roadmap").joinpath("roadmap.schema.json").read_text(encoding="utf-8")
    assert json.loads(shipped) == schema()
    docs_copy = ROOT / "docs" / "roadmap.schema.json"
    assert docs_copy.read_text(encoding="utf-8") == shipped, (
        "copy llm_roadmap/roadmap.schema.json to docs/"
    )


def test_fetched_fields_are_exported_kept_apart_and_read_back(sample, validator):
    import attrs

    first = sample.resources[0]
    github = {"stars": 1200, "archived": False, "license": "MIT", "fetched_at": "2026-11-01T00:00Z"}
    fetched = attrs.evolve(first, fetched={"github": github})
    rm = llm_roadmap.Roadmap(
        tracks=sample.tracks,
        resources=(fetched, *sample.resources[1:]),
        exporters=sample.exporters,
    )
    document = json.loads(rm.export("json"))
    assert not list(validator.iter_errors(document))
    by_id = {r["id"]: r for r in document["resources"]}
    assert by_id[first.id]["fetched"] == {"github": github}
    # Curated fields are untouched by what was fetched.
    assert by_id[first.id]["title"] == {"zh": first.title.zh, "en": first.title.en}
    assert all(r["fetched"] == {} for r in document["resources"] if r["id"] != first.id)
    again = load_json(io.StringIO(json.dumps(document)))
    assert dict(again.resource(first.id).fetched) == {"github": github}
    # A fetched entry must be an object per source.
    document["resources"][0]["fetched"] = {"github": 3}
    assert list(validator.iter_errors(document))


def test_a_loaded_export_carries_the_built_in_exporters_as_load_gives_them(sample):
    loaded = load_json(io.StringIO(sample.export("json")))
    builtin = llm_roadmap.load(plugins=[], disable_plugins=["llm_roadmap.bundled"])
    assert list(loaded.exporters) == list(builtin.exporters)
    assert [e.provenance for e in loaded.exporters.values()] == [
        e.provenance for e in builtin.exporters.values()
    ]


def test_a_loaded_export_is_checked_entry_by_entry_as_data_files_are(sample):
    # The per-entry rules of data files apply too: URLs, ids, translations.
    document = json.loads(sample.export("json"))
    document["resources"][0]["url"] = "ftp://example.org/paper"
    document["resources"][1]["description"]["en"] = " "
    document["tracks"][0]["topics"][0]["track"] = "elsewhere"
    first, second = document["resources"][0]["id"], document["resources"][1]["id"]
    topic = document["tracks"][0]["topics"][0]["id"]
    found = {(p.entry, p.field): p.message for p in _problems(json.dumps(document))}
    assert found[(first, "url")].endswith("is not http(s)")
    assert found[(second, "description.en")] == "missing translation (en)"
    assert found[(topic, "track")].startswith("is 'elsewhere' but the topic is in track")


def test_a_link_s_language_is_exported_and_read_back(sample, validator):
    import attrs

    first = sample.resources[0]
    edition = llm_roadmap.Link(
        url="https://example.org/en", label=llm_roadmap.Text.same("English"), language="en"
    )
    rm = llm_roadmap.Roadmap(
        tracks=sample.tracks,
        resources=(attrs.evolve(first, links=(*first.links, edition)), *sample.resources[1:]),
        exporters=sample.exporters,
    )
    document = json.loads(rm.export("json"))
    assert not list(validator.iter_errors(document))
    links = document["resources"][0]["links"]
    assert links[-1] == {
        "url": "https://example.org/en",
        "label": {"zh": "English", "en": "English"},
        "language": "en",
    }
    assert all(link["language"] is None for link in links[:-1])
    assert load_json(io.StringIO(json.dumps(document))).resources[0].links[-1] == edition
