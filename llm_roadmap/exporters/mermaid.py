"""The Mermaid exporter: the roadmap as a flowchart of tracks, topics and prerequisites.

Tracks become subgraphs, topics become nodes, and each prerequisite becomes an
edge from the topic to learn first to the topic that needs it. Node ids are
derived from the stable topic ids; every label is quoted and its characters
that Mermaid would interpret are written as Mermaid entity codes, so any
title renders as text.

Mermaid's layout places subgraphs as it likes; invisible links (``~~~``)
from each track to the next keep them in learning order. A legend subgraph
shows each emphasis's style with its meaning, and every node links
(``click``) to its section of the Markdown export. For documents,
`overview` draws the tracks alone and `track_diagram` one track's topics,
each small enough to stay readable at a page's width.
"""

import re
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Callable, Optional

from .. import vocabulary
from ..errors import ExportError
from ..hookspecs import hookimpl
from ..model import Emphasis, Lang, Text, Track
from . import Exporter, ExportOptions
from .text import words

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["diagram", "overview", "register_exporters", "track_diagram"]

# Mermaid entity codes (``#quot;``) for the characters that end a quoted label,
# start an entity, open a Markdown string (backtick) or would reach the HTML
# label renderer.
_LABEL_ESCAPES = str.maketrans(
    {
        "#": "#35;",
        '"': "#quot;",
        "&": "#amp;",
        "<": "#lt;",
        ">": "#gt;",
        "`": "#96;",
        # Mermaid scans the whole text for %%{...}%% directives, labels included.
        "%": "#37;",
        # Control characters other than whitespace have no place in a label.
        **{chr(c): "" for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)},
    }
)
_SPACE = re.compile(r"\s+")
# Labels without any of these (most), no double space and no space at either
# end are quoted as they are. The class holds every character str.isspace()
# knows but the space: one character-class search is several times faster
# than a pattern with alternatives.
_SPECIAL = re.compile(
    r'[#"&<>`%\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]'
)
_DIRECTIONS = ("TD", "TB", "BT", "LR", "RL")
_OFF = {"", "none", "false", "no", "off", "0"}
_OTHER = "stroke-dasharray:3 3,color:#555555,fill:#ffffff"
_STYLE = {
    Emphasis.ESSENTIAL: "stroke-width:3px,font-weight:bold",
    Emphasis.SELECTIVE: "stroke-dasharray:4 3",
    Emphasis.BACKGROUND: "stroke-dasharray:2 2,color:#555555",
}


def label(text: str) -> str:
    """Return ``text`` as a quoted Mermaid label: one line, every special character escaped."""
    if not _SPECIAL.search(text) and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return f'"{text}"'
    return '"' + _SPACE.sub(" ", text).strip().translate(_LABEL_ESCAPES) + '"'


def node_id(kind: str, key: str) -> str:
    """Return the Mermaid id of a track or topic: a prefix keeps it clear of keywords like ``end``.

    Ids are kebab-case, so mapping ``-`` to ``_`` cannot make two ids collide.
    """
    return f"{kind}_{key.replace('-', '_')}"


def _directions(direction: str) -> str:
    direction = direction.upper()
    if direction not in _DIRECTIONS:
        raise ExportError(
            f"option 'direction' must be one of {', '.join(_DIRECTIONS)}, not {direction!r}"
        )
    return direction


def _links(prefix: Optional[str]) -> Optional[str]:
    """The prefix of the links nodes get (``"#"``, ``"roadmap.md#"``), or None for no links."""
    if prefix is None or prefix.strip().lower() in _OFF:
        return None
    if (
        any(c in prefix for c in '"<>`\\')
        or "%%" in prefix
        or not prefix.isprintable()
        or " " in prefix
    ):
        raise ExportError(f"option 'links' must be a plain URL prefix, not {prefix!r}")
    scheme = prefix.split(":", 1)[0].lower() if ":" in prefix.split("#", 1)[0] else ""
    if scheme not in ("", "http", "https"):
        raise ExportError(f"option 'links' must be a relative or http(s) prefix, not {prefix!r}")
    return prefix


def _legend(lang: Lang, indent: str = "    ") -> list[str]:
    """A subgraph with one sample node per emphasis, labelled with its meaning."""
    lines = [
        f"{indent}subgraph legend[{label(words(lang)['legend'])}]",
        f"{indent}    direction LR",
    ]
    for emphasis in Emphasis:
        meaning = vocabulary.advice(emphasis, lang)
        name = vocabulary.label(emphasis, lang)
        text = f"{name} · {meaning}" if meaning else name
        lines.append(f"{indent}    legend_{emphasis.value}[{label(text)}]")
    lines.append(f"{indent}end")
    return lines


def _styles(emphases: Mapping[str, Emphasis], legend: bool) -> list[str]:
    """The style of each emphasis but the standard, given to its nodes (``{node: emphasis}``)."""
    lines = []
    for emphasis, style in _STYLE.items():
        nodes = [node for node, e in emphases.items() if e is emphasis]
        if not (nodes or legend):
            continue
        lines.append(f"    classDef {emphasis.value} {style}")
        if nodes:
            lines.append(f"    class {','.join(nodes)} {emphasis.value}")
        if legend:
            lines.append(f"    class legend_{emphasis.value} {emphasis.value}")
    return lines


def diagram(
    roadmap: "Roadmap",
    lang: Lang,
    direction: str = "TD",
    *,
    legend: bool = True,
    links: Optional[str] = "#",
) -> str:
    """Return the Mermaid flowchart of ``roadmap`` in ``lang``, ending with a newline.

    Args:
        roadmap: The roadmap (or subset) to draw.
        lang: The language of the labels.
        direction: The flowchart direction: ``TD`` (top down), ``LR``, ``BT``, ``RL``.
        legend: Draw the legend of the emphases' styles.
        links: What each topic links to: this prefix and ``topic-<id>``, the
            anchors of the Markdown export (``None``: no links).

    Raises:
        ExportError: ``direction`` is not one Mermaid knows, or ``links`` is no plain prefix.
    """
    direction, prefix = _directions(direction), _links(links)
    lines = [f"flowchart {direction}"]
    if legend:
        lines += _legend(lang)
    # Each topic's node id made once (`node_id`), and the topics drawn, for
    # the edges: a prerequisite outside the roadmap (a subset) has no edge.
    nodes = {
        topic.id: node_id("topic", topic.id) for track in roadmap.tracks for topic in track.topics
    }
    edges: list[str] = []
    clicks: list[str] = []
    emphases: dict[str, Emphasis] = {}
    for number, track in enumerate(roadmap.tracks, 1):
        title = track.title.get(lang)
        lines.append(f"    subgraph {node_id('track', track.id)}[{label(f'{number}. {title}')}]")
        lines.append("        direction TB")
        for topic in track.topics:
            topic_node = nodes[topic.id]
            lines.append(f"        {topic_node}[{label(topic.title.get(lang))}]")
            emphases[topic_node] = topic.emphasis
            for p in topic.prerequisites:
                before = nodes.get(p)
                if before is not None:
                    edges.append(f"    {before} --> {topic_node}")
            if prefix is not None:
                clicks.append(f'    click {topic_node} "{prefix}topic-{topic.id}"')
        lines.append("    end")
    lines.extend(_order(roadmap, legend))
    lines.extend(edges)
    lines.extend(_styles(emphases, legend))
    lines.extend(clicks)
    return "\n".join(lines) + "\n"


def _order(roadmap: "Roadmap", legend: bool) -> list[str]:
    """Invisible links that keep the legend first and the tracks in learning order."""
    nodes = (["legend"] if legend else []) + [node_id("track", t.id) for t in roadmap.tracks]
    return [f"    {a} ~~~ {b}" for a, b in zip(nodes, nodes[1:])]


def _wrapped(text: str, width: int = 18) -> str:
    """A quoted label broken into lines of about ``width`` (a CJK character counts twice)."""
    lines: list[str] = []
    line: list[str] = []
    size = 0
    for word in text.split():
        cost = sum(2 if ord(c) > 0x2E7F else 1 for c in word)
        if line and size + 1 + cost > width:
            lines.append(" ".join(line))
            line, size = [], 0
        line.append(word)
        size += cost + (1 if size else 0)
    lines.append(" ".join(line))
    return '"' + "<br>".join(label(part)[1:-1] for part in lines) + '"'


def overview(roadmap: "Roadmap", lang: Lang, *, links: Optional[str] = "#") -> str:
    """The tracks alone, in learning order, with an edge wherever one needs another; and the legend.

    Each track node links to ``<links>track-<id>``. Ends with a newline.
    """
    prefix = _links(links)
    lines = ["flowchart TD", *_legend(lang)]
    track_of = {topic.id: track.id for track in roadmap.tracks for topic in track.topics}
    emphases: dict[str, Emphasis] = {}
    needs: dict[tuple[str, str], None] = {}
    for number, track in enumerate(roadmap.tracks, 1):
        node = node_id("track", track.id)
        lines.append(f"    {node}[{_wrapped(f'{number}. {track.title.get(lang)}')}]")
        emphases[node] = track.emphasis
        for topic in track.topics:
            for p in topic.prerequisites:
                other = track_of.get(p)
                if other is not None and other != track.id:
                    needs[(other, track.id)] = None
    lines += _order(roadmap, True)[:1]
    tracks = [t.id for t in roadmap.tracks]
    for a, b in zip(tracks, tracks[1:]):
        if (a, b) not in needs:
            lines.append(f"    {node_id('track', a)} ~~~ {node_id('track', b)}")
    lines += [f"    {node_id('track', a)} --> {node_id('track', b)}" for a, b in needs]
    lines += _styles(emphases, True)
    if prefix is not None:
        lines += [f'    click {node_id("track", t)} "{prefix}track-{t}"' for t in tracks]
    return "\n".join(lines) + "\n"


def track_diagram(
    roadmap: "Roadmap",
    track: "Track",
    lang: Lang,
    numbers: Mapping[str, str],
    *,
    direction: str = "TD",
    links: Optional[str] = "#",
) -> str:
    """One track's topics, numbered as in the document, and the topics of other tracks they need.

    Prerequisites from other tracks are drawn as dashed nodes. Labels wrap
    onto short lines, so the diagram stays readable at a page's width. Each
    node links to ``<links>topic-<id>``. Ends with a newline.

    Args:
        roadmap: The whole roadmap (for the other tracks' topics).
        track: The track to draw.
        lang: The language of the labels.
        numbers: Each topic's number in the document (``"3.2"``).
        direction: The flowchart direction.
        links: The prefix of the links, or None for none.
    """
    direction, prefix = _directions(direction), _links(links)
    lines = [f"flowchart {direction}"]
    own = [topic.id for topic in track.topics]
    outside: dict[str, None] = {}
    edges: list[str] = []
    emphases: dict[str, Emphasis] = {}
    for topic in track.topics:
        node = node_id("topic", topic.id)
        lines.append(f"    {node}[{_wrapped(f'{numbers[topic.id]} {topic.title.get(lang)}')}]")
        emphases[node] = topic.emphasis
        for p in topic.prerequisites:
            if p in numbers:
                if p not in own:
                    outside[p] = None
                edges.append(f"    {node_id('topic', p)} --> {node}")
    for p in outside:
        text = f"{numbers[p]} {roadmap.topic(p).title.get(lang)}"
        lines.append(f"    {node_id('topic', p)}[{_wrapped(text)}]")
    lines += edges
    lines += _styles(emphases, False)
    if outside:
        lines.append(f"    classDef other {_OTHER}")
        lines.append(f"    class {','.join(node_id('topic', p) for p in outside)} other")
    if prefix is not None:
        lines += [f'    click {node_id("topic", t)} "{prefix}topic-{t}"' for t in (*own, *outside)]
    return "\n".join(lines) + "\n"


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    links = options.params.get("links", "#")
    out.write(
        diagram(
            roadmap,
            options.lang,
            str(options.params.get("direction", "TD")),
            legend=options.flag("legend", True),
            links=None if links is None or links is False else str(links),
        )
    )


@hookimpl
def register_exporters(register: Callable[[Exporter["Roadmap"]], None]) -> None:
    """Register the ``mermaid`` exporter."""
    register(
        Exporter(
            id="mermaid",
            title=Text(zh="Mermaid 流程图", en="Mermaid flowchart"),
            suffix=".mmd",
            media_type="text/vnd.mermaid",
            write=_write,
            params={
                "direction": Text(
                    zh="图的方向：TD（自上而下，默认）、LR、BT、RL",
                    en="direction of the chart: TD (top down, the default), LR, BT, RL",
                ),
                "legend": Text(
                    zh="画出各种重要程度的图例（默认 true）",
                    en="draw the legend of the emphases (default true)",
                ),
                "links": Text(
                    zh="节点链接的前缀，后接 topic-<id>"
                    "（默认 #，即 Markdown 导出中的章节；none 为不加链接）",
                    en="prefix of each node's link, before topic-<id> (default #: its section "
                    "in the Markdown export; none for no links)",
                ),
            },
        )
    )
