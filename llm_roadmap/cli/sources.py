"""``llm-roadmap import`` and ``llm-roadmap sources list|refresh``: sources on the command line.

``import`` turns a document (a Markdown list by default) into a TOML data
directory; ``sources list`` shows every registered source; ``sources refresh``
fetches metadata (arXiv, GitHub) into the local store that `llm_roadmap.load`
attaches as `Resource.fetched`. docs/sources.md documents all three.
"""

import inspect
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional

import click

from ..errors import RoadmapError
from ..model import Lang
from ..sources import FetchResult
from ..util.ids import is_id
from ._group import RoadmapCommand, RoadmapGroup, fail
from ._screen import Column, emit_json, table, text, tr
from ._settings import command_options, json_option, load_roadmap, resolve_lang, settings
from ._stdio import STDIN_NAME, is_stdio, stdin_text

if TYPE_CHECKING:
    from ..http import HttpClient


def _kebab(ctx: click.Context, param: click.Parameter, value: Optional[str]) -> Optional[str]:
    if value is not None and value != "" and not is_id(value):
        raise click.BadParameter(
            f"{value!r} is not a kebab-case id (lowercase letters, digits and single hyphens)"
        )
    return value


def _accepts(function: Callable[..., Any], name: str) -> bool:
    """Whether ``function`` takes the keyword argument ``name`` (by name or ``**kwargs``)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == name or p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)


def _client(offline: bool) -> "HttpClient":
    from ..http import HttpClient, client

    # --offline gets a client of its own; otherwise the shared one, which also
    # honours LLM_ROADMAP_OFFLINE.
    return HttpClient(offline=True) if offline else client()


@click.command("import", cls=RoadmapCommand)
@click.argument("document")
@click.option("--track-id", required=True, callback=_kebab)
@click.option("--title", default=None)
@click.option("--id-prefix", default=None, callback=_kebab)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False))
@click.option("--source", "source_id", default="markdown-list", show_default=True)
@click.option("--force", is_flag=True)
@click.option("--offline", is_flag=True)
@click.option("--keep-heading", "keep_headings", multiple=True, metavar="TEXT")
@click.option("--no-merge", is_flag=True)
@click.option("--base-url", default=None, metavar="URL")
@json_option
def import_command(
    document: str,
    track_id: str,
    title: Optional[str],
    id_prefix: Optional[str],
    output: str,
    source_id: str,
    force: bool,
    offline: bool,
    keep_headings: tuple[str, ...],
    no_merge: bool,
    base_url: Optional[str],
) -> None:
    """Import a Markdown list as a track."""
    from ..sources.importing import read_document, write_data

    rm = load_roadmap()
    source = rm.sources.get(source_id)
    importers = sorted(s.id for s in rm.sources.values() if s.import_document is not None)
    if source is None or source.import_document is None:
        fail(f"no source {source_id!r} that imports documents; known: {', '.join(importers)}")
    if is_stdio(document):
        from ..sources.importing import MAX_DOCUMENT_BYTES

        content, label = stdin_text(MAX_DOCUMENT_BYTES, "the document"), STDIN_NAME
    else:
        client = _client(offline) if document.startswith(("http://", "https://")) else None
        content, label = read_document(document, client=client)
    extra: dict[str, object] = {}
    if not no_merge and _accepts(source.import_document, "existing"):
        extra["existing"] = rm.resources
    if keep_headings and _accepts(source.import_document, "keep_headings"):
        extra["keep_headings"] = keep_headings
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        fail(f"--base-url {base_url!r} is not an http(s) URL")
    base = base_url or (document if document.startswith(("http://", "https://")) else None)
    if base and _accepts(source.import_document, "base_url"):
        extra["base_url"] = base
    result = source.import_document(
        content, location=label, track_id=track_id, title=title, id_prefix=id_prefix, **extra
    )
    header = (
        f"Imported from {label} by `llm-roadmap import` (source: {source_id}).\n"
        "Titles, descriptions, kinds and ids come from the list as written: review them.\n"
        "zh and en hold the same text until someone translates it."
    )
    files = write_data(result.data, output, name=track_id, header=header, force=force)
    counts = dict(result.counts)
    if settings().json:
        emit_json(
            {
                "files": [str(f) for f in files],
                "counts": counts,
                "notes": list(result.notes),
                "kept": dict(result.kept),
            }
        )
        return
    lang = resolve_lang()
    table(
        [
            Column(tr(lang, "项目", "what"), style="cyan", priority=0),
            Column(tr(lang, "数量", "count"), justify="right", wrap=False, priority=0),
        ],
        [[name, value] for name, value in counts.items()],
        lang=lang,
        title=tr(lang, f"从 {label} 导入", f"Imported from {label}"),
        pager=False,
    )
    for note in result.notes:
        click.echo(tr(lang, "注意：", "Note: ") + note, err=True)
    for written in files:
        click.echo(tr(lang, f"已写入 {written}", f"wrote {written}"), err=True)


@click.group(cls=RoadmapGroup)
def sources() -> None:
    """List sources; fetch arXiv and GitHub metadata."""


@sources.command("list")
@command_options
def list_sources(lang: Optional[Lang]) -> None:
    """List the registered sources: what each does and how much it has fetched."""
    from ..metadata import MetadataStore

    rm = load_roadmap()
    store = MetadataStore.open()
    rows: list[dict[str, Any]] = []
    for source in sorted(rm.sources.values(), key=lambda s: s.id):
        does = [
            name for name, fn in (("import", source.import_document), ("fetch", source.fetch)) if fn
        ]
        covers: Optional[int] = None
        if source.fetch is not None:
            covers = sum(1 for r in rm.resources if source.handles is None or source.handles(r))
        rows.append(
            {
                "id": source.id,
                "title": {"zh": source.title.zh, "en": source.title.en},
                "does": does,
                "covers": covers,
                "stored": store.count(source.id) if source.fetch is not None else None,
                "plugin": source.provenance.plugin if source.provenance else None,
            }
        )
    if settings().json:
        emit_json({"store": str(store.path), "sources": rows})
        return
    chosen = resolve_lang(lang)
    by_id = rm.sources
    table(
        [
            Column("id", style="cyan", wrap=False, priority=0),
            Column(tr(chosen, "名称", "title"), priority=0),
            Column(tr(chosen, "功能", "does"), priority=2),
            Column(tr(chosen, "覆盖", "covers"), justify="right", wrap=False, priority=1),
            Column(tr(chosen, "已存", "stored"), justify="right", wrap=False, priority=1),
            Column(tr(chosen, "插件", "plugin"), priority=3),
        ],
        [
            [
                row["id"],
                text(by_id[row["id"]].title, chosen),
                ", ".join(row["does"]),
                "" if row["covers"] is None else row["covers"],
                "" if row["stored"] is None else row["stored"],
                row["plugin"] or "",
            ]
            for row in rows
        ],
        lang=chosen,
    )


@sources.command("refresh")
@click.option("--source", "source_ids", multiple=True, metavar="ID")
@click.option("--offline", is_flag=True)
@json_option
def refresh(source_ids: tuple[str, ...], offline: bool) -> None:
    """Fetch arXiv and GitHub metadata into the local store."""
    from ..metadata import MetadataStore

    state = settings()
    rm = load_roadmap()
    # JSON needs no language; lang is None exactly when printing JSON.
    lang = None if state.json else resolve_lang()
    fetchers = {s.id: s for s in rm.sources.values() if s.fetch is not None}
    unknown = [i for i in source_ids if i not in fetchers]
    if unknown:
        fail(
            f"unknown source{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"sources that fetch: {', '.join(sorted(fetchers))}"
        )
    # As asked (each once), else every source that fetches, by id.
    order: Iterable[str] = dict.fromkeys(source_ids) if source_ids else sorted(fetchers)
    chosen = [fetchers[i] for i in order]
    client = _client(offline)
    store = MetadataStore.open()
    report: list[dict[str, Any]] = []
    for source in chosen:
        assert source.fetch is not None
        targets = [r for r in rm.resources if source.handles is None or source.handles(r)]
        if lang is not None:
            click.echo(
                tr(
                    lang,
                    f"{source.id}：查询 {len(targets)} 个资源…",
                    f"{source.id}: {len(targets)} resource(s)…",
                ),
                err=True,
            )
        arrived: dict[str, Mapping[str, object]] = {}
        extra = {"on_fields": arrived.__setitem__} if _accepts(source.fetch, "on_fields") else {}
        try:
            result = source.fetch(targets, client=client, **extra)
        except RoadmapError as exc:
            result = FetchResult(fields=arrived, messages=(f"{source.id}: {exc}",), complete=False)
        except KeyboardInterrupt:
            # Keep what arrived before the interruption, then stop like Ctrl-C should.
            partial = FetchResult(fields=arrived, complete=False)
            kept = store.update(source.id, {r.id: r for r in targets}, partial)
            store.save()
            click.echo(
                tr(
                    lang or resolve_lang(),
                    f"{source.id}：已中断，保留了 {kept} 个资源的元数据",
                    f"{source.id}: interrupted; kept the fields of {kept} resource(s)",
                ),
                err=True,
            )
            raise click.exceptions.Exit(130) from None
        stored = store.update(source.id, {r.id: r for r in targets}, result)
        store.save()
        report.append(
            {
                "id": source.id,
                "resources": len(targets),
                "fetched": stored,
                "missing": list(result.missing),
                "complete": result.complete,
                "messages": list(result.messages),
            }
        )
        if lang is not None:
            for message in result.messages:
                click.echo(message, err=True)
    if lang is None:
        emit_json({"store": str(store.path), "offline": client.offline, "sources": report})
    else:
        table(
            [
                Column(tr(lang, "来源", "source"), style="cyan", wrap=False, priority=0),
                Column(tr(lang, "资源", "resources"), justify="right", wrap=False, priority=2),
                Column(tr(lang, "已获取", "fetched"), justify="right", wrap=False, priority=1),
                Column(tr(lang, "缺失", "missing"), justify="right", wrap=False, priority=1),
                Column(tr(lang, "完成", "complete"), priority=0),
            ],
            [
                [
                    r["id"],
                    r["resources"],
                    r["fetched"],
                    len(r["missing"]),
                    tr(lang, "是", "yes")
                    if r["complete"]
                    else tr(lang, "否（提前停止）", "no (stopped early)"),
                ]
                for r in report
            ],
            lang=lang,
            pager=False,
        )
    if not all(r["complete"] for r in report):
        raise click.exceptions.Exit(1)
