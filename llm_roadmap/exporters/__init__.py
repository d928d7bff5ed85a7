"""Exporters: the interface every output format implements, and the built-in formats.

`Exporter` is what a ``register_exporters`` hook registers; `ExportOptions`
what it is asked for; `ExportStatuses` the learner's progress an export may
show. Each module of this package (Markdown, CSV, JSON, BibTeX, Mermaid,
SQLite, the HTML page) is a built-in plugin like any third-party one: it
implements the ``register_exporters`` hook and is listed in
``llm_roadmap.plugin.discovery.BUILTIN_PLUGINS``, so it can be listed, blocked
and replaced the same way. Each imports what it needs to write inside its
``write``.
"""

import io
import os
from collections.abc import Iterable, Mapping
from typing import IO, Any, Callable, Generic, Optional, TypeVar, Union

import attrs

from ..errors import ExportError, RoadmapError
from ..model import Lang, Provenance, Status, Text
from ..util.env import is_truthy
from ..util.output import WRITE_ERRNOS, OutputError, open_output

RoadmapT = TypeVar("RoadmapT")
"""The roadmap an exporter writes: `llm_roadmap.Roadmap` (a type parameter, so that
this interface sits below the roadmap that holds its exporters)."""

__all__ = ["ExportOptions", "ExportStatuses", "Exporter", "Output", "export_statuses"]

Output = Union[str, "os.PathLike[str]", IO[str], IO[bytes], None]
"""Where an export goes: a path (written atomically), an open file, or ``None`` to return it."""


@attrs.frozen(kw_only=True)
class ExportOptions:
    """What an exporter is asked to produce.

    The subset (tracks, topics, kinds) is applied before the exporter runs: it
    receives a roadmap that holds only the selected part.

    Attributes:
        lang: The language of the texts.
        params: Exporter-specific options (for example ``checklist`` for Markdown,
            ``bom`` for CSV); an exporter documents the ones it reads.
        output: The path the export is written to, when it goes to one (set
            by `Exporter.export`): an exporter that writes a second file
            checks that it is another one.
    """

    lang: Lang = Lang.EN
    params: Mapping[str, Any] = attrs.field(factory=dict)
    output: Optional[str] = None

    def flag(self, name: str, default: bool = False) -> bool:
        """Return the boolean option ``name``, accepting ``true/false/1/0/yes/no`` strings."""
        value = self.params.get(name, default)
        if isinstance(value, str):
            if is_truthy(value):
                return True
            if value.strip().lower() in {"0", "false", "no", "off", ""}:
                return False
            raise ExportError(f"option {name!r} must be true or false, not {value!r}")
        return bool(value)


@attrs.frozen(kw_only=True)
class Exporter(Generic[RoadmapT]):
    """An output format.

    Attributes:
        id: Stable kebab-case id used on the command line (``--format ID``).
        title: A short name for listings.
        suffix: The usual file name suffix, with its dot (``".md"``).
        media_type: The IANA media type of the output.
        write: Writes ``roadmap`` to the open file with the given options. Text
            exporters get a text stream, binary ones (``binary=True``) a byte stream.
        binary: Whether the output is bytes rather than UTF-8 text.
        params: The exporter-specific options it reads, with one-line descriptions.
        provenance: The plugin that registered it (set by the loader).
    """

    id: str
    title: Text
    suffix: str
    media_type: str
    write: Callable[[RoadmapT, IO[Any], ExportOptions], None] = attrs.field(eq=False)
    binary: bool = False
    params: Mapping[str, Text] = attrs.field(factory=dict)
    provenance: Optional[Provenance] = attrs.field(default=None, eq=False)

    def export(
        self, roadmap: RoadmapT, out: Output, options: ExportOptions
    ) -> Union[str, bytes, None]:
        """Write ``roadmap`` to ``out``; return the output itself when ``out`` is ``None``.

        A path is written by `llm_roadmap.util.output.open_output`: a regular
        file is replaced atomically (if the exporter fails, an existing file is
        left untouched), a device or a FIFO is written into, a directory is
        refused.

        Raises:
            ExportError: The exporter failed; the message names it and its plugin.
            OutputError: The output cannot be written: the message is the
                system's (``cannot write out.csv: No space left on device``).
        """
        origin = f" (from plugin {self.provenance.plugin})" if self.provenance else ""
        try:
            if out is None:
                buffer: Union[io.StringIO, io.BytesIO] = (
                    io.BytesIO() if self.binary else io.StringIO()
                )
                self.write(roadmap, buffer, options)
                return buffer.getvalue()
            if isinstance(out, (str, os.PathLike)):
                options = attrs.evolve(options, output=os.fspath(out))
                opened = open_output(out, binary=True) if self.binary else open_output(out)
                with opened as handle:
                    self.write(roadmap, handle, options)
                return None
            self.write(roadmap, out, options)
            # An open file: what the exporter wrote is handed to the system
            # now, so that a failure (a full disk) is this export's.
            out.flush()
            return None
        except RoadmapError:
            raise
        except OSError as exc:
            # The system's own words, not "exporter failed": a full disk is
            # not the exporter's fault.
            if exc.filename is None and exc.errno in WRITE_ERRNOS:
                where = getattr(out, "name", None)
                name = where if isinstance(where, str) else None
                raise OutputError(exc.errno, exc.strerror or str(exc), name) from exc
            subject = f"{exc.filename}: " if exc.filename is not None else ""
            raise ExportError(
                f"exporter {self.id!r}{origin}: {subject}{exc.strerror or exc}"
            ) from exc
        except (Exception, SystemExit) as exc:
            # SystemExit too: an exporter calling sys.exit(0) must not make
            # ``export`` succeed having written nothing. Ctrl-C still stops.
            raise ExportError(
                f"exporter {self.id!r}{origin} failed: {type(exc).__name__}: {exc}"
            ) from exc


@attrs.frozen(kw_only=True)
class ExportStatuses:
    """The statuses an export shows: every resource and topic of the roadmap.

    Attributes:
        resources: Each resource's status (what the learner set, else pending).
        topics: Each topic's status (set, else derived from its resources).
        entries: The learner's entries with their times, in the published
            progress layout (``progress.schema.json``), when the statuses
            come from a `Progress`: the HTML page merges its own by time.
    """

    resources: Mapping[str, Status]
    topics: Mapping[str, Status]
    entries: Optional[Mapping[str, object]] = None

    def resource(self, resource_id: str) -> Status:
        """A resource's status (pending for one the mapping lacks)."""
        return self.resources.get(resource_id, Status.PENDING)

    def checkbox(self, resource_ids: Iterable[str]) -> str:
        """A Markdown checkbox: ``"[x] "`` when one of the resources is done, else ``"[ ] "``."""
        done = any(self.resource(r) is Status.DONE for r in resource_ids)
        return "[x] " if done else "[ ] "

    def topic(self, topic_id: str) -> Status:
        """A topic's status (pending for one the mapping lacks)."""
        return self.topics.get(topic_id, Status.PENDING)


def export_statuses(options: ExportOptions) -> Optional[ExportStatuses]:
    """The ``progress`` option of an export, or ``None`` when it was not given.

    Raises:
        ExportError: The option holds something else than `Progress.statuses` returns.
    """
    value: Any = options.params.get("progress")
    if value is None or value is False:
        return None
    if isinstance(value, ExportStatuses):
        return value
    raise ExportError(
        "the 'progress' option takes Progress.statuses(roadmap) (on the command line: --progress),"
        f" not {type(value).__name__}"
    )
