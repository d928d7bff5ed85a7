"""The page itself: its data, then the template with its style, script and data inlined.

The data the page's script reads: the roadmap in both languages, its layout, the words.

A text that reads the same in both languages is one string; one that differs
is a ``[zh, en]`` pair, which keeps the page small (most titles are the same).
Only http(s) URLs are kept: any other scheme (``javascript:``, ``data:``...) is
dropped here, and the script checks again before it makes a link.

The page's own words (buttons, headings, messages) are here too, in `WORDS`;
the vocabulary words (kinds, levels, roles, emphases, statuses) come from
`llm_roadmap.vocabulary`. The script reads every word from the data, so it
holds no text of its own.

The style sheets and the scripts are separate files in ``assets/``, read once
and joined here. The script runs in one function scope, in the order of
`SCRIPTS`. The Content-Security-Policy allows exactly this style and this
script by their SHA-256 hashes, and nothing else: no other script, no
network (``connect-src 'none'``), no remote origin of any kind.
"""

import base64
import enum
import functools
import hashlib
import html
import json
import re
from collections.abc import Mapping
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Optional, Union
from urllib.parse import urlsplit

from ..._version import __version__
from ...model import Emphasis, Kind, Lang, Level, Resource, Role, Status, Text, Topic
from ...vocabulary import ADVICE, labels
from ..text import words
from ._layout import WIDTHS, Layout, layouts

if TYPE_CHECKING:
    from ...roadmap import Roadmap

# The words the page shares with the other human-readable formats come from
# their one table, so the title, counts and headings read the same in every export.
_ZH, _EN = words(Lang.ZH), words(Lang.EN)


def _shared(key: str) -> Text:
    return Text(zh=_ZH[key], en=_EN[key])


WORDS: dict[str, Text] = {
    "title": _shared("title"),
    "counts": _shared("counts"),
    "generated": _shared("generated"),
    "language": Text(zh="语言", en="Language"),
    "search": Text(zh="搜索", en="Search"),
    "search_hint": Text(zh="主题、资源、作者……", en="topics, resources, authors…"),
    "results": Text(
        zh="找到 {topics} 个主题、{resources} 项资源", en="{topics} topics, {resources} resources"
    ),
    "no_results": Text(zh="没有找到匹配的主题或资源", en="No topic or resource matches"),
    "clear": Text(zh="清除", en="Clear"),
    "graph": Text(zh="路线图", en="Roadmap graph"),
    "needs": Text(zh="先修：{list}", en="Needs {list}"),
    "graph_help": Text(
        zh="方向键在主题间移动，回车打开主题，Esc 关闭。",
        en="Arrow keys move between topics, Enter opens one, Esc closes it.",
    ),
    "legend": _shared("legend"),
    "emphasis": Text(zh="重要程度", en="Emphasis"),
    "edge_local": Text(zh="同一路线内的先修", en="prerequisite in the same track"),
    "edge_cross": Text(zh="来自其他路线的先修", en="prerequisite from another track"),
    "progress": Text(zh="学习进度", en="Progress"),
    "progress_of": Text(zh="已完成 {done}/{total} 个主题", en="{done} of {total} topics done"),
    "hours_of": Text(zh="已学 {done} 小时，还剩 {left} 小时", en="{done} h done, {left} h left"),
    "hours_partial": Text(zh="（部分资源未估时长）", en=" (some times unknown)"),
    "study_time": Text(zh="学习时长：约 {hours} 小时", en="Study time: about {hours} h"),
    "study_basis": Text(zh="（{basis}）", en=" ({basis})"),
    "export_progress": Text(zh="导出进度", en="Export progress"),
    "import_progress": Text(zh="导入进度", en="Import progress"),
    "imported": Text(zh="已导入：更新了 {count} 项", en="Imported: {count} entries updated"),
    "import_failed": Text(zh="无法导入：{reason}", en="Could not import: {reason}"),
    "not_progress": Text(
        zh="这不是 llm-roadmap 的进度文件", en="this is not an llm-roadmap progress file"
    ),
    "not_json": Text(zh="文件不是有效的 JSON", en="the file is not valid JSON"),
    "storage_off": Text(
        zh="浏览器不允许本地存储：进度只保留到关闭页面。",
        en="This browser allows no local storage: progress lasts until the page is closed.",
    ),
    "track": Text(zh="路线", en="Track"),
    "topic_status": Text(zh="主题状态", en="Topic status"),
    "derived": Text(zh="（由资源推算）", en="(from its resources)"),
    "mark": Text(zh="标记为", en="Mark as"),
    "summary": Text(zh="简介", en="Summary"),
    "concepts": _shared("concepts"),
    "prerequisites": _shared("prerequisites"),
    "needed_by": Text(zh="后续主题", en="Leads to"),
    "advice": _shared("advice"),
    "resources": _shared("resources"),
    "pick_one": Text(zh="任选其一", en="Pick one of"),
    "note": _shared("note"),
    "links": _shared("links"),
    "paid": _shared("paid"),
    "free": Text(zh="免费", en="free"),
    "in_language": Text(zh="语言：{language}", en="in {language}"),
    "close": Text(zh="关闭", en="Close"),
    "outline": Text(zh="全部主题", en="All topics"),
    "outline_help": Text(
        zh="整份路线图的文字版，也是打印（另存为 PDF）时的内容。",
        en="The whole roadmap as text; this is what printing (Save as PDF) gives.",
    ),
    "no_link": Text(zh="（链接不安全，未显示）", en="(unsafe link, not shown)"),
    "open_topic": Text(zh="打开主题", en="Open topic"),
    "status_marker": Text(zh="状态", en="Status"),
    "lang_zh": Text.same("中文"),
    "lang_en": Text.same("English"),
    "et_al": _shared("et_al"),
    "list_sep": _shared("list_sep"),
}
"""Every word of the page's interface, by key."""

LANGUAGES: dict[str, Text] = {
    "en": Text(zh="英文", en="English"),
    "zh": Text(zh="中文", en="Chinese"),
}
"""The names of the languages resources are commonly written in."""

Pair = Union[str, list[str]]
# Whitespace (every kind str.isspace() knows) and control characters.
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f]")


def text(value: Text) -> Pair:
    """A text as one string when both languages agree, else as ``[zh, en]``."""
    return value.zh if value.zh == value.en else [value.zh, value.en]


def _maybe(value: Optional[Text]) -> Optional[Pair]:
    return None if value is None else text(value)


def safe_url(url: str) -> Optional[str]:
    """``url`` if it is an absolute http(s) URL with a host and no control characters, else None."""
    if not url or _UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _resource(resource: Resource) -> dict[str, Any]:
    zh_url, en_url = resource.main_url(Lang.ZH), resource.main_url(Lang.EN)
    # One URL, or a [zh, en] pair when readers of each language open a different edition.
    url: Union[str, list[Optional[str]], None] = (
        safe_url(zh_url) if zh_url == en_url else [safe_url(zh_url), safe_url(en_url)]
    )
    entry: dict[str, object] = {
        "title": text(resource.title),
        "url": url,
        "kind": resource.kind.value,
        "language": resource.language,
        "description": text(resource.description),
    }
    if resource.level is not None:
        entry["level"] = resource.level.value
    if resource.year is not None:
        entry["year"] = resource.year
    if resource.authors:
        entry["authors"] = list(resource.named_authors)  # joinNames shows three, then et al.
        if resource.authors_cut:
            entry["authors_cut"] = True
    if not resource.free:
        entry["paid"] = True
    if resource.links:
        entry["links"] = [[safe_url(link.url), text(link.label)] for link in resource.links]
    return entry


def _topic(topic: Topic, number: str, known: set[str]) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": topic.id,
        "n": number,
        "track": topic.track,
        "title": text(topic.title),
        "summary": text(topic.summary),
        "emphasis": topic.emphasis.value,
    }
    if topic.concepts:
        entry["concepts"] = [text(c) for c in topic.concepts]
    prerequisites = [p for p in topic.prerequisites if p in known]
    if prerequisites:
        entry["prerequisites"] = prerequisites
    if topic.note is not None:
        entry["note"] = text(topic.note)
    # [resource, role, group, note], then hours and their basis when the data has them.
    placements: list[list[object]] = []
    for p in topic.resources:
        placed: list[object] = [p.resource, p.role.value, p.group, _maybe(p.note)]
        if p.hours is not None:
            placed += [p.hours, _maybe(p.hours_basis)]
        placements.append(placed)
    entry["resources"] = placements
    return entry


def graph(plan: Layout) -> dict[str, object]:
    """One layout as the page reads it: rows, and each box, heading and edge by row and x.

    The page measures the boxes and computes the ys itself (see ``_layout``):
    ``rows`` are ``[track, is heading]``; ``nodes`` and ``heads`` are
    ``[x, width, row]``; an edge is ``[from, to, cross, upward, [x, row, ...]]``
    with its points from the upper end to the lower.
    """
    band = next(iter(plan.bands.values()), None)
    return {
        "w": plan.width,
        "band": [band.x, band.w] if band else [0, plan.width],
        "rows": [[row.band, 1 if row.heading else 0] for row in plan.rows],
        "nodes": {t: [b.x, b.w, plan.row_of[t]] for t, b in plan.nodes.items()},
        "heads": {
            t: [b.x, b.w, next(i for i, r in enumerate(plan.rows) if r.band == t)]
            for t, b in plan.heads.items()
        },
        "edges": [
            [
                e.source,
                e.target,
                1 if e.cross else 0,
                1 if e.upward else 0,
                [v for point in e.points for v in point],
            ]
            for e in plan.edges
        ],
    }


def _vocabulary() -> dict[str, object]:
    names: dict[str, type[enum.Enum]] = {
        "kind": Kind,
        "level": Level,
        "role": Role,
        "emphasis": Emphasis,
        "status": Status,
    }
    vocab: dict[str, object] = {}
    for name, vocabulary in names.items():
        zh, en = labels(vocabulary, Lang.ZH), labels(vocabulary, Lang.EN)
        vocab[name] = {value: text(Text(zh=zh[value], en=en[value])) for value in zh}
    return vocab


def payload(
    roadmap: "Roadmap", lang: Lang, progress: Optional[Mapping[str, object]] = None
) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (see the module's docstring)."""
    plans = layouts(roadmap.tracks)
    known = {topic.id for track in roadmap.tracks for topic in track.topics}
    tracks, topics = [], []
    for t_number, track in enumerate(roadmap.tracks, 1):
        tracks.append(
            {
                "id": track.id,
                "n": str(t_number),
                "title": text(track.title),
                "summary": text(track.summary),
                "emphasis": track.emphasis.value,
                "note": _maybe(track.note),
                "topics": [topic.id for topic in track.topics],
            }
        )
        for p_number, topic in enumerate(track.topics, 1):
            topics.append(_topic(topic, f"{t_number}.{p_number}", known))
    counts = {
        "tracks": len(roadmap.tracks),
        "topics": len(topics),
        "resources": len(roadmap.resources),
    }
    return {
        "format": "llm-roadmap-page",
        "lang": lang.value,
        "version": __version__,
        "counts": counts,
        "words": {key: text(value) for key, value in WORDS.items()},
        "languages": {key: text(value) for key, value in LANGUAGES.items()},
        "vocab": _vocabulary(),
        "advice": {e.value: text(ADVICE[e]) for e in Emphasis},
        # The enum values the script compares with, so it spells none of them.
        "enums": {
            "status": {m.name: m.value for m in Status},
            "role": {m.name: m.value for m in Role},
            "emphasis": {m.name: m.value for m in Emphasis},
        },
        "graph": {
            "metrics": plans[0].metrics.as_json(),
            # Below the narrowest width laid out, the page shows the flow.
            "phone": WIDTHS[-1],
            "layouts": [graph(plan) for plan in plans],
        },
        "tracks": tracks,
        "topics": topics,
        "resources": {r.id: _resource(r) for r in roadmap.resources},
        "progress": None if progress is None else dict(progress),
    }


STYLES = ("page.css", "print.css")
"""The style sheets, in cascade order."""

SCRIPTS = ("core.js", "progress.js", "graph.js", "panel.js", "outline.js", "search.js", "main.js")
"""The script's parts, in the order they run."""

_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
# What JSON may hold that an HTML parser would act on inside <script>, and the
# two line terminators that older JavaScript parsers reject in strings.
# (str.replace, once per character, is many times faster than str.translate on
# a long text that is not ASCII.)
_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def _asset(name: str) -> str:
    return files(__package__).joinpath("assets").joinpath(name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def assets() -> tuple[str, str, str]:
    """The template, the joined style sheets and the joined script (read once)."""
    template = _asset("page.html")
    css = "\n".join(_asset(name) for name in STYLES)
    parts = "\n".join(_asset(name) for name in SCRIPTS)
    js = f"(function () {{\n'use strict';\n{parts}\n}}());\n"
    for name, body, end in (("style", css, "</style"), ("script", js, "</script")):
        if end in body.lower() or "<!--" in body:
            raise AssertionError(f"the page's {name} must not contain {end!r} or '<!--'")
    return template, css, js


def script_json(data: Mapping[str, object]) -> str:
    r"""``data`` as JSON that is safe inside a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``-style escapes, so no text can close the
    element or open a comment; U+2028 and U+2029 likewise. ``JSON.parse``
    reads the escapes back to the same characters.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for character, escape in _JSON_ESCAPES:
        if character in text:
            text = text.replace(character, escape)
    return text


def _hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(css: str, js: str) -> str:
    """The Content-Security-Policy for a page with exactly this style and script."""
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src {_hash(js)}",
            f"style-src {_hash(css)}",
            "img-src 'none'",
            "font-src 'none'",
            "connect-src 'none'",
            "media-src 'none'",
            "object-src 'none'",
            "frame-src 'none'",
            "worker-src 'none'",
            "manifest-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )


def render(data: Mapping[str, object], title: str) -> str:
    """The whole page for ``data`` (see `payload`), titled ``title`` until the script runs."""
    template, css, js = assets()
    lang = "zh-Hans" if data.get("lang") == "zh" else "en"
    values = {
        "HTML_LANG": lang,
        "CSP": csp(css, js),
        "VERSION": html.escape(__version__),
        "TITLE": html.escape(title),
        "CSS": css,
        "JS": js,
        "DATA": script_json(data),
    }
    # One pass over the template: an inserted value is never scanned for placeholders.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
