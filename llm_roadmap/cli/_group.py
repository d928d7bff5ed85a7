"""The ``llm-roadmap`` click group: lazily imported subcommands, errors turned into messages."""

import importlib
from typing import Any, Optional

import click

from ..errors import DataError, RoadmapError
from ._errors import (
    Failure,
    debugging,
    error_message,
    show_json_error,
    wants_json,
    warnings_to_stderr,
)
from ._settings import Settings

_RAW_ARGS = "llm_roadmap.raw_args"

__all__ = ["RoadmapGroup"]


class RoadmapGroup(click.Group):
    """The ``llm-roadmap`` group: lazy subcommands, and errors turned into messages.

    Subcommands registered with `add_lazy_command` are imported only when
    they run (or their own ``--help`` is asked for), so ``llm-roadmap --help``
    stays fast. A `RoadmapError` from any command becomes ``Error: ...`` with
    exit status 1; with ``--debug`` (or ``LLM_ROADMAP_DEBUG=1``) it is raised
    with its traceback instead.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy: dict[str, tuple[str, str]] = {}

    def add_lazy_command(self, name: str, import_path: str, short_help: str) -> None:
        """Register a subcommand by ``"module:attribute"``, imported on first use.

        Args:
            name: The command name on the command line.
            import_path: ``"package.module:attribute"`` of the `click.Command`.
            short_help: The one line shown by ``llm-roadmap --help`` (a test
                checks it matches the command's own).
        """
        self._lazy[name] = (import_path, short_help)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, eager and lazy, sorted."""
        return sorted({*super().list_commands(ctx), *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        """Return the command, importing a lazy one now."""
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in self._lazy:
            return command
        module_name, attribute = self._lazy[cmd_name][0].split(":")
        loaded = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(loaded, click.Command):
            raise TypeError(f"{self._lazy[cmd_name][0]} is not a click command")
        self.commands[cmd_name] = loaded
        return loaded

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands with their registered short help, without importing lazy ones."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append(
                    (name, command.get_short_help_str(limit=formatter.width - 6 - len(name)))
                )
            else:
                rows.append((name, self._lazy[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def lazy_short_help(self) -> dict[str, str]:
        """The registered short help of each lazy command (for the consistency test)."""
        return {name: short for name, (_, short) in self._lazy.items()}

    def make_context(
        self,
        info_name: Optional[str],
        args: list[str],
        parent: Optional[click.Context] = None,
        **extra: Any,
    ) -> click.Context:
        """Parse the group's options; under ``--json`` a usage error is printed as JSON."""
        raw = list(args)
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            if not wants_json(raw):
                raise
            show_json_error(exc)
            raise click.exceptions.Exit(exc.exit_code) from None
        ctx.meta[_RAW_ARGS] = raw
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn a `RoadmapError` into a one-line message unless debugging.

        Under ``--json`` (the group's or the command's), every error is printed
        as one JSON object on stderr instead, with the same exit status.
        """
        with warnings_to_stderr():
            try:
                try:
                    return super().invoke(ctx)
                except RoadmapError as exc:
                    if debugging(ctx):
                        raise
                    problems = exc.problems if isinstance(exc, DataError) else ()
                    raise Failure(error_message(exc), problems=problems) from exc
            except click.ClickException as exc:
                state = ctx.find_object(Settings)
                if not (state is not None and state.json) and not wants_json(
                    ctx.meta.get(_RAW_ARGS, ())
                ):
                    raise
                show_json_error(exc)
                raise click.exceptions.Exit(exc.exit_code) from None
