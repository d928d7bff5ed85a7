"""The progress file: where it lives, its JSON layout, and reading and writing it safely.

Reading checks the whole file against the published layout
(``progress.schema.json``) and reports every problem with its entry and field.
The learner's own file (the store) is written atomically under a file lock;
when it is damaged it is renamed aside with a warning, never emptied in place.
"""

import contextlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Optional

from ..errors import DataError, Problem, RoadmapError
from ..model import Status
from ..util.atomic import atomic_write
from ..util.env import PROGRESS_FILE, data_dir
from ..util.ids import is_id
from . import _lock
from ._entry import ProgressEntry, parse_time

__all__ = [
    "FORMAT",
    "LOCK_TIMEOUT",
    "PROGRESS_FILE",
    "VERSION",
    "Contents",
    "ProgressWarning",
    "dump",
    "locked",
    "parse",
    "progress_path",
    "read_file",
    "read_store",
    "write",
]


FORMAT = "llm-roadmap-progress"
"""The value of the file's ``format`` field."""

VERSION = 1
"""The version of the layout this llm-roadmap reads and writes."""

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process to finish writing before giving up."""

Contents = tuple[dict[str, ProgressEntry], dict[str, ProgressEntry], Optional[str]]
"""What a progress file holds: resource entries, topic entries, and its ``updated`` time."""


class ProgressWarning(UserWarning):
    """The progress file was damaged and has been moved aside; progress starts afresh."""


def progress_path(environ: Optional[Mapping[str, str]] = None) -> Path:
    """The learner's progress file: ``progress.json`` in the data directory.

    The data directory is ``LLM_ROADMAP_DATA_DIR``, else the user data
    directory (``platformdirs.user_data_dir("llm-roadmap")``), as for the
    metadata store.
    """
    return data_dir(environ) / PROGRESS_FILE


# -- layout ----------------------------------------------------------------------


def parse(data: Any, *, source: str) -> Contents:
    """Check decoded JSON against the layout and return its entries.

    Raises:
        DataError: Every problem found, each naming ``source``, the entry and the field.
    """
    problems: list[Problem] = []

    def problem(entry: str, field: str, message: str, kind: str = "") -> None:
        problems.append(Problem(file=source, entry=entry, field=field, message=message, kind=kind))

    if not isinstance(data, dict):
        problem("", "", "not a progress file: expected a JSON object")
        raise DataError(problems, context="invalid progress file")
    if data.get("format") != FORMAT:
        problem("", "format", f"expected {FORMAT!r}, found {data.get('format')!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problem("", "version", f"expected {VERSION}, found {version!r}")
    elif version > VERSION:
        problem(
            "",
            "version",
            f"version {version} was written by a newer llm-roadmap (this one reads {VERSION});"
            " upgrade llm-roadmap",
        )
    updated = data.get("updated")
    if updated is not None and (not isinstance(updated, str) or parse_time(updated) is None):
        problem("", "updated", f"expected a UTC time such as '2026-12-01T20:45:00Z': {updated!r}")
    maps: list[dict[str, ProgressEntry]] = []
    for section, kind in (("resources", "resource"), ("topics", "topic")):
        found: dict[str, ProgressEntry] = {}
        maps.append(found)
        items = data.get(section, {})
        if not isinstance(items, dict):
            problem("", section, "expected an object of id: {status, at}")
            continue
        for item_id, value in items.items():
            if not is_id(item_id):
                problem(item_id, "", "not a kebab-case id", kind)
                continue
            if not isinstance(value, dict):
                problem(item_id, "", "expected an object with 'status' and 'at'", kind)
                continue
            unknown = sorted(set(value) - {"status", "at"})
            if unknown:
                problem(item_id, unknown[0], "unknown field", kind)
            status, at = value.get("status"), value.get("at")
            statuses = ", ".join(s.value for s in Status)
            if status not in {s.value for s in Status}:
                problem(item_id, "status", f"expected one of {statuses}, found {status!r}", kind)
            elif not isinstance(at, str) or parse_time(at) is None:
                problem(
                    item_id,
                    "at",
                    f"expected a UTC time such as '2026-12-01T20:45:00Z': {at!r}",
                    kind,
                )
            else:
                found[item_id] = ProgressEntry(status=Status(status), at=at)
    if problems:
        raise DataError(problems, context="invalid progress file")
    return maps[0], maps[1], updated


def dump(
    resources: Mapping[str, ProgressEntry],
    topics: Mapping[str, ProgressEntry],
    updated: Optional[str],
) -> dict[str, object]:
    """The JSON data of a progress file (ids sorted, so that files compare and diff well)."""
    data: dict[str, object] = {"format": FORMAT, "version": VERSION}
    if updated is not None:
        data["updated"] = updated
    data["resources"] = {
        key: {"status": e.status.value, "at": e.at} for key, e in sorted(resources.items())
    }
    data["topics"] = {
        key: {"status": e.status.value, "at": e.at} for key, e in sorted(topics.items())
    }
    return data


def _decode(path: Path) -> Any:
    """The JSON in ``path``; `ValueError` when it is not UTF-8 JSON, `OSError` when unreadable.

    Decoded by the stores' one rule (`llm_roadmap.util.stores.read_json`): not
    UTF-8, not JSON and nested deeper than the parser goes are all damage.
    """
    from ..util.stores import DamagedStore, read_json

    try:
        return read_json(path)
    except DamagedStore as exc:
        raise ValueError(str(exc)) from None


def read_file(path: Path) -> Contents:
    """Read a progress file someone hands over (``progress import``): any problem is an error.

    Raises:
        DataError: The file is not a valid progress file (each problem located).
        RoadmapError: The file cannot be read.
    """
    try:
        data = _decode(path)
    except FileNotFoundError:
        raise RoadmapError(f"no progress file at {path}") from None
    except OSError as exc:
        raise RoadmapError(f"cannot read the progress file {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        problem = Problem(file=str(path), entry="", field="", message=str(exc))
        raise DataError([problem], context="invalid progress file") from None
    return parse(data, source=str(path))


# -- the learner's store -----------------------------------------------------------


def read_store(path: Path) -> Contents:
    """Read the learner's own file; a missing one is empty, a damaged one is moved aside.

    A file written by a newer llm-roadmap is not damaged: it is left alone
    and the read fails, so that nothing it holds is lost.

    Raises:
        DataError: The file is from a newer version of the layout.
        RoadmapError: The file exists but cannot be read (permissions).
    """
    try:
        data = _decode(path)
    except FileNotFoundError:
        return {}, {}, None
    except OSError as exc:
        raise RoadmapError(f"cannot read the progress file {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        _move_aside(path, f"it is {exc}")
        return {}, {}, None
    if _is_newer(data):
        # Raises, naming the version: a newer layout is not damage.
        return parse(data, source=str(path))
    try:
        return parse(data, source=str(path))
    except DataError as exc:
        first = exc.problems[0]
        _move_aside(path, str(first) + ("" if len(exc.problems) == 1 else ", ..."))
        return {}, {}, None


def _is_newer(data: Any) -> bool:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    version = data.get("version")
    return isinstance(version, int) and not isinstance(version, bool) and version > VERSION


def _move_aside(path: Path, why: str) -> Path:
    # The stores' one repair path, with the progress file's own name and warning.
    from ..util.stores import move_aside

    try:
        return move_aside(
            path,
            why,
            what="progress file",
            label="damaged",
            category=ProgressWarning,
            message=f"the progress file {path} was damaged ({why}); it was moved to {{target}}"
            " and progress starts afresh",
            stacklevel=5,
        )
    except OSError as exc:
        raise RoadmapError(
            f"the progress file {path} is damaged ({why}) and cannot be moved aside:"
            f" {exc.strerror or exc}"
        ) from None


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of ``path`` (a ``.lock`` file beside it) for the block.

    Raises:
        RoadmapError: Another process held it for `LOCK_TIMEOUT` seconds, or
            the directory cannot be written.
    """
    lock_path = path.with_name(path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RoadmapError(
            f"cannot create the data directory {lock_path.parent}: {exc.strerror or exc}"
        ) from None
    held = contextlib.ExitStack()
    try:
        held.enter_context(_lock.hold(lock_path, LOCK_TIMEOUT))
    except _lock.LockTimeout:
        raise RoadmapError(
            f"the progress file {path} is locked by another process ({lock_path});"
            " try again when it has finished"
        ) from None
    except OSError as exc:
        raise RoadmapError(f"cannot lock the progress file {path}: {exc.strerror or exc}") from None
    with held:
        yield


def write(path: Path, data: Mapping[str, object]) -> None:
    """Write a progress file atomically (a reader sees the old file or the new one).

    Raises:
        RoadmapError: The file cannot be written (the old one is left as it was).
    """
    try:
        with atomic_write(path) as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
    except OSError as exc:
        raise RoadmapError(
            f"cannot write the progress file {path}: {exc.strerror or exc}"
        ) from None
