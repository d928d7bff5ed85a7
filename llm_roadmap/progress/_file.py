"""The progress file: where it lives, its entries and layout, and reading and writing it safely.

Every progress file, the learner's own (the store) and one handed over for
``progress import``, is read by the one reader here:

- **Bounded.** Only a regular file, or standard input (``-``), is read, and
  no more than `MAX_BYTES`: a FIFO or a device (``/dev/zero``) is refused at
  once, before anything is read, and a larger file is refused whole.
- **Checked before use.** Every field's shape is checked against the
  published layout (``progress.schema.json``), types first, so that no value
  of the wrong type (``"status": ["done"]``) reaches the code that uses it.
  Each problem names the file, the entry and the field.
- **Lean.** Entries are built while the JSON is decoded, so a file costs
  about the memory of its entries, and the time is linear in its size.

Times (RFC 3339, UTC, with a ``Z``) are compared by `time_key`, a string that
sorts as the times do, so that merging a million entries parses no date.

The store is written atomically under a file lock; when it is damaged it is
renamed aside with a warning (`llm_roadmap.util.stores.move_aside`), never
emptied in place.
"""

import calendar
import contextlib
import datetime as dt
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Optional, Union

import attrs

from ..errors import DataError, Problem, RoadmapError
from ..model import Status
from ..util.env import PROGRESS_FILE, data_dir
from ..util.ids import is_id
from ..util.output import open_output

FORMAT = "llm-roadmap-progress"
"""The value of the file's ``format`` field."""

VERSION = 1
"""The version of the layout this llm-roadmap reads and writes."""

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process to finish writing before giving up."""

MAX_BYTES = 16 * 1024 * 1024
"""The largest progress file read or written: 16 MiB, some 180,000 entries.

A learner's file holds one entry per resource or topic marked, about 90
bytes each; the bundled roadmap has a few hundred. A larger file is refused
whole, before it is parsed: no llm-roadmap writes one.
"""

MAX_PROBLEMS = 20
"""The problems of a bad file listed one by one; the rest are counted."""

_STATUSES = {status.value: status for status in Status}
_STATUS_WORDS = ", ".join(_STATUSES)
_TIME_HINT = "expected a UTC time such as '2026-12-01T20:45:00Z'"
_TOO_LARGE = f"larger than {MAX_BYTES // (1024 * 1024)} MiB: not read"
_NOT_REGULAR = "not a regular file (a FIFO or a device?): not read"


class ProgressWarning(UserWarning):
    """The progress file was damaged and has been moved aside, or an import had times to correct."""


def progress_path(environ: Optional[Mapping[str, str]] = None) -> Path:
    """The learner's progress file: ``progress.json`` in the data directory.

    The data directory is ``LLM_ROADMAP_DATA_DIR``, else the user data
    directory (``platformdirs.user_data_dir("llm-roadmap")``), as for the
    metadata store.
    """
    return data_dir(environ) / PROGRESS_FILE


# -- entries ---------------------------------------------------------------------


# [0-9], not \d: ASCII digits only, as the schema's pattern says (\d would take "٢٠٢٦").
_TIME_RE = re.compile(
    r"(?!0000)[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?Z"
)


def is_time(value: str) -> bool:
    """Whether ``value`` is a UTC time `parse_time` reads (a real date, a ``Z``, any fraction)."""
    # The pattern bounds every field; only days 29 to 31 need the calendar.
    match = _TIME_RE.fullmatch(value)
    if match is None:
        return False
    if value[8:10] <= "28":
        return True
    year, month = int(value[:4]), int(value[5:7])
    return year >= 1 and int(value[8:10]) <= calendar.monthrange(year, month)[1]


def time_key(value: str) -> str:
    """A key that sorts as the times do: the fraction of a second padded to nine digits.

    The times themselves do not sort as text: ``...:00.5Z`` comes before
    ``...:00Z`` although it is later. ``value`` must be a time (`is_time`).
    """
    if value[19] == ".":
        return value[:19] + value[20:-1].ljust(9, "0")[:9]
    return value[:19] + "000000000"


def parse_time(value: str) -> Optional[dt.datetime]:
    """Return the UTC time ``value`` names (``2026-12-01T20:45:00Z``, fractions allowed), or None.

    Not `datetime.fromisoformat`, which accepts neither ``Z`` nor every
    fraction length before Python 3.11.
    """
    if not is_time(value):
        return None
    fraction = value[20:-1] if value[19] == "." else ""
    stamp = dt.datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")
    return stamp.replace(microsecond=int(fraction[:6].ljust(6, "0")), tzinfo=dt.timezone.utc)


def now() -> str:
    """The current time as the progress file writes it: UTC, milliseconds, ``Z``.

    Milliseconds match what a browser's ``Date.toISOString`` writes, so the
    HTML page and the CLI stamp times alike.
    """
    stamp = dt.datetime.now(dt.timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def now_key() -> str:
    """`time_key` of the current time: an entry whose key is greater was set in the future."""
    return time_key(now())


def _check_at(instance: "ProgressEntry", attribute: "attrs.Attribute[str]", value: str) -> None:
    if not isinstance(value, str) or not is_time(value):
        raise ValueError(f"{value!r} is not a UTC time such as '2026-12-01T20:45:00Z'")


@attrs.frozen(kw_only=True)
class ProgressEntry:
    """The status a learner gave one resource or topic, and when.

    Attributes:
        status: The status; `Status.PENDING` is an un-marking (kept, with its
            time, so that a merge carries it to other machines).
        at: When it was set: RFC 3339 in UTC with a ``Z``
            (``"2026-12-01T20:45:00Z"``, fractions of a second allowed).
    """

    status: Status = attrs.field(converter=Status)
    at: str = attrs.field(validator=_check_at)

    @property
    def time(self) -> dt.datetime:
        """`at` as an aware `datetime.datetime` (for comparing entries)."""
        parsed = parse_time(self.at)
        assert parsed is not None  # checked when the entry was made
        return parsed

    def newer_than(self, other: "ProgressEntry") -> bool:
        """Whether this entry was set strictly later than ``other`` (a tie is not newer)."""
        return time_key(self.at) > time_key(other.at)

    def in_future(self, now: Optional[str] = None) -> bool:
        """Whether this entry's time is later than now (a clock that was wrong, or a made-up file).

        Args:
            now: `now_key` of the moment to compare with (default: the current time).
        """
        return time_key(self.at) > (now_key() if now is None else now)


Contents = tuple[dict[str, ProgressEntry], dict[str, ProgressEntry], Optional[str]]
"""What a progress file holds: resource entries, topic entries, and its ``updated`` time."""


# -- layout ----------------------------------------------------------------------


def _entry_hook(pairs: list[tuple[str, Any]]) -> Any:
    # Called for every JSON object as it is decoded. An object of exactly a
    # valid status and a valid time becomes its ProgressEntry at once, so the
    # decoded tree never holds a dict per entry; anything else stays a dict
    # and `parse` says what is wrong with it wherever it stands.
    found = dict(pairs)
    if len(found) == 2:
        status, at = found.get("status"), found.get("at")
        if isinstance(status, str) and status in _STATUSES and isinstance(at, str) and is_time(at):
            return ProgressEntry(status=_STATUSES[status], at=at)
    return found


def decode_text(text: str) -> Any:
    """Decode a progress file's JSON text (else `ValueError`); entries become `ProgressEntry`."""
    try:
        return json.loads(text, object_pairs_hook=_entry_hook)
    except RecursionError:
        raise ValueError("JSON nested too deep to read") from None
    except ValueError as exc:
        raise ValueError(f"not JSON ({exc})") from None


def load(source: Union[str, "os.PathLike[str]"]) -> Any:
    """Read and decode a progress file: a regular file, or ``-`` for standard input; bounded.

    No more than one copy of the text is kept at a time.

    Raises:
        FileNotFoundError: There is no such file.
        ValueError: It is not a regular file (checked before it is opened, so
            a FIFO never blocks), larger than `MAX_BYTES`, not UTF-8, not
            JSON, or nested deeper than the parser goes.
        OSError: It cannot be read.
    """
    if os.fspath(source) == "-":
        stdin = sys.stdin.buffer if sys.stdin is not None else None
        if stdin is None:
            raise OSError(9, "standard input is closed")
        raw = stdin.read(MAX_BYTES + 1)
    else:
        path = Path(source)
        if not stat.S_ISREG(path.stat().st_mode):
            raise ValueError(_NOT_REGULAR)
        with path.open("rb") as handle:
            # Checked again on the open file: the name may have been swapped meanwhile.
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ValueError(_NOT_REGULAR)
            raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValueError(_TOO_LARGE)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    del raw  # the bytes go before the JSON tree is built
    return decode_text(text)


def parse(data: Any, *, source: str) -> Contents:
    """Check decoded JSON against the published layout and return its entries.

    Every field's type is checked before its value is used, as
    ``progress.schema.json`` says: ``format`` and ``version`` are its
    constants, ``updated`` and each ``at`` a UTC time, ``resources`` and
    ``topics`` objects of kebab-case ids, each entry an object of ``status``
    (one of the statuses) and ``at``, nothing else. ``data`` may hold
    `ProgressEntry` objects where `decode_text` built them.

    Raises:
        DataError: Every problem found (the first `MAX_PROBLEMS`, then a
            count), each naming ``source``, the entry and the field.
    """
    problems: list[Problem] = []

    def problem(entry: str, field: str, message: str, kind: str = "") -> None:
        problems.append(Problem(file=source, entry=entry, field=field, message=message, kind=kind))

    if not isinstance(data, dict):
        problem("", "", "not a progress file: expected a JSON object")
        raise DataError(problems, context="invalid progress file")
    if data.get("format") != FORMAT:
        problem("", "format", f"expected {FORMAT!r}, found {_shown(data.get('format'))}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problem("", "version", f"expected {VERSION}, found {_shown(version)}")
    elif version > VERSION:
        problem(
            "",
            "version",
            f"version {version} was written by a newer llm-roadmap (this one reads {VERSION});"
            " upgrade llm-roadmap",
        )
    updated = data.get("updated")
    if "updated" in data and not (isinstance(updated, str) and is_time(updated)):
        # null too: the schema (and the HTML page) take a time or no field at all.
        problem("", "updated", f"{_TIME_HINT}: {_shown(updated)}")
        updated = None
    maps: list[dict[str, ProgressEntry]] = []
    for section, kind in (("resources", "resource"), ("topics", "topic")):
        found: dict[str, ProgressEntry] = {}
        maps.append(found)
        items = data.get(section, {})
        if not isinstance(items, dict):
            problem("", section, f"expected an object of id: {{status, at}}, found {_shown(items)}")
            continue
        for item_id, value in items.items():
            if not is_id(item_id):
                problem(item_id, "", "not a kebab-case id", kind)
                continue
            # Built while decoding, its status and time are known good.
            entry = (
                value if isinstance(value, ProgressEntry) else _entry(item_id, value, kind, problem)
            )
            if entry is not None:
                found[item_id] = entry
    if len(problems) > MAX_PROBLEMS:
        more = f"and {len(problems) - MAX_PROBLEMS} more problems"
        problems[MAX_PROBLEMS:] = [Problem(file=source, entry="", field="", message=more)]
    if problems:
        raise DataError(problems, context="invalid progress file")
    return maps[0], maps[1], updated


def _entry(item_id: str, value: Any, kind: str, problem: Any) -> Optional[ProgressEntry]:
    # An entry given as plain data (or one `decode_text` could not build): checked field by field.
    if not isinstance(value, dict):
        problem(
            item_id, "", f"expected an object with 'status' and 'at', found {_shown(value)}", kind
        )
        return None
    bad = False
    unknown = sorted(set(value) - {"status", "at"})
    if unknown:
        # Quoted unless plain: a key may hold a newline or a control character.
        field = unknown[0] if unknown[0].isidentifier() else repr(unknown[0])
        problem(item_id, field, "unknown field", kind)
        bad = True
    status, at = value.get("status"), value.get("at")
    if not (isinstance(status, str) and status in _STATUSES):
        problem(item_id, "status", f"expected one of {_STATUS_WORDS}, found {_shown(status)}", kind)
        bad = True
    if not (isinstance(at, str) and is_time(at)):
        problem(item_id, "at", f"{_TIME_HINT}: {_shown(at)}", kind)
        bad = True
    if bad or not isinstance(status, str) or not isinstance(at, str):
        return None
    return ProgressEntry(status=_STATUSES[status], at=at)


def _shown(value: object) -> str:
    # A value as a message quotes it: its JSON type for a container, a short repr otherwise.
    if isinstance(value, (dict, ProgressEntry)):
        return "an object"
    if isinstance(value, list):
        return "an array"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def dump(
    resources: Mapping[str, ProgressEntry],
    topics: Mapping[str, ProgressEntry],
    updated: Optional[str],
) -> dict[str, object]:
    """The JSON data of a progress file (ids sorted, so that files compare and diff well)."""
    data: dict[str, object] = {"format": FORMAT, "version": VERSION}
    if updated is not None:
        data["updated"] = updated
    for section, entries in (("resources", resources), ("topics", topics)):
        data[section] = {
            k: {"status": e.status.value, "at": e.at} for k, e in sorted(entries.items())
        }
    return data


def read_file(source: Union[str, "os.PathLike[str]"]) -> Contents:
    """Read a progress file handed over, or ``-``: any problem is an error (`Progress.read`)."""
    from ..util.text import display_path

    name = "<stdin>" if os.fspath(source) == "-" else display_path(source)
    try:
        data = load(source)
    except FileNotFoundError:
        raise RoadmapError(f"no progress file at {name}") from None
    except OSError as exc:
        raise RoadmapError(f"cannot read the progress file {name}: {exc.strerror or exc}") from None
    except ValueError as exc:
        problem = Problem(file=name, entry="", field="", message=str(exc))
        raise DataError([problem], context="invalid progress file") from None
    return parse(data, source=name)


# -- the learner's store -----------------------------------------------------------


def read_store(path: Path) -> Contents:
    """Read the learner's own file; a missing one is empty, a damaged one is moved aside.

    Damaged: not UTF-8 JSON, a field of the wrong shape, larger than
    `MAX_BYTES` (no llm-roadmap writes one), a device in its place. A file
    written by a newer llm-roadmap is not damaged: it is left alone and the
    read fails, so that nothing it holds is lost (`Progress.load` says what it raises).
    """
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode) or stat.S_ISFIFO(mode):
            # Not damage the file shows: something else stands in its place.
            kind = "a directory" if stat.S_ISDIR(mode) else "a FIFO"
            raise RoadmapError(
                f"the progress file {path} is {kind}, not a file: move it away"
                " (progress starts afresh)"
            )
        data = load(path)
    except FileNotFoundError:
        return {}, {}, None
    except OSError as exc:
        raise RoadmapError(f"cannot read the progress file {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        _move_aside(path, f"it is {exc}")
        return {}, {}, None
    try:
        return parse(data, source=str(path))
    except DataError as exc:
        if _is_newer(data):
            raise  # naming the version: a newer layout is not damage
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

    ``filelock`` holds an OS lock on an open descriptor, which the system
    releases when a process dies: a crashed ``mark`` never leaves the file
    locked. It is imported here, not at ``import llm_roadmap``: reading
    progress needs no lock.

    Raises:
        RoadmapError: Another process held it for `LOCK_TIMEOUT` seconds, or
            the directory cannot be written.
    """
    import filelock

    lock_path = path.with_name(path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RoadmapError(
            f"cannot create the data directory {lock_path.parent}: {exc.strerror or exc}"
        ) from None
    lock = filelock.FileLock(str(lock_path), timeout=LOCK_TIMEOUT)
    try:
        lock.acquire()
    except filelock.Timeout:  # before OSError: it is a TimeoutError
        raise RoadmapError(
            f"the progress file {path} is locked by another process ({lock_path});"
            " try again when it has finished"
        ) from None
    except OSError as exc:
        raise RoadmapError(f"cannot lock the progress file {path}: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def write(path: Path, data: Mapping[str, object], *, what: str = "the progress file") -> None:
    """Write a progress file: atomically for a file, into a device or pipe as it is.

    The text is UTF-8 JSON, one entry a line: that keeps the file small (the
    cap counts its bytes) and makes a diff of two files show one line per change.

    Args:
        path: Where to write (see `llm_roadmap.util.output.open_output`).
        data: The file's JSON data (`dump`).
        what: How messages name it.

    Raises:
        RoadmapError: It cannot be written (a file is left as it was), or the
            text would be larger than `MAX_BYTES`: no reader would take it back.
    """
    from ..util.text import display_path

    parts = ["{"]
    items = list(data.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        if isinstance(value, Mapping) and value:
            entries = [f"    {_json(item_id)}: {_json(entry)}" for item_id, entry in value.items()]
            parts.append(f"  {_json(key)}: {{\n" + ",\n".join(entries) + f"\n  }}{comma}")
        else:
            parts.append(f"  {_json(key)}: {_json(value)}{comma}")
    parts.append("}\n")
    text = "\n".join(parts)
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8")) > MAX_BYTES:
        raise RoadmapError(
            f"the progress would be larger than {MAX_BYTES // (1024 * 1024)} MiB,"
            " the most a progress file may hold; nothing was written"
        )
    try:
        with open_output(path) as handle:
            handle.write(text)
    except OSError as exc:
        raise RoadmapError(
            f"cannot write {what} {display_path(path)}: {exc.strerror or exc}"
        ) from None
