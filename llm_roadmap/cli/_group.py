"""The ``llm-roadmap`` click group: errors turned into one-line messages (or JSON)."""

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
    """The ``llm-roadmap`` group: errors turned into messages.

    A `RoadmapError` from any command becomes ``Error: ...`` with exit status
    1; with ``--debug`` (or ``LLM_ROADMAP_DEBUG=1``) it is raised with its
    traceback instead.
    """

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
