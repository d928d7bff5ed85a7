"""``llm-roadmap export``: write the roadmap, or part of it, with any exporter (plugins' too)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import click

from ..exporters.text import words
from ..model import Kind, Lang
from ..serialize import to_data
from ._entries import origin
from ._group import RoadmapCommand, fail
from ._screen import Column, emit_json, is_terminal, table, text, tr
from ._settings import (
    complete_exporters,
    complete_topics,
    complete_tracks,
    json_option,
    lang_option,
    load_roadmap,
    resolve_lang,
    settings,
)
from ._stdio import is_stdio

if TYPE_CHECKING:
    from ..exporters import Exporter
    from ..roadmap import Roadmap


def _exporter_json(exporter: Exporter[Roadmap]) -> dict[str, object]:
    # Every field but the write function; an exporter's provenance has no file.
    prov = to_data(exporter.provenance)
    return {
        "id": exporter.id,
        "title": to_data(exporter.title),
        "suffix": exporter.suffix,
        "media_type": exporter.media_type,
        "binary": exporter.binary,
        "params": to_data(exporter.params),
        "provenance": None if prov is None else {k: v for k, v in prov.items() if k != "file"},
    }


def _list(roadmap: Roadmap, lang: Optional[Lang]) -> None:
    exporters = sorted(roadmap.exporters.values(), key=lambda e: e.id)
    if settings().json:
        emit_json([_exporter_json(e) for e in exporters])
        return
    chosen = resolve_lang(lang)
    table(
        [
            Column(tr(chosen, "格式", "format"), style="cyan", wrap=False, priority=0),
            Column(tr(chosen, "名称", "title"), priority=0),
            Column(tr(chosen, "后缀", "suffix"), wrap=False, priority=2),
            Column(tr(chosen, "选项", "options"), priority=3),
            Column(tr(chosen, "插件", "plugin"), priority=5),
            Column(tr(chosen, "来源", "origin"), priority=4),
        ],
        [
            [
                e.id,
                text(e.title, chosen),
                e.suffix,
                ", ".join(e.params),
                e.provenance.plugin if e.provenance else "",
                origin(e.provenance),
            ]
            for e in exporters
        ],
        lang=chosen,
    )


def _params(
    exporter: Exporter[Roadmap], pairs: tuple[str, ...], checklist: bool, bom: bool
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint="'-O'")
        params[key] = value
    if checklist:
        params["checklist"] = True
    if bom:
        params["bom"] = True
    unknown = sorted(set(params) - set(exporter.params))
    if unknown:
        known = ", ".join(sorted(exporter.params)) or "none"
        flag = {"checklist": "--checklist", "bom": "--bom"}
        names = ", ".join(flag.get(k, repr(k)) for k in unknown)
        raise click.UsageError(
            f"the {exporter.id} exporter has no option {names} (its options: {known})"
        )
    return params


def _guess_format(roadmap: Roadmap, output: Optional[str]) -> str:
    if output is None:
        raise click.UsageError("give --format (see --list), or an --output whose suffix names one")
    suffix = Path(output).suffix.lower()
    matches = sorted(e.id for e in roadmap.exporters.values() if e.suffix.lower() == suffix)
    if len(matches) != 1:
        found = f"formats {', '.join(matches)} all write" if matches else "no format writes"
        raise click.UsageError(f"{found} {suffix or 'files without a suffix'}: give --format")
    return str(matches[0])


def _report(part: Roadmap, exporter: Exporter[Roadmap], output: str, lang: Lang) -> None:
    # What was written, on stderr (stdout stays free for pipes): a line, or
    # under --json one JSON object.
    counts = {
        "tracks": len(part.tracks),
        "topics": len(part.topics),
        "resources": len(part.resources),
    }
    size = Path(output).stat().st_size
    # A bibliography holds some of the resources (papers and books unless
    # -O all=true): say how many entries it has, counted in the file.
    entries = None
    if exporter.suffix == ".bib":
        with Path(output).open(encoding="utf-8", errors="replace") as handle:
            entries = sum(1 for line in handle if line.startswith("@"))
    if settings().json:
        report = {"path": output, "format": exporter.id, **counts, "bytes": size}
        if entries is not None:
            report["entries"] = entries
        click.echo(json.dumps(report, ensure_ascii=False), err=True)
        return
    if entries is not None:
        summary = tr(lang, f"{entries} 条文献", f"{entries} entr{'y' if entries == 1 else 'ies'}")
    elif lang is Lang.ZH:
        summary = words(lang)["counts"].format(**counts)
    else:  # the shared English phrase has no singular ("1 tracks")
        summary = ", ".join(f"{n} {name[:-1] if n == 1 else name}" for name, n in counts.items())
    click.echo(
        tr(
            lang,
            f"已写入 {output}（{exporter.id}）：{summary}",
            f"Wrote {output} ({exporter.id}): {summary}",
        ),
        err=True,
    )


@click.command(cls=RoadmapCommand)
@click.option("-f", "--format", "fmt", shell_complete=complete_exporters, metavar="ID")
@click.option("--list", "list_exporters", is_flag=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True))
@lang_option
@json_option
@click.option("--track", "tracks", multiple=True, metavar="ID", shell_complete=complete_tracks)
@click.option("--topic", "topics", multiple=True, metavar="ID", shell_complete=complete_topics)
@click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in Kind]))
@click.option("--checklist", is_flag=True)
@click.option("--bom", is_flag=True)
@click.option("--progress", "with_progress", is_flag=True)
@click.option("-O", "--option", "options", multiple=True, metavar="KEY=VALUE")
def export(
    fmt: Optional[str],
    list_exporters: bool,
    output: Optional[str],
    tracks: tuple[str, ...],
    topics: tuple[str, ...],
    kinds: tuple[str, ...],
    checklist: bool,
    bom: bool,
    with_progress: bool,
    options: tuple[str, ...],
    lang: Optional[Lang],
) -> None:
    """Export the roadmap: Markdown, CSV, JSON, BibTeX, Mermaid."""
    roadmap = load_roadmap()
    if list_exporters:
        _list(roadmap, lang)
        return
    if is_stdio(output):
        output = None  # -o - is standard output, as no -o is
    fmt = fmt or _guess_format(roadmap, output)
    if fmt not in roadmap.exporters:
        known = ", ".join(sorted(roadmap.exporters))
        fail(
            f"no exporter {fmt!r}; the exporters are: {known} (see llm-roadmap export --list)",
            code=2,
        )
    exporter = roadmap.exporters[fmt]
    if exporter.binary and output is None and is_terminal():
        raise click.UsageError(
            f"the {exporter.id} format is binary and stdout is a terminal: "
            f"give -o FILE{exporter.suffix} (or redirect stdout)"
        )
    params = _params(exporter, options, checklist, bom)
    if with_progress:
        if "progress" not in exporter.params:
            raise click.UsageError(f"the {exporter.id} exporter cannot show progress")
        from ._entries import open_progress

        # Statuses over the whole roadmap, before the export takes its part.
        params["progress"] = open_progress().statuses(roadmap)
    chosen = resolve_lang(lang)
    selection = {"tracks": tracks, "topics": topics, "kinds": kinds}
    if output is not None:
        part = roadmap.subset(**selection)
        part.export(fmt, output, lang=chosen, **params)
        _report(part, exporter, output, chosen)
        return
    result = roadmap.export(fmt, None, lang=chosen, **selection, **params)
    data = result.encode("utf-8") if isinstance(result, str) else (result or b"")
    # Bytes, so CSV's CRLF and UTF-8 reach the pipe as written, whatever the
    # platform's newline translation and the terminal's encoding.
    stream = sys.stdout.buffer
    # A reader that went away (head, less) is the group's to handle: exit status 1, no message.
    stream.write(data)
    stream.flush()
