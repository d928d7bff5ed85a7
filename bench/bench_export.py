"""Export a synthetic roadmap of 100,000 resources to every built-in format.

Each exporter is timed against a baseline measured in the same run: the same
output written with the standard library alone (csv.writer, json.dumps, plain
string writes), from the same model objects, without escaping or options. The
"same output" column checks that the baseline wrote what the exporter wrote
(for BibTeX, but the braces that protect capitals in titles). Each round times
the exporter and its baseline back to back and takes their ratio; the median
over the rounds is reported, which keeps a busy machine's noise out of the
ratio. The aim is at most 1.5x.

    python bench/bench_export.py [--resources N] [--repeat R]
"""

import argparse
import csv
import importlib
import io
import json
import math
import platform
import re
import statistics
import sys
import time
from typing import Any, Callable, Optional

import llm_roadmap
from llm_roadmap import (
    Emphasis,
    Identifiers,
    Kind,
    Lang,
    Level,
    Link,
    Placement,
    Provenance,
    Resource,
    Roadmap,
    Role,
    Text,
    Topic,
    Track,
)
from llm_roadmap.exporters.csv import COLUMNS
from llm_roadmap.exporters.text import words
from llm_roadmap.plugin.discovery import BUILTIN_PLUGINS
from llm_roadmap.vocabulary import advice, label

KINDS = list(Kind)
EMPHASES = [Emphasis.ESSENTIAL, Emphasis.STANDARD, Emphasis.SELECTIVE, Emphasis.BACKGROUND]
LEVELS = [None, *Level]
MIRROR = Text(zh="镜像", en="mirror")
# Study times in hours: exact binary fractions, so a sum is the same in any order.
HOURS = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 0.25, 2.5, 10.0, 12.0)
CUT_SHORT = ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "others")


def _resource(i: int, prov: Provenance) -> Resource:
    """Resource ``i``, with every feature the exporters write somewhere in each 40 resources.

    Levels (and none), paid ones, books with and without a publisher,
    secondary links, fetched GitHub and arXiv fields, author lists cut short
    (ending with the marker "others"), and a pair of papers in every 40 whose
    citation keys collide (same first author, year and first title word), so
    BibTeX de-duplicates them.
    """
    kind = KINDS[i % len(KINDS)]
    first = f"Author {i}"
    year = 1990 + i % 35
    if i % 40 in (0, 1):
        kind = Kind.PAPER
        first, year = f"Author {i - i % 40}", 1990 + (i - i % 40) % 35
    fetched: dict[str, dict[str, Any]] = {}
    if kind is Kind.REPO:
        fetched["github"] = {
            "stars": 1000 + i,
            "pushed_at": "2024-05-01T12:00:00Z",
            "archived": i % 7 == 0,
            "license": "MIT",
        }
    arxiv = f"2101.{i % 100000:05d}" if i % 4 == 0 else None
    if arxiv:
        fetched["arxiv"] = {"version": 1 + i % 3, "updated": "2024-05-01"}
    return Resource(
        id=f"resource-{i}",
        title=Text(zh=f"资源 {i}：注意力机制", en=f"Resource {i}: Attention Is All You Need"),
        url=f"https://example.org/resources/{i}?page=1",
        kind=kind,
        language="en" if i % 3 else "zh",
        authors=(first, *CUT_SHORT)
        if i % 8 == 5
        else (first, "Ashish Vaswani", "Noam Shazeer") + (("Niki Parmar",) if i % 5 == 0 else ()),
        year=year,
        publisher="MIT Press" if kind is Kind.BOOK and i % 2 == 0 else None,
        identifiers=Identifiers(arxiv=arxiv) if arxiv else Identifiers(),
        description=Text(
            zh=f"第 {i} 个资源的说明：讲解 Transformer 的结构与训练。",
            en=f"What resource {i} is: the structure and training of the Transformer.",
        ),
        level=LEVELS[i % len(LEVELS)],
        tags=("transformer", "attention"),
        free=i % 10 != 0,
        links=(Link(url=f"https://mirror.example.org/{i}", label=MIRROR, language="en"),)
        if i % 6 == 0
        else (),
        fetched=fetched,
        provenance=prov,
    )


def _placement(resource: str, j: int, hours: float) -> Placement:
    """The ``j``-th placement of a topic: core, optional or an alternative, with a study time.

    One in nine has no study time (unknown); the others have ``hours`` and its basis.
    """
    alternative = j % 10 in (3, 4)
    known = j % 9 != 4
    return Placement(
        resource=resource,
        role=Role.ALTERNATIVE if alternative else Role.OPTIONAL if j % 5 == 1 else Role.CORE,
        group=f"pick-{j // 10}" if alternative else None,
        note=Text(zh="先读第一节。", en="Read section 1 first.") if j % 7 == 0 else None,
        hours=hours if known else None,
        hours_basis=Text(
            zh=f"第 {j % 5 + 1} 章，跑一遍示例：{hours:g} 小时",
            en=f"Chapter {j % 5 + 1}, running the examples: {hours:g} h",
        )
        if known
        else None,
    )


def build(resources: int, tracks: int = 20, per_topic: int = 50) -> Roadmap:
    """A roadmap of ``resources`` resources, each placed once, built from model objects directly.

    Roles, groups, notes and study times as `_placement` gives them.
    """
    prov = Provenance(plugin="bench", distribution="bench", version="0")
    all_resources = [_resource(i, prov) for i in range(resources)]
    topics_total = max(1, resources // per_topic)
    per_track = max(1, topics_total // tracks)
    built_tracks = []
    position = 0
    for t in range(tracks):
        topics = []
        for p in range(per_track):
            n = t * per_track + p
            chunk = all_resources[position : position + per_topic]
            position += per_topic
            if not chunk:
                break
            placements = tuple(
                _placement(r.id, j, HOURS[(n + j) % len(HOURS)]) for j, r in enumerate(chunk)
            )
            topics.append(
                Topic(
                    id=f"topic-{n}",
                    title=Text(zh=f"主题 {n}", en=f"Topic {n}"),
                    summary=Text(zh="这个主题讲什么。", en="What this topic is about."),
                    concepts=(Text(zh="自注意力", en="self-attention"),),
                    resources=placements,
                    prerequisites=(f"topic-{n - 1}",) if p else (),
                    emphasis=EMPHASES[n % len(EMPHASES)],
                    note=Text(zh="这一节可以跳读。", en="Skim this part.") if n % 4 == 0 else None,
                    track=f"track-{t}",
                    provenance=prov,
                )
            )
        built_tracks.append(
            Track(
                id=f"track-{t}",
                title=Text(zh=f"路线 {t}", en=f"Track {t}"),
                summary=Text(zh="路线说明。", en="What the track covers."),
                order=t,
                topics=tuple(topics),
                note=Text(zh="按顺序学。", en="Learn it in order.") if t % 2 == 0 else None,
                provenance=prov,
            )
        )
    exporters: dict[str, Any] = {}
    for module_name in (m for m in BUILTIN_PLUGINS if ".exporters." in m):
        module = importlib.import_module(module_name)
        module.register_exporters(lambda e: exporters.__setitem__(e.id, e))
    return Roadmap(tracks=tuple(built_tracks), resources=tuple(all_resources), exporters=exporters)


# -- baselines: the same output with the standard library alone -------------------------
#
# Each baseline writes what the exporter writes for this synthetic roadmap, from the
# same objects, with f-strings, str.join, csv.writer and json.dumps: same fields, same
# structure, same labels. `same_output` checks that in every run. What the baselines
# leave out is the exporters' work to make any text safe (escaping, formula
# neutralisation, BibTeX capital protection, unique citation keys), rules this data
# never meets (study times rounded to two decimals: its hours have at most two) and
# their options.

# The fixed words of the formats, looked up once here (data, not exporter code).
KIND_LABEL = {k: label(k, Lang.EN) for k in Kind}
LEVEL_LABEL = {None: "", **{v: " · " + label(v, Lang.EN) for v in Level}}
ADVICE = {e: advice(e, Lang.EN) for e in Emphasis}
WORDS = words(Lang.EN)
MERMAID_STYLE = {
    Emphasis.ESSENTIAL: "stroke-width:3px,font-weight:bold",
    Emphasis.SELECTIVE: "stroke-dasharray:4 3",
    Emphasis.BACKGROUND: "stroke-dasharray:2 2,color:#555555",
}
LEGEND = [
    '    subgraph legend["Legend"]',
    "        direction LR",
    *(
        f'        legend_{e.value}["{e.value}{" · " + ADVICE[e] if ADVICE[e] else ""}"]'
        for e in Emphasis
    ),
    "    end",
]
PAPER, BOOK, OPTIONAL, ALTERNATIVE = Kind.PAPER, Kind.BOOK, Role.OPTIONAL, Role.ALTERNATIVE


def _fetched(value: Any) -> str:
    return (
        ""
        if value is None
        else ("true" if value else "false")
        if isinstance(value, bool)
        else str(value)
    )


def baseline_csv(rm: Roadmap) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    by_id = {r.id: r for r in rm.resources}
    for track in rm.tracks:
        for topic in track.topics:
            rows = []
            for pos, p in enumerate(topic.resources, 1):
                r = by_id[p.resource]
                ids = r.identifiers
                github = r.fetched.get("github", {})
                arxiv = r.fetched.get("arxiv", {})
                rows.append(
                    (
                        track.id,
                        track.title.en,
                        topic.id,
                        topic.title.en,
                        pos,
                        p.role.value,
                        p.group or "",
                        r.id,
                        r.title.en,
                        r.kind.value,
                        r.url,
                        "; ".join((*r.authors[:-1], "et al."))
                        if r.authors[-1:] == ("others",)
                        else "; ".join(r.authors),
                        r.year,
                        r.language,
                        r.level.value if r.level else "",
                        "true" if r.free else "false",
                        "; ".join(r.tags),
                        ids.arxiv or "",
                        ids.doi or "",
                        ids.isbn or "",
                        ids.github or "",
                        r.description.en,
                        p.note.en if p.note else "",
                        r.provenance.plugin if r.provenance else "",
                        _fetched(github.get("stars")),
                        _fetched(github.get("pushed_at")),
                        _fetched(github.get("archived")),
                        _fetched(github.get("license")),
                        _fetched(arxiv.get("version")),
                        _fetched(arxiv.get("updated")),
                        r.publisher or "",
                        "" if p.hours is None else f"{p.hours:g}",
                        p.hours_basis.en if p.hours_basis else "",
                    )
                )
            writer.writerows(rows)
    return out.getvalue()


def _text(t: Any) -> Any:
    return None if t is None else {"zh": t.zh, "en": t.en}


def baseline_json(rm: Roadmap) -> str:
    def prov(p: Any) -> Any:
        return (
            None
            if p is None
            else {
                "plugin": p.plugin,
                "distribution": p.distribution,
                "version": p.version,
                "file": p.file,
            }
        )

    doc = {
        "schema_version": 1,
        "generator": {"name": "llm-roadmap", "version": llm_roadmap.__version__},
        "plugins": [
            {
                "name": p.name,
                "distribution": p.distribution,
                "version": p.version,
                "builtin": p.builtin,
                "hooks": list(p.hooks),
                "status": p.status.value,
                "error": p.error,
                "contributed": dict(p.contributed),
            }
            for p in rm.plugins
        ],
        "tracks": [
            {
                "id": t.id,
                "title": _text(t.title),
                "summary": _text(t.summary),
                "order": t.order,
                "topics": [
                    {
                        "id": c.id,
                        "title": _text(c.title),
                        "summary": _text(c.summary),
                        "concepts": [_text(x) for x in c.concepts],
                        "resources": [
                            {
                                "resource": p.resource,
                                "role": p.role.value,
                                "group": p.group,
                                "note": _text(p.note),
                                "teaches": list(p.teaches),
                                "hours": p.hours,
                                "hours_basis": _text(p.hours_basis),
                            }
                            for p in c.resources
                        ],
                        "prerequisites": list(c.prerequisites),
                        "emphasis": c.emphasis.value,
                        "note": _text(c.note),
                        "track": c.track,
                        "provenance": prov(c.provenance),
                    }
                    for c in t.topics
                ],
                "emphasis": t.emphasis.value,
                "note": _text(t.note),
                "provenance": prov(t.provenance),
            }
            for t in rm.tracks
        ],
        "resources": [
            {
                "id": r.id,
                "title": _text(r.title),
                "url": r.url,
                "kind": r.kind.value,
                "language": r.language,
                "authors": list(r.authors),
                "year": r.year,
                "publisher": r.publisher,
                "identifiers": {
                    "arxiv": r.identifiers.arxiv,
                    "doi": r.identifiers.doi,
                    "isbn": r.identifiers.isbn,
                    "github": r.identifiers.github,
                },
                "description": _text(r.description),
                "level": r.level.value if r.level else None,
                "tags": list(r.tags),
                "free": r.free,
                "links": [
                    {"url": x.url, "label": _text(x.label), "language": x.language} for x in r.links
                ],
                "fetched": {k: dict(v) for k, v in r.fetched.items()},
                "provenance": prov(r.provenance),
            }
            for r in rm.resources
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _wrap(text: str, width: int = 18) -> str:
    # Diagram labels wrap onto short lines (wide characters count twice).
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
    return "<br>".join(lines)


def _mermaid_styles(styled: dict[Emphasis, list[str]], legend: bool) -> list[str]:
    lines = []
    for emphasis, style in MERMAID_STYLE.items():
        if not (styled.get(emphasis) or legend):
            continue
        lines.append(f"    classDef {emphasis.value} {style}")
        if styled.get(emphasis):
            lines.append(f"    class {','.join(styled[emphasis])} {emphasis.value}")
        if legend:
            lines.append(f"    class legend_{emphasis.value} {emphasis.value}")
    return lines


def baseline_overview(rm: Roadmap) -> str:
    lines = ["flowchart TD", *LEGEND]
    nodes = [f"track_{t.id.replace('-', '_')}" for t in rm.tracks]
    for n, (track, node) in enumerate(zip(rm.tracks, nodes), 1):
        lines.append(f'    {node}["{_wrap(f"{n}. {track.title.en}")}"]')
    lines.append(f"    legend ~~~ {nodes[0]}")
    lines.extend(f"    {a} ~~~ {b}" for a, b in zip(nodes, nodes[1:]))
    styled: dict[Emphasis, list[str]] = {}
    for track, node in zip(rm.tracks, nodes):
        if track.emphasis in MERMAID_STYLE:
            styled.setdefault(track.emphasis, []).append(node)
    lines += _mermaid_styles(styled, True)
    lines += [f'    click {node} "#track-{t.id}"' for t, node in zip(rm.tracks, nodes)]
    return "\n".join(lines) + "\n"


def baseline_track_diagram(track: Track, numbers: dict[str, str]) -> str:
    lines = ["flowchart TD"]
    edges = []
    styled: dict[Emphasis, list[str]] = {}
    for topic in track.topics:
        node = f"topic_{topic.id.replace('-', '_')}"
        lines.append(f'    {node}["{_wrap(f"{numbers[topic.id]} {topic.title.en}")}"]')
        if topic.emphasis in MERMAID_STYLE:
            styled.setdefault(topic.emphasis, []).append(node)
        edges.extend(f"    topic_{p.replace('-', '_')} --> {node}" for p in topic.prerequisites)
    lines += edges
    lines += _mermaid_styles(styled, False)
    lines += [f'    click topic_{t.id.replace("-", "_")} "#topic-{t.id}"' for t in track.topics]
    return "\n".join(lines) + "\n"


def _time_label(hours: float, unknown: int) -> str:
    if unknown and not hours:
        return "time unknown"
    shown = f"≈ {hours:g} h"
    return f"{shown} ({unknown} without a time)" if unknown else shown


def _topic_time(topic: Topic) -> tuple[float, int, float, int]:
    # Core resources and the first of each pick-one group; the optional ones apart.
    core_hours, core_unknown, optional_hours, optional_unknown = 0.0, 0, 0.0, 0
    groups = set()
    for p in topic.resources:
        if p.role is ALTERNATIVE:
            if (p.group or p.resource) in groups:
                continue
            groups.add(p.group or p.resource)
        if p.role is OPTIONAL:
            optional_hours += p.hours or 0
            optional_unknown += p.hours is None
        else:
            core_hours += p.hours or 0
            core_unknown += p.hours is None
    return core_hours, core_unknown, optional_hours, optional_unknown


def baseline_markdown(rm: Roadmap) -> str:
    by_id = {r.id: r for r in rm.resources}
    numbers = {}
    titles = {}
    for n, track in enumerate(rm.tracks, 1):
        for m, topic in enumerate(track.topics, 1):
            numbers[topic.id] = f"{n}.{m}"
            titles[topic.id] = topic.title.en
    out = io.StringIO()
    write = out.write
    counts = f"{len(rm.tracks)} tracks, {len(numbers)} topics, {len(rm.resources)} resources"
    write(
        f"# LLM learning roadmap\n\n*Generated by llm-roadmap {llm_roadmap.__version__} · "
        f"{counts}*\n\n## Contents\n\n- [Diagram](#diagram)\n"
    )
    for n, track in enumerate(rm.tracks, 1):
        write(f"- [{n}. {track.title.en}](#track-{track.id})\n")
        for topic in track.topics:
            write(f"  - [{numbers[topic.id]} {topic.title.en}](#topic-{topic.id})\n")
    write(f'\n## <a id="diagram"></a>Diagram\n\n```mermaid\n{baseline_overview(rm)}```\n\n')
    pick_one = f"**{WORDS['pick_one']}:**"
    optional = f" · *{WORDS['optional']}*"

    def item(r: Resource, hours: Optional[float], indent: str) -> tuple[str, str]:
        authors = ", ".join(r.authors[:3]) + (" et al." if len(r.authors) > 3 else "")
        details = f"{authors} · {r.year} · {KIND_LABEL[r.kind]}{LEVEL_LABEL[r.level]}"
        if r.language == "zh":
            details += " · in Chinese"
        if not r.free:
            details += " · paid"
        details += " · time unknown" if hours is None else f" · ≈ {hours:g} h"
        github, arxiv = r.fetched.get("github", {}), r.fetched.get("arxiv", {})
        if "stars" in github:
            details += f" · ★ {github['stars']:,}"
        if github.get("archived"):
            details += " · **repository archived**"
        if "version" in arxiv:
            details += f" · arXiv v{arxiv['version']}"
        text = f"[{r.title.en}]({r.url}) — {details}"
        description = r.description.en
        if r.links:
            links = " · ".join(f"[{x.label.en}]({x.url})" for x in r.links)
            description += f" \\\n{indent}**Other links:** {links}"
        return text, description

    def study_time(times: list[tuple[float, int, float, int]]) -> str:
        # A track's or topic's times: (core hours, core unknown, optional hours, optional unknown).
        core = (sum(t[0] for t in times), sum(t[1] for t in times))
        total = (core[0] + sum(t[2] for t in times), core[1] + sum(t[3] for t in times))
        if total == core == (0, 0):
            return ""  # nothing timed nor untimed: an empty track or topic
        text = f"**Study time:** {_time_label(*core)}"
        if total != core:
            text += f"; {_time_label(*total)} with the optional resources"
        return text + "\n\n"

    for n, track in enumerate(rm.tracks, 1):
        write(f'## <a id="track-{track.id}"></a>{n}. {track.title.en}\n\n{track.summary.en}\n\n')
        advice = " ".join(x for x in (ADVICE[track.emphasis], track.note and track.note.en) if x)
        if advice:
            write(f"> **Advice:** {advice}\n\n")
        times = [_topic_time(topic) for topic in track.topics]
        write(study_time(times))
        if track.topics:
            write(f"```mermaid\n{baseline_track_diagram(track, numbers)}```\n\n")
        for topic, topic_time in zip(track.topics, times):
            write(
                f'### <a id="topic-{topic.id}"></a>{numbers[topic.id]} {topic.title.en}\n\n'
                f"{topic.summary.en}\n\n"
            )
            if topic.concepts:
                write(f"**Concepts:** {' · '.join(c.en for c in topic.concepts)}\n\n")
            if topic.prerequisites:
                links = ", ".join(
                    f"[{numbers[p]} {titles[p]}](#topic-{p})" for p in topic.prerequisites
                )
                write(f"**Prerequisites:** {links}\n\n")
            advice = " ".join(
                x for x in (ADVICE[topic.emphasis], topic.note and topic.note.en) if x
            )
            if advice:
                write(f"> **Advice:** {advice}\n\n")
            write(study_time([topic_time]))
            groups: dict[str, list[Placement]] = {}
            for p in topic.resources:
                if p.role is ALTERNATIVE and p.group:
                    groups.setdefault(p.group, []).append(p)
            done = set()
            for p in topic.resources:
                if p.role is ALTERNATIVE and p.group:
                    if p.group in done:
                        continue
                    done.add(p.group)
                    write(f"- {pick_one}\n")
                    for member in groups[p.group]:
                        head, description = item(by_id[member.resource], member.hours, "    ")
                        write(f"  - {head} \\\n    {description}")
                        write(f" \\\n    **Note:** {member.note.en}\n" if member.note else "\n")
                    continue
                head, description = item(by_id[p.resource], p.hours, "  ")
                role = optional if p.role is OPTIONAL else ""
                write(f"- {head}{role} \\\n  {description}")
                write(f" \\\n  **Note:** {p.note.en}\n" if p.note else "\n")
            write("\n")
    return out.getvalue()


def baseline_bibtex(rm: Roadmap) -> str:
    # Keys made the simple way: the first author's last name, the year and the title's
    # first word, lower-cased (no ASCII folding or stop words); keys that collide get
    # a, b, ... in the order of their resources' ids.
    cited = [r for r in rm.resources if r.kind is PAPER or r.kind is BOOK]
    by_key: dict[str, list[str]] = {}
    for r in cited:
        key = f"{r.authors[0].split()[-1].lower()}{r.year}{r.title.en.split()[0].lower()}"
        by_key.setdefault(key, []).append(r.id)
    keys = {}
    for key, ids in by_key.items():
        if len(ids) == 1:
            keys[ids[0]] = key
        else:
            for letter, resource_id in zip("abcdefghijklmnopqrstuvwxyz", sorted(ids)):
                keys[resource_id] = key + letter
    entries = []
    for r in cited:
        kind = r.kind
        ids = r.identifiers
        book = kind is BOOK and r.publisher is not None
        entry = (
            f"@{'book' if book else 'misc'}{{{keys[r.id]},\n"
            f"  author = {{{' and '.join(r.authors)}}},\n"
            f"  title = {{{r.title.en}}},\n  year = {{{r.year}}},\n"
        )
        if book:
            entry += f"  publisher = {{{r.publisher}}},\n"
        elif kind is BOOK:
            entry += "  howpublished = {Book},\n"
        if ids.arxiv:
            entry += f"  eprint = {{{ids.arxiv}}},\n  archivePrefix = {{arXiv}},\n"
        if ids.doi:
            entry += f"  doi = {{{ids.doi}}},\n"
        if ids.isbn:
            entry += f"  isbn = {{{ids.isbn}}},\n"
        entries.append(f"{entry}  url = {{{r.url}}}\n}}\n")
    return "\n".join(entries)


def baseline_mermaid(rm: Roadmap) -> str:
    lines = ["flowchart TD", *LEGEND]
    edges = []
    clicks = []
    styled: dict[Emphasis, list[str]] = {}
    for n, track in enumerate(rm.tracks, 1):
        lines.append(f'    subgraph track_{track.id.replace("-", "_")}["{n}. {track.title.en}"]')
        lines.append("        direction TB")
        for topic in track.topics:
            node = f"topic_{topic.id.replace('-', '_')}"
            lines.append(f'        {node}["{topic.title.en}"]')
            if topic.emphasis in MERMAID_STYLE:
                styled.setdefault(topic.emphasis, []).append(node)
            edges.extend(f"    topic_{p.replace('-', '_')} --> {node}" for p in topic.prerequisites)
            clicks.append(f'    click {node} "#topic-{topic.id}"')
        lines.append("    end")
    nodes = ["legend"] + [f"track_{t.id.replace('-', '_')}" for t in rm.tracks]
    lines.extend(f"    {a} ~~~ {b}" for a, b in zip(nodes, nodes[1:]))
    lines.extend(edges)
    lines.extend(_mermaid_styles(styled, True))
    lines.extend(clicks)
    return "\n".join(lines) + "\n"


BASELINES: dict[str, Callable[[Roadmap], str]] = {
    "csv": baseline_csv,
    "json": baseline_json,
    "markdown": baseline_markdown,
    "bibtex": baseline_bibtex,
    "mermaid": baseline_mermaid,
}


_TITLE_LINE = re.compile(r"(?m)^(  title = \{)(.*)\},$")


def same_output(fmt: str, output: Any, baseline: str) -> bool:
    """Whether the baseline wrote what the exporter wrote (BibTeX: but the capitals' braces)."""
    if fmt == "bibtex":
        output = _TITLE_LINE.sub(
            lambda m: m.group(1) + m.group(2).replace("{", "").replace("}", "") + "},", output
        )
    return bool(output == baseline)


MIN_SECONDS = 0.25
"""The least time one measurement of a format lasts (see `rounds`)."""


def timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def rounds(
    exporter: Callable[[], Any], baseline: Callable[[], Any], repeat: int
) -> tuple[float, float, float]:
    """Median exporter time, median baseline time, median of the per-round ratios.

    A format that takes a few milliseconds (Mermaid writes only the topics)
    is run several times per measurement, the same number for the exporter
    and its baseline, so that a measurement lasts at least `MIN_SECONDS`:
    one run of 3 ms is mostly the timer and the scheduler.
    """
    times = max(1, math.ceil(MIN_SECONDS / max(timed(baseline), 1e-6)))

    def each(func: Callable[[], Any]) -> float:
        return sum(timed(func) for _ in range(times)) / times

    pairs = [(each(exporter), each(baseline)) for _ in range(repeat)]
    return (
        statistics.median(e for e, _ in pairs),
        statistics.median(b for _, b in pairs),
        statistics.median(e / b for e, b in pairs),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--format", dest="formats", action="append", choices=list(BASELINES), help="only these"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    rm = build(args.resources)
    python = f"Python {platform.python_version()}, {platform.machine()}"
    print(f"llm-roadmap {llm_roadmap.__version__}, {python}")
    print(
        f"synthetic roadmap: {len(rm.tracks)} tracks, {len(rm.topics)} topics, "
        f"{len(rm.resources):,} resources (built in {time.perf_counter() - started:.1f} s); "
        f"median of {args.repeat} rounds"
    )
    print()
    print("| format   | exporter (s) | stdlib baseline (s) | ratio | output (MB) | same output |")
    print("|----------|-------------:|--------------------:|------:|------------:|-------------|")
    worst = 0.0
    for fmt, baseline in BASELINES.items():
        if args.formats and fmt not in args.formats:
            continue
        output = rm.export(fmt, lang="en")
        size = len(output.encode("utf-8")) / 1e6 if isinstance(output, str) else 0.0
        same = "yes" if same_output(fmt, output, baseline(rm)) else "NO"
        exporter_time, baseline_time, ratio = rounds(
            lambda f=fmt: rm.export(f, lang="en"), lambda b=baseline: b(rm), args.repeat
        )
        worst = max(worst, ratio)
        print(
            f"| {fmt:<8} | {exporter_time:12.3f} | {baseline_time:19.3f} "
            f"| {ratio:5.2f} | {size:11.1f} | {same:<11} |"
        )
    print()
    print(f"worst ratio: {worst:.2f} (aim: at most 1.50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
