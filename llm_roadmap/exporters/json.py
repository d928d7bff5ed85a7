"""The JSON exporter, and `load_json`, which reads such an export back into a `Roadmap`.

The export is lossless: every field of every track, topic and resource, both
languages of every text, each entry's provenance, and the plugins that made
up the roadmap, under a ``schema_version``. The published JSON Schema
(`schema`, shipped as ``llm_roadmap/roadmap.schema.json``) describes it;
`load_json` turns it back into a roadmap equal to the one exported.
"""

import enum
import functools
import importlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable, Optional, TypeVar, Union, get_args, get_origin

from .._version import __version__
from ..errors import DataError, Problem
from ..exporter import Exporter, ExportOptions
from ..hookspecs import hookimpl
from ..model import Provenance, Resource, Text, Topic, Track

if TYPE_CHECKING:
    import cattrs

    from ..roadmap import Roadmap

__all__ = ["SCHEMA_VERSION", "load_json", "register_exporters", "schema"]

SCHEMA_VERSION = 1
"""The version of the JSON format; it grows when a change would break a reader."""

T = TypeVar("T")


# -- writing ---------------------------------------------------------------------


def _text(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


def _maybe_text(text: Optional[Text]) -> Optional[dict[str, str]]:
    return None if text is None else {"zh": text.zh, "en": text.en}


def _provenance(prov: Optional[Provenance]) -> Optional[dict[str, Optional[str]]]:
    if prov is None:
        return None
    return {
        "plugin": prov.plugin,
        "distribution": prov.distribution,
        "version": prov.version,
        "file": prov.file,
    }


def _resource(r: Resource) -> dict[str, Any]:
    # Written field by field rather than with attrs.asdict: several times
    # faster on large roadmaps, and the shape is spelled out next to the schema.
    ids = r.identifiers
    return {
        "id": r.id,
        "title": {"zh": r.title.zh, "en": r.title.en},
        "url": r.url,
        "kind": r.kind.value,
        "language": r.language,
        "authors": list(r.authors),
        "year": r.year,
        "identifiers": {"arxiv": ids.arxiv, "doi": ids.doi, "isbn": ids.isbn, "github": ids.github},
        "description": {"zh": r.description.zh, "en": r.description.en},
        "level": None if r.level is None else r.level.value,
        "tags": list(r.tags),
        "free": r.free,
        "links": [{"url": link.url, "label": _text(link.label)} for link in r.links],
        # Fields from sources (GitHub, arXiv...), kept apart from the curated ones.
        "fetched": {source: dict(fields) for source, fields in r.fetched.items()},
        "provenance": _provenance(r.provenance),
    }


def _topic(t: Topic) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": _text(t.title),
        "summary": _text(t.summary),
        "concepts": [_text(c) for c in t.concepts],
        "resources": [
            {
                "resource": p.resource,
                "role": p.role.value,
                "group": p.group,
                "note": _maybe_text(p.note),
            }
            for p in t.resources
        ],
        "prerequisites": list(t.prerequisites),
        "emphasis": t.emphasis.value,
        "note": _maybe_text(t.note),
        "track": t.track,
        "provenance": _provenance(t.provenance),
    }


def _track(t: Track) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": _text(t.title),
        "summary": _text(t.summary),
        "order": t.order,
        "topics": [_topic(topic) for topic in t.topics],
        "emphasis": t.emphasis.value,
        "note": _maybe_text(t.note),
        "provenance": _provenance(t.provenance),
    }


def to_dict(roadmap: "Roadmap") -> dict[str, Any]:
    """Return the JSON document of ``roadmap`` as plain dicts and lists (what `export` writes)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "llm-roadmap", "version": __version__},
        "plugins": [
            {
                "name": p.name,
                "distribution": p.distribution,
                "version": p.version,
                "builtin": p.builtin,
                "hooks": list(p.hooks),
                "status": p.status.value,
                "error": p.error,
                "contributed": dict(p.contributed),
            }
            for p in roadmap.plugins
        ],
        "tracks": [_track(t) for t in roadmap.tracks],
        "resources": [_resource(r) for r in roadmap.resources],
    }


def _indent(options: ExportOptions) -> Optional[int]:
    value = options.params.get("indent", 2)
    try:
        indent = int(value)
    except (TypeError, ValueError):
        if str(value).strip().lower() in {"none", "compact"}:
            return None
        from ..errors import ExportError

        raise ExportError(f"option 'indent' must be a number of spaces, not {value!r}") from None
    return indent if indent > 0 else None


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    indent = _indent(options)
    separators = (",", ": ") if indent else (",", ":")
    # One dumps and one write: json.dump would make a write call per token.
    out.write(
        json.dumps(to_dict(roadmap), ensure_ascii=False, indent=indent, separators=separators)
    )
    out.write("\n")


def schema() -> dict[str, Any]:
    """Return the published JSON Schema (draft 2020-12) of the JSON export."""
    from importlib.resources import files  # only when asked: keeps the import light

    text = files("llm_roadmap").joinpath("roadmap.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
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
                )
            },
        )
    )


# -- loading ---------------------------------------------------------------------


class _Mismatch(TypeError):
    pass


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


_JSON_NAMES = {str: "a string", int: "an integer", bool: "true or false"}


def _scalar(expected: type) -> Callable[[Any, Any], Any]:
    def hook(value: Any, cls: Any) -> Any:
        # Our enums subclass str, so singledispatch sends them here too.
        if isinstance(cls, type) and issubclass(cls, enum.Enum):
            try:
                return cls(value)
            except ValueError:
                choices = ", ".join(repr(m.value) for m in cls)
                raise _Mismatch(f"expected one of {choices}, got {_describe(value)}") from None
        if isinstance(value, expected) and not (expected is int and isinstance(value, bool)):
            return value
        raise _Mismatch(f"expected {_JSON_NAMES[expected]}, got {_describe(value)}")

    return hook


@functools.lru_cache(maxsize=1)
def _converter() -> "cattrs.Converter":
    import cattrs
    from cattrs.errors import IterableValidationError, IterableValidationNote

    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for scalar in (str, int, bool):
        conv.register_structure_hook(scalar, _scalar(scalar))

    def is_tuple(cls: Any) -> bool:
        return get_origin(cls) is tuple

    def tuple_hook(cls: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        # cattrs would turn a string or an object into a tuple of its characters
        # or keys; JSON arrays are the only thing a tuple field accepts.
        item_type = get_args(cls)[0]

        def hook(value: Any, _cls: Any) -> tuple[Any, ...]:
            if not isinstance(value, list):
                raise _Mismatch(f"expected an array, got {_describe(value)}")
            items: list[Any] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(conv.structure(item, item_type))
                except Exception as exc:
                    # cattrs reads the index from the note, as for its own sequences.
                    note = IterableValidationNote(
                        f"Structuring item @ index {index}", index, item_type
                    )
                    exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
            return tuple(items)

        return hook

    conv.register_structure_hook_factory(is_tuple, tuple_hook)
    return conv


def _format(exc: BaseException, cls: Optional[type]) -> str:
    from cattrs.v import format_exception

    if isinstance(exc, _Mismatch):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    return format_exception(exc, cls)


def _structure(
    raw: Any, cls: type[T], file: str, kind: str, position: int
) -> tuple[Optional[T], list[Problem]]:
    import cattrs

    raw_id = raw.get("id") if isinstance(raw, Mapping) else None
    entry = raw_id if isinstance(raw_id, str) else f"#{position + 1}"
    if not isinstance(raw, Mapping):
        return None, [
            Problem(
                file=file,
                kind=kind,
                entry=entry,
                field="",
                message=f"expected an object, got {_describe(raw)}",
            )
        ]
    try:
        return _converter().structure(raw, cls), []
    except Exception as exc:
        problems = []
        for line in cattrs.transform_error(exc, path="", format_exception=_format):
            message, _, where = line.rpartition(" @ ")
            problems.append(
                Problem(
                    file=file,
                    kind=kind,
                    entry=entry,
                    field=where.lstrip("."),
                    message=message or line,
                )
            )
        return None, problems


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
            that are malformed or refer to ids it does not hold; every problem
            names the entry and field.
    """
    from ..roadmap import Roadmap

    name, data = _read(source)
    context = f"{name} is not a valid llm-roadmap JSON export"

    def fail(field: str, message: str) -> DataError:
        return DataError(
            [Problem(file=name, entry="", field=field, message=message)], context=context
        )

    if not isinstance(data, Mapping):
        raise fail("", f"expected an object at the top level, got {_describe(data)}")
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
    problems: list[Problem] = []
    tracks: list[Track] = []
    resources: list[Resource] = []
    # Ids of entries that did not structure: references to them are not
    # reported again as unknown.
    broken: set[str] = set()
    for position, raw in enumerate(_entries(data, "tracks", name, problems)):
        track, found = _structure(raw, Track, name, "track", position)
        problems.extend(found)
        if track is not None:
            tracks.append(track)
        elif isinstance(raw, Mapping):
            broken.update(_ids(raw))
    for position, raw in enumerate(_entries(data, "resources", name, problems)):
        resource, found = _structure(raw, Resource, name, "resource", position)
        problems.extend(found)
        if resource is not None:
            resources.append(resource)
        elif isinstance(raw, Mapping):
            broken.update(_ids(raw))
    problems.extend(_references(tracks, resources, name, broken))
    if problems:
        raise DataError(problems, context=context)
    return Roadmap(
        tracks=tuple(tracks),
        resources=tuple(resources),
        exporters=_builtin_exporters(),
        plugins=_plugins(data.get("plugins")),
    )


def _entries(data: Mapping[str, Any], key: str, file: str, problems: list[Problem]) -> list[Any]:
    entries = data.get(key)
    if not isinstance(entries, list):
        problems.append(
            Problem(file=file, entry="", field=key, message=f"expected an array of {key}")
        )
        return []
    return entries


def _ids(raw: Mapping[str, Any]) -> set[str]:
    """The id of a raw entry and of the topics in it, as far as they can be read."""
    found = {raw["id"]} if isinstance(raw.get("id"), str) else set()
    topics = raw.get("topics")
    if isinstance(topics, list):
        found.update(
            t["id"] for t in topics if isinstance(t, Mapping) and isinstance(t.get("id"), str)
        )
    return found


def _references(
    tracks: list[Track], resources: list[Resource], file: str, broken: set[str]
) -> list[Problem]:
    """Check what the roadmap itself relies on, with the loader's cross-entry rules.

    Unique ids, references that resolve, groups and prerequisite cycles, as for
    data files; plus what only an export can get wrong: a topic whose ``track``
    is not the track it sits in.
    """
    from .._validate import Located, check_entries

    entries = [Located(r, file, 0) for r in resources] + [Located(t, file, 0) for t in tracks]
    ignored = {"resource": broken, "topic": broken, "track": broken}
    problems = [problem for _, problem in check_entries(entries, {0: file}, ignored)]
    for track in tracks:
        for topic in track.topics:
            if topic.track != track.id:
                problems.append(
                    Problem(
                        file=file,
                        kind="topic",
                        entry=topic.id,
                        field="track",
                        message=f"is {topic.track!r} but the topic is in track {track.id!r}",
                    )
                )
    return problems


def _plugins(raw: Any) -> tuple[Any, ...]:
    from .._plugin_manager import PluginInfo, PluginStatus

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


def _builtin_exporters() -> dict[str, Exporter]:
    from . import BUILTIN_EXPORTERS

    found: dict[str, Exporter] = {}
    for module_name in BUILTIN_EXPORTERS:
        module = importlib.import_module(module_name)
        prov = Provenance(plugin=module_name, distribution="llm-roadmap", version=__version__)

        def add(exporter: Exporter, prov: Provenance = prov) -> None:
            import attrs

            found[exporter.id] = attrs.evolve(exporter, provenance=prov)

        module.register_exporters(add)
    return found
