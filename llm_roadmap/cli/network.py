"""``llm-roadmap check-links``: check every resource URL of the roadmap."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import click

from ._group import RoadmapCommand, fail
from ._screen import Column, is_terminal, plain, styles_off, table, tr
from ._settings import json_option, load_roadmap, resolve_lang, settings
from ._stdio import is_stdio

if TYPE_CHECKING:
    from ..linkcheck import LinkReport, LinkResult
    from ..model import Lang


def _positive(
    ctx: click.Context, param: click.Parameter, value: Optional[float]
) -> Optional[float]:
    if value is not None and value <= 0:
        raise click.BadParameter("must be greater than 0")
    return value


@click.command("check-links", cls=RoadmapCommand)
@json_option
@click.option("--markdown", "as_markdown", is_flag=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
)
@click.option("--offline", is_flag=True)
@click.option("--strict", is_flag=True)
@click.option("--refresh", is_flag=True)
@click.option(
    "--remember-failures",
    "fail_ttl",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    metavar="SECONDS",
)
@click.option("--track", "tracks", multiple=True, metavar="ID")
@click.option("--workers", type=click.IntRange(1, 256), default=16, show_default=True)
@click.option("--per-host", type=click.IntRange(1, 64), default=4, show_default=True)
@click.option("--timeout", type=float, default=15.0, show_default=True, callback=_positive)
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True)
def check_links(
    as_markdown: bool,
    output: Optional[Path],
    offline: bool,
    strict: bool,
    refresh: bool,
    fail_ttl: float,
    tracks: tuple[str, ...],
    workers: int,
    per_host: int,
    timeout: float,
    retries: int,
) -> None:
    """Check every resource URL: ok, broken or indeterminate."""
    from ..http import HostPolicy, HttpClient, RetryPolicy, is_offline
    from ..linkcheck import collect_urls

    as_json = settings().json
    if as_json and as_markdown:
        raise click.UsageError("choose one of --json and --markdown")
    report_format = "json" if as_json else "markdown" if as_markdown else None
    if output is not None and is_stdio(str(output)):
        if report_format is None:
            raise click.UsageError("-o - (standard output) needs --json or --markdown")
        output = None  # the report on standard output, as without -o
    if output is not None and report_format is None:
        by_suffix = {".json": "json", ".md": "markdown", ".markdown": "markdown"}
        report_format = by_suffix.get(output.suffix.lower())
        if report_format is None:
            raise click.UsageError(
                "give --json or --markdown, or an -o file ending in .json or .md"
            )

    roadmap = load_roadmap()
    # check-links has no --lang of its own: the group's, else the defaults.
    lang = resolve_lang()
    if tracks:
        roadmap = roadmap.subset(tracks=list(tracks))
    urls = collect_urls(roadmap)
    offline = offline or is_offline()
    client = HttpClient(
        offline=offline,
        timeout=(min(timeout, 10.0), timeout),
        retry=RetryPolicy(retries=retries),
        default_host_policy=HostPolicy(max_connections=per_host),
    )
    options: dict[str, Any] = {
        "client": client,
        "offline": offline,
        "workers": workers,
        "per_host": per_host,
        "timeout": None,
        "refresh": refresh,
        "fail_ttl": fail_ttl,
    }
    try:
        report = _run_with_progress(urls, options, lang)
    except KeyboardInterrupt:
        click.echo(
            tr(
                lang,
                "已中断；已得出的结果都已存入缓存，重新运行会跳过它们。",
                "Interrupted; every result found so far is in the cache, and a rerun skips it.",
            ),
            err=True,
        )
        raise click.exceptions.Exit(130) from None
    finally:
        client.close()

    _print_summary(report, lang)
    if report_format is not None:
        rendered = (
            json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
            if report_format == "json"
            else report.to_markdown()
        )
        if output is None:
            click.echo(rendered, nl=False)
        else:
            _write(output, rendered)
    if report_format is None or output is not None:
        _print_problems(report, lang)
    raise click.exceptions.Exit(report.exit_code(strict=strict))


def _run_with_progress(
    urls: dict[str, tuple[str, ...]], options: dict[str, Any], lang: "Lang"
) -> "LinkReport":
    from ..linkcheck import check_links as run

    stderr = sys.stderr
    try:
        show = stderr.isatty()
    except (AttributeError, ValueError):
        show = False
    if not show or not urls:
        return run(urls, **options)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    counts = {"broken": 0, "indeterminate": 0}
    with Progress(
        TextColumn(tr(lang, "检查链接", "Checking links")),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[problems]}"),
        TimeElapsedColumn(),
        # NO_COLOR: no colour, bold or dim either (rich alone keeps those).
        console=Console(file=stderr, color_system=None if styles_off() else "auto"),
        transient=True,
    ) as progress:
        task = progress.add_task("links", total=len(urls), problems="")

        def advance(result: "LinkResult") -> None:
            if result.status.value in counts:
                counts[result.status.value] += 1
            problems = f"{counts['broken']} broken, {counts['indeterminate']} indeterminate"
            progress.update(task, advance=1, problems=problems)

        return run(urls, on_result=advance, **options)


def _print_summary(report: "LinkReport", lang: "Lang") -> None:
    counts = report.summary()
    line = tr(
        lang,
        f"{counts['total']} 个链接：{counts['ok']} 正常，{counts['broken']} 失效，"
        f"{counts['indeterminate']} 无法确定，{counts['moved']} 已永久迁移"
        f"（{counts['from_cache']} 个来自缓存，{counts['elapsed']:.1f} 秒）",
        f"{counts['total']} links: {counts['ok']} ok, {counts['broken']} broken, "
        f"{counts['indeterminate']} indeterminate, {counts['moved']} moved permanently "
        f"({counts['from_cache']} from the cache, {counts['elapsed']:.1f} s)",
    )
    if report.offline:
        line += tr(lang, "；离线", "; offline")
    click.echo(line, err=True)
    if report.looks_offline:
        click.echo(
            tr(
                lang,
                "一个主机名都解析不了：本机看来没有联网。这些链接算作无法确定，而不是失效；"
                "联网后再运行一次。",
                "No host name resolved: this machine looks offline. The links are "
                "indeterminate, not broken; run the check again once online.",
            ),
            err=True,
        )


def _print_problems(report: "LinkReport", lang: "Lang") -> None:
    rows = []
    for result in (*report.broken, *report.indeterminate, *report.moved):
        status = "moved" if result.status.value == "ok" else result.status.value
        detail = result.final_url or "" if status == "moved" else result.shown_reason
        rows.append([status, result.url, detail, ", ".join(result.resources)])
    if not rows:
        return
    if not is_terminal():
        # Plain lines for scripts: status, URL, reason (or new URL), resource ids.
        for row in rows:
            click.echo("\t".join(plain(cell) for cell in row))
        return
    table(
        [
            Column(tr(lang, "状态", "status"), wrap=False, priority=0),
            Column("URL", style="blue", wrap=False, priority=0, link=True),
            Column(tr(lang, "原因 / 新地址", "reason / now at"), priority=0),
            Column(tr(lang, "资源", "resources"), priority=1),
        ],
        rows,
        lang=lang,
        pager=False,
    )


def _write(path: Path, text: str) -> None:
    from ..util.output import open_output

    try:
        with open_output(path) as handle:
            handle.write(text)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
