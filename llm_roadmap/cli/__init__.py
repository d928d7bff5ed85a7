"""The ``llm-roadmap`` command line: browse, validate, list plugins (and export, fetch, scaffold).

Commands live in modules of this package and are registered below, each by one
``main.add_lazy_command(name, "module:attribute", short_help)`` line: the
module is imported only when its command runs, so ``llm-roadmap --help`` and
``--version`` stay fast. ``main.add_command(command)`` works too, for a
command that is cheap to import. What every command shares lives in
`llm_roadmap.cli._settings` (options, the language, loading),
`llm_roadmap.cli._output` (tables, JSON, texts), `llm_roadmap.cli._errors`
(messages, exit codes) and `llm_roadmap.cli._group` (the lazy group).
"""

from typing import Optional

import click

from .._version import __version__
from ..model import Lang
from ._group import RoadmapGroup
from ._settings import DEBUG_ENV, LANG_ENV, LangType, Settings

__all__ = ["main"]


@click.group(
    cls=RoadmapGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="llm-roadmap")
@click.option(
    "--lang",
    type=LangType(),
    default=None,
    metavar="zh|en",
    help=f"Language of the texts: zh or en (default: {LANG_ENV}, else the locale).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON instead of tables (every listing command)."
)
@click.option(
    "--debug", is_flag=True, envvar=DEBUG_ENV, help="Show tracebacks instead of one-line errors."
)
@click.option(
    "--strict",
    is_flag=True,
    default=None,
    help="Make a failing plugin an error (same as LLM_ROADMAP_STRICT_PLUGINS=1).",
)
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Extra data file or directory to load with the roadmap (repeatable).",
)
@click.pass_context
def main(
    ctx: click.Context,
    lang: Optional[Lang],
    as_json: bool,
    debug: bool,
    strict: Optional[bool],
    data: tuple[str, ...],
) -> None:
    """A curated, bilingual (zh/en) LLM learning roadmap.

    \b
    Examples:
      llm-roadmap tracks
      llm-roadmap --lang en show nlp-foundations
      llm-roadmap path llm-foundations
      llm-roadmap resources --kind paper --track nlp-foundations --json
    """  # noqa: D301 - click's \b marker keeps the example lines as they are
    state = ctx.ensure_object(Settings)
    # The one writer of the language: click has parsed it (LangType); a
    # command's own --lang overrides it when the command resolves its language.
    state.lang = lang
    state.json = state.json or as_json
    state.debug = debug
    # None leaves the choice to LLM_ROADMAP_STRICT_PLUGINS.
    state.strict = True if strict else None
    state.data = tuple(data)


_CLI = "llm_roadmap.cli"
main.add_lazy_command("tracks", f"{_CLI}.tracks:tracks", "List the tracks in order.")
main.add_lazy_command("show", f"{_CLI}.show:show", "Show a track or a topic with its resources.")
main.add_lazy_command("resources", f"{_CLI}.resources:resources", "List resources, filtered.")
main.add_lazy_command("search", f"{_CLI}.search:search", "Search tracks, topics and resources.")
main.add_lazy_command("path", f"{_CLI}.path:path", "The learning path to a track or topic.")
main.add_lazy_command("validate", f"{_CLI}.validate:validate", "Validate roadmap data files.")
main.add_lazy_command(
    "mark", f"{_CLI}.mark:mark", "Mark resources or topics: learning, done, skipped (or pending)."
)
main.add_lazy_command(
    "unmark", f"{_CLI}.mark:unmark", "Take a mark back: the resources or topics are pending again."
)
main.add_lazy_command(
    "progress",
    f"{_CLI}.progress:progress",
    "Show your progress per track and topic; export and import it.",
)
main.add_lazy_command(
    "next",
    f"{_CLI}.progress:next_command",
    "What to study next: the topics open to you, with the resources to start with.",
)
main.add_lazy_command(
    "plugins", "llm_roadmap.cli.plugins:plugins", "List plugins and what they added."
)
main.add_lazy_command(
    "export",
    "llm_roadmap.cli.export:export",
    "Export the roadmap: Markdown, CSV, JSON, BibTeX, Mermaid.",
)
_SCAFFOLD = "llm_roadmap.cli.scaffold"
main.add_lazy_command("plugin", f"{_SCAFFOLD}:plugin", "Create and check plugins.")
main.add_lazy_command(
    "install", f"{_SCAFFOLD}:install", "Install plugins with pip, where llm-roadmap runs."
)
main.add_lazy_command(
    "uninstall", f"{_SCAFFOLD}:uninstall", "Uninstall plugins with pip, where llm-roadmap runs."
)
main.add_lazy_command(
    "check-links",
    "llm_roadmap.cli.network:check_links",
    "Check every resource URL: ok, broken or indeterminate.",
)
main.add_lazy_command(
    "import", "llm_roadmap.cli.sources:import_command", "Import a Markdown list as a track."
)
main.add_lazy_command(
    "sources", "llm_roadmap.cli.sources:sources", "List sources; fetch arXiv and GitHub metadata."
)
