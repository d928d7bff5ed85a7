"""The JSON exporter, and `load_json`, which reads such an export back into a `Roadmap`.

The export is lossless: every field of every track, topic and resource, both
languages of every text, each entry's provenance, and the plugins that made
up the roadmap, under a ``schema_version``. The published JSON Schema
(`schema`, shipped as ``llm_roadmap/roadmap.schema.json``) describes it;
`load_json` turns it back into a roadmap equal to the one exported.

The shape of each entry is `llm_roadmap.serialize`'s, the one every ``--json``
output uses too; reading an export back goes through the loader's pipeline
(`llm_roadmap.loading.load_export`), as data files do.
"""

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Optional, Union

from .._version import __version__
from ..errors import DataError, ExportError, Problem
from ..hookspecs import hookimpl
from ..model import Text
from ..serialize import to_data
from . import Exporter, ExportOptions, export_statuses

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["SCHEMA_VERSION", "load_json", "register_exporters", "schema"]

SCHEMA_VERSION = 1
"""The version of the JSON format; it grows when a change would break a reader."""


# -- writing ---------------------------------------------------------------------


def _indent(options: ExportOptions) -> Optional[int]:
    value = options.params.get("indent", 2)
    try:
        indent = int(value)
    except (TypeError, ValueError):
        if str(value).strip().lower() in {"none", "compact"}:
            return None
        raise ExportError(f"option 'indent' must be a number of spaces, not {value!r}") from None
    return indent if indent > 0 else None


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    indent = _indent(options)
    separators = (",", ": ") if indent else (",", ":")
    # One dumps and one write: json.dump would make a write call per token.
    document: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "llm-roadmap", "version": __version__},
        "plugins": to_data(roadmap.plugins),
        "tracks": to_data(roadmap.tracks),
        "resources": to_data(roadmap.resources),
    }
    progress = export_statuses(options)
    if progress is not None:
        # The statuses of what this export holds, in the progress file's layout (no times).
        document["progress"] = {
            "resources": {r.id: progress.resource(r.id).value for r in roadmap.resources},
            "topics": {t.id: progress.topic(t.id).value for t in roadmap.topics},
        }
    out.write(json.dumps(document, ensure_ascii=False, indent=indent, separators=separators))
    out.write("\n")


def schema() -> dict[str, object]:
    """Return the published JSON Schema (draft 2020-12) of the JSON export."""
    from importlib.resources import files  # only when asked: keeps the import light

    text = files("llm_roadmap").joinpath("roadmap.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, object] = json.loads(text)
    return loaded


@hookimpl
def register_exporters(register: Callable[[Exporter["Roadmap"]], None]) -> None:
    """Register the ``json`` exporter."""
    register(
        Exporter(
            id="json",
            title=Text(zh="JSON（完整数据，含来源）", en="JSON (all the data, with provenance)"),
            suffix=".json",
            media_type="application/json",
            write=_write,
            params={
                "indent": Text(
                    zh="缩进空格数（默认 2；0 为紧凑输出）",
                    en="spaces to indent by (default 2; 0 writes compact JSON)",
                ),
                "progress": Text(
                    zh="学习进度（Progress.statuses）：顶层 progress 对象",
                    en="the learner's progress (Progress.statuses): a top-level progress object",
                ),
            },
        )
    )


# -- loading ---------------------------------------------------------------------


def load_json(source: Union[str, "os.PathLike[str]", IO[str], IO[bytes]]) -> "Roadmap":
    """Load a JSON export (``roadmap.export("json", ...)``) back into a `Roadmap`.

    The result equals the roadmap that was exported: the same tracks, topics
    and resources, with their provenance. It carries the built-in exporters,
    so it can be exported again to any built-in format; the plugins it was
    made from are listed in ``plugins`` as they were recorded.

    Args:
        source: A path, or an open file in text or binary mode.

    Returns:
        The roadmap.

    Raises:
        DataError: The file cannot be read, is not JSON, is not an llm-roadmap
            export, was written by a newer version of the format, or has entries
            that are malformed or break the rules data files follow (unique ids,
            references that resolve...); every problem names the entry and field.
    """
    from ..loading import load_export
    from ..loading.structure import describe

    name, data = _read(source)
    context = f"{name} is not a valid llm-roadmap JSON export"

    def fail(field: str, message: str) -> DataError:
        return DataError(
            [Problem(file=name, entry="", field=field, message=message)], context=context
        )

    if not isinstance(data, Mapping):
        raise fail("", f"expected an object at the top level, got {describe(data, exported=True)}")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail(
            "schema_version", "missing or not an integer: is this an llm-roadmap JSON export?"
        )
    if version > SCHEMA_VERSION:
        raise fail(
            "schema_version",
            f"format version {version} is newer than this llm-roadmap reads "
            f"({SCHEMA_VERSION}): upgrade llm-roadmap",
        )
    return load_export(data, name, context=context, plugins=_plugins(data.get("plugins")))


def _read(source: Union[str, "os.PathLike[str]", IO[str], IO[bytes]]) -> tuple[str, Any]:
    if isinstance(source, (str, os.PathLike)):
        name = os.fspath(source)
        try:
            data: Union[str, bytes] = Path(name).read_bytes()
        except OSError as exc:
            raise DataError(
                [Problem(file=name, entry="", field="", message=f"cannot read: {exc.strerror}")],
                context="cannot load JSON",
            ) from None
    else:
        name = str(getattr(source, "name", "<stream>"))
        data = source.read()
    try:
        return name, json.loads(data)
    except UnicodeDecodeError as exc:
        message = f"not UTF-8: {exc}"
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    raise DataError(
        [Problem(file=name, entry="", field="", message=message)], context="cannot load JSON"
    )


def _plugins(raw: Any) -> tuple[Any, ...]:
    from ..plugin.records import PluginInfo, PluginStatus

    if not isinstance(raw, list):
        return ()
    found = []
    for item in raw:
        # The plugin list is a record of the export's origin, not data the
        # roadmap depends on: entries that do not fit are skipped, not fatal.
        try:
            found.append(
                PluginInfo(
                    name=str(item["name"]),
                    distribution=str(item["distribution"]),
                    version=str(item["version"]),
                    builtin=bool(item.get("builtin", False)),
                    hooks=tuple(str(h) for h in item.get("hooks", ())),
                    status=PluginStatus(item.get("status", "loaded")),
                    error=item.get("error"),
                    contributed={
                        str(k): int(v) for k, v in dict(item.get("contributed", {})).items()
                    },
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return tuple(found)
