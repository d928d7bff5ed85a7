"""The Mermaid exporter: checked line by line here, and by the real mermaid parser (slow test)."""

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from llm_roadmap import ExportError

HERE = Path(__file__).resolve().parent
MERMAID_PACKAGES = ("mermaid@11.17.2", "jsdom@29.1.1")
CONTROLS = {chr(c) for c in (*range(0x20), 0x7F)}
ID = r"(?:track|topic)_[a-z0-9_]+"
LABEL = r'"(?:[^"#<>&%`\n]|#(?:quot|amp|lt|gt|35|37|96);)*"'
LINE = re.compile(
    rf"^(?:flowchart (?:TD|TB|BT|LR|RL)"
    rf"|    subgraph {ID}\[{LABEL}\]"
    rf"|        direction TB"
    rf"|        {ID}\[{LABEL}\]"
    rf"|    end"
    rf"|    {ID} --> {ID}"
    rf"|    classDef (?:essential|selective|background) [a-z:#0-9 ,-]+"
    rf"|    class {ID}(?:,{ID})* (?:essential|selective|background))$"
)
ENTITIES = {
    "#quot;": '"',
    "#amp;": "&",
    "#lt;": "<",
    "#gt;": ">",
    "#35;": "#",
    "#37;": "%",
    "#96;": "`",
}


def plain(text):
    return "".join(c for c in " ".join(text.split()) if c not in CONTROLS)


def unlabel(label):
    return re.sub(r"#(?:quot|amp|lt|gt|35|37|96);", lambda m: ENTITIES[m.group(0)], label[1:-1])


def read(text):
    """Parse the diagram with the grammar the exporter writes; return nodes, subgraphs, edges."""
    lines = text.splitlines()
    assert text.endswith("\n")
    bad = [line for line in lines if not LINE.match(line)]
    assert not bad, bad
    nodes, subgraphs, edges, current = {}, {}, [], None
    for line in lines[1:]:
        if line.startswith("    subgraph "):
            ident, label = re.match(rf"    subgraph ({ID})\[({LABEL})\]", line).groups()
            current = ident
            subgraphs[ident] = (unlabel(label), [])
        elif line == "    end":
            current = None
        elif m := re.match(rf"        ({ID})\[({LABEL})\]$", line):
            nodes[m.group(1)] = unlabel(m.group(2))
            subgraphs[current][1].append(m.group(1))
        elif m := re.match(rf"    ({ID}) --> ({ID})$", line):
            edges.append((m.group(1), m.group(2)))
    return nodes, subgraphs, edges


def expected(rm, lang):
    nodes = {f"topic_{t.id.replace('-', '_')}": plain(t.title.get(lang)) for t in rm.topics}
    subgraphs = {
        f"track_{t.id.replace('-', '_')}": (
            f"{n}. {plain(t.title.get(lang))}",
            [f"topic_{topic.id.replace('-', '_')}" for topic in t.topics],
        )
        for n, t in enumerate(rm.tracks, 1)
    }
    edges = [
        (f"topic_{p.replace('-', '_')}", f"topic_{t.id.replace('-', '_')}")
        for t in rm.topics
        for p in t.prerequisites
    ]
    return nodes, subgraphs, edges


@pytest.mark.parametrize("which", ["sample", "hostile"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_diagram_has_tracks_topics_and_prerequisites(request, which, lang):
    rm = request.getfixturevalue(which)
    nodes, subgraphs, edges = read(rm.export("mermaid", lang=lang))
    want_nodes, want_subgraphs, want_edges = expected(rm, lang)
    assert nodes == want_nodes
    assert subgraphs == want_subgraphs
    assert sorted(edges) == sorted(want_edges)


def test_keywords_as_ids_are_prefixed(hostile):
    text = hostile.export("mermaid")
    assert "subgraph track_end[" in text and "topic_subgraph[" in text
    assert "\n    end\n" in text  # the keyword itself only closes subgraphs


def test_emphasis_is_styled(sample):
    text = sample.export("mermaid")
    assert "    class topic_attention essential" in text
    assert "    class topic_nlp_basics background" in text
    assert "    class topic_pretraining selective" in text


def test_direction_option(sample):
    assert sample.export("mermaid", direction="lr").startswith("flowchart LR\n")
    with pytest.raises(ExportError, match="direction"):
        sample.export("mermaid", direction="diagonal")


def test_subset_drops_edges_to_topics_left_out(sample):
    _, subgraphs, edges = read(sample.export("mermaid", tracks=["transformers"]))
    assert set(subgraphs) == {"track_transformers"}
    assert edges == [("topic_attention", "topic_pretraining")]


@pytest.fixture(scope="session")
def mermaid_js(tmp_path_factory):
    """A directory with the real mermaid library (and jsdom for its DOM), installed by npm once."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run the real mermaid parser")
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "llm-roadmap-tests"
        / "mermaid-11.17.2"
    )
    if (
        not (cache / "node_modules" / "mermaid").is_dir()
        or not (cache / "node_modules" / "jsdom").is_dir()
    ):
        cache.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(cache),
                *MERMAID_PACKAGES,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            pytest.skip(f"could not install mermaid from npm: {result.stderr[-500:]}")
    shutil.copy(HERE / "mermaid_check.mjs", cache / "mermaid_check.mjs")
    return cache


def mermaid_parse(directory, text):
    result = subprocess.run(
        ["node", str(directory / "mermaid_check.mjs")],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_the_real_mermaid_parser_reads_every_label_back(request, mermaid_js, which):
    rm = request.getfixturevalue(which)
    for lang in ("en", "zh"):
        parsed = mermaid_parse(mermaid_js, rm.export("mermaid", lang=lang))
        assert parsed["ok"], parsed.get("error")
        assert parsed["type"].startswith("flowchart")
        want_nodes, want_subgraphs, want_edges = expected(rm, lang)
        labels = {k: html.unescape(v) for k, v in parsed["vertices"].items()}
        assert labels == want_nodes
        titles = {s["id"]: (html.unescape(s["title"]), s["nodes"]) for s in parsed["subgraphs"]}
        assert {k: t for k, (t, _) in titles.items()} == {
            k: t for k, (t, _) in want_subgraphs.items()
        }
        assert {k: sorted(n) for k, (_, n) in titles.items()} == {
            k: sorted(n) for k, (_, n) in want_subgraphs.items()
        }
        assert sorted(map(tuple, parsed["edges"])) == sorted(want_edges)


@pytest.mark.slow
@pytest.mark.parametrize(
    "broken",
    [
        'flowchart TD\n    a["x"] -->\n',  # a dangling edge
        'flowchart TD\n    subgraph s["t"]\n    a["x"]\n',  # a subgraph never closed
        'flowchart TD\n    end["x"]\n',  # a keyword as an id: why ids are prefixed
        'flowchart TD\n    a["x" y"]\n',  # a raw quote in a label: why quotes are escaped
        "flowchart TD\n    a[x (y)]\n",  # an unquoted label with brackets: why labels are quoted
    ],
)
def test_the_real_mermaid_parser_rejects_broken_diagrams(mermaid_js, broken):
    # The check above would be worthless if the parser accepted anything.
    assert not mermaid_parse(mermaid_js, broken)["ok"]


@pytest.mark.parametrize(
    "text",
    [
        "plain words",
        "",
        " leading",
        "trailing ",
        "double  space",
        "trailing newline \n",
        *(f"a{chr(c)}b" for c in range(0x110000) if chr(c).isspace()),
        *(f"a{chr(c)}b" for c in (*range(0x20), 0x7F)),
        *(f"a{c}b" for c in '#"&<>`%'),
    ],
)
def test_the_shortcut_for_plain_labels_agrees_with_full_escaping(text):
    from llm_roadmap.exporters.mermaid import _LABEL_ESCAPES, _SPACE, label

    assert label(text) == '"' + _SPACE.sub(" ", text).strip().translate(_LABEL_ESCAPES) + '"'
