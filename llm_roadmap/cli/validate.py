"""``llm-roadmap validate``: check data files, alone or with the roadmap and its plugins."""

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

import click

from ..errors import DataError, IdentityWarning, PluginWarning, Problem
from ..model import Lang
from ._group import RoadmapCommand
from ._screen import emit_json, page, styles_off, tr
from ._settings import command_options, resolve_lang, settings
from ._stdio import STDIN_NAME, data_inputs, is_stdio


def _problem_json(problem: Problem) -> dict[str, str]:
    data = {
        "file": problem.file,
        "kind": problem.kind,
        "entry": problem.entry,
        "field": problem.field,
        "message": problem.message,
    }
    rule = getattr(problem, "rule", None)
    if rule:
        data["rule"] = rule  # a lint finding (--lint)
    return data


def _lint(paths: tuple[str, ...], standalone: bool, waivers: tuple[str, ...]) -> list[Problem]:
    """The lint's findings on what validated (the roadmap and PATHs, or PATHs alone)."""
    from .. import lint
    from ..loading import load

    state = settings()
    inputs = _unique([*state.data, *paths])
    with warnings.catch_warnings():
        # A failing plugin was reported by validation already.
        warnings.simplefilter("ignore", PluginWarning)
        if standalone:
            rm = load(paths=data_inputs(inputs), plugins=[], disable_plugins=["llm-roadmap"])
        else:
            rm = load(paths=data_inputs(inputs), strict=state.strict)
    try:
        accepted = lint.bundled_waivers() + tuple(w for f in waivers for w in lint.load_waivers(f))
    except DataError as exc:
        return list(exc.problems)
    return list(lint.lint(rm, waivers=accepted))


def _unique(paths: Sequence[str]) -> list[str]:
    # A path given both as --data and as PATH would otherwise clash with itself.
    seen: set[Path] = set()
    out = []
    for item in paths:
        key = Path(item) if is_stdio(item) else Path(item).resolve()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _problems(paths: tuple[str, ...], standalone: bool) -> list[Problem]:
    """Every problem of ``paths`` (with --data), or of the roadmap and its plugins."""
    from ..loading import load, validate_paths

    state = settings()
    if standalone:
        if not paths:
            raise click.UsageError("--standalone needs at least one PATH")
        return validate_paths(data_inputs(_unique([*state.data, *paths])), with_roadmap=False)
    problems: list[Problem] = []
    with warnings.catch_warnings(record=True) as caught:
        # Plugin failures are reported below (no paths) or re-emitted (paths).
        warnings.simplefilter("always", PluginWarning)
        try:
            rm = load(paths=data_inputs(_unique([*state.data, *paths])), strict=state.strict)
        except DataError as exc:
            problems = list(exc.problems)
            rm = None
    # The same resource under two ids is a problem of the data validated: of
    # anything without PATHs, of the PATHs' resources with them.
    same = [w.message for w in caught if isinstance(w.message, IdentityWarning)]
    caught = [w for w in caught if not isinstance(w.message, IdentityWarning)]
    problems.extend(s.problem for s in same if s.from_paths or not paths)
    if not paths:
        if rm is not None:
            problems.extend(
                Problem(file=f"plugin {p.name}", entry="", field="", message=p.error or "failed")
                for p in rm.plugins
                if p.status.value == "failed"
            )
        else:
            problems.extend(
                Problem(file="plugins", entry="", field="", message=str(w.message))
                for w in caught
                if issubclass(w.category, PluginWarning)
            )
    else:
        for w in caught:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        for s in same:
            if not s.from_paths:
                warnings.warn(s, stacklevel=2)
    return problems


@click.command(cls=RoadmapCommand)
@click.argument("paths", nargs=-1, type=click.Path(), metavar="[PATH]...")
@click.option("--standalone", is_flag=True)
@click.option("--lint", "run_lint", is_flag=True)
@click.option(
    "--waivers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
)
@command_options
def validate(
    paths: tuple[str, ...],
    standalone: bool,
    run_lint: bool,
    waivers: tuple[str, ...],
    lang: Optional[Lang],
) -> None:
    """Validate roadmap data files."""
    problems = _problems(paths, standalone)
    if run_lint and not problems:
        problems = _lint(paths, standalone, waivers)
    if settings().json:
        emit_json({"valid": not problems, "problems": [_problem_json(p) for p in problems]})
    else:
        out = page()
        for problem in problems:
            if out.terminal:
                # Wrapped to the window, each problem's lines after its first indented.
                out.text(str(problem), hang="    ")
            else:
                out.lines.append(str(problem))
        out.flush()
        chosen = resolve_lang(lang)
        bundled = tr(chosen, "内置数据和插件", "the bundled data and plugins")
        what = ", ".join(STDIN_NAME if is_stdio(p) else p for p in paths) if paths else bundled
        if problems:
            count = len(problems)
            plural = "s" if count != 1 else ""
            verdict = tr(chosen, f"{what}：{count} 个问题", f"{what}: {count} problem{plural}")
        else:
            verdict = tr(chosen, f"{what}：有效", f"{what}: valid")
        color = "red" if problems else "green"
        click.secho(verdict, err=True, fg=None if styles_off() else color)
    if problems:
        raise click.exceptions.Exit(1)
