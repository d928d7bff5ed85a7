"""The ``llm-roadmap`` command line: browse, validate, list plugins (and export, fetch, scaffold).

Commands live in modules of this package and are registered below with
``main.add_command``; each imports what it needs to run (rich, the network,
the importer) inside its function. What every command shares lives in
`llm_roadmap.cli._settings` (options, the language, loading, completion),
`llm_roadmap.cli._screen` (tables, JSON, texts), `llm_roadmap.cli._stdio`
(the standard streams) and `llm_roadmap.cli._group` (the command classes,
error messages and exit codes).
"""

from typing import Optional

import click

from .._version import __version__
from ..model import Lang
from ._group import RoadmapGroup
from ._settings import DEBUG_ENV, Settings, lang_option

__all__ = ["main"]


@click.group(
    "llm-roadmap",
    cls=RoadmapGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="llm-roadmap")
@lang_option
@click.option("--json", "as_json", is_flag=True)
@click.option("--debug", is_flag=True, envvar=DEBUG_ENV)
@click.option("--strict", is_flag=True, default=None)
@click.option("--no-pager", is_flag=True)
@click.option("--data", "data", multiple=True, type=click.Path(), metavar="PATH")
@click.pass_context
def main(
    ctx: click.Context,
    lang: Optional[Lang],
    as_json: bool,
    debug: bool,
    strict: Optional[bool],
    no_pager: bool,
    data: tuple[str, ...],
) -> None:
    """A curated, bilingual (zh/en) LLM learning roadmap."""
    state = ctx.ensure_object(Settings)
    # The one writer of the language: click has parsed it (LangType); a
    # command's own --lang overrides it when the command resolves its language.
    state.lang = lang
    state.json = state.json or as_json
    state.debug = debug
    # None leaves the choice to LLM_ROADMAP_STRICT_PLUGINS.
    state.strict = True if strict else None
    state.data = tuple(data)
    state.no_pager = no_pager


# Imported here, after `main` exists: the command modules build on the group's settings.
from . import (  # noqa: E402  # noqa: E402
    export,
    mark,
    network,
    path,
    plan,
    plugins,
    progress,
    resources,
    scaffold,
    search,
    show,
    sources,
    tracks,
    validate,
)

for command in (
    tracks.tracks,
    show.show,
    resources.resources,
    search.search,
    path.path,
    validate.validate,
    mark.mark,
    mark.unmark,
    progress.progress,
    progress.next_command,
    plan.plan,
    plugins.plugins,
    export.export,
    scaffold.plugin,
    scaffold.install,
    scaffold.uninstall,
    network.check_links,
    sources.import_command,
    sources.sources,
):
    main.add_command(command)
