"""The Mermaid exporter: checked line by line here, and by the real mermaid parser (slow test)."""

import html
import json
import re
import subprocess

import pytest

from llm_roadmap import ExportError, Lang

CONTROLS = {chr(c) for c in (*range(0x20), 0x7F)}
ID = r"(?:track|topic)_[a-z0-9_]+"
LABEL = r'"(?:[^"#<>&%`\n]|#(?:quot|amp|lt|gt|35|37|96);)*"'
EMPHASIS = "(?:essential|selective|background)"
LINE = re.compile(
    rf"^(?:flowchart (?:TD|TB|BT|LR|RL)"
    rf"|    subgraph {ID}\[{LABEL}\]"
    rf"|    subgraph legend\[{LABEL}\]"
    rf"|        direction (?:TB|LR)"
    rf"|        {ID}\[{LABEL}\]"
    rf"|        legend_(?:essential|standard|selective|background)\[{LABEL}\]"
    rf"|    end"
    rf"|    {ID} --> {ID}"
    rf"|    (?:legend|{ID}) ~~~ {ID}"
    rf"|    classDef {EMPHASIS} [a-z:#0-9 ,-]+"
    rf"|    class {ID}(?:,{ID})* {EMPHASIS}"
    rf"|    class legend_{EMPHASIS} {EMPHASIS}"
    rf'|    click {ID} "#(?:topic|track)-[a-z0-9-]+")$'
)
# The overview and the per-track diagrams of the Markdown export: labels may
# break lines with <br> (written by the exporter, never from the data).
SHORT_LABEL = r'"(?:[^"#<>&%`\n]|#(?:quot|amp|lt|gt|35|37|96);|<br>)*"'
SHORT_LINE = re.compile(
    rf"^(?:flowchart (?:TD|TB|BT|LR|RL)"
    rf"|    subgraph legend\[{LABEL}\]"
    rf"|        direction LR"
    rf"|        legend_(?:essential|standard|selective|background)\[{LABEL}\]"
    rf"|    end"
    rf"|    {ID}\[{SHORT_LABEL}\]"
    rf"|    {ID} --> {ID}"
    rf"|    (?:legend|{ID}) ~~~ {ID}"
    rf"|    classDef (?:{EMPHASIS}|other) [a-z:#0-9 ,-]+"
    rf"|    class {ID}(?:,{ID})* (?:{EMPHASIS}|other)"
    rf"|    class legend_{EMPHASIS} {EMPHASIS}"
    rf'|    click {ID} "#(?:topic|track)-[a-z0-9-]+")$'
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
        if line.startswith(("    subgraph legend[", "        legend_", "        direction LR")):
            continue  # the legend: checked by its own test
        if line.startswith("    subgraph "):
            ident, label = re.match(rf"    subgraph ({ID})\[({LABEL})\]", line).groups()
            current = ident
            subgraphs[ident] = (unlabel(label), [])
        elif line == "    end":
            current = None
        elif re.match(rf"    ({ID}) --> ({ID})$", line) is None and " ~~~ " in line:
            continue
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
        # The legend (checked by its own test) and the invisible links that order the tracks.
        text = rm.export("mermaid", lang=lang)
        chain = re.findall(r"^    (\S+) ~~~ (\S+)$", text, flags=re.M)
        # A link to a subgraph makes Mermaid list its id among the vertices too; it draws a cluster.
        clusters = {s["id"] for s in parsed["subgraphs"]}
        legend = {k for k in parsed["vertices"] if k in clusters or k.startswith("legend_")}
        parsed["edges"] = [e for e in parsed["edges"] if tuple(e) not in chain]
        parsed["subgraphs"] = [s for s in parsed["subgraphs"] if s["id"] != "legend"]
        labels = {k: html.unescape(v) for k, v in parsed["vertices"].items() if k not in legend}
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


# -- order, legend, links (issue 11) -------------------------------------------


def _ids(rm):
    return [f"track_{t.id.replace('-', '_')}" for t in rm.tracks]


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_tracks_are_chained_in_learning_order_after_the_legend(request, which):
    rm = request.getfixturevalue(which)
    text = rm.export("mermaid")
    chain = re.findall(r"^    (\S+) ~~~ (\S+)$", text, flags=re.M)
    order = ["legend", *_ids(rm)]
    assert chain == list(zip(order, order[1:]))
    assert re.findall(r"^    ~~~", text, flags=re.M) == []
    assert "~~~" not in rm.export("mermaid", legend=False).split("\n")[1]


def test_the_legend_shows_every_emphasis_with_its_meaning_in_the_language(sample):
    from llm_roadmap import Emphasis
    from llm_roadmap.vocabulary import advice, label

    for lang in ("en", "zh"):
        text = sample.export("mermaid", lang=lang)
        found = dict(re.findall(rf"^        legend_([a-z]+)\[({LABEL})\]$", text, flags=re.M))
        assert set(found) == {e.value for e in Emphasis}
        for emphasis in Emphasis:
            shown = unlabel(found[emphasis.value])
            assert shown.startswith(label(emphasis, lang))
            assert advice(emphasis, lang) in shown
        for emphasis in ("essential", "selective", "background"):
            assert f"    class legend_{emphasis} {emphasis}" in text
    assert "legend" not in sample.export("mermaid", legend="false")


def test_every_topic_links_to_its_section_of_the_markdown_export(sample):
    text = sample.export("mermaid")
    clicks = re.findall(r'^    click (\S+) "([^"]+)"$', text, flags=re.M)
    assert clicks == [(f"topic_{t.id.replace('-', '_')}", f"#topic-{t.id}") for t in sample.topics]
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', sample.export("markdown")))
    assert {href[1:] for _, href in clicks} <= anchors
    prefixed = sample.export("mermaid", links="https://example.org/roadmap.md#")
    assert '"https://example.org/roadmap.md#topic-attention"' in prefixed
    assert "click" not in sample.export("mermaid", links="none")


@pytest.mark.parametrize("bad", ['#"x', "javascript:alert(1)#", "a b#", "%%{x}%%"])
def test_a_links_prefix_that_is_not_a_plain_url_is_refused(sample, bad):
    with pytest.raises(ExportError, match="links"):
        sample.export("mermaid", links=bad)


def _short(text):
    bad = [line for line in text.splitlines() if not SHORT_LINE.match(line)]
    assert not bad, bad
    nodes = dict(re.findall(rf"^    ({ID})\[({SHORT_LABEL})\]$", text, flags=re.M))
    return {k: unlabel(v.replace("<br>", " ")) for k, v in nodes.items()}, re.findall(
        rf"^    ({ID}) --> ({ID})$", text, flags=re.M
    )


@pytest.mark.parametrize("which", ["sample", "hostile"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overview_draws_the_tracks_in_order_with_the_edges_between_them(request, which, lang):
    from llm_roadmap.exporters.mermaid import overview

    rm = request.getfixturevalue(which)
    text = overview(rm, Lang.parse(lang))
    nodes, edges = _short(text)
    assert list(nodes) == _ids(rm)
    for n, track in enumerate(rm.tracks, 1):
        assert nodes[_ids(rm)[n - 1]] == plain(f"{n}. {track.title.get(lang)}")
    track_of = {t.id: t.track for t in rm.topics}
    needed = {
        (f"track_{track_of[p].replace('-', '_')}", f"track_{t.track.replace('-', '_')}")
        for t in rm.topics
        for p in t.prerequisites
        if track_of.get(p, t.track) != t.track
    }
    assert set(edges) == needed
    # Consecutive tracks no edge joins are kept in order by an invisible link.
    chain = set(re.findall(r"^    (\S+) ~~~ (\S+)$", text, flags=re.M))
    for a, b in zip(_ids(rm), _ids(rm)[1:]):
        assert (a, b) in chain or (a, b) in needed


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_each_track_diagram_holds_its_topics_and_the_outside_ones_they_need(request, which):
    from llm_roadmap.exporters.mermaid import track_diagram

    rm = request.getfixturevalue(which)
    numbers = {
        topic.id: f"{i}.{j}"
        for i, track in enumerate(rm.tracks, 1)
        for j, topic in enumerate(track.topics, 1)
    }
    for track in rm.tracks:
        text = track_diagram(rm, track, Lang.EN, numbers)
        nodes, edges = _short(text)
        own = {t.id for t in track.topics}
        outside = {p for t in track.topics for p in t.prerequisites if p not in own}
        assert set(nodes) == {f"topic_{i.replace('-', '_')}" for i in own | outside}
        for topic_id in own | outside:
            node = nodes[f"topic_{topic_id.replace('-', '_')}"]
            assert node == plain(f"{numbers[topic_id]} {rm.topic(topic_id).title.en}")
        assert sorted(edges) == sorted(
            (f"topic_{p.replace('-', '_')}", f"topic_{t.id.replace('-', '_')}")
            for t in track.topics
            for p in t.prerequisites
        )
        # Short lines: no line of a label is much wider than GitHub's page allows four boxes.
        for label_ in re.findall(rf"\[({SHORT_LABEL})\]", text):
            for part in label_[1:-1].split("<br>"):
                part = unlabel(f'"{part}"')
                words = part.split(" ")
                assert len(part) <= 30 or len(words) == 1 or max(map(len, words)) > 26, part


@pytest.mark.slow
def test_the_real_mermaid_parser_reads_the_overview_and_track_diagrams(sample, hostile, mermaid_js):
    from llm_roadmap.exporters.mermaid import overview, track_diagram

    for rm in (sample, hostile):
        numbers = {
            topic.id: f"{i}.{j}"
            for i, track in enumerate(rm.tracks, 1)
            for j, topic in enumerate(track.topics, 1)
        }
        for lang in (Lang.EN, Lang.ZH):
            texts = [overview(rm, lang)] + [
                track_diagram(rm, t, lang, numbers) for t in rm.tracks if t.topics
            ]
            for text in texts:
                parsed = mermaid_parse(mermaid_js, text)
                assert parsed["ok"], parsed.get("error")
                mine, edges = _short(text)
                clusters = {s["id"] for s in parsed["subgraphs"]}
                shown = {
                    k: html.unescape(v).replace("<br>", " ")
                    for k, v in parsed["vertices"].items()
                    if not k.startswith("legend_") and k not in clusters
                }
                assert shown == mine
                assert sorted(map(tuple, parsed["edges"])) == sorted(
                    [*edges, *re.findall(r"^    (\S+) ~~~ (\S+)$", text, flags=re.M)]
                )
