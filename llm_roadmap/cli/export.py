"""``llm-roadmap export``: write the roadmap, or part of it, with any exporter (plugins' too)."""

import os
import sys
from pathlib import Path
from typing import IO, Any, Optional

import click

from ..model import Kind
from ._common import (
    Column,
    emit_json,
    fail,
    json_option,
    lang_option,
    load_roadmap,
    settings,
    table,
    text,
    tr,
)

__all__ = ["export"]


def _exporter_json(exporter: Any) -> dict[str, Any]:
    prov = exporter.provenance
    return {
        "id": exporter.id,
        "title": {"zh": exporter.title.zh, "en": exporter.title.en},
        "suffix": exporter.suffix,
        "media_type": exporter.media_type,
        "binary": exporter.binary,
        "params": {name: {"zh": t.zh, "en": t.en} for name, t in exporter.params.items()},
        "provenance": None
        if prov is None
        else {"plugin": prov.plugin, "distribution": prov.distribution, "version": prov.version},
    }


def _list(roadmap: Any) -> None:
    exporters = sorted(roadmap.exporters.values(), key=lambda e: e.id)
    if settings().json:
        emit_json([_exporter_json(e) for e in exporters])
        return
    table(
        [
            Column(tr("格式", "format"), style="cyan", no_wrap=True),
            Column(tr("名称", "title"), ratio=2),
            Column(tr("后缀", "suffix"), no_wrap=True),
            Column(tr("选项", "options")),
            Column(tr("插件", "plugin")),
            Column(tr("来源", "origin")),
        ],
        [
            [
                e.id,
                text(e.title),
                e.suffix,
                ",".join(e.params),
                e.provenance.plugin if e.provenance else "",
                f"{e.provenance.distribution} {e.provenance.version}".strip()
                if e.provenance
                else "",
            ]
            for e in exporters
        ],
    )


def _params(exporter: Any, pairs: tuple[str, ...], checklist: bool, bom: bool) -> dict[str, Any]:
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


def _guess_format(roadmap: Any, output: Optional[str]) -> str:
    if output is None:
        raise click.UsageError("give --format (see --list), or an --output whose suffix names one")
    suffix = Path(output).suffix.lower()
    matches = sorted(e.id for e in roadmap.exporters.values() if e.suffix.lower() == suffix)
    if len(matches) != 1:
        found = f"formats {', '.join(matches)} all write" if matches else "no format writes"
        raise click.UsageError(f"{found} {suffix or 'files without a suffix'}: give --format")
    return str(matches[0])


def _stdout_bytes() -> IO[bytes]:
    # Bytes, so CSV's CRLF and UTF-8 reach the pipe as written, whatever the
    # platform's newline translation and the terminal's encoding.
    return sys.stdout.buffer


@click.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    metavar="ID",
    help="The exporter: markdown, csv, json, bibtex, mermaid...",
)
@click.option(
    "--list", "list_exporters", is_flag=True, help="List every exporter (plugins' too) and exit."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file, atomically (default: stdout); its suffix picks the format "
    "when --format is not given.",
)
@lang_option
@json_option
@click.option(
    "--track", "tracks", multiple=True, metavar="ID", help="Only this track (repeatable)."
)
@click.option(
    "--topic", "topics", multiple=True, metavar="ID", help="Only this topic (repeatable)."
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.value for k in Kind]),
    help="Only resources of this kind (repeatable).",
)
@click.option("--checklist", is_flag=True, help="Markdown: a checkbox before each resource.")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte-order mark, for Excel.")
@click.option(
    "-O",
    "--option",
    "options",
    multiple=True,
    metavar="KEY=VALUE",
    help="An option of the exporter, such as -O diagram=false (repeatable; --list shows them).",
)
def export(
    fmt: Optional[str],
    list_exporters: bool,
    output: Optional[str],
    tracks: tuple[str, ...],
    topics: tuple[str, ...],
    kinds: tuple[str, ...],
    checklist: bool,
    bom: bool,
    options: tuple[str, ...],
) -> None:
    """Export the roadmap: Markdown, CSV, JSON, BibTeX, Mermaid.

    Or the format of any exporter a plugin adds (see --list). The whole
    roadmap, or only the given tracks, topics and kinds of resource, in the
    language of --lang. Output goes to stdout, or to the --output file, which
    is replaced only once the export has succeeded.

    \b
    Examples:
      llm-roadmap export --format markdown --lang en -o roadmap.md
      llm-roadmap export --format csv --track nlp-foundations > nlp.csv
      llm-roadmap export --format json | jq '.tracks[].id'
      llm-roadmap export --format markdown --checklist -O diagram=false
      llm-roadmap export --list
    """  # noqa: D301 - click's \b marker keeps the example lines as they are
    roadmap = load_roadmap()
    if list_exporters:
        _list(roadmap)
        return
    fmt = fmt or _guess_format(roadmap, output)
    if fmt not in roadmap.exporters:
        known = ", ".join(sorted(roadmap.exporters))
        fail(
            f"no exporter {fmt!r}; the exporters are: {known} (see llm-roadmap export --list)",
            code=2,
        )
    exporter = roadmap.exporters[fmt]
    params = _params(exporter, options, checklist, bom)
    lang = settings().language
    selection = {"tracks": tracks, "topics": topics, "kinds": kinds}
    if output is not None:
        roadmap.export(fmt, output, lang=lang, **selection, **params)
        return
    result = roadmap.export(fmt, None, lang=lang, **selection, **params)
    data = result.encode("utf-8") if isinstance(result, str) else (result or b"")
    stream = _stdout_bytes()
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        # The reader (head, less) went away. Point stdout at devnull so that
        # Python's flush at exit does not print a second error (the recipe of
        # the signal module's documentation).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        raise click.exceptions.Exit(1) from None
