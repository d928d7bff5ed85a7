"""The options of one invocation: ``--lang`` and its defaults, ``--json``, ``--data``, ``--strict``.

The language is chosen in one place, `resolve_lang`: the command's own
``--lang``, else the group's, else `default_lang` (``LLM_ROADMAP_LANG``, then
the locale). A command resolves it once, where it renders text, and passes
the `Lang` on to everything that renders; nothing below a command reads the
language from ambient state::

    @click.command()
    @command_options                      # --lang and --json after the command name
    def tracks(lang: Optional[Lang]) -> None:
        rm = load_roadmap()               # honours --data, --strict
        if settings().json:
            ...
        chosen = resolve_lang(lang)
        table([Column(tr(chosen, "标题", "title"))], [[text(t.title, chosen)] for t in rm.tracks])

JSON output needs no language, so a command that prints JSON does not resolve
it (an unusable ``LLM_ROADMAP_LANG`` is only an error where text is rendered).

Shell completion of ids (tracks, topics, exporters): click completes commands
and options by itself; the ``complete_*`` functions, given as
``shell_complete=`` to an argument or option, complete the values that come
from the roadmap. They load it as the command would (``--data`` paths on the
command line being completed are honoured, installed plugins included), and
never fail: a roadmap that does not load completes to nothing.
"""

import os
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

import click

from ..model import Lang

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from ..roadmap import Roadmap

LANG_ENV = "LLM_ROADMAP_LANG"
"""Environment variable that sets the default ``--lang`` (it wins over the locale)."""

DEBUG_ENV = "LLM_ROADMAP_DEBUG"
"""Environment variable that turns on ``--debug``."""

F = TypeVar("F", bound=Callable[..., Any])


def default_lang() -> Lang:
    """Return the language to use when ``--lang`` is not given.

    ``LLM_ROADMAP_LANG`` wins; otherwise the first non-empty of ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` (POSIX precedence) decides: a locale that
    starts with ``zh`` means Chinese, anything else English.

    Raises:
        click.BadParameter: ``LLM_ROADMAP_LANG`` names neither language.
    """
    explicit = os.environ.get(LANG_ENV, "").strip()
    if explicit:
        try:
            return Lang.parse(explicit)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint=LANG_ENV) from None
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            return Lang.ZH if value.lower().startswith("zh") else Lang.EN
    return Lang.EN


class Settings:
    """The global options of one CLI invocation, written by the group, read by its commands.

    Attributes:
        lang: The group's ``--lang`` (``None`` when not given); a command's own
            ``--lang`` overrides it, see `resolve_lang`.
        json: Print JSON instead of tables or lines (``--json``).
        debug: Let exceptions through with their traceback (``--debug``).
        strict: Make a failing plugin an error (``--strict``); ``None`` defers
            to ``LLM_ROADMAP_STRICT_PLUGINS``.
        data: Extra data paths for `llm_roadmap.load` (``--data``).
        no_pager: Never page long output (``--no-pager``).
    """

    # A plain class: attrs would compile methods for it at every command's
    # start-up, and the CLI needs none of them (it is created and filled once).
    __slots__ = ("_roadmap", "data", "debug", "json", "lang", "no_pager", "strict")

    def __init__(self) -> None:
        self.lang: Optional[Lang] = None
        self.json = False
        self.debug = False
        self.strict: Optional[bool] = None
        self.data: tuple[str, ...] = ()
        self.no_pager = False
        self._roadmap: Optional[Roadmap] = None


def settings() -> Settings:
    """Return the settings of the running invocation (defaults when none is running)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Settings()
    found = ctx.find_object(Settings)
    if found is None:
        # A command invoked on its own (a test calling it directly) still works.
        found = ctx.find_root().ensure_object(Settings)
    return found


def resolve_lang(command_lang: Optional[Lang] = None) -> Lang:
    """The language to render in: the command's ``--lang``, the group's, else `default_lang`.

    Raises:
        click.BadParameter: Neither option was given and ``LLM_ROADMAP_LANG``
            names neither language (a usage error, exit status 2).
    """
    if command_lang is not None:
        return command_lang
    group_lang = settings().lang
    return group_lang if group_lang is not None else default_lang()


def load_roadmap() -> "Roadmap":
    """Load the roadmap once per invocation, with ``--data`` paths and ``--strict``.

    Raises:
        DataError: The bundled data, a plugin in strict mode, or ``--data`` is invalid.
    """
    state = settings()
    if state._roadmap is None:
        from ..loading import load
        from ._stdio import data_inputs

        state._roadmap = load(paths=data_inputs(state.data), strict=state.strict)
    return state._roadmap


class LangType(click.ParamType):  # type: ignore[type-arg]  # generic only in click >= 8.2
    """A ``--lang`` value: ``zh`` or ``en``, also accepting locale spellings (``zh_CN.UTF-8``)."""

    name = "zh|en"

    def convert(
        self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]
    ) -> Lang:
        """Return the `Lang` named by ``value`` or fail as a usage error."""
        if isinstance(value, Lang):
            return value
        try:
            return Lang.parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> "list[CompletionItem]":
        """Complete to ``zh`` or ``en``."""
        from click.shell_completion import CompletionItem

        return [CompletionItem(code) for code in ("zh", "en") if code.startswith(incomplete)]


def _set_json(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        settings().json = True


lang_option = click.option("--lang", type=LangType(), default=None, metavar="zh|en")
"""``--lang zh|en``, passed as the command's ``lang`` (``None`` if not given).

A command's own overrides the group's; the command gets the language to
render in from `resolve_lang`.
"""

json_option = click.option(
    "--json", "as_json", is_flag=True, expose_value=False, callback=_set_json
)
"""``--json`` for a command: the same as the global ``--json``."""


def command_options(func: F) -> F:
    """Add both ``--lang`` (the command's ``lang`` argument) and ``--json`` to a listing command."""
    return lang_option(json_option(func))


Completer = Callable[[click.Context, click.Parameter, str], "list[CompletionItem]"]


def _completer(pick: Callable[["Roadmap"], Any]) -> Completer:
    """A completer of the ids of the entries ``pick`` takes from the roadmap (titles as help)."""

    def complete(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> "list[CompletionItem]":
        from click.shell_completion import CompletionItem

        from ..loading import load

        try:
            # During completion the group's callback does not run, so the --data
            # paths already typed are read from the parsed parameters. Standard
            # input (--data -) is the command's to read, not completion's.
            data = ctx.find_root().params.get("data") or ()
            entries = pick(load(paths=tuple(path for path in data if path != "-")))
            lang = ctx.params.get("lang") or ctx.find_root().params.get("lang") or default_lang()
        except Exception:
            return []
        return [
            CompletionItem(entry.id, help=entry.title.get(lang))
            for entry in entries
            if entry.id.startswith(incomplete)
        ]

    return complete


complete_tracks = _completer(lambda rm: rm.tracks)
complete_topics = _completer(lambda rm: rm.topics)
# A track or a topic (show, path).
complete_targets = _completer(lambda rm: (*rm.tracks, *rm.topics))
# Plugins' exporters too.
complete_exporters = _completer(lambda rm: sorted(rm.exporters.values(), key=lambda e: e.id))
