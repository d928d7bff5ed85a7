"""The Mermaid exporter: the roadmap as a flowchart of tracks, topics and prerequisites.

Tracks become subgraphs, topics become nodes, and each prerequisite becomes an
edge from the topic to learn first to the topic that needs it. Node ids are
derived from the stable topic ids; every label is quoted and its characters
that Mermaid would interpret are written as Mermaid entity codes, so any
title renders as text.
"""

import re
from typing import IO, TYPE_CHECKING, Callable

from ..errors import ExportError
from ..exporter import Exporter, ExportOptions
from ..hookspecs import hookimpl
from ..model import Emphasis, Lang, Text

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["diagram", "register_exporters"]

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
_STYLE = {
    Emphasis.ESSENTIAL: "stroke-width:3px,font-weight:bold",
    Emphasis.SELECTIVE: "stroke-dasharray:4 3",
    Emphasis.BACKGROUND: "stroke-dasharray:2 2,color:#777777",
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


def diagram(roadmap: "Roadmap", lang: Lang, direction: str = "TD") -> str:
    """Return the Mermaid flowchart of ``roadmap`` in ``lang``, ending with a newline.

    Args:
        roadmap: The roadmap (or subset) to draw.
        lang: The language of the labels.
        direction: The flowchart direction: ``TD`` (top down), ``LR``, ``BT``, ``RL``.

    Raises:
        ExportError: ``direction`` is not one Mermaid knows.
    """
    direction = direction.upper()
    if direction not in _DIRECTIONS:
        raise ExportError(
            f"option 'direction' must be one of {', '.join(_DIRECTIONS)}, not {direction!r}"
        )
    code = lang.value
    lines = [f"flowchart {direction}"]
    known = {topic.id for track in roadmap.tracks for topic in track.topics}
    edges: list[str] = []
    styled: dict[Emphasis, list[str]] = {}
    for number, track in enumerate(roadmap.tracks, 1):
        title = _get(track.title, code)
        lines.append(f"    subgraph {node_id('track', track.id)}[{label(f'{number}. {title}')}]")
        lines.append("        direction TB")
        for topic in track.topics:
            topic_node = node_id("topic", topic.id)
            lines.append(f"        {topic_node}[{label(_get(topic.title, code))}]")
            if topic.emphasis in _STYLE:
                styled.setdefault(topic.emphasis, []).append(topic_node)
            edges.extend(
                f"    {node_id('topic', p)} --> {topic_node}"
                for p in topic.prerequisites
                if p in known
            )
        lines.append("    end")
    lines.extend(edges)
    for emphasis, nodes in styled.items():
        lines.append(f"    classDef {emphasis.value} {_STYLE[emphasis]}")
        lines.append(f"    class {','.join(nodes)} {emphasis.value}")
    return "\n".join(lines) + "\n"


def _get(text: Text, code: str) -> str:
    return text.zh if code == "zh" else text.en


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    out.write(diagram(roadmap, options.lang, str(options.params.get("direction", "TD"))))


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
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
                )
            },
        )
    )
