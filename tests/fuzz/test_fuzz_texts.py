"""Data texts with any code point: refused exactly when they hold what a terminal would obey.

One text field of a small roadmap (any of them: titles, summaries, notes,
descriptions, concepts, link labels, authors, the publisher, a study-time
basis) gets text drawn from every code point, lone surrogates and controls
included. Loaded from a plugin's mapping, the roadmap is refused exactly
when the text holds a control character (but tab and line feed) or a lone
surrogate, with one clean problem naming that field; otherwise it loads with
the text as it was, exports to JSON that reads back, and what the command
line shows of it (`show`, run in-process) holds no control character raw.
"""

import copy
import json
import re
import types
from collections.abc import Iterator
from typing import Any, Optional

import tomli_w
from _fuzz_common import FUZZ, PIECES, assert_clean_problems
from click.testing import CliRunner
from hypothesis import event, given
from hypothesis import strategies as st

import llm_roadmap
from llm_roadmap.cli import main
from llm_roadmap.util.text import CONTROL_RE, SURROGATE_RE

ANY_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*PIECES, "\x9b", "\x1b]0;x\x07", "\x1b[2J", "\ud800", "\udcff", "\r\n"]),
        st.text(st.characters(codec=None), max_size=5),
    ),
    min_size=1,
    max_size=6,
).map(lambda parts: "x" + "".join(parts))
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

TEXT = {"zh": "文字", "en": "text"}
BASE: dict[str, Any] = {
    "resources": [
        {
            "id": "fuzz-a",
            "title": dict(TEXT),
            "url": "https://example.org/a",
            "kind": "book",
            "language": "en",
            "description": dict(TEXT),
            "authors": ["Ada"],
            "publisher": "Press",
            "links": [{"url": "https://example.org/b", "label": dict(TEXT)}],
        }
    ],
    "tracks": [
        {
            "id": "fuzz-track",
            "title": dict(TEXT),
            "summary": dict(TEXT),
            "note": dict(TEXT),
            "topics": [
                {
                    "id": "fuzz-topic",
                    "title": dict(TEXT),
                    "summary": dict(TEXT),
                    "note": dict(TEXT),
                    "concepts": [dict(TEXT)],
                    "resources": [
                        {
                            "resource": "fuzz-a",
                            "note": dict(TEXT),
                            "hours": 2,
                            "hours_basis": dict(TEXT),
                        }
                    ],
                }
            ],
        }
    ],
}
TOPIC = ("tracks", 0, "topics", 0)
FIELDS = [
    (("resources", 0, "title", "en"), "title.en"),
    (("resources", 0, "description", "zh"), "description.zh"),
    (("resources", 0, "authors", 0), "authors[0]"),
    (("resources", 0, "publisher"), "publisher"),
    (("resources", 0, "links", 0, "label", "en"), "links[0].label.en"),
    (("tracks", 0, "title", "zh"), "title.zh"),
    (("tracks", 0, "note", "en"), "note.en"),
    ((*TOPIC, "summary", "en"), "summary.en"),
    ((*TOPIC, "concepts", 0, "zh"), "concepts[0].zh"),
    ((*TOPIC, "resources", 0, "note", "en"), "resources[0].note.en"),
    ((*TOPIC, "resources", 0, "hours_basis", "zh"), "resources[0].hours_basis.zh"),
]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _attempt(data: dict[str, Any]) -> tuple[Optional[llm_roadmap.Roadmap], Optional[str]]:
    # The roadmap, or the message of the plugin's failure (strict: an error).
    try:
        return _load(data), None
    except llm_roadmap.PluginError as exc:
        return None, str(exc)


def _load(data: dict[str, Any]) -> llm_roadmap.Roadmap:
    @llm_roadmap.hookimpl
    def register_tracks(register: Any) -> None:
        register(data)

    return llm_roadmap.load(
        plugins=[],
        disable_plugins=["llm_roadmap.bundled"],
        strict=True,
        extra_plugins=[("fuzz", types.SimpleNamespace(register_tracks=register_tracks))],
    )


@FUZZ
@given(field=st.sampled_from(FIELDS), text=ANY_TEXT, lang=st.sampled_from(["en", "zh"]))
def test_any_code_point_in_any_text_field(
    tmp_path_factory: Any, field: tuple[tuple[Any, ...], str], text: str, lang: str
) -> None:
    path, name = field
    data = copy.deepcopy(BASE)
    parent: Any = data
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = text
    refused = bool(CONTROL_RE.search(text) or SURROGATE_RE.search(text))
    rm, failure = _attempt(data)
    event("refused" if failure else "accepted")
    if failure is not None:
        assert refused, failure
        assert f": {name}: " in failure
        assert "control character" in failure or "surrogate" in failure
        assert not RAW.search(failure) and not SURROGATE_RE.search(failure)
        return
    assert not refused and rm is not None
    exported = rm.export("json", lang=lang)
    assert_no_raw(exported)
    assert text in set(_strings(json.loads(exported)))  # as it was, no character lost
    # What a user sees of it: `show`, from the same text in a data file.
    folder = tmp_path_factory.mktemp("texts")
    (folder / "data.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    shown = CliRunner().invoke(
        main,
        ["--data", str(folder), "--lang", lang, "show", "fuzz-track"],
        env={"LLM_ROADMAP_PLUGINS": "", "LLM_ROADMAP_DISABLE_PLUGINS": "llm_roadmap.bundled"},
    )
    assert shown.exit_code == 0, shown.output
    assert_no_raw(shown.output)


def assert_no_raw(output: str) -> None:
    assert not RAW.search(output), output


def test_the_rule_sees_every_refused_code_point() -> None:
    refused = {c for c in map(chr, range(0x110000)) if CONTROL_RE.match(c) or SURROGATE_RE.match(c)}
    assert refused == {
        *map(chr, range(0x09)),
        *map(chr, range(0x0B, 0x20)),
        *map(chr, range(0x7F, 0xA0)),
        *map(chr, range(0xD800, 0xE000)),
    }
    assert_clean_problems([], set())
