"""Plugin commands: ``plugin new``, ``plugin check``, ``install`` and ``uninstall``.

``install`` and ``uninstall`` run pip for the interpreter that runs
llm-roadmap (``sys.executable -m pip``), so a plugin lands where llm-roadmap
will find it, whatever ``pip`` on PATH points to.
"""

import subprocess
import sys
from pathlib import Path
from typing import Optional

import click

from ..serialize import to_data
from ._group import RoadmapCommand, RoadmapGroup, fail
from ._screen import emit_json, tr
from ._settings import resolve_lang, settings


@click.group(cls=RoadmapGroup)
def plugin() -> None:
    """Create and check plugins."""


@plugin.command("new")
@click.argument("name")
@click.option("-d", "--directory", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--track-id", default=None)
@click.option(
    "--from",
    "from_data",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    metavar="DATA",
)
def new(
    name: str, directory: Optional[Path], track_id: Optional[str], from_data: Optional[Path]
) -> None:
    """Create a working track plugin package NAME."""
    from ..plugin.scaffold import create_plugin, plugin_names

    distribution, package, _ = plugin_names(name)
    target = directory if directory is not None else Path(distribution)
    created = create_plugin(name, target, track_id=track_id, from_data=from_data)
    if settings().json:
        emit_json({"directory": str(created), "distribution": distribution, "package": package})
        return
    lang = resolve_lang()
    click.echo(tr(lang, f"已创建 {created}", f"Created {created}"))
    click.echo(tr(lang, "下一步：", "Next:"))
    click.echo(f"  cd {created}")
    click.echo(f"  {Path(sys.executable).name} -m pip install -e '.[test]'")
    click.echo("  pytest")
    click.echo("  llm-roadmap tracks")


@plugin.command("check")
@click.argument("distribution")
@click.option("--also", multiple=True, metavar="DIST")
def check(distribution: str, also: tuple[str, ...]) -> None:
    """Load one installed plugin alone, strictly, and check all it registers."""
    from ..testing import check_plugin

    report = check_plugin(distribution, also=also, raise_on_error=False)
    if settings().json:
        data = to_data(report)
        data["ok"] = report.ok
        emit_json(data)
    else:
        click.echo(str(report))
    if not report.ok:
        raise click.exceptions.Exit(1)


def _pip(args: list[str], *, names: tuple[str, ...] = ()) -> None:
    """Run pip for this interpreter; stop with one line when it fails.

    ``names`` are the plugin names the user asked ``install`` for: when pip
    finds one of them on no index, its two ERROR lines are replaced by one
    message that says how to install it instead.
    """
    import importlib.util

    if importlib.util.find_spec("pip") is None:
        fail(
            tr(
                resolve_lang(),
                f"{sys.executable} 没有安装 pip；先运行 {sys.executable} -m ensurepip",
                f"pip is not installed for {sys.executable}; "
                f"run {sys.executable} -m ensurepip first",
            )
        )
    command = [sys.executable, "-m", "pip", *args]
    if not names:
        code = subprocess.call(command)
    else:
        code, missing = _pip_watching(command, names)
        if missing:
            fail(_not_on_the_index(missing), code=code)
    if code != 0:
        fail(
            tr(resolve_lang(), f"pip 失败（退出码 {code}）", f"pip failed (exit status {code})"),
            code=code,
        )


def _pip_watching(command: list[str], names: tuple[str, ...]) -> tuple[int, Optional[str]]:
    """Run pip, its output shown as it comes; its ERROR lines held back until it ends.

    Returns its exit status and the asked-for name pip found on no index
    (``None`` if none was); in that case its ERROR lines are dropped.
    """
    import re

    from ..util.ids import canonical_name

    wanted = {canonical_name(n): n for n in names}
    errors: list[str] = []
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, errors="replace") as proc:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("ERROR: "):
                errors.append(line)
            else:
                sys.stderr.write(line)
                sys.stderr.flush()
    missing = None
    for line in errors:
        found = re.match(r"ERROR: No matching distribution found for ([A-Za-z0-9._-]+)", line)
        if found and canonical_name(found.group(1)) in wanted:
            missing = wanted[canonical_name(found.group(1))]
    if missing is None:
        sys.stderr.writelines(errors)
    return proc.returncode, missing


def _not_on_the_index(name: str) -> str:
    # The first-party plugins are on no public index yet: they install from a
    # checkout of this repository, or from an index that has them.
    checkout = f"./plugins/{name}"
    return tr(
        resolve_lang(),
        f"{name} 不在 pip 所用的包索引上。可以这样安装：在 llm-roadmap 仓库的检出目录中运行 "
        f"llm-roadmap install {checkout}；或者从有它的包索引安装："
        f"llm-roadmap install --index-url URL {name}（即 pip install --index-url URL {name}）",
        f"{name} is not on the package index pip uses. It installs from a checkout of the "
        f"llm-roadmap repository: llm-roadmap install {checkout}, or from an index that has "
        f"it: llm-roadmap install --index-url URL {name} (pip install --index-url URL {name})",
    )


@click.command(cls=RoadmapCommand)
@click.argument("packages", nargs=-1)
@click.option("-U", "--upgrade", is_flag=True)
@click.option(
    "-e",
    "--editable",
    "editable",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
)
@click.option("--force-reinstall", is_flag=True)
@click.option("--no-deps", is_flag=True)
@click.option("--no-cache-dir", is_flag=True)
@click.option("--pre", is_flag=True)
@click.option("-i", "--index-url", metavar="URL")
def install(
    packages: tuple[str, ...],
    upgrade: bool,
    editable: tuple[str, ...],
    force_reinstall: bool,
    no_deps: bool,
    no_cache_dir: bool,
    pre: bool,
    index_url: Optional[str],
) -> None:
    """Install plugins with pip, where llm-roadmap runs."""
    if not packages and not editable:
        raise click.UsageError("give at least one package (or -e PATH)")
    args = ["install"]
    for flag, on in (
        ("--upgrade", upgrade),
        ("--force-reinstall", force_reinstall),
        ("--no-deps", no_deps),
        ("--no-cache-dir", no_cache_dir),
        ("--pre", pre),
    ):
        if on:
            args.append(flag)
    if index_url:
        args.extend(["--index-url", index_url])
    for path in editable:
        args.extend(["--editable", path])
    requirements, names = _requirements(packages)
    _pip([*args, *requirements], names=names)


def _requirements(packages: tuple[str, ...]) -> tuple[list[str], tuple[str, ...]]:
    """What pip installs for ``packages``, and which of them are plugin names from the directory.

    A name the directory lists is replaced by the requirement its entry
    gives; the rest (a version specifier, a path, a URL, another name) stays
    as given. The directory's names are the ones pip may find on no index.
    """
    if not packages:
        return [], ()
    from ..plugin.directory import load_directory
    from ..util.ids import canonical_name

    by_name = {canonical_name(entry.name): entry for entry in load_directory()}
    out = []
    for package in packages:
        entry = by_name.get(canonical_name(package))
        if entry is None:
            out.append(package)
            continue
        if entry.is_local and not Path(entry.package).is_dir():
            fail(
                tr(
                    resolve_lang(),
                    f"{entry.name} 不在任何包索引上：请在 llm-roadmap 仓库的检出目录中运行 "
                    f"pip install {entry.package}",
                    f"{entry.name} is on no package index: run pip install {entry.package} "
                    "from a checkout of the llm-roadmap repository",
                )
            )
        out.append(entry.package)
    return out, tuple(p for p in packages if canonical_name(p) in by_name)


@click.command(cls=RoadmapCommand)
@click.argument("packages", nargs=-1, required=True)
@click.option("-y", "--yes", is_flag=True)
def uninstall(packages: tuple[str, ...], yes: bool) -> None:
    """Uninstall plugins with pip, where llm-roadmap runs."""
    from ..util.ids import canonical_name

    if any(canonical_name(p) == "llm-roadmap" for p in packages):
        fail(
            tr(
                resolve_lang(),
                "不能用 llm-roadmap 卸载它自己；请用 pip uninstall llm-roadmap",
                "llm-roadmap does not uninstall itself; use pip uninstall llm-roadmap",
            )
        )
    if not yes and not sys.stdin.isatty():
        # pip would ask, read end-of-file and fail with a traceback.
        fail(
            tr(
                resolve_lang(),
                "卸载需要确认，而标准输入不是终端：请加上 --yes"
                f"（llm-roadmap uninstall --yes {' '.join(packages)}）",
                "uninstall asks for confirmation and standard input is not a terminal: "
                f"add --yes (llm-roadmap uninstall --yes {' '.join(packages)})",
            ),
            code=2,
        )
    _pip(["uninstall", *(["--yes"] if yes else []), *packages])
