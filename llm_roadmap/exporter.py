"""Exporters: the interface every output format implements, built-in or from a plugin."""

import io
import os
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, Callable, Optional, Union

import attrs

from ._atomic import atomic_write
from ._env import is_truthy
from .errors import ExportError, RoadmapError
from .model import Lang, Provenance, Text

if TYPE_CHECKING:
    from .roadmap import Roadmap

__all__ = ["ExportOptions", "Exporter", "Output"]

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
    """

    lang: Lang = Lang.EN
    params: Mapping[str, Any] = attrs.field(factory=dict)

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
class Exporter:
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
    write: Callable[["Roadmap", Any, ExportOptions], None] = attrs.field(eq=False)
    binary: bool = False
    params: Mapping[str, Text] = attrs.field(factory=dict)
    provenance: Optional[Provenance] = attrs.field(default=None, eq=False)

    def export(
        self, roadmap: "Roadmap", out: Output, options: ExportOptions
    ) -> Union[str, bytes, None]:
        """Write ``roadmap`` to ``out``; return the output itself when ``out`` is ``None``.

        A path is written atomically: if the exporter fails, an existing file
        is left untouched.

        Raises:
            ExportError: The exporter failed; the message names it and its plugin.
        """
        try:
            if out is None:
                buffer: Union[io.StringIO, io.BytesIO] = (
                    io.BytesIO() if self.binary else io.StringIO()
                )
                self.write(roadmap, buffer, options)
                return buffer.getvalue()
            if isinstance(out, (str, os.PathLike)):
                if self.binary:
                    with atomic_write(out, binary=True) as handle:
                        self.write(roadmap, handle, options)
                else:
                    with atomic_write(out) as text_handle:
                        self.write(roadmap, text_handle, options)
                return None
            self.write(roadmap, out, options)
            return None
        except RoadmapError:
            raise
        except (Exception, SystemExit) as exc:
            # SystemExit too: an exporter calling sys.exit(0) must not make
            # ``export`` succeed having written nothing. Ctrl-C still stops.
            origin = f" (from plugin {self.provenance.plugin})" if self.provenance else ""
            raise ExportError(
                f"exporter {self.id!r}{origin} failed: {type(exc).__name__}: {exc}"
            ) from exc
